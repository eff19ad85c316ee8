package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/model"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/sqlite"
	"github.com/briefing-dev/briefing/ui"
)

const notesUsage = `Usage: briefing notes COMMAND [flags]

Notes and highlights on briefs, kept in the notes database the reader uses.

Commands:
  add BRIEF [--section S] [--quote TEXT] TEXT   add a note to a brief
  list [--query Q] [--json]                     list your notes
  rm ID                                         delete a note
  export --format md|json|csv [--query Q] [-o FILE]
                                                write your notes (stdout without -o)
  import FILE                                   read a JSON export back (twice adds nothing;
                                                see Import below)

BRIEF is a brief file, or an ID looked up in --lib DIR, then in the samples.

Flags:
  --data DIR   where the notes database lives (default: $XDG_DATA_HOME/briefing)
  --lib DIR    a folder of briefs to look BRIEF up in (add)
  --section S  the section: a kind (lead, why, know, next, other) or a title
               (default: the first section)
  --quote TEXT the text the note is on; it must be in the section (default: none)
  --query Q    only notes whose brief, section, quote or text contain Q
               (case-insensitive)
  --json       list as JSON (the export shape)
  --format F   md (grouped by brief and section), json or csv
  -o FILE      write the export to FILE

Import:
  A note already in the database (same id) is left as it is. The file is
  checked whole before anything is stored, and refused, with nothing
  imported, when it is not UTF-8, holds more than one export (import each
  file on its own), has "notes": null or no notes list, or has a note with
  an id that is not a briefing note ID, a section kind that is not lead,
  why_it_matters, what_to_know, what_happens_next or other, a date outside
  1678-2261, or the id of another note in the file with other content.
  Imported with a warning on stderr, counted: a leading UTF-8 byte order
  mark (skipped), a note listed twice with the same content (kept once),
  a note without a creation time (given the time of the import).

Examples:
  briefing notes add ~/briefs/port-tariffs.md --section why "Raise at Monday's meeting"
  briefing notes list --query tariffs
  briefing notes export --format md -o review.md
  briefing notes import colleague-notes.json
`

// notesCLI is what every notes subcommand shares: the store and the owner.
type notesCLI struct {
	store notes.Store
	owner string
}

// notes dispatches `briefing notes COMMAND`.
func (a *app) notes(args []string) error {
	if len(args) == 0 {
		return usageErrorf("notes: no command given (add, list, rm, export or import; see 'briefing notes --help')")
	}
	switch args[0] {
	case "-h", "--help", "-help", "help":
		fmt.Fprint(a.stdout, notesUsage)
		return errHelp
	case "add":
		return a.notesAdd(args[1:])
	case "list", "ls":
		return a.notesList(args[1:])
	case "rm", "remove", "delete":
		return a.notesRm(args[1:])
	case "export":
		return a.notesExport(args[1:])
	case "import":
		return a.notesImport(args[1:])
	}
	if strings.HasPrefix(args[0], "-") {
		return usageErrorf("notes: no command given before %s (add, list, rm, export or import)", args[0])
	}
	return usageErrorf("notes: unknown command %q (add, list, rm, export or import)", args[0])
}

// openNotes opens the notes database in dataDir.
func openNotes(dataDir string) (*notesCLI, error) {
	s, err := sqlite.Open(notes.DefaultPath(dataDir))
	if err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	return &notesCLI{store: s, owner: notes.LocalOwner()}, nil
}

func (c *notesCLI) close() { _ = c.store.Close() }

func cliContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

// notesAdd is `briefing notes add BRIEF [--section S] [--quote TEXT] TEXT`.
func (a *app) notesAdd(args []string) error {
	fs := newFlagSet("notes add")
	data := fs.String("data", "", "")
	lib := fs.String("lib", "", "")
	section := fs.String("section", "", "")
	quote := fs.String("quote", "", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "notes add", notesUsage)
	}
	if len(pos) < 2 {
		return usageErrorf("notes add: give a BRIEF and the note's TEXT (see 'briefing notes --help')")
	}
	text := strings.Join(pos[1:], " ")
	if strings.TrimSpace(text) == "" {
		return usageErrorf("notes add: the note's TEXT is empty")
	}
	b, err := a.findBrief(pos[0], *lib)
	if err != nil {
		return fmt.Errorf("notes add: %w", unwrapShow(err))
	}
	if len(b.Sections) == 0 {
		return fmt.Errorf("notes add: %s has no sections to note", b.ID)
	}
	sec := 0
	if *section != "" {
		idx, err := selectSections(b, *section)
		if err != nil {
			return fmt.Errorf("notes add: %w", unwrapShow(err))
		}
		sec = idx[0]
	}
	s := b.Sections[sec]
	n := notes.Note{
		Owner: notes.LocalOwner(), BriefID: b.ID, BriefHash: b.Hash, Body: text,
		Section: notes.Section{Kind: string(s.Kind), Title: s.Title, Index: sec},
	}
	if *quote != "" {
		at := strings.Index(s.Body, *quote)
		if at < 0 {
			return fmt.Errorf("notes add: the quote is not in section %d of %s", sec+1, b.ID)
		}
		n.Quote = *quote
		n.Before = s.Body[max(0, at-80):at]
		n.After = s.Body[at+len(*quote) : min(len(s.Body), at+len(*quote)+80)]
		n.Before, n.After = strings.ToValidUTF8(n.Before, ""), strings.ToValidUTF8(n.After, "")
	}
	c, err := openNotes(*data)
	if err != nil {
		return err
	}
	defer c.close()
	ctx, cancel := cliContext()
	defer cancel()
	saved, err := c.store.AddNote(ctx, n)
	if err != nil {
		return fmt.Errorf("notes add: %w", err)
	}
	fmt.Fprintln(a.stdout, saved.ID)
	return nil
}

// unwrapShow drops the "show: " prefix findBrief and selectSections put on
// their errors, which are shared with `briefing show`.
func unwrapShow(err error) error {
	return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "show: "))
}

// titlesOf maps a library's IDs to titles: with the samples, exports name the
// briefs users most likely took notes on without loading their folders.
func titlesOf(lib *briefs.Library) map[string]string {
	out := map[string]string{}
	for _, b := range lib.Briefs() {
		out[b.ID] = b.Title
	}
	return out
}

// allNotes reads the owner's notes, filtered by q.
func (a *app) allNotes(dataDir, q string) ([]notes.Note, map[string]string, error) {
	c, err := openNotes(dataDir)
	if err != nil {
		return nil, nil, err
	}
	defer c.close()
	ctx, cancel := cliContext()
	defer cancel()
	list, err := c.store.AllNotes(ctx, c.owner)
	if err != nil {
		return nil, nil, fmt.Errorf("notes: %w", err)
	}
	lib := briefs.LoadSamples(briefs.LoadOptions{})
	titles := titlesOf(lib)
	if strings.TrimSpace(q) == "" {
		return list, titles, nil
	}
	marks, err := c.store.Snapshot(ctx, c.owner)
	if err != nil {
		return nil, nil, fmt.Errorf("notes: %w", err)
	}
	list, err = model.FilterNotes(list, q, lib, marks, titles)
	if err != nil {
		return nil, nil, usageError{queryErrorLine(q, err)}
	}
	return list, titles, nil
}

// notesList is `briefing notes list [--query Q] [--json]`.
func (a *app) notesList(args []string) error {
	fs := newFlagSet("notes list")
	data := fs.String("data", "", "")
	query := fs.String("query", "", "")
	asJSON := fs.Bool("json", false, "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "notes list", notesUsage)
	}
	if len(pos) > 0 {
		return usageErrorf("notes list: unexpected argument %q (use --query)", pos[0])
	}
	list, titles, err := a.allNotes(*data, *query)
	if err != nil {
		return err
	}
	if *asJSON {
		return ui.ExportNotes(a.stdout, notes.FormatJSON, list, titles)
	}
	if len(list) == 0 {
		fmt.Fprintln(a.stderr, "no notes")
		return nil
	}
	for _, n := range list {
		kind := "note"
		text := n.Body
		if n.IsHighlight() {
			kind, text = "highlight", n.Quote
		}
		section := n.Section.Title
		if section == "" {
			section = n.Section.Kind
		}
		line := fmt.Sprintf("%s  %s  %s / %s  [%s] %s", n.ID, n.Updated.Local().Format("2006-01-02 15:04"),
			n.BriefID, section, kind, strings.Join(strings.Fields(text), " "))
		fmt.Fprintln(a.stdout, termsafe.Line(line))
	}
	return nil
}

// notesRm is `briefing notes rm ID`.
func (a *app) notesRm(args []string) error {
	fs := newFlagSet("notes rm")
	data := fs.String("data", "", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "notes rm", notesUsage)
	}
	if len(pos) != 1 {
		return usageErrorf("notes rm: give one note ID (see 'briefing notes list')")
	}
	c, err := openNotes(*data)
	if err != nil {
		return err
	}
	defer c.close()
	ctx, cancel := cliContext()
	defer cancel()
	if err := c.store.DeleteNote(ctx, c.owner, pos[0]); err != nil {
		return fmt.Errorf("notes rm: %s: %w", pos[0], err)
	}
	return nil
}

// notesExport is `briefing notes export --format md|json|csv [--query Q] [-o FILE]`.
func (a *app) notesExport(args []string) error {
	fs := newFlagSet("notes export")
	data := fs.String("data", "", "")
	query := fs.String("query", "", "")
	format := fs.String("format", "md", "")
	out := fs.String("o", "", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "notes export", notesUsage)
	}
	if len(pos) > 0 {
		return usageErrorf("notes export: unexpected argument %q (use -o FILE)", pos[0])
	}
	switch strings.ToLower(*format) {
	case "md", "markdown", "json", "csv":
	default:
		return usageErrorf("notes export: unknown format %q (want md, json or csv)", *format)
	}
	list, titles, err := a.allNotes(*data, *query)
	if err != nil {
		return err
	}
	var w io.Writer = a.stdout
	var f *os.File
	if *out != "" {
		if f, err = os.Create(*out); err != nil {
			return fmt.Errorf("notes export: %w", err)
		}
		w = f
	}
	if err := ui.ExportNotes(w, strings.ToLower(*format), list, titles); err != nil {
		if f != nil {
			f.Close()
		}
		return fmt.Errorf("notes export: %w", err)
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return fmt.Errorf("notes export: %w", err)
		}
		fmt.Fprintf(a.stderr, "exported %d notes to %s\n", len(list), *out)
	}
	return nil
}

// notesImport is `briefing notes import FILE`.
func (a *app) notesImport(args []string) error {
	fs := newFlagSet("notes import")
	data := fs.String("data", "", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "notes import", notesUsage)
	}
	if len(pos) != 1 {
		return usageErrorf("notes import: give one FILE (a JSON export)")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("notes import: %w", err)
	}
	defer f.Close()
	c, err := openNotes(*data)
	if err != nil {
		return err
	}
	defer c.close()
	ctx, cancel := cliContext()
	defer cancel()
	rep, err := notes.Import(ctx, c.store, f, c.owner)
	if err != nil {
		return fmt.Errorf("notes import: %w", err)
	}
	for _, w := range rep.Warnings {
		fmt.Fprintln(a.stderr, "notes import: warning: "+termsafe.Line(w))
	}
	line := fmt.Sprintf("imported %d notes", rep.Added)
	if k := rep.Existing(); k > 0 {
		line += fmt.Sprintf(" (%d already there)", k)
	}
	fmt.Fprintln(a.stdout, line)
	return nil
}
