package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/search"
	"github.com/briefing-dev/briefing/ui"
)

const listUsage = `Usage: briefing list [--query Q] [--view NAME] [--json] [PATH...]

List briefs, newest first: date, ID, title and the canonical sections each has
(why, know, next). No PATH lists the built-in samples.

Flags:
  --query Q   only the briefs matching the query Q (see QUERIES below)
  --view NAME only the briefs of the config file's saved view NAME (with
              --query: those matching both)
  --json      one JSON array: id, title, date, source, tags, sections (kinds)

` + queryHelp

const searchUsage = `Usage: briefing search Q [--json] [--limit N] [PATH...]

Full-text search, best match first: score, brief ID, the section of the best
match and a snippet around it. No PATH searches the built-in samples.

Flags:
  --json      one JSON array: score, id, title, section, section_title, snippet
  --limit N   at most N hits (default 20; 0 for all)

` + queryHelp

const digestUsage = `Usage: briefing digest --section why|know|next|TITLE [--query Q] [PATH...]

Print one section from every brief that has it, newest first, as markdown: each
under its brief's title, date and source. Ready to pipe or paste. No PATH uses
the built-in samples.

Flags:
  --section S  why, know, next, lead, or words of a section title
               ("what people are saying")
  --query Q    only briefs matching the query Q

` + queryHelp

const queryHelp = `QUERIES
  words are ANDed; "a phrase"; -word or NOT word; a OR b; (parentheses)
  title:W source:W tag:T section:why|know|next|lead|"title words"
  date:2026-06-24 after:7d before:2026-06 (today, yesterday, 7d, 2w, 3m, 1y)
  is:unread|read|starred has:notes|highlights (your marks; --data DIR picks
  the notes database, default $XDG_DATA_HOME/briefing; --db DB another one)
  Case and accents are ignored: muller finds Müller. A query that starts
  with a dash ('-word') needs -- before it when it is a single word.

Examples:
  briefing list --query 'tag:climate after:30d' ~/briefs
  briefing search '"water board" -drought' --limit 5 ~/briefs
  briefing digest --section next --query 'source:ledger' ~/briefs > next.md
`

// defaultSearchLimit is how many hits `briefing search` prints by default.
const defaultSearchLimit = 20

// loadForQuery loads PATHs (or the samples), printing warnings on stderr.
// partial, when not nil, is returned after the output: some PATH could not
// be read (see loadPaths).
func (a *app) loadForQuery(cmd string, paths []string) (lib *briefs.Library, partial, err error) {
	if len(paths) == 0 {
		paths = a.cfg.Library
	}
	if len(paths) == 0 {
		return briefs.LoadSamples(a.loadOptions()), nil, nil
	}
	return a.loadPaths(cmd, paths)
}

// parseQuery parses a query given on the command line; a malformed one is a
// usage error that says where.
// is:/has: read the user's marks from the notes store at, opened only
// when the query uses them.
func parseQuery(src string, at func() (notesAt, error)) (*search.Query, search.SearchOptions, error) {
	var opts search.SearchOptions
	q, err := search.ParseQuery(src)
	if err != nil {
		return nil, opts, usageError{queryErrorLine(src, err)}
	}
	if q.NeedsMarks() {
		marks, err := readMarks(at)
		if err != nil {
			return nil, opts, err
		}
		opts.Marks = marks
	}
	if err := q.Check(opts.Marks); err != nil {
		return nil, opts, usageError{queryErrorLine(src, err)}
	}
	return q, opts, nil
}

// queryErrorLine is a query error as the command line prints it:
// `query: col 7: unexpected )`, the column counted in characters from 1.
func queryErrorLine(src string, err error) string {
	var qe *search.QueryError
	if !errors.As(err, &qe) {
		return "query: " + termsafe.Line(err.Error())
	}
	pos := max(0, min(qe.Pos, len(src)))
	return fmt.Sprintf("query: col %d: %s", utf8.RuneCountInString(src[:pos])+1, termsafe.Line(qe.Msg))
}

// readMarks is the local user's read/star/notes state, for is: and has:.
func readMarks(where func() (notesAt, error)) (search.Marks, error) {
	at, err := where()
	if err != nil {
		return nil, err
	}
	c, err := openExistingNotes(at)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return notes.NewMarks(nil, nil), nil // no database yet: nothing read or starred
	}
	defer c.close()
	ctx, cancel := cliContext()
	defer cancel()
	marks, err := c.store.Snapshot(ctx, c.owner)
	if err != nil {
		return nil, err // the store's errors say "notes: "
	}
	return marks, nil
}

// matching is the briefs of lib, the library of paths, that q matches, in
// library order, found with the library's index in dataDir.
func (a *app) matching(lib *briefs.Library, paths []string, dataDir string, q *search.Query, opts search.SearchOptions) []*briefs.Brief {
	if q.IsEmpty() {
		return lib.Briefs()
	}
	var out []*briefs.Brief
	for _, id := range a.openIndex(lib, paths, dataDir, a.texts).Filter(q, opts) {
		if b, ok := lib.Get(id); ok {
			out = append(out, b)
		}
	}
	return out
}

// jsonListed is the shape of one brief in `list --json`.
type jsonListed struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Date     string   `json:"date"`
	Modified string   `json:"modified"` // the file's modification date, YYYY-MM-DD
	Source   string   `json:"source"`
	Tags     []string `json:"tags"`
	Sections []string `json:"sections"`
}

// list is `briefing list [--query Q] [--json] [PATH...]`.
func (a *app) list(args []string) error {
	fs := newFlagSet("list")
	query := fs.String("query", "", "")
	view := fs.String("view", "", "")
	data := fs.String("data", "", "")
	db := fs.String("db", "", "")
	asJSON := fs.Bool("json", false, "")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "list", listUsage)
	}
	if *view != "" {
		vq, ok := a.cfg.ViewQuery(*view)
		if !ok {
			return usageErrorf("list: no view %q in the config file (views: %s)", *view, a.viewNames())
		}
		if *query != "" {
			vq = "(" + vq + ") (" + *query + ")"
		}
		*query = vq
	}
	q, opts, err := parseQuery(*query, func() (notesAt, error) { return a.at(*db, cmp.Or(*data, a.cfg.Data)) })
	if err != nil {
		return err
	}
	a.cacheDir = readingCacheDir(cmp.Or(*data, a.cfg.Data))
	if !q.IsEmpty() {
		a.texts = search.NewTexts()
	}
	lib, partial, err := a.loadForQuery("list", paths)
	if err != nil {
		return err
	}
	found := a.matching(lib, paths, cmp.Or(*data, a.cfg.Data), q, opts)
	if *asJSON {
		out := make([]jsonListed, len(found))
		for i, b := range found {
			out[i] = jsonListed{ID: b.ID, Title: b.Title, Date: formatDate(b.Date), Modified: dayOrEmpty(b.ModTime), Source: b.Source,
				Tags: append([]string{}, b.Tags...), Sections: []string{}}
			for _, s := range b.Sections {
				out[i].Sections = append(out[i].Sections, string(s.Kind))
			}
		}
		return orPartial(a.writeJSON(out), partial)
	}
	dates, width := make([]string, len(found)), 0
	for i, b := range found {
		dates[i] = listDate(b)
		width = max(width, len(dates[i]))
	}
	for i, b := range found {
		line := fmt.Sprintf("%-*s  %s  %s", width, dates[i], termsafe.Line(b.ID), termsafe.Line(b.Title))
		if k := kindsOf(b); k != "" {
			line += "  [" + k + "]"
		}
		fmt.Fprintln(a.stdout, line)
	}
	return partial
}

// listDate is a brief's date as list prints it: the brief's own, else its
// file's modification date as such ("modified 2026-12-07", as the reader
// shows it: the library sorts the brief by it and after:/before: match it),
// else dashes.
func listDate(b *briefs.Brief) string {
	switch {
	case !b.Date.IsZero():
		return b.Date.Format(time.DateOnly)
	case !b.ModTime.IsZero():
		return "modified " + b.ModTime.Format(time.DateOnly)
	}
	return "----------"
}

// dayOrEmpty is t's day as YYYY-MM-DD, or "" when t is zero.
func dayOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// kindsOf names the canonical sections b has, in reading order.
func kindsOf(b *briefs.Brief) string {
	var ks []string
	for _, k := range []struct {
		kind briefs.Kind
		name string
	}{{briefs.KindWhyItMatters, "why"}, {briefs.KindWhatToKnow, "know"}, {briefs.KindWhatHappensNext, "next"}} {
		if b.HasKind(k.kind) {
			ks = append(ks, k.name)
		}
	}
	return strings.Join(ks, " ")
}

// jsonHit is the shape of one hit in `search --json`.
type jsonHit struct {
	Score        float64  `json:"score"`
	ID           string   `json:"id"`
	Title        string   `json:"title"`
	Section      int      `json:"section"` // index into the brief's sections, -1 for the title and metadata
	SectionTitle string   `json:"section_title"`
	SectionKind  string   `json:"section_kind"`
	Snippet      string   `json:"snippet"`
	Matches      [][2]int `json:"matches"` // byte ranges of snippet
}

// search is `briefing search Q [--json] [--limit N] [PATH...]`.
func (a *app) search(args []string) error {
	fs := newFlagSet("search")
	asJSON := fs.Bool("json", false, "")
	data := fs.String("data", "", "")
	db := fs.String("db", "", "")
	limit := fs.Int("limit", defaultSearchLimit, "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "search", searchUsage)
	}
	if len(pos) == 0 {
		return usageErrorf("search: no query given (see 'briefing search --help')")
	}
	if *limit < 0 {
		return usageErrorf("search: --limit must be 0 or more, got %d", *limit)
	}
	q, opts, err := parseQuery(pos[0], func() (notesAt, error) { return a.at(*db, *data) })
	if err != nil {
		return err
	}
	a.cacheDir = readingCacheDir(cmp.Or(*data, a.cfg.Data))
	n := *limit
	if n == 0 {
		n = -1 // all
	}
	opts.Limit = n
	dataDir := cmp.Or(*data, a.cfg.Data)
	hits, get, stamps, ok := a.fastSearch(pos[1:], dataDir, q, opts)
	var partial error
	if !ok {
		a.texts = search.NewTexts()
		var lib *briefs.Library
		lib, partial, err = a.loadForQuery("search", pos[1:])
		if err != nil {
			return err
		}
		// Saved at any change: an index as its file has it, with its
		// view, lets the next search skip the load.
		ix, unchanged, saved := a.openIndexFloor(lib, pos[1:], dataDir, a.texts, 1)
		hits, get = ix.Search(q, opts), lib.Get
		if unchanged || saved {
			a.saveView(lib, ix, pos[1:], dataDir, stamps, saved)
		}
	}
	return orPartial(a.printHits(hits, get, *asJSON), partial)
}

// printHits writes hits as search prints them, get giving a hit's brief.
func (a *app) printHits(hits []search.Hit, get func(id string) (*briefs.Brief, bool), asJSON bool) error {
	if asJSON {
		out := make([]jsonHit, 0, len(hits))
		for _, h := range hits {
			b, _ := get(h.ID)
			j := jsonHit{Score: h.Score, ID: h.ID, Section: h.Section, Snippet: h.Snippet, Matches: h.Matches}
			if j.Matches == nil {
				j.Matches = [][2]int{}
			}
			if b != nil {
				j.Title = b.Title
				if h.Section >= 0 && h.Section < len(b.Sections) {
					j.SectionTitle, j.SectionKind = b.Sections[h.Section].Title, string(b.Sections[h.Section].Kind)
				}
			}
			out = append(out, j)
		}
		return a.writeJSON(out)
	}
	for _, h := range hits {
		section := "title"
		if b, ok := get(h.ID); ok && h.Section >= 0 && h.Section < len(b.Sections) {
			section = sectionName(b.Sections[h.Section])
		}
		fmt.Fprintf(a.stdout, "%6s  %s  %s: %s\n", scoreText(h.Score), termsafe.Line(h.ID), termsafe.Line(section), termsafe.Line(h.Snippet))
	}
	return nil
}

// scoreText is a hit's score as search prints it: two decimals, "<0.01"
// for a match too weak to show in two, and "-" for a query without words,
// which matches without a score (its hits come newest first). "0.00" would
// read as no match at all.
func scoreText(score float64) string {
	switch {
	case score <= 0:
		return "-"
	case score < 0.005:
		return "<0.01"
	}
	return fmt.Sprintf("%.2f", score)
}

// sectionName is a section's kind in one word, or its title.
func sectionName(s briefs.Section) string {
	switch s.Kind {
	case briefs.KindLead:
		return "lead"
	case briefs.KindWhyItMatters:
		return "why"
	case briefs.KindWhatToKnow:
		return "know"
	case briefs.KindWhatHappensNext:
		return "next"
	}
	if t := strings.TrimSpace(s.Title); t != "" {
		return t
	}
	return "section"
}

// digest is `briefing digest --section S [--query Q] [PATH...]`.
func (a *app) digest(args []string) error {
	fs := newFlagSet("digest")
	section := fs.String("section", "", "")
	query := fs.String("query", "", "")
	data := fs.String("data", "", "")
	db := fs.String("db", "", "")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "digest", digestUsage)
	}
	if strings.TrimSpace(*section) == "" {
		return usageErrorf("digest: --section is required: why, know, next, lead or a section title")
	}
	sel, err := briefs.ParseSectionSelector(*section)
	if err != nil {
		return usageErrorf("digest: --section: %v", err)
	}
	q, opts, err := parseQuery(*query, func() (notesAt, error) { return a.at(*db, *data) })
	if err != nil {
		return err
	}
	a.cacheDir = readingCacheDir(cmp.Or(*data, a.cfg.Data))
	if !q.IsEmpty() {
		a.texts = search.NewTexts()
	}
	lib, partial, err := a.loadForQuery("digest", paths)
	if err != nil {
		return err
	}
	entries, warns := briefs.DigestText(briefs.Digest(a.matching(lib, paths, cmp.Or(*data, a.cfg.Data), q, opts), sel))
	a.printWarnings(warns)
	md, err := ui.DigestForPipe(entries)
	if err != nil {
		return err
	}
	if _, err = io.WriteString(a.stdout, md); err != nil {
		return err
	}
	return partial
}

// writeJSON writes v as indented JSON, invisible characters escaped.
func (a *app) writeJSON(v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = a.stdout.Write(append(termsafe.EscapeJSON(data), '\n'))
	return err
}
