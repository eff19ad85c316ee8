package termsafe

import (
	"html"
	"strings"
)

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
				// (ftp text it links is only shown, with no hyperlink). The
				// '<' stays as "&lt;", which reads the same: dropping it would
				// let a '<' in front and the '>' behind make a new autolink
				// of the text ("<<a:b>>").
				start, end, repl = i, e-1, "&lt;"+inner
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
// "jav&#x61;script:" and "java\script:" are caught. References are
// neutralised first, as the reference pass will do to the text, so that the
// verdict does not change when the result is sanitised again.
func allowedURL(u string) bool {
	u = html.UnescapeString(sanitizeReferences(u, false))
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
