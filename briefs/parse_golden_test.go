package briefs

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenBrief is what `briefing parse --json` prints of a brief, less the
// path and id, which Load sets.
type goldenBrief struct {
	Title    string          `json:"title"`
	Date     string          `json:"date"`
	Source   string          `json:"source"`
	Tags     []string        `json:"tags"`
	Warnings []string        `json:"warnings"`
	Sections []goldenSection `json:"sections"`
}

type goldenSection struct {
	Kind  string `json:"kind"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

func goldenOf(b *Brief) goldenBrief {
	g := goldenBrief{Title: b.Title, Source: b.Source, Tags: append([]string{}, b.Tags...),
		Warnings: append([]string{}, b.Warnings...), Sections: []goldenSection{}}
	if !b.Date.IsZero() {
		g.Date = b.Date.Format(time.DateOnly)
	}
	for _, s := range b.Sections {
		g.Sections = append(g.Sections, goldenSection{Kind: string(s.Kind), Title: s.Title, Body: s.Body})
	}
	return g
}

// TestGoldens splits every fixture in testdata/parse (a house style, a
// language, a memo, bad input) and compares the result with
// testdata/golden/NAME.json; `go test -update` rewrites them. The goldens
// were read line by line against docs/format.md when written: a change in
// them is a change in what users see.
func TestGoldens(t *testing.T) {
	files, err := filepath.Glob("testdata/parse/*")
	if err != nil || len(files) < 15 {
		t.Fatalf("fixtures: %v, %d files", err, len(files))
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := Parse(name, data)
			got, err := json.MarshalIndent(goldenOf(b), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))+".json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s:\n%s", name, golden, got)
			}
		})
	}
}
