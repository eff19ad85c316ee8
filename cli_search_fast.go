package main

import (
	"os"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/search"
)

// The short way of `briefing search`, when nothing changed since the last
// run: the catalog's stamp table says which files the library had and how
// they were (briefs.ReadStamps), every file is statted against it
// (Stamps.Unchanged), and the index is opened with its view, which ties
// its docs to the catalog's entries (search.OpenViewed): no brief is
// decoded but those shown. Anything else (a file edited, added, removed or
// renamed, a warning to print, a file missing) takes the long way: load,
// Open, save. Both give the same output.

// fastSearch returns the hits of q in the library of paths by the short
// way, and how to find a hit's brief; ok is false when it cannot vouch for
// the answer.
func (a *app) fastSearch(paths []string, dataDir string, q *search.Query, opts search.SearchOptions) (hits []search.Hit, brief func(id string) (*briefs.Brief, bool), stamps *briefs.Stamps, ok bool) {
	if len(paths) == 0 {
		paths = a.cfg.Library
	}
	if len(paths) == 0 || a.cacheDir == "" {
		return nil, nil, nil, false
	}
	st, err := briefs.ReadStamps(paths, a.loadOptions())
	if err != nil {
		return nil, nil, nil, false
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return nil, nil, st, false // the long way says which
		}
	}
	ipath := indexPath(dataDir, paths)
	// The index is opened and searched while the files are statted: on
	// two cores the stats wait on the kernel more than they use theirs.
	// The hits are used only if the stats find every file unchanged.
	var ix *search.Index
	opened := make(chan error, 1)
	go func() {
		var err error
		ix, err = search.OpenViewed(ipath, viewPath(ipath), st.Token(), st.Len(), st.Brief)
		if err == nil {
			hits = ix.Search(q, opts)
		}
		opened <- err
	}()
	unchanged := st.Unchanged(paths)
	if err := <-opened; err != nil || !unchanged {
		return nil, nil, st, false
	}
	if ix.ViewError() != nil || ix.Broken() {
		return nil, nil, st, false
	}
	a.shortWay = true
	return hits, ix.BriefOf, st, true
}

// saveView writes the view of ix, the index of lib as its file has it
// (opened unchanged, or saved by this search), so that the next search
// may take the short way. before is the stamp table read before the load.
// The view ties the index to the catalog as it is now: it is written when
// the load found the catalog as it was (the same token after it) or when
// this search saved both (the load wrote the catalog, a new token, and
// saved the index); and only when lib has nothing to warn about (the
// short way prints no warnings). A view of another catalog is refused at
// the next search; a brief that disagrees with the index sends that
// search the long way (see search.OpenViewed).
func (a *app) saveView(lib *briefs.Library, ix *search.Index, paths []string, dataDir string, before *briefs.Stamps, saved bool) {
	if len(paths) == 0 {
		paths = a.cfg.Library
	}
	if len(lib.Warnings()) > 0 {
		return
	}
	after, err := briefs.ReadStamps(paths, a.loadOptions())
	if err != nil || after.Len() != lib.Len() {
		return
	}
	if !saved && (before == nil || after.Token() != before.Token()) {
		return
	}
	ipath := indexPath(dataDir, paths)
	entry := func(b *briefs.Brief) (int, bool) { return after.Entry(b.Path) }
	// A view not saved costs the next search the long way, nothing else.
	_ = search.SaveView(viewPath(ipath), ix, after.Token(), entry)
}
