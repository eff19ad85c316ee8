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
	type field struct {
		key, val string
		list     bool // val is the inside of a [a, b] flow list
	}
	var fields [8]field
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
		list := false
		switch {
		case val == "":
		case lk == "tags" && val[0] == '[' && val[len(val)-1] == ']':
			if !simpleFlowList(val[1 : len(val)-1]) {
				return nil, false
			}
			val, list = val[1:len(val)-1], true
		case val[0] == '"' || val[0] == '\'':
			inner, ok := simpleQuoted(val)
			if !ok {
				return nil, false
			}
			val = inner
		case !simpleScalar(val):
			return nil, false
		}
		if lk == "title" || lk == "source" || lk == "id" || lk == "date" || lk == "tags" {
			fields[nf] = field{lk, val, list}
			nf++
		}
	}
	for _, f := range fields[:nf] {
		switch {
		case f.key != "tags":
			warns = setField(b, f.key, f.val, warns)
		case f.list:
			b.Tags = b.Tags[:0]
			for t := range strings.SplitSeq(f.val, ",") {
				b.Tags = appendTag(b.Tags, t)
			}
		default:
			b.Tags = appendTags(b.Tags[:0], f.val)
		}
	}
	return warns, true
}

// simpleQuoted reads a one-line quoted scalar ("…" or '…') that holds no
// escape: no backslash in a double-quoted one, no quote of its own kind in
// either, and only characters printableYAML allows. Its value is then the
// text between the quotes, as yaml.v3 reads it. Generated and exported
// front matter quotes every title, so this keeps most of it off yaml.v3.
func simpleQuoted(s string) (string, bool) {
	q := s[0]
	if len(s) < 2 || s[len(s)-1] != q {
		return "", false
	}
	inner := s[1 : len(s)-1]
	if strings.IndexByte(inner, q) >= 0 || (q == '"' && strings.IndexByte(inner, '\\') >= 0) {
		return "", false
	}
	return inner, printableYAML(inner)
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
