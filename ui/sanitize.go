package ui

import (
	"html"
	"strings"
	"unicode/utf8"
)

// Sanitize makes brief text (markdown source) safe to render in a terminal.
// Nothing in a brief may reach the terminal as a control sequence, and glamour
// v2.0.1 passes raw ESC bytes and entities such as &#27; straight through, so
// this runs before every render and before markdown is printed to a pipe.
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
//   - HTML numeric character references that decode to any of the above
//     (&#27; &#x1b; &#X1B; &#155; &#0000027;, with or without the ";"). An entity
//     that would have been ESC goes alone; the text after it stays as harmless
//     literal text. Removing one thing never assembles a new entity: the check
//     runs on the output as it grows.
//   - The destination of every link whose scheme is not http, https or mailto
//     (relative ones included): inline links and images, reference definitions
//     and raw HTML href/src attributes get "#" in its place, so the text stays
//     and no URL is shown; autolinks such as <javascript:…> become plain text.
//     (Bare URLs are text that GFM linkifies only for http, https, ftp, www.)
//
// Invalid UTF-8 becomes U+FFFD. The result is valid UTF-8.
func Sanitize(s string) string {
	return sanitizeLinks(sanitizeControls(s))
}

// SanitizeLine is Sanitize for one-line metadata (titles, sources, tags, paths):
// newlines and tabs also become spaces, so a value can never break a layout.
func SanitizeLine(s string) string {
	s = Sanitize(s)
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

// isBidiControl reports whether r is a bidi embedding, override or isolate.
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// forbidden reports whether r must never reach the terminal (newline and tab aside).
func forbidden(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	}
	return isBidiControl(r)
}

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
		if (r == utf8.RuneError && size == 1) || forbidden(r) {
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
	if v, ok := entityValue(cand); ok && forbidden(v) {
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

// sanitizeLinks replaces the destination of every link whose scheme is not
// allowed. It runs after sanitizeControls and only writes "#" or drops angle
// brackets, so it cannot bring back anything that pass removed. Every scan is
// bounded or remembered so that hostile input stays linear in time.
func sanitizeLinks(s string) string {
	if !strings.Contains(s, "](") && !strings.Contains(s, "]:") && !strings.Contains(s, "<") &&
		!strings.Contains(s, "=") {
		return s
	}
	ls := linkScanner{s: s, refColon: -1, noAngle: -1, noQuote: [2]int{-1, -1}}
	var b strings.Builder // grown on the first change: clean text is not copied
	last := 0             // s[last:i] is pending, unchanged input
	for i := 0; i < len(s); i++ {
		if i == 0 || s[i-1] == '\n' {
			ls.refColon = refDefColon(s, i)
		}
		c := s[i]
		var start, end int // the span to replace, when end > start
		var repl string
		switch {
		case c == ']' && i+1 < len(s) && s[i+1] == '(':
			start, end = ls.destination(i + 2)
			repl = "#"
		case c == ']' && i == ls.refColon:
			start, end = ls.destination(i + 2)
			repl = "#"
		case c == '<':
			if inner, e, ok := autolink(s, i); ok {
				if allowedURL(inner) {
					i = e - 1
					continue
				}
				// Plain text: the GFM linkifier only links http, https, ftp
				// and www, so the text cannot turn back into a link here
				// (ftp text it links is only shown, with no hyperlink).
				start, end, repl = i, e, inner
			}
		case c == '=':
			start, end = ls.attributeValue(i)
			repl = `"#"`
		}
		if end > start {
			if (repl == "#" || repl == `"#"`) && allowedURL(unwrapDest(s[start:end])) {
				i = end - 1 // an allowed URL is left alone, whatever it holds
				continue
			}
			if last == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[last:start])
			b.WriteString(repl)
			last = end
			i = end - 1
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// linkScanner remembers failed searches of sanitizeLinks: a search that found
// no closing '>' or quote up to some point will not find one from later on
// either, and must not rescan (that would be quadratic on "](<](<](<…").
type linkScanner struct {
	s        string
	refColon int    // index of the ']' of "]:" closing a reference label on this line, or -1
	noAngle  int    // no '>' before the line end from here to the end of that line (-1: unknown)
	angleEnd int    // the line end noAngle refers to
	noQuote  [2]int // no '"' (0) or '\'' (1) at or after this index (-1: unknown)
}

// unwrapDest strips the <…> or quotes around a destination or attribute value.
func unwrapDest(d string) string {
	if len(d) >= 2 && (d[0] == '<' && d[len(d)-1] == '>' || d[0] == '"' && d[len(d)-1] == '"' ||
		d[0] == '\'' && d[len(d)-1] == '\'') {
		return d[1 : len(d)-1]
	}
	return d
}

// destination finds the destination of an inline link or reference
// definition that starts at i (after "](" or "]:"): optional spaces and at most
// one newline, then <…> or a run of non-space characters with balanced
// parentheses.
func (ls *linkScanner) destination(i int) (int, int) {
	s := ls.s
	newline := false
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || (s[i] == '\n' && !newline)) {
		if s[i] == '\n' {
			newline = true
		}
		i++
	}
	start := i
	if i < len(s) && s[i] == '<' {
		if ls.noAngle >= 0 && i >= ls.noAngle && i < ls.angleEnd {
			return 0, 0
		}
		j := i + 1
		for ; j < len(s) && s[j] != '\n'; j++ {
			if s[j] == '\\' {
				j++
				continue
			}
			if s[j] == '>' {
				return start, j + 1
			}
		}
		ls.noAngle, ls.angleEnd = i, j
		return 0, 0
	}
	depth := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c <= ' ' {
			break
		}
		if c == '\\' && i+1 < len(s) && s[i+1] > ' ' {
			i++
			continue
		}
		if c == '(' {
			depth++
		} else if c == ')' {
			if depth == 0 {
				break
			}
			depth--
		}
	}
	return start, i
}

// maxLabel bounds a reference label (CommonMark allows 999 characters).
const maxLabel = 999

// refDefColon looks at the line starting at i for the shape of a reference
// definition: after any indentation, block-quote markers and one list marker,
// a "[label]:" on the same line. It returns the index of the label's ']', or -1.
func refDefColon(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '>') {
		i++
	}
	// one list marker: "- ", "* ", "+ ", "1. ", "1) "
	j := i
	for j < len(s) && j-i < 9 && isDigit(rune(s[j])) {
		j++
	}
	switch {
	case i < len(s) && (s[i] == '-' || s[i] == '*' || s[i] == '+') && i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\t'):
		i += 2
	case j > i && j+1 < len(s) && (s[j] == '.' || s[j] == ')') && (s[j+1] == ' ' || s[j+1] == '\t'):
		i = j + 2
	}
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i >= len(s) || s[i] != '[' {
		return -1
	}
	for k := i + 1; k < len(s) && k-i <= maxLabel+1; k++ {
		switch s[k] {
		case '\\':
			k++
		case '[', '\n':
			return -1
		case ']':
			if k+1 < len(s) && s[k+1] == ':' {
				return k
			}
			return -1
		}
	}
	return -1
}

// autolink recognises a CommonMark URI autolink <scheme:…> at i.
func autolink(s string, i int) (inner string, end int, ok bool) {
	j := i + 1
	k := j
	for k < len(s) && k-j <= 32 {
		c := s[k]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (k > j && (isDigit(rune(c)) || c == '+' || c == '.' || c == '-')) {
			k++
			continue
		}
		break
	}
	if k-j < 2 || k >= len(s) || s[k] != ':' {
		return "", 0, false
	}
	for e := k + 1; e < len(s); e++ {
		c := s[e]
		if c == '>' {
			return s[j:e], e + 1, true
		}
		if c <= ' ' || c == '<' {
			return "", 0, false
		}
	}
	return "", 0, false
}

// urlAttributes are the HTML attributes whose value is a URL.
var urlAttributes = []string{"href", "src", "action", "formaction", "xlink:href", "poster", "background"}

// attributeValue finds the value span of a URL attribute whose '=' is at i.
func (ls *linkScanner) attributeValue(i int) (int, int) {
	s := ls.s
	name := strings.TrimRight(s[:i], " \t")
	matched := false
	for _, a := range urlAttributes {
		if len(name) >= len(a) && strings.EqualFold(name[len(name)-len(a):], a) {
			before := len(name) - len(a) - 1
			if before < 0 || name[before] == ' ' || name[before] == '\t' || name[before] == '\n' || name[before] == '<' {
				matched = true
				break
			}
		}
	}
	if !matched {
		return 0, 0
	}
	j := i + 1
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if j >= len(s) {
		return 0, 0
	}
	if q := s[j]; q == '"' || q == '\'' {
		n := 0
		if q == '\'' {
			n = 1
		}
		if ls.noQuote[n] >= 0 && j+1 >= ls.noQuote[n] {
			return 0, 0
		}
		e := strings.IndexByte(s[j+1:], q)
		if e < 0 {
			ls.noQuote[n] = j + 1
			return 0, 0
		}
		return j, j + 1 + e + 1
	}
	e := j
	for e < len(s) && s[e] > ' ' && s[e] != '>' && s[e] != '"' && s[e] != '\'' {
		e++
	}
	return j, e
}

// allowedURL reports whether u names an http, https or mailto resource. It
// looks at the URL the way a markdown or HTML reader would decode it
// (entities, backslash escapes, embedded whitespace ignored), so
// "jav&#x61;script:" and "java\script:" are caught.
func allowedURL(u string) bool {
	u = html.UnescapeString(u)
	u = strings.Map(func(r rune) rune {
		if r <= ' ' || r == '\\' || r == 0x7f {
			return -1
		}
		return r
	}, u)
	colon := strings.IndexByte(u, ':')
	if colon <= 0 {
		return false
	}
	switch strings.ToLower(u[:colon]) {
	case "http", "https", "mailto":
		return true
	}
	return false
}
