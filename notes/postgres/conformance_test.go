package postgres

import (
	"context"
	"sync"
	"testing"

	"github.com/briefing-dev/briefing/internal/pgdb/pgtest"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/storetest"
)

// TestConformance runs the suite every notes.Store passes against real
// PostgreSQL: a schema of its own per subtest, so that opening again with
// the same test is a second server on the same database.
func TestConformance(t *testing.T) {
	t.Parallel()
	pgtest.URL(t)
	var mu sync.Mutex
	urls := map[string]string{}
	storetest.Run(t, func(t *testing.T) notes.Store {
		mu.Lock()
		url, ok := urls[t.Name()]
		if !ok {
			url, _ = pgtest.Schema(t)
			urls[t.Name()] = url
		}
		mu.Unlock()
		s, err := Open(context.Background(), url)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
