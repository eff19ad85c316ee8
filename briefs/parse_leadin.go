package briefs

import (
	"strings"
	"unicode"
)

// leadIn recognises an Axios-style lead-in at the start of a paragraph line:
// `**Label:** text` or `**Label**: text` (or with __), the label 1 to 6 words.
// It returns the label as the title and the offset in line where the body
// starts. An ALL-CAPS label ("**EXCLUSIVE:**") is a kicker, not a section,
// unless the vocabulary knows it ("**BLUF:**").
func leadIn(line string, v *Vocabulary) (title string, off int, ok bool) {
	ind := 0
	for ind < len(line) && (line[ind] == ' ' || line[ind] == '\t') {
		ind++
	}
	s := line[ind:]
	if len(s) < 5 || (s[:2] != "**" && s[:2] != "__") {
		return "", 0, false
	}
	d := s[:2]
	j := strings.Index(s[2:], d)
	if j <= 0 {
		return "", 0, false
	}
	label := s[2 : 2+j]
	after := 2 + j + 2
	if strings.IndexByte(label, d[0]) >= 0 || label != strings.TrimSpace(label) {
		return "", 0, false
	}
	switch {
	case strings.HasSuffix(label, ":"):
		title = label[:len(label)-1]
	case after < len(s) && s[after] == ':':
		title = label
		after++
	default:
		return "", 0, false
	}
	if after < len(s) && s[after] != ' ' && s[after] != '\t' {
		return "", 0, false
	}
	title = strings.TrimSpace(title)
	if n := len(strings.Fields(title)); n < 1 || n > 6 || !hasAlnum(title) {
		return "", 0, false
	}
	if isAllCaps(title) {
		if _, known := v.lookupNormalized(NormalizeLabel(title)); !known {
			return "", 0, false
		}
	}
	return title, ind + after, true
}

// isAllCaps reports whether s has letters and none of them is lower case.
func isAllCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 1
}
