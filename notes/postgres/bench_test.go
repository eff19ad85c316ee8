package postgres

import (
	"context"
	"testing"

	"github.com/briefing-dev/briefing/internal/pgdb/pgtest"
	"github.com/briefing-dev/briefing/notes/storetest"
)

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

// BenchmarkAddNote saves one note per operation; each returns after
// PostgreSQL has committed it (synchronous_commit on).
func BenchmarkAddNote(b *testing.B) { storetest.BenchAddNote(b, openBench(b)) }

// BenchmarkUpdateNote edits one of 200 notes per operation (an edit
// saved from the reader).
func BenchmarkUpdateNote(b *testing.B) { storetest.BenchUpdateNote(b, openBench(b)) }
