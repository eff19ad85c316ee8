package notes

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// ErrInvalid: a note a store or an import refuses as it is (no owner or
// brief, an ID not in the form NewID gives, a time out of range). Nothing of
// it was stored.
var ErrInvalid = errors.New("invalid note")

// NewID returns a new note ID: a random (version 4) UUID in its canonical
// form, lowercase, such as 0b6f3a52-6a2e-4c1b-9d3e-1f2a3b4c5d02. A front end
// that may retry a save takes one before its first attempt and gives it to
// AddNote each time, so that a retry never adds a second note.
func NewID() string {
	// uuid.New panics only when the system's random source fails, which
	// crypto/rand itself treats as fatal since Go 1.24.
	return uuid.New().String()
}

// ValidID reports whether id is in the form NewID gives. IDs travel through
// exports and imports and are printed by `notes list` and in CSV cells, so
// nothing else (no control character, no formula) is taken for one.
func ValidID(id string) bool {
	u, err := uuid.Parse(id)
	return err == nil && u.String() == id
}

// EarliestTime and LatestTime bound the times a store keeps: the range of
// int64 nanoseconds since 1970, with a margin, which the SQLite store holds
// and every other store must hold too. A time outside it is refused rather
// than stored wrapped (9999-12-31 once came back as 1816-03-30).
var (
	EarliestTime = time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC)
	LatestTime   = time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)
)

// UnixNanos is how the stores keep a time: nanoseconds since 1970, 0 for
// none (a zero time). Times are checked with ValidTime first, so it never
// wraps.
func UnixNanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// FromUnixNanos reads a time kept by UnixNanos back, in UTC.
func FromUnixNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

// ValidTime reports whether t is zero (none) or within [EarliestTime, LatestTime).
func ValidTime(t time.Time) bool {
	return t.IsZero() || (!t.Before(EarliestTime) && t.Before(LatestTime))
}

// Validate says why a store must refuse n, as an error wrapping ErrInvalid,
// or returns nil: it needs an owner and a brief, an ID (when set) in the
// form NewID gives, and times (when set) a store can hold. Every store runs
// it before AddNote and ImportNotes write anything.
func Validate(n Note) error {
	switch {
	case n.Owner == "" || n.BriefID == "":
		return fmt.Errorf("%w: a note needs an owner and a brief ID", ErrInvalid)
	case n.ID != "" && !ValidID(n.ID):
		return fmt.Errorf("%w: ID %.40q is not a note ID (a UUID such as %s)", ErrInvalid, n.ID, exampleID)
	case !ValidTime(n.Created):
		return fmt.Errorf("%w: created %s is outside the dates a notes store holds (%d to %d)",
			ErrInvalid, n.Created.UTC().Format(time.RFC3339), EarliestTime.Year(), LatestTime.Year()-1)
	case !ValidTime(n.Updated):
		return fmt.Errorf("%w: updated %s is outside the dates a notes store holds (%d to %d)",
			ErrInvalid, n.Updated.UTC().Format(time.RFC3339), EarliestTime.Year(), LatestTime.Year()-1)
	}
	return nil
}

// exampleID shows the form of an ID in error messages.
const exampleID = "0b6f3a52-6a2e-4c1b-9d3e-1f2a3b4c5d02"
