package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/storetest"
)

// BenchmarkAddNote saves one note per operation, synchronous=FULL: each
// returns after the WAL is fsynced.
func BenchmarkAddNote(b *testing.B) {
	s, _ := openTemp(b)
	storetest.BenchAddNote(b, s)
}

const (
	bigNotes  = 100_000
	bigBriefs = 2_000 // 50 notes per brief
)

// bigDir is removed by TestMain after the run.
var bigDir string

// bigDB is a database of bigNotes notes and a mark (with an anchored
// position) per brief, made once per
// test binary run (in one transaction) and shared by the benchmarks below.
var bigDB = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "notes-bench-")
	if err != nil {
		return "", err
	}
	bigDir = dir
	path := filepath.Join(dir, "briefing.db")
	s, err := Open(path)
	if err != nil {
		return "", err
	}
	defer s.Close()
	now := time.Now().UTC()
	list := make([]notes.Note, bigNotes)
	for i := range list {
		b := i % bigBriefs
		list[i] = notes.Note{ID: notes.NewID(), Owner: "ana", BriefID: fmt.Sprintf("brief-%04d", b), BriefHash: fmt.Sprintf("%064x", b),
			Section: notes.Section{Kind: "what_to_know", Title: "What to know", Index: i % 5},
			Quote:   "Rates rose by half a point in March, the third rise this year.", Before: "In short: ", After: " Markets fell.",
			Body: "Check this against the Q3 numbers before Monday's meeting.", Created: now.Add(time.Duration(i)), Updated: now}
	}
	if _, err := s.ImportNotes(context.Background(), list); err != nil {
		return "", err
	}
	err = s.write(context.Background(), "bench marks", func(tx *sql.Tx) error {
		for b := 0; b < bigBriefs; b++ {
			if _, err := tx.Exec(`INSERT INTO marks (owner, brief_id, starred, read_at, read_sections, position, created, updated)
				VALUES (?,?,?,?,?,?,?,?)`, "ana", fmt.Sprintf("brief-%04d", b), b%3 == 0, now.UnixNano(), "0,1,2", b, now.UnixNano(), now.UnixNano()); err != nil {
				return err
			}
			// Every brief read has its position anchored to a paragraph,
			// as the reader saves it.
			if _, err := tx.Exec(`INSERT INTO position_anchors (owner, brief_id, section_kind, section_title,
				section_index, quote, before_text, after_text, into_para, above) VALUES (?,?,?,?,?,?,?,?,?,?)`,
				"ana", fmt.Sprintf("brief-%04d", b), "what_to_know", "What to know", 2,
				strings.Repeat("A paragraph of the brief, quoted up to its cap. ", 4), "the end of the one before.",
				"And how it goes on", 0.4, 0); err != nil {
				return err
			}
		}
		return nil
	})
	return path, err
})

func openBig(b *testing.B) *Store {
	b.Helper()
	path, err := bigDB()
	if err != nil {
		b.Fatal(err)
	}
	s, err := Open(path)
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
		list, err := s.NotesForBrief(ctx, "ana", id)
		if err != nil || len(list) != bigNotes/bigBriefs {
			b.Fatalf("NotesForBrief = %d, %v", len(list), err)
		}
		if _, err := s.MarksForBrief(ctx, "ana", id); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(t0))
	}
	b.StopTimer()
	storetest.ReportLatency(b, durs)
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
		s, err := Open(path)
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
	storetest.ReportLatency(b, durs)
}
