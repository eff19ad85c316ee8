package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"github.com/charmbracelet/x/ansi"
)

// PlaceOverlay centres box in an area of w x h cells and returns exactly h
// lines, each at most w wide: a box larger than the area is cut, never spilled.
func PlaceOverlay(box string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	boxLines := strings.Split(box, "\n")
	if len(boxLines) > h {
		boxLines = boxLines[:h]
	}
	bw := 0
	for i, l := range boxLines {
		if ansi.StringWidth(l) > w {
			boxLines[i] = ansi.Truncate(l, w, "")
		}
		bw = max(bw, ansi.StringWidth(boxLines[i]))
	}
	top := (h - len(boxLines)) / 2
	pad := strings.Repeat(" ", max(0, (w-bw)/2))
	out := make([]string, h)
	for i, l := range boxLines {
		out[top+i] = pad + l
	}
	return strings.Join(out, "\n")
}

// ShortHelpView is the one-line help of the footer, cut to width w.
func ShortHelpView(s *Styles, k KeyMap, w int) string {
	bs := k.ShortHelp()
	// The line depends only on the styles, the width and the enabled
	// bindings' help texts: the same for every session of a server on the
	// same screen, so it is drawn once for all of them.
	var sig strings.Builder
	for _, b := range bs {
		if b.Enabled() {
			h := b.Help()
			sig.WriteString(h.Key)
			sig.WriteByte(0)
			sig.WriteString(h.Desc)
			sig.WriteByte(1)
		}
	}
	key := shortHelpKey{s, w, sig.String()}
	if v, ok := shortHelps.get(key); ok {
		return v
	}
	hm := help.New()
	hm.Styles = s.Help
	hm.SetWidth(w)
	v := ansi.Truncate(hm.ShortHelpView(bs), w, "")
	shortHelps.put(key, v)
	return v
}

// shortHelps holds the short help lines drawn, for the whole process: a few
// per screen, width and theme.
var shortHelps = newMemo[shortHelpKey, string](1024)

type shortHelpKey struct {
	s   *Styles
	w   int
	sig string // the enabled bindings' keys and descriptions
}

// StatusBar draws left and right texts on one line of width w; the left text
// is cut first when both do not fit.
func StatusBar(s *Styles, left, right string, w int) string {
	if w <= 0 {
		return ""
	}
	rw := ansi.StringWidth(right)
	if rw > w {
		right, rw = ansi.Truncate(right, w, s.Glyphs.Ellipsis), min(rw, w)
	}
	room := w - rw
	if right != "" {
		room--
	}
	left = ansi.Truncate(left, max(0, room), s.Glyphs.Ellipsis)
	gap := max(0, w-ansi.StringWidth(left)-rw)
	return left + strings.Repeat(" ", gap) + right
}

// clip returns s as exactly h lines; with measure, each is cut to at most w
// cells too. Components lay themselves out to fit; measuring keeps the
// promise on terminals narrower than a layout allows.
func clip(s string, w, h int, measure bool) string {
	if !measure && strings.Count(s, "\n") == h-1 {
		return s // already h lines: the common case, without a copy
	}
	lines := strings.SplitN(s, "\n", h+1)
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	if measure {
		for i, l := range lines {
			lines[i] = fit(l, w)
		}
	}
	return strings.Join(lines, "\n")
}

// truncate cuts plain or styled text to w cells with a tail.
func truncate(s string, w int, tail string) string { return ansi.Truncate(s, max(0, w), tail) }

// Indent moves every line of s right by x columns.
func Indent(s string, x int) string {
	if x <= 0 {
		return s
	}
	pad := strings.Repeat(" ", x)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// PlaceRight draws box over base from column x to the right edge, line by
// line from the top: base keeps its first x columns (padded to x) and its
// number of lines.
func PlaceRight(base, box string, x int) string {
	lines := strings.Split(base, "\n")
	for i, bl := range strings.Split(box, "\n") {
		if i < len(lines) {
			lines[i] = padTo(ansi.Truncate(lines[i], x, ""), x) + bl
		}
	}
	return strings.Join(lines, "\n")
}

// PlaceBottom draws box, x columns in, over the last lines of the first h
// lines of base (its whole height, when base is h lines); base keeps its
// number of lines.
func PlaceBottom(base, box string, x, h int) string {
	lines := strings.Split(base, "\n")
	bl := strings.Split(box, "\n")
	start := max(0, h-len(bl))
	pad := strings.Repeat(" ", max(0, x))
	for i, l := range bl {
		if start+i < len(lines) {
			lines[start+i] = pad + l
		}
	}
	return strings.Join(lines, "\n")
}

// ReplaceLastLine puts line in place of the last line of s.
func ReplaceLastLine(s, line string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[:i+1] + line
	}
	return line
}

// padTo pads a styled line with spaces to w cells.
func padTo(l string, w int) string {
	if d := w - ansi.StringWidth(l); d > 0 {
		return l + strings.Repeat(" ", d)
	}
	return l
}
