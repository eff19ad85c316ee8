package search

import (
	"strings"
	"unicode/utf8"
)

// makeSnippet cuts at most snippetRunes runes of text around its densest run of
// matches, marking cuts with "…", and returns the match ranges in the snippet.
func makeSnippet(text string, terms []posTerm) (string, [][2]int) {
	ranges := highlightRanges(text, terms)
	if utf8.RuneCountInString(text) <= snippetRunes {
		return text, ranges
	}
	// The match with the most other matches within the next ~100 bytes.
	start := 0
	if len(ranges) > 0 {
		bestI, bestN := 0, 0
		for i := range ranges {
			n := 0
			for j := i; j < len(ranges) && ranges[j][1]-ranges[i][0] <= 100; j++ {
				n++
			}
			if n > bestN {
				bestI, bestN = i, n
			}
		}
		// Some context before the match, starting at a word.
		start = ranges[bestI][0]
		for back := 0; start > 0 && back < 25; back++ {
			_, size := utf8.DecodeLastRuneInString(text[:start])
			start -= size
		}
		if start > 0 {
			if sp := strings.IndexByte(text[start:ranges[bestI][0]], ' '); sp >= 0 {
				start += sp + 1
			}
		}
	}
	budget := snippetRunes
	if start > 0 {
		budget--
	}
	end, n := start, 0
	for end < len(text) && n < budget {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
		n++
	}
	if end < len(text) {
		// Leave room for the trailing "…" and end at a word when one is near.
		_, size := utf8.DecodeLastRuneInString(text[:end])
		end -= size
		if sp := strings.LastIndexByte(text[start:end], ' '); sp > (end-start)/2 {
			end = start + sp
		}
	}
	var sb strings.Builder
	shift := -start
	if start > 0 {
		sb.WriteString("…")
		shift += len("…")
	}
	sb.WriteString(text[start:end])
	if end < len(text) {
		sb.WriteString("…")
	}
	var out [][2]int
	for _, r := range ranges {
		a, b := max(r[0], start), min(r[1], end)
		if a < b {
			out = append(out, [2]int{a + shift, b + shift})
		}
	}
	return sb.String(), out
}

// plainSnippetText turns markdown into one line of plain text for snippets: the
// markers #, *, _ and ` go, links keep their text and lose their URL, block
// prefixes (>, list bullets) go and all whitespace runs become one space.
func plainSnippetText(md string) string {
	var b strings.Builder
	b.Grow(len(md))
	space := true // drop leading space and collapse runs
	lineStart := true
	for i := 0; i < len(md); {
		c := md[i]
		if lineStart {
			// Block prefixes: quote markers and bullets.
			j := i
			for j < len(md) && (md[j] == ' ' || md[j] == '\t' || md[j] == '>') {
				j++
			}
			if j+1 < len(md) && (md[j] == '-' || md[j] == '+' || md[j] == '*') && md[j+1] == ' ' {
				j += 2
			}
			i = j
			lineStart = false
			continue
		}
		switch c {
		case '\n', '\r', '\t', ' ':
			if !space {
				b.WriteByte(' ')
				space = true
			}
			lineStart = c == '\n'
			i++
			continue
		case '#', '*', '_', '`':
			i++
			continue
		case '!':
			if i+1 < len(md) && md[i+1] == '[' {
				i++
				continue
			}
		case '[':
			// [text](url) keeps the text; [text] alone loses its brackets.
			if end := strings.IndexByte(md[i+1:], ']'); end >= 0 && !strings.ContainsRune(md[i+1:i+1+end], '\n') {
				text := md[i+1 : i+1+end]
				rest := md[i+2+end:]
				for _, r := range text {
					if r != '*' && r != '_' && r != '`' {
						b.WriteRune(r)
						space = r == ' '
					}
				}
				i += 2 + end
				if strings.HasPrefix(rest, "(") {
					if close := strings.IndexByte(rest, ')'); close >= 0 {
						i += close + 1
					}
				}
				continue
			}
		case '<':
			// Autolinks <https://…> are dropped whole.
			if close := strings.IndexByte(md[i:], '>'); close > 0 && strings.Contains(md[i:i+close], "://") {
				i += close + 1
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(md[i:])
		b.WriteRune(r)
		space = false
		i += size
	}
	return strings.TrimRight(b.String(), " ")
}
