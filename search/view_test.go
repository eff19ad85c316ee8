package search

import (
	"errors"
	"path/filepath"
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
