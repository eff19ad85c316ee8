package postgres

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/briefing-dev/briefing/internal/pgdb/pgtest"
	"github.com/briefing-dev/briefing/notes/storetest"
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
// "opening" as it starts connecting (and migrating), then the lines of
// storetest.NeverLostWriter.
func childWriter(url string, n, workers int) int {
	os.Stdout.WriteString("opening\n")
	ctx := context.Background()
	s, err := Open(ctx, url)
	if err != nil {
		fmt.Printf("err open: %v\n", storetest.OneLine(err.Error()))
		return 1
	}
	defer s.Close()
	if storetest.NeverLostWriter(ctx, s, os.Stdout, n, workers, true) != nil {
		return 1
	}
	return 0
}

func startChild(t *testing.T, url string, n int) (*exec.Cmd, io.ReadCloser) {
	t.Helper()
	return storetest.StartChild(t, envChild+"=writer", envDB+"="+url, envN+"="+strconv.Itoa(n))
}

// checkAll reopens the database and fails for every acknowledged note
// that is not there, and for a note stored twice.
func checkAll(t *testing.T, url string, acked []string) {
	t.Helper()
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatalf("reopen after the children: %v", err)
	}
	defer s.Close()
	storetest.CheckNeverLost(t, s, storetest.WriterOwner, acked)
}

// TestCrashLosesNothing kills a server process that saves notes in a loop
// with SIGKILL, 15 times, and checks that every note whose save was
// acknowledged is in the database (see storetest.KillWriters for when the
// kills come).
func TestCrashLosesNothing(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts 15 processes")
	}
	url, _ := pgtest.Schema(t)
	acked := storetest.KillWriters(t, 15, func() (*exec.Cmd, io.ReadCloser) { return startChild(t, url, -1) })
	checkAll(t, url, acked)
}

// TestServersStartTogether starts three server processes at once on a
// database with no schema: they race to migrate (the advisory lock makes
// them take turns) and then write and mark the same briefs; none fails and
// every note each acknowledged is there once.
func TestServersStartTogether(t *testing.T) {
	t.Parallel()
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
			ids, errs := storetest.ReadAcks(out)
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
