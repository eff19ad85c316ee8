package model

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/ui"
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
		_, err := w.Write(EscapeInvisibles(buf.Bytes()))
		return err
	}
	clean := make([]notes.Note, len(list))
	for i, n := range list {
		n.Body = ui.Sanitize(n.Body)
		n.Quote, n.Before, n.After = ui.Sanitize(n.Quote), ui.Sanitize(n.Before), ui.Sanitize(n.After)
		n.BriefID, n.Section.Title, n.Section.Kind = ui.SanitizeLine(n.BriefID), ui.SanitizeLine(n.Section.Title), ui.SanitizeLine(n.Section.Kind)
		n.Color, n.Owner = ui.SanitizeLine(n.Color), ui.SanitizeLine(n.Owner)
		clean[i] = n
	}
	cleanTitles := make(map[string]string, len(titles))
	for id, t := range titles {
		cleanTitles[ui.SanitizeLine(id)] = ui.SanitizeLine(t)
	}
	return notes.Export(w, format, clean, cleanTitles)
}

// EscapeInvisibles rewrites DEL, C1 controls and bidi controls in JSON text
// as \u escapes. encoding/json escapes C0 controls but writes these raw, and
// the JSON may well be read on a terminal. They only occur inside strings,
// where the escape means the same character: the data is unchanged.
func EscapeInvisibles(data []byte) []byte {
	if !bytes.ContainsFunc(data, invisible) {
		return data
	}
	out := make([]byte, 0, len(data)+64)
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if invisible(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, data[i:i+size]...)
		}
		i += size
	}
	return out
}

func invisible(r rune) bool {
	return r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}
