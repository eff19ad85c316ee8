package briefs

import (
	"slices"
	"testing"
)

func TestSearchTerms(t *testing.T) {
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
		if got := searchTerms(c.in); !slices.Equal(got, c.want) {
			t.Errorf("searchTerms(%q) = %q, want %q", c.in, got, c.want)
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
	tk := getTokenizer()
	defer putTokenizer(tk)
	tk.scan(s, func(term []byte, start, end int) { got = append(got, tokenRange{string(term), start, end}) })
	want := []tokenRange{{"anna", 0, 4}, {"muller", 5, 12}, {"s", 13, 14}, {"東", 15, 18}, {"京", 18, 21}}
	if !slices.Equal(got, want) {
		t.Errorf("scan = %v, want %v", got, want)
	}
}

func TestFoldText(t *testing.T) {
	if got := FoldText("Müller's  CAFÉ"); got != "muller s cafe" {
		t.Errorf("FoldText = %q", got)
	}
}

func TestPlainSnippetText(t *testing.T) {
	cases := []struct{ in, want string }{
		{"## Heading\n\nSome **bold** and _em_ text.", "Heading Some bold and em text."},
		{"See [the report](https://example.com/r) now.", "See the report now."},
		{"![chart](img.png) and <https://example.com> end", "chart and end"},
		{"- one\n- two\n> quoted `code`", "one two quoted code"},
		{"a [bracket] b", "a bracket b"},
		{"  spaced\n\n\n  out  ", "spaced out"},
		{"東京 *で*", "東京 で"},
	}
	for _, c := range cases {
		if got := plainSnippetText(c.in); got != c.want {
			t.Errorf("plainSnippetText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
