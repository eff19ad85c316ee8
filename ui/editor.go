package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/charmbracelet/x/ansi"
)

// editorChrome is the editor's rows around the text: border (2), heading,
// quote and the hint line.
const editorChrome = 5

// EditorEvent is what the last key or paste given to the editor asks of its
// owner (Editor.Event).
type EditorEvent int

// The editor's events.
const (
	EditorIdle      EditorEvent = iota // nothing for the owner to do
	EditorEdited                       // the text changed: time to autosave a draft
	EditorSave                         // ctrl+s or ctrl+r: save the note (the editor stays open)
	EditorClosed                       // esc with nothing written: the editor has closed, nothing is lost
	EditorDiscarded                    // y to "discard this note?": the editor has closed, the text is dropped
)

// Editor is the inline note editor: a heading saying what the note is on,
// the quoted text, a bubbles textarea and a line of hints or of the save
// error. It edits the text and asks before throwing it away; saving and
// drafts are its owner's business, which holds the store.
type Editor struct {
	styles      *Styles
	keys        *KeyMap // ScreenEditor
	confirmKeys *KeyMap // ScreenConfirm
	open        bool
	saved       string      // the note's text as stored ("" for a new note)
	event       EditorEvent // of the last Update
	// ta is created when the editor first opens: a textarea is ~15 KB with
	// its key map and styles and most sessions never write a note (an SSH
	// server holds hundreds). The pointer is the editor's own; copies of a
	// closed editor share nil, and only the live model's editor types.
	ta      *textarea.Model
	heading string
	quote   string
	problem string // why the last save failed, shown until the next save
	confirm bool   // "discard this note?" is asked
	width   int
	rows    int // text rows, applied to the textarea when it exists
}

// NewEditor returns a closed editor.
func NewEditor(s *Styles, k KeyMap) Editor {
	return Editor{styles: s, keys: k.forScreen(ScreenEditor), confirmKeys: k.forScreen(ScreenConfirm), rows: 3}
}

// newTextarea builds the textarea the editor types into.
func (e *Editor) newTextarea() {
	ta := textarea.New()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.Placeholder = "Write a note (markdown)"
	ta.CharLimit = 0
	// ctrl+v would read the clipboard of the machine the program runs on:
	// over SSH, the server's. The terminal's own paste arrives as a PasteMsg.
	ta.KeyMap.Paste.SetEnabled(false)
	e.ta = &ta
	e.applyStyles()
	e.applySize()
}

// Open starts editing body for a note headed heading on quote, with the
// cursor at the end of the text. saved is the note's text as stored ("" for
// a new note): esc closes at once while the text is still that, and asks
// before discarding otherwise.
func (e *Editor) Open(heading, quote, body, saved string) {
	e.heading, e.quote, e.problem, e.confirm = heading, quote, "", false
	e.open, e.saved = true, saved
	if e.ta == nil {
		e.newTextarea()
	}
	e.ta.Reset()
	e.ta.SetValue(body)
	e.ta.MoveToEnd()
	e.ta.Focus() // the cursor does not blink: its command is not needed
}

// Value is the text being written ("" before the editor first opens).
func (e Editor) Value() string {
	if e.ta == nil {
		return ""
	}
	return e.ta.Value()
}

// Close closes the editor (after a save); the text stays until the next Open.
func (e *Editor) Close() { e.open, e.confirm = false, false }

// Focused reports whether the editor is open; it takes every key then.
func (e Editor) Focused() bool { return e.open }

// Confirming reports whether "discard this note?" is asked.
func (e Editor) Confirming() bool { return e.open && e.confirm }

// Event is what the last Update asks of the owner, read in the same Update
// of the root (see NotesPanel.Event).
func (e Editor) Event() EditorEvent { return e.event }

// SetProblem shows why saving failed (empty clears it).
func (e *Editor) SetProblem(p string) { e.problem = p }

// SetStyles replaces the styles.
func (e *Editor) SetStyles(s *Styles) {
	e.styles = s
	e.applyStyles()
}

// applyStyles gives the textarea the editor's styles. The cursor does not
// blink: a blinking cursor redraws the whole screen twice a second, for
// every SSH session.
func (e *Editor) applyStyles() {
	if e.ta == nil {
		return
	}
	ts := textarea.DefaultStyles(true)
	if e.styles.Plain {
		ts = textarea.Styles{}
	}
	ts.Cursor.Blink = false
	e.ta.SetStyles(ts)
}

// SetSize sets the box's outer width and the most rows it may take.
func (e *Editor) SetSize(w, h int) {
	e.width = w
	e.rows = max(1, min(6, h-editorChrome))
	e.applySize()
}

func (e *Editor) applySize() {
	if e.ta == nil {
		return
	}
	e.ta.SetWidth(max(1, e.width-4))
	e.ta.SetHeight(e.rows)
	e.rescroll()
}

// rescroll shows as much of the text as fits above the cursor. The
// textarea keeps its scroll offset through a resize and only makes sure
// the cursor is on screen, so a box grown taller (or wider, wrapping less)
// left the start of the draft hidden above empty rows. Going to the top
// and back down to the cursor scrolls only as far as the cursor needs.
func (e *Editor) rescroll() {
	row, col := e.ta.Line(), e.ta.Column()
	e.ta.MoveToBegin()
	for guard := len(e.ta.Value()); e.ta.Line() < row && guard >= 0; guard-- {
		e.ta.CursorDown() // by wrapped lines: never more than the text's length
	}
	e.ta.SetCursorColumn(col)
	e.ta.SetHeight(e.ta.Height()) // scrolls to the cursor's wrapped line
}

// Height is the number of rows View draws.
func (e Editor) Height() int {
	if e.ta == nil {
		return e.rows + editorChrome
	}
	return e.ta.Height() + editorChrome
}

// Update handles a key or a paste while the editor is open. While it asks
// "discard this note?", y discards and n goes back to the text; otherwise
// ctrl+s (or ctrl+r) asks to save, esc closes or asks first, and the rest
// edits the text (EditorEdited when it changed).
func (e Editor) Update(msg tea.Msg) (Editor, tea.Cmd) {
	e.event = EditorIdle
	if !e.open || e.ta == nil {
		return e, nil
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if e.confirm {
			switch {
			case key.Matches(msg, e.confirmKeys.Yes):
				e.open, e.confirm, e.event = false, false, EditorDiscarded
			case key.Matches(msg, e.confirmKeys.No):
				e.confirm = false
			}
			return e, nil
		}
		switch {
		case key.Matches(msg, e.keys.SaveNote, e.keys.Retry):
			e.event = EditorSave
			return e, nil
		case key.Matches(msg, e.keys.Discard):
			if strings.TrimSpace(e.Value()) == strings.TrimSpace(e.saved) {
				e.open, e.event = false, EditorClosed
			} else {
				e.confirm = true
			}
			return e, nil
		}
	case tea.PasteMsg:
		if e.confirm {
			return e, nil
		}
	default:
		return e, nil
	}
	before := e.ta.Value()
	*e.ta, _ = e.ta.Update(msg)
	if e.ta.Value() != before {
		e.event = EditorEdited
	}
	return e, nil
}

// View draws the editor box, Height rows of at most the width set. The
// textarea has dropped control characters from what was typed or pasted;
// the text is sanitised again as note text is everywhere.
func (e Editor) View() string {
	s := e.styles
	inner := max(1, e.width-4)
	quote := termsafe.Line(strings.Join(strings.Fields(e.quote), " "))
	if quote == "" {
		quote = "(the whole section)"
	}
	hint := "ctrl+s save" + s.Glyphs.Sep + "esc discard"
	hintStyle := s.Dim
	switch {
	case e.confirm:
		hint, hintStyle = "Discard this note? y discard"+s.Glyphs.Sep+"n keep editing", s.Warning
	case e.problem != "":
		hint, hintStyle = termsafe.Line(e.problem), s.Error
	}
	text := make([]string, e.rows)
	if e.ta != nil {
		text = strings.Split(e.ta.View(), "\n")
	}
	for i, l := range text {
		text[i] = termsafe.Styled(l)
	}
	lines := []string{
		s.OverHead.Render(ansi.Truncate(termsafe.Line(e.heading), inner, s.Glyphs.Ellipsis)),
		s.Meta.Render(ansi.Truncate("“"+quote+"”", inner, s.Glyphs.Ellipsis)),
	}
	lines = append(lines, text...)
	lines = append(lines, hintStyle.Render(ansi.Truncate(hint, inner, s.Glyphs.Ellipsis)))
	return clip(s.Overlay.Width(e.width).Render(strings.Join(lines, "\n")), e.width, e.Height(), true)
}
