package briefs

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end in a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "sr": true,
	"jr": true, "gen": true, "gov": true, "sen": true, "rep": true, "lt": true, "col": true,
	"sgt": true, "capt": true, "cmdr": true, "adm": true, "pres": true, "rev": true,
	"no": true, "vs": true, "etc": true, "inc": true, "co": true, "corp": true, "ltd": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "approx": true, "est": true,
}

// firstSentence returns s up to the end of its first sentence: . ! ? or …
// (with any closing quotes) followed by a space and not a lower-case word,
// where a period after an initial ("A."), a dotted abbreviation ("U.S.") or a
// title ("Dr.") does not count.
func firstSentence(s string) string {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != '.' && r != '!' && r != '?' && r != '…' {
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			q, qs := utf8.DecodeRuneInString(s[j:])
			if q != '"' && q != '\'' && q != ')' && q != '”' && q != '’' && q != '»' {
				break
			}
			j += qs
		}
		if j == len(s) {
			return s
		}
		if s[j] != ' ' || startsLower(s[j:]) || (r == '.' && isAbbreviation(s[:i])) {
			i = j
			continue
		}
		return s[:j]
	}
	return s
}

// isAbbreviation reports whether the word ending s is an initial, a dotted
// abbreviation or a known short form.
func isAbbreviation(s string) bool {
	w := s[strings.LastIndexAny(s, " (\"“")+1:]
	if w == "" {
		return false
	}
	if strings.Contains(w, ".") {
		return true
	}
	if r, size := utf8.DecodeRuneInString(w); size == len(w) && unicode.IsUpper(r) {
		return true
	}
	return abbreviations[strings.ToLower(w)]
}

// cleanInline removes the inline markup that would look odd in a title:
// emphasis markers, backticks, and link and image syntax (the text is kept).
func cleanInline(s string) string {
	if !strings.ContainsAny(s, "*_`[]!") {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '*' || c == '`':
			continue
		case c == '_' && i+1 < len(s) && s[i+1] == '_':
			i++
			continue
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			continue
		case c == '[':
			continue
		case c == ']' && i+1 < len(s) && s[i+1] == '(':
			if k := strings.IndexByte(s[i:], ')'); k > 0 {
				i += k
				continue
			}
		case c == ']':
			continue
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

// cutTitle shortens s to about max runes at a word boundary, with an ellipsis.
func cutTitle(s string, max int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	cut, n := 0, 0
	for i := range s {
		if n == max-1 {
			cut = i
			break
		}
		n++
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > cut/2 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ,;:—–-") + "…"
}
