package notes

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// The fixture's IDs, in the order the export sorts them.
const (
	idD = "00000000-0000-4000-8000-00000000000d"
	idA = "00000000-0000-4000-8000-00000000000a"
	idB = "00000000-0000-4000-8000-00000000000b"
	idC = "00000000-0000-4000-8000-00000000000c"
)

func exportNotes() ([]Note, map[string]string) {
	t0 := time.Date(2026, 11, 26, 9, 30, 0, 0, time.Local)
	notes := []Note{
		{ID: idC, Owner: "ana", BriefID: "rates", Section: Section{Kind: "what_happens_next", Index: 2},
			Quote: "The committee meets in May.", Body: "Book a room.", Created: t0.Add(2 * time.Hour), Updated: t0.Add(2 * time.Hour)},
		{ID: idA, Owner: "ana", BriefID: "rates", Section: Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1},
			Quote: "Rates rose.\nMarkets fell.", Body: "Raise on **Monday**.", Color: "red", Created: t0, Updated: t0.Add(time.Minute)},
		{ID: idB, Owner: "ana", BriefID: "rates", Section: Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1},
			Quote: "Analysts disagree.", Created: t0.Add(time.Hour), Updated: t0.Add(time.Hour)},
		{ID: idD, Owner: "ana", BriefID: "ai-act", Section: Section{Kind: "lead", Index: 0},
			Body: "Read the annex.", Created: t0, Updated: t0},
	}
	return notes, map[string]string{"rates": "Rates rise again", "ai-act": "EU AI Act"}
}

func TestExportMarkdown(t *testing.T) {
	notes, titles := exportNotes()
	var b bytes.Buffer
	if err := Export(&b, "md", notes, titles); err != nil {
		t.Fatal(err)
	}
	want := `# Notes

## EU AI Act

### Lead

Read the annex.

*Note, 2026-11-26 09:30*

## Rates rise again

### Why it matters

> Rates rose.
> Markets fell.

Raise on **Monday**.

*Note (red), 2026-11-26 09:30*

> Analysts disagree.

*Highlight, 2026-11-26 10:30*

### What happens next

> The committee meets in May.

Book a room.

*Note, 2026-11-26 11:30*
`
	if b.String() != want {
		t.Errorf("markdown export:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestExportCSV(t *testing.T) {
	notes, titles := exportNotes()
	var b bytes.Buffer
	if err := Export(&b, "csv", notes, titles); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || strings.Join(rows[0], ",") != strings.Join(csvHeader, ",") {
		t.Fatalf("rows = %q", rows)
	}
	// Sorted like the markdown; multi-line quotes survive CSV quoting.
	if rows[1][0] != idD || rows[2][0] != idA || rows[2][7] != "Rates rose.\nMarkets fell." || rows[2][3] != "Rates rise again" {
		t.Errorf("rows = %q", rows[1:3])
	}
}

func TestExportUnknownFormat(t *testing.T) {
	if err := Export(&bytes.Buffer{}, "pdf", nil, nil); err == nil {
		t.Error("Export accepted pdf")
	}
}

func TestExportJSON(t *testing.T) {
	list, titles := exportNotes()
	var b bytes.Buffer
	if err := Export(&b, "json", list, titles); err != nil {
		t.Fatal(err)
	}
	// The documented shape.
	var raw map[string]any
	if err := json.Unmarshal(b.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	first := raw["notes"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "owner", "brief_id", "brief_title", "section", "quote", "body", "created", "updated"} {
		if _, ok := first[k]; !ok {
			t.Errorf("JSON note lacks %q: %v", k, first)
		}
	}
	if raw["format"] != ExportFormat || raw["version"] != float64(1) {
		t.Errorf("header = %v %v", raw["format"], raw["version"])
	}

	// ReadJSON gives back the notes exported, in export order, times in UTC.
	back, warnings, err := ReadJSON(bytes.NewReader(b.Bytes()))
	if err != nil || len(warnings) != 0 {
		t.Fatal(err, warnings)
	}
	want := sortForExport(list, titles)
	if len(back) != len(want) {
		t.Fatalf("read %d notes, exported %d", len(back), len(want))
	}
	for i, w := range want {
		w.Created, w.Updated = w.Created.UTC(), w.Updated.UTC()
		if back[i] != w {
			t.Errorf("round trip changed a note:\n got %+v\nwant %+v", back[i], w)
		}
	}
}

// A note that looks like a spreadsheet formula is exported as text, in
// every cell: notes stored before imports were checked may hold a formula
// in any field, the ID and the section kind included.
func TestExportCSVFormulaInjection(t *testing.T) {
	formula := `=HYPERLINK("http://evil.example","y")`
	list := []Note{{ID: formula, Owner: "+owner", BriefID: "@b.md", Body: formula, Quote: "@SUM(A1)", Color: "\tred",
		Section: Section{Kind: "-kind", Title: "-2+3", Index: -1}},
		{ID: idA, Owner: "ana", BriefID: "b.md", Body: "plain note", Quote: "a - b", Section: Section{Kind: "lead"}}}
	var b strings.Builder
	if err := Export(&b, "csv", list, map[string]string{"@b.md": "+1 title", "b.md": "Title"}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows %v, %v", rows, err)
	}
	for _, row := range rows[1:] {
		for i, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("%s cell %q would be read as a formula", csvHeader[i], cell)
			}
		}
	}
	if rows[1][0] != "'"+formula || rows[1][4] != "'-kind" {
		t.Errorf("the ID and kind cells are %q %q, want the text behind an apostrophe", rows[1][0], rows[1][4])
	}
	if rows[2][0] != idA || rows[2][8] != "plain note" || rows[2][7] != "a - b" || rows[2][4] != "lead" {
		t.Errorf("ordinary text changed: %q", rows[2])
	}
}
