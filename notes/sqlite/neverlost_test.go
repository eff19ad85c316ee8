package sqlite

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/briefing-dev/briefing/notes"
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
// n < 0). It prints "opening" to stdout as it starts opening the database
// and "ok <id>" after each commit returns: that line is the
// acknowledgement the parent relies on. Each line is one write call,
// shorter than PIPE_BUF, so lines from several goroutines never mix.
func childWriter(path string, n, workers int) int {
	os.Stdout.WriteString("opening\n")
	s, err := Open(path)
	if err != nil {
		fmt.Printf("err open: %v\n", err)
		return 1
	}
	defer s.Close()
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := false
	next := 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				if failed || (n >= 0 && next >= n) {
					mu.Unlock()
					return
				}
				i := next
				next++
				mu.Unlock()
				note, err := s.AddNote(context.Background(), notes.Note{Owner: "child", BriefID: fmt.Sprintf("b%d", i%17),
					Quote: "quoted text", Body: fmt.Sprintf("child %d note %d", os.Getpid(), i)})
				if err != nil {
					os.Stdout.WriteString("err " + err.Error() + "\n")
					mu.Lock()
					failed = true
					mu.Unlock()
					return
				}
				os.Stdout.WriteString("ok " + note.ID + "\n")
			}
		}()
	}
	wg.Wait()
	if failed {
		return 1
	}
	return 0
}

func startChild(t *testing.T, path string, n int) (*exec.Cmd, io.ReadCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envChild+"=writer", envDB+"="+path, envN+"="+strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, out
}

// childEvent is one complete line of a child's stdout: that it is opening
// the database, or the ID of a note whose save it acknowledged.
type childEvent struct {
	opening bool
	id      string
}

// readChild sends the events of r's complete lines on events and returns
// the lines that are neither (the child's errors) at the end of r. A line
// cut by the kill has no newline and was not an acknowledgement.
func readChild(r io.Reader, events chan<- childEvent) (errs []string) {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return errs
		}
		line = strings.TrimSuffix(line, "\n")
		if id, ok := strings.CutPrefix(line, "ok "); ok {
			events <- childEvent{id: id}
		} else if line == "opening" {
			events <- childEvent{opening: true}
		} else {
			errs = append(errs, line)
		}
	}
}

// readAcks reads a child's stdout to its end: the acknowledged IDs and the
// errors.
func readAcks(r io.Reader) (ids, errs []string) {
	events := make(chan childEvent)
	go func() {
		errs = readChild(r, events)
		close(events)
	}()
	for ev := range events {
		if ev.id != "" {
			ids = append(ids, ev.id)
		}
	}
	return ids, errs
}

func checkAll(t *testing.T, path string, owner string, acked []string) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after the children: %v", err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Errorf("integrity_check: %v", err)
	}
	all, err := s.AllNotes(ctx, owner)
	if err != nil {
		t.Fatal(err)
	}
	have := make(map[string]bool, len(all))
	for _, n := range all {
		have[n.ID] = true
	}
	lost := 0
	for _, id := range acked {
		if !have[id] {
			lost++
			if lost <= 5 {
				t.Errorf("acknowledged note %s is lost", id)
			}
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d acknowledged notes lost", lost, len(acked))
	}
}

// TestCrashLosesNothing kills a child that saves notes in a loop with
// SIGKILL, 25 times, and checks that every note whose save was
// acknowledged survives and the file passes integrity_check. The kills
// follow the child's own events, not a timer: one run in five is killed as
// it starts opening the database (start-up, the corruption check, the
// migrations of the first run), the others after a random number of
// acknowledged saves, while its other writers are inside a commit.
func TestCrashLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 25 processes")
	}
	path := t.TempDir() + "/briefing.db"
	const runs = 25
	var acked []string
	for i := range runs {
		atOpen, after := i%5 == 0, 1+mrand.IntN(40)
		cmd, out := startChild(t, path, -1)
		events := make(chan childEvent)
		var errs []string
		go func() {
			errs = readChild(out, events)
			close(events)
		}()
		var ids []string
		killed := false
		for ev := range events {
			if ev.id != "" {
				ids = append(ids, ev.id)
			}
			if !killed && ((atOpen && ev.opening) || (!atOpen && len(ids) >= after)) {
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				killed = true
			}
		}
		err := cmd.Wait()
		var ee *exec.ExitError
		if !killed || !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("run %d: child ended with %v before it was killed (errors: %v)", i, err, errs)
		}
		if len(errs) > 0 {
			t.Fatalf("run %d: child reported %v", i, errs)
		}
		acked = append(acked, ids...)
	}
	t.Logf("%d kills, %d acknowledged notes", runs, len(acked))
	checkAll(t, path, "child", acked)
}

// TestConcurrentWriters runs 8 writer goroutines on one store while two
// other processes write to the same file: no "database is locked", nothing lost.
func TestConcurrentWriters(t *testing.T) {
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
			ids, errs := readAcks(out)
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
