package briefs

import (
	"strings"
	"unicode/utf8"
)

// simpleYAML reads the front matter most briefs have — `key: value` lines
// with plain one-line values, and `[a, b]` flow lists for tags — in a
// fraction of the time yaml.v3 takes (which was a fifth of Parse). It gives
// up (ok false) on anything outside that subset: quotes, comments, block
// lists, indentation, duplicate keys, characters YAML treats specially; the
// caller then uses yaml.v3. The fuzz test checks both agree on the subset.
func simpleYAML(b *Brief, inner string) (warns []string, ok bool) {
	var seen [8]string
	nseen := 0
	var fields [8][2]string
	nf := 0
	for line := range strings.SplitSeq(inner, "\n") {
		if strings.TrimRight(line, " ") == "" {
			continue
		}
		key, val, found := strings.Cut(line, ":")
		if !found || !simpleKey(key) || (val != "" && val[0] != ' ') {
			return nil, false
		}
		for _, k := range seen[:nseen] {
			if k == key {
				return nil, false
			}
		}
		if nseen == len(seen) {
			return nil, false
		}
		seen[nseen] = key
		nseen++
		val = strings.Trim(val, " ")
		lk := strings.ToLower(key)
		switch {
		case val == "":
		case lk == "tags" && val[0] == '[' && val[len(val)-1] == ']':
			if !simpleFlowList(val[1 : len(val)-1]) {
				return nil, false
			}
		case !simpleScalar(val):
			return nil, false
		}
		if lk == "title" || lk == "source" || lk == "id" || lk == "date" || lk == "tags" {
			fields[nf] = [2]string{lk, val}
			nf++
		}
	}
	for _, f := range fields[:nf] {
		switch {
		case f[0] != "tags":
			warns = setField(b, f[0], f[1], warns)
		case strings.HasPrefix(f[1], "["):
			b.Tags = b.Tags[:0]
			for t := range strings.SplitSeq(f[1][1:len(f[1])-1], ",") {
				b.Tags = appendTag(b.Tags, t)
			}
		default:
			b.Tags = appendTags(b.Tags[:0], f[1])
		}
	}
	return warns, true
}

func simpleKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && (c >= '0' && c <= '9' || c == '_' || c == '-')) {
			return false
		}
	}
	return true
}

// simpleScalar accepts a one-line plain scalar that YAML reads as written:
// it starts with a letter, a digit or a non-ASCII character, and has no
// comment, no ": " or trailing colon, no tab and no character YAML rejects.
func simpleScalar(s string) bool {
	c := s[0]
	if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf) {
		return false
	}
	if strings.Contains(s, ": ") || strings.HasSuffix(s, ":") || strings.IndexByte(s, '#') >= 0 {
		return false
	}
	return printableYAML(s)
}

// simpleFlowList accepts "a, b, c" with simple items (no quotes, brackets,
// braces, colons or empty items); "" is the empty list.
func simpleFlowList(s string) bool {
	if strings.Trim(s, " ") == "" {
		return true
	}
	for item := range strings.SplitSeq(s, ",") {
		item = strings.Trim(item, " ")
		if item == "" || strings.ContainsAny(item, "[]{}:\"'") || !simpleScalar(item) {
			return false
		}
	}
	return true
}

// printableYAML reports whether s has only characters YAML allows in a plain
// scalar without special meaning: printable ASCII, and non-ASCII outside the
// C1 controls, surrogates, U+FEFF, line and paragraph separators and non-characters.
func printableYAML(s string) bool {
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if r < 0x20 || r == 0x7f {
				return false
			}
		case r < 0xA0, r == 0xFEFF, r == 0x2028, r == 0x2029, r == 0xFFFE, r == 0xFFFF, r == utf8.RuneError:
			return false
		}
	}
	return true
}
