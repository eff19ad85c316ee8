package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/storetest"
)

// TestConformance runs the suite every notes.Store passes against real
// SQLite files: one per subtest, named after it, so that opening again
// with the same test reopens the same file.
func TestConformance(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	storetest.Run(t, func(t *testing.T) notes.Store {
		s, err := Open(filepath.Join(base, filepath.FromSlash(t.Name()), "briefing.db"))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
