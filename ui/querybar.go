package ui

import (
	"errors"
	"strings"

	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/search"
	"github.com/charmbracelet/x/ansi"
)

// maxQueryHistory is how many queries the bar remembers (the session's and
// those of earlier runs it was given).
const maxQueryHistory = 100

// The input is written here rather than taken from bubbles: bubbles'
// textinput imports github.com/atotto/clipboard, which this module does not
// require.

// BarEvent is what the last key or paste given to a QueryBar asks of its
// owner (QueryBar.Event).
type BarEvent int

// The bar's events.
const (
	BarIdle     BarEvent = iota // nothing changed
	BarEdited                   // the value changed: typed, pasted or recalled from the history
	BarApplied                  // Apply (enter): keep what the bar says, or refuse it and keep the bar open
	BarCanceled                 // Cancel (esc): close the bar and undo what it did
)

// QueryBar is a one-line input for a query (the library's search, the
// reader's find, the digest prompt and the review filter) with the
// session's earlier queries on up/down and the error of a malformed query
// drawn under it, a caret at its position. It edits its value and browses
// its history itself; enter and esc it reports to its owner, which decides
// whether the bar closes.
type QueryBar struct {
	styles *Styles
	keys   *KeyMap       // the owner's screen: which of Apply, Cancel, Older and Newer apply
	edit   *lineEditKeys // by pointer, like KeyMap: the root model is copied on every message
	event  BarEvent      // of the last Update
	value  []rune
	pos    int // cursor, in runes
	focus  bool
	prompt string
	width  int
	right  string // drawn at the right end of the input line (a count)
	place  string // drawn dim after the cursor while the value is empty

	history []string
	histPos int    // index into history while browsing; len(history) when not
	draft   string // what was typed before browsing began

	errCol int // cell column of the error in the value; -1 when none
	errMsg string
}

// NewQueryBar returns a closed bar whose input line starts with prompt. It
// takes the bindings of k that screen enables (Apply, Cancel, Older, Newer).
func NewQueryBar(s *Styles, k KeyMap, screen Screen, prompt string) QueryBar {
	return QueryBar{styles: s, keys: k.forScreen(screen), edit: defaultLineEditKeys(), prompt: prompt, errCol: -1}
}

// SetStyles replaces the styles, after the terminal reported its background.
func (b *QueryBar) SetStyles(s *Styles) { b.styles = s }

// SetWidth sets the width of the bar's lines.
func (b *QueryBar) SetWidth(w int) { b.width = max(0, w) }

// SetPlaceholder sets the text drawn dim in the empty input: what to type.
func (b *QueryBar) SetPlaceholder(s string) { b.place = s }

// SetRight sets the text drawn at the right of the input line.
func (b *QueryBar) SetRight(s string) { b.right = s }

// Open focuses the bar with value in it and the cursor at its end.
func (b *QueryBar) Open(value string) {
	b.setValue(value)
	b.focus = true
	b.histPos, b.draft = len(b.history), ""
}

// Close blurs the bar; the value stays for the next Open.
func (b *QueryBar) Close() { b.focus = false }

// Focused reports whether the bar takes keys.
func (b QueryBar) Focused() bool { return b.focus }

// Value is the text in the bar.
func (b QueryBar) Value() string { return string(b.value) }

// SetError shows err (a *search.QueryError gives the caret's position) or,
// when nil, clears the error.
func (b *QueryBar) SetError(err error) {
	b.errCol, b.errMsg = -1, ""
	if err == nil {
		return
	}
	col, msg := QueryErrorAt(b.Value(), err)
	b.errCol, b.errMsg = col, msg
}

// Err is the message of the error shown, or "".
func (b QueryBar) Err() string { return b.errMsg }

// QueryErrorAt returns the cell column (0-based) in src where err points and
// its message without the position; an error that is not a
// *search.QueryError points at the end.
func QueryErrorAt(src string, err error) (col int, msg string) {
	var qe *search.QueryError
	if !errors.As(err, &qe) {
		return ansi.StringWidth(src), termsafe.Line(err.Error())
	}
	pos := max(0, min(qe.Pos, len(src)))
	return ansi.StringWidth(termsafe.Line(src[:pos])), termsafe.Line(qe.Msg)
}

// Remember adds q to the history, unless it is blank or repeats the last one.
func (b *QueryBar) Remember(q string) {
	q = strings.TrimSpace(q)
	if q == "" || (len(b.history) > 0 && b.history[len(b.history)-1] == q) {
		return
	}
	b.history = append(b.history, q)
	if len(b.history) > maxQueryHistory {
		b.history = b.history[len(b.history)-maxQueryHistory:]
	}
	b.histPos = len(b.history)
}

// SetHistory puts qs, oldest first (the queries of earlier runs), before
// the queries remembered so far, keeping the newest maxQueryHistory. Each
// is made safe for the terminal: they come from a file.
func (b *QueryBar) SetHistory(qs []string) {
	h := make([]string, 0, len(qs)+len(b.history))
	for _, q := range qs {
		if q = strings.TrimSpace(termsafe.Line(strings.ReplaceAll(q, "\n", " "))); q != "" {
			h = append(h, q)
		}
	}
	added := len(h)
	h = append(h, b.history...)
	if len(h) > maxQueryHistory {
		added -= len(h) - maxQueryHistory
		h = h[len(h)-maxQueryHistory:]
	}
	b.history = h
	b.histPos = max(0, b.histPos+added) // a browse under way stays on its query
}

// History is the session's queries, oldest first.
func (b QueryBar) History() []string { return b.history }

// Older puts the query before the one shown in the bar; it reports whether
// the value changed.
func (b *QueryBar) Older() bool {
	if b.histPos == 0 || len(b.history) == 0 {
		return false
	}
	if b.histPos == len(b.history) {
		b.draft = b.Value()
	}
	b.histPos--
	b.setValue(b.history[b.histPos])
	return true
}

// Newer puts the query after the one shown, and past the newest what was
// typed before browsing; it reports whether the value changed.
func (b *QueryBar) Newer() bool {
	if b.histPos >= len(b.history) {
		return false
	}
	b.histPos++
	if b.histPos == len(b.history) {
		b.setValue(b.draft)
	} else {
		b.setValue(b.history[b.histPos])
	}
	return true
}

func (b *QueryBar) setValue(v string) {
	b.value = []rune(strings.ReplaceAll(v, "\n", " "))
	b.pos = len(b.value)
}

// Event is what the last Update asks of the owner. It is read at once, in
// the same Update of the root: a message would come back only after keys
// typed meanwhile (commands run concurrently), and the owner must see the
// value the key left, not a later one.
func (b QueryBar) Event() BarEvent { return b.event }

// Update handles a key or a paste while the bar is focused: Apply and
// Cancel are reported (Event), Older and Newer browse the history, and the
// rest edits the value (BarEdited when it changed).
func (b QueryBar) Update(msg tea.Msg) (QueryBar, tea.Cmd) {
	b.event = BarIdle
	if !b.focus {
		return b, nil
	}
	before := b.Value()
	switch msg := msg.(type) {
	case tea.PasteMsg:
		b.insert(msg.Content)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, b.keys.Apply):
			b.event = BarApplied
			return b, nil
		case key.Matches(msg, b.keys.Cancel):
			b.event = BarCanceled
			return b, nil
		case key.Matches(msg, b.keys.Older):
			if b.Older() {
				b.event = BarEdited
			}
			return b, nil
		case key.Matches(msg, b.keys.Newer):
			if b.Newer() {
				b.event = BarEdited
			}
			return b, nil
		default:
			b.key(msg)
		}
	}
	if b.Value() != before {
		b.event = BarEdited
	}
	return b, nil
}

func (b *QueryBar) insert(s string) {
	rs := []rune(termsafe.Line(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)))
	b.value = append(b.value[:b.pos], append(rs, b.value[b.pos:]...)...)
	b.pos += len(rs)
}

func (b *QueryBar) key(msg tea.KeyPressMsg) {
	k := b.edit
	switch {
	case key.Matches(msg, k.Left):
		b.pos = max(0, b.pos-1)
	case key.Matches(msg, k.Right):
		b.pos = min(len(b.value), b.pos+1)
	case key.Matches(msg, k.Home):
		b.pos = 0
	case key.Matches(msg, k.End):
		b.pos = len(b.value)
	case key.Matches(msg, k.Backspace):
		if b.pos > 0 {
			b.value = append(b.value[:b.pos-1], b.value[b.pos:]...)
			b.pos--
		}
	case key.Matches(msg, k.Delete):
		if b.pos < len(b.value) {
			b.value = append(b.value[:b.pos], b.value[b.pos+1:]...)
		}
	case key.Matches(msg, k.DeleteBOL):
		b.value = append([]rune(nil), b.value[b.pos:]...)
		b.pos = 0
	case key.Matches(msg, k.DeleteWord):
		at := b.wordStart()
		b.value = append(b.value[:at], b.value[b.pos:]...)
		b.pos = at
	case key.Matches(msg, k.WordLeft):
		b.pos = b.wordStart()
	case key.Matches(msg, k.WordRight):
		for b.pos < len(b.value) && unicode.IsSpace(b.value[b.pos]) {
			b.pos++
		}
		for b.pos < len(b.value) && !unicode.IsSpace(b.value[b.pos]) {
			b.pos++
		}
	case msg.Text != "" && msg.Mod&^tea.ModShift == 0:
		b.insert(msg.Text)
	}
}

// wordStart is where the word before the cursor begins.
func (b QueryBar) wordStart() int {
	i := b.pos
	for i > 0 && unicode.IsSpace(b.value[i-1]) {
		i--
	}
	for i > 0 && !unicode.IsSpace(b.value[i-1]) {
		i--
	}
	return i
}

// inputView is the value with the cursor, scrolled so the cursor shows in w cells.
func (b QueryBar) inputView(w int) string {
	s := b.styles
	if w <= 0 {
		return ""
	}
	before := string(b.value[:b.pos])
	after := string(b.value[b.pos:])
	cur := " "
	if b.pos < len(b.value) {
		cur = string(b.value[b.pos])
		after = string(b.value[b.pos+1:])
	}
	// Keep the cursor on screen: drop cells from the left of a long value.
	if over := b.scroll(w); over > 0 {
		before = ansi.TruncateLeft(before, over, "")
	}
	cursor := lipgloss.NewStyle().Reverse(true).Render(cur)
	if s.Plain {
		cursor = "_"
		if b.pos < len(b.value) {
			cursor = cur
		}
	}
	if !b.focus {
		cursor = cur
	}
	line := s.Title.Render(before) + cursor + s.Title.Render(after)
	if len(b.value) == 0 && b.place != "" {
		line += s.Dim.Render(truncate(b.place, w-1, s.Glyphs.Ellipsis))
	}
	return ansi.Truncate(line, w, "")
}

// scroll is how many cells of the value inputView drops on the left so
// that the cursor shows in w cells.
func (b QueryBar) scroll(w int) int {
	cur := 1
	if b.pos < len(b.value) {
		cur = ansi.StringWidth(string(b.value[b.pos]))
	}
	return max(0, ansi.StringWidth(string(b.value[:b.pos]))+cur-w)
}

// room is how many cells the value has on the input line.
func (b QueryBar) room() int {
	room := b.width - ansi.StringWidth(b.prompt)
	if b.right != "" {
		room -= ansi.StringWidth(b.right) + 1
	}
	return room
}

// View is the input line: the prompt, the value and the right text, exactly
// width cells at most.
func (b QueryBar) View() string {
	if b.width <= 0 {
		return ""
	}
	left := b.styles.OverHead.Render(b.prompt) + b.inputView(b.room())
	return StatusBar(b.styles, left, b.styles.Dim.Render(b.right), b.width)
}

// ErrorLine is the line under the input: a caret under the error's position
// and the message, or hint when there is no error.
func (b QueryBar) ErrorLine(hint string) string {
	s := b.styles
	if b.width <= 0 {
		return ""
	}
	if b.errCol < 0 {
		return s.Dim.Render(truncate(hint, b.width, s.Glyphs.Ellipsis))
	}
	// Under the character on screen: the input may be scrolled, and an
	// error scrolled out of sight is pointed at from the nearest edge.
	room := max(1, b.room())
	at := min(max(b.errCol-b.scroll(room), 0), room-1)
	col := min(ansi.StringWidth(b.prompt)+at, b.width-1)
	msgW := ansi.StringWidth(b.errMsg)
	switch {
	case col+2+msgW <= b.width:
		return strings.Repeat(" ", col) + s.Error.Render("^ "+b.errMsg)
	case msgW+2 <= col:
		return strings.Repeat(" ", col-msgW-1) + s.Error.Render(b.errMsg+" ^")
	default:
		return strings.Repeat(" ", col) + s.Error.Render(truncate("^ "+b.errMsg, b.width-col, s.Glyphs.Ellipsis))
	}
}
