package model

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/ui"
)

// draftDebounce is how long typing must pause before the draft is saved.
const draftDebounce = 500 * time.Millisecond

// maxRetryDelay caps the backoff between automatic save retries.
const maxRetryDelay = 30 * time.Second

// contextBytes is how much text around a quote is kept to find it again.
const contextBytes = 80

// selectionNote builds the note for the reader's selection, or for the
// current section when nothing is selected: the quote is the paragraphs'
// markdown source, with a little text before and after.
func (m Model) selectionNote() (notes.Note, bool) {
	b := m.OpenBrief()
	if b == nil || len(b.Sections) == 0 {
		return notes.Note{}, false
	}
	n := notes.Note{Owner: m.notes.owner, BriefID: b.ID, BriefHash: b.Hash}
	r := m.reader.Rendered()
	from, to, ok := m.reader.Selection()
	if !ok || to >= len(r.Paragraphs) || !inBody(b, r.Paragraphs[from]) || !inBody(b, r.Paragraphs[to]) {
		sec := max(0, min(m.reader.Current(), len(b.Sections)-1))
		n.Section = noteSection(b, sec)
		return n, true
	}
	p, q := r.Paragraphs[from], r.Paragraphs[to]
	body := b.Sections[p.Section].Body
	n.Section = noteSection(b, p.Section)
	n.Quote = body[p.Start:q.End]
	n.Before = strings.TrimLeft(body[runeStart(body, p.Start-contextBytes):p.Start], " \t\r\n")
	n.After = strings.TrimRight(body[q.End:runeEnd(body, q.End+contextBytes)], " \t\r\n")
	return n, true
}

func noteSection(b *briefs.Brief, i int) notes.Section {
	s := b.Sections[i]
	return notes.Section{Kind: string(s.Kind), Title: s.Title, Index: i}
}

// runeStart moves i (clamped to s) back to the start of a rune.
func runeStart(s string, i int) int {
	i = max(0, i)
	for i > 0 && i < len(s) && s[i]&0xC0 == 0x80 {
		i--
	}
	return i
}

// runeEnd moves i (clamped to s) forward to the end of a rune.
func runeEnd(s string, i int) int {
	i = min(len(s), i)
	for i < len(s) && s[i]&0xC0 == 0x80 {
		i++
	}
	return i
}

// openEditor starts writing a note: a draft of the brief when there is one
// (what was typed before a crash; see draftFor), else a new note on the
// selection. The note's ID is chosen now and kept for every save attempt,
// so a save pressed again or retried while another is stuck adds one note.
func (m Model) openEditor() (tea.Model, tea.Cmd) {
	if why := m.notesUsable(true); why != "" {
		return m, m.setStatus(why)
	}
	target, ok := m.selectionNote()
	if !ok {
		return m, nil
	}
	body := ""
	var cmd tea.Cmd
	m.notes.adopted = nil
	if d, ok := m.notes.draftFor(""); ok {
		target, body = d.Note, d.Note.Body
		cmd = m.setStatus(m.notes.restoredStatus(d))
		if d.Session != m.notes.session {
			m.notes.adopted = &d
		}
	}
	// A new ID even for a restored draft: a copy of another window's draft
	// must not save as that window's note, over its text.
	target.ID = notes.NewID()
	m.startEditing(target, body, true)
	return m, cmd
}

// editNote opens the editor on an existing note (its draft, if one was left).
func (m Model) editNote(n notes.Note) (tea.Model, tea.Cmd) {
	if why := m.notesUsable(true); why != "" {
		return m, m.setStatus(why)
	}
	body := n.Body
	m.notes.adopted = nil
	if d, ok := m.notes.draftFor(n.ID); ok {
		body = d.Note.Body
		if d.Session != m.notes.session {
			m.notes.adopted = &d
		}
	}
	m.startEditing(n, body, false)
	return m, nil
}

// startEditing opens the editor on target, a new note or (isNew false) a
// stored one, with body as its text.
func (m *Model) startEditing(target notes.Note, body string, isNew bool) {
	title := target.BriefID
	if b := m.OpenBrief(); b != nil && b.Title != "" {
		title = b.Title
	}
	heading := "Note" + m.styles.Glyphs.Sep + title + m.styles.Glyphs.Sep + ui.SectionLabel(target.Section)
	if !isNew {
		heading = "Edit note" + m.styles.Glyphs.Sep + ui.SectionLabel(target.Section)
	}
	m.notes.target, m.notes.isNew = target, isNew
	m.notes.attempt, m.notes.saveError = 0, ""
	m.notes.editor.Open(heading, target.Quote, body, target.Body)
	m.layoutNotes()
}

// closeEditor closes the editor (it may have closed itself) and leaves
// select mode.
func (m *Model) closeEditor() {
	m.notes.editor.Close()
	m.notes.saveError = ""
	m.notes.draftSeq++ // drop a pending autosave
	m.notes.saveSeq++  // and a pending retry
	m.reader.EndSelect()
}

// draftNote is the editor's text as this window's draft of the target note.
func (m Model) draftNote() notes.Draft {
	n := m.notes.target
	n.Body = m.notes.editor.Value()
	return notes.Draft{Note: n, Session: m.notes.session}
}

// editorInput gives a key or a paste to the open editor (it is modal) and
// does what it asks: save, discard, or autosave the draft once typing
// pauses.
func (m Model) editorInput(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	m.notes.editor, cmd = m.notes.editor.Update(msg)
	switch m.notes.editor.Event() {
	case ui.EditorSave:
		return m.saveNote()
	case ui.EditorClosed:
		return m, m.dropDraft()
	case ui.EditorDiscarded:
		return m, tea.Batch(m.setStatus("note discarded"), m.dropDraft())
	case ui.EditorEdited:
		m.notes.draftSeq++
		seq := m.notes.draftSeq
		return m, m.clock().Tick(draftDebounce, func(time.Time) tea.Msg { return draftTickMsg{seq: seq} })
	}
	return m, cmd
}

// dropDraft closes the editor without saving and deletes the draft it kept,
// and the other window's draft it took over unless written to since.
func (m *Model) dropDraft() tea.Cmd {
	m.closeEditor()
	s, mine, adopted := m.notes.store, m.draftNote(), m.notes.adopted
	m.notes.forgetDrafts()
	return writeCmd("", func(ctx context.Context) error { return deleteDrafts(ctx, s, mine, adopted) })
}

// deleteDrafts deletes the window's own draft, whatever its time, and the
// draft it took over from another window, unless that was saved again since.
func deleteDrafts(ctx context.Context, s notes.DraftStore, mine notes.Draft, adopted *notes.Draft) error {
	mine.Updated = time.Time{}
	err := s.DeleteDraft(ctx, mine)
	if adopted != nil {
		err = errors.Join(err, s.DeleteDraft(ctx, *adopted))
	}
	return err
}

// saveNote saves the draft, then the note; a failure keeps the editor open.
func (m Model) saveNote() (tea.Model, tea.Cmd) {
	if strings.TrimSpace(m.notes.editor.Value()) == "" {
		m.notes.editor.SetProblem("an empty note is not saved (esc discards it; h highlights)")
		return m, nil
	}
	m.notes.saveSeq++
	seq, s, d, isNew, adopted := m.notes.saveSeq, m.notes.store, m.draftNote(), m.notes.isNew, m.notes.adopted
	m.notes.editor.SetProblem("saving" + m.styles.Glyphs.Ellipsis)
	return m, func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		// The draft first: if the note cannot be saved, what was typed is.
		_ = s.SaveDraft(ctx, d)
		var saved notes.Note
		var err error
		if isNew {
			// d.Note.ID was chosen when the editor opened: an attempt that
			// is stuck, or went through unseen, and this one add one note.
			saved, err = s.AddNote(ctx, d.Note)
		} else {
			saved, err = s.UpdateNote(ctx, d.Note)
		}
		if err == nil {
			_ = deleteDrafts(ctx, s, d, adopted)
		}
		return noteSavedMsg{seq: seq, note: saved, err: err}
	}
}

func (m Model) handleNoteSaved(msg noteSavedMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.notes.saveSeq || !m.notes.editor.Focused() {
		return m, nil
	}
	if msg.err != nil {
		m.notes.attempt++
		delay := min(maxRetryDelay, time.Second<<min(m.notes.attempt-1, 5))
		why := errorReason(msg.err)
		m.notes.saveError = why
		m.notes.editor.SetProblem(fmt.Sprintf("not saved: %s; retrying in %ds (ctrl+r now)", why, int(delay/time.Second)))
		seq := m.notes.saveSeq
		return m, tea.Batch(m.setStatus("note not saved: "+why+" (your text is kept)"),
			m.clock().Tick(delay, func(time.Time) tea.Msg { return saveRetryMsg{seq: seq} }))
	}
	m.closeEditor()
	m.notes.forgetDrafts()
	return m, tea.Batch(m.setStatus("note saved"), m.refreshNotes())
}

func (m Model) handleSaveRetry(msg saveRetryMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.notes.saveSeq || !m.notes.editor.Focused() || m.notes.editor.Confirming() {
		return m, nil
	}
	return m.saveNote()
}

func (m Model) handleDraftTick(msg draftTickMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.notes.draftSeq || !m.notes.editor.Focused() || m.notes.store == nil {
		return m, nil
	}
	s, d, adopted := m.notes.store, m.draftNote(), m.notes.adopted
	m.notes.keepDraft(d)
	return m, func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		return draftSavedMsg{err: saveDraft(ctx, s, d, adopted)}
	}
}

// saveDraft saves the window's draft d. Once it is saved, a draft taken
// over from another window (adopted) is deleted unless written since: d
// holds its text now, and the next window must not be offered both.
func saveDraft(ctx context.Context, s notes.DraftStore, d notes.Draft, adopted *notes.Draft) error {
	if err := s.SaveDraft(ctx, d); err != nil {
		return err
	}
	if adopted != nil {
		_ = s.DeleteDraft(ctx, *adopted)
	}
	return nil
}

func (m Model) handleDraftSaved(msg draftSavedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil && m.notes.editor.Focused() && m.notes.saveError == "" {
		m.notes.editor.SetProblem("draft not saved: " + errorReason(msg.err) + " (keep this open; ctrl+s retries)")
	}
	return m, nil
}

// highlight toggles the highlight of the selection (or the paragraph on
// top): it stores one, or removes the one that already marks exactly this
// text, so pressing h again undoes it rather than stacking copies.
func (m Model) highlight() (tea.Model, tea.Cmd) {
	if why := m.notesUsable(true); why != "" {
		return m, m.setStatus(why)
	}
	if !m.reader.Selecting() && !m.reader.StartSelect() {
		return m, nil
	}
	n, ok := m.selectionNote()
	m.reader.EndSelect()
	if !ok {
		return m, nil
	}
	s := m.notes.store
	if old, ok := m.sameHighlight(n); ok {
		m.notes.deleted = &old // u in the notes panel brings it back
		return m, writeCmd("highlight removed", func(ctx context.Context) error {
			return s.DeleteNote(ctx, old.Owner, old.ID)
		})
	}
	return m, writeCmd("highlighted", func(ctx context.Context) error {
		_, err := s.AddNote(ctx, n)
		return err
	})
}

// sameHighlight is the open brief's highlight on exactly n's text, if any.
func (m Model) sameHighlight(n notes.Note) (notes.Note, bool) {
	for _, old := range m.notes.list {
		if old.IsHighlight() && old.BriefID == n.BriefID && old.Section.Index == n.Section.Index && old.Quote == n.Quote {
			return old, true
		}
	}
	return notes.Note{}, false
}

// writeExport writes notes as markdown to a new file at path.
func writeExport(path string, list []notes.Note, titles map[string]string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if err := ui.ExportNotes(f, notes.FormatMarkdown, list, titles); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// handlePaste puts pasted text into the note editor or the review filter
// when one is open, else into the search bars.
func (m Model) handlePaste(msg tea.PasteMsg) (tea.Model, tea.Cmd) {
	switch {
	case m.notes.editor.Focused():
		return m.editorInput(msg)
	case m.notes.review.Focused() && m.notes.review.Editing():
		m.endStatus(scopeReviewNote)
		var cmd tea.Cmd
		m.notes.review, cmd = m.notes.review.Update(msg)
		return m, cmd
	}
	return m.handleQueryPaste(msg)
}
