package fold

import (
	"slices"
	"testing"
)

func TestTerms(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"Hello, World!", []string{"hello", "world"}},
		{"Müller MÜLLER mueller", []string{"muller", "muller", "mueller"}},
		{"Straße", []string{"strasse"}},
		{"café naïve Dvořák Łódź", []string{"cafe", "naive", "dvorak", "łodz"}},
		{"don't e-mail 3.5", []string{"don", "t", "e", "mail", "3", "5"}},
		{"ﬁle ＡＢＣ", []string{"file", "abc"}},
		{"東京の会議", []string{"東", "京", "の", "会", "議"}},
		{"서울 시청", []string{"서", "울", "시", "청"}},
		{"がか ｶﾞ", []string{"が", "か", "カ"}}, // voiced kana stay; half-width kana fold (mark dropped)
		{"北京", []string{"北", "京"}},
		{"Tokyo東京2026", []string{"tokyo", "東", "京", "2026"}},
		{"Ελληνικά Σίσυφος", []string{"ελληνικα", "σισυφοσ"}},
		{"**bold** [link](https://x.org/a)", []string{"bold", "link", "https", "x", "org", "a"}},
		{"", nil},
		{"— … !!", nil},
	}
	for _, c := range cases {
		if got := Terms(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Terms(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestScanRanges(t *testing.T) {
	type tokenRange struct {
		term       string
		start, end int
	}
	s := "Anna Müller's 東京"
	var got []tokenRange
	tk := GetTokenizer()
	defer PutTokenizer(tk)
	tk.Scan(s, func(term []byte, start, end int) { got = append(got, tokenRange{string(term), start, end}) })
	want := []tokenRange{{"anna", 0, 4}, {"muller", 5, 12}, {"s", 13, 14}, {"東", 15, 18}, {"京", 18, 21}}
	if !slices.Equal(got, want) {
		t.Errorf("scan = %v, want %v", got, want)
	}
}

func TestContainsPhrase(t *testing.T) {
	terms := []string{"what", "people", "are", "saying"}
	cases := []struct {
		phrase []string
		want   bool
	}{
		{[]string{"people", "are"}, true},
		{[]string{"what"}, true},
		{[]string{"saying"}, true},
		{terms, true},
		{[]string{"what", "are"}, false}, // not adjacent
		{[]string{"saying", "more"}, false},
		{[]string{"peop"}, false}, // whole terms only
		{nil, false},
	}
	for _, c := range cases {
		if got := ContainsPhrase(terms, c.phrase); got != c.want {
			t.Errorf("ContainsPhrase(%q) = %v, want %v", c.phrase, got, c.want)
		}
	}
	if ContainsPhrase(nil, []string{"a"}) {
		t.Error("a phrase in no terms")
	}
}

func TestASCII(t *testing.T) {
	for c := range 256 {
		want := byte(0)
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			want = byte(c)
		case c >= 'A' && c <= 'Z':
			want = byte(c) + 'a' - 'A'
		}
		if got := ASCII(byte(c)); got != want {
			t.Errorf("ASCII(%#x) = %#x, want %#x", c, got, want)
		}
	}
}
