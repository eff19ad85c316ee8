package briefs

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// leadIn recognises an Axios-style lead-in at the start of a paragraph line:
// `**Label:** text` or `**Label**: text` (or with __), the label 1 to 6 words,
// after at most one emoji and a space (`📊 **By the numbers:** text`). It
// returns the title (the label, with that emoji) and the offset in line where
// the body starts; the kind comes from the label alone. An ALL-CAPS label ("**EXCLUSIVE:**") is a kicker, not a
// section, unless the vocabulary knows it ("**BLUF:**"); a label in a script
// without case (Arabic, Hebrew, Chinese, Japanese) is never ALL-CAPS.
//
// A full-width colon (`**背景：**`) counts as a colon, and needs no space
// after it; French puts a space before an outer colon (`**Les enjeux** :`).
func leadIn(line string, v *Vocabulary) (title, label string, off int, ok bool) {
	ind := 0
	for ind < len(line) && (line[ind] == ' ' || line[ind] == '\t') {
		ind++
	}
	s := line[ind:]
	emoji := ""
	if len(s) > 0 && s[0] >= utf8.RuneSelf {
		n := emojiLen(s)
		if n == 0 || n+1 >= len(s) || s[n] != ' ' {
			return "", "", 0, false
		}
		emoji = s[:n]
		ind += n + 1
		s = s[n+1:]
	}
	if len(s) < 5 || (s[:2] != "**" && s[:2] != "__") {
		return "", "", 0, false
	}
	d := s[:2]
	j := strings.Index(s[2:], d)
	if j <= 0 {
		return "", "", 0, false
	}
	inner := s[2 : 2+j]
	after := 2 + j + 2
	if strings.IndexByte(inner, d[0]) >= 0 || inner != strings.TrimSpace(inner) {
		return "", "", 0, false
	}
	wide := false // the colon is full-width: no space needed after it
	if t, w, ok := cutColon(inner); ok {
		title, wide = t, w
	} else {
		k := after
		for k < len(s) && (s[k] == ' ' || strings.HasPrefix(s[k:], "\u00a0") || strings.HasPrefix(s[k:], "\u202f")) {
			_, size := utf8.DecodeRuneInString(s[k:])
			k += size
		}
		switch {
		case k < len(s) && s[k] == ':':
			after = k + 1
		case strings.HasPrefix(s[k:], "："):
			after, wide = k+len("："), true
		default:
			return "", "", 0, false
		}
		title = inner
	}
	if after < len(s) && s[after] != ' ' && s[after] != '\t' {
		r, _ := utf8.DecodeRuneInString(s[after:])
		if !wide && !isWide(r) {
			return "", "", 0, false
		}
	}
	title = strings.TrimSpace(title)
	if n := len(strings.Fields(title)); n < 1 || n > 6 || !hasAlnum(title) || utf8.RuneCountInString(title) > 60 {
		return "", "", 0, false
	}
	if isAllCaps(title) {
		if _, known := v.Lookup(title); !known {
			return "", "", 0, false
		}
	}
	label = title
	if emoji != "" {
		title = emoji + " " + title
	}
	return title, label, ind + after, true
}

// cutColon drops a trailing colon (ASCII or full-width, after optional
// spaces) from a label, and reports whether there was one and whether it
// was full-width.
func cutColon(label string) (title string, wide, ok bool) {
	switch {
	case strings.HasSuffix(label, ":"):
		return label[:len(label)-1], false, true
	case strings.HasSuffix(label, "："):
		return label[:len(label)-len("：")], true, true
	}
	return label, false, false
}

// isWide reports runes of scripts written without spaces between words,
// which may follow a lead-in's colon directly.
func isWide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// isAllCaps reports whether s has letters that have case and none of them
// is lower case: a kicker. Letters without case (Arabic, Hebrew, Han, kana)
// are neither.
func isAllCaps(s string) bool {
	cased := 0
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) || unicode.IsTitle(r) {
			cased++
		}
	}
	return cased > 1
}

// emojiLen returns the length of the one emoji or pictographic symbol that s
// starts with (with its variation selector, skin tone, keycap or zero-width
// joiner sequence, or a flag's two regional indicators), or 0.
func emojiLen(s string) int {
	r, n := utf8.DecodeRuneInString(s)
	if !isPictographic(r) {
		return 0
	}
	flag := isRegional(r)
	for n < len(s) {
		q, size := utf8.DecodeRuneInString(s[n:])
		switch {
		case q == 0xFE0F || q == 0xFE0E || q == 0x20E3 || (q >= 0x1F3FB && q <= 0x1F3FF) || (q >= 0xE0020 && q <= 0xE007F):
			n += size
		case flag && isRegional(q):
			n += size
			flag = false
		case q == 0x200D:
			next, nsize := utf8.DecodeRuneInString(s[n+size:])
			if !isPictographic(next) {
				return n
			}
			n += size + nsize
		default:
			return n
		}
	}
	return n
}

// isPictographic reports emoji and other pictographic symbols (Unicode
// category So: 📊 🔎 ⚡ ➡ ★ ✅), the runes a newsletter puts before a label,
// and the few emoji outside it: the arrows ↗ ↔ (math symbols), ‼ ⁉ ℹ 〰 〽.
func isPictographic(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return false
	case r >= 0x2190 && r <= 0x21FF, r == 0x203C, r == 0x2049, r == 0x2139, r == 0x3030, r == 0x303D:
		return true
	}
	return unicode.Is(unicode.So, r)
}

func isRegional(r rune) bool { return r >= 0x1F1E6 && r <= 0x1F1FF }
