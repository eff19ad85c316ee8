package search

import (
	"fmt"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/briefs"
)

// TestDateBoundaries: each date field at the day where it starts or ends to
// match, with "now" given: a brief dated that day, one the day before and
// one the day after, answered by Query.Match and by an index alike.
func TestDateBoundaries(t *testing.T) {
	utc := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	now := time.Date(2026, 6, 25, 15, 0, 0, 0, time.UTC) // a Thursday
	cases := []struct {
		now   time.Time
		query string
		day   time.Time // the boundary day
		want  [3]bool   // matches for the day before, the day, the day after
	}{
		{now, "date:today", utc(2026, 6, 25), [3]bool{false, true, false}},
		{now, "after:today", utc(2026, 6, 25), [3]bool{false, true, true}},
		{now, "before:today", utc(2026, 6, 25), [3]bool{true, false, false}},
		{now, "date:yesterday", utc(2026, 6, 24), [3]bool{false, true, false}},
		{now, "after:yesterday", utc(2026, 6, 24), [3]bool{false, true, true}},
		{now, "before:yesterday", utc(2026, 6, 24), [3]bool{true, false, false}},
		{now, "YESTERDAY", utc(2026, 6, 24), [3]bool{false, false, false}}, // a word, not a date

		// Spans: back from today, counting today as day 0.
		{now, "after:0d", utc(2026, 6, 25), [3]bool{false, true, true}},
		{now, "date:0d", utc(2026, 6, 25), [3]bool{false, true, false}},
		{now, "after:1d", utc(2026, 6, 24), [3]bool{false, true, true}},
		{now, "after:7d", utc(2026, 6, 18), [3]bool{false, true, true}},
		{now, "before:7d", utc(2026, 6, 18), [3]bool{true, false, false}},
		{now, "after:1w", utc(2026, 6, 18), [3]bool{false, true, true}},
		{now, "before:1w", utc(2026, 6, 18), [3]bool{true, false, false}},
		{now, "after:2w", utc(2026, 6, 11), [3]bool{false, true, true}},
		{now, "after:30d", utc(2026, 5, 26), [3]bool{false, true, true}},
		// date: of a span is since then, up to today.
		{now, "date:7d", utc(2026, 6, 18), [3]bool{false, true, true}},
		{now, "date:7d", utc(2026, 6, 25), [3]bool{true, true, false}},
		{now, "date:1w", utc(2026, 6, 18), [3]bool{false, true, true}},
		{now, "date:1w", utc(2026, 6, 25), [3]bool{true, true, false}},
		{now, "date:1m", utc(2026, 5, 25), [3]bool{false, true, true}},
		{now, "date:1m", utc(2026, 6, 25), [3]bool{true, true, false}},
		{now, "date:1y", utc(2025, 6, 25), [3]bool{false, true, true}},
		{now, "date:1y", utc(2026, 6, 25), [3]bool{true, true, false}},

		// Months and years: the same day of the month, that many back.
		{now, "after:1m", utc(2026, 5, 25), [3]bool{false, true, true}},
		{now, "before:1m", utc(2026, 5, 25), [3]bool{true, false, false}},
		{now, "after:6m", utc(2025, 12, 25), [3]bool{false, true, true}},
		{now, "after:18m", utc(2024, 12, 25), [3]bool{false, true, true}},
		{now, "after:1y", utc(2025, 6, 25), [3]bool{false, true, true}},
		{now, "before:1y", utc(2025, 6, 25), [3]bool{true, false, false}},
		{now, "after:3y", utc(2023, 6, 25), [3]bool{false, true, true}},
		// From a day the month back does not have, its last day.
		{time.Date(2026, 3, 31, 9, 0, 0, 0, time.UTC), "after:1m", utc(2026, 2, 28), [3]bool{false, true, true}},
		{time.Date(2024, 3, 31, 9, 0, 0, 0, time.UTC), "after:1m", utc(2024, 2, 29), [3]bool{false, true, true}},
		{time.Date(2026, 5, 31, 9, 0, 0, 0, time.UTC), "before:3m", utc(2026, 2, 28), [3]bool{true, false, false}},
		{time.Date(2026, 12, 31, 9, 0, 0, 0, time.UTC), "after:10m", utc(2026, 2, 28), [3]bool{false, true, true}},
		{time.Date(2028, 2, 29, 9, 0, 0, 0, time.UTC), "after:1y", utc(2027, 2, 28), [3]bool{false, true, true}},
		{time.Date(2028, 2, 29, 9, 0, 0, 0, time.UTC), "after:4y", utc(2024, 2, 29), [3]bool{false, true, true}},
		// Spans back past year 0 (months 24,318 back from June 2026 is
		// December of year -1), the longest there are.
		{now, "after:24318m", utc(-1, 12, 25), [3]bool{false, true, true}},
		{now, "after:24317m", utc(0, 1, 25), [3]bool{false, true, true}},
		{now, "after:100000y", utc(2026-100000, 6, 25), [3]bool{false, true, true}},

		// Today is now's calendar day where now is: 00:30 in UTC+2 is
		// still the day before in UTC.
		{time.Date(2026, 6, 25, 0, 30, 0, 0, time.FixedZone("UTC+2", 2*3600)), "date:today", utc(2026, 6, 25), [3]bool{false, true, false}},
		{time.Date(2026, 6, 25, 0, 30, 0, 0, time.FixedZone("UTC+2", 2*3600)), "after:1d", utc(2026, 6, 24), [3]bool{false, true, true}},
		{time.Date(2026, 6, 25, 23, 59, 59, 0, time.UTC), "date:today", utc(2026, 6, 25), [3]bool{false, true, false}},

		// Absolute dates, at the edges of their day, month or year.
		{now, "date:2026-06-24", utc(2026, 6, 24), [3]bool{false, true, false}},
		{now, "after:2026-06-24", utc(2026, 6, 24), [3]bool{false, true, true}},
		{now, "before:2026-06-24", utc(2026, 6, 24), [3]bool{true, false, false}},
		{now, "date:2026-06", utc(2026, 6, 1), [3]bool{false, true, true}},
		{now, "date:2026-06", utc(2026, 6, 30), [3]bool{true, true, false}},
		{now, "date:2026-02", utc(2026, 2, 28), [3]bool{true, true, false}},
		{now, "date:2026-12", utc(2026, 12, 31), [3]bool{true, true, false}},
		{now, "after:2026-06", utc(2026, 6, 1), [3]bool{false, true, true}},
		{now, "before:2026-06", utc(2026, 6, 1), [3]bool{true, false, false}},
		{now, "date:2026", utc(2026, 1, 1), [3]bool{false, true, true}},
		{now, "date:2026", utc(2026, 12, 31), [3]bool{true, true, false}},
		{now, "after:2026", utc(2026, 1, 1), [3]bool{false, true, true}},
		{now, "before:2026", utc(2026, 1, 1), [3]bool{true, false, false}},
	}
	names := [3]string{"the day before", "the day", "the day after"}
	for _, c := range cases {
		bs := make([]*briefs.Brief, 3)
		for i := range bs {
			bs[i] = &briefs.Brief{ID: names[i], Title: "Dated", Date: c.day.AddDate(0, 0, i-1)}
		}
		q := mustQuery(t, c.query)
		opts := SearchOptions{Now: c.now}
		found := map[string]bool{}
		for _, id := range NewIndex(bs).Filter(q, opts) {
			found[id] = true
		}
		for i, b := range bs {
			if got := q.Match(b, opts); got != c.want[i] {
				t.Errorf("%s at %s: Match of %s (%s) = %v, want %v", c.query, c.now.Format(time.RFC3339), names[i], b.Date.Format(time.DateOnly), got, c.want[i])
			}
			if found[b.ID] != c.want[i] {
				t.Errorf("%s at %s: the index finds %s (%s): %v, want %v", c.query, c.now.Format(time.RFC3339), names[i], b.Date.Format(time.DateOnly), found[b.ID], c.want[i])
			}
		}
	}
}

// A brief's day is its calendar day where it was dated, not in UTC or where
// the search runs.
func TestDateOfBriefInItsZone(t *testing.T) {
	now := time.Date(2026, 6, 25, 15, 0, 0, 0, time.UTC)
	late := &briefs.Brief{ID: "late", Date: time.Date(2026, 6, 24, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600))} // 04:30 on the 25th in UTC
	early := &briefs.Brief{ID: "early", Date: time.Date(2026, 6, 25, 0, 30, 0, 0, time.FixedZone("UTC+9", 9*3600))} // 15:30 on the 24th in UTC
	for _, c := range []struct {
		b     *briefs.Brief
		query string
		want  bool
	}{
		{late, "date:yesterday", true},
		{late, "date:today", false},
		{late, "date:2026-06-24", true},
		{early, "date:today", true},
		{early, "date:yesterday", false},
		{early, "before:2026-06-25", false},
	} {
		if got := mustQuery(t, c.query).Match(c.b, SearchOptions{Now: now}); got != c.want {
			t.Errorf("%s: %s = %v, want %v", c.b.ID, c.query, got, c.want)
		}
	}
}

// Without a date (or a file time), a brief matches no date field, and its
// negation matches it.
func TestDateUndated(t *testing.T) {
	b := &briefs.Brief{ID: "undated", Title: "Undated"}
	now := time.Date(2026, 6, 25, 15, 0, 0, 0, time.UTC)
	for _, f := range []string{"date", "after", "before"} {
		for _, v := range []string{"today", "7d", "1m", "2026", "2026-06-25"} {
			s := fmt.Sprintf("%s:%s", f, v)
			if mustQuery(t, s).Match(b, SearchOptions{Now: now}) {
				t.Errorf("%s matches an undated brief", s)
			}
			if !mustQuery(t, "-"+s).Match(b, SearchOptions{Now: now}) {
				t.Errorf("-%s does not match an undated brief", s)
			}
		}
	}
}
