package ui

import "charm.land/bubbles/v2/key"

// SortKeys are the bindings that change the library's order. They are part
// of KeyMap (embedded), the single source of bindings.
type SortKeys struct {
	Sort key.Binding // the next order: newest, source, folder, unread (library)
}

// DefaultSortKeys returns the default sort bindings. S is free on every
// screen; s (star) stays with the brief.
func DefaultSortKeys() SortKeys {
	return SortKeys{
		Sort: key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "sort order")),
	}
}

// setSortScreen enables the sort bindings that apply on screen s.
func (k *KeyMap) setSortScreen(s Screen) {
	k.Sort.SetEnabled(s == ScreenLibrary)
}
