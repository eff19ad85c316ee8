package briefs

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// memoLines is how far into the body memo header lines are looked for.
const memoLines = 15

// memoLabels are the labels of a memo header line (docs/format.md, Memo
// headers), lower case.
var memoLabels = []string{
	"to", "from", "thru", "via", "cc", "bcc", "date", "subject", "subj", "re",
	"memorandum for", "attn", "classification",
}

// memo is what the header lines of a memo say.
type memo struct {
	lines   uint32 // bit i set: line i of the body is a header line
	subject string // value of the first SUBJECT:/SUBJ:/RE: line
	date    string // value of the first DATE: line
	rules   []int  // lines of dashes or equals signs under header lines (unsetextMemo)
}

// isHeader reports whether line ln of the body is a memo header line.
func (m *memo) isHeader(ln int) bool {
	return ln >= 0 && ln < memoLines && m.lines&(1<<ln) != 0
}

// readMemo finds the memo header lines among the first memoLines lines of
// the body, in paragraphs only (not in code, quotes or lists).
func (d *doc) readMemo() {
	for _, bl := range d.blocks {
		if bl.first >= memoLines || !d.before(bl.first) {
			return
		}
		if bl.kind != blockPara {
			continue
		}
		for ln := bl.first; ln <= bl.last && ln < memoLines && d.before(ln); ln++ {
			label, value, ok := memoHeader(d.lineText(ln))
			if !ok {
				continue
			}
			d.memo.lines |= 1 << ln
			switch label {
			case "subject", "subj", "re":
				if d.memo.subject == "" {
					d.memo.subject = strings.TrimSpace(cleanInline(value))
				}
			case "date":
				if d.memo.date == "" {
					d.memo.date = strings.TrimSpace(cleanInline(value))
				}
			}
		}
	}
}

// unsetextMemo undoes a setext heading whose text holds memo header lines:
// a line of dashes or equals signs under a memo's header block is a rule
// under the header, not the underline of a heading, since header lines are
// never a section. The text becomes a paragraph and the underline a block
// of its own, which a plain-text body sets apart with a blank line (in
// markdown it would still underline the header).
func (d *doc) unsetextMemo() {
	for i := 0; i < len(d.blocks); i++ {
		bl := d.blocks[i]
		if bl.first >= memoLines || !d.before(bl.first) {
			return
		}
		if bl.kind != blockHeading || bl.last == bl.first || isATX(d.lineText(bl.first)) {
			continue
		}
		header := false
		for ln := bl.first; ln < bl.last && !header; ln++ {
			_, _, header = memoHeader(d.lineText(ln))
		}
		if !header {
			continue
		}
		d.blocks[i] = block{kind: blockPara, first: bl.first, last: bl.last - 1}
		d.blocks = slices.Insert(d.blocks, i+1, block{kind: blockOther, first: bl.last, last: bl.last})
		d.memo.rules = append(d.memo.rules, bl.last)
		i++
	}
}

// memoHeader parses a memo header line: `LABEL: value`, or with the label in
// emphasis (`**Label:** value`, `**Label**: value`, `**Label: value**`), any
// case. It returns the label in lower case and the value as written.
func memoHeader(line string) (label, value string, ok bool) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	s := line[i:]
	// Every label starts with one of these letters, or with emphasis: most
	// lines are rejected here, and the rest by looking for the colon only
	// where the longest label, "memorandum for", and its markup end.
	if s == "" || strings.IndexByte("tfvcbdsrmaTFVCBDSRMA*_", s[0]) < 0 {
		return "", "", false
	}
	head := s[:min(len(s), 28)]
	colon := strings.IndexByte(head, ':')
	if colon < 0 && strings.IndexByte(head, 0xEF) >= 0 { // the first byte of "："
		colon = strings.Index(head, "：")
	}
	if colon < 0 || colon > 24 {
		return "", "", false
	}
	for _, d := range [...]string{"**", "__", "*", "_"} {
		if !strings.HasPrefix(s, d) {
			continue
		}
		j := strings.Index(s[len(d):], d)
		if j <= 0 {
			return "", "", false
		}
		inner, rest := s[len(d):len(d)+j], s[len(d)+j+len(d):]
		if t, _, ok := cutColon(inner); ok {
			label, value = t, rest
		} else if r := strings.TrimLeft(rest, " "); strings.HasPrefix(r, ":") || strings.HasPrefix(r, "：") {
			label, value = inner, strings.TrimPrefix(strings.TrimPrefix(r, ":"), "：")
		} else if i := strings.IndexAny(inner, ":："); i >= 0 {
			_, size := utf8.DecodeRuneInString(inner[i:])
			label, value = inner[:i], inner[i+size:]+rest
		} else {
			return "", "", false
		}
		return memoLabel(label, value)
	}
	_, size := utf8.DecodeRuneInString(s[colon:])
	return memoLabel(s[:colon], s[colon+size:])
}

// memoLabel checks label against memoLabels without allocating: it runs
// on the bold label of every lead-in near the top of a brief.
func memoLabel(label, value string) (string, string, bool) {
	l := strings.TrimSpace(label)
	if len(l) > 20 {
		return "", "", false
	}
	for _, m := range memoLabels {
		if strings.EqualFold(l, m) {
			return m, strings.TrimSpace(value), true
		}
	}
	if f := strings.Fields(l); len(f) == 2 && strings.EqualFold(f[0], "memorandum") && strings.EqualFold(f[1], "for") {
		return "memorandum for", strings.TrimSpace(value), true
	}
	return "", "", false
}

// isMemoHeading reports a memo's first line: MEMORANDUM, MEMORANDUM FOR …,
// DECISION MEMORANDUM, INFORMATION MEMO, ACTION MEMO FOR …: the word memo or
// memorandum among the first three words, then nothing, or FOR or TO. A
// headline such as "Decision Memo: Closing the Terminal" is not one.
func isMemoHeading(line string) bool {
	s := cleanTitle(line)
	if s == "" || endsSentence(s) {
		return false
	}
	words := strings.Fields(s)
	if len(words) > 15 {
		return false
	}
	for k, w := range words {
		if k > 2 || strings.ContainsAny(w, ":：") {
			return false
		}
		if lw := strings.ToLower(w); lw != "memo" && lw != "memorandum" {
			continue
		}
		if k == len(words)-1 {
			return true
		}
		next := strings.ToLower(words[k+1])
		return next == "for" || next == "to"
	}
	return false
}

// memoDateLayouts are the forms of a memo's DATE: line (docs/format.md,
// Date), beyond those of front matter. Month names match in any case.
var memoDateLayouts = []string{
	"2 January 2006", "2 Jan 2006", "02 Jan 2006", "January 2, 2006", "Jan 2, 2006",
	"02Jan06", "2Jan06", "02Jan2006", "2 Jan 06", "02 Jan 06", "January 2 2006", "Jan 2 2006",
	"Monday, 2 January 2006", "Monday, January 2, 2006", "Mon, 2 Jan 2006", "Monday 2 January 2006",
}

// parseMemoDate reads the value of a DATE: line.
func parseMemoDate(s string) (time.Time, bool) {
	s = strings.TrimRight(strings.TrimSpace(s), ".")
	s = strings.Join(strings.Fields(s), " ")
	if t, ok := parseDate(s); ok {
		return t, true
	}
	// "Apr. 2, 2025", "Sept 2"
	s = strings.NewReplacer(". ", " ", "Sept ", "Sep ", "SEPT ", "SEP ").Replace(s)
	for _, layout := range memoDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// applyMemo gives b the memo's date when the front matter gave none.
func (d *doc) applyMemo(b *Brief) {
	if d.memo.date == "" || !b.Date.IsZero() {
		return
	}
	if t, ok := parseMemoDate(d.memo.date); ok {
		b.Date = t
		return
	}
	b.Warnings = append(b.Warnings, fmt.Sprintf("memo date %q not understood", d.memo.date))
}
