package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
)

const parseUsage = `Usage: briefing parse [--json|--stats] PATH...

Print how briefs split into sections. PATH is a brief file or a folder (read
recursively for .md, .markdown and .txt files). Problems with files are
reported on stderr as "warning: PATH: REASON"; the other files still load.

Output:
  (default)  per brief a header line, then one line per section: kind, words, title
  --json     a JSON array, one object per brief:
             {"path","id","title","date","source","tags","sections":[{"kind","title","body"}]}
  --stats    counts of briefs, sections by kind, warnings, bytes, and the load time

Examples:
  briefing parse ~/briefs/port-tariffs.md
  briefing parse --json ~/briefs | jq '.[].title'
  briefing parse --stats ~/briefs
`

// parse is `briefing parse [--json|--stats] PATH...`.
func (a *app) parse(args []string) error {
	fs := newFlagSet("parse")
	asJSON := fs.Bool("json", false, "")
	stats := fs.Bool("stats", false, "")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "parse", parseUsage)
	}
	if *asJSON && *stats {
		return usageErrorf("parse: --json and --stats cannot be used together")
	}
	if len(paths) == 0 {
		return usageErrorf("parse: no PATH given (see 'briefing parse --help')")
	}
	// A path that does not exist is a warning like a bad file: the others
	// are still parsed, and the exit code (3) says one was missing.
	start := time.Now()
	lib, partial, err := a.loadPaths("parse", paths)
	if err != nil {
		return err
	}
	elapsed := time.Since(start)
	if lib.Len() == 0 && len(lib.Warnings()) > 0 {
		// Every file given was skipped: that is a failure, like show's.
		return fmt.Errorf("parse: no brief could be read (%d skipped, see the warnings)", len(lib.Warnings()))
	}

	list := slices.Clone(lib.Briefs())
	// Path order, not the library's newest-first: output that diffs cleanly
	// from run to run and follows the folder layout.
	slices.SortStableFunc(list, func(x, y *briefs.Brief) int { return strings.Compare(x.Path, y.Path) })
	switch {
	case *asJSON:
		return orPartial(a.printJSON(list), partial)
	case *stats:
		a.printStats(lib, elapsed)
	default:
		a.printSections(list)
	}
	return partial
}

// printWarnings writes each warning as one line on stderr.
func (a *app) printWarnings(ws []briefs.Warning) {
	for _, w := range ws {
		fmt.Fprintf(a.stderr, "warning: %s: %s\n", termsafe.Line(w.Path), termsafe.Line(w.Reason))
	}
}

// jsonBrief and jsonSection are the stable shape of `parse --json`
// (docs/format.md): scripts depend on it.
type jsonBrief struct {
	Path     string        `json:"path"`
	ID       string        `json:"id"`
	Title    string        `json:"title"`
	Date     string        `json:"date"`
	Source   string        `json:"source"`
	Tags     []string      `json:"tags"`
	Sections []jsonSection `json:"sections"`
}

type jsonSection struct {
	Kind  string `json:"kind"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// formatDate is "2006-01-02" for a date, RFC 3339 when it carries a time of
// day, and empty when there is none.
func formatDate(t time.Time) string {
	switch {
	case t.IsZero():
		return ""
	case t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0:
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

func toJSON(b *briefs.Brief) jsonBrief {
	j := jsonBrief{
		Path: b.Path, ID: b.ID, Title: b.Title, Date: formatDate(b.Date), Source: b.Source,
		Tags:     append([]string{}, b.Tags...), // [] rather than null
		Sections: make([]jsonSection, len(b.Sections)),
	}
	for i, s := range b.Sections {
		j.Sections[i] = jsonSection{Kind: string(s.Kind), Title: s.Title, Body: s.Body}
	}
	return j
}

// printJSON writes the briefs as one indented JSON array.
func (a *app) printJSON(list []*briefs.Brief) error {
	out := make([]jsonBrief, len(list))
	for i, b := range list {
		out[i] = toJSON(b)
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = a.stdout.Write(append(termsafe.EscapeJSON(data), '\n'))
	return err
}

// printSections writes the plain listing: a header line per brief, then one
// line per section with its kind, word count and title.
func (a *app) printSections(list []*briefs.Brief) {
	for _, b := range list {
		head := termsafe.Line(b.Path) + "  " + termsafe.Line(b.Title)
		if d := formatDate(b.Date); d != "" {
			head += "  " + d
		}
		head += "  [id " + termsafe.Line(b.ID) + "]"
		fmt.Fprintln(a.stdout, head)
		for _, s := range b.Sections {
			line := fmt.Sprintf("  %-17s %6d  %s", s.Kind, len(strings.Fields(s.Body)), termsafe.Line(s.Title))
			fmt.Fprintln(a.stdout, strings.TrimRight(line, " "))
		}
	}
}

// printStats writes counts and the load time.
func (a *app) printStats(lib *briefs.Library, elapsed time.Duration) {
	kinds := []briefs.Kind{briefs.KindLead, briefs.KindWhyItMatters, briefs.KindWhatToKnow, briefs.KindWhatHappensNext, briefs.KindOther}
	count := map[briefs.Kind]int{}
	sections := 0
	for _, b := range lib.Briefs() {
		for _, s := range b.Sections {
			count[s.Kind]++
			sections++
		}
	}
	w := a.stdout
	fmt.Fprintf(w, "briefs    %d\n", lib.Len())
	fmt.Fprintf(w, "sections  %d\n", sections)
	for _, k := range kinds {
		fmt.Fprintf(w, "  %-17s %d\n", k, count[k])
	}
	fmt.Fprintf(w, "warnings  %d\n", len(lib.Warnings()))
	fmt.Fprintf(w, "bytes     %d (%s)\n", lib.TotalBytes(), humanSize(lib.TotalBytes()))
	fmt.Fprintf(w, "elapsed   %s\n", elapsed.Round(time.Millisecond/10))
}

// humanSize formats n bytes with a binary unit.
func humanSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, u := float64(n)/unit, 0
	for v >= unit && u < 3 {
		v /= unit
		u++
	}
	return fmt.Sprintf("%.1f %ciB", v, "KMGT"[u])
}
