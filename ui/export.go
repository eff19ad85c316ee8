package ui

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/notes"
)

// ExportNotes writes notes as notes.Export does, safe to read on a terminal:
// notes come from imports and SSH sessions as well as from the owner, so
// their text is untrusted like a brief's. Markdown and CSV carry every text
// sanitised like brief text; JSON keeps the data exact (it is what import
// reads back) with DEL, C1 and bidi controls written as \u escapes.
func ExportNotes(w io.Writer, format string, list []notes.Note, titles map[string]string) error {
	if format == notes.FormatJSON {
		var buf bytes.Buffer
		if err := notes.Export(&buf, format, list, titles); err != nil {
			return err
		}
		_, err := w.Write(termsafe.EscapeJSON(buf.Bytes()))
		return err
	}
	clean := make([]notes.Note, len(list))
	for i, n := range list {
		clean[i] = cleanNote(n)
	}
	cleanTitles := make(map[string]string, len(titles))
	for id, t := range titles {
		cleanTitles[termsafe.Line(id)] = termsafe.Line(t)
	}
	return notes.Export(w, format, clean, cleanTitles)
}

// cleanNote is n with every text field made safe to print: the markdown
// ones as brief text, the others as one line. Every field, not only those
// an export shows today: the ID was once left out, and a database written
// before imports were checked can hold control sequences in it.
func cleanNote(n notes.Note) notes.Note {
	n.ID, n.Owner, n.BriefID, n.BriefHash = termsafe.Line(n.ID), termsafe.Line(n.Owner), termsafe.Line(n.BriefID), termsafe.Line(n.BriefHash)
	n.Section.Kind, n.Section.Title = termsafe.Line(n.Section.Kind), termsafe.Line(n.Section.Title)
	n.Quote, n.Before, n.After = termsafe.Markdown(n.Quote), termsafe.Markdown(n.Before), termsafe.Markdown(n.After)
	n.Body, n.Color = termsafe.Markdown(n.Body), termsafe.Line(n.Color)
	return n
}

// NoteListLine is one note as `briefing notes list` prints it: ID, time,
// brief / section, kind and text on one line, cleaned for a terminal.
// utc prints the time in UTC, marked Z (a server's time zone is not its
// reader's); else in the local zone.
func NoteListLine(n notes.Note, utc bool) string {
	kind, text := "note", n.Body
	if n.IsHighlight() {
		kind, text = "highlight", n.Quote
	}
	section := n.Section.Title
	if section == "" {
		section = n.Section.Kind
	}
	when := n.Updated.Local().Format("2006-01-02 15:04")
	if utc {
		when = n.Updated.UTC().Format("2006-01-02 15:04Z")
	}
	line := fmt.Sprintf("%s  %s  %s / %s  [%s] %s", n.ID, when, n.BriefID, section, kind, strings.Join(strings.Fields(text), " "))
	return termsafe.Line(line)
}
