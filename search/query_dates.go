package search

import (
	"strconv"
	"strings"
	"time"
)

// dateSpec is a day, month or year, or a span back from now.
type dateSpec struct {
	raw      string
	lo, hi   int  // absolute: day numbers [lo, hi)
	relative bool // lo/hi computed from now
	n        int
	unit     byte // 'd' 'w' 'm' 'y' spans; 't' today; 'Y' yesterday
}

func parseDateSpec(s string) (dateSpec, bool) {
	d := dateSpec{raw: s}
	ls := strings.ToLower(s)
	switch ls {
	case "today":
		d.relative, d.unit = true, 't'
		return d, true
	case "yesterday":
		d.relative, d.unit = true, 'Y'
		return d, true
	}
	if len(ls) >= 2 {
		if u := ls[len(ls)-1]; u == 'd' || u == 'w' || u == 'm' || u == 'y' {
			if n, err := strconv.Atoi(ls[:len(ls)-1]); err == nil && n >= 0 && n <= 100000 && ls[0] != '+' && ls[0] != '-' {
				d.relative, d.unit, d.n = true, u, n
				return d, true
			}
		}
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return d, false
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if p == "" || len(p) > 4 || (i > 0 && len(p) != 2) {
			return d, false
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return d, false
		}
		nums[i] = v
	}
	y := nums[0]
	switch len(nums) {
	case 1:
		d.lo, d.hi = dayNumber(y, 1, 1), dayNumber(y+1, 1, 1)
	case 2:
		m := nums[1]
		if m < 1 || m > 12 {
			return d, false
		}
		d.lo, d.hi = dayNumber(y, time.Month(m), 1), dayNumber(y, time.Month(m)+1, 1)
	case 3:
		m, dd := nums[1], nums[2]
		if m < 1 || m > 12 || dd < 1 || dd > 31 {
			return d, false
		}
		t := time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC)
		if t.Day() != dd { // 2026-02-30
			return d, false
		}
		d.lo = dayNumber(y, time.Month(m), dd)
		d.hi = d.lo + 1
	}
	return d, true
}

// dayNumber is a calendar day as a count of days since 1970-01-01.
func dayNumber(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// dayOf is the calendar day of t in its own location; ok is false for the zero time.
func dayOf(t time.Time) (int, bool) {
	if t.IsZero() {
		return 0, false
	}
	y, m, d := t.Date()
	return dayNumber(y, m, d), true
}

// resolve returns the [lo, hi) day range of the spec at time now.
func (d dateSpec) resolve(now time.Time) (lo, hi int) {
	if !d.relative {
		return d.lo, d.hi
	}
	y, m, dd := now.Date()
	today := dayNumber(y, m, dd)
	switch d.unit {
	case 't':
		return today, today + 1
	case 'Y':
		return today - 1, today
	case 'd':
		return today - d.n, today + 1
	case 'w':
		return today - 7*d.n, today + 1
	case 'm':
		return monthsBack(y, m, dd, d.n), today + 1
	default: // 'y'
		return monthsBack(y, m, dd, 12*d.n), today + 1
	}
}

// monthsBack is the day number of day d of month m of year y, n months
// earlier; from a day that month does not have (the 31st, or February 29),
// its last day: 1m from March 31 is February 28, not March 3 as time.Date
// would make it.
func monthsBack(y int, m time.Month, d, n int) int {
	months := y*12 + int(m-1) - n
	y, m = months/12, time.Month(months%12+1)
	if months < 0 && months%12 != 0 {
		y, m = y-1, m+12
	}
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return dayNumber(y, m, min(d, last))
}
