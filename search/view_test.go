package search

import (
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
)

// A view is written only of an index whose docs are its file's (opened
// unchanged, or just saved); opened with it, the index answers as the one
// it was written of, and it refuses another catalog.
func TestViewOfSavedIndex(t *testing.T) {
	bs, _ := genBriefs(200, 1200)
	hashed(bs)
	path := filepath.Join(t.TempDir(), "index")
	view := path + ".view"
	entryOf := map[*briefs.Brief]int{}
	for i, b := range bs {
		entryOf[b] = len(bs) - 1 - i // catalog order need not be library order
	}
	entry := func(b *briefs.Brief) (int, bool) { e, ok := entryOf[b]; return e, ok }
	fetch := func(e int) (*briefs.Brief, error) { return bs[len(bs)-1-e], nil }

	ix, _ := Open(path, bs, OpenOptions{})
	if err := SaveView(view, ix, "catalog-1", entry); err == nil {
		t.Fatal("a view of an index built in memory")
	}
	if err := ix.Save(path); err != nil {
		t.Fatal(err)
	}
	if err := SaveView(view, ix, "catalog-1", entry); err != nil {
		t.Fatalf("view of a saved index: %v", err)
	}
	viewed, err := OpenViewed(path, view, "catalog-1", len(bs), fetch)
	if err != nil {
		t.Fatal(err)
	}
	sameResults(t, ix, viewed)
	if viewed.ViewError() != nil {
		t.Fatal(viewed.ViewError())
	}
	if _, err := OpenViewed(path, view, "catalog-2", len(bs), fetch); !errors.Is(err, ErrNoView) {
		t.Fatalf("another catalog: %v", err)
	}

	more, _ := genBriefs(201, 1200)
	added := *more[200]
	added.ID, added.Hash = "added", "added"
	ix.Apply(briefs.Change{Added: []*briefs.Brief{&added}})
	if err := SaveView(view, ix, "catalog-1", entry); err == nil {
		t.Fatal("a view of an index changed since its save")
	}
	reopened, rep := Open(path, bs[1:], OpenOptions{})
	if !rep.Changed() {
		t.Fatalf("report %+v: a brief dropped", rep)
	}
	if err := SaveView(view, reopened, "catalog-1", entry); err == nil {
		t.Fatal("a view of an index changed since its open")
	}
}

// An index opened with its view decodes the metadata and briefs of the
// docs a query needs only: a search for a few hits of a common word makes
// those hits', not every doc's, and finds their briefs by ID without a map
// of all docs; an update on it answers as on the index opened with the
// library.
func TestViewDecodesOnlyWhatQueriesNeed(t *testing.T) {
	bs, _ := genBriefs(300, 1200)
	hashed(bs)
	path := filepath.Join(t.TempDir(), "index")
	view := path + ".view"
	entry := func(b *briefs.Brief) (int, bool) { return slices.Index(bs, b), true }
	fetched := 0
	fetch := func(e int) (*briefs.Brief, error) { fetched++; return bs[e], nil }
	ix, _ := Open(path, bs, OpenOptions{})
	if err := ix.Save(path); err != nil {
		t.Fatal(err)
	}
	if err := SaveView(view, ix, "catalog", entry); err != nil {
		t.Fatal(err)
	}
	viewed, err := OpenViewed(path, view, "catalog", len(bs), fetch)
	if err != nil {
		t.Fatal(err)
	}
	q, err := ParseQuery(newGenCorpus(42).vocab[0]) // the most frequent word
	if err != nil {
		t.Fatal(err)
	}
	const limit = 3
	hits := viewed.Search(q, SearchOptions{Limit: limit})
	if want := ix.Search(q, SearchOptions{Limit: limit}); !reflect.DeepEqual(hits, want) {
		t.Fatalf("hits %+v, want %+v", hits, want)
	}
	if len(ix.Search(q, SearchOptions{Limit: -1})) <= 2*limit {
		t.Fatal("the word matches too few briefs for the test to tell")
	}
	decoded := 0
	for d := range viewed.docs {
		if viewed.docs[d].meta != nil || viewed.viewed.metas[d] != nil {
			decoded++
		}
	}
	if decoded > limit || fetched > limit {
		t.Fatalf("%d docs' metadata and %d briefs decoded for %d hits", decoded, fetched, limit)
	}
	for _, h := range hits {
		if b, ok := viewed.BriefOf(h.ID); !ok || b != bs[slices.IndexFunc(bs, func(b *briefs.Brief) bool { return b.ID == h.ID })] {
			t.Fatalf("BriefOf(%s) = %v, %v", h.ID, b, ok)
		}
	}
	if viewed.byID != nil {
		t.Fatal("BriefOf of a hit mapped every doc by ID")
	}
	if lc := viewed.lazyCommon; lc == nil || len(lc.made) != 1 || len(lc.raw) < 2 {
		t.Fatalf("common sets: %+v, want the one of the word made of several", lc)
	}
	if viewed.ViewError() != nil {
		t.Fatal(viewed.ViewError())
	}

	// Saved with its sets not made, it writes them as they were.
	copyPath := filepath.Join(t.TempDir(), "copy")
	if err := viewed.Save(copyPath); err != nil {
		t.Fatal(err)
	}
	reopened, rep := Open(copyPath, bs, OpenOptions{})
	if rep.Changed() {
		t.Fatalf("the copy reopened with changes: %+v", rep)
	}
	sameResults(t, ix, reopened)
	reopened.makeCommon() // Open leaves them in the file's bytes too
	if !reflect.DeepEqual(reopened.common, ix.common) {
		t.Fatal("the copy's common sets differ")
	}

	// An update makes what it keeps up to date, and answers as the index
	// opened with the library does.
	more, _ := genBriefs(301, 1200)
	added := *more[300]
	added.ID, added.Hash = "added", "added"
	for _, x := range []*Index{ix, viewed} {
		x.Apply(briefs.Change{Added: []*briefs.Brief{&added}, Removed: []*briefs.Brief{bs[7]}})
	}
	sameResults(t, ix, viewed)
}
