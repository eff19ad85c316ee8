package briefs

import (
	"strings"
	"time"
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

// simpleTOML reads the TOML front matter most briefs have — `key = value`
// lines whose values are basic strings without escapes, arrays of them, or
// a date (2026-04-12) or UTC date-time (2026-04-12T09:30:00Z) — without
// the TOML decoder, which took half as long as the rest of Parse on such
// a brief. It gives up (ok false) on anything else: comments, tables,
// numbers, escapes, other date forms, keys not in lower case (whose order
// applyTOML would sort), repeated keys; the caller then decodes the block.
// The fuzz test checks both agree on what it accepts.
func simpleTOML(b *Brief, inner string) (warns []string, ok bool) {
	type field struct {
		key, val string
		date     time.Time
		kind     byte // 's' string, 'a' array (val holds its items, quoted), 'd' date
	}
	var fields [8]field
	nf := 0
	for line := range strings.SplitSeq(inner, "\n") {
		if strings.Trim(line, " \t") == "" {
			continue
		}
		key, val, found := strings.Cut(line, "=")
		if !found || nf == len(fields) {
			return nil, false
		}
		key = strings.TrimRight(key, " \t")
		val = strings.Trim(val, " \t")
		if !simpleTOMLKey(key) || val == "" {
			return nil, false
		}
		for _, f := range fields[:nf] {
			if f.key == key {
				return nil, false
			}
		}
		f := field{key: key, val: val}
		switch {
		case val[0] == '"':
			s, rest, ok := tomlBasic(val)
			if !ok || rest != "" {
				return nil, false
			}
			f.val, f.kind = s, 's'
		case val[0] == '[':
			if !tomlStrings(val) {
				return nil, false
			}
			f.kind = 'a'
		default:
			t, ok := tomlDate(val)
			if !ok {
				return nil, false
			}
			f.date, f.kind = t, 'd'
		}
		switch key {
		case "title", "source", "id", "date", "tags":
			// Of the keys read, only tags may be an array and date a date:
			// anything else is a warning, worded by the decoder's path.
			if f.kind == 'a' && key != "tags" || f.kind == 'd' && key != "date" {
				return nil, false
			}
		}
		fields[nf] = f
		nf++
	}
	// applyTOML goes through the keys in sorted order: with no key in upper
	// case, only date can warn, so the order of the fields does not matter.
	for _, f := range fields[:nf] {
		switch f.key {
		case "title", "source", "id":
			warns = setField(b, f.key, f.val, warns)
		case "date":
			if f.kind == 'd' {
				b.Date = f.date
			} else {
				warns = setField(b, f.key, f.val, warns)
			}
		case "tags":
			if f.kind == 's' {
				b.Tags = appendTags(b.Tags[:0], f.val)
				continue
			}
			b.Tags = b.Tags[:0]
			for rest := strings.TrimLeft(f.val[1:], " \t"); rest[0] == '"'; {
				var s string
				s, rest, _ = tomlBasic(rest)
				b.Tags = appendTag(b.Tags, s)
				rest = strings.TrimLeft(strings.TrimLeft(rest, " \t,"), " \t")
			}
		}
	}
	return warns, true
}

// simpleTOMLKey accepts a bare key in lower case.
func simpleTOMLKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// tomlBasic reads the basic string s starts with, if it has no escape and
// only characters printableYAML allows (stricter than TOML), and returns
// its text and what follows it.
func tomlBasic(s string) (text, rest string, ok bool) {
	end := strings.IndexByte(s[1:], '"')
	if end < 0 || strings.HasPrefix(s, `"""`) {
		return "", "", false
	}
	text = s[1 : 1+end]
	if strings.IndexByte(text, '\\') >= 0 || !printableYAML(text) {
		return "", "", false
	}
	return text, s[2+end:], true
}

// tomlStrings reports whether s is a one-line array of basic strings
// (tomlBasic), separated by commas, with no trailing comma.
func tomlStrings(s string) bool {
	rest := strings.TrimLeft(s[1:], " \t")
	if rest == "]" {
		return true
	}
	for {
		if rest == "" || rest[0] != '"' {
			return false
		}
		var ok bool
		if _, rest, ok = tomlBasic(rest); !ok {
			return false
		}
		rest = strings.TrimLeft(rest, " \t")
		switch {
		case rest == "]":
			return true
		case strings.HasPrefix(rest, ","):
			rest = strings.TrimLeft(rest[1:], " \t")
		default:
			return false
		}
	}
}

// tomlDate reads a local date (2026-04-12), as applyTOML keeps it (that
// day at midnight UTC), or a date-time in UTC (2026-04-12T09:30:00Z), in
// exactly those forms.
func tomlDate(s string) (time.Time, bool) {
	layout := "2006-01-02"
	switch {
	case len(s) == len("2026-04-12") && digitsAt(s, 0, 4, 5, 7, 8, 10):
	case len(s) == len("2026-04-12T09:30:00Z") && digitsAt(s, 0, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19) &&
		s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == 'Z':
		layout = time.RFC3339
	default:
		return time.Time{}, false
	}
	if s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	t, err := time.Parse(layout, s)
	return t, err == nil
}

// digitsAt reports whether s holds only ASCII digits in each range
// [p[0], p[1]), [p[2], p[3]) ...
func digitsAt(s string, p ...int) bool {
	for k := 0; k+1 < len(p); k += 2 {
		for i := p[k]; i < p[k+1]; i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
	}
	return true
}
