// Package search is the full-text index over briefs and the query language
// that searches it.
//
// ParseQuery reads a query (see Query for the grammar); NewIndex indexes a
// library's briefs, Search ranks the briefs a query matches and Filter lists
// them in library order, and Apply brings the index up to date with a
// reload (briefs.Diff). Query.Match answers a query for one brief without an
// index, and Query.Highlights finds what to highlight in a text. Text is cut
// into terms by internal/fold, the same way for all of them.
//
// The index is our own, small. Postings are delta-encoded varint byte
// strings per term, so the index stays a fraction of the corpus size; each
// posting is (brief, slot, weighted term frequency), where slot 0 is the
// title and metadata and slot i+1 is section i. Beside them, a forward index
// holds each slot's terms in text order (see fwdSegment), read only by
// phrases: ranking never pays for it. Removed briefs are tombstoned and the
// postings compacted when they pile up. How a build runs is told in
// index_build.go.
//
// Save writes the index to a file and Open reads it back against a library,
// indexing only the briefs that changed since (persist.go tells the file,
// open.go the reconciliation): a start pays for what changed, not for the
// library. An opened index maps its postings and forward index from the file
// and reads the text of a brief listed without it (a catalog's) only for the
// snippets of the hits it returns.
package search
