package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/notes"
)

// ReportLatency reports the median and 99th percentile of per-operation
// durations, in milliseconds: a save's tail is what a reader feels, and
// ns/op (a mean) hides it.
func ReportLatency(b *testing.B, d []time.Duration) {
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

// BenchNote is the i-th note the save benchmarks write: a typical note on
// one of 50 briefs.
func BenchNote(i int) notes.Note {
	return notes.Note{Owner: "ana", BriefID: fmt.Sprintf("b%d", i%50), Quote: "quoted text",
		Body: strings.Repeat("A sentence of a typical note. ", 8), Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1}}
}

// BenchAddNote saves one note per operation on s, an empty store, and
// reports the latency's median and tail. Each save returns when the store
// has made it durable, as AddNote promises.
func BenchAddNote(b *testing.B, s notes.NoteStore) {
	ctx := context.Background()
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := s.AddNote(ctx, BenchNote(i)); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(t0))
	}
	b.StopTimer()
	ReportLatency(b, durs)
}

// BenchUpdateNote edits one of 200 notes per operation on s, an empty
// store (an edit saved from the reader), and reports the latency's median
// and tail.
func BenchUpdateNote(b *testing.B, s notes.NoteStore) {
	ctx := context.Background()
	var list []notes.Note
	for i := range 200 {
		n, err := s.AddNote(ctx, BenchNote(i))
		if err != nil {
			b.Fatal(err)
		}
		list = append(list, n)
	}
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := list[i%len(list)]
		n.Body = fmt.Sprintf("edited %d: %s", i, n.Body[:40])
		t0 := time.Now()
		if _, err := s.UpdateNote(ctx, n); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(t0))
	}
	b.StopTimer()
	ReportLatency(b, durs)
}
