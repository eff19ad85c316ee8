package notes

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// reportLatency reports the median and 99th percentile of per-operation
// durations, in milliseconds: the targets are about the tail, which
// ns/op (a mean) hides.
func reportLatency(b *testing.B, d []time.Duration) {
	if len(d) == 0 {
		return
	}
	slices.Sort(d)
	ms := func(q float64) float64 {
		return float64(d[min(len(d)-1, int(q*float64(len(d))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}

// BenchmarkAddNote saves one note per operation, synchronous=FULL: each
// returns after the WAL is fsynced.
func BenchmarkAddNote(b *testing.B) {
	s, _ := openTemp(b)
	ctx := context.Background()
	body := strings.Repeat("A sentence of a typical note. ", 8)
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := s.AddNote(ctx, Note{Owner: "ana", BriefID: fmt.Sprintf("b%d", i%50), Quote: "quoted text",
			Body: body, Section: Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1}}); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(t0))
	}
	b.StopTimer()
	reportLatency(b, durs)
}

const (
	bigNotes  = 100_000
	bigBriefs = 2_000 // 50 notes per brief
)

// bigDir is removed by TestMain after the run.
var bigDir string

// bigDB is a database of bigNotes notes and a mark per brief, made once per
// test binary run (in one transaction) and shared by the benchmarks below.
var bigDB = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "notes-bench-")
	if err != nil {
		return "", err
	}
	bigDir = dir
	path := filepath.Join(dir, "briefing.db")
	s, err := OpenSQLite(path)
	if err != nil {
		return "", err
	}
	defer s.Close()
	now := time.Now().UTC()
	notes := make([]Note, bigNotes)
	for i := range notes {
		id, err := newID()
		if err != nil {
			return "", err
		}
		b := i % bigBriefs
		notes[i] = Note{ID: id, Owner: "ana", BriefID: fmt.Sprintf("brief-%04d", b), BriefHash: fmt.Sprintf("%064x", b),
			Section: Section{Kind: "what_to_know", Title: "What to know", Index: i % 5},
			Quote:   "Rates rose by half a point in March, the third rise this year.", Before: "In short: ", After: " Markets fell.",
			Body: "Check this against the Q3 numbers before Monday's meeting.", Created: now.Add(time.Duration(i)), Updated: now}
	}
	if _, err := s.ImportNotes(context.Background(), notes); err != nil {
		return "", err
	}
	err = s.write(context.Background(), "bench marks", func(tx *sql.Tx) error {
		for b := 0; b < bigBriefs; b++ {
			if _, err := tx.Exec(`INSERT INTO marks (owner, brief_id, starred, read_at, read_sections, position, created, updated)
				VALUES (?,?,?,?,?,?,?,?)`, "ana", fmt.Sprintf("brief-%04d", b), b%3 == 0, now.UnixNano(), "0,1,2", b, now.UnixNano(), now.UnixNano()); err != nil {
				return err
			}
		}
		return nil
	})
	return path, err
})

func openBig(b *testing.B) *SQLiteStore {
	b.Helper()
	path, err := bigDB()
	if err != nil {
		b.Fatal(err)
	}
	s, err := OpenSQLite(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkLoadBrief loads the notes and the mark of one brief (what the
// reader does when a brief opens) from a database of 100,000 notes.
func BenchmarkLoadBrief(b *testing.B) {
	s := openBig(b)
	ctx := context.Background()
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := fmt.Sprintf("brief-%04d", (i*7919)%bigBriefs)
		t0 := time.Now()
		notes, err := s.NotesForBrief(ctx, "ana", id)
		if err != nil || len(notes) != bigNotes/bigBriefs {
			b.Fatalf("NotesForBrief = %d, %v", len(notes), err)
		}
		if _, err := s.MarksForBrief(ctx, "ana", id); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(t0))
	}
	b.StopTimer()
	reportLatency(b, durs)
}

// BenchmarkOpenAndSnapshot opens the 100,000-note database (with its
// quick_check) and takes the library's Snapshot: the storage share of the
// reader's start-up.
func BenchmarkOpenAndSnapshot(b *testing.B) {
	path, err := bigDB()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		s, err := OpenSQLite(path)
		if err != nil {
			b.Fatal(err)
		}
		m, err := s.Snapshot(ctx, "ana")
		if err != nil || m.NoteCount("brief-0001") != bigNotes/bigBriefs {
			b.Fatalf("Snapshot: %v", err)
		}
		durs = append(durs, time.Since(t0))
		s.Close()
	}
	b.StopTimer()
	reportLatency(b, durs)
}

// BenchmarkReanchor re-anchors 50 notes on a brief of 8 sections where one
// in five quotes was edited (fuzzy path) and one in ten deleted (orphaned).
func BenchmarkReanchor(b *testing.B) {
	var sections []SectionText
	var notes []Note
	for s := 0; s < 8; s++ {
		var paras []string
		for p := 0; p < 6; p++ {
			paras = append(paras, fmt.Sprintf("Paragraph %d of section %d talks about rates and markets. "+
				"It has a second sentence with detail %d. And a third one, number %d.", p, s, p*s, p+s))
		}
		sections = append(sections, SectionText{Kind: "other", Title: fmt.Sprintf("S%d", s), Body: strings.Join(paras, "\n\n")})
	}
	for i := 0; i < 50; i++ {
		s, p := i%8, i%6
		q := fmt.Sprintf("It has a second sentence with detail %d.", p*s)
		switch {
		case i%10 == 0:
			q = fmt.Sprintf("A sentence that was deleted entirely, %d.", i)
		case i%5 == 0:
			q = fmt.Sprintf("It had a second sentence with details %d.", p*s)
		}
		notes = append(notes, Note{Section: Section{Kind: "other", Title: fmt.Sprintf("S%d", s), Index: s}, Quote: q})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		orphans := 0
		for _, a := range ReanchorAll(notes, sections) {
			if a.Orphaned {
				orphans++
			}
		}
		if orphans != 5 {
			b.Fatalf("%d orphans, want 5", orphans)
		}
	}
}
