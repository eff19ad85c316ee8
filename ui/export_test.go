package ui

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/notes"
)

// Notes come from imports and other SSH sessions: an export read on a
// terminal must not act on what they hold, and the JSON, which import
// reads back, must keep their text exact.
func TestExportNotesIsSafe(t *testing.T) {
	evil := "evil \x1b]0;PWN\x07 \x1b[2J note \u009b31m \u202eright-to-left"
	n := notes.Note{
		ID: "1", Owner: "me", BriefID: "port\x1b[5m", Body: evil, Quote: evil,
		Section: notes.Section{Kind: "lead", Title: "Lead\u202e"},
		Created: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Updated: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
	}
	titles := map[string]string{"port\x1b[5m": "Port \x1b]52;c;Zm9v\x07tariffs"}
	for _, format := range []string{notes.FormatMarkdown, notes.FormatCSV, notes.FormatJSON} {
		var out bytes.Buffer
		if err := ExportNotes(&out, format, []notes.Note{n}, titles); err != nil {
			t.Fatal(err)
		}
		if err := termsafe.Check(out.String(), false); err != nil {
			t.Errorf("%s: %v in\n%q", format, err, out.String())
		}
		if !strings.Contains(out.String(), "note") {
			t.Errorf("%s: the note's text is gone: %q", format, out.String())
		}
	}
	var out bytes.Buffer
	if err := ExportNotes(&out, notes.FormatJSON, []notes.Note{n}, titles); err != nil {
		t.Fatal(err)
	}
	var back notes.JSONExport
	if err := json.Unmarshal(out.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Notes) != 1 || back.Notes[0].Body != evil {
		t.Fatalf("JSON changed the note: %+v", back.Notes)
	}
}
