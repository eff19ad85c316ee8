package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/storetest"
)

// The test binary doubles as the child process of the crash and
// multi-process tests: NOTES_TEST_CHILD selects what it does instead of
// running the tests.
const (
	envChild = "NOTES_TEST_CHILD"
	envDB    = "NOTES_TEST_DB"
	envN     = "NOTES_TEST_N"
)

func TestMain(m *testing.M) {
	switch os.Getenv(envChild) {
	case "":
		code := m.Run()
		if bigDir != "" {
			os.RemoveAll(bigDir)
		}
		os.Exit(code)
	case "writer":
		n, _ := strconv.Atoi(os.Getenv(envN))
		os.Exit(childWriter(os.Getenv(envDB), n, 4))
	default:
		fmt.Fprintln(os.Stderr, "unknown child mode", os.Getenv(envChild))
		os.Exit(2)
	}
}

// childWriter saves notes from workers goroutines, n in all (forever when
// n < 0). It prints "opening" to stdout as it starts opening the database,
// then the lines of storetest.NeverLostWriter.
func childWriter(path string, n, workers int) int {
	os.Stdout.WriteString("opening\n")
	s, err := Open(path)
	if err != nil {
		fmt.Printf("err open: %v\n", storetest.OneLine(err.Error()))
		return 1
	}
	defer s.Close()
	if storetest.NeverLostWriter(context.Background(), s, os.Stdout, n, workers, false) != nil {
		return 1
	}
	return 0
}

func startChild(t *testing.T, path string, n int) (*exec.Cmd, io.ReadCloser) {
	t.Helper()
	return storetest.StartChild(t, envChild+"=writer", envDB+"="+path, envN+"="+strconv.Itoa(n))
}

// checkAll reopens the file and fails unless it passes integrity_check
// and holds every acknowledged note of owner, once.
func checkAll(t *testing.T, path string, owner string, acked []string) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after the children: %v", err)
	}
	defer s.Close()
	if err := s.IntegrityCheck(context.Background()); err != nil {
		t.Errorf("integrity_check: %v", err)
	}
	storetest.CheckNeverLost(t, s, owner, acked)
}

// TestCrashLosesNothing kills a child that saves notes in a loop with
// SIGKILL, 25 times, and checks that every note whose save was
// acknowledged survives and the file passes integrity_check (see
// storetest.KillWriters for when the kills come; opening includes the
// corruption check).
func TestCrashLosesNothing(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts 25 processes")
	}
	path := t.TempDir() + "/briefing.db"
	acked := storetest.KillWriters(t, 25, func() (*exec.Cmd, io.ReadCloser) { return startChild(t, path, -1) })
	checkAll(t, path, storetest.WriterOwner, acked)
}

// TestConcurrentWriters runs 8 writer goroutines on one store while two
// other processes write to the same file: no "database is locked", nothing lost.
func TestConcurrentWriters(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/briefing.db"
	const perChild, perWorker, workers = 150, 40, 8
	type result struct {
		ids, errs []string
		err       error
	}
	results := make(chan result, 2)
	for c := 0; c < 2; c++ {
		cmd, out := startChild(t, path, perChild)
		go func() {
			ids, errs := storetest.ReadAcks(out)
			results <- result{ids, errs, cmd.Wait()}
		}()
	}
	// The children were started first: all three race to create the file
	// and apply the migrations.
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var mine []string
	var errs []error
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				n, err := s.AddNote(context.Background(), notes.Note{Owner: "child", BriefID: "shared", Body: strconv.Itoa(i)})
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				} else {
					mine = append(mine, n.ID)
				}
				mu.Unlock()
				// Readers run alongside the writers too.
				if _, err := s.NotesForBrief(context.Background(), "child", "shared"); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	s.Close()
	for _, err := range errs {
		t.Errorf("writer goroutine: %v", err)
	}
	all := mine
	for c := 0; c < 2; c++ {
		r := <-results
		if r.err != nil || len(r.errs) > 0 {
			t.Errorf("child process: %v %v", r.err, r.errs)
		}
		if len(r.ids) != perChild {
			t.Errorf("child acknowledged %d notes, want %d", len(r.ids), perChild)
		}
		all = append(all, r.ids...)
	}
	if len(mine) != workers*perWorker {
		t.Errorf("goroutines saved %d notes, want %d", len(mine), workers*perWorker)
	}
	checkAll(t, path, "child", all)
	s2, _ := Open(path)
	defer s2.Close()
	if got, _ := s2.AllNotes(context.Background(), "child"); len(got) != len(all) {
		t.Errorf("database holds %d notes, %d were acknowledged", len(got), len(all))
	}
}

// TestDiskFull fills the database to its page cap (a real SQLITE_FULL, as a
// full disk gives): the failing save reports ErrDiskFull, every earlier note
// is intact, and the same note saves once there is room (the caller's retry).
func TestDiskFull(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/briefing.db"
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(path, WithMaxPageCount(40))
	if err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("a long note body ", 200)
	var saved []string
	var full error
	for i := 0; i < 500 && full == nil; i++ {
		n, err := s.AddNote(ctx, notes.Note{Owner: "ana", BriefID: "b", Body: big + strconv.Itoa(i)})
		if err != nil {
			full = err
			break
		}
		saved = append(saved, n.ID)
	}
	if !errors.Is(full, notes.ErrDiskFull) {
		t.Fatalf("filling the database: err = %v after %d notes, want notes.ErrDiskFull", full, len(saved))
	}
	if !strings.Contains(full.Error(), "disk full") {
		t.Errorf("message %q does not say the disk is full", full)
	}
	// The draft of the failed note must still save somewhere small or be
	// kept by the caller; the store itself must still read.
	if got, err := s.NotesForBrief(ctx, "ana", "b"); err != nil || len(got) != len(saved) {
		t.Errorf("after disk full: %d notes, %v; want %d", len(got), err, len(saved))
	}
	s.Close()
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddNote(ctx, notes.Note{Owner: "ana", BriefID: "b", Body: big}); err != nil {
		t.Errorf("retry with room: %v", err)
	}
	s.Close()
	checkAll(t, path, "ana", saved)
}

// TestDiskFullAtUpgrade: a database of an older schema on a full disk
// (capped at the pages it has: the upgrade's new table finds no room)
// cannot be upgraded, and the reader's opener opens it read-only as it is,
// saying the disk is full: its notes, marks and drafts still read, and
// nothing is changed.
func TestDiskFullAtUpgrade(t *testing.T) {
	ctx := context.Background()
	path := copyFixture(t)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := db.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(path, WithMaxPageCount(pages)); !errors.Is(err, notes.ErrDiskFull) {
		t.Fatalf("upgrade on a full disk: err = %v, want notes.ErrDiskFull (else this test shows nothing)", err)
	}

	o, err := opener(path, WithMaxPageCount(pages))()
	if err != nil {
		t.Fatalf("the opener on a full disk: %v; want the notes read-only", err)
	}
	defer o.Store.Close()
	if !o.ReadOnly || !errors.Is(o.ReadOnlyWhy, notes.ErrDiskFull) {
		t.Fatalf("opened read-only %v, why %v; want read-only because the disk is full", o.ReadOnly, o.ReadOnlyWhy)
	}
	if got, err := o.Store.AllNotes(ctx, "ana"); err != nil || len(got) != 2 {
		t.Errorf("ana's notes on a full disk: %d, %v; want 2", len(got), err)
	}
	if m, err := o.Store.MarksForBrief(ctx, "ana", "2026/eu-ai-act.md"); err != nil || !m.Starred {
		t.Errorf("mark on a full disk: %+v, %v", m, err)
	}
	if ds, err := o.Store.Drafts(ctx, "ana", "ports.md"); err != nil || len(ds) != 1 || ds[0].Note.Body != "half a thought" {
		t.Errorf("drafts on a full disk: %+v, %v", ds, err)
	}
	if _, err := o.Store.AddNote(ctx, notes.Note{Owner: "ana", BriefID: "b", Body: "x"}); err == nil {
		t.Error("a read-only store took a note")
	}
}
