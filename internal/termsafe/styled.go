package termsafe

import (
	"strings"
	"unicode/utf8"
)

// Styled cleans rendered text (glamour's or lipgloss's output): it removes
// every escape sequence except the SGR styling (ESC [ … m) that the styles
// write (see validSGR) and every control Markdown removes. Glamour emits OSC 8 hyperlinks around links; they go
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

// validSGR reports whether p, the parameters of an SGR sequence (ESC [ p m),
// is styling that the renderer's styles write: glamour, lipgloss and
// chroma (through charmbracelet/x/ansi) use reset, bold, faint, italic,
// underline (and its 4:1-4:5 shapes), reverse and strikethrough, their
// resets, and colours (the 16 basic ones, 256-colour 38/48/58;5;n and true
// colour 38/48/58;2;r;g;b, ';' or ':' separated). Anything else — blink,
// concealed text, an unknown or huge parameter such as 31337 — was not
// written by a style, so it cannot be kept as one.
func validSGR(p string) bool {
	for p != "" {
		param, rest, _ := strings.Cut(p, ";")
		p = rest
		main, sub, colon := strings.Cut(param, ":")
		n, ok := sgrNumber(main)
		if !ok {
			return false
		}
		switch {
		case colon && n == 4:
			if u, ok := sgrNumber(sub); sub == "" || !ok || u > 5 {
				return false
			}
		case colon && (n == 38 || n == 48 || n == 58):
			if !validColonColor(sub) {
				return false
			}
		case colon:
			return false
		case n == 38 || n == 48 || n == 58:
			var ok bool
			if p, ok = skipColorArgs(p); !ok {
				return false
			}
		case !simpleSGR(n):
			return false
		}
	}
	return true
}

// simpleSGR reports whether n is an SGR parameter the styles write on its own.
func simpleSGR(n int) bool {
	switch {
	case n <= 4, n == 7, n == 9: // reset, bold, faint, italic, underline, reverse, strikethrough
	case n >= 22 && n <= 24, n == 27, n == 29: // their resets
	case n >= 30 && n <= 37, n == 39, n >= 40 && n <= 47, n == 49, n == 59:
	case n >= 90 && n <= 97, n >= 100 && n <= 107:
	default:
		return false
	}
	return true
}

// skipColorArgs reads the arguments of an extended colour (38, 48 or 58)
// from the ';'-separated parameters p: "5;n" or "2;r;g;b", each at most 255.
// It returns the parameters after them.
func skipColorArgs(p string) (string, bool) {
	kind, p, _ := strings.Cut(p, ";")
	args := 0
	switch kind {
	case "5":
		args = 1
	case "2":
		args = 3
	default:
		return "", false
	}
	for range args {
		var a string
		a, p, _ = strings.Cut(p, ";")
		if v, ok := sgrNumber(a); a == "" || !ok || v > 255 {
			return "", false
		}
	}
	return p, true
}

// validColonColor reports whether sub, what follows "38:" (or 48, 58), is
// "5:n" or "2:r:g:b" or "2::r:g:b" (an empty colour space), each at most 255.
func validColonColor(sub string) bool {
	parts := strings.Split(sub, ":")
	var args []string
	switch {
	case len(parts) == 2 && parts[0] == "5":
		args = parts[1:]
	case len(parts) == 4 && parts[0] == "2":
		args = parts[1:]
	case len(parts) == 5 && parts[0] == "2" && parts[1] == "":
		args = parts[2:]
	default:
		return false
	}
	for _, a := range args {
		if v, ok := sgrNumber(a); a == "" || !ok || v > 255 {
			return false
		}
	}
	return true
}

// sgrNumber reads a parameter of at most three digits; an empty one is 0.
// Styles never write leading zeros or longer numbers.
func sgrNumber(s string) (int, bool) {
	if len(s) > 3 || len(s) > 1 && s[0] == '0' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
