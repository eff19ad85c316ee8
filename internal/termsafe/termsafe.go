// Package termsafe decides what may reach a terminal. Briefs, notes, file
// names and error messages come from files and SSH sessions nobody vetted,
// and a terminal acts on control sequences hidden in text: it clears the
// screen, sets the clipboard, opens links or reorders what is shown. Every
// string the program prints that holds such text goes through this package
// first.
//
// Markdown and Line clean text; Styled cleans rendered output, keeping the
// SGR styling the renderer writes; EscapeJSON makes JSON output safe to read on a terminal
// without changing its data; Check says whether a string is already safe.
// Forbidden is the one rule they all share.
//
// The package imports only the standard library.
package termsafe

import "strings"

// Markdown makes brief text (markdown source) safe to render in a terminal.
// Nothing in a brief may reach the terminal as a control sequence, and glamour
// v2.0.1 passes raw ESC bytes and references such as &#27; straight through,
// so this runs before every render and before markdown is printed to a pipe.
//
// It removes:
//   - C0 controls except newline and tab, and DEL. A CR becomes a newline
//     (CRLF one newline) because a bare CR would let text overwrite its own line.
//   - Whole escape sequences, not just their ESC byte, so no "[31m" debris is
//     left: CSI (ESC [ … final), OSC/DCS/SOS/PM/APC strings (ESC ] … up to BEL or
//     ST), and two-byte escapes (ESC 7, ESC c, ESC ( B …). A string sequence with
//     no terminator ends at the end of its line, so a stray ESC ] cannot swallow
//     the rest of the brief. OSC 8 hyperlinks go with this: their text stays.
//   - C1 controls U+0080-U+009F, as UTF-8 or as raw bytes; CSI, OSC, DCS, SOS,
//     PM and APC in their C1 form take their sequence with them like ESC does.
//   - Bidi embedding, override and isolate characters (U+202A-U+202E,
//     U+2066-U+2069), which can reorder what is displayed. The marks U+200E and
//     U+200F are kept: they only affect neutral characters next to them and
//     right-to-left text needs them.
//   - The destination of every link whose scheme is not http, https or mailto
//     (relative ones included): inline links and images, reference definitions
//     and raw HTML href/src attributes get "#" in its place, so the text stays
//     and no URL is shown; autolinks such as <javascript:…> become plain text
//     (the "<" written as "&lt;").
//     (Bare URLs are text that GFM linkifies only for http, https, ftp, www.)
//
// and then neutralises character references (see sanitizeReferences): every numeric
// reference that is not, by its exact value and by the renderer's own
// decoder, a character allowed here becomes U+FFFD (&#27; &#x1b; &#155;
// &#x202E; &#4294967323; &#x10000001b; &#0000000027;, with or without the
// ";"), and a reference left open in front of markup the renderer may drop
// is closed, so that no decoder can complete it into a control. The text
// after a neutralised reference stays as harmless literal text.
//
// Invalid UTF-8 becomes U+FFFD. The result is valid UTF-8. Clean text comes
// back as the same string, without a copy.
func Markdown(s string) string {
	return sanitizeReferences(sanitizeLinks(sanitizeControls(s)), true)
}

// Line is Markdown for one-line text (titles, sources, tags, paths, IDs,
// error messages, note fields): newlines and tabs also become spaces, so a
// value can never break a layout or a CSV row. It is printed as it is, so an
// open reference in front of markup keeps its text: a caller that renders a
// Line as markdown escapes that markup (as the reader does for headings).
func Line(s string) string {
	s = sanitizeReferences(sanitizeLinks(sanitizeControls(s)), false)
	if strings.ContainsAny(s, "\n\t") {
		s = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\t' {
				return ' '
			}
			return r
		}, s)
	}
	return s
}

// Forbidden reports whether r must never reach a terminal: a C0 control but
// newline and tab, DEL, a C1 control (U+0080-U+009F), or a bidi embedding,
// override or isolate (U+202A-U+202E, U+2066-U+2069). It is the rule every
// function here applies.
func Forbidden(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	}
	return isBidiControl(r)
}

// isBidiControl reports whether r is a bidi embedding, override or isolate.
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}
