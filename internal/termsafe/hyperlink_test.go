package termsafe

import (
	"strings"
	"testing"
)

func TestLinkURI(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"https://example.org/a?b=c#d", "https://example.org/a?b=c#d", true},
		{"HTTP://x.y", "HTTP://x.y", true},
		{"mailto:desk@example.org", "mailto:desk@example.org", true},
		{"https://x.y/a b", "https://x.y/a%20b", true},
		{"https://x.y/\x1b]8;;evil\x1b\\", "https://x.y/%1B]8%3B%3Bevil%1B\\", true},
		{"https://x.y/\a\x9c\u009b\x7f", "https://x.y/%07%9C%C2%9B%7F", true},
		{"https://x.y/;id=1", "https://x.y/%3Bid=1", true},
		{"https://x.y/café", "https://x.y/caf%C3%A9", true},
		{"javascript:alert(1)", "", false},
		{"file:///etc/passwd", "", false},
		{"ftp://x.y", "", false},
		{"brief.md", "", false},
		{":nothing", "", false},
		{"https:", "", false},
		{"https://x.y/" + strings.Repeat("a", MaxLinkURI), "", false},
	}
	for _, tt := range tests {
		got, ok := LinkURI(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("LinkURI(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if open, ok := Hyperlink(tt.in); ok {
			if err := CheckLinked(open + "text" + HyperlinkEnd); err != nil {
				t.Errorf("Hyperlink(%q) is not safe: %v", tt.in, err)
			}
		}
	}
}

func TestStyledLinks(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "a\x1b[1mb\x1b[m", "a\x1b[1mb\x1b[m"},
		{"link kept, params dropped", "\x1b]8;id=12;https://x.y\x1b\\link\x1b]8;;\x1b\\ after",
			"\x1b]8;;https://x.y\x1b\\link\x1b]8;;\x1b\\ after"},
		{"BEL terminator", "\x1b]8;;https://x.y\alink\x1b]8;;\a", "\x1b]8;;https://x.y\x1b\\link\x1b]8;;\x1b\\"},
		{"scheme not linked", "\x1b]8;;javascript:x\x1b\\link\x1b]8;;\x1b\\", "link\x1b]8;;\x1b\\"},
		{"URI encoded", "\x1b]8;;https://x.y/a b;c\x1b\\l", "\x1b]8;;https://x.y/a%20b%3Bc\x1b\\l"},
		{"unterminated dropped", "\x1b]8;;https://x.y\nnext", "\nnext"},
		{"other OSC dropped", "a\x1b]52;c;Zm9v\x07b\x1b]0;t\x1b\\c", "abc"},
		{"controls around", "\x07a\x1b]8;;https://x.y\x1b\\\x1b[2Jb", "a\x1b]8;;https://x.y\x1b\\b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := StyledLinks(tt.in)
			if got != tt.want {
				t.Errorf("StyledLinks(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if err := CheckLinked(got); err != nil {
				t.Errorf("StyledLinks(%q) is not safe: %v", tt.in, err)
			}
		})
	}
}

func TestCheckLinked(t *testing.T) {
	for _, bad := range []string{
		"\x1b]8;;javascript:x\x1b\\t",
		"\x1b]8;;https://x.y/a b\x1b\\t",
		"\x1b]8;id=1;https://x.y\x1b\\t",
		"\x1b]8;;https://x.y\at",
		"\x1b]8;;https://x.y",
		"\x1b]52;c;Zm9v\a",
		"ok \x1b[2J",
	} {
		if CheckLinked(bad) == nil {
			t.Errorf("CheckLinked(%q) = nil, want an error", bad)
		}
	}
	if err := CheckLinked("\x1b[1m\x1b]8;;https://x.y\x1b\\t\x1b]8;;\x1b\\\x1b[m"); err != nil {
		t.Errorf("CheckLinked refused a hyperlink: %v", err)
	}
}

// FuzzStyledLinks holds StyledLinks to CheckLinked on any input.
func FuzzStyledLinks(f *testing.F) {
	for _, s := range []string{"\x1b]8;;https://x.y\x1b\\t\x1b]8;;\x1b\\", "\x1b]8;;https://\x1b]8;;x\a", "\x1b]8;a;b;c\x9c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := CheckLinked(StyledLinks(s)); err != nil {
			t.Fatalf("StyledLinks(%q): %v", s, err)
		}
	})
}
