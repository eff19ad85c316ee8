package serve

import (
	"fmt"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/search"
	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// nestedOrQuery is `(a OR (b OR (c OR …`, n bytes at least, never closed.
func nestedOrQuery(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "(%c OR ", 'a'+i%26)
	}
	return b.String()
}

// paste writes s to the session as one bracketed paste.
func (tm *term) paste(s string) {
	tm.t.Helper()
	tm.write("\x1b[200~" + s + "\x1b[201~")
}

// A query pasted into the / bar that once killed the server (60 KiB of
// "(", or of nested "(a OR (b OR …", under the paste limit) is refused
// with the query's error and its caret, as is one short enough to parse
// but nested too deep; the session goes on (a query typed next narrows the
// list), and another session on the server is not disturbed at any point.
func TestHostileQueryPasteOverSSH(t *testing.T) {
	k := newKey(t)
	ts, ev, released := startHostile(t, []gossh.Signer{k}, nil)
	const size = 60 << 10
	if size >= DefaultLimits().MaxPaste {
		t.Fatalf("a %d-byte paste is over the default limit %d: it would be refused before the query sees it", size, DefaultLimits().MaxPaste)
	}
	const width = 160
	c := dial(t, ts.addr, clientConfig(gossh.PublicKeys(k)))
	other := openTerm(t, c, 80, 24)
	other.waitFor("Briefing")
	tm := openTerm(t, c, width, 30)
	tm.waitFor("Briefing")

	// The other session answers a key: help opens, and closes.
	stillServed := func() {
		t.Helper()
		m := other.mark()
		other.send("?")
		other.waitAfter(m, "page down")
		other.send("?")
	}
	tooLong := fmt.Sprintf("query longer than %d bytes", search.MaxQueryBytes)
	tooDeep := fmt.Sprintf("nested deeper than %d parentheses and negations", search.MaxQueryDepth)
	// The caret is under the byte where the query goes wrong or, when the
	// bar has scrolled that byte out of sight (the cursor is at the end of
	// a long paste), at the bar's first column after the prompt.
	deep := search.MaxQueryDepth + 1
	for _, tc := range []struct {
		name, query, shows string
		caret              int
	}{
		{"parens", strings.Repeat("(", size), "^ " + tooLong, 1},
		{"nested-or", nestedOrQuery(size), "^ " + tooLong, 1},
		// The prompt "/" is column 0, so the first "(" too deep is at deep.
		{"deep", strings.Repeat("(", deep) + "a" + strings.Repeat(")", deep), "^ " + tooDeep, deep},
		{"deep-or", nestedOrQuery(search.MaxQueryBytes - 100), "^ " + tooDeep, 1},
	} {
		m := tm.mark()
		tm.send("/")
		tm.paste(tc.query)
		tm.waitAfter(m, tc.shows)
		tm.waitAfter(m, "(last good)")
		if col := caretColumn(t, tm.out.String()[m:], tc.shows); col != tc.caret {
			t.Errorf("%s: the caret is at column %d, want %d", tc.name, col, tc.caret)
		}
		stillServed()
		m = tm.mark()
		tm.send("\x15") // ctrl+u: the bar is emptied, and its error goes
		tm.waitAfter(m, "enter keep")
		m = tm.mark()
		tm.send("\x1b") // esc: the bar closes, nothing kept
		tm.waitAfter(m, "newest first")
	}

	// A query typed next narrows the list as ever.
	lib := samples()
	word := strings.Fields(lib.Briefs()[lib.Len()-1].Title)[0]
	q, err := search.ParseQuery(word)
	if err != nil {
		t.Fatal(err)
	}
	n := len(search.NewIndex(lib.Briefs()).Filter(q, search.SearchOptions{PrefixLast: true}))
	if n == 0 || n >= lib.Len() {
		t.Fatalf("%q matches %d of %d briefs: it does not narrow the list", word, n, lib.Len())
	}
	m := tm.mark()
	tm.send("/")
	tm.send(word)
	tm.waitAfter(m, fmt.Sprintf("%d of %d", n, lib.Len()))
	tm.send("\r")

	other.openFirstBrief()
	for _, s := range []*term{tm, other} {
		s.send("\x03")
		if err := s.wait(); err != nil {
			t.Fatalf("a session ended with %v", err)
		}
	}
	_ = c.Close()
	ev.wait(t, "disconnect", 1)
	waitReleased(t, released, 2)
	if n := ev.count("panic"); n != 0 {
		t.Fatalf("%d sessions panicked", n)
	}
	waitNoSessionGoroutines(t)
}

// caretColumn is the column of the "^" on the last line drawn in out (a
// session's output) that shows text: the painter draws a line from its
// first column, after a cursor move to it.
func caretColumn(t *testing.T, out, text string) int {
	t.Helper()
	end := strings.LastIndex(out, text)
	if end < 0 {
		t.Fatalf("%q not drawn", text)
	}
	end += len(text)
	moves := cursorMoves.FindAllStringIndex(out[:end], -1)
	if len(moves) == 0 {
		t.Fatalf("no cursor move before %q", text)
	}
	last := moves[len(moves)-1]
	if col := cursorMoves.FindStringSubmatch(out[last[0]:last[1]])[2]; col != "1" {
		t.Fatalf("the line with %q is drawn from column %s, not from its start", text, col)
	}
	return strings.Index(ansi.Strip(out[last[1]:end]), "^")
}
