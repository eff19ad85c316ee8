package ui

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
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

// hostileNote is a note with a clipboard write, a title change, a screen
// clear, a C1 CSI and a bidi override in every text field (found by
// reflection, so a field added later is covered), each after its name.
func hostileNote(t *testing.T) notes.Note {
	t.Helper()
	var n notes.Note
	var fill func(v reflect.Value, path string)
	fill = func(v reflect.Value, path string) {
		for i := range v.NumField() {
			f, name := v.Field(i), path+v.Type().Field(i).Name
			switch f.Kind() {
			case reflect.String:
				f.SetString(name + " \x1b]52;c;Y3VybCBldmlsLnNo\x07\x1b]0;pwned\x07\x1b[2J \u009b31m \u202eevil")
			case reflect.Struct:
				if f.Type() != reflect.TypeFor[time.Time]() {
					fill(f, name+".")
				}
			}
		}
	}
	fill(reflect.ValueOf(&n).Elem(), "")
	n.Created = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	n.Updated = n.Created
	return n
}

// Every field of a note reaches an export clean, the ID included (a
// database written before imports were checked may hold an OSC 52
// clipboard write in one), and the text around the controls is kept.
func TestExportNotesCleansEveryField(t *testing.T) {
	n := hostileNote(t)
	v := reflect.ValueOf(cleanNote(n))
	var check func(v reflect.Value, path string)
	check = func(v reflect.Value, path string) {
		for i := range v.NumField() {
			f, name := v.Field(i), path+v.Type().Field(i).Name
			switch f.Kind() {
			case reflect.String:
				if err := termsafe.Check(f.String(), false); err != nil {
					t.Errorf("cleanNote leaves %s unsafe: %v", name, err)
				}
				if !strings.HasPrefix(f.String(), name+" ") {
					t.Errorf("cleanNote lost the text of %s: %q", name, f.String())
				}
			case reflect.Struct:
				if f.Type() != reflect.TypeFor[time.Time]() {
					check(f, name+".")
				}
			}
		}
	}
	check(v, "")

	titles := map[string]string{n.BriefID: "Title \x1b]52;c;Zm9v\x07"}
	for _, format := range []string{notes.FormatMarkdown, notes.FormatCSV, notes.FormatJSON} {
		var out bytes.Buffer
		if err := ExportNotes(&out, format, []notes.Note{n}, titles); err != nil {
			t.Fatal(err)
		}
		if err := termsafe.Check(out.String(), false); err != nil {
			t.Errorf("%s: %v in\n%q", format, err, out.String())
		}
	}
	var out bytes.Buffer
	if err := ExportNotes(&out, notes.FormatCSV, []notes.Note{n}, titles); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&out).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("CSV rows %q, %v", rows, err)
	}
	if id := rows[1][0]; !strings.HasPrefix(id, "ID ") || !strings.Contains(id, "evil") {
		t.Errorf("the ID cell lost its text: %q", id)
	}
}
