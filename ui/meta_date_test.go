package ui

import (
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
)

// A brief without a date of its own shows its file's date as such: the
// library sorts it by that date, and must not pass it off as the brief's.
func TestMetaShowsFileDateAsSuch(t *testing.T) {
	mt := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		b    briefs.Brief
		want string
	}{
		{briefs.Brief{Date: time.Date(2026, 5, 19, 0, 0, 0, 0, time.UTC), ModTime: mt, Source: "Desk"}, "2026-05-19 · Desk"},
		{briefs.Brief{ModTime: mt, Source: "Desk"}, "modified 2026-12-07 · Desk"},
		{briefs.Brief{Source: "Desk"}, "Desk"},
	} {
		if got := Meta(&c.b, " · "); got != c.want {
			t.Errorf("Meta = %q, want %q", got, c.want)
		}
	}
}
