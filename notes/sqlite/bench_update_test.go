package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/notes"
)

// BenchmarkUpdateNote edits one of 200 notes per operation (an edit saved
// from the reader), synchronous=FULL; notes/postgres has the same.
func BenchmarkUpdateNote(b *testing.B) {
	s, _ := openTemp(b)
	ctx := context.Background()
	body := strings.Repeat("A sentence of a typical note. ", 8)
	var list []notes.Note
	for i := range 200 {
		list = append(list, mustAdd(b, s, notes.Note{Owner: "ana", BriefID: fmt.Sprintf("b%d", i%50), Quote: "quoted text",
			Body: body, Section: notes.Section{Kind: "why_it_matters", Title: "Why it matters", Index: 1}}))
	}
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := list[i%len(list)]
		n.Body = fmt.Sprintf("edited %d: %s", i, body[:40])
		t0 := time.Now()
		if _, err := s.UpdateNote(ctx, n); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(t0))
	}
	b.StopTimer()
	reportLatency(b, durs)
}
