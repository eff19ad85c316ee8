package search

import (
	"slices"

	"github.com/briefing-dev/briefing/briefs"
)

// withText returns the briefs with their text, for NewIndex, which builds
// from text alone: a brief listed from the catalog holds none. A brief whose
// file cannot be read any more is indexed by what it lists (title, tags).
// Open, which keeps an index between runs, reads only what its file lacks.
func withText(bs []*briefs.Brief) []*briefs.Brief {
	out := bs
	for i, b := range bs {
		if b == nil || briefs.HasText(b) {
			continue
		}
		if &out[0] == &bs[0] {
			out = slices.Clone(bs)
		}
		out[i], _ = briefs.Full(b)
	}
	return out
}
