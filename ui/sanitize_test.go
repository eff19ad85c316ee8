package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text unchanged", "# Title\n\nSome *text*\twith a tab.\n", "# Title\n\nSome *text*\twith a tab.\n"},
		{"unicode kept", "What’s Next? 🚀 שלום\u200f", "What’s Next? 🚀 שלום\u200f"},
		{"CSI SGR removed whole", "a\x1b[31mred\x1b[0m b", "ared b"},
		{"CSI clear screen", "x\x1b[2Jy\x1b[H", "xy"},
		{"CSI private mode", "\x1b[?1049hz", "z"},
		{"OSC 52 clipboard BEL", "a\x1b]52;c;ZWNobyBoaQ==\x07b", "ab"},
		{"OSC 52 clipboard ST", "a\x1b]52;c;ZWNobyBoaQ==\x1b\\b", "ab"},
		{"OSC 8 link keeps text", "\x1b]8;;javascript:alert(1)\x1b\\click\x1b]8;;\x1b\\ me", "click me"},
		{"unterminated OSC ends at line", "a\x1b]0;title\nnext line", "a\nnext line"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"two byte escapes", "a\x1b7b\x1b8c\x1bcd\x1b(Be", "abcde"},
		{"lone ESC at end", "abc\x1b", "abc"},
		{"ESC before non-ascii", "a\x1bé", "aé"},
		{"C0 dropped", "a\x00b\x07c\x08d\x0be\x0cf\x7fg", "abcdefg"},
		{"CR becomes newline", "a\r\nb\rc", "a\nb\nc"},
		{"C1 as UTF-8", "a\u0085b\u0086c", "abc"},
		{"C1 DCS takes its string", "a\u0090junk\u009cb\u0090rest\nnext", "ab\nnext"},
		{"C1 CSI takes params", "a\u009b31mred", "ared"},
		{"C1 OSC", "a\u009d52;c;Zm9v\u009cb", "ab"},
		{"raw C1 CSI byte", "a\x9b2Jb", "ab"},
		{"raw C1 byte plain", "a\x85b", "ab"},
		{"invalid UTF-8 replaced", "a\xffb", "a\uFFFDb"},
		{"bidi override", "a\u202Eevil\u202C b", "aevil b"},
		{"bidi isolates", "\u2066x\u2067y\u2068z\u2069", "xyz"},
		{"entity dec", "a&#27;[2Jb", "a[2Jb"},
		{"entity hex lower", "a&#x1b;b", "ab"},
		{"entity hex upper", "a&#X1B;b", "ab"},
		{"entity C1 CSI", "a&#155;b", "ab"},
		{"entity zero padded", "a&#0000027;b", "ab"},
		{"entity without semicolon", "a&#27[31mb", "a[31mb"},
		{"entity hex without semicolon", "a&#x1b b", "a b"},
		{"entity bidi", "a&#x202E;b&#8238;c", "abc"},
		{"entity DEL", "a&#127;b", "ab"},
		{"entity CR", "a&#13;b", "ab"},
		{"entity newline kept", "a&#10;b&#9;c", "a&#10;b&#9;c"},
		{"harmless entities kept", "&amp; &#169; &#x2014; &#65;", "&amp; &#169; &#x2014; &#65;"},
		{"nested entity", "a&#&#27;27;b", "ab"},
		{"entity spliced by ESC", "a&#2\x1b7;b", "ab"},
		{"entity spliced, no semicolon", "a&#2&#27;x", "ax"},
		{"entity at end", "a&#x9b", "a"},
		{"entity huge value", "&#99999999999;", "&#99999999999;"},
		{"javascript link", "[click](javascript:alert(1))", "[click](#)"},
		{"javascript link with title", `[click](javascript:alert(1) "t")`, `[click](# "t")`},
		{"angle dest", "[x](<javascript:alert(1)>)", "[x](#)"},
		{"entity-obfuscated scheme", "[x](jav&#x61;script:alert(1))", "[x](#)"},
		{"uppercase scheme", "[x](JavaScript:alert(1))", "[x](#)"},
		{"file and data", "[a](file:///etc/passwd) ![b](data:text/html;base64,AAA)", "[a](#) ![b](#)"},
		{"relative link dropped", "[r](report.pdf)", "[r](#)"},
		{"https kept", "[ok](https://example.com/a_(b)) [m](mailto:a@b.c) [h](HTTP://x.y)", "[ok](https://example.com/a_(b)) [m](mailto:a@b.c) [h](HTTP://x.y)"},
		{"reference definition", "[x][r]\n\n[r]: javascript:alert(1)\n", "[x][r]\n\n[r]: #\n"},
		{"reference definition in quote", "> [r]: <file:///x> \"t\"", "> [r]: # \"t\""},
		{"reference definition in list", "- [r]: javascript:x\n1. [s]: <file:y>\n", "- [r]: #\n1. [s]: #\n"},
		{"reference shape mid-line is text", "see [r]: javascript:x", "see [r]: javascript:x"},
		{"reference definition kept", "[r]: https://example.com", "[r]: https://example.com"},
		{"autolink javascript", "see <javascript:alert(1)> now", "see javascript:alert(1) now"},
		{"autolink https kept", "<https://example.com>", "<https://example.com>"},
		{"email autolink kept", "<a@b.example>", "<a@b.example>"},
		{"html href", `<a href="javascript:alert(1)">t</a>`, `<a href="#">t</a>`},
		{"html href single unquoted", `<a href='file:///x'>t</a><img src=data:x>`, `<a href="#">t</a><img src="#">`},
		{"html href kept", `<a HREF="https://x.y">t</a>`, `<a HREF="https://x.y">t</a>`},
		{"equals in prose kept", "a = b, x=y", "a = b, x=y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"A title", "A title"},
		{"two\nlines\tand tab", "two lines and tab"},
		{"\x1b]0;pwned\x07Title \x1b[1mbold", "Title bold"},
		{"a\r\nb", "a b"},
		{"\u202Egnp.exe", "gnp.exe"},
	}
	for _, tt := range tests {
		if got := SanitizeLine(tt.in); got != tt.want {
			t.Errorf("SanitizeLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSanitizeNoCopy checks the fast path: clean text comes back as the same string.
func TestSanitizeNoCopy(t *testing.T) {
	in := strings.Repeat("Plain *markdown* with [a link](https://example.com).\n", 50)
	if got := Sanitize(in); got != in {
		t.Fatal("clean text changed")
	}
	if n := testing.AllocsPerRun(10, func() { Sanitize(in) }); n != 0 {
		t.Errorf("clean text allocates %v times", n)
	}
}

// checkSafe reports the first thing in s that must never reach a terminal.
func checkSafe(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for i, r := range s {
		if forbidden(r) {
			return fmt.Sprintf("forbidden rune %U at %d", r, i)
		}
	}
	if v, ok := findForbiddenEntity(s); ok {
		return "forbidden entity " + v
	}
	return ""
}

// findForbiddenEntity looks for a numeric entity (with or without ';', at
// most entityMax long) that decodes to a forbidden rune.
func findForbiddenEntity(s string) (string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] != '&' || i+2 >= len(s) || s[i+1] != '#' {
			continue
		}
		j := i + 2
		hexa := s[j] == 'x' || s[j] == 'X'
		if hexa {
			j++
		}
		k := j
		for k < len(s) && k-i < entityMax && (hexa && isHexDigit(rune(s[k])) || !hexa && isDigit(rune(s[k]))) {
			k++
		}
		if k < len(s) && k-i >= entityMax {
			continue // longer than the check looks: not decoded by goldmark either
		}
		if v, ok := entityValue([]byte(s[i:k])); ok && forbidden(v) {
			return s[i:k], true
		}
	}
	return "", false
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"plain", "a\x1b[31mb", "\x1b]8;;x\x1b\\y", "&#27;", "&#&#27;27;", "&#2\x1b7;", "\u202E",
		"\x9b1m", "\xc2\x9b", "[a](javascript:x)", "<file:x>", `<a href="data:x">`, "a\r\nb",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		if why := checkSafe(out); why != "" {
			t.Fatalf("Sanitize(%q) = %q: %s", in, out, why)
		}
		line := SanitizeLine(in)
		if why := checkSafe(line); why != "" || strings.ContainsAny(line, "\n\t") {
			t.Fatalf("SanitizeLine(%q) = %q: %s", in, line, why)
		}
		if again := Sanitize(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
	})
}

// TestSanitizeLinearTime feeds patterns that made a naive scanner rescan the
// rest of the input at every occurrence (minutes for a megabyte). Linear work
// takes milliseconds; the budget only catches the quadratic kind.
func TestSanitizeLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("slow on purpose if broken")
	}
	for _, unit := range []string{"]:", "[a]:", "\n[a]:", "](<", "](", `href="`, `src='`, "<ab:", "&#", "&#1", "&#&#", "\x1b]", "\x1b[", "= ", "[x](javascript:y)"} {
		s := strings.Repeat(unit, (1<<20)/len(unit))
		start := time.Now()
		Sanitize(s)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%q repeated to 1 MiB: %v", unit, d)
		}
	}
}
