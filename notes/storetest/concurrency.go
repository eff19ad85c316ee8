package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/briefing-dev/briefing/notes"
)

// testConcurrentWriters runs writers and readers on two stores over the
// same data at once (two processes, or two servers on one database): none
// fails, and every note whose AddNote returned is there after both are
// closed and the data opened again, with nothing more.
func testConcurrentWriters(t *testing.T, open func(t *testing.T) notes.Store) {
	const perStore, workers, perWorker = 2, 4, 25
	stores := []notes.Store{open(t), open(t)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var acked []string
	var errs []error
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	for si, s := range stores {
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ctx := context.Background()
				for i := range perWorker {
					n, err := s.AddNote(ctx, notes.Note{Owner: "ana", BriefID: fmt.Sprintf("b%d", i%3),
						Body: fmt.Sprintf("store %d worker %d note %d", si, w, i)})
					if err != nil {
						fail(fmt.Errorf("store %d: AddNote: %w", si, err))
						return
					}
					mu.Lock()
					acked = append(acked, n.ID)
					mu.Unlock()
					// Readers run alongside the writers.
					if _, err := s.NotesForBrief(ctx, "ana", n.BriefID); err != nil {
						fail(fmt.Errorf("store %d: NotesForBrief: %w", si, err))
					}
					if _, err := s.Snapshot(ctx, "ana"); err != nil {
						fail(fmt.Errorf("store %d: Snapshot: %w", si, err))
					}
				}
			}()
		}
	}
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}
	if want := perStore * workers * perWorker; len(acked) != want {
		t.Errorf("%d notes acknowledged, want %d", len(acked), want)
	}
	for _, s := range stores {
		if err := s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}

	s := open(t)
	if all := CheckNeverLost(t, s, "ana", acked); len(all) != len(acked) {
		t.Errorf("%d notes stored, %d acknowledged", len(all), len(acked))
	}
	snap, err := s.Snapshot(context.Background(), "ana")
	if err != nil {
		t.Fatal(err)
	}
	if got := snap.NoteCount("b0") + snap.NoteCount("b1") + snap.NoteCount("b2"); got != len(acked) {
		t.Errorf("snapshot counts %d notes, %d were acknowledged", got, len(acked))
	}
}

// testConcurrentMarkRead marks different sections of one brief read from
// many goroutines on two stores at once: MarkRead reads the sections and
// writes them merged, so a store that does not make that one step loses
// sections here.
func testConcurrentMarkRead(t *testing.T, open func(t *testing.T) notes.Store) {
	const sections = 40
	stores := []notes.Store{open(t), open(t)}
	var wg sync.WaitGroup
	errs := make(chan error, sections)
	for i := range sections {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := stores[i%2].MarkRead(context.Background(), "ana", "b", i); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	m, err := stores[0].MarksForBrief(context.Background(), "ana", "b")
	if err != nil {
		t.Fatal(err)
	}
	want := make([]int, sections)
	for i := range want {
		want[i] = i
	}
	if !slices.Equal(m.ReadSections, want) {
		t.Errorf("read sections = %v, want 0 to %d", m.ReadSections, sections-1)
	}
}

// testClose: a second Close does nothing and reports no error.
func testClose(t *testing.T, open func(t *testing.T) notes.Store) {
	s := open(t)
	mustAdd(t, s, notes.Note{Owner: "ana", BriefID: "b", Body: "x"})
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
