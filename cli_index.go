package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/search"
)

// indexSaveFloor is how many briefs a command must index or drop before it
// rewrites the index file: indexing a few changed briefs at each start costs
// less than writing the whole index (hundreds of megabytes at 100,000
// briefs); the reader saves it in the background (see model).
const indexSaveFloor = 32

// indexPath is where the search index of the library made of paths is kept:
// <data folder>/cache/index-<digest of the paths>, one file per library, so
// that searching one folder and then another does not rebuild each in turn.
// "" for the built-in samples, which are indexed in memory.
func indexPath(dataDir string, paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	abs := make([]string, len(paths))
	for i, p := range paths {
		if a, err := filepath.Abs(p); err == nil {
			p = a
		}
		abs[i] = filepath.Clean(p)
	}
	slices.Sort(abs)
	sum := sha256.Sum256([]byte(strings.Join(abs, "\x00")))
	return filepath.Join(filepath.Dir(notes.DefaultPath(dataDir)), "cache", "index-"+hex.EncodeToString(sum[:8]))
}

// openIndex returns the search index of lib, the library of paths: opened
// from its file in the data folder and brought up to date with lib (texts
// are the briefs the load read, nil when it kept the text in them), saved
// again when that took real work. A problem with the file is a warning on
// stderr; the index is rebuilt. Nothing is saved where the data folder does
// not exist yet.
func (a *app) openIndex(lib *briefs.Library, paths []string, dataDir string, texts *search.Texts) *search.Index {
	ix, _, _ := a.openIndexFloor(lib, paths, dataDir, texts, indexSaveFloor)
	return ix
}

// openIndexFloor is openIndex saving the index once floor briefs (or
// more) were indexed or dropped; unchanged reports that the index is the
// file's, as it was saved, with nothing indexed or dropped, and saved that
// it was saved by this call.
func (a *app) openIndexFloor(lib *briefs.Library, paths []string, dataDir string, texts *search.Texts, floor int) (ix *search.Index, unchanged, saved bool) {
	if len(paths) == 0 {
		paths = a.cfg.Library
	}
	path := indexPath(dataDir, paths)
	if path == "" {
		return search.NewIndex(lib.Briefs()), false, false
	}
	ix, rep := search.Open(path, lib.Briefs(), search.OpenOptions{Texts: texts})
	if rep.Warning != "" {
		fmt.Fprintln(a.stderr, "warning: "+termsafe.Line(rep.Warning))
	}
	// A reading command makes no data folder: the reader does, with its
	// notes database; until then the index is built at each command.
	if _, err := os.Stat(filepath.Dir(notes.DefaultPath(dataDir))); err != nil {
		return ix, false, false
	}
	if rep.Changed() && (rep.Rebuilt || rep.Indexed+rep.Dropped >= floor) {
		if err := ix.Save(path); err != nil {
			fmt.Fprintln(a.stderr, "warning: search index not saved: "+termsafe.Line(err.Error()))
			return ix, false, false
		}
		return ix, false, true
	}
	return ix, !rep.Changed(), false
}

// viewPath is where the view of the index at indexPath is kept (see
// search.SaveView).
func viewPath(indexPath string) string { return indexPath + ".view" }
