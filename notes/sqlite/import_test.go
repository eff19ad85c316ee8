package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/notes"
)

func exportNotes() ([]notes.Note, map[string]string) {
	t0 := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)
	list := []notes.Note{
		{ID: "c", Owner: "ana", BriefID: "rates", Section: notes.Section{Kind: "what_happens_next", Index: 2},
			Quote: "The committee meets in May.", Body: "Book a room.", Created: t0.Add(2 * time.Hour), Updated: t0.Add(2 * time.Hour)},
		{ID: "a", Owner: "ana", BriefID: "rates", Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1},
			Quote: "Rates rose.\nMarkets fell.", Body: "Raise on **Monday**.", Color: "red", Created: t0, Updated: t0.Add(time.Minute)},
		{ID: "b", Owner: "ana", BriefID: "rates", Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1},
			Quote: "Analysts disagree.", Created: t0.Add(time.Hour), Updated: t0.Add(time.Hour)},
		{ID: "d", Owner: "ana", BriefID: "ai-act", Section: notes.Section{Kind: "lead", Index: 0},
			Body: "Read the annex.", Created: t0, Updated: t0},
	}
	return list, map[string]string{"rates": "Rates rise again", "ai-act": "EU AI Act"}
}

func TestExportImportJSON(t *testing.T) {
	ctx := context.Background()
	src, _ := openTemp(t)
	list, titles := exportNotes()
	if _, err := src.ImportNotes(ctx, list); err != nil {
		t.Fatal(err)
	}
	all, _ := src.AllNotes(ctx, "ana")
	var b bytes.Buffer
	if err := notes.Export(&b, "json", all, titles); err != nil {
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
	if raw["format"] != notes.ExportFormat || raw["version"] != float64(1) {
		t.Errorf("header = %v %v", raw["format"], raw["version"])
	}

	dst, _ := openTemp(t)
	data := b.Bytes()
	added, err := notes.Import(ctx, dst, bytes.NewReader(data), "")
	if err != nil || added != 4 {
		t.Fatalf("first import = %d, %v; want 4", added, err)
	}
	added, err = notes.Import(ctx, dst, bytes.NewReader(data), "")
	if err != nil || added != 0 {
		t.Fatalf("second import = %d, %v; want 0", added, err)
	}
	back, _ := dst.AllNotes(ctx, "ana")
	if len(back) != len(all) {
		t.Fatalf("imported %d notes, exported %d", len(back), len(all))
	}
	for i := range all {
		if back[i] != all[i] {
			t.Errorf("round trip changed a note:\n got %+v\nwant %+v", back[i], all[i])
		}
	}

	for _, bad := range []string{`{}`, `{"format":"briefing-notes","version":7,"notes":[]}`,
		`{"format":"briefing-notes","version":1,"notes":[{"owner":"a","brief_id":"b"}]}`, `not json`} {
		if _, err := notes.Import(ctx, dst, strings.NewReader(bad), ""); err == nil {
			t.Errorf("Import accepted %s", bad)
		}
	}
	// Owner override.
	other, _ := openTemp(t)
	if n, err := notes.Import(ctx, other, bytes.NewReader(data), "bo"); err != nil || n != 4 {
		t.Fatalf("import as bo = %d, %v", n, err)
	}
	if got, _ := other.AllNotes(ctx, "bo"); len(got) != 4 {
		t.Errorf("bo owns %d imported notes", len(got))
	}
}
