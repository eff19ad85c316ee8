package gencorpus_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/gencorpus"
)

func TestBriefDeterministic(t *testing.T) {
	opts := gencorpus.Options{N: 100, Dirs: 7, Size: 3000, Seed: 42}
	for i := range 30 {
		p1, d1 := gencorpus.Brief(i, opts)
		p2, d2 := gencorpus.Brief(i, opts)
		if p1 != p2 || !bytes.Equal(d1, d2) {
			t.Fatalf("brief %d differs between calls", i)
		}
		if !utf8.Valid(d1) || bytes.IndexByte(d1, 0) >= 0 {
			t.Fatalf("brief %d is not clean UTF-8 text", i)
		}
		if n := len(d1); n < opts.Size*8/10 || n > opts.Size*3/2 {
			t.Errorf("brief %d (%v) is %d bytes, want about %d", i, gencorpus.StyleOf(i), n, opts.Size)
		}
		if !strings.HasPrefix(p1, "desk-0"+string(rune('0'+i%7))+"/") {
			t.Errorf("brief %d in %s, want folder %d", i, p1, i%7)
		}
	}
	_, a := gencorpus.Brief(3, opts)
	_, b := gencorpus.Brief(3, gencorpus.Options{N: 100, Dirs: 7, Size: 3000, Seed: 43})
	if bytes.Equal(a, b) {
		t.Errorf("different seeds gave the same brief")
	}
}

// TestStylesParse checks that each house style the generator writes splits the way
// it is meant to, so benchmarks on the corpus exercise every path of Parse.
func TestStylesParse(t *testing.T) {
	opts := gencorpus.Options{N: 100, Dirs: 5, Size: 5000, Seed: 1}
	wantNext := map[gencorpus.Style]bool{
		gencorpus.Newsweek: true, gencorpus.Axios: true, gencorpus.PlainPaste: true,
		gencorpus.Setext: true, gencorpus.YAMLFront: true, gencorpus.TOMLFront: true,
		gencorpus.Assessment: true,
	}
	for i := range int(gencorpus.NumStyles) {
		path, data := gencorpus.Brief(i, opts)
		b, warns := briefs.Parse(path, data)
		style := gencorpus.StyleOf(i)
		if len(warns) != 0 {
			t.Errorf("%v: warnings %v", style, warns)
		}
		if len(b.Sections) < 3 {
			t.Errorf("%v: %d sections", style, len(b.Sections))
		}
		if wantNext[style] && !b.HasKind(briefs.KindWhatHappensNext) {
			t.Errorf("%v: no what_happens_next section; kinds %v", style, kinds(b))
		}
		if (style == gencorpus.YAMLFront || style == gencorpus.TOMLFront) && !b.Date.Equal(gencorpus.Date(i, opts)) {
			t.Errorf("%v: date %v, want %v", style, b.Date, gencorpus.Date(i, opts))
		}
	}
}

func kinds(b *briefs.Brief) []briefs.Kind {
	var out []briefs.Kind
	for _, s := range b.Sections {
		out = append(out, s.Kind)
	}
	return out
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	opts := gencorpus.Options{N: 40, Dirs: 3, Size: 1500, Seed: 7}
	if err := gencorpus.Write(dir, opts); err != nil {
		t.Fatal(err)
	}
	count := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		count++
		return nil
	})
	if err != nil || count != opts.N {
		t.Fatalf("wrote %d files (%v), want %d", count, err, opts.N)
	}
	rel, data := gencorpus.Brief(17, opts)
	got, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("file %s does not match Brief(17): %v", rel, err)
	}
	fi, err := os.Stat(filepath.Join(dir, rel))
	if err != nil || !fi.ModTime().Equal(gencorpus.Date(17, opts)) {
		t.Errorf("mtime %v, want %v", fi.ModTime(), gencorpus.Date(17, opts))
	}
	if d := gencorpus.Date(17, opts); d.Year() != 2026 || d.Before(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date %v outside 2026", d)
	}
	lib := briefs.Load([]string{dir}, briefs.LoadOptions{})
	if lib.Len() != opts.N || len(lib.Warnings()) != 0 {
		t.Errorf("loaded %d briefs with warnings %v", lib.Len(), lib.Warnings())
	}
}
