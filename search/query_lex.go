package search

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

type qtokKind uint8

const (
	tWord   qtokKind = iota // bare word
	tPhrase                 // "quoted"
	tField                  // name:value (value bare or quoted)
	tLParen
	tRParen
	tNot // - or NOT
	tAnd
	tOr
)

type qtok struct {
	kind   qtokKind
	pos    int // start of the token
	end    int // end of the token
	text   string
	field  string // tField: lower-case name
	valPos int    // tField: start of the value (inside the quotes when quoted)
	quoted bool   // tField: the value was quoted
}

// queryFields are the field names; anything else before a colon is an error, so
// that a typo is not silently searched as a word.
var queryFields = map[string]bool{
	"title": true, "source": true, "tag": true, "section": true, "date": true,
	"after": true, "before": true, "is": true, "has": true,
}

func isQuerySpace(r rune) bool { return unicode.IsSpace(r) }

// lexQuery cuts a query into tokens.
func lexQuery(s string) ([]qtok, error) {
	var toks []qtok
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isQuerySpace(r):
			i += size
		case r == '(':
			toks = append(toks, qtok{kind: tLParen, pos: i, end: i + 1})
			i++
		case r == ')':
			toks = append(toks, qtok{kind: tRParen, pos: i, end: i + 1})
			i++
		case r == '"':
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				return nil, &QueryError{Pos: i, Msg: "unterminated quote"}
			}
			toks = append(toks, qtok{kind: tPhrase, pos: i, end: i + 2 + end, text: s[i+1 : i+1+end]})
			i += 2 + end
		case r == '-' && i+1 < len(s) && !isBoundary(s[i+1:]):
			toks = append(toks, qtok{kind: tNot, pos: i, end: i + 1})
			i++
		default:
			t, err := lexWord(s, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = t.end
		}
	}
	return toks, nil
}

// isBoundary reports whether s starts with what ends a term: end, space, ")".
func isBoundary(s string) bool {
	if s == "" {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return isQuerySpace(r) || r == ')'
}

// wordEnd is the end of a bare word or value starting at i.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if isQuerySpace(r) || r == '(' || r == ')' || r == '"' {
			break
		}
		i += size
	}
	return i
}

func lexWord(s string, i int) (qtok, error) {
	// A field is ASCII letters then a colon.
	j := i
	for j < len(s) && (s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z') {
		j++
	}
	if j > i && j < len(s) && s[j] == ':' {
		name := strings.ToLower(s[i:j])
		if !queryFields[name] {
			return qtok{}, &QueryError{Pos: i, Msg: fmt.Sprintf("unknown field %q (fields: title source tag section date after before is has)", s[i:j+1])}
		}
		v := j + 1
		t := qtok{kind: tField, pos: i, field: name, valPos: v}
		if v < len(s) && s[v] == '"' {
			end := strings.IndexByte(s[v+1:], '"')
			if end < 0 {
				return qtok{}, &QueryError{Pos: v, Msg: "unterminated quote"}
			}
			t.text, t.valPos, t.quoted, t.end = s[v+1:v+1+end], v+1, true, v+2+end
			return t, nil
		}
		t.end = wordEnd(s, v)
		t.text = s[v:t.end]
		if t.text == "" {
			return qtok{}, &QueryError{Pos: v, Msg: name + ": needs a value"}
		}
		return t, nil
	}
	end := wordEnd(s, i)
	w := s[i:end]
	t := qtok{kind: tWord, pos: i, end: end, text: w}
	switch w {
	case "AND":
		t.kind = tAnd
	case "OR":
		t.kind = tOr
	case "NOT":
		t.kind = tNot
	}
	return t, nil
}
