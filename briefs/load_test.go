package briefs

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// ids returns the IDs of a library in order.
func ids(l *Library) []string {
	var out []string
	for _, b := range l.Briefs() {
		out = append(out, b.ID)
	}
	return out
}

// reasonFor returns the warning reasons recorded for path.
func reasonFor(l *Library, path string) []string {
	var out []string
	for _, w := range l.Warnings() {
		if w.Path == path {
			out = append(out, w.Reason)
		}
	}
	return out
}

func hasReason(l *Library, path, sub string) bool {
	for _, r := range reasonFor(l, path) {
		if strings.Contains(r, sub) {
			return true
		}
	}
	return false
}

func TestLoadFS(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 5, d, 9, 0, 0, 0, time.UTC) }
	file := func(s string, d int) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(s), ModTime: day(d), Mode: 0o644}
	}
	tests := []struct {
		name     string
		fsys     fstest.MapFS
		root     string
		opts     LoadOptions
		wantIDs  []string // newest first
		wantPath map[string]string
		wantWarn map[string]string // path -> substring of the reason
	}{
		{
			name: "extensions, case-insensitive, nested, newest first",
			fsys: fstest.MapFS{
				"a.md":            file("alpha", 1),
				"b.MD":            file("bravo", 2),
				"deep/c.markdown": file("charlie", 3),
				"deep/er/d.TXT":   file("delta", 4),
				"notes.go":        file("package x", 5),
				"image.png":       file("png", 6),
				"README":          file("no extension", 7),
				"md":              file("a name that is only an extension", 8),
			},
			root:    ".",
			wantIDs: []string{"deep/er/d.TXT", "deep/c.markdown", "b.MD", "a.md"},
		},
		{
			name: "hidden files and folders skipped",
			fsys: fstest.MapFS{
				"shown.md":             file("x", 1),
				".hidden.md":           file("x", 2),
				".obsidian/cache.md":   file("x", 3),
				"sub/.draft.md":        file("x", 4),
				"sub/.git/HEAD.md":     file("x", 5),
				"sub/visible.markdown": file("x", 6),
			},
			root:    ".",
			wantIDs: []string{"sub/visible.markdown", "shown.md"},
		},
		{
			name: "IDs are relative to the root, Path is the path in the FS",
			fsys: fstest.MapFS{
				"lib/one.md":     file("x", 2),
				"lib/two/two.md": file("x", 1),
				"other/no.md":    file("x", 3),
			},
			root:     "lib",
			wantIDs:  []string{"one.md", "two/two.md"},
			wantPath: map[string]string{"one.md": "lib/one.md", "two/two.md": "lib/two/two.md"},
		},
		{
			name:     "a single file as root",
			fsys:     fstest.MapFS{"x/only.txt": file("x", 1), "x/other.md": file("y", 2)},
			root:     "x/only.txt",
			wantIDs:  []string{"only.txt"},
			wantPath: map[string]string{"only.txt": "x/only.txt"},
		},
		{
			name: "binary and oversize files skipped with warnings, the rest loads",
			fsys: fstest.MapFS{
				"bin.md":  file("text\x00more", 1),
				"big.md":  file(strings.Repeat("x", 101), 2),
				"fits.md": file(strings.Repeat("x", 100), 3),
				"ok.md":   file("fine", 4),
			},
			root:     ".",
			opts:     LoadOptions{MaxSize: 100},
			wantIDs:  []string{"ok.md", "fits.md"},
			wantWarn: map[string]string{"bin.md": "binary", "big.md": "too large"},
		},
		{
			name:     "invalid UTF-8 loads with a warning",
			fsys:     fstest.MapFS{"bad.md": file("caf\xe9 au lait", 1)},
			root:     ".",
			wantIDs:  []string{"bad.md"},
			wantWarn: map[string]string{"bad.md": "UTF-8"},
		},
		{
			name:     "missing root",
			fsys:     fstest.MapFS{"a.md": file("x", 1)},
			root:     "nope",
			wantIDs:  nil,
			wantWarn: map[string]string{"nope": "no such file"},
		},
		{
			name:    "empty folder",
			fsys:    fstest.MapFS{"empty": &fstest.MapFile{Mode: fs.ModeDir | 0o755}},
			root:    ".",
			wantIDs: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lib := LoadFS(tt.fsys, tt.root, tt.opts)
			if got := ids(lib); !slices.Equal(got, tt.wantIDs) {
				t.Errorf("IDs = %q, want %q", got, tt.wantIDs)
			}
			for id, p := range tt.wantPath {
				b, ok := lib.Get(id)
				if !ok {
					t.Errorf("Get(%q) missing", id)
					continue
				}
				if b.Path != p {
					t.Errorf("%s: Path = %q, want %q", id, b.Path, p)
				}
			}
			for p, sub := range tt.wantWarn {
				if !hasReason(lib, p, sub) {
					t.Errorf("no warning containing %q for %s; warnings %v", sub, p, lib.Warnings())
				}
			}
			if len(tt.wantWarn) == 0 && len(lib.Warnings()) != 0 {
				t.Errorf("unexpected warnings %v", lib.Warnings())
			}
		})
	}
}

func TestLoadFSSetsFileFields(t *testing.T) {
	data := []byte("# Title\n\nBody text.\n")
	mt := time.Date(2026, 4, 2, 10, 30, 0, 0, time.UTC)
	fsys := fstest.MapFS{
		"x/brief.md":            {Data: data, ModTime: mt},
		"x/2026-03-09-dated.md": {Data: []byte("dated by name")},
		"x/undated.md":          {Data: []byte("no date anywhere")},
	}
	lib := LoadFS(fsys, "x", LoadOptions{})
	b, ok := lib.Get("brief.md")
	if !ok {
		t.Fatalf("brief.md missing: %v", ids(lib))
	}
	sum := sha256.Sum256(data)
	if b.Hash != hex.EncodeToString(sum[:]) {
		t.Errorf("Hash = %s", b.Hash)
	}
	if b.Size != int64(len(data)) || !b.ModTime.Equal(mt) || b.Path != "x/brief.md" {
		t.Errorf("Size %d ModTime %v Path %q", b.Size, b.ModTime, b.Path)
	}
	if b.Raw == "" {
		t.Errorf("Raw empty")
	}
	if lib.TotalBytes() != int64(len(data)+len("dated by name")+len("no date anywhere")) {
		t.Errorf("TotalBytes = %d", lib.TotalBytes())
	}
	// Embedded files have no mtime: a leading date in the name stands in for it.
	d, _ := lib.Get("2026-03-09-dated.md")
	if want := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC); d == nil || !d.ModTime.Equal(want) {
		t.Errorf("dated-by-name ModTime = %v, want %v", d.ModTime, want)
	}
	u, _ := lib.Get("undated.md")
	if u == nil || !u.ModTime.IsZero() {
		t.Errorf("undated ModTime = %v, want zero", u.ModTime)
	}
	if got := ids(lib); !slices.Equal(got, []string{"brief.md", "2026-03-09-dated.md", "undated.md"}) {
		t.Errorf("order %v", got)
	}
}

// errFS fails to open one file with a permission error, standing in for an
// unreadable file where the test cannot make one (running as root).
type errFS struct {
	fstest.MapFS
	deny string
}

func (e errFS) Open(name string) (fs.File, error) {
	if name == e.deny {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return e.MapFS.Open(name)
}

// ReadDir keeps fs.WalkDir on the MapFS listing (which includes the denied file).
func (e errFS) ReadDir(name string) ([]fs.DirEntry, error) { return e.MapFS.ReadDir(name) }

func TestLoadFSUnreadable(t *testing.T) {
	fsys := errFS{MapFS: fstest.MapFS{"a.md": {Data: []byte("a")}, "locked.md": {Data: []byte("b")}}, deny: "locked.md"}
	lib := LoadFS(fsys, ".", LoadOptions{})
	if got := ids(lib); !slices.Equal(got, []string{"a.md"}) {
		t.Errorf("IDs = %v", got)
	}
	if !hasReason(lib, "locked.md", "permission denied") {
		t.Errorf("warnings %v", lib.Warnings())
	}
}

func TestLoadFSProgress(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, n := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		fsys["d/"+n+".md"] = &fstest.MapFile{Data: []byte(n)}
	}
	fsys["d/bin.md"] = &fstest.MapFile{Data: []byte{0}}
	var (
		mu    sync.Mutex
		calls int
		last  [2]int
	)
	lib := LoadFS(fsys, ".", LoadOptions{Workers: 3, Progress: func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if done > total || done < last[0] {
			t.Errorf("progress went wrong: %d/%d after %v", done, total, last)
		}
		last = [2]int{done, total}
	}})
	// Skipped files count as done too: progress is about files, not briefs.
	if calls != 8 || last != [2]int{8, 8} {
		t.Errorf("calls %d, last %v", calls, last)
	}
	if lib.Len() != 7 {
		t.Errorf("Len %d", lib.Len())
	}
}

// write creates a file (and its folder) under dir with the given mtime.
func write(t *testing.T, dir, rel, data string, mtime time.Time) string {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if !mtime.IsZero() {
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func TestLoadBadInput(t *testing.T) {
	dir := t.TempDir()
	mt := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	good := write(t, dir, "good.md", "# Good\n\nFine.\n", mt)
	big := write(t, dir, "big.md", strings.Repeat("word ", 300), mt)
	bin := write(t, dir, "sub/binary.md", "looks like text\x00but is not", mt)
	utf := write(t, dir, "sub/latin1.txt", "Caf\xe9 cr\xe8me", mt)
	missing := filepath.Join(dir, "does-not-exist")

	// Symlink loops: a link to itself (ELOOP on open) and a folder link back to an ancestor.
	selfLoop := filepath.Join(dir, "self.md")
	if err := os.Symlink("self.md", selfLoop); err != nil {
		t.Fatal(err)
	}
	dirLoop := filepath.Join(dir, "sub", "up")
	if err := os.Symlink("..", dirLoop); err != nil {
		t.Fatal(err)
	}
	// A FIFO named like a brief must not hang the loader.
	fifo := filepath.Join(dir, "pipe.md")
	if err := mkfifo(fifo); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		t.Fatal(err)
	}

	done := make(chan *Library)
	go func() { done <- Load([]string{dir, missing}, LoadOptions{MaxSize: 1000}) }()
	var lib *Library
	select {
	case lib = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Load hung")
	}

	got := ids(lib)
	slices.Sort(got)
	if want := []string{"good.md", "sub/latin1.txt"}; !slices.Equal(got, want) {
		t.Errorf("IDs = %v, want %v", got, want)
	}
	for _, c := range []struct{ path, sub string }{
		{big, "too large"},
		{bin, "binary"},
		{utf, "UTF-8"},
		{missing, "no such file"},
		{selfLoop, "symlink loop"},
		{dirLoop, "symlink loop"},
		{fifo, "not a regular file"},
	} {
		if !hasReason(lib, c.path, c.sub) {
			t.Errorf("no warning %q for %s", c.sub, c.path)
		}
	}
	if len(reasonFor(lib, good)) != 0 {
		t.Errorf("good file has warnings %v", reasonFor(lib, good))
	}
	if b, _ := lib.Get("sub/latin1.txt"); b == nil || len(b.Warnings) == 0 {
		t.Errorf("invalid UTF-8 brief carries no warning: %+v", b)
	}
	if !slices.IsSortedFunc(lib.Warnings(), func(a, b Warning) int { return strings.Compare(a.Path, b.Path) }) {
		t.Errorf("warnings not sorted by path: %v", lib.Warnings())
	}
}

func TestLoadHiddenAndExtensions(t *testing.T) {
	dir := t.TempDir()
	var zero time.Time
	write(t, dir, "a.md", "a", zero)
	write(t, dir, "B.Markdown", "b", zero)
	write(t, dir, "c.txt", "c", zero)
	write(t, dir, "d.rst", "d", zero)
	write(t, dir, ".hidden.md", "h", zero)
	write(t, dir, ".git/x.md", "h", zero)
	write(t, dir, "ok/.cache/y.md", "h", zero)
	write(t, dir, "ok/z.md", "z", zero)
	lib := Load([]string{dir}, LoadOptions{})
	got := ids(lib)
	slices.Sort(got)
	if want := []string{"B.Markdown", "a.md", "c.txt", "ok/z.md"}; !slices.Equal(got, want) {
		t.Errorf("IDs = %v, want %v", got, want)
	}
	// An explicitly named path is read even when hidden or of another extension.
	lib = Load([]string{filepath.Join(dir, ".hidden.md"), filepath.Join(dir, "d.rst")}, LoadOptions{})
	got = ids(lib)
	slices.Sort(got)
	if want := []string{".hidden.md", "d.rst"}; !slices.Equal(got, want) {
		t.Errorf("explicit files: IDs = %v, want %v", got, want)
	}
	if b, _ := lib.Get("d.rst"); b == nil || b.Path != filepath.Join(dir, "d.rst") {
		t.Errorf("explicit file Path: %+v", b)
	}
}

func TestLoadSymlinksFollowed(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	var zero time.Time
	write(t, outside, "shared/s.md", "shared", zero)
	write(t, outside, "target.md", "target", zero)
	write(t, dir, "lib/own.md", "own", zero)
	if err := os.Symlink(filepath.Join(outside, "shared"), filepath.Join(dir, "lib", "linked")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "target.md"), filepath.Join(dir, "lib", "alias.md")); err != nil {
		t.Fatal(err)
	}
	// A second link to the same folder is read once.
	if err := os.Symlink(filepath.Join(outside, "shared"), filepath.Join(dir, "lib", "zz-again")); err != nil {
		t.Fatal(err)
	}
	// A dangling link that is not named like a brief is ignored silently.
	if err := os.Symlink(filepath.Join(outside, "gone"), filepath.Join(dir, "lib", "dangling")); err != nil {
		t.Fatal(err)
	}
	lib := Load([]string{filepath.Join(dir, "lib")}, LoadOptions{})
	got := ids(lib)
	slices.Sort(got)
	if want := []string{"alias.md", "linked/s.md", "own.md"}; !slices.Equal(got, want) {
		t.Errorf("IDs = %v, want %v", got, want)
	}
	if !hasReason(lib, filepath.Join(dir, "lib", "zz-again"), "already loaded") {
		t.Errorf("warnings %v", lib.Warnings())
	}
	if len(lib.Warnings()) != 1 {
		t.Errorf("want exactly one warning, got %v", lib.Warnings())
	}
}

func TestLoadDuplicateIDs(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	write(t, a, "same.md", "first", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	write(t, b, "same.md", "second", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC))
	write(t, b, "sub/x.md", "x", time.Time{})
	lib := Load([]string{a, b, filepath.Join(b, "sub")}, LoadOptions{})
	// b/sub is reached twice: inside b and as a root of its own.
	first, ok1 := lib.Get("same.md")
	second, ok2 := lib.Get("same.md#2")
	if !ok1 || !ok2 {
		t.Fatalf("IDs %v", ids(lib))
	}
	// The first in argument order keeps the plain ID, whatever the sort order.
	if first.Raw != "first" || second.Raw != "second" {
		t.Errorf("first %q second %q", first.Raw, second.Raw)
	}
	if !hasReason(lib, filepath.Join(b, "same.md"), `renamed to "same.md#2"`) {
		t.Errorf("warnings %v", lib.Warnings())
	}
	if !hasReason(lib, filepath.Join(b, "sub"), "already loaded") {
		t.Errorf("warnings %v", lib.Warnings())
	}
}

func TestLoadDeterministic(t *testing.T) {
	dir := t.TempDir()
	same := time.Date(2026, 3, 3, 3, 3, 3, 0, time.UTC)
	for i := range 60 {
		// Ten folders, equal mtimes for most files: order must come from the tie-breaks.
		mt := same
		if i%7 == 0 {
			mt = same.Add(time.Duration(i) * time.Hour)
		}
		write(t, dir, filepath.Join("f"+string(rune('a'+i%10)), "b"+string(rune('a'+i%26))+string(rune('a'+i/26))+".md"), "brief", mt)
	}
	write(t, dir, "dup/fa/ba.md", "dup", same) // same relative tail, different ID: no clash
	want := ids(Load([]string{dir}, LoadOptions{Workers: 1}))
	if len(want) != 61 {
		t.Fatalf("loaded %d", len(want))
	}
	for range 5 {
		if got := ids(Load([]string{dir}, LoadOptions{Workers: 8})); !slices.Equal(got, want) {
			t.Fatalf("order differs between runs:\n%v\n%v", got, want)
		}
	}
}

func TestLoadSortsByMtimeWhenUndated(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "old.md", "old", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	write(t, dir, "new.md", "new", time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC))
	write(t, dir, "mid.txt", "mid", time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC))
	if got, want := ids(Load([]string{dir}, LoadOptions{})), []string{"new.md", "mid.txt", "old.md"}; !slices.Equal(got, want) {
		t.Errorf("IDs = %v, want %v", got, want)
	}
}

// TestLoadFrontMatterDateAndID needs the real Parse: the front-matter date wins over
// the mtime, and a front-matter id replaces the path.
func TestLoadFrontMatterDateAndID(t *testing.T) {
	dir := t.TempDir()
	newMtime := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	write(t, dir, "a.md", "---\ntitle: Dated Early\ndate: 2026-03-01\nid: custom-a\n---\n\nBody.\n", newMtime)
	write(t, dir, "b.md", "---\ntitle: Dated Late\ndate: 2026-04-01\n---\n\nBody.\n", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	write(t, dir, "c.md", "# Undated\n\nBody.\n", time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC))
	lib := Load([]string{dir}, LoadOptions{})
	if got, want := ids(lib), []string{"b.md", "c.md", "custom-a"}; !slices.Equal(got, want) {
		t.Errorf("IDs = %v, want %v (needs the real Parse)", got, want)
	}
}

// TestLoadUnreadable covers a file the process may not read. Root reads anything, so
// as root the test runs itself again as user nobody.
func TestLoadUnreadable(t *testing.T) {
	if os.Getenv("BRIEFING_UNREADABLE_DIR") != "" {
		t.Skip("inner run")
	}
	dir := t.TempDir()
	var zero time.Time
	write(t, dir, "ok.md", "fine", zero)
	locked := write(t, dir, "locked.md", "secret", zero)
	write(t, dir, "closed/inside.md", "unseen", zero)
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "closed"), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "closed"), 0o755) })

	if os.Geteuid() != 0 {
		checkUnreadable(t, dir)
		return
	}
	// Re-run this test binary as nobody. Both it and the corpus must be reachable.
	bin := filepath.Join(t.TempDir(), "briefs.test")
	if err := copyFile(os.Args[0], bin); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Dir(bin), filepath.Dir(filepath.Dir(bin)), dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "-test.run=^TestLoadUnreadableInner$", "-test.v")
	cmd.Env = append(os.Environ(), "BRIEFING_UNREADABLE_DIR="+dir)
	runAsNobody(cmd)
	out, err := cmd.CombinedOutput()
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Skipf("cannot run as nobody here (%v); TestLoadFSUnreadable covers the path", err)
		}
		t.Fatalf("inner run failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestLoadUnreadableInner") {
		t.Fatalf("inner test did not pass:\n%s", out)
	}
}

// TestLoadUnreadableInner is the unprivileged half of TestLoadUnreadable.
func TestLoadUnreadableInner(t *testing.T) {
	dir := os.Getenv("BRIEFING_UNREADABLE_DIR")
	if dir == "" {
		t.Skip("run by TestLoadUnreadable")
	}
	checkUnreadable(t, dir)
}

func checkUnreadable(t *testing.T, dir string) {
	t.Helper()
	lib := Load([]string{dir}, LoadOptions{})
	if got := ids(lib); !slices.Equal(got, []string{"ok.md"}) {
		t.Errorf("IDs = %v", got)
	}
	if !hasReason(lib, filepath.Join(dir, "locked.md"), "permission denied") {
		t.Errorf("no permission warning for the file: %v", lib.Warnings())
	}
	if !hasReason(lib, filepath.Join(dir, "closed"), "permission denied") {
		t.Errorf("no permission warning for the folder: %v", lib.Warnings())
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func TestReadFileGrowsPastStatSize(t *testing.T) {
	// /proc files report size 0; the reader must not trust the size. Both
	// ways of reading: the operating system's (open nil) and through a
	// file opener, as an fs.FS is read.
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	for _, open := range []func(string) (fs.File, error){nil, osOpen} {
		data, _, err := readFile(job{path: "/proc/self/status", open: open}, DefaultMaxSize, nil)
		if err != nil || !strings.Contains(string(data), "Name:") {
			t.Errorf("read %q, %v", data, err)
		}
		_, _, err = readFile(job{path: "/proc/self/status", open: open}, 10, nil)
		var tl errTooLarge
		if !errors.As(err, &tl) {
			t.Errorf("want too large, got %v", err)
		}
	}
}

// TestReadOSFileReportsAsOSDoes holds the operating system's read to what
// os.Stat and os.Open would say: the same info, the same reasons.
func TestReadOSFileReportsAsOSDoes(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.md")
	if err := os.WriteFile(name, []byte("# A\n\nbody\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	data, fi, err := readFile(job{path: name}, DefaultMaxSize, nil)
	if err != nil || string(data) != "# A\n\nbody\n" {
		t.Fatalf("read %q, %v", data, err)
	}
	want, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() != want.Size() || !fi.ModTime().Equal(want.ModTime()) || fi.IsDir() || fi.Mode().Perm() != want.Mode().Perm() {
		t.Errorf("info %v %v %v %v, os.Stat %v %v %v", fi.Size(), fi.ModTime(), fi.IsDir(), fi.Mode(), want.Size(), want.ModTime(), want.Mode())
	}
	got, ok1 := stampOf(fi)
	st, ok2 := stampOf(want)
	if !ok1 || !ok2 || got != st {
		t.Errorf("stamp %+v (%v), os.Stat's %+v (%v)", got, ok1, st, ok2)
	}
	for path, reason := range map[string]string{
		filepath.Join(dir, "gone.md"): "no such file or folder",
		dir:                           "is a folder, not a file",
	} {
		_, _, err := readFile(job{path: path}, DefaultMaxSize, nil)
		if err == nil || describeErr(err) != reason {
			t.Errorf("%s: %v, want %q", path, err, reason)
		}
	}
	if _, _, err := readFile(job{path: name}, 4, nil); err == nil || describeErr(err) != "file too large (10 B, limit 4 B)" {
		t.Errorf("over the limit: %v", err)
	}
}

func TestIsBriefName(t *testing.T) {
	for name, want := range map[string]bool{
		"a.md": true, "A.MD": true, "x.Markdown": true, "n.txt": true, "n.TXT": true,
		"md": false, "a.mdx": false, "a.md.bak": false, "a.text": false, "": false, "a.": false,
	} {
		if got := IsBriefName(name); got != want {
			t.Errorf("IsBriefName(%q) = %v", name, got)
		}
	}
}

// TestLoadReusedBufferNotRetained guards the per-worker read buffer: if Parse ever
// kept a reference into the bytes it was given, later files would overwrite
// earlier briefs and this test would see it.
func TestLoadReusedBufferNotRetained(t *testing.T) {
	dir := t.TempDir()
	want := map[string]string{}
	for i := range 12 {
		// Decreasing sizes, so every file after the first fits in the same buffer.
		id := string(rune('a'+i)) + ".md"
		text := "# Brief " + id + "\n\n## Why It Matters\n\n" + strings.Repeat(id+" body text. ", 60-4*i) + "\n"
		want[id] = text
		write(t, dir, id, text, time.Time{})
	}
	lib := Load([]string{dir}, LoadOptions{Workers: 1})
	for id, text := range want {
		b, ok := lib.Get(id)
		if !ok {
			t.Fatalf("%s missing", id)
		}
		if b.Raw != text {
			t.Errorf("%s: Raw changed after later files were read:\n%q", id, b.Raw)
		}
		for _, s := range b.Sections {
			if !strings.Contains(text, strings.TrimSpace(s.Body)) || !strings.Contains(text, s.Title) {
				t.Errorf("%s: section %q not found in the file", id, s.Title)
			}
		}
		sum := sha256.Sum256([]byte(text))
		if b.Hash != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: hash mismatch", id)
		}
	}
}

// A loop through two folder links (a/to-c -> c, c/to-a -> a) is reported as
// a loop where it closes, like a link straight back to an ancestor: walking
// a, then a/to-c (which is c), then a/to-c/to-a would be a again.
func TestLoadReportsLoopThroughLinks(t *testing.T) {
	dir := t.TempDir()
	mt := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	write(t, dir, "a/one.md", "# One\n\nText.\n", mt)
	write(t, dir, "c/two.md", "# Two\n\nText.\n", mt)
	toC := filepath.Join(dir, "a", "to-c")
	if err := os.Symlink(filepath.Join("..", "c"), toC); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "a"), filepath.Join(dir, "c", "to-a")); err != nil {
		t.Fatal(err)
	}
	lib := Load([]string{dir}, LoadOptions{})
	closing := filepath.Join(toC, "to-a")
	if !hasReason(lib, closing, "symlink loop") {
		t.Errorf("no symlink loop warning for %s; warnings: %v", closing, lib.Warnings())
	}
	got := ids(lib)
	slices.Sort(got)
	if want := []string{"a/one.md", "a/to-c/two.md"}; !slices.Equal(got, want) {
		t.Errorf("IDs = %v, want %v", got, want)
	}
}

// A catalog that cannot be written (its folder is a file) leaves every
// brief loaded and one warning in the library saying so: the write runs
// beside the library's sort, and its failure still reaches the library.
func TestLoadCatalogNotSavedWarns(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.md", "b.md"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("# "+name+"\n\nbody\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cache := filepath.Join(t.TempDir(), "cache")
	if err := os.WriteFile(cache, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	lib := Load([]string{dir}, LoadOptions{CacheDir: cache})
	if lib.Len() != 2 {
		t.Fatalf("%d briefs, want 2", lib.Len())
	}
	var saved []Warning
	for _, w := range lib.Warnings() {
		if strings.Contains(w.Reason, "catalog not saved") {
			saved = append(saved, w)
		}
	}
	if len(saved) != 1 {
		t.Errorf("warnings %v, want one that the catalog was not saved", lib.Warnings())
	}
}

// The walk never waits for the reading: every job is queued at once, so
// the progress knows the number of files early, and the workers take them
// in walk order until the walk has ended.
func TestPipelineQueueUnbounded(t *testing.T) {
	p := newPipeline(LoadOptions{})
	const n = 10000
	for i := range n {
		p.add(job{path: fmt.Sprint(i)}) // would block at the queue's bound
	}
	if p.totalSoFar() != n {
		t.Fatalf("total %d, want %d", p.totalSoFar(), n)
	}
	got := make(chan int)
	go func() {
		count := 0
		for {
			j, ok := p.take()
			if !ok {
				got <- count
				return
			}
			if j.idx != count || j.path != fmt.Sprint(count) {
				t.Errorf("job %d: %+v", count, j)
			}
			count++
		}
	}()
	p.walkEnded()
	if c := <-got; c != n {
		t.Fatalf("took %d jobs, want %d", c, n)
	}
}

// A load that checks a catalog's files keeps its walk at most queueAhead
// jobs ahead of the workers, until it turns out there is no catalog.
func TestPipelineQueueBounded(t *testing.T) {
	p := newPipeline(LoadOptions{reuse: newReloadCache()})
	const n = 3 * queueAhead
	go func() {
		for i := range n {
			p.add(job{path: fmt.Sprint(i)})
		}
		p.walkEnded()
	}()
	for taken := 0; ; taken++ {
		if total := p.totalSoFar(); total > taken+queueAhead {
			t.Fatalf("%d jobs queued with %d taken: the walk ran ahead", total, taken)
		}
		j, ok := p.take()
		if !ok {
			if taken != n {
				t.Fatalf("took %d jobs, want %d", taken, n)
			}
			break
		}
		if j.idx != taken {
			t.Fatalf("job %d has index %d", taken, j.idx)
		}
	}
}
