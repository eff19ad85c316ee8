package termsafe

import "unicode/utf8"

// Styled cleans rendered text (glamour's or lipgloss's output): it removes
// every escape sequence except SGR styling (ESC [ … m) and every control
// Markdown removes. Glamour emits OSC 8 hyperlinks around links; they go
// because the URL is printed beside its text anyway, and a sequence that is
// not styling has no business in laid-out lines (width calculations cannot
// measure it). Brief text is cleaned with Markdown before rendering: this is
// the second fence, and it holds whatever the renderer does.
func Styled(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			if i+1 < len(s) && s[i+1] == '[' {
				k := skipCSI(s, i+2)
				if k > i+2 && s[k-1] == 'm' && validSGR(s[i+2:k-1]) {
					out = append(out, s[i:k]...)
				}
				i = k
				continue
			}
			i = skipEscape(s, i+1)
		case c == '\n' || c == '\t':
			out = append(out, c)
			i++
		case c < 0x20 || c == 0x7f:
			i++
		case c < utf8.RuneSelf:
			out = append(out, c)
			i++
		default:
			// A byte that is not UTF-8 decodes as U+FFFD and is written as
			// one: raw C1 bytes cannot pass.
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			switch {
			case r >= 0x80 && r <= 0x9f:
				i = skipC1(s, i, r)
			case Forbidden(r):
			default:
				out = utf8.AppendRune(out, r)
			}
		}
	}
	return string(out)
}

// EscapeEnd returns the index just past the escape sequence whose ESC is at
// s[i]: a whole CSI sequence (ESC [ parameters, intermediates, final byte), a
// whole OSC, DCS, SOS, PM or APC string, or a two-byte escape. Code that
// walks styled text uses it to step over SGR sequences.
func EscapeEnd(s string, i int) int {
	return skipEscape(s, i+1)
}

// validSGR reports whether p holds only SGR parameters (digits, ';' and ':').
func validSGR(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; !(c >= '0' && c <= '9' || c == ';' || c == ':') {
			return false
		}
	}
	return true
}
