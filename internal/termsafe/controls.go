package termsafe

import "unicode/utf8"

// needsControlPass reports whether s holds anything sanitizeControls would change;
// most briefs hold nothing of the kind, and they skip the copy.
func needsControlPass(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || Forbidden(r) {
			return true
		}
		i += size
	}
	return false
}

// sanitizeControls removes controls, escape sequences and bidi controls.
// Character references are left to sanitizeReferences, which runs after it
// and so also sees a reference that a removal has put together ("&#2" ESC
// "7;" becomes "&#27;").
func sanitizeControls(s string) string {
	if !needsControlPass(s) {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == 0x1b:
				i = skipEscape(s, i+1)
			case c == '\r':
				out = append(out, '\n')
				i++
				if i < len(s) && s[i] == '\n' {
					i++
				}
			case c < 0x20 && c != '\n' && c != '\t', c == 0x7f:
				i++
			default:
				out = append(out, c)
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			if c > 0x9f {
				out = utf8.AppendRune(out, utf8.RuneError)
				i++
				continue
			}
			// A raw 8-bit C1 byte: an 8-bit terminal would act on it, so treat it
			// as the control it stands for.
			r = rune(c)
		}
		i += size
		switch {
		case r >= 0x80 && r <= 0x9f:
			i = skipC1(s, i, r)
		case isBidiControl(r):
		default:
			out = append(out, s[i-size:i]...)
		}
	}
	return string(out)
}

// skipEscape returns the index just past the escape sequence whose ESC ended at i.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch b := s[i]; {
	case b == '[':
		return skipCSI(s, i+1)
	case b == ']' || b == 'P' || b == 'X' || b == '^' || b == '_':
		return skipString(s, i+1)
	case b >= 0x20 && b <= 0x2f: // intermediates, then one final byte
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
			i++
		}
		if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
			i++
		}
		return i
	case b >= 0x30 && b <= 0x7e: // ESC 7, ESC c, ESC M …
		return i + 1
	}
	return i // a lone ESC: only it goes
}

// skipC1 returns the index past the sequence a C1 control r (already consumed) starts.
func skipC1(s string, i int, r rune) int {
	switch r {
	case 0x9b: // CSI
		return skipCSI(s, i)
	case 0x9d, 0x90, 0x98, 0x9e, 0x9f: // OSC, DCS, SOS, PM, APC
		return skipString(s, i)
	}
	return i
}

// skipCSI skips parameter, intermediate and final bytes of a CSI sequence. On a
// malformed sequence it stops at the first byte that does not fit, which then
// stays as text.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x30 && s[i] <= 0x3f {
		i++
	}
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipString skips the payload of an OSC/DCS/SOS/PM/APC string up to and
// including its terminator: BEL, ST (ESC \ or C1 ST), or CAN/SUB which cancel
// it. It also ends before a newline or another ESC, so a missing terminator
// costs at most the rest of one line.
func skipString(s string, i int) int {
	for i < len(s) {
		switch c := s[i]; c {
		case 0x07, 0x18, 0x1a, 0x9c:
			return i + 1
		case '\n', '\r':
			return i
		case 0x1b:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			return i
		case 0xc2:
			if i+1 < len(s) && s[i+1] == 0x9c {
				return i + 2
			}
		}
		i++
	}
	return i
}

func isDigit(r rune) bool    { return r >= '0' && r <= '9' }
func isHexDigit(r rune) bool { return isDigit(r) || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F') }
