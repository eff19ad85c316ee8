package notes

import (
	"testing"
	"time"
)

func TestMarksSnapshot(t *testing.T) {
	list := []Note{
		{BriefID: "noted", Body: "x"}, {BriefID: "noted", Quote: "q"},
		{BriefID: "lit", Quote: "q"},
	}
	marks := []Mark{
		{BriefID: "star", Starred: true},
		{BriefID: "read", ReadAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		{BriefID: "noted", Starred: true},
	}
	m := NewMarks(marks, CountNotes(list))
	tests := []struct {
		id                               string
		read, starred, notes, highlights bool
		count                            int
	}{
		{"star", false, true, false, false, 0},
		{"read", true, false, false, false, 0},
		{"noted", false, true, true, true, 2},
		{"lit", false, false, false, true, 1},
		{"unknown", false, false, false, false, 0},
	}
	for _, tt := range tests {
		if m.IsRead(tt.id) != tt.read || m.IsStarred(tt.id) != tt.starred || m.HasNotes(tt.id) != tt.notes ||
			m.HasHighlights(tt.id) != tt.highlights || m.NoteCount(tt.id) != tt.count {
			t.Errorf("%s: read=%v starred=%v notes=%v highlights=%v count=%d", tt.id, m.IsRead(tt.id),
				m.IsStarred(tt.id), m.HasNotes(tt.id), m.HasHighlights(tt.id), m.NoteCount(tt.id))
		}
	}
	var nilMarks *Marks
	if nilMarks.IsRead("x") || nilMarks.IsStarred("x") || nilMarks.HasNotes("x") || nilMarks.HasHighlights("x") || nilMarks.NoteCount("x") != 0 {
		t.Error("nil Marks answers true")
	}
}
