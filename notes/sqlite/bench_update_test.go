package sqlite

import (
	"testing"

	"github.com/briefing-dev/briefing/notes/storetest"
)

// BenchmarkUpdateNote edits one of 200 notes per operation (an edit saved
// from the reader), synchronous=FULL; notes/postgres has the same.
func BenchmarkUpdateNote(b *testing.B) {
	s, _ := openTemp(b)
	storetest.BenchUpdateNote(b, s)
}
