package briefs

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// plainStarts finds the headings of a body without markdown headings or
// lead-ins (docs/format.md, Plain text). Only lines of top-level paragraphs
// are candidates, so code, quotes, lists and HTML never hold a heading. A
// candidate line has at most 8 words, does not end like a sentence and is
// followed by text; it is a heading when (a) it is a vocabulary label, or (b)
// a vocabulary heading came before it and it is a Title Case heading that is
// not a stray line (byline, dateline, "Read more", ...).
//
// Two guards keep hard-wrapped prose from being cut at a Title Case line: a
// line continued by a line starting in lower case is not a heading, nor is a
// line that follows a long line left unfinished (ending in a letter, digit,
// comma or hyphen). A vocabulary label needs neither.
func (d *doc) plainStarts(regionLine, consumedLine, region int) []start {
	var starts []start
	sawVocab := false
	lastHeading := -1
	for _, bl := range d.blocks {
		if bl.kind != blockPara {
			continue
		}
		for ln := bl.first; ln <= bl.last; ln++ {
			if d.late() {
				d.stopAt(ln, "time")
			}
			if !d.before(ln) {
				return starts
			}
			if ln == consumedLine || d.lines[ln] < region || d.memo.isHeader(ln) {
				continue
			}
			s := strings.TrimSpace(d.lineText(ln))
			if s == "" || endsSentence(s) || wordCount(s, 8) > 8 || !hasAlnum(s) {
				continue
			}
			// A vocabulary label is a heading whatever the lines around it
			// look like (a chart credit or a long one-line paragraph before
			// it, a paragraph starting in lower case after it), as long as
			// text follows; the hard-wrap guards are for Title Case lines,
			// which ordinary prose can produce.
			_, known := d.v.Lookup(s)
			switch {
			case known:
				if !d.textFollows(ln, false) {
					continue
				}
				sawVocab = true
			case sawVocab && isTitleCase(s) && !isStrayLine(s):
				if !d.textFollows(ln, true) {
					continue
				}
				if ln-1 >= regionLine && ln-1 != lastHeading && !d.blank(ln-1) && unfinished(d.lineText(ln-1)) {
					continue
				}
			default:
				continue
			}
			if !d.room(ln, len(starts)) {
				return starts
			}
			starts = append(starts, start{line: ln, body: d.after(ln), title: cleanTitle(s)})
			lastHeading = ln
		}
	}
	return starts
}

// textFollows reports whether a non-blank line comes after line ln and,
// when wrapGuard is set, that the line does not simply continue ln's
// sentence (it is on the next line and starts in lower case).
func (d *doc) textFollows(ln int, wrapGuard bool) bool {
	for j := ln + 1; j < len(d.lines); j++ {
		if d.blank(j) {
			continue
		}
		return !wrapGuard || j > ln+1 || !startsLower(d.lineText(j))
	}
	return false
}

// unfinished reports whether a line reads as a sentence cut by a hard wrap:
// long, and ending in a letter, digit, comma, semicolon or hyphen.
func unfinished(line string) bool {
	line = strings.TrimRightFunc(line, unicode.IsSpace)
	if utf8.RuneCountInString(line) < 50 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(line)
	return isAlnum(r) || r == ',' || r == ';' || r == '-'
}

// wordCount counts the words of s, stopping early past limit: most lines
// of a paste are long paragraphs, and only short ones can be headings.
func wordCount(s string, limit int) int {
	n, in := 0, false
	for _, r := range s {
		sp := unicode.IsSpace(r)
		if !sp && !in {
			if n++; n > limit {
				return n
			}
		}
		in = !sp
	}
	return n
}

// isTitleCase is rule (b): starts with a letter or digit, 2 to 8 words, each
// starting with a capital or a digit unless it is a short function word, and
// no comma, semicolon or quotation mark (an apostrophe inside a word is fine).
func isTitleCase(s string) bool {
	s = strings.TrimSuffix(strings.TrimSpace(s), ":")
	if strings.ContainsAny(s, ",;\"“”„«»‹›") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !isAlnum(r) {
		return false
	}
	words := strings.Fields(s)
	if len(words) < 2 || len(words) > 8 {
		return false
	}
	for _, w := range words {
		first, _ := utf8.DecodeRuneInString(w)
		last, _ := utf8.DecodeLastRuneInString(w)
		if isQuote(first) || isQuote(last) {
			return false
		}
		if unicode.IsUpper(first) || unicode.IsTitle(first) || unicode.IsDigit(first) {
			continue
		}
		if !functionWords[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

func isQuote(r rune) bool { return r == '\'' || r == '‘' || r == '’' || r == '`' }

// strayPrefixes start the short lines that web pages scatter through an
// article; they stay body text even when they look like Title Case.
var strayPrefixes = []string{
	"by ", "read more", "read also", "read next", "related", "see also", "share ",
	"advertisement", "sponsored", "subscribe", "sign up", "continue reading",
	"story continues", "click here", "follow us", "photo", "image", "credit",
	"updated", "published", "posted", "copyright", "all rights reserved", "listen",
	"watch", "editor's note", "editor’s note", "contact", "reporting by", "written by",
}

var monthNames = map[string]bool{
	"jan": true, "feb": true, "mar": true, "apr": true, "may": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"january": true, "february": true, "march": true, "april": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
}

// isStrayLine reports bylines, datelines and page furniture.
func isStrayLine(s string) bool {
	l := strings.ToLower(strings.TrimSpace(s))
	for _, p := range strayPrefixes {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	// A dateline: a month name and a number ("Nov. 26, 2026", "March 3 Update").
	month, digit := false, false
	for _, w := range strings.Fields(l) {
		if monthNames[strings.TrimRight(w, ".,")] {
			month = true
		}
		if strings.ContainsAny(w, "0123456789") {
			digit = true
		}
	}
	return month && digit
}

// paragraphBreaks returns, in order, the lines of a plain-text body that
// start a paragraph of their own although no blank line comes before them:
// text pasted one paragraph a line keeps one paragraph a line (docs/format.md,
// Paragraphs of plain text). Runs of lines between headings are looked at
// one at a time: a run that reads as hard-wrapped prose (as in e-mail)
// stays one paragraph; otherwise every line starts one, except a line that
// continues the sentence of the line before it (starting in lower case) and
// an indented line, which a blank line would turn into code. A memo header
// line is always a line of its own.
func (d *doc) paragraphBreaks(starts []start, consumedLine int) []int {
	var breaks []int
	k := 0 // index into starts of the next heading line
	for _, bl := range d.blocks {
		if bl.kind != blockPara || !d.before(bl.first) {
			continue
		}
		runStart := -1
		for ln := bl.first; ln <= bl.last+1; ln++ {
			boundary := ln > bl.last || !d.before(ln) || ln == consumedLine || d.memo.isHeader(ln)
			for k < len(starts) && starts[k].line < ln {
				k++
			}
			if k < len(starts) && starts[k].line == ln {
				boundary = true
			}
			if !boundary {
				if runStart < 0 {
					runStart = ln
					if ln > bl.first && d.memo.isHeader(ln-1) && !indentedCode(d.lineText(ln)) {
						breaks = append(breaks, ln)
					}
				}
				continue
			}
			if runStart >= 0 {
				breaks = d.appendRunBreaks(breaks, runStart, ln-1)
				runStart = -1
			}
			if ln > bl.last || !d.before(ln) {
				break
			}
			// A header line right after another line of the paragraph.
			if d.memo.isHeader(ln) && ln > bl.first && ln-1 != consumedLine && !indentedCode(d.lineText(ln)) &&
				(k == 0 || starts[k-1].line != ln-1) {
				breaks = append(breaks, ln)
			}
		}
	}
	if len(d.memo.rules) > 0 {
		// A rule under a memo's header lines: without a blank line before
		// it, markdown would make the header a heading, and text right
		// after it would continue it.
		for _, ln := range d.memo.rules {
			breaks = append(breaks, ln)
			if ln+1 < len(d.lines) && d.before(ln+1) && !d.blank(ln+1) {
				breaks = append(breaks, ln+1)
			}
		}
		slices.Sort(breaks)
		breaks = slices.Compact(breaks)
	}
	return breaks
}

// appendRunBreaks adds the breaks inside lines a..b, a run of paragraph
// lines with no heading or header line among them.
func (d *doc) appendRunBreaks(breaks []int, a, b int) []int {
	if b <= a {
		return breaks
	}
	widest := d.widest(a, b)
	if d.hardWrapped(a, b, widest) {
		return breaks
	}
	for ln := a + 1; ln <= b; ln++ {
		next, prev := d.lineText(ln), strings.TrimSpace(d.lineText(ln-1))
		if indentedCode(next) || (startsLower(next) && !endsSentence(prev)) || wrapped(prev, next, widest) {
			continue
		}
		// A table (GFM, which the views render) is rows on consecutive lines.
		if tableRow(next) || tableRow(prev) {
			continue
		}
		breaks = append(breaks, ln)
	}
	return breaks
}

// Hard-wrapped prose (e-mail wraps at 72 to 80 columns) has no line wider
// than wrapWidth nor all of them narrower than minWrapWidth; a paste of
// one paragraph a line has lines of several hundred characters.
const (
	wrapWidth    = 100
	minWrapWidth = 40
	// wrapSlack is how far short of the widest line a wrapped line may
	// stop with the next word still not fitting: authors who wrap by hand
	// break a word or two early.
	wrapSlack = 10
)

// widest returns the width in runes of the widest of lines a..b, or
// wrapWidth+1 when one is wider than wrapWidth.
func (d *doc) widest(a, b int) int {
	widest := 0
	for ln := a; ln <= b; ln++ {
		n := runesUpTo(strings.TrimRightFunc(d.lineText(ln), unicode.IsSpace), wrapWidth)
		if n > wrapWidth {
			return wrapWidth + 1
		}
		widest = max(widest, n)
	}
	return widest
}

// runesUpTo counts the runes of s (valid UTF-8), stopping once there are
// more than limit: the lines of a paste run to hundreds of characters, and
// only whether they pass wrapWidth counts.
func runesUpTo(s string, limit int) int {
	n := 0
	for i := 0; i < len(s) && n <= limit; i++ {
		if s[i]&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

// hardWrapped reports whether lines a..b read as one paragraph wrapped at a
// fixed width: every line but the last was broken because the next word
// would not have fitted (give or take wrapSlack), and at least one of them
// breaks a sentence. Lines pasted one paragraph a line vary in length far
// more than that, and end their sentences.
func (d *doc) hardWrapped(a, b, widest int) bool {
	if widest > wrapWidth || widest < minWrapWidth {
		return false
	}
	midSentence := false
	for ln := a; ln < b; ln++ {
		l := strings.TrimSpace(d.lineText(ln))
		if !fits(l, d.lineText(ln+1), widest) {
			return false
		}
		if !endsSentence(l) && !strings.HasSuffix(l, ":") {
			midSentence = true
		}
	}
	return midSentence
}

// wrapped reports whether the break between prev and next is a hard wrap
// inside a sentence: prev is long (as unfinished counts it) and stops
// mid-sentence, close to the widest line of text wrapped at wrapWidth or
// less, where the next word would not fit.
func wrapped(prev, next string, widest int) bool {
	if widest > wrapWidth || endsSentence(prev) || strings.HasSuffix(prev, ":") {
		return false
	}
	return utf8.RuneCountInString(prev) >= 50 && fits(prev, next, widest)
}

// fits reports whether line l, followed by the first word of next, would be
// wider than widest less wrapSlack: the wrap was forced.
func fits(l, next string, widest int) bool {
	word, _, _ := strings.Cut(strings.TrimSpace(next), " ")
	return utf8.RuneCountInString(l)+1+utf8.RuneCountInString(word) > widest-wrapSlack
}

// indentedCode reports a line indented by four columns or more.
func indentedCode(line string) bool {
	return strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "    ") ||
		(len(line) > 0 && line[0] == ' ' && strings.HasPrefix(strings.TrimLeft(line, " "), "\t"))
}

// paragraphed is the body text with a newline added before each line of a
// plain-text body that starts a paragraph of its own (paragraphBreaks). It is
// built once, one allocation, and every section's body is a slice of it.
type paragraphed struct {
	text   string // d.text with the newlines added; d.text itself when there are none
	starts []int  // offsets in d.text of the lines given a newline, in order
}

// paragraphed adds the breaks to d.text; it reuses breaks for the offsets.
func (d *doc) paragraphed(breaks []int) paragraphed {
	if len(breaks) == 0 {
		return paragraphed{text: d.text}
	}
	var sb strings.Builder
	sb.Grow(len(d.text) + len(breaks))
	prev := 0
	for i, ln := range breaks {
		off := d.lines[ln]
		breaks[i] = off
		sb.WriteString(d.text[prev:off])
		sb.WriteByte('\n')
		prev = off
	}
	sb.WriteString(d.text[prev:])
	return paragraphed{text: sb.String(), starts: breaks}
}

// slice returns d.text[from:to] with its breaks. A newline added at from
// itself is left out, one added at to is kept (trimBody drops it).
func (p paragraphed) slice(from, to int) string {
	if len(p.starts) == 0 {
		return p.text[from:to]
	}
	return p.text[p.at(from):p.at(to)]
}

// at maps an offset of d.text into p.text: past each newline added at or
// before it.
func (p paragraphed) at(off int) int {
	n, _ := slices.BinarySearch(p.starts, off+1)
	return off + n
}

// tableRow reports a line that may be a row of a GFM table: it starts or
// ends with a pipe, or it is a delimiter row such as `--|:--:`.
func tableRow(line string) bool {
	l := strings.TrimSpace(line)
	if l == "" {
		return false
	}
	if l[0] == '|' || l[len(l)-1] == '|' {
		return true
	}
	if l[0] != '-' && l[0] != ':' {
		return false
	}
	return strings.IndexByte(l, '|') >= 0 && strings.Trim(l, "|-: \t") == ""
}
