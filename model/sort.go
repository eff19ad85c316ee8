package model

import (
	"path/filepath"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/ui"
)

// This file is the library's order: newest first (the library's own),
// grouped by source or by folder, or unread first. The order is the
// session's own: a served session sorts for itself, over the library every
// session shares.
//
// A keystroke never sorts: the grouped orders are worked out once per
// library (arrangement) and a list of results is put in order by one pass
// that drops each brief into its group's bucket; unread first is one pass
// that puts the unread before the read.

// sortModel is the library's order and what it keeps to apply it fast.
type sortModel struct {
	order ui.SortOrder
	lib   *briefs.Library               // the library arr is of
	arr   map[ui.SortOrder]*arrangement // built on first use, per library
	// unread is how many listed briefs are unread, counted when the list
	// or the marks change (not per frame); -1 when the session has no marks.
	unread int
	// stale is set when the marks changed while a brief was open in unread
	// first: the list stays as it was, for ctrl+n and ctrl+p to step
	// through, until the reader closes.
	stale bool
}

// arrangement is a grouped order of one library, built once.
type arrangement struct {
	group  []int32 // by library index: the brief's group, the groups in order
	labels []string
	all    []*briefs.Brief // the whole library, arranged
	groups []ui.Group      // of all
}

// handleSortKey cycles the order; ok is false when msg is not the sort key.
func (m Model) handleSortKey(msg tea.KeyPressMsg, k ui.KeyMap) (tea.Model, tea.Cmd, bool) {
	if !key.Matches(msg, k.Sort) {
		return nil, nil, false
	}
	next := m.sort.order.Next()
	if next == ui.SortUnread && m.notes.marks == nil {
		// Without marks (notes off, an anonymous reader) every brief is
		// unread, and the order would say nothing.
		next = next.Next()
	}
	m.sort.order = next
	m.rearrange(false)
	return m, nil, true
}

// SortOrder is the library's order in this session.
func (m Model) SortOrder() ui.SortOrder { return m.sort.order }

// listReordered reports whether the list is in another order than the
// library's: a query's results, or another sort order.
func (m Model) listReordered() bool {
	return m.filtering() || m.sort.order != ui.SortNewest
}

// listAll lists the whole library in the session's order.
func (m *Model) listAll() {
	if m.lib == nil {
		return
	}
	list, _, groups := m.arrange(m.lib.Briefs(), nil)
	m.library.SetBriefs(list)
	m.library.SetGroups(groups)
	m.countUnread()
}

// listResults lists a search's results (in their order: ranked, then
// newest first) in the session's order: newest first keeps them as they
// come; the other orders group them, the search's order within each group.
func (m *Model) listResults(list []*briefs.Brief, snips []ui.Snippet) {
	list, snips, groups := m.arrange(list, snips)
	m.library.SetResults(list, snips)
	m.library.SetGroups(groups)
	m.countUnread()
}

// rearrange lists what is listed again in the session's order: after the
// order changed, with the same brief selected; after the marks changed
// (unread), with the first unread brief from the selection on selected,
// so that a brief just marked read goes down among the read ones and the
// next unread one comes under the cursor.
func (m *Model) rearrange(unread bool) {
	m.sort.stale = false
	var sel string
	if b := m.library.Selected(); b != nil {
		sel = b.ID
	}
	at := m.library.Index()
	if unread {
		sel = ""
		for _, b := range m.library.Briefs()[min(at, m.library.Len()):] {
			if !m.notes.marks.IsRead(b.ID) {
				sel = b.ID
				break
			}
		}
	}
	if m.filtering() {
		m.listResults(m.search.results, m.search.snips)
	} else {
		m.listAll()
	}
	if sel != "" {
		m.library.SelectID(sel)
	} else {
		m.library.Select(at)
	}
	if b := m.OpenBrief(); b != nil {
		m.positionInOrder(b.ID)
	}
}

// positionInOrder sets the reader's "3/12" to the brief's place in the
// list as ordered (the library's own order needs no search for it).
func (m *Model) positionInOrder(id string) {
	if m.listReordered() {
		m.positionInList(id)
		return
	}
	if m.lib != nil {
		m.reader.SetPosition(m.lib.IndexOf(id)+1, m.lib.Len())
	}
}

// marksChanged follows a new snapshot of the marks: the unread count, and
// the list when it is ordered unread first (once the reader closes, when
// a brief is open).
func (m *Model) marksChanged() {
	switch {
	case m.sort.order != ui.SortUnread:
		m.countUnread()
	case m.screen != screenLibrary:
		m.sort.stale = true
		m.countUnread()
	default:
		m.rearrange(true)
	}
}

// rearrangeStale puts the list in order after the reader closed, if the
// marks changed meanwhile; the selection stays where the closed brief was,
// on the next unread one when that one is now read.
func (m *Model) rearrangeStale() {
	if m.sort.stale {
		m.sort.stale = false
		if m.sort.order == ui.SortUnread {
			m.rearrange(true)
		}
	}
}

// countUnread counts the unread briefs listed.
func (m *Model) countUnread() {
	mk := m.notes.marks
	if mk == nil {
		m.sort.unread = -1
		return
	}
	n := 0
	for _, b := range m.library.Briefs() {
		if !mk.IsRead(b.ID) {
			n++
		}
	}
	m.sort.unread = n
}

// unreadText is what the status bar adds to the count: " · 3 unread".
func (m Model) unreadText() string {
	if m.sort.unread < 0 || m.loading || m.lib == nil || m.lib.Len() == 0 {
		return ""
	}
	return m.styles.Glyphs.Sep + thousands(m.sort.unread) + " unread"
}

// arrange puts list (the library's briefs, or a search's results with
// their snippets, nil for none) in the session's order, with the groups
// the list shows headings for.
func (m *Model) arrange(list []*briefs.Brief, snips []ui.Snippet) ([]*briefs.Brief, []ui.Snippet, []ui.Group) {
	switch m.sort.order {
	case ui.SortUnread:
		list, snips = unreadFirst(list, snips, m.notes.marks.IsRead)
		return list, snips, nil
	case ui.SortSource, ui.SortFolder:
		a := m.arrangementFor(m.sort.order)
		if a == nil {
			return list, snips, nil
		}
		if m.lib != nil && len(list) == m.lib.Len() && len(list) > 0 && &list[0] == &m.lib.Briefs()[0] {
			return a.all, nil, a.groups // the whole library: arranged already
		}
		return a.bucket(m.lib, list, snips)
	}
	return list, snips, nil
}

// arrangementFor is the library's arrangement in order o, built on first
// use: a change of the library (a reload) makes new ones.
func (m *Model) arrangementFor(o ui.SortOrder) *arrangement {
	if m.lib == nil {
		return nil
	}
	if m.sort.lib != m.lib {
		m.sort.lib, m.sort.arr = m.lib, map[ui.SortOrder]*arrangement{}
	}
	a := m.sort.arr[o]
	if a == nil {
		a = newArrangement(m.lib, o)
		m.sort.arr[o] = a
	}
	return a
}

// unreadFirst is list with the unread briefs first, each part in the order
// it had; snips (nil, or one per brief) follow their briefs.
func unreadFirst(list []*briefs.Brief, snips []ui.Snippet, isRead func(id string) bool) ([]*briefs.Brief, []ui.Snippet) {
	out := make([]*briefs.Brief, 0, len(list))
	var outSn []ui.Snippet
	if snips != nil {
		outSn = make([]ui.Snippet, 0, len(snips))
	}
	read := make([]bool, len(list)) // looked up once, used by both passes
	for i, b := range list {
		read[i] = isRead(b.ID)
	}
	for pass := range 2 {
		for i, b := range list {
			if read[i] == (pass == 1) {
				out = append(out, b)
				if snips != nil {
					outSn = append(outSn, snips[i])
				}
			}
		}
	}
	return out, outSn
}

// groupKey is what a brief is grouped by in order o: a key that sorts the
// groups and the heading's label.
func groupKey(b *briefs.Brief, o ui.SortOrder) (key, label string) {
	if o == ui.SortFolder {
		dir := filepath.Dir(b.Path)
		return dir, dir
	}
	src := strings.Join(strings.Fields(b.Source), " ")
	if src == "" {
		return "\U0010FFFF", "no source" // after every source
	}
	return strings.ToLower(src), src
}

// newArrangement groups the library's briefs by source or folder, the
// groups in the order of their keys and each newest first.
func newArrangement(lib *briefs.Library, o ui.SortOrder) *arrangement {
	bs := lib.Briefs()
	type grp struct{ key, label string }
	var found []grp
	ids := map[string]int32{}
	first := make([]int32, len(bs))
	for i, b := range bs {
		k, label := groupKey(b, o)
		id, ok := ids[k]
		if !ok {
			id = int32(len(found))
			ids[k] = id
			found = append(found, grp{k, label})
		}
		first[i] = id
	}
	order := make([]int32, len(found))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(found[a].key, found[b].key) })
	rank := make([]int32, len(found))
	a := &arrangement{group: make([]int32, len(bs)), labels: make([]string, len(found))}
	for r, id := range order {
		rank[id] = int32(r)
		a.labels[r] = found[id].label
	}
	if o == ui.SortFolder {
		folderLabels(a.labels)
	}
	for i := range bs {
		a.group[i] = rank[first[i]]
	}
	a.all, _, a.groups = a.bucket(lib, bs, nil)
	return a
}

// folderLabels shortens folder paths to what tells them apart: the path
// from the folder that holds them all, whose name stays ("corpus/desk-01/").
func folderLabels(dirs []string) {
	if len(dirs) == 0 {
		return
	}
	root := dirs[0]
	for _, d := range dirs[1:] {
		for root != d && !strings.HasPrefix(d, root+string(filepath.Separator)) && root != filepath.Dir(root) {
			root = filepath.Dir(root)
		}
	}
	base := filepath.Dir(root)
	for i, d := range dirs {
		rel, err := filepath.Rel(base, d)
		if err != nil || base == root {
			rel = d
		}
		dirs[i] = rel + string(filepath.Separator)
	}
}

// bucket puts list (briefs of lib, with snips or nil) in the
// arrangement's order in one pass: each brief into its group's bucket, in
// the order list has them. A brief lib does not hold (a result of a search
// on the library before a reload) goes last, in a group of its own.
func (a *arrangement) bucket(lib *briefs.Library, list []*briefs.Brief, snips []ui.Snippet) ([]*briefs.Brief, []ui.Snippet, []ui.Group) {
	other := int32(len(a.labels))
	gs := make([]int32, len(list))
	counts := make([]int, len(a.labels)+1)
	for i, b := range list {
		g := other
		if j := lib.IndexOf(b.ID); j >= 0 && j < len(a.group) && lib.Briefs()[j] == b {
			g = a.group[j]
		}
		gs[i] = g
		counts[g]++
	}
	var groups []ui.Group
	at := make([]int, len(counts))
	pos := 0
	for g, n := range counts {
		at[g] = pos
		if n > 0 {
			label := "other"
			if g < len(a.labels) {
				label = a.labels[g]
			}
			groups = append(groups, ui.Group{Start: pos, Label: label, Count: n})
		}
		pos += n
	}
	out := make([]*briefs.Brief, len(list))
	var outSn []ui.Snippet
	if snips != nil {
		outSn = make([]ui.Snippet, len(list))
	}
	for i, b := range list {
		p := at[gs[i]]
		at[gs[i]]++
		out[p] = b
		if snips != nil {
			outSn[p] = snips[i]
		}
	}
	return out, outSn, groups
}
