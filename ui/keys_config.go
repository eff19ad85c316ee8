package ui

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
)

// KeyBinding is one rebinding from the config file: on Screen ("all" for
// every screen), the action Action (a KeyMap field in snake case, such as
// next_section) takes Keys, or nothing when Disabled.
type KeyBinding struct {
	Screen   string
	Action   string
	Keys     []string
	Disabled bool
}

// KeyProblem is a rebinding that was refused: Index is its place in the
// list given to Configure, Msg says why in one line.
type KeyProblem struct {
	Index int
	Msg   string
}

// AllScreens is the screen name of a rebinding that applies on every screen
// (unless a rebinding for that screen says otherwise).
const AllScreens = "all"

// ScreenNames are the names the config file gives the screens, in the order
// the documentation lists them.
var ScreenNames = []string{
	"library", "reader", "toc", "warnings", "help",
	"select", "editor", "confirm", "notes", "review", "review_filter",
	"query", "find", "digest_prompt", "digest",
	"rooms", "who", "questions", "ask", "handover", "offer",
}

var screenByName = map[string]Screen{
	"library": ScreenLibrary, "reader": ScreenReader, "toc": ScreenTOC,
	"warnings": ScreenWarnings, "help": ScreenHelp,
	"select": ScreenSelect, "editor": ScreenEditor, "confirm": ScreenConfirm,
	"notes": ScreenNotes, "review": ScreenReview, "review_filter": ScreenReviewFilter,
	"query": ScreenQuery, "find": ScreenFind, "digest_prompt": ScreenDigestPrompt,
	"digest": ScreenDigest,
	"rooms":  ScreenRooms, "who": ScreenWho, "questions": ScreenQuestions,
	"ask": ScreenAsk, "handover": ScreenHandover, "offer": ScreenOffer,
}

// action is one key.Binding field of KeyMap, found by reflection so that a
// binding added to the KeyMap can be rebound without a list to keep up.
type action struct {
	name  string
	index []int
}

var actions = sync.OnceValue(func() []action {
	var out []action
	bindingType := reflect.TypeFor[key.Binding]()
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			idx := append(slices.Clone(prefix), i)
			switch {
			case f.Type == bindingType && f.IsExported():
				out = append(out, action{name: snakeCase(f.Name), index: idx})
			case f.Anonymous && f.Type.Kind() == reflect.Struct:
				walk(f.Type, idx)
			}
		}
	}
	walk(reflect.TypeFor[KeyMap](), nil)
	return out
})

// ActionNames are the names of every rebindable action, in KeyMap order.
func ActionNames() []string {
	a := actions()
	names := make([]string, len(a))
	for i, x := range a {
		names[i] = x.name
	}
	return names
}

// snakeCase turns a field name into the config's spelling: NextSection is
// next_section, TOC is toc, HalfPageUp is half_page_up.
func snakeCase(s string) string {
	r := []rune(s)
	var b strings.Builder
	for i, c := range r {
		if unicode.IsUpper(c) && i > 0 {
			prevLower := unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1])
			nextLower := i+1 < len(r) && unicode.IsLower(r[i+1])
			if prevLower || (unicode.IsUpper(r[i-1]) && nextLower) {
				b.WriteByte('_')
			}
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

func (k *KeyMap) binding(a action) *key.Binding {
	return reflect.ValueOf(k).Elem().FieldByIndex(a.index).Addr().Interface().(*key.Binding)
}

// keyConfig is the rebindings a KeyMap applies each time its screen is set.
// It is built once by Configure and only read afterwards, so the copies of
// a KeyMap that components keep can share it.
type keyConfig struct {
	defaults map[string]key.Binding        // by action: the binding before any rebinding
	screens  map[Screen]map[string]rebound // by screen, then action
}

type rebound struct {
	keys     []string
	disabled bool
}

// namedKeys are the key names Bubble Tea reports besides single characters.
var namedKeys = map[string]bool{
	"enter": true, "esc": true, "tab": true, "space": true, "backspace": true,
	"delete": true, "insert": true, "up": true, "down": true, "left": true,
	"right": true, "home": true, "end": true, "pgup": true, "pgdown": true,
	"f1": true, "f2": true, "f3": true, "f4": true, "f5": true, "f6": true,
	"f7": true, "f8": true, "f9": true, "f10": true, "f11": true, "f12": true,
}

// ValidKey reports whether s is a key as Bubble Tea names it: one printable
// character, a named key (enter, esc, tab, space, pgup…), either one with
// ctrl+, alt+ or shift+ before it.
func ValidKey(s string) bool {
	for _, mod := range []string{"ctrl+", "alt+", "shift+"} {
		if rest, ok := strings.CutPrefix(s, mod); ok && rest != "" {
			return ValidKey(rest)
		}
	}
	if namedKeys[s] {
		return true
	}
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && r != utf8.RuneError && unicode.IsPrint(r) && r != ' '
}

// Configure applies rebindings to k and returns those it refused: an
// unknown screen, action or key, force_quit disabled (it is the way out of
// everything), or a key that another action already has on the same screen.
// A rebinding for one screen wins over one for all screens; a rebinding for
// all screens that conflicts on one screen is refused there only. A refused
// rebinding leaves the action as it was; the others apply. The help and the
// footer are drawn from k, so they show the keys as configured.
func (k *KeyMap) Configure(bs []KeyBinding) []KeyProblem {
	var problems []KeyProblem
	byName := map[string]action{}
	for _, a := range actions() {
		byName[a.name] = a
	}
	cfg := &keyConfig{defaults: map[string]key.Binding{}, screens: map[Screen]map[string]rebound{}}
	owner := map[rebindKey]int{} // which rebinding sets an action on a screen
	var all []int
	for i, b := range bs {
		a, ok := byName[b.Action]
		switch {
		case b.Screen != AllScreens && !knownScreen(b.Screen):
			problems = append(problems, KeyProblem{i, fmt.Sprintf("unknown screen %q (want all or one of %s)", b.Screen, strings.Join(ScreenNames, ", "))})
			continue
		case !ok:
			problems = append(problems, KeyProblem{i, fmt.Sprintf("unknown action %q on screen %s", b.Action, b.Screen)})
			continue
		case b.Disabled && b.Action == "force_quit":
			problems = append(problems, KeyProblem{i, "force_quit cannot be disabled: it is the way out of every screen"})
			continue
		case !b.Disabled && len(b.Keys) == 0:
			problems = append(problems, KeyProblem{i, fmt.Sprintf("%s: no keys (write \"<disabled>\" to turn it off)", b.Action)})
			continue
		}
		if bad := firstInvalidKey(b.Keys); bad != "" {
			problems = append(problems, KeyProblem{i, fmt.Sprintf("%s: unknown key %q", b.Action, bad)})
			continue
		}
		if _, ok := cfg.defaults[a.name]; !ok {
			cfg.defaults[a.name] = *k.binding(a)
		}
		if b.Screen == AllScreens {
			all = append(all, i)
			continue
		}
		cfg.set(b.Screen, a.name, b)
		owner[rebindKey{b.Screen, a.name}] = i
	}
	for _, i := range all {
		b := bs[i]
		for _, name := range ScreenNames {
			if _, ok := owner[rebindKey{name, b.Action}]; ok && bs[owner[rebindKey{name, b.Action}]].Screen != AllScreens {
				continue
			}
			cfg.set(name, b.Action, b)
			owner[rebindKey{name, b.Action}] = i
		}
	}
	// Refuse conflicts one at a time, the latest rebinding first, until
	// no screen has two actions on one key.
	for {
		i, screen, action, msg := cfg.firstConflict(*k, owner)
		if i < 0 {
			break
		}
		problems = append(problems, KeyProblem{i, msg})
		delete(cfg.screens[screenByName[screen]], action)
		delete(owner, rebindKey{screen, action})
	}
	slices.SortStableFunc(problems, func(a, b KeyProblem) int { return a.Index - b.Index })
	if len(owner) > 0 {
		k.custom = cfg
		k.SetScreen(ScreenLibrary)
	}
	return problems
}

func (c *keyConfig) set(screen, action string, b KeyBinding) {
	s := screenByName[screen]
	if c.screens[s] == nil {
		c.screens[s] = map[string]rebound{}
	}
	c.screens[s][action] = rebound{keys: slices.Clone(b.Keys), disabled: b.Disabled}
}

type rebindKey struct{ screen, action string }

func knownScreen(name string) bool {
	_, ok := screenByName[name]
	return ok
}

func firstInvalidKey(keys []string) string {
	for _, s := range keys {
		if !ValidKey(s) {
			return s
		}
	}
	return ""
}

// firstConflict finds, on some screen, a key two enabled actions share
// where at least one of them was rebound, and returns the rebinding to
// refuse there (the later one in the file), its screen and action, and why;
// -1 when there is none.
func (c *keyConfig) firstConflict(base KeyMap, owner map[rebindKey]int) (int, string, string, string) {
	base.custom = c
	base.RoomKeys.on = true // a server's sessions see every key
	for _, name := range ScreenNames {
		k := base
		k.SetScreen(screenByName[name])
		taken := map[string]string{} // key -> action
		for _, a := range actions() {
			b := k.binding(a)
			if !b.Enabled() {
				continue
			}
			for _, kk := range b.Keys() {
				other, ok := taken[kk]
				if !ok {
					taken[kk] = a.name
					continue
				}
				i, j := ownerOf(owner, name, other), ownerOf(owner, name, a.name)
				if i < 0 && j < 0 {
					continue // two defaults that the screen tells apart itself
				}
				refused, loser, kept := j, a.name, other
				if i > j {
					refused, loser, kept = i, other, a.name
				}
				return refused, name, loser, fmt.Sprintf("%s: %q is already %s's key on the %s screen; %s keeps its keys there", loser, kk, kept, name, loser)
			}
		}
	}
	return -1, "", "", ""
}

// ownerOf is the index of the rebinding that sets action on screen, -1 for
// the default.
func ownerOf(owner map[rebindKey]int, screen, action string) int {
	if i, ok := owner[rebindKey{screen, action}]; ok {
		return i
	}
	return -1
}

// applyCustom sets each rebound action to its keys on screen s (or back to
// its default where it is rebound only elsewhere). SetScreen calls it last.
func (k *KeyMap) applyCustom(s Screen) {
	c := k.custom
	if c == nil {
		return
	}
	here := c.screens[s]
	for _, a := range actions() {
		def, ok := c.defaults[a.name]
		if !ok {
			continue
		}
		b := k.binding(a)
		r, ok := here[a.name]
		if !ok {
			b.SetKeys(def.Keys()...)
			b.SetHelp(def.Help().Key, def.Help().Desc)
			continue
		}
		if r.disabled {
			b.SetEnabled(false)
			continue
		}
		b.SetKeys(r.keys...)
		b.SetHelp(strings.Join(r.keys, "/"), def.Help().Desc)
	}
}
