package briefs

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// loadWithCatalog loads dir with the catalog in cache and counts the files
// it read.
func loadWithCatalog(dir, cache string) (*Library, int) {
	var read atomic.Int64
	lib := Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache, OnRead: func(b *Brief) {
		if b.Raw == "" && len(b.Sections) > 0 {
			panic("OnRead without text")
		}
		read.Add(1)
	}})
	return lib, int(read.Load())
}

func catalogWarnings(l *Library) []string {
	var out []string
	for _, w := range l.Warnings() {
		if strings.Contains(w.Reason, "catalog") {
			out = append(out, w.Reason)
		}
	}
	return out
}

// A second start with the catalog reads no file, lists the same briefs
// without their text, and Full gives back exactly what a load without the
// catalog holds.
func TestCatalogRestart(t *testing.T) {
	dir, cache := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	for i := range 6 {
		writeBrief(t, filepath.Join(dir, fmt.Sprintf("b%d.md", i)),
			fmt.Sprintf("---\ndate: 2026-01-0%d\ntags: [a, b%d]\n---\n# Brief %d\n\nLead %d.\n\n## Why it matters\n\nBecause %d.\n", i+1, i, i, i, i))
	}
	writeBrief(t, filepath.Join(dir, "dup1.md"), "---\nid: same\n---\n# One\n")
	writeBrief(t, filepath.Join(dir, "dup2.md"), "---\nid: same\n---\n# Two\n")
	plain := Load([]string{dir}, LoadOptions{Now: ahead})

	first, read := loadWithCatalog(dir, cache)
	if read != 8 {
		t.Fatalf("first load read %d files, want 8", read)
	}
	second, read := loadWithCatalog(dir, cache)
	if read != 0 {
		t.Fatalf("second load read %d files, want 0", read)
	}
	for _, lib := range []*Library{first, second} {
		if lib.Len() != plain.Len() {
			t.Fatalf("%d briefs, want %d", lib.Len(), plain.Len())
		}
		for i, want := range plain.Briefs() {
			got := lib.Briefs()[i]
			if got.ID != want.ID || got.Title != want.Title || !got.Date.Equal(want.Date) || got.Hash != want.Hash ||
				strings.Join(got.Tags, ",") != strings.Join(want.Tags, ",") || len(got.Sections) != len(want.Sections) ||
				!got.ModTime.Equal(want.ModTime) || strings.Join(got.Warnings, "|") != strings.Join(want.Warnings, "|") {
				t.Fatalf("brief %d: %+v, want %+v", i, got, want)
			}
			if HasText(got) || got.Raw != "" {
				t.Errorf("%s holds its text", got.ID)
			}
			full, err := Full(got)
			if err != nil {
				t.Fatal(err)
			}
			if full.Raw != want.Raw || full.ID != want.ID || len(full.Sections) != len(want.Sections) {
				t.Fatalf("Full(%s) = %q, want %q", got.ID, full.Raw, want.Raw)
			}
			for j, s := range want.Sections {
				fs := full.Sections[j]
				if fs != s || got.Sections[j].Title != s.Title || got.Sections[j].Kind != s.Kind ||
					got.Sections[j].Start != s.Start || got.Sections[j].End != s.End || got.Sections[j].Body != "" {
					t.Errorf("%s section %d: %+v / %+v, want %+v", got.ID, j, fs, got.Sections[j], s)
				}
				if raw := want.Raw[s.Start:s.End]; !strings.Contains(raw, s.Body) {
					t.Errorf("%s section %d: span %q does not hold the body %q", got.ID, j, raw, s.Body)
				}
			}
		}
	}

	// One edit: one file read.
	writeBrief(t, filepath.Join(dir, "b3.md"), "# Brief 3 again\n")
	third, read := loadWithCatalog(dir, cache)
	if read != 1 || mustGet(t, third, "b3.md").Title != "Brief 3 again" {
		t.Fatalf("after an edit: read %d, title %q", read, mustGet(t, third, "b3.md").Title)
	}
	// A file gone is gone from the next start too.
	if err := os.Remove(filepath.Join(dir, "b4.md")); err != nil {
		t.Fatal(err)
	}
	if fourth, read := loadWithCatalog(dir, cache); read != 0 || fourth.Len() != 7 {
		t.Fatalf("after a removal: read %d, %d briefs", read, fourth.Len())
	}
}

// A corrupt or foreign catalog is rebuilt with a warning; a deleted one
// silently; other labels silently.
func TestCatalogRebuilt(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	writeBrief(t, filepath.Join(dir, "a.md"), "# A\n\nText.\n")
	writeBrief(t, filepath.Join(dir, "b.md"), "# B\n\nText.\n")
	loadWithCatalog(dir, cache)
	data, err := os.ReadFile(CatalogPath(cache, []string{dir}))
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), data...)
	flipped[len(flipped)/2] ^= 0x55
	foreign := []byte(catalogMagic + "\x63rest")
	// In the stamp table, which the reader streams through the CRC
	// without keeping it.
	flippedTable := append([]byte(nil), data...)
	flippedTable[len(flippedTable)-stampTrailer-4-3] ^= 0x55
	// A table one byte shorter than it claims, with a CRC that holds:
	// the entries no longer end where the table starts.
	misframed := append([]byte(nil), data...)
	tl := len(misframed) - stampTrailer - 4
	binary.LittleEndian.PutUint64(misframed[tl:], binary.LittleEndian.Uint64(misframed[tl:])-1)
	binary.LittleEndian.PutUint32(misframed[len(misframed)-4:], crc32.Checksum(misframed[:len(misframed)-4], castagnoli))
	for _, c := range []struct {
		name string
		data []byte
		warn string
	}{
		{"flipped byte", flipped, "corrupt"},
		{"flipped byte in the stamp table", flippedTable, "corrupt (checksum)"},
		{"misframed stamp table", misframed, "corrupt"},
		{"truncated", data[:len(data)-9], "corrupt"},
		{"other format", []byte("hello"), "not a catalog"},
		{"other version", append(foreign, 0, 0, 0, 0), "corrupt"},
	} {
		if err := os.WriteFile(CatalogPath(cache, []string{dir}), c.data, 0o600); err != nil {
			t.Fatal(err)
		}
		lib, read := loadWithCatalog(dir, cache)
		if w := catalogWarnings(lib); read != 2 || lib.Len() != 2 || len(w) != 1 || !strings.Contains(w[0], c.warn) {
			t.Errorf("%s: read %d, %d briefs, warnings %q", c.name, read, lib.Len(), w)
		}
		if lib, read := loadWithCatalog(dir, cache); read != 0 || len(catalogWarnings(lib)) != 0 {
			t.Errorf("%s: not rebuilt: read %d, warnings %q", c.name, read, catalogWarnings(lib))
		}
	}
	if err := os.Remove(CatalogPath(cache, []string{dir})); err != nil {
		t.Fatal(err)
	}
	if lib, read := loadWithCatalog(dir, cache); read != 2 || len(catalogWarnings(lib)) != 0 {
		t.Errorf("deleted: read %d, warnings %q", read, catalogWarnings(lib))
	}
	v := DefaultVocabulary()
	v.Add("Bottom line", KindWhyItMatters)
	if lib := Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache, Vocabulary: v}); len(catalogWarnings(lib)) != 0 {
		t.Errorf("other labels: warnings %q", catalogWarnings(lib))
	}
	if _, read := loadWithCatalog(dir, cache); read != 2 {
		t.Errorf("back to the default labels: read %d, want 2", read)
	}
}

// Full reports a file changed since it was listed (with the new text) and
// one that is gone (with the listed brief), and never modifies the brief.
func TestFullChangedAndGone(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	p := filepath.Join(dir, "a.md")
	writeBrief(t, p, "# A\n\nFirst.\n")
	lib, _ := loadWithCatalog(dir, cache)
	b := mustGet(t, lib, "a.md")
	writeBrief(t, p, "# A\n\nSecond, longer.\n")
	f, err := Full(b)
	if !errors.Is(err, ErrChanged) || !strings.Contains(f.Raw, "Second") || f.ID != b.ID {
		t.Fatalf("changed: %v, %q", err, f.Raw)
	}
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	f, err = Full(b)
	if err == nil || f != b || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("gone: %v, %p want %p", err, f, b)
	}
	if b.Raw != "" || HasText(b) {
		t.Fatal("Full modified the listed brief")
	}
	if f, err := Full(&Brief{Raw: "held"}); err != nil || f.Raw != "held" {
		t.Fatalf("a brief with its text: %v %q", err, f.Raw)
	}
}

// Two processes sharing the folder: catalogs of one library written over
// each other leave a whole one, never a mix, and no temporary file behind.
func TestCatalogConcurrentWriters(t *testing.T) {
	cache, dir := t.TempDir(), t.TempDir()
	for j := range 20 {
		writeBrief(t, filepath.Join(dir, fmt.Sprintf("%d.md", j)), fmt.Sprintf("# %d\n", j))
	}
	done := make(chan struct{})
	for range 2 {
		go func() {
			defer func() { done <- struct{}{} }()
			for range 10 {
				// Gone, so that every load writes it again.
				if err := os.Remove(CatalogPath(cache, []string{dir})); err != nil && !errors.Is(err, os.ErrNotExist) {
					panic(err)
				}
				loadWithCatalog(dir, cache)
			}
		}()
	}
	<-done
	<-done
	lib, read := loadWithCatalog(dir, cache)
	if w := catalogWarnings(lib); len(w) != 0 || lib.Len() != 20 || read != 0 {
		t.Fatalf("%d briefs, %d read, warnings %q", lib.Len(), read, w)
	}
	left, _ := filepath.Glob(filepath.Join(cache, "*.tmp"))
	if len(left) != 0 {
		t.Fatalf("temporary files left: %q", left)
	}
}

// Listed gives the last load's library from the catalog alone, warnings
// included; each set of paths has its own catalog.
func TestListed(t *testing.T) {
	dir, other, cache := t.TempDir(), t.TempDir(), t.TempDir()
	writeBrief(t, filepath.Join(dir, "a.md"), "# A\n")
	writeBrief(t, filepath.Join(dir, "b.md"), "# B\n")
	writeBrief(t, filepath.Join(dir, "bin.md"), "# Bin\x00\n")
	writeBrief(t, filepath.Join(other, "c.md"), "# C\n")
	if _, ok := Listed([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache}); ok {
		t.Fatal("listed without a catalog")
	}
	loaded := Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache})
	Load([]string{other}, LoadOptions{Now: ahead, CacheDir: cache})
	listed, ok := Listed([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache})
	if !ok || listed.Len() != 2 || !slices.Equal(listed.Warnings(), loaded.Warnings()) || len(listed.Warnings()) != 1 {
		t.Fatalf("listed %v: %d briefs, warnings %v, want %v", ok, listed.Len(), listed.Warnings(), loaded.Warnings())
	}
	for i, b := range loaded.Briefs() {
		if l := listed.Briefs()[i]; l.ID != b.ID || l.Hash != b.Hash {
			t.Fatalf("brief %d: %s, want %s", i, l.ID, b.ID)
		}
	}
	if _, read := loadWithCatalog(dir, cache); read != 0 {
		t.Fatalf("the other library's load undid this one's catalog: %d read", read)
	}
	var early *Library
	Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache, Listed: func(l *Library) { early = l }})
	if early == nil || early.Len() != 2 || !slices.Equal(early.Warnings(), loaded.Warnings()) {
		t.Fatalf("LoadOptions.Listed gave %v", early)
	}
}

// A start with nothing changed returns the library it listed, not a copy
// sorted again; one with a change returns the change.
func TestLoadReturnsListedWhenUnchanged(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	writeBrief(t, filepath.Join(dir, "a.md"), "# A\n")
	writeBrief(t, filepath.Join(dir, "b.md"), "# B\n")
	Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache})
	var listed *Library
	lib := Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache, Listed: func(l *Library) { listed = l }})
	if listed == nil || lib != listed {
		t.Fatalf("nothing changed: load gave %p, listed %p", lib, listed)
	}
	writeBrief(t, filepath.Join(dir, "b.md"), "# B, edited\n")
	listed = nil
	lib = Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache, Listed: func(l *Library) { listed = l }})
	if listed == nil || lib == listed {
		t.Fatal("an edit: the load gave the listed library")
	}
	if b, ok := lib.Get("b.md"); !ok || b.Title != "B, edited" {
		t.Fatalf("b.md after the edit: %+v", b)
	}
	writeBrief(t, filepath.Join(dir, "c.md"), "# C\n")
	lib = Load([]string{dir}, LoadOptions{Now: ahead, CacheDir: cache, Listed: func(l *Library) { listed = l }})
	if lib == listed || lib.Len() != 3 {
		t.Fatalf("a new file: %d briefs, the listed library %v", lib.Len(), lib == listed)
	}
}

// A file dated in the future (a generated or synced corpus) counts as
// settled once its status-change time is: it is not read at every start.
func TestCatalogFutureModTime(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	p := filepath.Join(dir, "later.md")
	writeBrief(t, p, "# Later\n")
	future := time.Now().Add(48 * time.Hour)
	if err := os.Chtimes(p, future, future); err != nil {
		t.Fatal(err)
	}
	loadWithCatalog(dir, cache)
	if _, read := loadWithCatalog(dir, cache); read != 0 {
		t.Fatalf("read %d files at the second start, want 0", read)
	}
}

// The catalog's varints are read from a string as binary.Uvarint and
// binary.Varint read them from bytes, overflow and truncation included.
func TestCatalogVarints(t *testing.T) {
	cases := [][]byte{
		{}, {0}, {1}, {0x7f}, {0x80}, {0x80, 1}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1},
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1},
		binary.AppendUvarint(nil, 1<<40), binary.AppendVarint(nil, -12345), binary.AppendVarint(nil, math.MinInt64),
	}
	for _, c := range cases {
		wu, wn := binary.Uvarint(c)
		if u, n := uvarint(string(c)); u != wu || n != wn {
			t.Errorf("uvarint(%x) = %d, %d; want %d, %d", c, u, n, wu, wn)
		}
		wv, vn := binary.Varint(c)
		r := catalogReader{data: string(c)}
		v := r.int()
		if vn <= 0 {
			if r.err == nil {
				t.Errorf("int(%x) = %d, no error; binary.Varint fails", c, v)
			}
		} else if v != wv || r.err != nil || len(r.data) != len(c)-vn {
			t.Errorf("int(%x) = %d (%v); want %d", c, v, r.err, wv)
		}
	}
}

// The catalog keeps the library's order, and a start lists the briefs in it
// without sorting: the same library NewLibrary makes, ties on date and
// title included. A catalog whose order is wrong, or one of a library with
// a renamed duplicate ID, lists by sorting instead.
func TestCatalogKeepsLibraryOrder(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	for i, fm := range []string{
		"date: 2026-03-01\n", "date: 2026-03-01\n", "date: 2026-01-15\n", "", "date: 2026-03-01\ntitle: Same\n",
		"date: 2026-03-01\ntitle: Same\n", "date: 2025-12-31\nid: shared\n", "date: 2026-02-01\n",
	} {
		title := fmt.Sprintf("Brief %d", (i*5)%8)
		writeBrief(t, filepath.Join(dir, fmt.Sprintf("d%d", i%3), fmt.Sprintf("b%d.md", i)), "---\n"+fm+"---\n# "+title+"\n\nText.\n")
	}
	opts := LoadOptions{Now: ahead, CacheDir: cache}
	ids := func(l *Library) []string {
		var out []string
		for _, b := range l.Briefs() {
			out = append(out, b.ID)
		}
		return out
	}
	catalogOrder := func() []int32 {
		cat, warn := readCatalog(catalogKeyOf([]string{dir}, opts), &textSource{})
		if cat == nil || warn != "" {
			t.Fatalf("catalog: %q", warn)
		}
		return cat.sorted
	}
	check := func(what string, wantOrder bool) {
		t.Helper()
		loaded := Load([]string{dir}, LoadOptions{Now: ahead})
		listed, ok := Listed([]string{dir}, opts)
		if !ok || !slices.Equal(ids(listed), ids(loaded)) || !slices.Equal(listed.Warnings(), loaded.Warnings()) {
			t.Fatalf("%s: listed %v\n%q, want\n%q", what, ok, ids(listed), ids(loaded))
		}
		if got := catalogOrder(); (got != nil) != wantOrder {
			t.Fatalf("%s: the catalog's order %v, want one: %v", what, got, wantOrder)
		}
	}
	Load([]string{dir}, opts)
	check("unique IDs", true)

	// A wrong order in the catalog (as a bug or another build could
	// write): listed by sorting, and still right.
	c, _ := openCatalog([]string{dir}, opts)
	reversed := slices.Clone(c.catBriefs)
	slices.Reverse(reversed)
	if err := writeCatalog(*c.key, c, func() *Library { return &Library{briefs: reversed} }); err != nil {
		t.Fatal(err)
	}
	if got := catalogOrder(); len(got) != len(reversed) || got[0] != int32(len(reversed)-1) {
		t.Fatalf("the reversed order was not written: %v", got)
	}
	listed, ok := Listed([]string{dir}, opts)
	if want := Load([]string{dir}, LoadOptions{Now: ahead}); !ok || !slices.Equal(ids(listed), ids(want)) {
		t.Fatalf("a wrong order in the catalog: listed %q, want %q", ids(listed), ids(want))
	}

	// Two files with one ID: the second is renamed, a copy the catalog
	// cannot place, so it keeps no order.
	writeBrief(t, filepath.Join(dir, "d9", "dup.md"), "---\nid: shared\ndate: 2026-02-01\n---\n# Dup\n")
	Load([]string{dir}, opts)
	check("a renamed duplicate", false)
}

// sortedLibrary takes briefs in library order and refuses any other, and
// briefs sharing an ID.
func TestSortedLibrary(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	a := &Brief{ID: "a", Title: "T", Date: day(2), Size: 3}
	b := &Brief{ID: "b", Title: "T", Date: day(2), Size: 4}
	c := &Brief{ID: "c", Title: "S", Date: day(1), Size: 5}
	dupA := &Brief{ID: "a", Title: "U", Date: day(1)}
	warns := []Warning{{Path: "z", Reason: "r"}, {Path: "a", Reason: "r"}}
	l, ok := sortedLibrary([]*Brief{a, b, c}, warns)
	want := NewLibrary([]*Brief{c, b, a}, warns)
	if !ok || !slices.Equal(l.Briefs(), want.Briefs()) || !slices.Equal(l.Warnings(), want.Warnings()) || l.total != want.total {
		t.Fatalf("in order: ok %v, %v, want %v", ok, l, want)
	}
	if i, _ := l.Get("c"); i != c {
		t.Fatal("Get of a sorted library")
	}
	for name, bs := range map[string][]*Brief{
		"out of order": {b, a, c},
		"a tie twice":  {a, a, c},
		"duplicate ID": {a, b, dupA},
		"nil":          {a, nil},
	} {
		if _, ok := sortedLibrary(bs, nil); ok {
			t.Errorf("%s: taken", name)
		}
	}
}

// A load worker's keeper copies what it is given across blocks and slabs
// without one copy touching another: strings across block ends, a string
// longer than a block, sections of briefs side by side in one slab, and
// briefs from one slab.
func TestKeeper(t *testing.T) {
	var k keeper
	var want, got []string
	for i := range 5000 {
		s := strings.Repeat(fmt.Sprintf("%d,", i), i%40)
		if i == 4000 {
			s = strings.Repeat("long ", keepText/4) // longer than a block
		}
		want, got = append(want, s), append(got, k.str(s))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("string %d: %.40q, want %.40q", i, got[i], want[i])
		}
	}
	a, b := k.sections(3), k.sections(2)
	a[2].Title = "a's last"
	b[0].Title = "b's first"
	a = append(a, Section{Title: "appended to a"})
	if b[0].Title != "b's first" || a[2].Title != "a's last" || len(b) != 2 {
		t.Fatalf("sections share memory: a %+v, b %+v", a, b)
	}
	if big := k.sections(keepSecs); len(big) != keepSecs {
		t.Fatalf("%d sections", len(big))
	}
	seen := map[*Brief]bool{}
	for range 3 * keepBriefs {
		br := k.brief()
		if seen[br] || br.ID != "" {
			t.Fatal("a brief given twice, or not zero")
		}
		br.ID = "taken"
		seen[br] = true
	}
	var none *keeper
	if s := none.str("x"); s != "x" || none.brief() == nil || len(none.sections(2)) != 2 {
		t.Fatal("the nil keeper")
	}
}
