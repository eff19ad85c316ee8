package briefs

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var bom = []byte("\uFEFF")

// decode turns file bytes into the text Parse works on: valid UTF-8 (invalid
// bytes become U+FFFD, with a warning), one leading BOM dropped, CRLF and lone
// CR turned into LF, NFC. data is never modified; the common case (valid NFC
// UTF-8 with LF line ends) costs two scans and no copy. (Neither dropping the
// BOM nor the CRs changes whether the text is NFC: they are boundaries.)
func decode(data []byte) ([]byte, []string) {
	var warns []string
	valid, nfc := scanText(data)
	if !valid {
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		warns = append(warns, "invalid UTF-8: bad bytes replaced with U+FFFD")
		nfc = isNFC(data)
	}
	data = bytes.TrimPrefix(data, bom)
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	if !nfc {
		data = norm.NFC.Bytes(data)
	}
	return data, warns
}

// isNFC reports whether data, valid UTF-8, is in NFC.
func isNFC(data []byte) bool {
	_, nfc := scanText(data)
	return nfc
}

// scanText reports whether data is valid UTF-8 and, if it is, whether it is
// in NFC, in one pass that decodes only the runs of non-ASCII bytes (a
// separate utf8.Valid pass cost a tenth of a load). For NFC it checks only
// those runs: no canonical composition has an ASCII second character, so an
// ASCII byte is always a normalisation boundary, and a run is checked
// together with the byte before it (an "e" followed by a combining accent).
// On typical briefs this is several times faster than norm.NFC.IsNormal over
// the whole text.
func scanText(data []byte) (valid, nfc bool) {
	if isASCIIBytes(data) {
		return true, true
	}
	nfc = true
	var checked []byte // the last run norm found in NFC
	for i := 0; i < len(data); {
		// Skip ASCII eight bytes at a time: it is most of every brief.
		// A word holding a non-ASCII byte is stepped over to that byte at
		// once: in Latin-script text a run of one letter comes every few
		// words, and going there byte by byte cost more than the run.
		if i+8 <= len(data) {
			w := binary.LittleEndian.Uint64(data[i:]) & 0x8080808080808080
			if w == 0 {
				i += 8
				continue
			}
			i += bits.TrailingZeros64(w) >> 3
		} else if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		start := i
		if start > 0 {
			start--
		}
		stable := true
		for i < len(data) && data[i] >= utf8.RuneSelf {
			r, size := decodeRune(data, i)
			if r == utf8.RuneError && size == 1 {
				return false, false
			}
			stable = stable && nfcStable(r)
			i += size
		}
		if nfc && !stable {
			// A name with a combining mark (Adébáyọ̀) comes again and
			// again in a brief: its run is checked once.
			if run := data[start:i]; !bytes.Equal(run, checked) {
				checked = run
				nfc = norm.NFC.IsNormal(run) // when false, on, to see that the rest is valid
			}
		}
	}
	return true, nfc
}

// decodeRune is utf8.DecodeRune(data[i:]) with the two- and three-byte
// forms of most letters and punctuation decoded inline, as scanText meets
// them between words of ASCII. E0 and ED, whose second byte has a narrower
// range (overlong forms, surrogates), and everything else go to utf8.
func decodeRune(data []byte, i int) (rune, int) {
	c := data[i]
	switch {
	case c >= 0xC2 && c <= 0xDF && i+1 < len(data) && data[i+1]&0xC0 == 0x80:
		return rune(c&0x1F)<<6 | rune(data[i+1]&0x3F), 2
	case c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(data) && data[i+1]&0xC0 == 0x80 && data[i+2]&0xC0 == 0x80:
		return rune(c&0x0F)<<12 | rune(data[i+1]&0x3F)<<6 | rune(data[i+2]&0x3F), 3
	}
	return utf8.DecodeRune(data[i:])
}

// nfcStable reports runes that are NFC as they stand and never combine with
// what precedes them (canonical combining class 0, never the second half of
// a composition): a run made only of them needs no check. They are most of
// the non-ASCII text in briefs: curly quotes, dashes, Latin, Greek and
// Cyrillic letters with accents (precomposed), CJK ideographs, Hangul syllables, kana. Anything else (combining
// marks, jamo, compatibility characters) goes through norm.
func nfcStable(r rune) bool {
	switch {
	case r >= 0x00A0 && r <= 0x02AF: // Latin-1 Supplement, Latin Extended-A and -B, IPA
		return true
	case r >= 0x0388 && r <= 0x03FF, r >= 0x0400 && r <= 0x0482, r >= 0x048A && r <= 0x04FF: // Greek, Cyrillic (no combining marks)
		return true
	case r >= 0x1E00 && r <= 0x1EFF: // Latin Extended Additional (Vietnamese, Yoruba...)
		return true
	case r >= 0x2010 && r <= 0x2027, r >= 0x2030 && r <= 0x205E: // punctuation
		return true
	case r >= 0x3041 && r <= 0x3096, r >= 0x30A1 && r <= 0x30FA: // kana, no voicing marks
		return true
	case r >= 0x4E00 && r <= 0x9FFF: // CJK Unified Ideographs
		return true
	case r >= 0xAC00 && r <= 0xD7A3: // Hangul syllables (a trailing jamo is not stable)
		return true
	}
	return false
}

// isASCIIBytes checks eight bytes at a time: it runs over every brief.
func isASCIIBytes(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isBlank reports whether s holds only white space.
func isBlank(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && c != '\t' {
			if c < utf8.RuneSelf {
				return false
			}
			return strings.TrimFunc(s[i:], unicode.IsSpace) == ""
		}
	}
	return true
}

// trimBody drops blank lines before a body and white space after it; the
// first line keeps its indentation (it may be indented code).
func trimBody(s string) string {
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	for {
		i := strings.IndexByte(s, '\n')
		if i < 0 || !isBlank(s[:i]) {
			break
		}
		s = s[i+1:]
	}
	if isBlank(s) {
		return ""
	}
	return s
}

// cleanTitle turns a heading as written into a section title: emphasis
// around the whole label and one trailing colon are dropped
// ("**Why it matters:**", "**Why it matters**:", "_Outlook_" ...).
func cleanTitle(s string) string {
	s = strings.TrimSpace(s)
	colon := false
	if strings.HasSuffix(s, ":") {
		s, colon = strings.TrimSpace(s[:len(s)-1]), true
	}
	for range 3 {
		t := stripEmphasis(s)
		if t == s {
			break
		}
		s = t
	}
	if !colon && strings.HasSuffix(s, ":") {
		s = strings.TrimSpace(s[:len(s)-1])
	}
	return s
}

// stripEmphasis removes one emphasis delimiter pair (** __ * _) around all of s.
func stripEmphasis(s string) string {
	for _, d := range [...]string{"**", "__", "*", "_"} {
		if len(s) > 2*len(d) && strings.HasPrefix(s, d) && strings.HasSuffix(s, d) {
			inner := s[len(d) : len(s)-len(d)]
			if inner != strings.TrimSpace(inner) || strings.Contains(inner, d) {
				continue
			}
			return inner
		}
	}
	return s
}

func hasAlnum(s string) bool {
	for _, r := range s {
		if isAlnum(r) {
			return true
		}
	}
	return false
}

// endsSentence reports whether s ends in . ! ? or … (closing quotes and
// brackets after it aside), or in the full stops and question marks of
// Chinese, Japanese and Arabic (。 ！ ？ ｡ ؟ ۔).
func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \t\"')]”’»」』）")
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	switch r {
	case '.', '!', '?', '…', '。', '！', '？', '｡', '؟', '۔':
		return true
	}
	return false
}

// startsLower reports whether s (indentation aside) starts with a lower-case
// letter: a line continuing a sentence cut by a line break.
func startsLower(s string) bool {
	s = strings.TrimLeft(s, " \t")
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

// functionWords are the short words a Title Case heading leaves in lower case.
var functionWords = map[string]bool{
	"a": true, "an": true, "and": true, "as": true, "at": true, "but": true, "by": true,
	"for": true, "from": true, "in": true, "of": true, "on": true, "or": true, "the": true,
	"to": true, "with": true,
}
