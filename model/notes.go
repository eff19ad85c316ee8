package model

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/ui"
)

// storeTimeout bounds one store call made from a command: SQLite's busy
// timeout is 5 s, so this only fires when something is stuck.
const storeTimeout = 10 * time.Second

// notesModel is everything the session knows of notes and marks: the store,
// the snapshot the library and the query language read, the open brief's
// notes, and the editor, panel and review screen (ui components that own
// their keys and whether they are open).
type notesModel struct {
	store     notes.Store
	owner     string
	session   string // this window's key for its drafts (notes.Draft.Session)
	dataDir   string // where exports go
	opening   bool   // the store is being opened
	disabled  string // why notes are off; "" when the store works
	readOnly  bool   // the database cannot be written
	roWhy     string // why, when readOnly ("disk full")
	noNotes   string // Options.ReadOnly: why this session keeps nothing
	noExport  bool   // Options.NoExport
	exportOff string // Options.ExportOff
	marks     *notes.Marks

	// The open brief.
	briefID  string
	list     []notes.Note
	anchors  []notes.Anchor
	mark     notes.Mark
	drafts   []notes.Draft // every window's drafts on the brief, newest first
	resume   resume        // the saved reading position to restore once the render shows it (position.go)
	jumpNote string        // note to scroll to once notes and render are in (from the review screen)
	readSent bool          // MarkRead sent for briefID

	// The editor.
	editor    ui.Editor
	target    notes.Note   // the note being written; a new one gets its ID when the editor opens
	isNew     bool         // target is a new note (AddNote), not an edit (UpdateNote)
	adopted   *notes.Draft // another window's draft the editor took over, removed once saved
	draftSeq  int          // debounces autosave
	saveSeq   int          // identifies the latest save attempt
	attempt   int          // failed attempts in a row, for the retry backoff
	saveError string

	// The notes panel and the review screen.
	panel   ui.NotesPanel
	deleted *notes.Note // the last note deleted, for undo
	review  ui.Review
}

func newNotesModel(opts Options, s *ui.Styles, k ui.KeyMap) notesModel {
	owner := opts.Owner
	if owner == "" {
		owner = notes.LocalOwner()
	}
	store := opts.Store
	if opts.ReadOnly != "" {
		store = nil // keep nothing, read nothing: not even a given store
	}
	return notesModel{
		store:     store,
		owner:     owner,
		session:   notes.NewID(),
		noNotes:   opts.ReadOnly,
		noExport:  opts.NoExport,
		exportOff: opts.ExportOff,
		dataDir:   filepath.Dir(notes.DefaultPath(opts.DataDir)),
		opening:   store == nil && opts.ReadOnly == "" && opts.OpenStore != nil,
		editor:    ui.NewEditor(s, k),
		panel:     ui.NewNotesPanel(s, k),
		review:    ui.NewReview(s, k, noteMatches),
	}
}

// notesMsg is implemented by every message of notes and marks, so Update
// routes them all with one line to handleNotesMsg.
type notesMsg interface{ isNotesMsg() }

type (
	// storeOpenedMsg carries the opened store, or why it could not open.
	storeOpenedMsg struct {
		store    notes.Store
		readOnly bool
		roWhy    string // why the store is read-only
		warn     string // the store works but something happened (a corrupt file moved aside)
		err      error
	}
	// snapshotMsg carries a fresh marks snapshot.
	snapshotMsg struct {
		marks *notes.Marks
		err   error
	}
	// briefNotesMsg carries the notes, anchors, mark and draft of a brief.
	briefNotesMsg struct {
		id      string
		list    []notes.Note
		anchors []notes.Anchor
		mark    notes.Mark
		posAt   notes.Anchor // where mark.Position's paragraph is now
		drafts  []notes.Draft
		err     error
	}
	// noteSavedMsg reports a save attempt of the editor's note.
	noteSavedMsg struct {
		seq  int
		note notes.Note
		err  error
	}
	// draftTickMsg fires when typing paused long enough to autosave.
	draftTickMsg struct{ seq int }
	// draftSavedMsg reports an autosave.
	draftSavedMsg struct{ err error }
	// saveRetryMsg fires when a failed save should be tried again.
	saveRetryMsg struct{ seq int }
	// storeDoneMsg reports a write with nothing to show but success.
	storeDoneMsg struct {
		what string // "starred", "deleted — press u to undo", …
		err  error
	}
	// allNotesMsg carries every note, for the review screen.
	allNotesMsg struct {
		list []notes.Note
		err  error
	}
	// exportedMsg reports an export written to path.
	exportedMsg struct {
		path string
		n    int
		err  error
	}
)

func (storeOpenedMsg) isNotesMsg() {}
func (snapshotMsg) isNotesMsg()    {}
func (briefNotesMsg) isNotesMsg()  {}
func (noteSavedMsg) isNotesMsg()   {}
func (draftTickMsg) isNotesMsg()   {}
func (draftSavedMsg) isNotesMsg()  {}
func (saveRetryMsg) isNotesMsg()   {}
func (storeDoneMsg) isNotesMsg()   {}
func (allNotesMsg) isNotesMsg()    {}
func (exportedMsg) isNotesMsg()    {}

// handleNotesMsg routes the notes messages; one line per type.
func (m Model) handleNotesMsg(msg notesMsg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case storeOpenedMsg:
		return m.handleStoreOpened(msg)
	case snapshotMsg:
		return m.handleSnapshot(msg)
	case briefNotesMsg:
		return m.handleBriefNotes(msg)
	case noteSavedMsg:
		return m.handleNoteSaved(msg)
	case draftTickMsg:
		return m.handleDraftTick(msg)
	case draftSavedMsg:
		return m.handleDraftSaved(msg)
	case saveRetryMsg:
		return m.handleSaveRetry(msg)
	case storeDoneMsg:
		return m.handleStoreDone(msg)
	case allNotesMsg:
		return m.handleAllNotes(msg)
	case exportedMsg:
		return m.handleExported(msg)
	case relinkedMsg:
		return m.handleRelinked(msg)
	}
	return m, nil
}

// Marks is the current snapshot of stars, read state and note counts, for
// the query language (is:, has:) and the library list. It is refreshed after
// every change; nil (answering false) while the store opens or when it is off.
func (m Model) Marks() *notes.Marks { return m.notes.marks }

// Store is the notes store of the session, nil until it is open or when it
// could not be opened.
func (m Model) Store() notes.Store {
	if m.notes.disabled != "" && m.notes.store == nil {
		return nil
	}
	return m.notes.store
}

// NotesStatus says why notes are disabled or read-only; "" when they work.
func (m Model) NotesStatus() string {
	switch {
	case m.notes.noNotes != "":
		return readOnlyStatus(m.notes.noNotes)
	case m.notes.disabled != "":
		return "notes disabled: " + m.notes.disabled
	case m.notes.readOnly && m.notes.roWhy == "disk full":
		return "notes are read-only: disk full"
	case m.notes.readOnly:
		return "notes are read-only"
	}
	return ""
}

// readOnlyReason says why a store was opened read-only (notes.Opened).
func readOnlyReason(why error) string {
	if errors.Is(why, notes.ErrDiskFull) {
		return "disk full"
	}
	return "the database cannot be written"
}

// readOnlyStatus is what a read-only session (Options.ReadOnly) says.
func readOnlyStatus(why string) string { return "read-only: " + why }

// BriefNotes are the notes of the open brief, as loaded.
func (m Model) BriefNotes() []notes.Note { return m.notes.list }

// EditorOpen reports whether the note editor is open, and its text.
func (m Model) EditorOpen() (bool, string) { return m.notes.editor.Focused(), m.notes.editor.Value() }

// openStoreCmd opens the session's store with open (Options.OpenStore),
// which decides what to do with a damaged or read-only database; the
// session tells the user what it did.
func openStoreCmd(open func() (notes.Opened, error)) tea.Cmd {
	return func() tea.Msg {
		o, err := open()
		if err != nil {
			return storeOpenedMsg{err: err}
		}
		warn := ""
		if ce := o.Recovered; ce != nil {
			warn = "the notes database was damaged: moved aside to " + ce.MovedTo + "; a new one was started"
		}
		return storeOpenedMsg{store: o.Store, readOnly: o.ReadOnly, roWhy: readOnlyReason(o.ReadOnlyWhy), warn: warn}
	}
}

// notesInit starts opening the store (when the caller gave none) or takes
// the first snapshot of the given one.
func (m Model) notesInit() tea.Cmd {
	if m.notes.noNotes != "" {
		return nil
	}
	if m.notes.store != nil {
		return snapshotCmd(m.notes.store, m.notes.owner)
	}
	if m.opts.OpenStore == nil {
		return nil
	}
	return openStoreCmd(m.opts.OpenStore)
}

func (m Model) handleStoreOpened(msg storeOpenedMsg) (tea.Model, tea.Cmd) {
	m.notes.opening = false
	if msg.err != nil {
		m.notes.disabled = errorReason(msg.err)
		return m, m.setStatus("notes disabled: " + m.notes.disabled)
	}
	m.notes.store, m.notes.readOnly, m.notes.roWhy = msg.store, msg.readOnly, msg.roWhy
	cmds := []tea.Cmd{snapshotCmd(msg.store, m.notes.owner), m.relinkCmd()}
	switch {
	case msg.warn != "":
		cmds = append(cmds, m.setStatus(msg.warn))
	case msg.readOnly:
		cmds = append(cmds, m.setStatus("notes are read-only: "+msg.roWhy))
	}
	if b := m.OpenBrief(); b != nil {
		cmds = append(cmds, m.loadBriefNotes(b))
	}
	return m, tea.Batch(cmds...)
}

// errorReason is an error as the status line says it (ui makes the text
// safe where it draws it).
func errorReason(err error) string {
	switch {
	case errors.Is(err, notes.ErrReadOnly):
		return "the notes database is read-only"
	case errors.Is(err, notes.ErrDiskFull), errors.Is(err, syscall.ENOSPC):
		// Said plainly, the words a user searches for; the store still reads.
		return "disk full"
	case errors.Is(err, notes.ErrBusy):
		return "the notes database is busy"
	}
	var ce *notes.CorruptError
	if errors.As(err, &ce) {
		return ce.Error()
	}
	return err.Error()
}

func snapshotCmd(s notes.MarkStore, owner string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		mk, err := s.Snapshot(ctx, owner)
		return snapshotMsg{marks: mk, err: err}
	}
}

func (m Model) handleSnapshot(msg snapshotMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m, m.setStatus("could not read notes: " + errorReason(msg.err))
	}
	m.notes.marks = msg.marks
	m.library.SetMarks(msg.marks)
	m.marksChanged()
	return m, m.startView()
}

// refresh re-reads the snapshot and the open brief's notes after a change.
func (m *Model) refreshNotes() tea.Cmd {
	if m.notes.store == nil {
		return nil
	}
	cmds := []tea.Cmd{snapshotCmd(m.notes.store, m.notes.owner)}
	if b := m.OpenBrief(); b != nil {
		cmds = append(cmds, m.loadBriefNotes(b))
	}
	return tea.Batch(cmds...)
}

// sectionTexts is what Reanchor searches: the brief's sections as now.
func sectionTexts(b *briefs.Brief) []notes.SectionText {
	out := make([]notes.SectionText, len(b.Sections))
	for i, s := range b.Sections {
		out[i] = notes.SectionText{Kind: string(s.Kind), Title: s.Title, Body: s.Body}
	}
	return out
}

// loadBriefNotes reads a brief's notes, mark and draft and re-anchors the
// notes in its current text, off the UI loop.
func (m Model) loadBriefNotes(b *briefs.Brief) tea.Cmd {
	s, owner, id, write := m.notes.store, m.notes.owner, b.ID, !m.notes.readOnly
	if s == nil {
		return nil
	}
	var sections []notes.SectionText
	if briefs.HasText(b) {
		sections = sectionTexts(b)
	}
	return func() tea.Msg {
		if sections == nil {
			// Listed without its text: read it here, off the UI loop. A
			// file that cannot be read anchors nothing (the reader says why).
			full, err := briefs.Full(b)
			if err == nil {
				sections = sectionTexts(full)
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		list, err := s.NotesForBrief(ctx, owner, id)
		if err != nil {
			return briefNotesMsg{id: id, err: err}
		}
		mk, err := s.MarksForBrief(ctx, owner, id)
		if err != nil {
			return briefNotesMsg{id: id, err: err}
		}
		msg := briefNotesMsg{id: id, list: list, mark: mk, anchors: notes.ReanchorAll(list, sections),
			posAt: mk.Position.Find(sections)}
		if ds, err := s.Drafts(ctx, owner, id); err == nil {
			msg.drafts = dropSavedDrafts(ctx, s, ds, list, write)
		}
		return msg
	}
}

func (m Model) handleBriefNotes(msg briefNotesMsg) (tea.Model, tea.Cmd) {
	b := m.OpenBrief()
	if b == nil || b.ID != msg.id {
		return m, nil
	}
	if msg.err != nil {
		return m, m.setStatus("could not read notes: " + errorReason(msg.err))
	}
	if m.notes.briefID != msg.id { // first load since the brief opened
		m.notes.resume = resume{pos: msg.mark.Position, at: msg.posAt, set: true}
	}
	m.notes.list, m.notes.anchors, m.notes.drafts = msg.list, msg.anchors, msg.drafts
	m.notes.mark = msg.mark
	m.notes.briefID = msg.id
	m.applyNotes()
	return m, m.checkRead()
}

// applyNotes shows the open brief's notes: margin marks, the panel and a
// pending reading position. It runs when notes or a render arrive.
func (m *Model) applyNotes() {
	b := m.OpenBrief()
	if b == nil || b.ID != m.notes.briefID {
		return
	}
	items := make([]ui.PanelItem, len(m.notes.list))
	for i, n := range m.notes.list {
		items[i] = ui.PanelItem{Note: n}
		if i < len(m.notes.anchors) {
			items[i].Orphaned, items[i].Fuzzy = m.notes.anchors[i].Orphaned, m.notes.anchors[i].Fuzzy
		}
	}
	m.notes.panel.SetItems(items)
	if !m.reader.Ready() {
		return
	}
	r := m.reader.Rendered()
	marks := map[int]ui.ParaMark{}
	for i, a := range m.notes.anchors {
		if a.Orphaned || i >= len(m.notes.list) {
			continue
		}
		mk := ui.MarkNote
		if m.notes.list[i].IsHighlight() {
			mk = ui.MarkHighlight
		}
		for _, p := range anchorParagraphs(r, a) {
			marks[p] = max(marks[p], mk)
		}
	}
	m.reader.SetParagraphMarks(marks)
	switch {
	case m.notes.jumpNote != "":
		m.jumpToNote(m.notes.jumpNote)
		m.notes.jumpNote = ""
	case m.notes.resume.set && !m.reader.Moved(): // not over keys, a jump or a find
		if !m.resumeReading() {
			return // not rendered yet: a later part restores it
		}
	}
	m.notes.resume = resume{}
}

// anchorParagraphs are the paragraphs an anchor's text overlaps.
func anchorParagraphs(r ui.Rendered, a notes.Anchor) []int {
	var out []int
	for i, p := range r.Paragraphs {
		if p.Section != a.Section {
			continue
		}
		if (p.Start < a.End && a.Start < p.End) || (a.Start == a.End && p.Start <= a.Start && a.Start <= p.End) {
			out = append(out, i)
		}
	}
	if len(out) == 0 { // a quote between blocks: the paragraph before it
		if i := r.ParagraphOf(a.Section, a.Start); i >= 0 {
			out = append(out, i)
		}
	}
	return out
}

// afterRender is called when a render of the open brief is shown.
func (m *Model) afterRender() tea.Cmd {
	m.applyNotes()
	m.restoreLinkStop() // after the notes' reading position: backspace wins
	return m.checkRead()
}

// notesOnOpen is called when a brief opens in the reader: its notes load and
// its last position is restored once they and the render are in.
func (m *Model) notesOnOpen(b *briefs.Brief) tea.Cmd {
	m.notes.briefID, m.notes.list, m.notes.anchors, m.notes.drafts = "", nil, nil, nil
	m.notes.resume, m.notes.readSent = resume{}, false
	m.notes.panel.Close()
	m.notes.deleted = nil
	m.notes.panel.SetItems(nil)
	return m.loadBriefNotes(b)
}

// notesOnLeave records the reading position of the brief being left.
func (m *Model) notesOnLeave() tea.Cmd {
	b := m.OpenBrief()
	if b == nil || m.notes.store == nil || m.notes.readOnly || !m.reader.Ready() {
		return nil
	}
	s, owner, id, pos := m.notes.store, m.notes.owner, b.ID, m.readingPosition(b)
	m.notes.panel.Close()
	m.reader.EndSelect()
	if m.notes.briefID == id && (m.notes.mark.Position == pos || m.resumeWaiting()) {
		// Where it was stored: no write (a server does thousands). Or the
		// stored one has not been shown yet: keep it.
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		return storeDoneMsg{err: s.SetPosition(ctx, owner, id, pos)}
	}
}

// checkRead marks the open brief read once its end has been on screen.
func (m *Model) checkRead() tea.Cmd {
	b := m.OpenBrief()
	if b == nil || m.notes.store == nil || m.notes.readOnly || m.notes.readSent ||
		m.notes.briefID != b.ID || !m.reader.AtBottom() {
		return nil
	}
	m.notes.readSent = true
	if m.notes.mark.IsRead() {
		return nil
	}
	s, owner, id := m.notes.store, m.notes.owner, b.ID
	all := make([]int, len(b.Sections))
	for i := range all {
		all[i] = i
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		if err := s.MarkRead(ctx, owner, id, all...); err != nil {
			return storeDoneMsg{err: err}
		}
		return storeDoneMsg{what: "read"}
	}
}

// writeCmd runs one store write and reports it with what on success.
func writeCmd(what string, fn func(ctx context.Context) error) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		return storeDoneMsg{what: what, err: fn(ctx)}
	}
}

func (m Model) handleStoreDone(msg storeDoneMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m, m.setStatus("could not save: " + errorReason(msg.err))
	}
	var cmds []tea.Cmd
	switch msg.what {
	case "":
		return m, nil
	case "read":
		m.notes.mark.ReadAt = m.clock().Now()
	default:
		cmds = append(cmds, m.setStatus(msg.what))
	}
	cmds = append(cmds, m.refreshNotes())
	return m, tea.Batch(cmds...)
}

// notesUsable says why a notes action cannot run now, or "".
func (m Model) notesUsable(write bool) string {
	switch {
	case m.notes.noNotes != "":
		return readOnlyStatus(m.notes.noNotes)
	case m.notes.opening:
		return "notes are still opening" + m.styles.Glyphs.Ellipsis
	case m.notes.disabled != "":
		return "notes disabled: " + m.notes.disabled
	case m.notes.store == nil:
		return "notes disabled"
	case write && m.notes.readOnly:
		return "notes are read-only: " + cmp.Or(m.notes.roWhy, readOnlyReason(nil))
	}
	return ""
}

// toggleStar stars or unstars the brief under the cursor or open.
func (m Model) toggleStar(id string) (tea.Model, tea.Cmd) {
	if why := m.notesUsable(true); why != "" {
		return m, m.setStatus(why)
	}
	s, owner := m.notes.store, m.notes.owner
	star := !m.notes.marks.IsStarred(id)
	what := "starred"
	if !star {
		what = "unstarred"
	}
	return m, writeCmd(what, func(ctx context.Context) error { return s.SetStarred(ctx, owner, id, star) })
}

// toggleUnread marks a read brief unread, or an unread one read.
func (m Model) toggleUnread(id string) (tea.Model, tea.Cmd) {
	if why := m.notesUsable(true); why != "" {
		return m, m.setStatus(why)
	}
	s, owner := m.notes.store, m.notes.owner
	if m.notes.marks.IsRead(id) {
		if m.notes.briefID == id {
			m.notes.mark.ReadAt = time.Time{}
		}
		return m, writeCmd("marked unread", func(ctx context.Context) error { return s.SetUnread(ctx, owner, id) })
	}
	return m, writeCmd("marked read", func(ctx context.Context) error { return s.MarkRead(ctx, owner, id) })
}

// exportCmd writes all the owner's notes as markdown into dir.
func exportCmd(s notes.NoteStore, owner, dir string, titles map[string]string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		list, err := s.AllNotes(ctx, owner)
		if err != nil {
			return exportedMsg{err: err}
		}
		path := filepath.Join(dir, "briefing-notes-"+time.Now().Format("20060102-150405")+".md")
		return exportedMsg{path: path, n: len(list), err: writeExport(path, list, titles)}
	}
}

func (m Model) handleExported(msg exportedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m, m.setStatus("export failed: " + errorReason(msg.err))
	}
	return m, m.setStatus(fmt.Sprintf("exported %s to %s", plural(msg.n, "note"), msg.path))
}

// titles maps brief IDs to titles for exports and the review screen.
func (m Model) titles() map[string]string {
	out := map[string]string{}
	if m.lib == nil {
		return out
	}
	for _, b := range m.lib.Briefs() {
		out[b.ID] = strings.TrimSpace(b.Title)
	}
	return out
}

// Close runs when the program has ended (Run calls it; an SSH server calls
// it with the final model of a session): it saves the draft being written,
// records the reading position of the open brief (a quit from the reader)
// and closes a store the session opened itself.
func (m Model) Close() {
	if m.watch != nil {
		m.watch.cancel()
	}
	if m.notes.editor.Focused() && m.notes.store != nil && !m.notes.readOnly {
		// ctrl+c in the editor: keep what was typed since the last autosave.
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		_ = saveDraft(ctx, m.notes.store, m.draftNote(), m.notes.adopted)
		cancel()
	}
	if cmd := m.notesOnLeave(); cmd != nil {
		cmd()
	}
	if m.opts.Store == nil && m.notes.store != nil {
		_ = m.notes.store.Close()
	}
}
