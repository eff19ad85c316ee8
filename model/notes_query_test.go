package model

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/search"
)

type fakeMarksForNotes map[string]bool // starred brief IDs

func (f fakeMarksForNotes) IsRead(string) bool        { return false }
func (f fakeMarksForNotes) IsStarred(id string) bool  { return f[id] }
func (f fakeMarksForNotes) HasNotes(string) bool      { return true }
func (f fakeMarksForNotes) HasHighlights(string) bool { return false }

func TestNoteFilter(t *testing.T) {
	t.Parallel()
	a := fxBrief(1)
	a.Tags = []string{"water"}
	a.Source = "Harbour Gazette"
	b := fxBrief(2)
	b.Date = time.Date(2026, 6, 24, 0, 0, 0, 0, time.UTC)
	lib := briefs.NewLibrary([]*briefs.Brief{a, b}, nil)
	list := []notes.Note{
		{ID: "1", BriefID: a.ID, Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters"}, Quote: "the barrier vote", Body: "Ask the mayor about the sluice gates"},
		{ID: "2", BriefID: a.ID, Section: notes.Section{Kind: "what_happens_next", Title: "What happens next"}, Quote: "the timetable", Body: "Müller to brief the board"},
		{ID: "3", BriefID: b.ID, Section: notes.Section{Kind: "lead"}, Quote: "the estuary towns"},
		{ID: "4", BriefID: "gone.md", Section: notes.Section{Kind: "other", Title: "Notable"}, Body: "orphan from a deleted brief"},
	}
	titles := map[string]string{"gone.md": "A brief that was deleted"}
	marks := fakeMarksForNotes{b.ID: true}
	tests := []struct {
		q    string
		want string // IDs of the matching notes, in order
	}{
		{"", "1234"},
		{"sluice", "1"},
		{"muller", "2"},       // accent-insensitive, in the note body
		{"section:next", "2"}, // the section the note was written on
		{"section:why OR section:lead", "13"},
		{"tag:water", "12"},           // the note's brief's metadata
		{"source:gazette board", "2"}, // metadata and note text together
		{"date:2026-06-24", "3"},
		{"is:starred", "3"},
		{"deleted", "4"}, // a brief the library lacks: its title still matches
		{"-sluice tag:water", "2"},
		{"tidal", "123"}, // words of the brief title
	}
	for _, tt := range tests {
		got, err := FilterNotes(list, tt.q, lib, marks, titles)
		if err != nil {
			t.Fatalf("%q: %v", tt.q, err)
		}
		var ids strings.Builder
		for _, n := range got {
			ids.WriteString(n.ID)
		}
		if ids.String() != tt.want {
			t.Errorf("%q matched %q, want %q", tt.q, ids.String(), tt.want)
		}
	}
	var qe *search.QueryError
	if _, err := FilterNotes(list, "title:(", lib, marks, titles); !errors.As(err, &qe) {
		t.Errorf("malformed query: err %v", err)
	}
	if _, err := FilterNotes(list, "is:read", lib, nil, titles); err == nil {
		t.Error("is: without marks must be an error")
	}
}
