package search

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
)

// persistQueries cover the query language: words, prefixes, phrases,
// negation, OR, fields, section restriction, dates.
var persistQueries = []string{
	"kalo", "mi ne", "lomi rasu", "ka", "tode", `"mi ne"`, `"an el"`, "-kalo ra", "kalo OR moka",
	"title:lo", "source:wire", "tag:kalo", "section:why ka", "section:next -ra", "section:why mi",
	"müller", "café naive", "after:2025-03-01 ber", "before:2026-01-01 dor", `"vi de" OR te`,
	"section:\"what people are saying\"", "東京", "ra to su",
}

// sameResults fails unless got answers every query as want does: the same
// hits (IDs, scores, sections, snippets) in the same order, and the same
// filtered IDs, both with and without a prefix last word.
func sameResults(t *testing.T, want, got *Index) {
	t.Helper()
	if want.Len() != got.Len() {
		t.Fatalf("Len %d, want %d", got.Len(), want.Len())
	}
	now := time.Date(2026, 6, 24, 12, 0, 0, 0, time.UTC)
	for _, src := range persistQueries {
		q, err := ParseQuery(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		for _, prefix := range []bool{false, true} {
			opts := SearchOptions{Limit: -1, PrefixLast: prefix, Now: now}
			w, g := want.Search(q, opts), got.Search(q, opts)
			if !reflect.DeepEqual(w, g) {
				t.Errorf("Search(%q, prefix %v): %d hits, want %d; first difference %s", src, prefix, len(g), len(w), firstDiff(w, g))
			}
			if w, g := want.Filter(q, opts), got.Filter(q, opts); !reflect.DeepEqual(w, g) {
				t.Errorf("Filter(%q, prefix %v): %d IDs, want %d", src, prefix, len(g), len(w))
			}
		}
	}
}

func firstDiff(w, g []Hit) string {
	for i := range min(len(w), len(g)) {
		if !reflect.DeepEqual(w[i], g[i]) {
			return fmt.Sprintf("at %d: %+v, want %+v", i, g[i], w[i])
		}
	}
	return "in length"
}

// hashed gives generated briefs a hash each, as the loader would.
func hashed(bs []*briefs.Brief) []*briefs.Brief {
	for _, b := range bs {
		if b.Hash == "" {
			b.Hash = fmt.Sprintf("h-%s", b.ID)
		}
	}
	return bs
}

func TestOpenSaveRoundTrip(t *testing.T) {
	bs, _ := genBriefs(700, 1500)
	hashed(bs)
	path := filepath.Join(t.TempDir(), "cache", "index")
	ix, rep := Open(path, bs, OpenOptions{})
	if !rep.Rebuilt || rep.Warning != "" || rep.Indexed != len(bs) {
		t.Fatalf("no file: report %+v, want a silent rebuild of %d", rep, len(bs))
	}
	if err := ix.Save(path); err != nil {
		t.Fatal(err)
	}
	fresh := NewIndex(bs)
	sameResults(t, fresh, ix)

	again, rep := Open(path, bs, OpenOptions{})
	if rep.Changed() || rep.Reused != len(bs) || rep.Warning != "" {
		t.Fatalf("unchanged library: report %+v, want all %d reused", rep, len(bs))
	}
	// The sets of the commonest terms stay in the file until a query
	// needs one.
	if lc := again.lazyCommon; lc == nil || len(lc.raw) != len(fresh.common) || len(lc.made) != 0 || len(again.common) != 0 {
		t.Fatalf("common sets made at open: %d, lazy %+v", len(again.common), lc)
	}
	sameResults(t, fresh, again)
	if made := len(again.lazyCommon.made); made == 0 || made == len(fresh.common) {
		t.Fatalf("%d of %d common sets made by the queries, want some", made, len(fresh.common))
	}
}

func TestOpenReconciles(t *testing.T) {
	bs, _ := genBriefs(700, 1500)
	hashed(bs)
	path := filepath.Join(t.TempDir(), "index")
	ix, _ := Open(path, bs, OpenOptions{})
	if err := ix.Save(path); err != nil {
		t.Fatal(err)
	}
	// Another library: 10 briefs gone, 10 changed, 10 new (from another
	// corpus), one moved to the front.
	more, _ := genBriefs(710, 1500)
	var next []*briefs.Brief
	for i, b := range bs {
		switch {
		case i%70 == 3:
			continue
		case i%70 == 5:
			c := *more[i]
			c.ID, c.Hash = b.ID, b.Hash+"-changed"
			next = append(next, &c)
		default:
			next = append(next, b)
		}
	}
	for _, b := range more[700:] {
		c := *b
		c.ID, c.Hash = "new-"+b.ID, "new-"+b.ID
		next = append(next, &c)
	}
	next = append([]*briefs.Brief{next[len(next)/2]}, append(next[:len(next)/2:len(next)/2], next[len(next)/2+1:]...)...)

	got, rep := Open(path, next, OpenOptions{})
	if rep.Rebuilt || rep.Dropped != 20 || rep.Indexed != 20 || rep.Reused != len(next)-20 {
		t.Fatalf("report %+v, want 20 dropped, 20 indexed, %d reused", rep, len(next)-20)
	}
	sameResults(t, NewIndex(next), got)

	// Saved with its tombstones and read back, it still answers the same.
	if err := got.Save(path); err != nil {
		t.Fatal(err)
	}
	back, rep := Open(path, next, OpenOptions{})
	if rep.Changed() {
		t.Fatalf("report %+v after saving, want nothing to do", rep)
	}
	sameResults(t, NewIndex(next), back)
}

func TestOpenUnusableFileIsRebuilt(t *testing.T) {
	bs, _ := genBriefs(200, 1000)
	hashed(bs)
	dir := t.TempDir()
	good := filepath.Join(dir, "good")
	ix, _ := Open(good, bs, OpenOptions{})
	if err := ix.Save(good); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(at int) []byte {
		c := append([]byte{}, data...)
		c[at] ^= 0x40
		return c
	}
	foreign := append([]byte{}, data...)
	foreign[8] = 99 // the version
	for name, content := range map[string][]byte{
		"truncated":     data[:len(data)/2],
		"header only":   data[:headerSize],
		"short":         data[:5],
		"meta flipped":  flip(headerSize + 10),
		"other version": foreign,
		"not an index":  []byte(strings.Repeat("# a brief\n", 100)),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
			if err := os.WriteFile(path, content, 0o644); err != nil {
				t.Fatal(err)
			}
			got, rep := Open(path, bs, OpenOptions{})
			if !rep.Rebuilt || !strings.Contains(rep.Warning, "rebuilding") {
				t.Fatalf("report %+v, want a rebuild with a warning", rep)
			}
			sameResults(t, ix, got)
		})
	}
}

// writeLibrary writes n generated briefs as files in dir.
func writeLibrary(t *testing.T, dir string, n int) {
	t.Helper()
	bs, _ := genBriefs(n, 1200)
	for i, b := range bs {
		var sb strings.Builder
		fmt.Fprintf(&sb, "---\nid: %s\nsource: %s\ntags: [%s]\ndate: 2026-0%d-1%d\n---\n# %s\n\n", b.ID, b.Source, strings.Join(b.Tags, ", "), 1+i%9, i%10, b.Title)
		for _, s := range b.Sections {
			if s.Title != "" {
				sb.WriteString("## " + s.Title + "\n\n")
			}
			sb.WriteString(s.Body + "\n\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("b%04d.md", i)), []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// listed is bs as the catalog lists them: metadata and sections, no text.
func listed(bs []*briefs.Brief) []*briefs.Brief {
	out := make([]*briefs.Brief, len(bs))
	for i, b := range bs {
		c := *b
		c.Raw = ""
		c.Sections = append([]briefs.Section(nil), b.Sections...)
		for j := range c.Sections {
			c.Sections[j].Body = ""
		}
		out[i] = &c
	}
	return out
}

func TestOpenReadsTextFromDisk(t *testing.T) {
	dir := t.TempDir()
	writeLibrary(t, dir, 150)
	lib := briefs.Load([]string{dir}, briefs.LoadOptions{})
	withText := lib.Briefs()
	fresh := NewIndex(withText)
	path := filepath.Join(t.TempDir(), "index")

	// A cold start indexes the texts the load collected, a warm one none.
	texts := NewTexts()
	for i, b := range withText {
		if i == 3 {
			// As read, before the loader renamed it for a clash of IDs.
			c := *b
			c.ID = "clashing"
			texts.Add(&c)
			continue
		}
		texts.Add(b)
	}
	// The library as a later start lists it from the catalog: metadata
	// and sections, no text, which Full reads back from the files.
	cache := t.TempDir()
	briefs.Load([]string{dir}, briefs.LoadOptions{CacheDir: cache})
	bare := briefs.Load([]string{dir}, briefs.LoadOptions{CacheDir: cache}).Briefs()
	for _, b := range bare {
		if briefs.HasText(b) {
			t.Fatalf("%s: listed from the catalog with its text", b.Path)
		}
	}
	ix, rep := Open(path, bare, OpenOptions{Texts: texts})
	if !rep.Rebuilt || rep.Warning != "" {
		t.Fatalf("report %+v", rep)
	}
	sameResults(t, fresh, ix)
	if err := ix.Save(path); err != nil {
		t.Fatal(err)
	}
	warm, rep := Open(path, bare, OpenOptions{})
	if rep.Changed() {
		t.Fatalf("report %+v, want nothing to index", rep)
	}
	// Snippets come from the files, read for the hits only.
	sameResults(t, fresh, warm)

	// Without the file nor collected texts, the text is read from disk.
	fromDisk, rep := Open(filepath.Join(t.TempDir(), "index"), bare, OpenOptions{})
	if !rep.Rebuilt || rep.Warning != "" {
		t.Fatalf("report %+v", rep)
	}
	sameResults(t, fresh, fromDisk)

	// A file deleted behind the library's back: its brief is found by its
	// metadata, with a warning, and nothing breaks.
	if err := os.Remove(withText[0].Path); err != nil {
		t.Fatal(err)
	}
	_, rep = Open(filepath.Join(t.TempDir(), "index"), bare, OpenOptions{})
	if !strings.Contains(rep.Warning, "1 briefs") {
		t.Fatalf("warning %q, want one brief unread", rep.Warning)
	}
	q, _ := ParseQuery("ka")
	warm.Search(q, SearchOptions{Limit: -1})
}

func TestApplyOnOpenedIndex(t *testing.T) {
	bs, _ := genBriefs(300, 1200)
	hashed(bs)
	path := filepath.Join(t.TempDir(), "index")
	ix, _ := Open(path, bs, OpenOptions{})
	if err := ix.Save(path); err != nil {
		t.Fatal(err)
	}
	opened, _ := Open(path, bs, OpenOptions{})
	more, _ := genBriefs(320, 1200)
	changed := *more[7]
	changed.ID, changed.Hash = bs[7].ID, "changed"
	added := *more[310]
	added.ID, added.Hash = "added", "added"
	c := briefs.Change{Updated: [][2]*briefs.Brief{{bs[7], &changed}}, Removed: []*briefs.Brief{bs[9]}, Added: []*briefs.Brief{&added}}
	opened.Apply(c)
	ix.Apply(c)
	sameResults(t, ix, opened)
	// Saved after the update and opened again, still the same.
	if err := opened.Save(path); err != nil {
		t.Fatal(err)
	}
	var next []*briefs.Brief
	for i, b := range bs {
		switch i {
		case 7:
			next = append(next, &changed)
		case 9:
		default:
			next = append(next, b)
		}
	}
	next = append(next, &added)
	back, rep := Open(path, next, OpenOptions{})
	if rep.Changed() {
		t.Fatalf("report %+v", rep)
	}
	sameResults(t, NewIndex(next), back)
}

func TestSaveConcurrently(t *testing.T) {
	bs, _ := genBriefs(200, 1000)
	hashed(bs)
	path := filepath.Join(t.TempDir(), "index")
	ix := NewIndex(bs)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = ix.Save(path) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, rep := Open(path, bs, OpenOptions{})
	if rep.Changed() || rep.Warning != "" {
		t.Fatalf("report %+v", rep)
	}
	sameResults(t, ix, got)
	if left, _ := filepath.Glob(path + ".*.tmp"); len(left) > 0 {
		t.Fatalf("temporary files left: %v", left)
	}
}

// A bad byte in the bulk, which open does not read, is found when the
// index is saved: the save fails and removes the file for the next start
// to rebuild, rather than copying the byte into a file with a good CRC.
// A query that trips on it returns nothing rather than crashing.
func TestBadBulkIsNotSaved(t *testing.T) {
	bs, _ := genBriefs(200, 1000)
	hashed(bs)
	path := filepath.Join(t.TempDir(), "index")
	if err := NewIndex(bs).Save(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := len(data) - 4000; i < len(data); i += 7 {
		data[i] ^= 0xff
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ix, rep := Open(path, bs, OpenOptions{})
	if rep.Changed() {
		t.Fatalf("report %+v: the meta part is intact", rep)
	}
	for _, src := range persistQueries {
		q, _ := ParseQuery(src)
		ix.Search(q, SearchOptions{Limit: -1})
		ix.Filter(q, SearchOptions{})
	}
	if err := ix.Save(path); err == nil || !ix.Broken() {
		t.Fatalf("Save of a corrupt bulk: %v, broken %v", err, ix.Broken())
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("the corrupt file is still there")
	}
}

// Docs' sets of tags and of section titles are stored in one table: the
// same bytes may be one doc's tags and another's sections.
func TestOpenSharedCombos(t *testing.T) {
	bs := hashed([]*briefs.Brief{
		{ID: "a", Title: "Alpha", Tags: []string{"ports"}},
		{ID: "b", Title: "Beta", Sections: []briefs.Section{{Kind: briefs.KindLead, Body: "harbour"}}},
		{ID: "c", Title: "Gamma", Tags: []string{"ports"}, Sections: []briefs.Section{{Kind: briefs.KindWhyItMatters, Title: "Why", Body: "harbour ports"}}},
	})
	path := filepath.Join(t.TempDir(), "index")
	if err := NewIndex(bs).Save(path); err != nil {
		t.Fatal(err)
	}
	ix, rep := Open(path, bs, OpenOptions{})
	if rep.Changed() {
		t.Fatalf("report %+v", rep)
	}
	sameResults(t, NewIndex(bs), ix)
}

// FilterPositions lists what Filter does, as positions in the library,
// on an index built for it, opened for it, and updated to another.
func TestFilterPositions(t *testing.T) {
	bs, _ := genBriefs(300, 1000)
	hashed(bs)
	lib := briefs.NewLibrary(bs, nil)
	path := filepath.Join(t.TempDir(), "index")
	built := NewIndex(lib.Briefs())
	if err := built.Save(path); err != nil {
		t.Fatal(err)
	}
	opened, _ := Open(path, lib.Briefs(), OpenOptions{})
	more, _ := genBriefs(310, 1000)
	added := *more[305]
	added.ID, added.Hash = "added", "added"
	changed := *more[20]
	changed.ID, changed.Hash = lib.Briefs()[20].ID, "changed"
	var next []*briefs.Brief
	for i, b := range lib.Briefs() {
		switch i {
		case 20:
			next = append(next, &changed)
		case 40:
		default:
			next = append(next, b)
		}
	}
	next = append([]*briefs.Brief{&added}, next...)
	lib2 := briefs.NewLibrary(next, nil)
	updated, _ := Open(path, lib.Briefs(), OpenOptions{})
	updated.Apply(briefs.Change{Added: []*briefs.Brief{&added}, Removed: []*briefs.Brief{lib.Briefs()[40]}, Updated: [][2]*briefs.Brief{{lib.Briefs()[20], &changed}}})
	for _, c := range []struct {
		name string
		ix   *Index
		lib  *briefs.Library
	}{{"built", built, lib}, {"opened", opened, lib}, {"updated", updated, lib2}} {
		for _, src := range persistQueries {
			q, _ := ParseQuery(src)
			opts := SearchOptions{PrefixLast: true, Now: time.Date(2026, 6, 24, 12, 0, 0, 0, time.UTC)}
			var want []int
			for _, id := range c.ix.Filter(q, opts) {
				if i := c.lib.IndexOf(id); i >= 0 {
					want = append(want, i)
				}
			}
			slices.Sort(want)
			if got := c.ix.FilterPositions(q, opts, c.lib); !slices.Equal(got, want) {
				t.Errorf("%s: %q: positions %v, want %v", c.name, src, got, want)
			}
		}
	}
}

// A save that died left its temporary file: the next save removes it once
// it is old enough that no save can still be writing it.
func TestSaveRemovesStaleTemporaryFiles(t *testing.T) {
	bs, _ := genBriefs(50, 500)
	path := filepath.Join(t.TempDir(), "index")
	old, fresh := path+".123.tmp", path+".456.tmp"
	for _, f := range []string{old, fresh} {
		if err := os.WriteFile(f, []byte("half an index"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-2 * staleAfter)
	if err := os.Chtimes(old, long, long); err != nil {
		t.Fatal(err)
	}
	if err := NewIndex(bs).Save(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); err == nil {
		t.Error("the stale temporary file is still there")
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Error("a recent temporary file, maybe another save's, was removed")
	}
}

// Updates go on while a save writes the bulk: the file is the index as it
// was when the save took its snapshot, whole, and opens as such.
func TestSaveWhileUpdating(t *testing.T) {
	bs, _ := genBriefs(300, 1000)
	hashed(bs)
	path := filepath.Join(t.TempDir(), "index")
	ix := NewIndex(bs)
	if err := ix.Save(path); err != nil {
		t.Fatal(err)
	}
	opened, _ := Open(path, bs, OpenOptions{})
	more, _ := genBriefs(340, 1000)
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, b := range more[300:] {
			c := *b
			c.ID, c.Hash = "new-"+b.ID, "new"
			opened.Apply(briefs.Change{Added: []*briefs.Brief{&c}})
		}
	})
	for range 3 {
		if err := opened.Save(path); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	back, rep := Open(path, bs, OpenOptions{})
	if rep.Warning != "" || rep.Rebuilt || rep.Reused != len(bs) {
		t.Fatalf("report %+v", rep)
	}
	sameResults(t, ix, back)
}

// Save of an opened index that nothing else holds: the collector may run
// the index's cleanup (which unmaps its file) at any point after Save's
// last use of it, and the write reads the mapping to the end. A save that
// let the index go early faults here, with collections forced throughout.
func TestSaveKeepsMappingAlive(t *testing.T) {
	bs, _ := genBriefs(300, 1200)
	hashed(bs)
	dir := t.TempDir()
	first := filepath.Join(dir, "index")
	if err := NewIndex(bs).Save(first); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				runtime.GC()
			}
		}
	})
	defer func() { close(stop); wg.Wait() }()
	for i := range 30 {
		ix, _ := Open(first, bs, OpenOptions{})
		if err := ix.Save(filepath.Join(dir, fmt.Sprintf("copy%d", i))); err != nil {
			t.Fatal(err)
		}
	}
}
