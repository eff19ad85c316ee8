package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/notes"
)

// exitPartial is the exit code of a command that did its work on the paths
// it could read but was given one that does not exist or cannot be read: a
// script learns that something was wrong without losing the output.
const exitPartial = 3

// partialError reports PATHs given on the command line that could not be
// read while the others were: exit 3, after the command's output.
type partialError struct {
	cmd            string
	missing, given int
}

func (e partialError) Error() string {
	return fmt.Sprintf("%s: %d of %d paths could not be read (see the warning above)", e.cmd, e.missing, e.given)
}

// loadPaths loads the PATHs of a command, printing every warning on stderr.
// A PATH that cannot be read is a warning like any bad file and the others
// still load: the returned partial error (nil when every PATH was read) is
// for the caller to return once its output is written. When no PATH can be
// read there is nothing to show, and err says why.
func (a *app) loadPaths(cmd string, paths []string) (lib *briefs.Library, partial, err error) {
	missing := 0
	var first error
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			missing++
			if first == nil {
				first = fmt.Errorf("%s: %s: %s", cmd, termsafe.Line(p), statReason(err))
			}
		}
	}
	if len(paths) > 0 && missing == len(paths) {
		return nil, nil, first
	}
	lib = briefs.Load(paths, a.loadOptions())
	a.printWarnings(lib.Warnings())
	if missing > 0 {
		partial = partialError{cmd: cmd, missing: missing, given: len(paths)}
	}
	return lib, partial, nil
}

// cacheDir is the folder of what is kept between runs to start faster (the
// catalog of parsed briefs): cache/ in the data folder, beside the notes
// database. Deleting it loses nothing.
func cacheDir(dataDir string) string {
	return filepath.Join(filepath.Dir(notes.DefaultPath(dataDir)), "cache")
}

// readingCacheDir is cacheDir for a command that only reads (list,
// digest): the catalog is used and kept only in a data folder that exists,
// so that such a command creates no data folder (the reader, which keeps
// notes there, does).
func readingCacheDir(dataDir string) string {
	if fi, err := os.Stat(filepath.Dir(notes.DefaultPath(dataDir))); err != nil || !fi.IsDir() {
		return ""
	}
	return cacheDir(dataDir)
}

// plural is "1 note", "2 notes".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// orPartial is err, or when the output was written without one, partial.
func orPartial(err, partial error) error {
	if err != nil {
		return err
	}
	return partial
}

// statReason is why a PATH cannot be read, in the loader's words (the path
// is said once, by the caller).
func statReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or folder"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// commandNames are the subcommands, in the order help lists them.
var commandNames = []string{"parse", "show", "notes", "list", "search", "digest", "serve", "help"}

// looksLikeCommand reports whether a first argument that names no file was
// meant as a command: a plain word, without a path separator or an
// extension, as no brief file is named.
func looksLikeCommand(arg string) bool {
	if arg == "" || strings.ContainsAny(arg, `/\.~`) || strings.HasPrefix(arg, "-") {
		return false
	}
	for _, r := range arg {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// unknownCommand is the usage error for a mistyped command, with the
// nearest command when one is close enough to be the one meant.
func unknownCommand(arg string) error {
	if s := suggestCommand(arg); s != "" {
		return usageErrorf("unknown command %q: did you mean %q? (see 'briefing --help')", arg, s)
	}
	return usageErrorf("unknown command %q (commands: %s; see 'briefing --help')", arg, strings.Join(commandNames, ", "))
}

// suggestCommand is the command nearest to arg: the one it starts, or the
// one within two edits of it (a typo, a missing or doubled letter). Empty
// when none is that near.
func suggestCommand(arg string) string {
	a := strings.ToLower(arg)
	best, bestDist := "", 3
	for _, c := range commandNames {
		if len(a) >= 2 && strings.HasPrefix(c, a) {
			return c
		}
		if d := editDistance(a, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, by bytes (the
// commands are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
