package serve

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"
)

// A write the other side never takes calls stalled once; cutting the
// connection (here, closing the pipe) ends that write, and later writes
// fail at once. Writes the other side takes never stall.
func TestOutputStalls(t *testing.T) {
	pr, pw := io.Pipe()
	stalled := make(chan struct{})
	o := newOutput(pw, 20*time.Millisecond, func() {
		close(stalled) // a second call would panic
		_ = pw.CloseWithError(errors.New("connection cut"))
	})
	// The reader takes the first write only.
	got := make(chan []byte)
	go func() {
		b := make([]byte, 64)
		n, _ := pr.Read(b)
		got <- b[:n]
	}()
	if _, err := o.Write([]byte("first frame")); err != nil {
		t.Fatal(err)
	}
	if b := <-got; string(b) != "first frame" {
		t.Fatalf("read %q", b)
	}
	done := make(chan error)
	go func() {
		_, err := o.Write(bytes.Repeat([]byte("x"), 3*outputPiece))
		done <- err
	}()
	<-stalled
	if err := <-done; err == nil {
		t.Fatal("the stalled write succeeded")
	}
	if _, err := o.Write([]byte("after")); !errors.Is(err, errStalled) {
		t.Fatalf("write after a stall: %v, want errStalled", err)
	}
}

// Big writes go out whole, in pieces, to a reader that keeps reading.
func TestOutputWritesWhole(t *testing.T) {
	t.Parallel()
	pr, pw := io.Pipe()
	o := newOutput(pw, time.Minute, func() { t.Error("stalled") })
	want := bytes.Repeat([]byte("0123456789"), outputPiece)
	read := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(pr)
		read <- b
	}()
	if n, err := o.Write(want); err != nil || n != len(want) {
		t.Fatalf("wrote %d of %d: %v", n, len(want), err)
	}
	_ = pw.Close()
	if got := <-read; !bytes.Equal(got, want) {
		t.Fatalf("read %d bytes, want %d", len(got), len(want))
	}
}
