// Package fold cuts search text into folded terms. The index, the query
// language, snippets, highlights and section selectors all cut text with
// it, so that what a query finds is exactly what gets highlighted:
//
//   - A word is a run of letters, digits and combining marks (Unicode classes L, Nd
//     and M). Everything else separates words, apostrophes and hyphens included, so
//     "don't" is the two terms "don" "t" and "e-mail" is "e" "mail"; a query word that
//     cuts into several terms becomes a phrase of them, so it still finds the same text.
//   - Terms are folded: NFKD, combining marks dropped, Unicode case folding.
//     "Müller" and "MULLER" are both "muller", "Straße" is "strasse".
//   - Han, Hiragana, Katakana and Hangul runes are one term each (unigrams), kana
//     keeping their voicing marks (see IsPlainCJK). A CJK
//     query word is therefore a phrase of its runes: "東京" finds 東 followed by 京,
//     which is substring search for CJK at the cost of one posting per rune. Unigrams
//     were chosen over bigrams because one-rune queries then work too and the index
//     stays smaller.
package fold

import (
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Tokenizer cuts text into folded terms. It holds scratch buffers and a
// case folder, which are not safe for concurrent use: one per goroutine (see
// GetTokenizer).
type Tokenizer struct {
	buf   []byte
	tmp   []byte
	caser cases.Caser
}

var tokenizerPool = sync.Pool{New: func() any {
	return &Tokenizer{buf: make([]byte, 0, 64), caser: cases.Fold()}
}}

// GetTokenizer returns a Tokenizer from a pool shared by the process: a case
// folder is costly to make. Give it back with PutTokenizer.
func GetTokenizer() *Tokenizer { return tokenizerPool.Get().(*Tokenizer) }

// PutTokenizer returns t to the pool; t must not be used after.
func PutTokenizer(t *Tokenizer) { tokenizerPool.Put(t) }

// isCJKRune reports whether r is written without spaces between words and so is
// indexed one rune at a time.
func isCJKRune(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// IsPlainCJK reports whether a CJK rune is its own folded form (no case, no
// compatibility mapping), so folding can skip it: kana, unified Han ideographs
// and Hangul syllables. Voiced kana keep their mark (が is not か). Half-width
// kana and compatibility ideographs go through foldWord.
func IsPlainCJK(r rune) bool {
	switch {
	case 0x3041 <= r && r <= 0x30FF: // Hiragana, Katakana
		return true
	case 0x3400 <= r && r <= 0x4DBF, 0x4E00 <= r && r <= 0x9FFF: // Han
		return true
	case 0xAC00 <= r && r <= 0xD7A3: // Hangul syllables
		return true
	case 0x20000 <= r && r <= 0x2FFFF:
		return r < 0x2F800 || r > 0x2FA1F
	}
	return false
}

// isWordRune reports whether a non-ASCII rune belongs to a word.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// asciiFold maps an ASCII letter or digit to its folded byte, anything else to 0.
var asciiFold = func() (t [utf8.RuneSelf]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	return t
}()

// ASCII returns the folded form of an ASCII byte c: a letter lower-cased, a
// digit as it is, and 0 for anything else, which separates words.
func ASCII(c byte) byte {
	if c >= utf8.RuneSelf {
		return 0
	}
	return asciiFold[c]
}

// Scan calls fn for every term of s with its folded form (valid only during
// the call) and its byte range in s.
func (t *Tokenizer) Scan(s string, fn func(term []byte, start, end int)) {
	start := -1 // start of the current word, -1 outside a word
	ascii := true
	t.buf = t.buf[:0]
	flush := func(end int) {
		if start < 0 {
			return
		}
		if !ascii {
			t.foldWord(s[start:end])
		}
		if len(t.buf) > 0 {
			fn(t.buf, start, end)
		}
		start, ascii = -1, true
		t.buf = t.buf[:0]
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c = asciiFold[c]; c == 0 {
				if start >= 0 {
					flush(i)
				}
				i++
				continue
			}
			if start < 0 {
				start = i
			}
			if ascii {
				t.buf = append(t.buf, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isCJKRune(r):
			flush(i)
			if IsPlainCJK(r) {
				t.buf = append(t.buf[:0], s[i:i+size]...)
				fn(t.buf, i, i+size)
				t.buf = t.buf[:0]
			} else {
				start, ascii = i, false
				flush(i + size)
			}
		case isWordRune(r):
			if start < 0 {
				start = i
			}
			ascii = false
		default:
			flush(i)
		}
		i += size
	}
	flush(len(s))
}

// foldWord folds a word that has non-ASCII runes into t.buf: NFKD, drop
// combining marks, NFC, case fold. Compatibility decomposition can produce
// separators (e.g. "½" is not a word rune, but "ﬁ" becomes "fi"); those are
// dropped too.
func (t *Tokenizer) foldWord(w string) {
	t.tmp = t.tmp[:0]
	t.tmp = norm.NFKD.AppendString(t.tmp, w)
	t.buf = t.buf[:0]
	for i := 0; i < len(t.tmp); {
		r, size := utf8.DecodeRune(t.tmp[i:])
		i += size
		if unicode.Is(unicode.Mn, r) || !isWordRune(r) {
			continue
		}
		t.buf = utf8.AppendRune(t.buf, r)
	}
	if len(t.buf) == 0 {
		return
	}
	// Recompose what NFKD split without a mark to drop (Hangul syllables into jamo).
	t.tmp = norm.NFC.Append(t.tmp[:0], t.buf...)
	t.buf = t.caser.Bytes(t.tmp)
}

// Terms returns the folded terms of s: "Müller's café" is "muller", "s",
// "cafe".
func Terms(s string) []string {
	t := GetTokenizer()
	defer PutTokenizer(t)
	var out []string
	t.Scan(s, func(term []byte, _, _ int) { out = append(out, string(term)) })
	return out
}

// ContainsPhrase reports whether phrase occurs in terms as adjacent terms;
// an empty phrase occurs nowhere.
func ContainsPhrase(terms, phrase []string) bool {
	k := len(phrase)
	if k == 0 {
		return false
	}
	for i := 0; i+k <= len(terms); i++ {
		if slices.Equal(terms[i:i+k], phrase) {
			return true
		}
	}
	return false
}
