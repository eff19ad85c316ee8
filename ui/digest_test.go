package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
)

// whyEntries is the why-it-matters entry of each brief.
func whyEntries(bs ...*briefs.Brief) []briefs.DigestEntry {
	es := make([]briefs.DigestEntry, len(bs))
	for i, b := range bs {
		es[i] = briefs.DigestEntry{Brief: b, Section: 1}
	}
	return es
}

// fakeBodies stands in for renders of the entries at idx: ten lines each,
// naming the section's text, so that the tests control every line number.
func fakeBodies(d Digest, idx []int) map[int][]string {
	out := map[int][]string{}
	for k, e := range d.Entries(idx) {
		for j := range 10 {
			out[idx[k]] = append(out[idx[k]], fmt.Sprintf("  %s %d", sectionBody(e), j+1))
		}
	}
	return out
}

// renderAll renders every entry the digest wants, as the root would.
func renderAll(d *Digest) {
	want := d.Wanted(len(d.entries))
	d.MarkPending(want)
	d.SetBodies(d.Gen(), 40, "ascii", fakeBodies(*d, want))
}

// edited is a copy of b whose why-it-matters section says why.
func edited(b *briefs.Brief, why string) *briefs.Brief {
	nb := *b
	nb.Sections = slices.Clone(b.Sections)
	nb.Sections[1].Body = why
	return &nb
}

// Refresh keeps the reader's place and the renders of unchanged sections;
// a render made for the entries before it is dropped.
func TestDigestRefresh(t *testing.T) {
	bs := []*briefs.Brief{fixtureBrief(1), fixtureBrief(2), fixtureBrief(3), fixtureBrief(4), fixtureBrief(5)}
	d := NewDigest(NewPlainStyles(), DefaultKeyMap())
	d.SetSize(40, 12)
	d.SetRenderKey(40, "ascii")
	d.SetEntries("Why it matters", whyEntries(bs...))
	renderAll(&d)
	for _, k := range []string{"tab", "j", "j", "j", "j", "j"} {
		d, _ = d.Update(press(k))
	}
	if d.Index() != 1 || d.off != 5 {
		t.Fatalf("at entry %d line %d, want 1 line 5", d.Index(), d.off)
	}
	oldGen, oldWant := d.Gen(), []int{0, 1, 2}

	// A new brief first, the first one gone, the fourth edited.
	b4 := edited(bs[3], "Edited: delayed again.")
	d.Refresh(whyEntries(fixtureBrief(6), bs[1], bs[2], b4, bs[4]))
	if e, ok := d.Current(); !ok || e.Brief != bs[1] || d.off != 5 {
		t.Fatalf("after refresh at %v line %d, want %s line 5", e.Brief, d.off, bs[1].ID)
	}
	if got := d.Wanted(len(d.entries)); !slices.Equal(got, []int{0, 3}) {
		t.Fatalf("wanted %v: only the new and the edited entry need a render", got)
	}
	d.SetBodies(oldGen, 40, "ascii", fakeBodies(d, oldWant)) // made for the old entries
	if got := d.Wanted(len(d.entries)); !slices.Equal(got, []int{0, 3}) {
		t.Fatalf("a render of the old entries was taken: wanted %v", got)
	}
	renderAll(&d)
	d, _ = d.Update(press("tab"))
	d, _ = d.Update(press("tab"))
	if !strings.Contains(d.View(), "Edited: delayed again. 1") {
		t.Fatalf("the edited section is not shown:\n%s", d.View())
	}
	d, _ = d.Update(press("shift+tab"))
	d, _ = d.Update(press("shift+tab"))
	for range 6 {
		d, _ = d.Update(press("j"))
	}

	// The entry on screen edited: its place comes back with its render.
	b2 := edited(bs[1], "Edited: homes safe.")
	d.Refresh(whyEntries(fixtureBrief(6), b2, bs[2], b4, bs[4]))
	if d.Index() != 1 || !strings.Contains(d.View(), "Rendering") {
		t.Fatalf("entry %d, view:\n%s", d.Index(), d.View())
	}
	renderAll(&d)
	if d.off != 6 || !strings.Contains(d.View(), "Edited: homes safe. 5") || strings.Contains(d.View(), "Edited: homes safe. 4") {
		t.Fatalf("the place was not kept through the new render: line %d\n%s", d.off, d.View())
	}

	// The entry on screen deleted: the next one takes its place.
	d.Refresh(whyEntries(fixtureBrief(6), bs[2], b4, bs[4]))
	if e, ok := d.Current(); !ok || e.Brief != bs[2] || d.off != 0 {
		t.Fatalf("after deleting the current entry at %v line %d", e.Brief, d.off)
	}

	d.Refresh(nil)
	if _, ok := d.Current(); ok || d.Len() != 0 || !strings.Contains(d.View(), "No brief in the list has this section.") {
		t.Fatalf("an emptied digest:\n%s", d.View())
	}
	requireFits(t, d.View(), 40, 12)
	d, _ = d.Update(press("G"))
	d, _ = d.Update(press("j"))
	requireFits(t, d.View(), 40, 12)
}

// A failed render leaves its entries to be asked for again, not pending for
// good; a failure reported for an older list of entries changes nothing.
func TestDigestUnpending(t *testing.T) {
	d := NewDigest(NewPlainStyles(), DefaultKeyMap())
	d.SetSize(40, 12)
	d.SetRenderKey(40, "ascii")
	d.SetEntries("Why it matters", whyEntries(fixtureBrief(1), fixtureBrief(2)))
	want := d.Wanted(2)
	if len(want) == 0 {
		t.Fatal("nothing wanted")
	}
	d.MarkPending(want)
	if got := d.Wanted(2); len(got) != 0 {
		t.Fatalf("pending entries wanted again: %v", got)
	}
	d.Unpending(d.Gen()-1, want)
	if got := d.Wanted(2); len(got) != 0 {
		t.Fatalf("an old list's failure unpended entries: %v", got)
	}
	d.Unpending(d.Gen(), want)
	if got := d.Wanted(2); !slices.Equal(got, want) {
		t.Fatalf("after a failure, wanted %v, want %v", got, want)
	}
}

// A new width drops the renders but not the reader's place: the top entry
// stays, and once its new render comes the line shown first is the same
// part of it, in proportion to its new length.
func TestDigestResizeKeepsPlace(t *testing.T) {
	bs := []*briefs.Brief{fixtureBrief(1), fixtureBrief(2), fixtureBrief(3)}
	d := NewDigest(NewPlainStyles(), DefaultKeyMap())
	d.SetSize(40, 12)
	d.SetRenderKey(40, "ascii")
	d.SetEntries("Why it matters", whyEntries(bs...))
	renderAll(&d) // ten body lines an entry: 13 lines with its heading
	for _, k := range []string{"tab", "j", "j", "j", "j", "j", "j"} {
		d, _ = d.Update(press(k))
	}
	if d.Index() != 1 || d.off != 6 {
		t.Fatalf("before: entry %d line %d, want 1 and 6", d.Index(), d.off)
	}
	d.SetSize(20, 12)
	d.SetRenderKey(20, "ascii")
	if d.Index() != 1 || d.off != 0 {
		t.Fatalf("waiting for the render: entry %d line %d, want 1 and 0", d.Index(), d.off)
	}
	want := d.Wanted(len(d.entries))
	d.MarkPending(want)
	bodies := map[int][]string{}
	for _, i := range want {
		for j := range 20 { // twice as many lines at half the width: 23 with the heading
			bodies[i] = append(bodies[i], fmt.Sprintf("  line %d", j+1))
		}
	}
	d.SetBodies(d.Gen(), 20, "ascii", bodies)
	if d.Index() != 1 || d.off != 6*23/13 {
		t.Fatalf("after: entry %d line %d, want 1 and %d", d.Index(), d.off, 6*23/13)
	}
	requireFits(t, d.View(), 20, 12)
}
