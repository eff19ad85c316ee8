package termsafe

import (
	"html"
	"strings"
	"unicode/utf8"
)

// A character reference (&#27; &#x1b; &amp;) is text until a markdown or
// HTML reader decodes it, and the readers do not agree on what it means:
// Go's html.UnescapeString, which glamour calls on text, code spans,
// strikethrough and HTML, wraps the number at 32 bits and takes any number
// of leading zeros (&#4294967323; is ESC); golang.org/x/net/html, behind
// glamour's HTML sanitiser, saturates instead; goldmark reads at most seven
// decimal digits. So this pass does not decide with rules of its own. A
// numeric reference is kept only when its exact value (any length, any
// padding) is a character allowed on a terminal AND html.UnescapeString, the
// renderer's own decoder, turns it into allowed text; every other one
// becomes U+FFFD, which is what a correct decoder makes of a bad number
// anyway, and which cannot start, end or extend a reference. A named
// reference is kept when html.UnescapeString turns it into allowed text
// (none of the HTML5 names stands for a control).
//
// The renderer also decodes text it has glued together: glamour decodes a
// strikethrough or a code span as the concatenated text of its children,
// without the markup between them, so "~~&*#*27;~~" reaches the decoder as
// "&#27;". A reference left open (no ';') in front of markup that can vanish
// is therefore closed: a numeric one gets its ';', and a bare "&", "&#" or
// "&#x" becomes "&amp;", "&amp;#" or "&amp;#x", which every reader shows as
// the same text.

// maxScalarDigits bounds the significant digits of a reference worth
// evaluating: 1114111 (U+10FFFF) has 7 decimal digits, 10FFFF 6 hex ones.
const maxScalarDigits = 8

// refScanner holds what sanitizeReferences remembers between references so
// that its look-ahead stays linear on hostile input.
type refScanner struct {
	s         string
	nextHash  int // index of the first '#' at or after the last look-ahead, len(s) if none
	nextBlank int // index of the first blank line at or after it, len(s) if none
	seen      int // the look-ahead position both refer to (-1: not computed)
}

// sanitizeReferences neutralises the character references in s that a
// reader could decode into a Forbidden rune (see the comment above). With
// closeOpen, open references in front of vanishing markup are closed too;
// that matters only for text rendered as markdown, and Line, whose text is
// printed as it is, leaves them alone. Text without a change is returned
// as it is, without a copy.
func sanitizeReferences(s string, closeOpen bool) string {
	amp := strings.IndexByte(s, '&')
	if amp < 0 {
		return s
	}
	sc := refScanner{s: s, seen: -1}
	var b strings.Builder // grown on the first change
	last := 0             // s[last:] is not written yet
	for i := amp; i < len(s); {
		if s[i] != '&' {
			k := strings.IndexByte(s[i:], '&')
			if k < 0 {
				break
			}
			i += k
		}
		end, repl, changed := sc.reference(i, closeOpen)
		if changed {
			if b.Len() == 0 && last == 0 {
				b.Grow(len(s) + 8)
			}
			b.WriteString(s[last:i])
			b.WriteString(repl)
			last = end
		}
		i = max(end, i+1)
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// reference looks at the '&' at s[i]. It returns the end of what it looked
// at and, when that must change, what replaces s[i:end].
func (sc *refScanner) reference(i int, closeOpen bool) (end int, repl string, changed bool) {
	s := sc.s
	j := i + 1
	if j < len(s) && s[j] == '#' {
		return sc.numeric(i, closeOpen)
	}
	if j < len(s) && isAlnum(s[j]) {
		for j < len(s) && isAlnum(s[j]) {
			j++
		}
		if j < len(s) && s[j] == ';' {
			j++
		}
		if !decodesClean(s[i:j]) {
			return j, "\uFFFD", true
		}
		// An open named reference can only become another named one when
		// text is glued to it, and no name stands for a control.
		return j, "", false
	}
	if closeOpen && sc.exposed(i, j, false) {
		return j, "&amp;", true
	}
	return j, "", false
}

// numeric handles the reference "&#…" at s[i].
func (sc *refScanner) numeric(i int, closeOpen bool) (end int, repl string, changed bool) {
	s := sc.s
	j := i + 2
	hex := j < len(s) && (s[j] == 'x' || s[j] == 'X')
	if hex {
		j++
	}
	digits := j
	for j < len(s) && (hex && isHexDigit(rune(s[j])) || !hex && isDigit(rune(s[j]))) {
		j++
	}
	if j == digits { // "&#" or "&#x" and no digit: text, unless glued to digits later
		if closeOpen && sc.exposed(i, j, true) {
			return i + 1, "&amp;", true
		}
		return j, "", false
	}
	closed := j < len(s) && s[j] == ';'
	if closed {
		j++
	}
	if !allowedValue(s[digits:j], hex) || !decodesClean(s[i:j]) {
		return j, "\uFFFD", true
	}
	if !closed && closeOpen && sc.exposed(i, j, true) {
		return j, s[i:j] + ";", true
	}
	return j, "", false
}

// allowedValue reports whether the digits of a numeric reference (a ';'
// may follow them) name a Unicode scalar value that is not Forbidden. It
// reads the exact number, so that neither overflow nor padding can make a
// reader see a different one.
func allowedValue(digits string, hex bool) bool {
	digits = strings.TrimSuffix(digits, ";")
	digits = strings.TrimLeft(digits, "0")
	if len(digits) > maxScalarDigits {
		return false
	}
	base := rune(10)
	if hex {
		base = 16
	}
	var v rune
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		d := rune(c - '0')
		switch {
		case c >= 'a':
			d = rune(c-'a') + 10
		case c >= 'A':
			d = rune(c-'A') + 10
		}
		v = v*base + d
	}
	return v != 0 && utf8.ValidRune(v) && !Forbidden(v)
}

// decodesClean reports whether html.UnescapeString, the decoder glamour
// runs on text, turns the reference ref into text without a Forbidden rune.
func decodesClean(ref string) bool {
	return !strings.ContainsFunc(html.UnescapeString(ref), Forbidden)
}

// exposed reports whether the open reference s[i:j] stands in front of
// markup that the renderer can drop when it glues text together, so that
// the reference could be completed by text further on. numeric says
// whether the reference already holds its '#'; a bare '&' only matters
// when a '#' follows in the same paragraph.
func (sc *refScanner) exposed(i, j int, numeric bool) bool {
	s := sc.s
	if j >= len(s) {
		return false
	}
	vanishing := false
	switch c := s[j]; c {
	case '*', '_', '~', '`', '[', ']', '!':
		// emphasis, strikethrough, code span, link and image markup
		vanishing = true
	case '\\':
		vanishing = j+1 < len(s) && s[j+1] == '\n' // a hard line break
	case ' ', '\t':
		vanishing = spacesToLineEnd(s, j) // a hard line break
	case '>':
		vanishing = inAutolink(s, i) // the end of <scheme:…&>
	}
	if !vanishing {
		return false
	}
	return numeric || sc.hashAhead(j)
}

// spacesToLineEnd reports whether s[j:] holds only spaces and tabs up to a
// newline.
func spacesToLineEnd(s string, j int) bool {
	for ; j < len(s); j++ {
		switch s[j] {
		case ' ', '\t':
		case '\n':
			return true
		default:
			return false
		}
	}
	return false
}

// inAutolink reports whether the '&' at s[i] ends the text of an autolink
// "<scheme:…&": the scan back stops at the first byte an autolink cannot
// hold, so no byte is scanned twice for two such '&'.
func inAutolink(s string, i int) bool {
	k := i - 1
	for k >= 0 && s[k] > ' ' && s[k] != '<' && s[k] != '>' {
		k--
	}
	if k < 0 || s[k] != '<' {
		return false
	}
	_, _, ok := autolink(s, k)
	return ok
}

// hashAhead reports whether a '#' follows s[j] before the paragraph ends
// (a blank line): the renderer glues text only within one paragraph.
func (sc *refScanner) hashAhead(j int) bool {
	s := sc.s
	if j > sc.seen {
		if sc.seen < 0 || sc.nextHash < j {
			sc.nextHash = len(s)
			if k := strings.IndexByte(s[j:], '#'); k >= 0 {
				sc.nextHash = j + k
			}
		}
		if sc.seen < 0 || sc.nextBlank < j {
			sc.nextBlank = nextBlankLine(s, j)
		}
		sc.seen = j
	}
	return sc.nextHash < sc.nextBlank
}

// nextBlankLine returns the index of the newline that ends the first line
// from j on that holds only spaces and tabs, or len(s).
func nextBlankLine(s string, j int) int {
	for {
		k := strings.IndexByte(s[j:], '\n')
		if k < 0 {
			return len(s)
		}
		j += k + 1
		e := j
		for e < len(s) && (s[e] == ' ' || s[e] == '\t') {
			e++
		}
		if e == len(s) || s[e] == '\n' {
			return e
		}
	}
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
