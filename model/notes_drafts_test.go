package model

import (
	"context"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/notes"
)

// Two windows on one brief (two sessions of one owner over one store) each
// keep their own draft: the later autosave does not replace the earlier
// window's text. After both crash, a new window offers the newest and keeps
// the other, which the next window offers in turn.
func TestDraftsPerWindow(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	lib := fxLibrary(1)
	id := lib.Briefs()[0].ID
	opts := Options{Library: lib, Theme: "notty", Store: store, Owner: "tester"}
	w1 := newHarness(t, opts, 80, 24)
	w2 := newHarness(t, opts, 80, 24)
	w1.key("enter", "a")
	w2.key("enter", "a")
	if _, text := w2.m.EditorOpen(); text != "" {
		t.Fatalf("the second window opened on %q, the first window's text", text)
	}
	w1.paste("from the first window")
	w1.advance(draftDebounce)
	w2.paste("from the second window")
	w2.advance(draftDebounce)

	ds := draftsOn(t, store, id)
	if len(ds) != 2 || ds[0].Note.Body != "from the second window" || ds[1].Note.Body != "from the first window" {
		t.Fatalf("drafts after both windows autosaved: %+v; want each window's, newest first", ds)
	}
	// Both windows still hold their own text.
	if _, text := w1.m.EditorOpen(); text != "from the first window" {
		t.Errorf("first window's editor: %q", text)
	}

	// Both "crash". The next window offers the newest draft.
	w3 := newHarness(t, opts, 80, 24)
	w3.key("enter", "a")
	if open, text := w3.m.EditorOpen(); !open || text != "from the second window" {
		t.Fatalf("restored %q (open %v); want the newest draft", text, open)
	}
	if !strings.Contains(w3.screen(), "draft restored") || !strings.Contains(w3.screen(), "1 more draft kept") {
		t.Errorf("the restore is not said:\n%s", w3.screen())
	}
	w3.key("ctrl+s")
	if list := allNotes(t, store); len(list) != 1 || list[0].Body != "from the second window" {
		t.Fatalf("notes after saving the restored draft: %+v", list)
	}
	if ds := draftsOn(t, store, id); len(ds) != 1 || ds[0].Note.Body != "from the first window" {
		t.Fatalf("drafts after saving one: %+v; want the other kept", ds)
	}

	w4 := newHarness(t, opts, 80, 24)
	w4.key("enter", "a")
	if _, text := w4.m.EditorOpen(); text != "from the first window" {
		t.Fatalf("the next window restored %q; want the draft that was kept", text)
	}
	// Once its own copy is saved, the draft it took over is not kept
	// beside it: the next window would be offered the text twice.
	w4.paste(", and the fourth")
	w4.advance(draftDebounce)
	if ds := draftsOn(t, store, id); len(ds) != 1 || ds[0].Note.Body != "from the first window, and the fourth" {
		t.Fatalf("drafts after the taking window autosaved: %+v; want its copy alone", ds)
	}
	w4.key("ctrl+s")
	if list := allNotes(t, store); len(list) != 2 {
		t.Fatalf("notes: %+v; want both windows' text saved once each", list)
	}
	if ds := draftsOn(t, store, id); len(ds) != 0 {
		t.Fatalf("drafts left: %+v", ds)
	}
}

// A draft another window is still writing is not removed by a window that
// took over an older copy of it and saved that: the newer text stays.
func TestTakenOverDraftWrittenSinceIsKept(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	lib := fxLibrary(1)
	id := lib.Briefs()[0].ID
	opts := Options{Library: lib, Theme: "notty", Store: store, Owner: "tester"}
	w1 := newHarness(t, opts, 80, 24)
	w1.key("enter", "a")
	w1.paste("first words")
	w1.advance(draftDebounce)

	w2 := newHarness(t, opts, 80, 24)
	w2.key("enter", "a") // offered w1's draft, as it stood
	w1.paste(", then more")
	w1.advance(draftDebounce)
	w2.key("ctrl+s")
	if list := allNotes(t, store); len(list) != 1 || list[0].Body != "first words" {
		t.Fatalf("notes: %+v", list)
	}
	if ds := draftsOn(t, store, id); len(ds) != 1 || ds[0].Note.Body != "first words, then more" {
		t.Fatalf("drafts: %+v; want the first window's newer text kept", ds)
	}
}

// A second save pressed while the first is stuck (its command has not run:
// the store is busy) adds one note, not two: the note's ID is chosen when
// the editor opens and every attempt gives it.
func TestSecondSaveWhileFirstStuck(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	lib := fxLibrary(1)
	h := newHarness(t, Options{Library: lib, Theme: "notty", Store: store, Owner: "tester"}, 80, 24)
	h.key("enter", "a")
	h.paste("saved once")
	next, stuck := h.m.Update(keyMsg("ctrl+s"))
	h.m = next.(Model)
	if stuck == nil {
		t.Fatal("ctrl+s gave no command")
	}
	h.key("ctrl+s") // pressed again; this attempt goes through
	if open, _ := h.m.EditorOpen(); open {
		t.Fatal("the editor is still open after a save that went through")
	}
	h.run(stuck) // the first attempt ends at last
	list := allNotes(t, store)
	if len(list) != 1 || list[0].Body != "saved once" {
		t.Fatalf("notes after two saves of one note: %+v; want one", list)
	}
	if ds := draftsOn(t, store, lib.Briefs()[0].ID); len(ds) != 0 {
		t.Fatalf("drafts left: %+v", ds)
	}
	// The next note is a new one, with an ID of its own.
	h.key("a")
	h.paste("another")
	h.key("ctrl+s")
	if list := allNotes(t, store); len(list) != 2 {
		t.Fatalf("notes after a second note: %d, want 2", len(list))
	}
}

// A draft whose note was saved (the process ended between the save and
// the draft's deletion) is not offered, and is deleted when the brief
// opens, so it does not stay in the database for ever.
func TestSavedDraftDropped(t *testing.T) {
	t.Parallel()
	store := openStore(t, t.TempDir())
	lib := fxLibrary(1)
	id := lib.Briefs()[0].ID
	ctx := context.Background()
	n, err := store.AddNote(ctx, notes.Note{ID: notes.NewID(), Owner: "tester", BriefID: id, Body: "went through"})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.SaveDraft(ctx, notes.Draft{Note: n, Session: "ended"}); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Library: lib, Theme: "notty", Store: store, Owner: "tester"}, 80, 24)
	h.key("enter")
	if ds := draftsOn(t, store, id); len(ds) != 0 {
		t.Fatalf("drafts after opening the brief: %+v; want the saved one deleted", ds)
	}
	h.key("a")
	if _, text := h.m.EditorOpen(); text != "" {
		t.Fatalf("the editor opened on %q, a note already saved", text)
	}
}
