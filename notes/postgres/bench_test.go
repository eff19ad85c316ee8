package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/internal/pgdb/pgtest"
	"github.com/briefing-dev/briefing/notes"
)

// reportLatency reports the median and 99th percentile of per-operation
// durations, in milliseconds, as notes/sqlite's benchmarks do: a save's
// tail is what a reader feels, and ns/op (a mean) hides it.
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

func openBench(b *testing.B) *Store {
	b.Helper()
	url, _ := pgtest.Schema(b)
	s, err := Open(context.Background(), url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// benchNote is the note BenchmarkAddNote of notes/sqlite saves.
func benchNote(i int) notes.Note {
	return notes.Note{Owner: "ana", BriefID: fmt.Sprintf("b%d", i%50), Quote: "quoted text",
		Body: strings.Repeat("A sentence of a typical note. ", 8), Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1}}
}

// BenchmarkAddNote saves one note per operation; each returns after
// PostgreSQL has committed it (synchronous_commit on).
func BenchmarkAddNote(b *testing.B) {
	s := openBench(b)
	ctx := context.Background()
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := s.AddNote(ctx, benchNote(i)); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(t0))
	}
	b.StopTimer()
	reportLatency(b, durs)
}

// BenchmarkUpdateNote edits one of 200 notes per operation (an edit
// saved from the reader).
func BenchmarkUpdateNote(b *testing.B) {
	s := openBench(b)
	ctx := context.Background()
	var ids []notes.Note
	for i := range 200 {
		n, err := s.AddNote(ctx, benchNote(i))
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, n)
	}
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := ids[i%len(ids)]
		n.Body = fmt.Sprintf("edited %d: %s", i, n.Body[:40])
		t0 := time.Now()
		if _, err := s.UpdateNote(ctx, n); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(t0))
	}
	b.StopTimer()
	reportLatency(b, durs)
}
