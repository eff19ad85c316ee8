package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/model"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/ui"
)

const notesUsage = `Usage: briefing notes COMMAND [flags]

Notes and highlights on briefs, kept in the notes database the reader uses.

Commands:
  add BRIEF [--section S] [--quote TEXT] TEXT   add a note to a brief
  list [--query Q] [--lib DIR] [--json] [PATH...]
                                                list your notes
  rm ID                                         delete a note (a unique start
                                                of its ID is enough)
  export --format md|json|csv [--query Q] [--lib DIR] [-o FILE] [PATH...]
                                                write your notes (stdout without -o)
  import FILE                                   read a JSON export back (twice adds nothing;
                                                see Import below)
  migrate --from DB --to DB                     copy every owner's notes, marks and drafts
                                                into another store, then verify (see Migrate)

BRIEF is a brief file, or an ID looked up in --lib DIR, then in the samples.

Flags:
  --data DIR   where the notes database lives (default: $XDG_DATA_HOME/briefing)
  --db DB      the notes in DB instead: postgres://user@host/db, sqlite:PATH
               or a SQLite file (default: BRIEFING_DB, the config's db)
  --lib DIR    a folder of briefs: add looks BRIEF up in it; list and export
               read the briefs of your notes from it (as from PATHs given)
  --section S  the section: a kind (lead, why, know, next, other) or a title
               (default: the section the quote is in, else the first)
  --quote TEXT the text the note is on, found in any section of the brief
               (only in the section --section names, when given)
  --query Q    only the notes the query Q matches (the query language of
               'briefing list --help'): words match the note's text and
               quote and its brief's title, source and tags; section: the
               section it is on; title:, source:, tag:, date:, after:,
               before:, is: and has: its brief
  --json       list as JSON (the export shape)

Sections are counted from 0, the lead first, as "section.index" in the JSON
export counts them.

Briefs for --query: title:, source:, tag: and the dates need each note's
brief. It is looked up in the PATHs and --lib DIR given, else at its ID read
as a path from the working folder, and in the built-in samples; notes whose
brief is not found cannot match those terms, and a warning on stderr says
how many there are and how to give their folder.
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

Migrate:
  DB is a store as --db takes it: postgres://user@host/db, sqlite:PATH or a
  SQLite file. Every owner's notes (deleted ones too, for undo), stars, read
  state, reading positions and drafts are copied; a row the destination has
  already (same note ID, same brief's mark or draft) is left as it is, so a
  second run adds nothing and says so. Both sides are then read again and
  each owner's counts and a SHA-256 of its rows printed, source/destination;
  any difference exits 1. The source is only read.

Examples:
  briefing notes add ~/briefs/port-tariffs.md --section why "Raise at Monday's meeting"
  briefing notes list --query tariffs
  briefing notes list --query 'tag:ports' --lib ~/briefs
  briefing notes rm 0b6f
  briefing notes export --format md -o review.md
  briefing notes import colleague-notes.json
  briefing notes migrate --from sqlite:$HOME/.local/share/briefing/briefing.db --to postgres://briefing@db/briefing
`

// notesCLI is what every notes subcommand shares: the store and the owner.
type notesCLI struct {
	store notes.Store
	owner string
}

// notes dispatches `briefing notes COMMAND`.
func (a *app) notes(args []string) error {
	if len(args) == 0 {
		return usageErrorf("notes: no command given (add, list, rm, export, import or migrate; see 'briefing notes --help')")
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
	case "migrate":
		return a.notesMigrate(args[1:])
	}
	if strings.HasPrefix(args[0], "-") {
		return usageErrorf("notes: no command given before %s (add, list, rm, export, import or migrate)", args[0])
	}
	return usageErrorf("notes: unknown command %q (add, list, rm, export, import or migrate)", args[0])
}

// openNotes opens the notes store at (see notesAt), creating it when it is
// not there. Its errors already say "notes: ".
func openNotes(at notesAt) (*notesCLI, error) {
	s, err := at.open()
	if err != nil {
		return nil, err
	}
	return &notesCLI{store: s, owner: notes.LocalOwner()}, nil
}

// openExistingNotes opens the notes store at for a command that only reads
// it: when there is no SQLite file yet it returns nil (no notes, no marks)
// rather than create one, so that `list --data NEWDIR` leaves no file.
func openExistingNotes(at notesAt) (*notesCLI, error) {
	if !at.exists() {
		return nil, nil
	}
	return openNotes(at)
}

// notesAtFlags adds --data and --db to a command's flags; where, after the
// parse, resolves them (--db over BRIEFING_DB over the config file).
func (a *app) notesAtFlags(fs *flag.FlagSet) (where func() (notesAt, error)) {
	data := fs.String("data", "", "")
	db := fs.String("db", "", "")
	return func() (notesAt, error) { return a.at(*db, *data) }
}

// storeError is an error of the notes store under the command's own
// prefix. The store's messages start with "notes: OP: ", which repeats
// what the command says ("notes rm: notes: delete note: note not found"):
// when the error is one the store names, its name and what follows are
// enough.
func storeError(cmd string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "notes: ")
	for _, known := range []error{notes.ErrNotFound, notes.ErrReadOnly, notes.ErrDiskFull, notes.ErrBusy, notes.ErrCorrupt} {
		if errors.Is(err, known) {
			if i := strings.Index(msg, known.Error()); i >= 0 {
				msg = msg[i:]
			}
			break
		}
	}
	return fmt.Errorf("%s: %s", cmd, msg)
}

func (c *notesCLI) close() { _ = c.store.Close() }

func cliContext() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

// notesAdd is `briefing notes add BRIEF [--section S] [--quote TEXT] TEXT`.
func (a *app) notesAdd(args []string) error {
	fs := newFlagSet("notes add")
	where := a.notesAtFlags(fs)
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
	// The sections the note may go on: those --section names, else all.
	candidates := make([]int, len(b.Sections))
	for i := range candidates {
		candidates[i] = i
	}
	if *section != "" {
		if candidates, err = selectSections(b, *section); err != nil {
			return fmt.Errorf("notes add: %w", unwrapShow(err))
		}
	}
	sec, at := candidates[0], -1
	if *quote != "" {
		if sec, at = findQuote(b, candidates, *quote); at < 0 {
			where := "any section of " + b.ID
			if *section != "" {
				where = sectionList(b, candidates) + " of " + b.ID
			}
			return fmt.Errorf("notes add: the quote is not in %s", where)
		}
	}
	s := b.Sections[sec]
	n := notes.Note{
		Owner: notes.LocalOwner(), BriefID: b.ID, BriefHash: b.Hash, Body: text,
		Section: notes.Section{Kind: string(s.Kind), Title: s.Title, Index: sec},
	}
	if at >= 0 {
		n.Quote = *quote
		n.Before = s.Body[max(0, at-80):at]
		n.After = s.Body[at+len(*quote) : min(len(s.Body), at+len(*quote)+80)]
		n.Before, n.After = strings.ToValidUTF8(n.Before, ""), strings.ToValidUTF8(n.After, "")
	}
	place, err := where()
	if err != nil {
		return err
	}
	c, err := openNotes(place)
	if err != nil {
		return err
	}
	defer c.close()
	ctx, cancel := cliContext()
	defer cancel()
	saved, err := c.store.AddNote(ctx, n)
	if err != nil {
		return storeError("notes add", err)
	}
	fmt.Fprintln(a.stdout, saved.ID)
	return nil
}

// findQuote is the first of the sections (indexes into b.Sections, in
// reading order) whose body holds quote, and where in it; -1 when none does.
func findQuote(b *briefs.Brief, sections []int, quote string) (sec, at int) {
	for _, i := range sections {
		if at := strings.Index(b.Sections[i].Body, quote); at >= 0 {
			return i, at
		}
	}
	return -1, -1
}

// sectionList names sections for a message: "section 1 (Why it matters)",
// counted from 0 as the JSON export counts them.
func sectionList(b *briefs.Brief, sections []int) string {
	names := make([]string, len(sections))
	for i, idx := range sections {
		title := b.Sections[idx].Title
		if title == "" {
			title = string(b.Sections[idx].Kind)
		}
		names[i] = fmt.Sprintf("%d (%s)", idx, termsafe.Line(title))
	}
	if len(names) == 1 {
		return "section " + names[0]
	}
	return "sections " + strings.Join(names, ", ")
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

// allNotes reads the owner's notes, filtered by q. The briefs the query
// asks about (title:, source:, tag:, dates) come from the PATHs and --lib
// DIR given (see notesLibrary); partial, when not nil, is returned after the
// output: a PATH could not be read.
func (a *app) allNotes(cmd string, where func() (notesAt, error), q, libDir string, paths []string) (list []notes.Note, titles map[string]string, partial, err error) {
	at, err := where()
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := openExistingNotes(at)
	if err != nil {
		return nil, nil, nil, err
	}
	marks := notes.NewMarks(nil, nil)
	if c != nil {
		defer c.close()
		ctx, cancel := cliContext()
		defer cancel()
		if list, err = c.store.AllNotes(ctx, c.owner); err != nil {
			return nil, nil, nil, storeError(cmd, err)
		}
		if strings.TrimSpace(q) != "" {
			if marks, err = c.store.Snapshot(ctx, c.owner); err != nil {
				return nil, nil, nil, storeError(cmd, err)
			}
		}
	}
	lib, partial, err := a.notesLibrary(cmd, libDir, paths, list)
	if err != nil {
		return nil, nil, nil, err
	}
	titles = titlesOf(lib)
	if strings.TrimSpace(q) == "" {
		return list, titles, partial, nil
	}
	filtered, err := model.FilterNotes(list, q, lib, marks, titles)
	if err != nil {
		return nil, nil, nil, usageError{queryErrorLine(q, err)}
	}
	if asksAboutBriefs(q) {
		lost := 0
		for _, n := range list {
			if _, ok := lib.Get(n.BriefID); !ok {
				lost++
			}
		}
		if lost > 0 {
			fmt.Fprintf(a.stderr, "%s: warning: the briefs of %s were not found, so title:, source:, tag: and dates cannot match them (give their folder: --lib DIR or PATH)\n",
				cmd, plural(lost, "note"))
		}
	}
	return filtered, titles, partial, nil
}

// briefFields finds the query terms that are about a note's brief rather
// than the note: only the brief's file can answer them.
var briefFields = regexp.MustCompile(`(?i)(^|[\s(!-])(title|source|tag|date|after|before):`)

// asksAboutBriefs reports whether query q uses a field only a note's brief
// can answer.
func asksAboutBriefs(q string) bool { return briefFields.MatchString(q) }

// notesLibrary is the briefs a notes command can look the notes' briefs up
// in: the PATHs and --lib DIR given; without those, each note's brief ID
// read as a path from the working folder (`notes add port.md` then `notes
// list` in the same folder); and always the built-in samples.
func (a *app) notesLibrary(cmd, libDir string, paths []string, list []notes.Note) (lib *briefs.Library, partial, err error) {
	roots := slices.Clone(paths)
	if libDir != "" {
		roots = append(roots, libDir)
	}
	var own []*briefs.Brief
	if len(roots) > 0 {
		l, p, err := a.loadPaths(cmd, roots)
		if err != nil {
			return nil, nil, err
		}
		own, partial = l.Briefs(), p
	} else {
		own = briefsAtIDs(list)
	}
	samples := briefs.LoadSamples(briefs.LoadOptions{})
	return briefs.NewLibrary(append(slices.Clone(own), samples.Briefs()...), nil), partial, nil
}

// briefsAtIDs loads the briefs of the notes whose brief ID names a brief
// file under the working folder, each under its note's ID (a file loaded
// by itself would take its base name).
func briefsAtIDs(list []notes.Note) []*briefs.Brief {
	var out []*briefs.Brief
	seen := map[string]bool{}
	for _, n := range list {
		id := n.BriefID
		if seen[id] || !filepath.IsLocal(id) || !briefs.IsBriefName(id) {
			continue
		}
		seen[id] = true
		if fi, err := os.Stat(id); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		l := briefs.Load([]string{id}, briefs.LoadOptions{Workers: 1})
		for _, b := range l.Briefs() {
			c := *b
			c.ID = id
			out = append(out, &c)
		}
	}
	return out
}

// notesList is `briefing notes list [--query Q] [--json]`.
func (a *app) notesList(args []string) error {
	fs := newFlagSet("notes list")
	where := a.notesAtFlags(fs)
	query := fs.String("query", "", "")
	lib := fs.String("lib", "", "")
	asJSON := fs.Bool("json", false, "")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "notes list", notesUsage)
	}
	list, titles, partial, err := a.allNotes("notes list", where, *query, *lib, paths)
	if err != nil {
		return err
	}
	if *asJSON {
		return orPartial(ui.ExportNotes(a.stdout, notes.FormatJSON, list, titles), partial)
	}
	if len(list) == 0 {
		fmt.Fprintln(a.stderr, "no notes")
		return partial
	}
	for _, n := range list {
		fmt.Fprintln(a.stdout, ui.NoteListLine(n, false))
	}
	return partial
}

// notesRm is `briefing notes rm ID`: ID may be any start of a note's ID
// that no other note of the owner's shares (`notes list` shows them whole).
func (a *app) notesRm(args []string) error {
	fs := newFlagSet("notes rm")
	where := a.notesAtFlags(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "notes rm", notesUsage)
	}
	if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" {
		return usageErrorf("notes rm: give one note ID (see 'briefing notes list')")
	}
	prefix := strings.ToLower(strings.TrimSpace(pos[0]))
	at, err := where()
	if err != nil {
		return err
	}
	c, err := openExistingNotes(at)
	if err != nil {
		return err
	}
	if c == nil {
		return fmt.Errorf("notes rm: no note with ID %s (there are no notes yet)", termsafe.Line(prefix))
	}
	defer c.close()
	ctx, cancel := cliContext()
	defer cancel()
	all, err := c.store.AllNotes(ctx, c.owner)
	if err != nil {
		return storeError("notes rm", err)
	}
	var ids []string
	for _, n := range all {
		if strings.HasPrefix(n.ID, prefix) {
			ids = append(ids, n.ID)
		}
	}
	switch {
	case len(ids) == 0:
		return fmt.Errorf("notes rm: no note with ID %s (see 'briefing notes list')", termsafe.Line(prefix))
	case len(ids) > 1:
		return fmt.Errorf("notes rm: %s is the start of %d notes' IDs (%s); give more of it", termsafe.Line(prefix), len(ids), strings.Join(ids, ", "))
	}
	if err := c.store.DeleteNote(ctx, c.owner, ids[0]); err != nil {
		return storeError("notes rm", err)
	}
	return nil
}

// notesExport is `briefing notes export --format md|json|csv [--query Q] [-o FILE]`.
func (a *app) notesExport(args []string) error {
	fs := newFlagSet("notes export")
	where := a.notesAtFlags(fs)
	query := fs.String("query", "", "")
	format := fs.String("format", "md", "")
	lib := fs.String("lib", "", "")
	out := fs.String("o", "", "")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "notes export", notesUsage)
	}
	switch strings.ToLower(*format) {
	case "md", "markdown", "json", "csv":
	default:
		return usageErrorf("notes export: unknown format %q (want md, json or csv)", *format)
	}
	list, titles, partial, err := a.allNotes("notes export", where, *query, *lib, paths)
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
	return partial
}

// notesImport is `briefing notes import FILE`.
func (a *app) notesImport(args []string) error {
	fs := newFlagSet("notes import")
	where := a.notesAtFlags(fs)
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
	at, err := where()
	if err != nil {
		return err
	}
	c, err := openNotes(at)
	if err != nil {
		return err
	}
	defer c.close()
	ctx, cancel := cliContext()
	defer cancel()
	rep, err := notes.Import(ctx, c.store, f, c.owner)
	if err != nil {
		return storeError("notes import", err)
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
