package model

import (
	"fmt"
	"runtime/debug"
	"slices"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/search"
	"github.com/briefing-dev/briefing/ui"
)

// rankedWindow is how many of a search's results come ranked, with
// snippets: a few screens. The rest of the matches follow newest first.
// Search ranks every match but builds a snippet for each hit it returns, so
// asking for all of them costs ~45 µs a hit (450 ms on 10,000 briefs).
const rankedWindow = 60

// searchModel is the library's search: the index, the query bar, the
// filter it keeps and the results it lists. The reader's find bar and the
// section digest are sub-models of their own (find.go, digest.go).
type searchModel struct {
	index    *search.Index
	indexing bool
	updating bool // a library change is being applied to index (watch.go)
	resave   bool // save index again once updated, to map it (handleIndexSaved)

	bar     ui.QueryBar
	before  listing // what was listed when the bar opened, restored by esc
	applied string  // the kept filter, "" for none
	shown   string  // the query whose results are listed ("" the whole library)
	seq     int     // numbers searches; a result for an older one is dropped
	asked   string  // the query of the newest search started
	live    bool    // whether it was started while typing
	total   int     // matches of the listed query
	results []*briefs.Brief
	snips   []ui.Snippet // the listed results and their snippets (nil: the whole library)

	history historyFile // where the bar's history outlives the session (query_history.go)
}

func newSearchModel(s *ui.Styles, k ui.KeyMap, historyPath string) searchModel {
	return searchModel{bar: ui.NewQueryBar(s, k, ui.ScreenQuery, "/"), history: newHistoryFile(historyPath)}
}

// filtering reports whether the list shows a query's results.
func (s searchModel) filtering() bool { return s.shown != "" }

// listing is what the library listed when the query bar opened: esc puts
// it back as it was, rather than searching again.
type listing struct {
	lib          *briefs.Library // the library it lists; a reload makes it stale
	index        *search.Index   // nil: listed unranked, before the index was built
	applied      string
	shown, asked string
	live         bool
	total        int
	results      []*briefs.Brief
	snips        []ui.Snippet
	selected     string // the selected brief's ID
}

// indexBuiltMsg carries the full-text index built in the background.
type indexBuiltMsg struct {
	ix      *search.Index
	lib     *briefs.Library
	warning string // a problem with the index file, for the status line
	save    bool   // the index differs from its file (Options.IndexPath)
}

// searchResultMsg carries the results of one search.
type searchResultMsg struct {
	seq   int
	src   string
	list  []*briefs.Brief
	snips []ui.Snippet // nil when the results carry none
}

// indexCmd builds the index of the loaded library in the background (unless
// the session was given one, or has it already).
func (m *Model) indexCmd() tea.Cmd {
	if m.lib == nil || m.search.index != nil || m.search.indexing {
		return nil
	}
	if m.opts.Index != nil {
		// Its owner keeps it following the library (LibraryChangedMsg).
		m.search.index = m.opts.Index
		return nil
	}
	m.search.indexing = true
	lib, path := m.lib, m.opts.IndexPath
	if path != "" {
		return func() tea.Msg { return openIndex(path, lib) }
	}
	return func() tea.Msg {
		ix := search.NewIndex(lib.Briefs())
		// The build's scratch (per-worker term tables and posting buckets,
		// about the corpus size) goes back now, as the load's did: a reader
		// open all day holds the library and its index, not their leftovers.
		debug.FreeOSMemory()
		return indexBuiltMsg{ix: ix, lib: lib}
	}
}

// openIndex opens the index kept in path for lib, indexing what changed,
// and saves it again when that took work: a reader's start pays for the
// briefs that changed since the last one, not for the library. The load
// keeps no text (see loadCmd): what the index lacks it reads from the files,
// a worker at a time, so a first start never holds the whole library's.
func openIndex(path string, lib *briefs.Library) tea.Msg {
	ix, rep := search.Open(path, lib.Briefs(), search.OpenOptions{})
	if rep.Changed() {
		// What a rebuild held while building goes back, as NewIndex's does.
		debug.FreeOSMemory()
	}
	return indexBuiltMsg{ix: ix, lib: lib, warning: rep.Warning, save: rep.Changed()}
}

// saveIndexCmd writes ix, the index of lib, to path in the background;
// searches go on meanwhile. A failure is a status line: the index is a
// cache. Once saved, the file is opened again for lib: that index maps
// the file rather than holding its postings on the heap (at 100,000 briefs
// a reader kept 866 MB resident with the built index, 208 MB with the
// mapped one), and handleIndexSaved swaps it in.
func saveIndexCmd(path string, ix *search.Index, lib *briefs.Library) tea.Cmd {
	return func() tea.Msg {
		if err := ix.Save(path); err != nil {
			return indexSavedMsg{err: err, from: ix, lib: lib}
		}
		mapped, rep := search.Open(path, lib.Briefs(), search.OpenOptions{})
		if rep.Changed() {
			// The file did not serve lib as it is (another process
			// wrote it meanwhile): this index is built in memory too.
			mapped = nil
		}
		return indexSavedMsg{from: ix, mapped: mapped, lib: lib}
	}
}

// indexSavedMsg reports a background save of the index (saveIndexCmd):
// from, the index of lib, was saved, and mapped is the same index opened
// from the file (nil when the save failed or the file could not serve).
type indexSavedMsg struct {
	err    error
	from   *search.Index
	mapped *search.Index
	lib    *briefs.Library
}

// handleIndexSaved takes the index opened from the file in place of the
// one saved, when both still stand for the library listed: searches give
// the same hits on either, so a search running meanwhile on the old one
// is still right, and the old one goes once it is done. When the library
// changed during the save, the saved index has taken (or is taking) the
// change and stays; it is saved again once the change is in
// (handleIndexUpdated), to be swapped then. A failure is a status line.
func (m Model) handleIndexSaved(msg indexSavedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		return m, m.setStatus("search index not saved: " + termsafe.Line(msg.err.Error()))
	}
	if msg.mapped == nil || m.search.index != msg.from {
		return m, nil
	}
	if msg.lib != m.lib || m.search.updating {
		m.search.resave = true
		return m, m.resaveCmd()
	}
	m.search.index = msg.mapped
	if m.search.before.index == msg.from {
		m.search.before.index = msg.mapped // the bar's listing was ranked by the same index
	}
	return m, freeMemory
}

// resaveCmd saves the index again once it follows the library (see
// handleIndexSaved), or nil while a change is still being applied.
func (m *Model) resaveCmd() tea.Cmd {
	if !m.search.resave || m.search.updating || m.search.index == nil || m.opts.IndexPath == "" {
		return nil
	}
	m.search.resave = false
	return saveIndexCmd(m.opts.IndexPath, m.search.index, m.lib)
}

// handleIndexBuilt keeps the index and re-runs the listed query with it, to
// rank it and give it snippets.
func (m Model) handleIndexBuilt(msg indexBuiltMsg) (tea.Model, tea.Cmd) {
	if msg.lib != m.lib {
		return m, nil
	}
	m.search.index, m.search.indexing = msg.ix, false
	var cmds []tea.Cmd
	if msg.warning != "" {
		cmds = append(cmds, m.setStatus(termsafe.Line(msg.warning)))
	}
	if msg.save && m.opts.IndexPath != "" {
		cmds = append(cmds, saveIndexCmd(m.opts.IndexPath, msg.ix, msg.lib))
	}
	// The newest search (listed or still running without the index) again.
	if m.search.asked != "" {
		if q, err := search.ParseQuery(m.search.asked); err == nil {
			cmds = append(cmds, m.searchCmd(q, m.search.live))
		}
	}
	return m, tea.Batch(cmds...)
}

// searchMarks is the per-user state is: and has: read (the notes store's
// snapshot), or nil while the session has none.
func (m Model) searchMarks() search.Marks {
	if mk := m.Marks(); mk != nil {
		return mk // a nil *notes.Marks must not become a non-nil interface
	}
	return nil
}

// searchCmd runs q in the background and returns its results as a message
// numbered so that a slower, older search cannot overwrite a newer one. The
// command captures the index and library (shared and read-only), not the model.
func (m *Model) searchCmd(q *search.Query, live bool) tea.Cmd {
	m.search.seq++
	m.search.asked, m.search.live = q.Source(), live
	m.search.bar.SetRight(m.countText())
	seq, ix, lib := m.search.seq, m.search.index, m.lib
	opts := search.SearchOptions{PrefixLast: live, Marks: m.searchMarks()}
	ellipsis := m.styles.Glyphs.Ellipsis
	return func() tea.Msg {
		list, snips := runSearch(q, ix, lib, opts, ellipsis)
		return searchResultMsg{seq: seq, src: q.Source(), list: list, snips: snips}
	}
}

// runSearch is the work of searchCmd: ranked hits with snippets, then the
// other matches newest first; without an index, the library scanned in order.
func runSearch(q *search.Query, ix *search.Index, lib *briefs.Library, opts search.SearchOptions, ellipsis string) ([]*briefs.Brief, []ui.Snippet) {
	if lib == nil {
		return nil, nil
	}
	if ix == nil {
		var list []*briefs.Brief
		for _, b := range lib.Briefs() {
			if q.Match(b, opts) {
				list = append(list, b)
			}
		}
		return list, nil
	}
	// Positions in lib, not IDs: at 100,000 matches, a lookup by ID for
	// each would cost more than the search.
	pos := ix.FilterPositions(q, opts, lib)
	all := lib.Briefs()
	if !q.HasText() {
		out := make([]*briefs.Brief, len(pos))
		for k, i := range pos {
			out[k] = all[i]
		}
		return out, nil
	}
	ranked := opts
	ranked.Limit = rankedWindow
	hits := ix.Search(q, ranked)
	list := make([]*briefs.Brief, 0, len(pos))
	snips := make([]ui.Snippet, 0, len(pos))
	shown := make([]int, 0, len(hits)) // library positions of the hits
	for _, h := range hits {
		if i := lib.IndexOf(h.ID); i >= 0 {
			list = append(list, all[i])
			snips = append(snips, ui.SnippetOf(all[i], h, ellipsis))
			shown = append(shown, i)
		}
	}
	// The rest in library order, the hits' positions skipped in one walk:
	// at 100,000 matches a set lookup per match would cost more than the search.
	slices.Sort(shown)
	k := 0
	for _, i := range pos {
		for k < len(shown) && shown[k] < i {
			k++
		}
		if k < len(shown) && shown[k] == i {
			continue
		}
		list = append(list, all[i])
		snips = append(snips, ui.Snippet{})
	}
	return list, snips
}

// handleSearchResult lists the results of the newest search.
func (m Model) handleSearchResult(msg searchResultMsg) (tea.Model, tea.Cmd) {
	if msg.seq != m.search.seq {
		return m, nil
	}
	m.search.shown, m.search.total = msg.src, len(msg.list)
	m.search.results, m.search.snips = msg.list, msg.snips
	m.listResults(msg.list, msg.snips)
	m.search.bar.SetRight(m.countText())
	if b := m.OpenBrief(); b != nil { // a reload ran the kept query again
		m.positionInList(b.ID)
	}
	return m, m.followSearchInDigest(m.library.Briefs())
}

// showAll lists the whole library again.
func (m *Model) showAll() {
	m.search.seq++ // a search still running is no longer wanted
	m.search.shown, m.search.total, m.search.asked = "", 0, ""
	m.search.results, m.search.snips = nil, nil
	m.listAll()
	m.search.bar.SetRight(m.countText())
}

// filtering reports whether the list shows a query's results.
func (m Model) filtering() bool { return m.search.filtering() }

// countText is "37 of 10,000" while filtering, "10,000 briefs" otherwise,
// and "(last good)" after either while the bar's text is malformed.
func (m Model) countText() string {
	if m.lib == nil {
		return ""
	}
	if m.search.asked != "" && m.search.asked != m.search.shown {
		return "searching" + m.styles.Glyphs.Ellipsis
	}
	n := plural(m.lib.Len(), "brief")
	if m.filtering() {
		n = fmt.Sprintf("%s of %s", thousands(m.search.total), thousands(m.lib.Len()))
	}
	// The bar's text does not parse: the list is still the last query that
	// did, and the count says so rather than pass for the text's.
	if m.search.bar.Focused() && m.search.bar.Err() != "" {
		n += " (last good)"
	}
	return n
}

// openQueryBar opens the query bar with the kept filter in it.
func (m Model) openQueryBar() (tea.Model, tea.Cmd) {
	m.search.before = listing{
		lib: m.lib, index: m.search.index, applied: m.search.applied, shown: m.search.shown, asked: m.search.asked, live: m.search.live,
		total: m.search.total, results: m.search.results, snips: m.search.snips,
	}
	if b := m.library.Selected(); b != nil {
		m.search.before.selected = b.ID
	}
	m.search.bar.Open(m.search.applied)
	m.search.bar.SetError(nil)
	m.search.bar.SetRight(m.countText())
	m.layout()
	return m, nil
}

// handleQueryInput gives a key or a paste to the open query bar: enter
// keeps the filter, esc undoes what the bar did, and an edit (typed,
// pasted or recalled with up/down) searches again.
func (m Model) handleQueryInput(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	m.search.bar, cmd = m.search.bar.Update(msg)
	switch m.search.bar.Event() {
	case ui.BarApplied:
		return m.applyQuery()
	case ui.BarCanceled:
		return m.cancelQuery()
	case ui.BarEdited:
		return m, m.query(m.search.bar.Value(), true)
	}
	return m, cmd
}

// handleQueryPaste puts pasted text into the open bar or prompt.
func (m Model) handleQueryPaste(msg tea.PasteMsg) (tea.Model, tea.Cmd) {
	switch {
	case m.search.bar.Focused():
		return m.handleQueryInput(msg)
	case m.find.bar.Focused():
		return m.handleFindInput(msg)
	case m.digest.prompt.Focused():
		return m.handlePromptInput(msg)
	}
	return m, nil
}

// query parses src and starts its search. A malformed query (or one that
// needs marks the session does not have) shows its error under the bar and
// leaves the list as it was, its count marked "(last good)": typed or
// recalled from the history alike.
func (m *Model) query(src string, live bool) tea.Cmd {
	q, err := search.ParseQuery(src)
	if err == nil {
		err = q.Check(m.searchMarks())
	}
	m.search.bar.SetError(err)
	if err != nil {
		m.search.bar.SetRight(m.countText())
		return nil
	}
	if q.IsEmpty() {
		m.showAll()
		return nil
	}
	return m.searchCmd(q, live)
}

// applyQuery keeps the bar's query as the filter. A malformed one is not
// kept: the bar stays open on its error.
func (m Model) applyQuery() (tea.Model, tea.Cmd) {
	src := m.search.bar.Value()
	if m.search.bar.Err() != "" {
		return m, nil
	}
	kept := m.rememberQuery(src)
	m.search.bar.Close()
	m.search.applied = src
	m.layout()
	// The last word matches as a prefix only while it is being typed: the
	// kept filter is the query as the command line runs it (`list --query`,
	// `search`), whole words, so one query lists the same briefs anywhere.
	// It is run again unless the results shown are already that.
	if m.search.shown == src && !m.search.live {
		return m, kept
	}
	return m, tea.Batch(kept, m.query(src, false))
}

// cancelQuery closes the bar and lists what was listed when it opened, the
// same briefs in the same order with the same one selected.
func (m Model) cancelQuery() (tea.Model, tea.Cmd) {
	kept := m.rememberQuery(m.search.bar.Value())
	m.search.bar.Close()
	m.search.bar.SetError(nil)
	was := m.search.before
	m.search.applied = was.applied
	m.layout()
	var cmd tea.Cmd
	switch {
	case was.applied == "":
		m.showAll()
	case was.lib != m.lib || was.index != m.search.index || was.shown != was.applied || was.asked != was.shown:
		// The library was reloaded or indexed meanwhile, or the kept
		// filter's results were not in when the bar opened: search again,
		// as enter kept it (whole words).
		cmd = m.query(was.applied, false)
	default:
		m.search.seq++ // a search the bar started is no longer wanted
		m.search.shown, m.search.asked, m.search.live, m.search.total = was.shown, was.asked, was.live, was.total
		m.search.results, m.search.snips = was.results, was.snips
		m.listResults(was.results, was.snips)
		m.search.bar.SetRight(m.countText())
	}
	if was.selected != "" {
		m.library.SelectID(was.selected)
	}
	return m, tea.Batch(kept, cmd)
}

// clearFilter drops the kept filter (esc in the library).
func (m Model) clearFilter() (tea.Model, tea.Cmd) {
	m.search.applied = ""
	m.showAll()
	return m, nil
}

// filterQuery is the query the list shows, or nil.
func (m Model) filterQuery() *search.Query {
	if m.search.shown == "" {
		return nil
	}
	q, err := search.ParseQuery(m.search.shown)
	if err != nil {
		return nil
	}
	return q
}

// queryBarLines is how many lines the open query bar or digest prompt takes
// above the list: the input line and the hint or error under it.
func (m Model) queryBarLines() int {
	if m.search.bar.Focused() || m.digest.prompt.Focused() {
		return 2
	}
	return 0
}

// queryBarView is the bar and the line under it (the error and its caret,
// or a hint).
func (m Model) queryBarView() string {
	hint := "enter keep · esc cancel · ↑↓ earlier queries"
	if m.search.index == nil && m.lib != nil && m.lib.Len() > 0 {
		hint = "indexing" + m.styles.Glyphs.Ellipsis + " results come unranked for now"
	}
	return m.search.bar.View() + "\n" + m.search.bar.ErrorLine(hint)
}

// listIndex is the position of the brief with this ID in the list, or -1.
func (m Model) listIndex(id string) int {
	for i, b := range m.library.Briefs() {
		if b.ID == id {
			return i
		}
	}
	return -1
}

// positionInList makes the reader's "12/40" count in the list when it is
// not the library's order (a search's results, another sort order) and the
// brief is in it.
func (m *Model) positionInList(id string) {
	if !m.listReordered() {
		return
	}
	if i := m.listIndex(id); i >= 0 {
		m.reader.SetPosition(i+1, m.library.Len())
	}
}

// stepInList opens the next (delta 1) or previous (-1) brief of the
// search's results.
func (m Model) stepInList(id string, delta int) (tea.Model, tea.Cmd) {
	list := m.library.Briefs()
	i := m.listIndex(id)
	what := "brief"
	if m.filtering() {
		what = "result"
	}
	if i < 0 {
		return m, m.setStatus("not in the search results")
	}
	i += delta
	if i < 0 {
		return m, m.setStatus("first " + what)
	}
	if i >= len(list) {
		return m, m.setStatus("last " + what)
	}
	return m.openBrief(list[i].ID)
}
