package briefs

import (
	"os"
	"path/filepath"
	"testing"
)

// The stamp table vouches for a library exactly when a load would find the
// same files unchanged: roots given with a trailing separator, nested
// folders and a root that is a file included; and it gives back each
// brief as the load listed it.
func TestStampsUnchanged(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	writeBrief(t, filepath.Join(dir, "a.md"), "# A\n\nText.\n")
	writeBrief(t, filepath.Join(dir, "sub", "b.md"), "# B\n\nText.\n")
	writeBrief(t, filepath.Join(dir, "sub", "deeper", "c.md"), "# C\n\nText.\n")
	writeBrief(t, filepath.Join(dir, "z.md"), "# Z\n\nText.\n")
	single := filepath.Join(t.TempDir(), "one.md")
	writeBrief(t, single, "# One\n\nText.\n")
	paths := []string{dir + string(filepath.Separator), single}
	opts := LoadOptions{Now: ahead, CacheDir: cache}
	lib := Load(paths, opts)
	st, err := ReadStamps(paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	if st.Len() != lib.Len() || st.Len() != 5 {
		t.Fatalf("%d entries, %d briefs", st.Len(), lib.Len())
	}
	if !st.Unchanged(paths) {
		t.Fatal("unchanged files not vouched for")
	}
	for _, want := range lib.Briefs() {
		i, ok := st.Entry(want.Path)
		if !ok {
			t.Fatalf("no entry for %s", want.Path)
		}
		b, err := st.Brief(i)
		if err != nil || b.ID != want.ID || b.Title != want.Title || b.Hash != want.Hash {
			t.Fatalf("entry %d: %+v, %v; want %s %q", i, b, err, want.ID, want.Title)
		}
	}
	if st.Unchanged([]string{dir}) {
		t.Fatal("vouched for another list of roots")
	}

	// Without the clock ahead, files written just now are not settled.
	now := LoadOptions{CacheDir: t.TempDir()}
	Load(paths, now)
	if st, err := ReadStamps(paths, now); err != nil || st.Unchanged(paths) {
		t.Fatalf("racily clean files vouched for (%v)", err)
	}
	for _, change := range []func() error{
		func() error { return os.WriteFile(filepath.Join(dir, "sub", "b.md"), []byte("# B\n\nEdit.\n"), 0o644) },
		func() error { return os.WriteFile(filepath.Join(dir, "sub", "new.md"), []byte("# New\n"), 0o644) },
		func() error { return os.Remove(filepath.Join(dir, "sub", "new.md")) },
		func() error { return os.Rename(filepath.Join(dir, "z.md"), filepath.Join(dir, "y.md")) },
		func() error { return os.Symlink(filepath.Join(dir, "a.md"), filepath.Join(dir, "link.md")) },
	} {
		st, err := ReadStamps(paths, opts)
		if err != nil || !st.Unchanged(paths) {
			t.Fatalf("before a change: not vouched for (%v)", err)
		}
		if err := change(); err != nil {
			t.Fatal(err)
		}
		if st.Unchanged(paths) {
			t.Fatal("a change went unseen")
		}
		Load(paths, opts)
	}
}
