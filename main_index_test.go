package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// search keeps the library's index in the data folder: a second search
// opens it rather than indexing again and prints the same; an edit reaches
// it; a corrupt file is rebuilt with a warning; deleting it loses nothing.
func TestSearchKeepsItsIndex(t *testing.T) {
	t.Parallel()
	dir := searchCorpus(t)
	data := t.TempDir()
	search := func() result {
		t.Helper()
		r := runBin(t, nil, "search", "--data", data, "harbour OR port", dir)
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		return r
	}
	first := search()
	// The index, not its view (index-*.view).
	files, _ := filepath.Glob(filepath.Join(data, "cache", "index-*[0-9a-f]"))
	if len(files) != 1 {
		t.Fatalf("index files %v, want one", files)
	}
	if first.stderr != "" {
		t.Fatalf("stderr %q", first.stderr)
	}
	stamp, err := os.Stat(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if again := search(); again.stdout != first.stdout || again.stderr != "" {
		t.Fatalf("second search:\n%s%s\nwant:\n%s", again.stdout, again.stderr, first.stdout)
	}
	if now, _ := os.Stat(files[0]); !now.ModTime().Equal(stamp.ModTime()) {
		t.Error("an unchanged library rewrote its index")
	}

	// An edit reaches the index.
	writeFile(t, filepath.Join(dir, "port.md"), "---\ndate: 2026-03-04\n---\n# Port tariffs rise\n\nThe quay gets a lighthouse.\n")
	if r := runBin(t, nil, "search", "--data", data, "lighthouse", dir); !strings.Contains(r.stdout, "port.md") {
		t.Fatalf("edited brief not found: %s%s", r.stdout, r.stderr)
	}
	edited := search()

	if err := os.WriteFile(files[0], []byte("not an index"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runBin(t, nil, "search", "--data", data, "harbour OR port", dir)
	if r.stdout != edited.stdout || !strings.Contains(r.stderr, "warning: search index") || !strings.Contains(r.stderr, "rebuilding") {
		t.Fatalf("corrupt index: stdout\n%s\nstderr %q", r.stdout, r.stderr)
	}
	if err := os.RemoveAll(filepath.Join(data, "cache")); err != nil {
		t.Fatal(err)
	}
	if r := search(); r.stdout != edited.stdout || r.stderr != "" {
		t.Fatalf("without the cache: %s%s", r.stdout, r.stderr)
	}
}
