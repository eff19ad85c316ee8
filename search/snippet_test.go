package search

import "testing"

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
