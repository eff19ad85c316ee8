package model

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
)

// Run starts the reader in the terminal and returns when the user quits.
func Run(opts Options) error {
	if !ValidTheme(opts.Theme) {
		return fmt.Errorf("unknown theme %q (want dark, light, ascii or notty)", opts.Theme)
	}
	if opts.Theme == "" && noColor() {
		opts.Theme = "notty"
	}
	// Bubble Tea measures the first frame's wide characters (the bar, the
	// ellipsis) with go-runewidth, whose first lookup above U+02FF fills a
	// 2 MB table: 5-20 ms on the way to the first frame. Filled now on the
	// other core while Bubble Tea sets the terminal up, it is ready when
	// the frame is drawn.
	go ansi.WcWidth.StringWidth("…")
	// The size Bubble Tea will announce, known now: the first frame then
	// has the library's header and loading line instead of waiting for the
	// size message to travel through the event loop behind the load.
	if opts.Width == 0 && opts.Height == 0 {
		if w, h, err := term.GetSize(os.Stdout.Fd()); err == nil && w > 0 && h > 0 {
			opts.Width, opts.Height = w, h
		}
	}
	// lipgloss detected the profile when it was initialised (its Writer),
	// running `tmux info` inside tmux: Bubble Tea takes that answer
	// rather than asking again, which cost a start about 10 ms.
	final, err := tea.NewProgram(New(opts), tea.WithColorProfile(lipgloss.Writer.Profile)).Run()
	if fm, ok := final.(Model); ok {
		fm.Close()
	}
	return err
}

// noColor reports whether the user asked for no colour (https://no-color.org):
// NO_COLOR set to any non-empty value.
func noColor() bool { return os.Getenv("NO_COLOR") != "" }
