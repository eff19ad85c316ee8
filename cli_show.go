package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/ui"
)

const showUsage = `Usage: briefing show PATH|ID [--section KIND|TITLE] [--width N] [--theme T] [--lib DIR]

Print one brief: rendered with styles when stdout is a terminal, as clean
markdown when it is piped. PATH is a brief file; anything else is looked up as
a brief ID in --lib DIR, then in the built-in samples.

Flags:
  --section S  only the sections of kind S (lead, why, know, next, other, or
               why_it_matters, what_to_know, what_happens_next) or whose title
               is S (case-insensitive; a prefix is enough)
  --width N    wrap at N columns (default: the terminal width up to 100; 80 in a pipe)
  --theme T    dark, light, ascii or notty (default: dark; notty when NO_COLOR is set)
  --lib DIR    a folder of briefs to look the ID up in

Examples:
  briefing show ~/briefs/port-tariffs.md
  briefing show ~/briefs/port-tariffs.md --section why --width 72
  briefing show port-tariffs.md --lib ~/briefs --section "what's next" | less
`

// maxShowWidth caps the default width: long lines are hard to read.
const maxShowWidth = 100

// show is `briefing show PATH|ID [--section S] [--width N] [--theme T] [--lib DIR]`.
func (a *app) show(args []string) error {
	fs := newFlagSet("show")
	section := fs.String("section", "", "")
	width := fs.Int("width", 0, "")
	themeFlag := fs.String("theme", "", "")
	lib := fs.String("lib", "", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "show", showUsage)
	}
	switch {
	case len(pos) == 0:
		return usageErrorf("show: no PATH or ID given (see 'briefing show --help')")
	case len(pos) > 1:
		return usageErrorf("show: one PATH or ID at a time, got %d", len(pos))
	case *width < 0 || (*width > 0 && *width < 20):
		return usageErrorf("show: --width must be at least 20, got %d", *width)
	}
	theme, err := a.theme(*themeFlag)
	if err != nil {
		return err
	}

	b, err := a.findBrief(pos[0], *lib)
	if err != nil {
		return err
	}
	var idx []int
	if *section != "" {
		if idx, err = selectSections(b, *section); err != nil {
			return err
		}
	}

	if !a.stdoutTTY {
		_, err := io.WriteString(a.stdout, ui.MarkdownForPipe(b, idx))
		return err
	}
	w := *width
	if w == 0 {
		w = 80
		if tw, ok := a.termWidth(); ok {
			w = min(tw, maxShowWidth)
		}
	}
	out, err := ui.RenderForTerminal(b, idx, w, theme)
	if err != nil {
		return fmt.Errorf("show: %w", err)
	}
	_, err = io.WriteString(a.stdout, out)
	return err
}

// findBrief loads the file at arg, or else the brief with ID arg from the
// library folder lib (when given) or the embedded samples.
func (a *app) findBrief(arg, lib string) (*briefs.Brief, error) {
	if fi, err := os.Stat(arg); err == nil {
		if fi.IsDir() {
			return nil, usageErrorf("show: %s is a folder: give a brief file, or --lib %s and an ID", arg, arg)
		}
		l := briefs.Load([]string{arg}, a.loadOptions())
		a.printWarnings(l.Warnings())
		if l.Len() == 0 {
			return nil, fmt.Errorf("show: %s could not be loaded", arg)
		}
		return l.Briefs()[0], nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("show: %w", err)
	}
	if lib != "" {
		if _, err := os.Stat(lib); err != nil {
			return nil, fmt.Errorf("show: --lib: %w", err)
		}
		l := briefs.Load([]string{lib}, a.loadOptions())
		if b, ok := l.Get(arg); ok {
			a.printWarnings(warningsFor(l.Warnings(), b.Path))
			return b, nil
		}
	}
	if b, ok := briefs.LoadSamples(a.loadOptions()).Get(arg); ok {
		return b, nil
	}
	where := "no such file, and no sample brief has that ID"
	if lib != "" {
		where = "no such file, and no brief in " + lib + " or the samples has that ID"
	}
	return nil, fmt.Errorf("show: %s: %s", arg, where)
}

// warningsFor keeps the warnings about one file: a brief looked up in a
// folder should not report the problems of all its neighbours.
func warningsFor(ws []briefs.Warning, path string) []briefs.Warning {
	var out []briefs.Warning
	for _, w := range ws {
		if w.Path == path {
			out = append(out, w)
		}
	}
	return out
}

// kindWords maps what --section accepts as a kind to the kind.
var kindWords = map[string]briefs.Kind{
	"lead": briefs.KindLead,
	"why":  briefs.KindWhyItMatters, "why_it_matters": briefs.KindWhyItMatters,
	"know": briefs.KindWhatToKnow, "what_to_know": briefs.KindWhatToKnow,
	"next": briefs.KindWhatHappensNext, "what_happens_next": briefs.KindWhatHappensNext,
	"other": briefs.KindOther,
}

// selectSections returns the indexes of the sections --section names: all of
// a kind when it names one the brief has, else those whose title equals it,
// else those whose title starts with it (case-insensitive, curly apostrophes
// matching straight ones).
func selectSections(b *briefs.Brief, want string) ([]int, error) {
	fold := func(s string) string {
		return strings.ToLower(strings.TrimSpace(strings.NewReplacer("’", "'", "‘", "'").Replace(s)))
	}
	w := fold(want)
	var idx []int
	if k, ok := kindWords[strings.ReplaceAll(w, " ", "_")]; ok {
		for i, s := range b.Sections {
			if s.Kind == k {
				idx = append(idx, i)
			}
		}
		if len(idx) > 0 {
			return idx, nil
		}
	}
	for i, s := range b.Sections {
		if fold(s.Title) == w {
			idx = append(idx, i)
		}
	}
	if len(idx) > 0 {
		return idx, nil
	}
	for i, s := range b.Sections {
		if w != "" && strings.HasPrefix(fold(s.Title), w) {
			idx = append(idx, i)
		}
	}
	if len(idx) > 0 {
		return idx, nil
	}
	names := make([]string, len(b.Sections))
	for i, s := range b.Sections {
		names[i] = s.Title
		if names[i] == "" {
			names[i] = string(s.Kind)
		}
	}
	return nil, fmt.Errorf("show: no section %q in %s (it has %s)", want, b.ID, quoteList(names))
}
