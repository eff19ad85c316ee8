package briefs

import (
	"path/filepath"
	"syscall"
	"testing"
)

// A FIFO where a brief was (a race with the walk, or Full after a change)
// is refused at once: opening it for reading must not wait for a writer.
func TestReadOSFileRefusesFIFO(t *testing.T) {
	name := filepath.Join(t.TempDir(), "pipe.md")
	if err := syscall.Mkfifo(name, 0o600); err != nil {
		t.Skip("no FIFO:", err)
	}
	_, _, err := readFile(job{path: name}, DefaultMaxSize, nil)
	if err == nil || describeErr(err) != "not a regular file" {
		t.Errorf("read a FIFO: %v", err)
	}
}
