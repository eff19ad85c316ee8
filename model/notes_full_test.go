package model

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/sqlite"
)

// On a full disk (a real SQLITE_FULL: the database is capped at its page
// count, as a full disk stops it growing) the brief's notes still load and
// show, a save fails saying "disk full" in plain words, and the editor
// keeps the text and retries.
func TestDiskFullReadsAndKeepsText(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "briefing.db")
	s, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	store := openStore(t, dir, sqlite.WithMaxPageCount(40))
	lib := fxLibrary(1)
	id := lib.Briefs()[0].ID
	big := strings.Repeat("a long note body ", 200)
	saved := 0
	for i := 0; ; i++ {
		_, err := store.AddNote(context.Background(), notes.Note{Owner: "tester", BriefID: id, Body: big + strconv.Itoa(i)})
		if errors.Is(err, notes.ErrDiskFull) {
			break
		}
		if err != nil || i > 500 {
			t.Fatalf("filling the database: %v after %d notes", err, i)
		}
		saved++
	}

	h := newHarness(t, Options{Library: lib, Theme: "notty", Store: store, Owner: "tester"}, 100, 30)
	h.key("enter")
	if got := len(h.m.BriefNotes()); got != saved {
		t.Fatalf("on a full disk the brief shows %d notes, want the %d stored", got, saved)
	}
	h.key("a")
	text := "typed on a full disk " + big
	h.paste(text)
	h.key("ctrl+s")
	open, kept := h.m.EditorOpen()
	if !open || kept != text {
		t.Fatalf("after the failed save: editor open %v, text kept %v", open, kept == text)
	}
	screen := h.screen()
	if !strings.Contains(screen, "disk full") || !strings.Contains(screen, "your text is kept") {
		t.Fatalf("the failure does not say disk full:\n%s", screen)
	}
	if list := allNotes(t, store); len(list) != saved {
		t.Fatalf("%d notes after the failed save, want %d", len(list), saved)
	}
}

// A file write that finds the disk full (an export) says so in the same
// words: /dev/full fails every write with ENOSPC.
func TestErrorReasonNoSpace(t *testing.T) {
	t.Parallel()
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full here:", err)
	}
	defer f.Close()
	_, err = f.Write([]byte("an export"))
	if err == nil {
		t.Fatal("a write to /dev/full succeeded")
	}
	if got := errorReason(err); got != "disk full" {
		t.Errorf("errorReason(%v) = %q, want %q", err, got, "disk full")
	}
}

// A database the opener could only open read-only because the disk is
// full (no room to upgrade it) still shows its notes, and the session says
// why it cannot write in plain words.
func TestOpenedReadOnlyOnFullDisk(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	lib := fxLibrary(1)
	id := lib.Briefs()[0].ID
	rw := openStore(t, dir)
	if _, err := rw.AddNote(context.Background(), notes.Note{Owner: "tester", BriefID: id, Body: "written before the disk filled"}); err != nil {
		t.Fatal(err)
	}
	rw.Close()
	open := func() (notes.Opened, error) {
		ro, err := sqlite.Open(filepath.Join(dir, "briefing.db"), sqlite.WithReadOnly())
		full := fmt.Errorf("notes: migrate schema: %w", notes.ErrDiskFull)
		return notes.Opened{Store: ro, ReadOnly: true, ReadOnlyWhy: full}, err
	}
	h := newHarness(t, Options{Library: lib, Theme: "notty", OpenStore: open, Owner: "tester"}, 100, 30)
	if got := h.m.NotesStatus(); got != "notes are read-only: disk full" {
		t.Errorf("NotesStatus = %q", got)
	}
	h.key("enter")
	if list := h.m.BriefNotes(); len(list) != 1 || list[0].Body != "written before the disk filled" {
		t.Fatalf("notes on the brief: %+v", list)
	}
	h.key("a")
	if !strings.Contains(h.screen(), "notes are read-only: disk full") {
		t.Fatalf("a note on a full disk is not explained:\n%s", h.screen())
	}
	h.m.Close()
}
