package ui

import "charm.land/bubbles/v2/key"

// LinkKeys are the bindings that take the reader out of the brief: open or
// follow a link, come back from one, copy the selection, edit the file.
// They are part of KeyMap (embedded), the single source of bindings.
type LinkKeys struct {
	OpenLink key.Binding // open the selection's link, or follow it to a brief (reader, select)
	LinkBack key.Binding // back to the brief a followed link left (reader, select)
	Copy     key.Binding // copy the selection as markdown (select)
	Edit     key.Binding // edit the open brief's file (reader, select)
}

// DefaultLinkKeys returns the default link, copy and edit bindings.
func DefaultLinkKeys() LinkKeys {
	return LinkKeys{
		OpenLink: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open link")),
		LinkBack: key.NewBinding(key.WithKeys("backspace"), key.WithHelp("backspace", "back from link")),
		Copy:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy")),
		Edit:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit file")),
	}
}

// setLinkScreen enables the link bindings that apply on screen s. Edit
// also depends on the session (served, sample briefs): the root says why
// it does nothing there rather than hiding it.
func (k *KeyMap) setLinkScreen(s Screen) {
	rd, sel := s == ScreenReader, s == ScreenSelect
	l := &k.LinkKeys
	l.OpenLink.SetEnabled(rd || sel)
	l.LinkBack.SetEnabled(rd || sel)
	l.Copy.SetEnabled(sel)
	l.Edit.SetEnabled(rd || sel)
}

// linkFullHelp is the link column of the help overlay.
func (k KeyMap) linkFullHelp() []key.Binding {
	l := k.LinkKeys
	return []key.Binding{l.OpenLink, l.LinkBack, l.Copy, l.Edit}
}
