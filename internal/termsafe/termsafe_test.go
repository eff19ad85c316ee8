package termsafe

import (
	"encoding/json"
	"fmt"
	"html"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/util"
)

// zeros40 pads a reference past any fixed-width check.
var zeros40 = strings.Repeat("0", 40)

func TestMarkdown(t *testing.T) {
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
		{"entity dec", "a&#27;[2Jb", "a\uFFFD[2Jb"},
		{"entity hex lower", "a&#x1b;b", "a\uFFFDb"},
		{"entity hex upper", "a&#X1B;b", "a\uFFFDb"},
		{"entity C1 CSI", "a&#155;b", "a\uFFFDb"},
		{"entity zero padded", "a&#0000027;b", "a\uFFFDb"},
		{"entity without semicolon", "a&#27[31mb", "a\uFFFD[31mb"},
		{"entity hex without semicolon", "a&#x1b b", "a\uFFFD b"},
		{"entity bidi", "a&#x202E;b&#8238;c", "a\uFFFDb\uFFFDc"},
		{"entity DEL", "a&#127;b", "a\uFFFDb"},
		{"entity CR", "a&#13;b", "a\uFFFDb"},
		{"entity newline kept", "a&#10;b&#9;c", "a&#10;b&#9;c"},
		{"harmless entities kept", "&amp; &#169; &#x2014; &#65;", "&amp; &#169; &#x2014; &#65;"},
		{"nested entity", "a&#&#27;27;b", "a&#\uFFFD27;b"},
		{"entity spliced by ESC", "a&#2\x1b7;b", "a\uFFFDb"},
		{"entity spliced, no semicolon", "a&#2&#27;x", "a\uFFFD\uFFFDx"},
		{"entity at end", "a&#x9b", "a\uFFFD"},
		{"entity huge value", "&#99999999999;", "\uFFFD"},
		// Forms that overflow or pad past what a fixed-width reader checks, as
		// html.UnescapeString (glamour) wraps them at 32 bits.
		{"wraps to ESC", "a&#4294967323;[31337mb", "a\uFFFD[31337mb"},
		{"hex wraps to ESC", "a&#x10000001b;[31337mb", "a\uFFFD[31337mb"},
		{"wraps to C1 OSC", "a&#4294967453;b", "a\uFFFDb"},
		{"hex wraps to bidi", "a&#x10000202e;b", "a\uFFFDb"},
		{"wraps without semicolon", "a&#4294967323[1m", "a\uFFFD[1m"},
		{"40 zeros", "a&#" + zeros40 + "27;[31337m", "a\uFFFD[31337m"},
		{"hex 40 zeros", "a&#x" + zeros40 + "1b;[31337m", "a\uFFFD[31337m"},
		{"40 zeros harmless kept", "&#" + zeros40 + "65;", "&#" + zeros40 + "65;"},
		{"surrogate", "&#xD800;", "\uFFFD"},
		{"zero", "&#0;&#x0;", "\uFFFD\uFFFD"},
		{"C1 Windows-1252 form", "&#128;&#x9D;&#144;", "\uFFFD\uFFFD\uFFFD"},
		{"in code span", "`&#4294967323;[31337m`", "`\uFFFD[31337m`"},
		{"in strikethrough", "~~&#4294967323;[31337m~~", "~~\uFFFD[31337m~~"},
		{"in HTML block", "<div>&#4294967323;[31337m</div>", "<div>\uFFFD[31337m</div>"},
		{"in link title", `[a](https://x.y "&#x1b;[8m")`, "[a](https://x.y \"\uFFFD[8m\")"},
		{"in allowed link destination", "[a](https://x.y/&#27;)", "[a](https://x.y/\uFFFD)"},
		{"next to a dropped autolink", "&#<x1b:y>", "&#&lt;x1b:y>"},
		// References left open before markup the renderer drops when it glues
		// the text of a strikethrough or code span together.
		{"open & before emphasis", "~~&*#27;*[1m~~", "~~&amp;*#27;*[1m~~"},
		{"open & before code span", "~~&`#27;`~~", "~~&amp;`#27;`~~"},
		{"open & before link text end", "~~[a&](https://x.y)#27;~~", "~~[a&amp;](https://x.y)#27;~~"},
		{"open & before image", "~~&![](https://x.y)#27;~~", "~~&amp;![](https://x.y)#27;~~"},
		{"open & before hard break", "~~&  \n#27;~~", "~~&amp;  \n#27;~~"},
		{"open & before backslash break", "~~&\\\n#27;~~", "~~&amp;\\\n#27;~~"},
		{"open & ending an autolink", "~~<https://x.y/&>#27;~~", "~~<https://x.y/&amp;>#27;~~"},
		{"open &# before emphasis", "~~&#*2*7;~~", "~~&amp;#*2*7;~~"},
		{"open &#x before emphasis", "~~&#x*1b*;~~", "~~&amp;#x*1b*;~~"},
		{"open harmless number closed", "~~&#82*38;*~~", "~~&#82;*38;*~~"},
		{"open & without # after kept", "&[u8] and *&*x", "&[u8] and *&*x"},
		{"open & with # in next paragraph kept", "&[u8]\n\n#27;", "&[u8]\n\n#27;"},
		{"open & before text kept", "AT&T &#65 &amp; a &\n#1", "AT&T &#65 &amp; a &\n#1"},
		{"named references kept", "&amp; &lt; &copy &Tab; &NewLine; &lrm;", "&amp; &lt; &copy &Tab; &NewLine; &lrm;"},
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
		{"autolink javascript", "see <javascript:alert(1)> now", "see &lt;javascript:alert(1)> now"},
		{"autolink inside brackets", "<<a0:b>>", "<&lt;a0:b>>"},
		{"autolink https kept", "<https://example.com>", "<https://example.com>"},
		{"email autolink kept", "<a@b.example>", "<a@b.example>"},
		{"html href", `<a href="javascript:alert(1)">t</a>`, `<a href="#">t</a>`},
		{"html href single unquoted", `<a href='file:///x'>t</a><img src=data:x>`, `<a href="#">t</a><img src="#">`},
		{"html href kept", `<a HREF="https://x.y">t</a>`, `<a HREF="https://x.y">t</a>`},
		{"equals in prose kept", "a = b, x=y", "a = b, x=y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Markdown(tt.in); got != tt.want {
				t.Errorf("Markdown(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"A title", "A title"},
		{"two\nlines\tand tab", "two lines and tab"},
		{"\x1b]0;pwned\x07Title \x1b[1mbold", "Title bold"},
		{"a\r\nb", "a b"},
		{"\u202Egnp.exe", "gnp.exe"},
	}
	for _, tt := range tests {
		if got := Line(tt.in); got != tt.want {
			t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestMarkdownNoCopy checks the fast path: clean text comes back as the same string.
func TestMarkdownNoCopy(t *testing.T) {
	in := strings.Repeat("Plain *markdown* with [a link](https://example.com).\n", 50)
	if got := Markdown(in); got != in {
		t.Fatal("clean text changed")
	}
	if n := testing.AllocsPerRun(200, func() { Markdown(in) }); n != 0 {
		t.Errorf("clean text allocates %v times", n)
	}
}

// checkSafe reports the first thing in s that must never reach a terminal,
// as it is and as each reader of markdown decodes it: Go's html package
// (glamour) and goldmark's own reference resolution.
func checkSafe(s string) string {
	for _, d := range decoders {
		if err := Check(d.decode(s), false); err != nil {
			return d.name + ": " + err.Error()
		}
	}
	return ""
}

// decoders are the readers of character references that text may meet.
var decoders = []struct {
	name   string
	decode func(string) string
}{
	{"as is", func(s string) string { return s }},
	{"html.UnescapeString", html.UnescapeString},
	{"goldmark", func(s string) string {
		return string(util.ResolveEntityNames(util.ResolveNumericReferences([]byte(s))))
	}},
}

// TestReferencesAgreeWithDecoders checks every shape of numeric reference,
// in every padding and at the values around each edge (the forbidden
// ranges, the largest scalar, 2^32 and 2^64 wrap-arounds), against the
// decoders themselves: what Markdown lets through decodes to nothing
// Forbidden, and what it replaces is not left half there.
func TestReferencesAgreeWithDecoders(t *testing.T) {
	var values []uint64
	for _, edge := range []uint64{0, 0x1b, 0x20, 0x7f, 0x80, 0x9f, 0xa0, 0x202a, 0x202e, 0x2066, 0x2069, 0xd800, 0xfffd, 0x10ffff} {
		for _, wrap := range []uint64{0, 1 << 32, 2 << 32, 1 << 63} {
			for d := uint64(0); d < 3; d++ {
				values = append(values, edge+wrap+d-min(edge+wrap, 1))
			}
		}
	}
	n := 0
	for _, v := range values {
		for _, form := range []string{
			strconv.FormatUint(v, 10), "x" + strconv.FormatUint(v, 16), "X" + strings.ToUpper(strconv.FormatUint(v, 16)),
			zeros40 + strconv.FormatUint(v, 10), "x" + zeros40 + strconv.FormatUint(v, 16),
		} {
			for _, end := range []string{";", "", "[1m", " "} {
				ref := "&#" + form + end
				for _, in := range []string{ref, "a" + ref + "b", "`" + ref + "`", "~~" + ref + "~~", "<div>" + ref + "</div>"} {
					n++
					out := Markdown(in)
					if why := checkSafe(out); why != "" {
						t.Fatalf("Markdown(%q) = %q: %s", in, out, why)
					}
					if why := checkSafe(Line(in)); why != "" {
						t.Fatalf("Line(%q) = %q: %s", in, Line(in), why)
					}
				}
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d cases", n)
	}
}

// TestReferenceEdges pins the boundary of what is kept: the values either
// side of each forbidden range.
func TestReferenceEdges(t *testing.T) {
	for _, tt := range []struct {
		ref  string
		keep bool
	}{
		{"&#31;", false}, {"&#32;", true}, {"&#126;", true}, {"&#127;", false}, {"&#159;", false}, {"&#160;", true},
		{"&#x2029;", true}, {"&#x202A;", false}, {"&#x202E;", false}, {"&#x202F;", true},
		{"&#x2065;", true}, {"&#x2066;", false}, {"&#x2069;", false}, {"&#x206A;", true},
		{"&#x10FFFF;", true}, {"&#x110000;", false}, {"&#1114111;", true}, {"&#1114112;", false},
		{"&#9;", true}, {"&#10;", true}, {"&#13;", false}, {"&#x200F;", true},
	} {
		got := Markdown(tt.ref)
		if kept := got == tt.ref; kept != tt.keep {
			t.Errorf("Markdown(%q) = %q, want kept %v", tt.ref, got, tt.keep)
		}
	}
}

func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{
		"plain", "a\x1b[31mb", "\x1b]8;;x\x1b\\y", "&#27;", "&#&#27;27;", "&#2\x1b7;", "\u202E",
		"\x9b1m", "\xc2\x9b", "[a](javascript:x)", "<file:x>", `<a href="data:x">`, "a\r\nb",
		"&#4294967323;[31337m", "&#x10000001b;", "&#4294967453;", "&#x10000202e;", "&#" + zeros40 + "27;",
		"&#x" + zeros40 + "1b;", "<div>&#4294967323;[31337m</div>", "~~&*#27;*~~", "~~&#*2*7;~~", "&#<x1b:y>",
		"~~<https://x.y/&>#27;~~", "~~&  \n#27;~~",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Markdown(in)
		if why := checkSafe(out); why != "" {
			t.Fatalf("Markdown(%q) = %q: %s", in, out, why)
		}
		line := Line(in)
		if why := checkSafe(line); why != "" || strings.ContainsAny(line, "\n\t") {
			t.Fatalf("Line(%q) = %q: %s", in, line, why)
		}
		if again := Markdown(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
	})
}

// TestMarkdownLinearTime feeds patterns that made a naive scanner rescan the
// rest of the input at every occurrence (minutes for a megabyte). Linear work
// takes milliseconds; the budget only catches the quadratic kind.
func TestLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("slow on purpose if broken")
	}
	for _, unit := range []string{"]:", "[a]:", "\n[a]:", "](<", "](", `href="`, `src='`, "<ab:", "&#", "&#1", "&#&#", "\x1b]", "\x1b[", "= ", "[x](javascript:y)",
		"&*", "&*#", "&#*", "&#1*", "& ", "&  \n", "&\\\n", "<a:&>", "&>", "&#" + zeros40, "&amp", "#\n\n&["} {
		s := strings.Repeat(unit, (1<<20)/len(unit))
		start := time.Now()
		Markdown(s)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%q repeated to 1 MiB: %v", unit, d)
		}
	}
}

func TestStyled(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "text\twith tab\n", "text\twith tab\n"},
		{"SGR kept", "\x1b[38;5;252mText\x1b[m \x1b[1;4mb\x1b[0m", "\x1b[38;5;252mText\x1b[m \x1b[1;4mb\x1b[0m"},
		{"colon SGR kept", "\x1b[38:2:1:2:3mx", "\x1b[38:2:1:2:3mx"},
		{"OSC 8 dropped, text kept", "\x1b]8;;https://x.y\x1b\\link\x1b]8;;\x1b\\", "link"},
		{"other CSI dropped", "a\x1b[2Jb\x1b[?25lc\x1b[1;1Hd", "abcd"},
		{"private SGR-like dropped", "a\x1b[?1mb", "ab"},
		{"C0 and DEL dropped", "a\x07b\x7fc\rd", "abcd"},
		{"C1 dropped with its sequence", "a\u009b2Jb\u0085c", "abc"},
		{"raw C1 byte replaced", "a\x9bb", "a\uFFFDb"},
		{"bidi dropped", "a\u202eb\u2066c", "abc"},
		{"two-byte escape", "a\x1b7b", "ab"},
		{"lone ESC", "a\x1b", "a"},
		{"style forms kept", "\x1b[0;1;2;3;4;7;9m\x1b[22;23;24;27;29m\x1b[30;47;90;107;39;49;59m\x1b[4:3m",
			"\x1b[0;1;2;3;4;7;9m\x1b[22;23;24;27;29m\x1b[30;47;90;107;39;49;59m\x1b[4:3m"},
		{"extended colours kept", "\x1b[38;5;0;48;5;255;58;2;1;2;3m\x1b[38;2;255;255;255m\x1b[48:2::1:2:3m",
			"\x1b[38;5;0;48;5;255;58;2;1;2;3m\x1b[38;2;255;255;255m\x1b[48:2::1:2:3m"},
		{"huge parameter dropped", "a\x1b[31337mb", "ab"},
		{"blink dropped", "a\x1b[5mb\x1b[6mc\x1b[1;5md", "abcd"},
		{"concealed dropped", "a\x1b[8mb", "ab"},
		{"unknown parameters dropped", "\x1b[21m\x1b[51m\x1b[10m\x1b[60m\x1b[108m\x1b[25m\x1b[28mx", "x"},
		{"leading zero dropped", "\x1b[01mx\x1b[007mx", "xx"},
		{"bad colours dropped", "\x1b[38;5;256mx\x1b[38;2;1;2mx\x1b[38;3;1mx\x1b[38mx\x1b[48;5mx\x1b[38:5:999mx\x1b[4:6mx\x1b[1:2mx", "xxxxxxxx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Styled(tt.in); got != tt.want {
				t.Errorf("Styled(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if err := Check(Styled(tt.in), true); err != nil {
				t.Errorf("Styled(%q) is not safe: %v", tt.in, err)
			}
		})
	}
}

func TestEscapeEnd(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"\x1b[31mx", 5},
		{"\x1b[mx", 3},
		{"\x1b[38;2;1;2;3mx", 13},
		{"\x1b]8;;u\x1b\\x", 8},
		{"\x1b7x", 2},
		{"\x1b", 1},
	}
	for _, tt := range tests {
		if got := EscapeEnd(tt.s, 0); got != tt.want {
			t.Errorf("EscapeEnd(%q, 0) = %d, want %d", tt.s, got, tt.want)
		}
	}
	if got := EscapeEnd("ab\x1b[1mc", 2); got != 6 {
		t.Errorf("EscapeEnd at 2 = %d, want 6", got)
	}
}

func TestEscapeJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a":"plain é 日本"}`, `{"a":"plain é 日本"}`},
		{"{\"a\":\"x\u007fy\"}", `{"a":"x\u007fy"}`},
		{"{\"a\":\"x\u009b2J\u0085\"}", `{"a":"x\u009b2J\u0085"}`},
		{"{\"a\":\"\u202egnp.exe\u2069\"}", `{"a":"\u202egnp.exe\u2069"}`},
		{`{"a":"\u001b[2J"}`, `{"a":"\u001b[2J"}`},
	}
	for _, tt := range tests {
		got := EscapeJSON([]byte(tt.in))
		if string(got) != tt.want {
			t.Errorf("EscapeJSON(%q) = %q, want %q", tt.in, got, tt.want)
		}
		var in, out any
		if err := json.Unmarshal([]byte(tt.in), &in); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(got, &out); err != nil || !reflect.DeepEqual(in, out) {
			t.Errorf("EscapeJSON(%q) changed the data: %v, %v", tt.in, out, err)
		}
		if err := Check(string(got), false); err != nil {
			t.Errorf("EscapeJSON(%q) = %q: %v", tt.in, got, err)
		}
	}
	clean := []byte(`{"a":"b"}`)
	if got := EscapeJSON(clean); &got[0] != &clean[0] {
		t.Error("clean JSON was copied")
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		in     string
		styled bool
		ok     bool
	}{
		{"plain\ttext\n", false, true},
		{"What’s next? שלום\u200f", false, true},
		{"\x1b[1mbold\x1b[m", true, true},
		{"\x1b[38:2:1:2:3mx\x1b[0m", true, true},
		{"\x1b[1mbold\x1b[m", false, false},
		{"\x1b[2J", true, false},
		{"\x1b[?1m", true, false},
		{"\x1b[31337m", true, false},
		{"\x1b[8m", true, false},
		{"\x1b[5m", true, false},
		{"\x1b[", true, false},
		{"\x1b]8;;x\x1b\\", true, false},
		{"a\x07", false, false},
		{"a\rb", false, false},
		{"a\x7f", false, false},
		{"a\u0085", false, false},
		{"a\x9b", false, false},
		{"a\u202e", false, false},
		{"a\u2069", false, false},
	}
	for _, tt := range tests {
		err := Check(tt.in, tt.styled)
		if (err == nil) != tt.ok {
			t.Errorf("Check(%q, %v) = %v, want ok %v", tt.in, tt.styled, err, tt.ok)
		}
	}
}

func TestForbidden(t *testing.T) {
	for _, r := range []rune{0, 0x07, '\r', 0x1b, 0x1f, 0x7f, 0x80, 0x9b, 0x9f, 0x202a, 0x202e, 0x2066, 0x2069} {
		if !Forbidden(r) {
			t.Errorf("Forbidden(%U) = false", r)
		}
	}
	for _, r := range []rune{'\n', '\t', ' ', 'a', 0xa0, 0x200e, 0x200f, 0x2029, 0x2070, 0xfffd} {
		if Forbidden(r) {
			t.Errorf("Forbidden(%U) = true", r)
		}
	}
}

func BenchmarkMarkdown(b *testing.B) {
	var md strings.Builder
	for i := range 40 {
		fmt.Fprintf(&md, "Officials in the harbour authority said on day %d that the **new tariff** schedule would "+
			"take effect after a [public review](https://example.com/review/%d), and that *shipping firms* had "+
			"asked for more time.\n\n", i, i)
	}
	text := md.String()
	hostile := strings.ReplaceAll(text, "tariff", "tariff\x1b[31m&#27;")
	for _, c := range []struct{ name, text string }{{"clean", text}, {"hostile", hostile}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.text)))
			for b.Loop() {
				Markdown(c.text)
			}
		})
	}
}
