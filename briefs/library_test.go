package briefs

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestNewLibraryOrder(t *testing.T) {
	d := func(m, day int) time.Time { return time.Date(2026, time.Month(m), day, 0, 0, 0, 0, time.UTC) }
	in := []*Brief{
		{ID: "undated-old", Title: "Z", ModTime: d(1, 1)},
		{ID: "dated-mid", Title: "M", Date: d(3, 1), ModTime: d(12, 1)}, // date beats a newer mtime
		{ID: "undated-new", Title: "A", ModTime: d(4, 1)},
		{ID: "tie-b", Title: "Same", Date: d(2, 1)},
		{ID: "tie-a", Title: "Same", Date: d(2, 1)},
		{ID: "tie-title", Title: "Earlier title", Date: d(2, 1)},
		{ID: "no-time", Title: "Nothing"},
	}
	lib := NewLibrary(in, nil)
	want := []string{"undated-new", "dated-mid", "tie-title", "tie-a", "tie-b", "undated-old", "no-time"}
	if got := ids(lib); !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	for i, id := range want {
		if lib.IndexOf(id) != i {
			t.Errorf("IndexOf(%q) = %d, want %d", id, lib.IndexOf(id), i)
		}
		if b, ok := lib.Get(id); !ok || b.ID != id {
			t.Errorf("Get(%q) = %v, %v", id, b, ok)
		}
	}
	if lib.IndexOf("absent") != -1 {
		t.Errorf("IndexOf(absent) != -1")
	}
	if _, ok := lib.Get("absent"); ok {
		t.Errorf("Get(absent) found something")
	}
	if lib.Len() != len(in) {
		t.Errorf("Len %d", lib.Len())
	}
	// The input slice is not reordered.
	if in[0].ID != "undated-old" {
		t.Errorf("input slice modified")
	}
}

func TestNewLibraryDuplicateIDs(t *testing.T) {
	first := &Brief{ID: "x", Path: "a/x.md", Title: "First", Size: 10}
	second := &Brief{ID: "x", Path: "b/x.md", Title: "Second", Size: 20, Warnings: []string{"earlier problem"}}
	third := &Brief{ID: "x", Path: "c/x.md", Title: "Third", Size: 30}
	taken := &Brief{ID: "x#2", Path: "d/x#2.md", Title: "Squatter", Size: 40}
	lib := NewLibrary([]*Brief{first, taken, second, nil, third}, []Warning{{Path: "z.md", Reason: "skipped"}, {Path: "a.md", Reason: "skipped"}})

	if lib.Len() != 4 {
		t.Fatalf("Len %d", lib.Len())
	}
	for id, title := range map[string]string{"x": "First", "x#2": "Squatter", "x#3": "Second", "x#4": "Third"} {
		b, ok := lib.Get(id)
		if !ok || b.Title != title {
			t.Errorf("Get(%q) = %+v, want %s", id, b, title)
		}
	}
	// Inputs are never modified: another Library may share them.
	if second.ID != "x" || len(second.Warnings) != 1 || third.ID != "x" {
		t.Errorf("input briefs modified: %+v %+v", second, third)
	}
	b3, _ := lib.Get("x#3")
	if len(b3.Warnings) != 2 || !strings.Contains(b3.Warnings[1], `renamed to "x#3"`) {
		t.Errorf("renamed brief warnings %q", b3.Warnings)
	}
	var paths []string
	for _, w := range lib.Warnings() {
		paths = append(paths, w.Path)
	}
	if want := []string{"a.md", "b/x.md", "c/x.md", "z.md"}; !slices.Equal(paths, want) {
		t.Errorf("warning paths %v, want %v", paths, want)
	}
	if lib.TotalBytes() != 100 {
		t.Errorf("TotalBytes %d", lib.TotalBytes())
	}
}

func TestNewLibraryEmpty(t *testing.T) {
	lib := NewLibrary(nil, nil)
	if lib.Len() != 0 || len(lib.Briefs()) != 0 || len(lib.Warnings()) != 0 || lib.TotalBytes() != 0 || lib.IndexOf("x") != -1 {
		t.Errorf("empty library not empty")
	}
}

// TestLibraryConcurrentReaders is meant for -race: sessions share one Library.
func TestLibraryConcurrentReaders(t *testing.T) {
	lib := LoadSamples(LoadOptions{})
	if lib.Len() == 0 {
		t.Fatal("no samples")
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, b := range lib.Briefs() {
				if got, ok := lib.Get(b.ID); !ok || got != b || lib.Briefs()[lib.IndexOf(b.ID)] != b {
					t.Errorf("lookup of %q inconsistent", b.ID)
				}
				_ = b.SortTime()
			}
			_ = lib.Warnings()
			_ = lib.TotalBytes()
		}()
	}
	wg.Wait()
}

// TestSamples checks the embedded library: every sample loads without warnings,
// splits into the sections its house style intends (needs the real Parse), and the
// list is newest first.
func TestSamples(t *testing.T) {
	const (
		L = KindLead
		W = KindWhyItMatters
		K = KindWhatToKnow
		N = KindWhatHappensNext
		O = KindOther
	)
	want := []struct {
		id    string
		title string
		kinds []Kind
	}{
		{"2026-05-21-saltmarsh-desalination.md", "Saltmarsh Bay Desalination Plant Wins Approval, With Strings Attached", []Kind{L, W, K, N}},
		{"2026-05-19-port-veloria-dredging.md", "Port Veloria Raises Harbor Tolls to Pay for an Emergency Dredge Before Grain Season", []Kind{L, W, K, O, N}},
		{"2026-05-14-kestrel-grid-batteries.md", "Kestrel Grid bets on a salt-cavern battery to keep Calderport's lights on", []Kind{L, W, K, O, O, O, O, N}},
		{"2026-05-12-tessaly-valley-water-rationing.txt", "Tessaly Valley Farmers Face First Water Rationing in Four Decades", []Kind{L, W, K, O, O, N}},
		{"2026-05-08-calderport-transit-outage.md", "A Bad Certificate Stopped Calderport's Trams for Six Hours", []Kind{L, W, K, O, O, O, O, N}},
		{"2026-05-07-meridian-ferry-terminal-memo.txt", "Decision Memo: Temporary Closure of the Meridian Ferry Terminal", []Kind{L, O, K, K, O}},
		{"2026-05-05-lumen-haul-first-launch.markdown", "Lumen Haul Cleared for Its First Commercial Cargo Launch", []Kind{L, W, K, O, N}},
		{"2026-04-30-varda-strait-grain-smuggling.md", "Assessment: Grain Smuggling Across the Varda Strait Likely to Rise Through the Harvest", []Kind{L, O, O, K, O, N}},
		{"2026-04-27-morning-ledger-digest.md", "The Morning Ledger: Monday, April 27", []Kind{L, O, O, O, O, O, O, N}},
		{"2026-04-23-sablemoor-wind-compact.md", "Sablemoor and the Islands Strike a Deal to Share Offshore Wind Revenue", []Kind{K, K, O, O, O, O}},
	}
	lib := LoadSamples(LoadOptions{})
	if len(lib.Warnings()) != 0 {
		t.Errorf("samples load with warnings: %v", lib.Warnings())
	}
	var wantIDs []string
	for _, w := range want {
		wantIDs = append(wantIDs, w.id)
	}
	if got := ids(lib); !slices.Equal(got, wantIDs) {
		t.Errorf("sample order:\n got %q\nwant %q", got, wantIDs)
	}
	for _, w := range want {
		b, ok := lib.Get(w.id)
		if !ok {
			t.Errorf("%s missing", w.id)
			continue
		}
		if n := len(strings.Fields(b.Raw)); n < 300 || n > 950 {
			t.Errorf("%s: %d words, want a 300-900 word brief", w.id, n)
		}
		if b.Title != w.title {
			t.Errorf("%s: title %q, want %q", w.id, b.Title, w.title)
		}
		var kinds []Kind
		for _, s := range b.Sections {
			kinds = append(kinds, s.Kind)
			if strings.TrimSpace(s.Body) == "" {
				t.Errorf("%s: section %q has an empty body", w.id, s.Title)
			}
		}
		if len(kinds) < 3 || !slices.Equal(kinds, w.kinds) {
			t.Errorf("%s: kinds %v, want %v", w.id, kinds, w.kinds)
		}
	}

	// Spot checks of what each house style must keep.
	if b, ok := lib.Get("2026-05-19-port-veloria-dredging.md"); ok && len(b.Sections) > 2 {
		if know := b.Sections[2]; know.Title != "What To Know" || !strings.Contains(know.Body, "### The Sandbar Problem") {
			t.Errorf("Newsweek sub-heading not kept inside What To Know: %q", know.Title)
		}
	}
	if b, ok := lib.Get("2026-05-14-kestrel-grid-batteries.md"); ok && len(b.Sections) == 8 {
		var titles []string
		for _, s := range b.Sections[1:] {
			titles = append(titles, s.Title)
		}
		want := []string{"Why it matters", "Driving the news", "By the numbers", "Between the lines", "What they're saying", "Yes, but", "What's next"}
		if !slices.Equal(titles, want) {
			t.Errorf("Axios lead-in titles %q, want %q", titles, want)
		}
	}
	if b, ok := lib.Get("2026-05-08-calderport-transit-outage.md"); ok {
		if !b.Date.Equal(time.Date(2026, 5, 8, 16, 30, 0, 0, time.UTC)) || b.Source != "Calderport Transit Authority incident review" ||
			!slices.Equal(b.Tags, []string{"transport", "technology", "calderport"}) {
			t.Errorf("TOML front matter: date %v source %q tags %q", b.Date, b.Source, b.Tags)
		}
	}
	if b, ok := lib.Get("2026-05-21-saltmarsh-desalination.md"); ok {
		if !b.Date.Equal(time.Date(2026, 5, 21, 0, 0, 0, 0, time.UTC)) || !slices.Equal(b.Tags, []string{"water", "environment", "infrastructure"}) {
			t.Errorf("YAML front matter: date %v tags %q", b.Date, b.Tags)
		}
	}
}

// Many briefs with one front-matter id get distinct, ordered suffixes; the
// renaming must not be quadratic (20,000 duplicates took seconds before).
func TestNewLibraryManyDuplicates(t *testing.T) {
	const n = 20000
	bs := make([]*Brief, n)
	for i := range bs {
		bs[i] = &Brief{ID: "same", Path: strconv.Itoa(i)}
	}
	bs = append(bs, &Brief{ID: "same#3", Path: "taken-suffix"})
	l := NewLibrary(bs, nil)
	if l.Len() != n+1 {
		t.Fatalf("Len = %d, want %d", l.Len(), n+1)
	}
	seen := map[string]bool{}
	for _, b := range l.Briefs() {
		if seen[b.ID] {
			t.Fatalf("ID %q given twice", b.ID)
		}
		seen[b.ID] = true
	}
	if b, ok := l.Get("same#2"); !ok || b.Path != "1" {
		t.Fatalf("same#2 = %v, want the second brief", b)
	}
	if len(l.Warnings()) != n {
		t.Fatalf("%d warnings, want %d", len(l.Warnings()), n)
	}
}
