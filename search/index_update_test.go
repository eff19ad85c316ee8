package search

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
)

func writeBrief(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Apply brings an index up to date with a reload: the edited brief is found
// by its new words and not by its old ones, the removed one is gone, the
// added one is found.
func TestApplyReload(t *testing.T) {
	dir := t.TempDir()
	writeBrief(t, filepath.Join(dir, "a.md"), "# Harbor tolls\n\nThe port raised tolls.\n")
	writeBrief(t, filepath.Join(dir, "b.md"), "# Ferry closure\n\nThe ferry closes.\n")
	old := briefs.Load([]string{dir}, briefs.LoadOptions{})
	ix := NewIndex(old.Briefs())
	writeBrief(t, filepath.Join(dir, "a.md"), "# Harbor dredging\n\nThe port dredges its channel.\n")
	if err := os.Remove(filepath.Join(dir, "b.md")); err != nil {
		t.Fatal(err)
	}
	writeBrief(t, filepath.Join(dir, "c.md"), "# Tram outage\n\nA certificate stopped the trams.\n")
	next := briefs.Load([]string{dir}, briefs.LoadOptions{})
	change := briefs.Diff(old, next)
	if len(change.Added) != 1 || len(change.Removed) != 1 || len(change.Updated) != 1 {
		t.Fatalf("the reload is not one of each change: %+v", change)
	}
	ix.Apply(change)
	for q, want := range map[string]int{"dredges": 1, "tolls": 0, "ferry": 0, "certificate": 1} {
		if got := ix.Filter(mustQuery(t, q), SearchOptions{}); len(got) != want {
			t.Errorf("%q matches %v, want %d", q, got, want)
		}
	}
	if ix.Len() != 2 {
		t.Errorf("Len = %d, want 2", ix.Len())
	}
}

// A search runs before a change or after all of it: while one goroutine
// applies a change that renames a word in every brief, another never finds
// the old word and the new one in part of the briefs each. The change is
// large enough that the index also compacts.
func TestApplyIsOneUpdate(t *testing.T) {
	const n = 300
	old := make([]*briefs.Brief, n)
	for i := range old {
		old[i] = &briefs.Brief{ID: fmt.Sprint("b", i), Title: fmt.Sprint("Alpha ", i)}
	}
	ix := NewIndex(old)
	var change briefs.Change
	for i, b := range old {
		change.Updated = append(change.Updated, [2]*briefs.Brief{b, {ID: b.ID, Title: fmt.Sprint("Omega ", i)}})
	}
	alpha, omega := mustQuery(t, "alpha "), mustQuery(t, "omega ")
	done := make(chan struct{})
	seen := make(chan string, 1)
	go func() {
		defer close(seen)
		for {
			a := len(ix.Filter(alpha, SearchOptions{}))
			o := len(ix.Filter(omega, SearchOptions{}))
			// Each search sees the change in all the briefs or in
			// none (it may land between the two searches).
			if a != 0 && a != n || o != 0 && o != n {
				seen <- fmt.Sprintf("alpha in %d briefs, omega in %d", a, o)
				return
			}
			select {
			case <-done:
				return
			default:
			}
		}
	}()
	ix.Apply(change)
	close(done)
	if s, ok := <-seen; ok {
		t.Fatalf("a search saw part of the change: %s", s)
	}
	if a, o := len(ix.Filter(alpha, SearchOptions{})), len(ix.Filter(omega, SearchOptions{})); a != 0 || o != n {
		t.Errorf("after the change: alpha in %d briefs, omega in %d", a, o)
	}
}
