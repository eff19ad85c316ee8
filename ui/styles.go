package ui

import (
	"sync"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Glyphs are the few symbols the interface draws. The ascii and notty themes
// use plain ASCII so that nothing depends on the terminal's font.
type Glyphs struct {
	Cursor   string // left of the selected library row
	Ellipsis string // end of a shortened text
	More     [2]string
	Sep      string // between metadata fields
}

// Styles holds every style of the interface. A session builds its own with
// NewStyles or NewPlainStyles and rebuilds it when the background is known.
// Components hold a *Styles shared by the whole session: the struct is ~16 KB
// and Bubble Tea copies the root model on every message, so a copy per
// component made each Update move a quarter of a megabyte.
// A *Styles is never modified once built: a new background builds new
// Styles and hands the pointer to every component.
type Styles struct {
	Plain  bool // no colour at all: selection and the current tab are drawn with glyphs
	Glyphs Glyphs

	Title    lipgloss.Style // brief title in a row and in the reader header
	Selected lipgloss.Style // title of the selected row
	Cursor   lipgloss.Style
	Meta     lipgloss.Style // date, source, tags
	Dim      lipgloss.Style

	Badge     lipgloss.Style // base of the section badges
	BadgeWhy  lipgloss.Style
	BadgeKnow lipgloss.Style
	BadgeNext lipgloss.Style

	Tab       lipgloss.Style
	TabActive lipgloss.Style
	TabMore   lipgloss.Style

	Status   lipgloss.Style
	Warning  lipgloss.Style
	Error    lipgloss.Style
	Overlay  lipgloss.Style // the box around overlays
	OverHead lipgloss.Style // overlay heading
	Rule     lipgloss.Style
	// Highlight marks highlighted paragraphs in the reader, like a marker pen.
	Highlight lipgloss.Style

	Help help.Styles

	// DateLayout is how the library, the reader and the digest show a
	// brief's date, as a Go time layout; "" is 2006-01-02.
	DateLayout string
}

// WithDateLayout is a copy of s that shows dates as layout (the shared
// Styles of a theme are never modified).
func (s *Styles) WithDateLayout(layout string) *Styles {
	if layout == "" || layout == s.DateLayout {
		return s
	}
	c := *s
	c.DateLayout = layout
	return &c
}

// NewStyles returns the coloured styles for a dark or light background.
func NewStyles(isDark bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	accent := ld(lipgloss.Color("#5A3FD4"), lipgloss.Color("#9D8CFF"))
	text := ld(lipgloss.Color("#1A1A1A"), lipgloss.Color("#E8E8E8"))
	dim := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#8A8A8A"))
	faint := ld(lipgloss.Color("#C8C8C8"), lipgloss.Color("#3A3A3A"))
	warn := ld(lipgloss.Color("#A15C00"), lipgloss.Color("#F0B35A"))
	bad := ld(lipgloss.Color("#B3261E"), lipgloss.Color("#FF7A70"))
	onAccent := ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#14102A"))

	s := &Styles{
		Glyphs: Glyphs{Cursor: "▌", Ellipsis: "…", More: [2]string{"‹", "›"}, Sep: " · "},

		Title:    lipgloss.NewStyle().Foreground(text).Bold(true),
		Selected: lipgloss.NewStyle().Foreground(accent).Bold(true),
		Cursor:   lipgloss.NewStyle().Foreground(accent),
		Meta:     lipgloss.NewStyle().Foreground(dim),
		Dim:      lipgloss.NewStyle().Foreground(dim),

		Badge: lipgloss.NewStyle(),

		Tab:       lipgloss.NewStyle().Foreground(dim),
		TabActive: lipgloss.NewStyle().Foreground(onAccent).Background(accent).Bold(true),
		TabMore:   lipgloss.NewStyle().Foreground(accent),

		Status:   lipgloss.NewStyle().Foreground(dim),
		Warning:  lipgloss.NewStyle().Foreground(warn),
		Error:    lipgloss.NewStyle().Foreground(bad).Bold(true),
		Overlay:  lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		OverHead: lipgloss.NewStyle().Foreground(accent).Bold(true),
		Rule:     lipgloss.NewStyle().Foreground(faint),
		Highlight: lipgloss.NewStyle().
			Foreground(ld(lipgloss.Color("#1A1A1A"), lipgloss.Color("#FFF4C2"))).
			Background(ld(lipgloss.Color("#FFF0A0"), lipgloss.Color("#5A4A00"))),

		Help: help.DefaultStyles(isDark),
	}
	s.BadgeWhy = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#0B6E4F"), lipgloss.Color("#6FD6A8")))
	s.BadgeKnow = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#1F5FA8"), lipgloss.Color("#7FB6F0")))
	s.BadgeNext = lipgloss.NewStyle().Foreground(ld(lipgloss.Color("#8A3FA0"), lipgloss.Color("#E09AF0")))
	return s
}

// NewPlainStyles returns styles without colour or attributes for the ascii
// and notty themes (and NO_COLOR): the layout is the same, every cue is a glyph.
func NewPlainStyles() *Styles {
	p := lipgloss.NewStyle()
	return &Styles{
		Plain:  true,
		Glyphs: Glyphs{Cursor: ">", Ellipsis: "...", More: [2]string{"<", ">"}, Sep: " | "},
		Title:  p, Selected: p, Cursor: p, Meta: p, Dim: p,
		Badge: p, BadgeWhy: p, BadgeKnow: p, BadgeNext: p,
		Tab: p, TabActive: p, TabMore: p,
		Status: p, Warning: p, Error: p,
		Overlay:  lipgloss.NewStyle().Border(lipgloss.ASCIIBorder()).Padding(0, 1),
		OverHead: p, Rule: p, Highlight: p,
		Help: help.Styles{
			Ellipsis: p, ShortKey: p, ShortDesc: p, ShortSeparator: p,
			FullKey: p, FullDesc: p, FullSeparator: p,
		},
	}
}

// StylesForTheme returns the styles for a theme name as the reader knows
// them: "light" and "dark" are coloured, "ascii" and "notty" are plain.
// Styles are never changed once made, so every model (every session of a
// server) shares one set per theme.
func StylesForTheme(theme string) *Styles {
	switch theme {
	case "light":
		return lightStyles()
	case "ascii", "notty":
		return plainStyles()
	default:
		return darkStyles()
	}
}

var (
	darkStyles  = sync.OnceValue(func() *Styles { return NewStyles(true) })
	lightStyles = sync.OnceValue(func() *Styles { return NewStyles(false) })
	plainStyles = sync.OnceValue(NewPlainStyles)
)
