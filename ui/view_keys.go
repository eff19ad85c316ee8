package ui

import "charm.land/bubbles/v2/key"

// ViewKeys are the bindings of the saved views (the config file's views:).
// They are part of KeyMap (embedded), the single source of bindings.
type ViewKeys struct {
	View key.Binding // the next saved view, then none again (library)
}

// DefaultViewKeys returns the default view bindings. V is free on the
// library screen; v (select paragraphs) is the reader's.
func DefaultViewKeys() ViewKeys {
	return ViewKeys{
		View: key.NewBinding(key.WithKeys("V"), key.WithHelp("V", "saved view")),
	}
}

// setViewScreen enables the view bindings that apply on screen s.
func (k *KeyMap) setViewScreen(s Screen) {
	k.View.SetEnabled(s == ScreenLibrary)
}
