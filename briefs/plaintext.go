package briefs

import (
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
// Two guards keep hard-wrapped prose from being cut: a line continued by a
// line starting in lower case is not a heading, nor is a line that follows a
// long line left unfinished (ending in a letter, digit, comma or hyphen).
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
			if !d.textFollows(ln) {
				continue
			}
			if ln-1 >= regionLine && ln-1 != lastHeading && !d.blank(ln-1) && unfinished(d.lineText(ln-1)) {
				continue
			}
			_, known := d.v.lookupNormalized(NormalizeLabel(s))
			switch {
			case known:
				sawVocab = true
			case sawVocab && isTitleCase(s) && !isStrayLine(s):
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

// textFollows reports whether a non-blank line comes after line ln, and that
// line does not simply continue ln's sentence.
func (d *doc) textFollows(ln int) bool {
	for j := ln + 1; j < len(d.lines); j++ {
		if d.blank(j) {
			continue
		}
		return j > ln+1 || !startsLower(d.lineText(j))
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
