package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// listMove is pos after a moving key of km, in a list whose positions run
// from 0 to last and which shows page of them at a time: Down and Up move
// one, PageDown and PageUp a page, HalfPageDown and HalfPageUp half of
// one (at least one position), Top and Bottom to the ends. ok is false
// when msg is none of these (a binding km's screen disables never matches),
// and pos then comes back as it was. The library, the table of contents,
// the help and warning overlays, the notes panel and the review screen all
// move this way; the reader and the digest scroll lines instead.
func listMove(km *KeyMap, msg tea.KeyPressMsg, pos, page, last int) (next int, ok bool) {
	switch {
	case key.Matches(msg, km.Down):
		pos++
	case key.Matches(msg, km.Up):
		pos--
	case key.Matches(msg, km.PageDown):
		pos += page
	case key.Matches(msg, km.PageUp):
		pos -= page
	case key.Matches(msg, km.HalfPageDown):
		pos += max(1, page/2)
	case key.Matches(msg, km.HalfPageUp):
		pos -= max(1, page/2)
	case key.Matches(msg, km.Top):
		pos = 0
	case key.Matches(msg, km.Bottom):
		pos = last
	default:
		return pos, false
	}
	return max(0, min(pos, last)), true
}
