package ui

import "charm.land/bubbles/v2/key"

// The screens of search. They are numbered apart from the reader's and the
// notes' screens so the lists can grow independently.
const (
	ScreenQuery        Screen = 200 + iota // typing in the library's query bar
	ScreenFind                             // typing in the reader's find bar
	ScreenDigestPrompt                     // "digest of which section?"
	ScreenDigest                           // the section digest
)

// SearchKeys are the bindings of the query bar, the find bar and the section
// digest. They are part of KeyMap (embedded), the single source of bindings.
type SearchKeys struct {
	Search      key.Binding // open the query bar (library) or the find bar (reader)
	ClearFilter key.Binding // drop the kept filter (library)
	FindNext    key.Binding
	FindPrev    key.Binding
	ClearFind   key.Binding // drop the find highlights (reader)
	Digest      key.Binding // open the section digest (library)

	Apply   key.Binding // keep what the bar says
	Cancel  key.Binding // close the bar, undoing it
	Older   key.Binding // earlier query of the session
	Newer   key.Binding // later query of the session
	DigestW key.Binding // the digest prompt's one-key answers
	DigestK key.Binding
	DigestN key.Binding

	NextEntry key.Binding // next / previous brief of the digest
	PrevEntry key.Binding
	OpenEntry key.Binding
}

// DefaultSearchKeys returns the default bindings of search and the digest.
func DefaultSearchKeys() SearchKeys {
	return SearchKeys{
		Search:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		FindNext:    key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match")),
		FindPrev:    key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "prev match")),
		ClearFind:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear search")),
		Digest:      key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "section digest")),

		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Older:  key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "earlier query")),
		Newer:  key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "later query")),
		// Typed alone in the digest prompt, then enter (the root compares
		// the prompt's text with these keys): not keys of their own, so a
		// section title starting with w, k or n can be typed.
		DigestW: key.NewBinding(key.WithKeys("w"), key.WithHelp("w+enter", "why")),
		DigestK: key.NewBinding(key.WithKeys("k"), key.WithHelp("k+enter", "know")),
		DigestN: key.NewBinding(key.WithKeys("n"), key.WithHelp("n+enter", "next")),

		NextEntry: key.NewBinding(key.WithKeys("tab", "]"), key.WithHelp("tab/]", "next brief")),
		PrevEntry: key.NewBinding(key.WithKeys("shift+tab", "["), key.WithHelp("shift+tab/[", "prev brief")),
		OpenEntry: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open brief")),
	}
}

// setSearchScreen enables the search bindings that apply on screen s, and the
// general ones (moving, closing) the digest reuses. SetScreen has disabled
// everything else first. ClearFilter and ClearFind also depend on state the
// key map does not know: the root disables them when there is nothing to clear.
func (k *KeyMap) setSearchScreen(s Screen) {
	lib, rd := s == ScreenLibrary, s == ScreenReader
	query, find := s == ScreenQuery, s == ScreenFind
	prompt, digest := s == ScreenDigestPrompt, s == ScreenDigest
	sk := &k.SearchKeys

	sk.Search.SetEnabled(lib || rd)
	sk.ClearFilter.SetEnabled(lib)
	sk.FindNext.SetEnabled(rd)
	sk.FindPrev.SetEnabled(rd)
	sk.ClearFind.SetEnabled(rd)
	sk.Digest.SetEnabled(lib)

	sk.Apply.SetEnabled(query || find || prompt)
	// Enter answers the prompt; "keep" is the bars' word. Set both ways:
	// SetScreen may run again on the same map for another screen.
	if prompt {
		sk.Apply.SetHelp("enter", "show digest")
	} else {
		sk.Apply.SetHelp("enter", "keep")
	}
	sk.Cancel.SetEnabled(query || find || prompt)
	sk.Older.SetEnabled(query || find)
	sk.Newer.SetEnabled(query || find)
	sk.DigestW.SetEnabled(prompt)
	sk.DigestK.SetEnabled(prompt)
	sk.DigestN.SetEnabled(prompt)

	sk.NextEntry.SetEnabled(digest)
	sk.PrevEntry.SetEnabled(digest)
	sk.OpenEntry.SetEnabled(digest)

	if digest {
		k.Up.SetEnabled(true)
		k.Down.SetEnabled(true)
		k.PageUp.SetEnabled(true)
		k.PageDown.SetEnabled(true)
		k.HalfPageUp.SetEnabled(true)
		k.HalfPageDown.SetEnabled(true)
		k.Top.SetEnabled(true)
		k.Bottom.SetEnabled(true)
		k.Help.SetEnabled(true)
		k.Back.SetEnabled(true)
	}
}

// searchShortHelp are the search bindings of the footer, most urgent first
// (Search itself is near the front of ShortHelp: it is how to find anything).
func (k KeyMap) searchShortHelp() []key.Binding {
	sk := k.SearchKeys
	return []key.Binding{
		sk.Apply, sk.Cancel, sk.DigestW, sk.DigestK, sk.DigestN, sk.Older,
		sk.OpenEntry, sk.NextEntry, sk.ClearFilter, sk.ClearFind, sk.FindNext, sk.FindPrev, sk.Digest,
	}
}

// searchFullHelp is the search column of the help overlay.
func (k KeyMap) searchFullHelp() []key.Binding {
	sk := k.SearchKeys
	return []key.Binding{
		sk.Search, sk.ClearFilter, sk.FindNext, sk.FindPrev, sk.ClearFind, sk.Digest,
		sk.Apply, sk.Cancel, sk.Older, sk.Newer, sk.DigestW, sk.DigestK, sk.DigestN,
		sk.NextEntry, sk.PrevEntry, sk.OpenEntry,
	}
}

// lineEditKeys edit the text of a one-line input (the query and find bars),
// as readline does. They are not in the help: every input works this way.
type lineEditKeys struct {
	Left, Right, Home, End       key.Binding
	Backspace, Delete, DeleteBOL key.Binding
	DeleteWord, WordLeft         key.Binding
	WordRight                    key.Binding
}

func defaultLineEditKeys() *lineEditKeys {
	return &lineEditKeys{
		Left:       key.NewBinding(key.WithKeys("left", "ctrl+b")),
		Right:      key.NewBinding(key.WithKeys("right", "ctrl+f")),
		Home:       key.NewBinding(key.WithKeys("home", "ctrl+a")),
		End:        key.NewBinding(key.WithKeys("end", "ctrl+e")),
		Backspace:  key.NewBinding(key.WithKeys("backspace", "ctrl+h")),
		Delete:     key.NewBinding(key.WithKeys("delete", "ctrl+d")),
		DeleteBOL:  key.NewBinding(key.WithKeys("ctrl+u")),
		DeleteWord: key.NewBinding(key.WithKeys("ctrl+w", "alt+backspace")),
		WordLeft:   key.NewBinding(key.WithKeys("alt+left", "alt+b")),
		WordRight:  key.NewBinding(key.WithKeys("alt+right", "alt+f")),
	}
}
