package ui

import "charm.land/bubbles/v2/key"

// TriageKeys are the bindings for going through a morning's briefs: the
// next unread one, all of the list read at once, a denser list, and a
// reload for a session that does not follow its files. They are part of
// KeyMap (embedded), the single source of bindings.
type TriageKeys struct {
	NextUnread    key.Binding // open the next unread brief (library and reader)
	MarkShownRead key.Binding // mark every listed brief read (library)
	Compact       key.Binding // one line per brief, or three (library)
	Reload        key.Binding // read the files again (library)
}

// DefaultTriageKeys returns the default triage bindings.
func DefaultTriageKeys() TriageKeys {
	return TriageKeys{
		NextUnread:    key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "next unread")),
		MarkShownRead: key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "mark shown read")),
		Compact:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "compact list")),
		Reload:        key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "reload files")),
	}
}

// setTriageScreen enables the triage bindings that apply on screen s.
// Reload also depends on the session (a served library is reloaded by its
// server): the root disables it there.
func (k *KeyMap) setTriageScreen(s Screen) {
	lib, rd := s == ScreenLibrary, s == ScreenReader
	t := &k.TriageKeys
	t.NextUnread.SetEnabled(lib || rd)
	t.MarkShownRead.SetEnabled(lib)
	t.Compact.SetEnabled(lib)
	t.Reload.SetEnabled(lib)
}

// triageShortHelp are the triage bindings of the footer.
func (k KeyMap) triageShortHelp() []key.Binding {
	return []key.Binding{k.NextUnread}
}

// triageFullHelp is the triage column of the help overlay.
func (k KeyMap) triageFullHelp() []key.Binding {
	t := k.TriageKeys
	return []key.Binding{t.NextUnread, t.MarkShownRead, t.Compact, t.Reload}
}
