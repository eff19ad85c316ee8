package termsafe

import "unicode/utf8"

// needsControlPass reports whether s holds anything sanitizeControls would change;
// most briefs hold nothing of the kind, and they skip the copy.
func needsControlPass(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c == '&' && i+1 < len(s) && s[i+1] == '#') {
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

// entityMax bounds how long a numeric entity may be (leading zeros included) for
// the check to see it. Goldmark decodes at most 7 digits, so this is generous,
// and it keeps the look-back after a removal constant-time.
const entityMax = 32

// controlScrubber writes the output of sanitizeControls and removes forbidden
// numeric entities from its tail as they complete.
type controlScrubber struct {
	out []byte
	amp int // index in out of the '&' that may begin an entity, or -1
}

// sanitizeControls removes controls, escape sequences, bidi controls and the
// numeric entities that decode to them.
func sanitizeControls(s string) string {
	if !needsControlPass(s) {
		return s
	}
	w := controlScrubber{out: make([]byte, 0, len(s)), amp: -1}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == 0x1b:
				i = skipEscape(s, i+1)
			case c == '\r':
				w.emit('\n')
				i++
				if i < len(s) && s[i] == '\n' {
					i++
				}
			case c == '\n' || c == '\t':
				w.emit(rune(c))
				i++
			case c < 0x20 || c == 0x7f:
				i++
			default:
				w.emit(rune(c))
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			if c > 0x9f {
				w.emit(utf8.RuneError)
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
			w.emit(r)
		}
	}
	w.finish()
	return string(w.out)
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

// emit appends r, first settling the entity candidate that r does not continue.
func (w *controlScrubber) emit(r rune) {
	// A cut can expose an earlier candidate that r completes too ("&#2&#27;a"
	// leaves "&#2" followed by "a"), hence the loop.
	for w.amp >= 0 && !w.continues(r) {
		if !w.settle() {
			break
		}
		if r == ';' {
			return // the ';' belonged to the removed entity
		}
	}
	if r < utf8.RuneSelf {
		w.out = append(w.out, byte(r))
	} else {
		w.out = utf8.AppendRune(w.out, r)
	}
	switch {
	case r == '&':
		w.amp = len(w.out) - 1
	case w.amp >= 0 && len(w.out)-w.amp > entityMax:
		w.amp = -1
	}
}

// finish settles a candidate left at the end of the input.
func (w *controlScrubber) finish() {
	if w.amp >= 0 {
		for w.amp >= 0 {
			if !w.settle() {
				break
			}
		}
	}
}

// continues reports whether r extends the entity candidate out[amp:].
func (w *controlScrubber) continues(r rune) bool {
	cand := w.out[w.amp:]
	switch {
	case len(cand) == 1:
		return r == '#'
	case len(cand) == 2:
		return isDigit(r) || r == 'x' || r == 'X'
	case cand[2] == 'x' || cand[2] == 'X':
		return isHexDigit(r)
	}
	return isDigit(r)
}

// settle decides the candidate: a complete numeric entity that decodes to a
// forbidden rune is cut from the output (reporting true). Either way the
// candidate is then recomputed, because a cut can expose an earlier "&#1"
// that the following input completes (that is how "&#&#27;27;" is caught).
func (w *controlScrubber) settle() bool {
	cand := w.out[w.amp:]
	removed := false
	if v, ok := entityValue(cand); ok && Forbidden(v) {
		w.out = w.out[:w.amp]
		removed = true
	}
	w.amp = -1
	if removed {
		w.amp = w.rescan()
	}
	return removed
}

// rescan finds an entity candidate ending at the tail of out, looking back at
// most entityMax bytes.
func (w *controlScrubber) rescan() int {
	lo := max(len(w.out)-entityMax, 0)
	for j := len(w.out) - 1; j >= lo; j-- {
		c := w.out[j]
		if c == '&' {
			if isCandidate(w.out[j:]) {
				return j
			}
			return -1
		}
		if c != '#' && c != 'x' && c != 'X' && !isHexDigit(rune(c)) {
			return -1
		}
	}
	return -1
}

// isCandidate reports whether b is a prefix of a numeric entity: & &# &#x &#1 &#x1b.
func isCandidate(b []byte) bool {
	if len(b) == 0 || b[0] != '&' {
		return false
	}
	if len(b) == 1 {
		return true
	}
	if b[1] != '#' {
		return false
	}
	rest := b[2:]
	hex := len(rest) > 0 && (rest[0] == 'x' || rest[0] == 'X')
	if hex {
		rest = rest[1:]
	}
	for _, c := range rest {
		if hex && !isHexDigit(rune(c)) || !hex && !isDigit(rune(c)) {
			return false
		}
	}
	return true
}

// entityValue decodes a complete candidate "&#27" or "&#x1b" (no ';').
func entityValue(b []byte) (rune, bool) {
	if len(b) < 3 || b[0] != '&' || b[1] != '#' {
		return 0, false
	}
	digits, base := b[2:], rune(10)
	if digits[0] == 'x' || digits[0] == 'X' {
		digits, base = digits[1:], 16
	}
	if len(digits) == 0 {
		return 0, false
	}
	var v rune
	for _, c := range digits {
		d := rune(c - '0')
		if c >= 'a' {
			d = rune(c-'a') + 10
		} else if c >= 'A' {
			d = rune(c-'A') + 10
		}
		v = v*base + d
		if v > utf8.MaxRune {
			return utf8.RuneError, true // decoders map it to U+FFFD: harmless
		}
	}
	return v, true
}

func isDigit(r rune) bool    { return r >= '0' && r <= '9' }
func isHexDigit(r rune) bool { return isDigit(r) || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F') }
