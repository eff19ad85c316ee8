package postgres

import (
	"bufio"
	"context"
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

	"github.com/briefing-dev/briefing/internal/pgdb/pgtest"
	"github.com/briefing-dev/briefing/notes"
)

// The test binary doubles as the child process of the crash and
// several-servers tests: NOTES_TEST_CHILD selects what it does instead of
// running the tests.
const (
	envChild = "NOTES_TEST_CHILD"
	envDB    = "NOTES_TEST_DB"
	envN     = "NOTES_TEST_N"
)

func TestMain(m *testing.M) {
	switch os.Getenv(envChild) {
	case "":
		os.Exit(m.Run())
	case "writer":
		n, _ := strconv.Atoi(os.Getenv(envN))
		os.Exit(childWriter(os.Getenv(envDB), n, 4))
	default:
		fmt.Fprintln(os.Stderr, "unknown child mode", os.Getenv(envChild))
		os.Exit(2)
	}
}

// childWriter is a server saving notes from workers goroutines, n in all
// (forever when n < 0), each followed by a mark on its brief. It prints
// "opening" as it starts connecting (and migrating) and "ok <id>" after
// each AddNote returns: that line is the acknowledgement the parent relies
// on. Each line is one write call, shorter than PIPE_BUF, so lines from
// several goroutines never mix.
func childWriter(url string, n, workers int) int {
	os.Stdout.WriteString("opening\n")
	ctx := context.Background()
	s, err := Open(ctx, url)
	if err != nil {
		fmt.Printf("err open: %v\n", strings.ReplaceAll(err.Error(), "\n", " "))
		return 1
	}
	defer s.Close()
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := false
	next := 0
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				if failed || (n >= 0 && next >= n) {
					mu.Unlock()
					return
				}
				i := next
				next++
				mu.Unlock()
				brief := fmt.Sprintf("b%d", i%17)
				note, err := s.AddNote(ctx, notes.Note{Owner: "child", BriefID: brief,
					Quote: "quoted text", Body: fmt.Sprintf("child %d note %d", os.Getpid(), i)})
				if err == nil {
					err = s.MarkRead(ctx, "child", brief, i%5)
				}
				if err != nil {
					os.Stdout.WriteString("err " + strings.ReplaceAll(err.Error(), "\n", " ") + "\n")
					mu.Lock()
					failed = true
					mu.Unlock()
					return
				}
				os.Stdout.WriteString("ok " + note.ID + "\n")
			}
		})
	}
	wg.Wait()
	if failed {
		return 1
	}
	return 0
}

func startChild(t *testing.T, url string, n int) (*exec.Cmd, io.ReadCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envChild+"=writer", envDB+"="+url, envN+"="+strconv.Itoa(n))
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

// checkAll reopens the database and fails for every acknowledged note
// that is not there, and for a note stored twice.
func checkAll(t *testing.T, url string, acked []string) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, url)
	if err != nil {
		t.Fatalf("reopen after the children: %v", err)
	}
	defer s.Close()
	all, err := s.AllNotes(ctx, "child")
	if err != nil {
		t.Fatal(err)
	}
	have := make(map[string]bool, len(all))
	for _, n := range all {
		if have[n.ID] {
			t.Errorf("note %s stored twice", n.ID)
		}
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

// TestCrashLosesNothing kills a server process that saves notes in a loop
// with SIGKILL, 15 times, and checks that every note whose save was
// acknowledged is in the database. The kills follow the child's own
// events, not a timer: one run in five is killed as it starts connecting
// (and, the first time, migrating), the others after a random number of
// acknowledged saves, while its other writers are inside a commit.
func TestCrashLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts 15 processes")
	}
	url, _ := pgtest.Schema(t)
	const runs = 15
	var acked []string
	for i := range runs {
		atOpen, after := i%5 == 0, 1+mrand.IntN(40)
		cmd, out := startChild(t, url, -1)
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
	if len(acked) == 0 {
		t.Fatal("no note was acknowledged: the test proved nothing")
	}
	checkAll(t, url, acked)
}

// TestServersStartTogether starts three server processes at once on a
// database with no schema: they race to migrate (the advisory lock makes
// them take turns) and then write and mark the same briefs; none fails and
// every note each acknowledged is there once.
func TestServersStartTogether(t *testing.T) {
	url, _ := pgtest.Schema(t)
	const children, perChild = 3, 60
	type result struct {
		ids, errs []string
		err       error
	}
	results := make(chan result, children)
	for range children {
		cmd, out := startChild(t, url, perChild)
		go func() {
			events := make(chan childEvent)
			var errs []string
			go func() {
				errs = readChild(out, events)
				close(events)
			}()
			var ids []string
			for ev := range events {
				if ev.id != "" {
					ids = append(ids, ev.id)
				}
			}
			results <- result{ids, errs, cmd.Wait()}
		}()
	}
	var acked []string
	for range children {
		r := <-results
		if r.err != nil || len(r.errs) > 0 {
			t.Errorf("server process: %v %v", r.err, r.errs)
		}
		if len(r.ids) != perChild {
			t.Errorf("a server acknowledged %d notes, want %d", len(r.ids), perChild)
		}
		acked = append(acked, r.ids...)
	}
	checkAll(t, url, acked)
}
