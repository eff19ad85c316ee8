package briefs

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync/atomic"
)

// Library is a loaded set of briefs, newest first, with lookup by ID. It is
// read-only after construction, so one Library can be shared by any number of
// concurrent readers (the SSH server shares one between sessions).
type Library struct {
	briefs   []*Brief
	index    map[string]int
	warnings []Warning
	total    int64
	renamed  bool // some brief was renamed for a duplicate ID
	// reload, set by a Load with a catalog, hands that load's reload
	// cache to the first Watch of the library, which would otherwise read
	// and decode the catalog a second time and keep both copies.
	reload *reloadHandle
}

// reloadHandle passes a load's reload cache on once. The libraries a load
// made (the catalog's listed one and the checked one) share one handle:
// whichever a watch is given, the cache goes to one watch only.
type reloadHandle struct{ c atomic.Pointer[reloadCache] }

// takeReload returns the reload cache of the load that made l, once; nil
// after that, or when l was not made by a load with a catalog.
func (l *Library) takeReload() *reloadCache {
	if l == nil || l.reload == nil {
		return nil
	}
	return l.reload.c.Swap(nil)
}

// NewLibrary builds a library from briefs and the warnings met while loading them.
// Briefs are sorted newest first: SortTime descending, then Title, then ID, so the
// order is the same on every run. When two briefs share an ID the later one in the
// given order is kept under a new ID ("id#2", "id#3", …) and a warning says so; the
// brief is copied for that, never modified, because it may belong to another Library.
// Warnings are sorted by path. The slices passed in are not retained.
func NewLibrary(briefs []*Brief, warnings []Warning) *Library {
	l := &Library{
		briefs:   make([]*Brief, 0, len(briefs)),
		index:    make(map[string]int, len(briefs)),
		warnings: slices.Clone(warnings),
	}
	taken := make(map[string]bool, len(briefs))
	next := map[string]int{} // per duplicated ID, the next suffix to try
	for _, b := range briefs {
		if b == nil {
			continue
		}
		if taken[b.ID] {
			l.renamed = true
			b = renamed(b, taken, next)
			l.warnings = append(l.warnings, Warning{Path: b.Path, Reason: b.Warnings[len(b.Warnings)-1]})
		}
		taken[b.ID] = true
		l.briefs = append(l.briefs, b)
		l.total += b.Size
	}
	slices.SortFunc(l.briefs, compareBriefs)
	for i, b := range l.briefs {
		l.index[b.ID] = i
	}
	sortWarnings(l.warnings)
	return l
}

// sortWarnings sorts a library's warnings by path.
func sortWarnings(ws []Warning) {
	slices.SortStableFunc(ws, func(a, b Warning) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Reason, b.Reason))
	})
}

// sortedLibrary is NewLibrary of briefs given in library order, as a
// catalog lists them: it checks the order, one comparison a brief, rather
// than sorting. ok is false when the briefs are out of order or two share
// an ID (then NewLibrary, which renames, must build it). Unique IDs make
// the order total, so a library it builds is the one NewLibrary would.
// bs is kept; warnings are not.
func sortedLibrary(bs []*Brief, warnings []Warning) (l *Library, ok bool) {
	l = &Library{briefs: bs, index: make(map[string]int, len(bs)), warnings: slices.Clone(warnings)}
	for i, b := range bs {
		if b == nil || i > 0 && compareBriefs(bs[i-1], b) >= 0 {
			return nil, false
		}
		if l.index[b.ID] = i; len(l.index) != i+1 {
			return nil, false // a duplicate ID: one insert, not a lookup and an insert
		}
		l.total += b.Size
	}
	sortWarnings(l.warnings)
	return l, true
}

// renamed returns a copy of b under the first free ID of the form "id#N".
// next remembers where the search for each ID stopped, so thousands of briefs
// sharing one front-matter id cost linear time, not quadratic.
func renamed(b *Brief, taken map[string]bool, next map[string]int) *Brief {
	var id string
	n := max(next[b.ID], 2)
	for ; ; n++ {
		id = b.ID + "#" + strconv.Itoa(n)
		if !taken[id] {
			break
		}
	}
	next[b.ID] = n + 1
	c := *b
	c.ID = id
	c.Warnings = append(slices.Clip(b.Warnings), fmt.Sprintf("duplicate id %q: renamed to %q", b.ID, id))
	return &c
}

// compareBriefs orders newest first, then by title and ID so ties are deterministic.
func compareBriefs(a, b *Brief) int {
	return cmp.Or(
		b.SortTime().Compare(a.SortTime()),
		cmp.Compare(a.Title, b.Title),
		cmp.Compare(a.ID, b.ID),
	)
}

// Briefs returns the briefs, newest first. The slice is shared: callers must not
// modify it or the briefs in it.
func (l *Library) Briefs() []*Brief { return l.briefs }

// Len returns the number of briefs.
func (l *Library) Len() int { return len(l.briefs) }

// Get returns the brief with the given ID.
func (l *Library) Get(id string) (*Brief, bool) {
	i, ok := l.index[id]
	if !ok {
		return nil, false
	}
	return l.briefs[i], true
}

// IndexOf returns the position of the brief with the given ID in Briefs, or -1.
func (l *Library) IndexOf(id string) int {
	if i, ok := l.index[id]; ok {
		return i
	}
	return -1
}

// Warnings returns the files that were skipped and the problems of files that
// loaded anyway, sorted by path. Callers must not modify the slice.
func (l *Library) Warnings() []Warning { return l.warnings }

// TotalBytes returns the summed file size of the briefs.
func (l *Library) TotalBytes() int64 { return l.total }

// replaced returns l with the briefs of old replaced by those of next
// (same IDs, new content), without sorting the library again: each moves
// to its place by binary search. ok is false when that would not give what
// NewLibrary gives (a duplicate ID anywhere, an ID not in l): the caller
// builds the library afresh. walkWarns are the warnings that are not a
// brief's own.
func (l *Library) replaced(old, next []*Brief, walkWarns []Warning) (*Library, bool) {
	if l.renamed {
		return nil, false
	}
	briefs := slices.Clone(l.briefs)
	index := maps.Clone(l.index)
	for k, o := range old {
		n := next[k]
		i, ok := index[o.ID]
		if !ok || n.ID != o.ID || briefs[i] != o {
			return nil, false
		}
		briefs = slices.Delete(briefs, i, i+1)
		j, _ := slices.BinarySearchFunc(briefs, n, compareBriefs)
		briefs = slices.Insert(briefs, j, n)
		for x := min(i, j); x <= max(i, j); x++ {
			index[briefs[x].ID] = x
		}
	}
	nl := &Library{briefs: briefs, index: index, warnings: slices.Clone(walkWarns)}
	for _, b := range briefs {
		nl.total += b.Size
		for _, w := range b.Warnings {
			nl.warnings = append(nl.warnings, Warning{Path: b.Path, Reason: w})
		}
	}
	slices.SortStableFunc(nl.warnings, func(a, b Warning) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Reason, b.Reason))
	})
	return nl, true
}
