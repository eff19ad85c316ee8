package ui

import (
	"bytes"
	"io"

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
		n.Body = termsafe.Markdown(n.Body)
		n.Quote, n.Before, n.After = termsafe.Markdown(n.Quote), termsafe.Markdown(n.Before), termsafe.Markdown(n.After)
		n.BriefID, n.Section.Title, n.Section.Kind = termsafe.Line(n.BriefID), termsafe.Line(n.Section.Title), termsafe.Line(n.Section.Kind)
		n.Color, n.Owner = termsafe.Line(n.Color), termsafe.Line(n.Owner)
		clean[i] = n
	}
	cleanTitles := make(map[string]string, len(titles))
	for id, t := range titles {
		cleanTitles[termsafe.Line(id)] = termsafe.Line(t)
	}
	return notes.Export(w, format, clean, cleanTitles)
}
