package storetest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/briefing-dev/briefing/notes"
)

// The crash tests of each store run its own test binary as a child that
// writes notes until it is killed. What the child writes, how the parent
// reads and kills it, and how the parent checks the data afterwards are the
// same for every store; only how a child re-executes itself and opens its
// store differ, and stay beside the store.

// WriterOwner is the owner of every note a NeverLostWriter saves.
const WriterOwner = "child"

// NeverLostWriter saves notes from workers goroutines, n in all (forever
// when n < 0), each followed by a mark on its brief when markRead is set.
// It writes "ok <id>" to out after each save returns: that line is the
// acknowledgement the parent relies on. On the first failure it writes
// "err <message>" and the workers stop. Each line is one Write, shorter
// than PIPE_BUF when out is a pipe, so lines from several goroutines never
// mix. The child prints "opening" itself before it opens the store.
func NeverLostWriter(ctx context.Context, s notes.Store, out io.Writer, n, workers int, markRead bool) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed error
	next := 0
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				if failed != nil || (n >= 0 && next >= n) {
					mu.Unlock()
					return
				}
				i := next
				next++
				mu.Unlock()
				brief := fmt.Sprintf("b%d", i%17)
				note, err := s.AddNote(ctx, notes.Note{Owner: WriterOwner, BriefID: brief,
					Quote: "quoted text", Body: fmt.Sprintf("child %d note %d", os.Getpid(), i)})
				if err == nil && markRead {
					err = s.MarkRead(ctx, WriterOwner, brief, i%5)
				}
				if err != nil {
					io.WriteString(out, "err "+OneLine(err.Error())+"\n")
					mu.Lock()
					if failed == nil {
						failed = err
					}
					mu.Unlock()
					return
				}
				io.WriteString(out, "ok "+note.ID+"\n")
			}
		})
	}
	wg.Wait()
	return failed
}

// OneLine keeps a child's message on the one line the parent reads.
func OneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// StartChild runs the test binary again, with no test selected and env
// added to its environment (the store's TestMain picks the child's part
// from it), and returns its stdout.
func StartChild(t *testing.T, env ...string) (*exec.Cmd, io.ReadCloser) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env...)
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

// ChildEvent is one complete line of a child's stdout: that it is opening
// the database, or the ID of a note whose save it acknowledged.
type ChildEvent struct {
	Opening bool
	ID      string
}

// ReadChild sends the events of r's complete lines on events and returns
// the lines that are neither (the child's errors) at the end of r. A line
// cut by the kill has no newline and was not an acknowledgement.
func ReadChild(r io.Reader, events chan<- ChildEvent) (errs []string) {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return errs
		}
		line = strings.TrimSuffix(line, "\n")
		if id, ok := strings.CutPrefix(line, "ok "); ok {
			events <- ChildEvent{ID: id}
		} else if line == "opening" {
			events <- ChildEvent{Opening: true}
		} else {
			errs = append(errs, line)
		}
	}
}

// ReadAcks reads a child's stdout to its end: the acknowledged IDs and the
// errors.
func ReadAcks(r io.Reader) (ids, errs []string) {
	events := make(chan ChildEvent)
	go func() {
		errs = ReadChild(r, events)
		close(events)
	}()
	for ev := range events {
		if ev.ID != "" {
			ids = append(ids, ev.ID)
		}
	}
	return ids, errs
}

// KillWriters starts a writing child with start, runs times, and kills
// each with SIGKILL; it returns the IDs of every note the children
// acknowledged. The kills follow the child's own events, not a timer: one
// run in five is killed as it starts opening the database (start-up and,
// the first time, the migrations), the others after a random number of
// acknowledged saves, while its other writers are inside a commit.
func KillWriters(t *testing.T, runs int, start func() (*exec.Cmd, io.ReadCloser)) []string {
	t.Helper()
	var acked []string
	for i := range runs {
		atOpen, after := i%5 == 0, 1+mrand.IntN(40)
		cmd, out := start()
		events := make(chan ChildEvent)
		var errs []string
		go func() {
			errs = ReadChild(out, events)
			close(events)
		}()
		var ids []string
		killed := false
		for ev := range events {
			if ev.ID != "" {
				ids = append(ids, ev.ID)
			}
			if !killed && ((atOpen && ev.Opening) || (!atOpen && len(ids) >= after)) {
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
	return acked
}

// CheckNeverLost fails for every acknowledged note of owner that s does not
// hold, and for a note stored twice. It returns the notes s holds.
func CheckNeverLost(t *testing.T, s notes.NoteStore, owner string, acked []string) []notes.Note {
	t.Helper()
	all, err := s.AllNotes(context.Background(), owner)
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
	return all
}
