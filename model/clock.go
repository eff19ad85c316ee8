package model

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// Clock is the time a session reads and the timer its delayed messages
// wait on: the status line clearing itself, the pause before a resize is
// rendered, the draft autosave, the retry of a failed save. A test gives a
// clock that moves only when told, so that it fires those messages when it
// chooses instead of waiting for them.
type Clock interface {
	// Now is the current time.
	Now() time.Time
	// Tick is a command that waits d, then returns fn's message; fn gets
	// the time the wait ended.
	Tick(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
}

// realClock is the wall clock and Bubble Tea's timer.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Tick(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return tea.Tick(d, fn)
}

// clock is Options.Clock, or the real one.
func (m Model) clock() Clock {
	if m.opts.Clock == nil {
		return realClock{}
	}
	return m.opts.Clock
}
