package model

import (
	"image/color"
	"reflect"
	"testing"
	"unsafe"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/ui"
)

// maxModelSize bounds unsafe.Sizeof(Model{}). Bubble Tea copies the root
// model, components included, on every message; an SSH server runs one per
// session (500 sessions at once is the target). The model was 244 KB when each
// component held its own copy of ui.Styles and ui.KeyMap, and 500 sessions
// then spent their time in memmove and GC. Today it is ~3.3 KB (the reader's
// bubbles viewport, 2.6 KB, became a 24-byte scroller); something big held
// by value (a Styles, a KeyMap, a textarea, a viewport) pushes it past this
// bound. Put it behind a pointer or create it when first used rather than
// raising it.
const maxModelSize = 8 << 10

func TestModelStaysSmall(t *testing.T) {
	t.Parallel()
	if n := unsafe.Sizeof(Model{}); n > maxModelSize {
		t.Fatalf("unsafe.Sizeof(Model{}) = %d bytes, over the %d-byte bound: see maxModelSize", n, maxModelSize)
	}
}

// stylesPointers collects every *ui.Styles held in v's fields, following
// struct and array fields (not pointers: the components are values).
func stylesPointers(v reflect.Value, path string, out map[string]uintptr) {
	stylesType := reflect.TypeFor[*ui.Styles]()
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Field(i)
			p := path + "." + v.Type().Field(i).Name
			if f.Type() == stylesType {
				out[p] = f.Pointer()
				continue
			}
			stylesPointers(f, p, out)
		}
	case reflect.Array:
		for i := range v.Len() {
			stylesPointers(v.Index(i), path, out)
		}
	}
}

// TestBackgroundRestylesEveryComponent checks that a new background reaches
// every component: components share the session's *ui.Styles, and one left
// with the old pointer would keep drawing in the old theme.
func TestBackgroundRestylesEveryComponent(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{Library: fxLibrary(3)}, 80, 24)
	before := map[string]uintptr{}
	stylesPointers(reflect.ValueOf(h.m), "Model", before)
	if len(before) < 10 { // the root and a dozen components
		t.Fatalf("found only %d *ui.Styles fields: %v", len(before), before)
	}
	h.send(tea.BackgroundColorMsg{Color: color.White})
	if h.m.Theme() != "light" {
		t.Fatalf("theme %q after a light background", h.m.Theme())
	}
	after := map[string]uintptr{}
	stylesPointers(reflect.ValueOf(h.m), "Model", after)
	want := after["Model.styles"]
	if want == before["Model.styles"] {
		t.Fatal("the root kept its styles")
	}
	for p, got := range after {
		if got != want {
			t.Errorf("%s still has the old styles", p)
		}
	}
}
