// Command briefing reads briefs in a terminal: `briefing [PATH...]` opens the
// reader, `briefing parse` prints how briefs split into sections, `briefing
// show` prints one brief. This file is wiring only: the work is done by the
// briefs and model packages.
package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/config"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/model"
	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/search"
	"github.com/charmbracelet/x/term"
)

// version is the release version; set it with
// go build -ldflags "-X main.version=v1.2.3". Empty means: ask the build info.
var version = ""

// forceTTYEnv, set to 1, makes `show` render for a terminal even when stdout is
// not one. It exists for tests (the hostile-brief test checks the terminal path
// through a pipe) and is deliberately not in the help text.
const forceTTYEnv = "BRIEFING_FORCE_TTY"

// Exit codes (and exitPartial, 3: see cli_paths.go).
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// app is one run of the command line: where output goes and what it knows of
// the terminal, so that the subcommands do not reach for globals.
type app struct {
	shortWay       bool             // the last search took the short way (fastSearch)
	now            func() time.Time // the loads' clock (briefs.LoadOptions.Now); nil: time.Now
	stdout, stderr io.Writer
	stdoutTTY      bool               // stdout is a terminal (or forced to count as one)
	termWidth      func() (int, bool) // stdout terminal width, if known
	getenv         func(string) string
	cfg            config.Config      // the config file and BRIEFING_* (loaded by run)
	vocab          *briefs.Vocabulary // the section labels, the config file's added; nil: built-in
	cacheDir       string             // the catalog's folder for the command's loads; "" reads every file
	texts          *search.Texts      // the briefs a query command's load read, for its index; nil: none kept
}

// loadOptions are the options every load of the command line uses: the
// config file's section labels, and the catalog when the command uses it.
func (a *app) loadOptions() briefs.LoadOptions {
	o := briefs.LoadOptions{Vocabulary: a.vocab, CacheDir: a.cacheDir, Now: a.now}
	if a.texts != nil {
		o.OnRead = a.texts.Add
	}
	return o
}

func main() {
	out := os.Stdout
	a := &app{
		stdout:    out,
		stderr:    os.Stderr,
		stdoutTTY: term.IsTerminal(out.Fd()) || os.Getenv(forceTTYEnv) == "1",
		termWidth: func() (int, bool) {
			w, _, err := term.GetSize(out.Fd())
			return w, err == nil && w > 0
		},
		getenv: os.Getenv,
	}
	os.Exit(a.run(os.Args[1:]))
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// errHelp reports that help was asked for and printed: exit 0.
var errHelp = errors.New("help requested")

// run dispatches to a subcommand and turns its error into an exit code and one
// line on stderr.
func (a *app) run(args []string) int {
	var err error
	args = hoistGlobalFlags(args)
	if len(args) == 0 || args[0] != "config" {
		if a.cfg, err = a.loadConfig(); err != nil {
			fmt.Fprintln(a.stderr, "briefing: "+termsafe.Line(err.Error()))
			return exitFailure
		}
		a.vocab = a.cfg.Vocabulary()
	}
	switch {
	case len(args) > 0 && args[0] == "config":
		err = a.configCmd(args[1:])
	case len(args) > 0 && args[0] == "parse":
		err = a.parse(args[1:])
	case len(args) > 0 && args[0] == "show":
		err = a.show(args[1:])
	case len(args) > 0 && args[0] == "help":
		err = a.help(args[1:])
	case len(args) > 0 && args[0] == "notes":
		err = a.notes(args[1:])
	case len(args) > 0 && args[0] == "list":
		err = a.list(args[1:])
	case len(args) > 0 && args[0] == "search":
		err = a.search(args[1:])
	case len(args) > 0 && args[0] == "digest":
		err = a.digest(args[1:])
	case len(args) > 0 && args[0] == "serve":
		err = a.serve(args[1:])
	default:
		err = a.read(args)
	}
	var ue usageError
	var pe partialError
	switch {
	case err == nil, errors.Is(err, errHelp):
		return exitOK
	case errors.As(err, &pe):
		fmt.Fprintln(a.stderr, "briefing: "+termsafe.Line(pe.Error()))
		return exitPartial
	case errors.As(err, &ue):
		fmt.Fprintln(a.stderr, "briefing: "+termsafe.Line(ue.msg))
		return exitUsage
	default:
		fmt.Fprintln(a.stderr, "briefing: "+termsafe.Line(err.Error()))
		return exitFailure
	}
}

const topUsage = `briefing reads briefs (news and policy explainers in markdown or text) in the terminal.

Usage:
  briefing [--theme T] [PATH...]          open the reader (no PATH: the built-in samples)
  briefing parse [--json|--stats] PATH... print how briefs split into sections
  briefing show PATH|ID [flags]           print one brief (styled on a terminal, markdown in a pipe)
  briefing notes add|list|rm|export|import|migrate  notes on briefs from the command line
  briefing list [--query Q] [--json] [PATH...]      list briefs, or those matching a query
  briefing search Q [--json] [--limit N] [PATH...]  full-text search, best match first
  briefing digest --section S [--query Q] [PATH...] one section from every brief, as markdown
  briefing serve --authorized-keys FILE [PATH...]  serve the library over SSH (see SECURITY.md)
  briefing config path|init|check         the config file (settings, keys, labels, views)
  briefing help [COMMAND]                 show help for a command

Examples:
  briefing ~/briefs
  briefing parse --json ~/briefs/port-tariffs.md
  briefing parse --stats ~/briefs
  briefing show ~/briefs/port-tariffs.md --section why
  briefing show port-tariffs.md --lib ~/briefs --section "what's next" | less

Flags:
  --theme T    dark, light, ascii or notty (default: the terminal's background; NO_COLOR gives notty)
  --data DIR   where the notes database lives (default: $XDG_DATA_HOME/briefing)
  --db DB      keep notes in DB instead: postgres://user@host/db, or a SQLite
               file (sqlite:PATH or PATH); default: BRIEFING_DB, the config's
               db, else the SQLite file in the data folder
  --no-watch   do not follow changes to the files while reading (they are by default)
  --version    print the version and exit
  -h, --help   show this help

Run 'briefing COMMAND --help' for the flags of a command.
`

// read opens the reader: `briefing [--theme T] [PATH...]`.
func (a *app) read(args []string) error {
	fs := newFlagSet("briefing")
	theme := fs.String("theme", "", "")
	dataDir := fs.String("data", "", "")
	db := fs.String("db", "", "")
	noWatch := fs.Bool("no-watch", false, "")
	showVersion := fs.Bool("version", false, "")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "briefing", topUsage)
	}
	if *showVersion {
		fmt.Fprintln(a.stdout, "briefing "+buildVersion())
		return nil
	}
	if !model.ValidTheme(*theme) {
		return usageErrorf("unknown theme %q (want dark, light, ascii or notty)", *theme)
	}
	if len(paths) > 0 && looksLikeCommand(paths[0]) {
		if _, err := os.Stat(paths[0]); err != nil {
			return unknownCommand(paths[0])
		}
	}
	if err := anyExists(paths); err != nil {
		return err
	}
	// Flags, then BRIEFING_* and the config file (already merged in a.cfg).
	if len(paths) == 0 {
		paths = a.cfg.Library
		if err := anyExists(paths); err != nil {
			return fmt.Errorf("library in the config file: %w", err)
		}
	}
	*theme = cmp.Or(*theme, a.cfg.Theme)
	*dataDir = cmp.Or(*dataDir, a.cfg.Data)
	at, err := a.at(*db, *dataDir)
	if err != nil {
		return err
	}
	openStore, err := at.opener()
	if err != nil {
		return err
	}
	if err := model.Run(model.Options{Paths: paths, Theme: *theme, DataDir: *dataDir, CacheDir: cacheDir(*dataDir), NoWatch: *noWatch || !a.cfg.Watch,
		OpenStore: openStore, QueryHistory: notes.HistoryPath(*dataDir), Prefs: a.prefs(),
		IndexPath: indexPath(*dataDir, paths)}); err != nil {
		if !term.IsTerminal(os.Stdout.Fd()) {
			return fmt.Errorf("the reader needs an interactive terminal (in scripts use 'briefing parse' or 'briefing show'): %w", err)
		}
		return err
	}
	return nil
}

// anyExists fails when none of the paths given exists: the reader would only
// show an empty library. Some missing paths are fine; the reader lists them
// as warnings beside the briefs that did load.
func anyExists(paths []string) error {
	var first error
	for _, p := range paths {
		_, err := os.Stat(p)
		if err == nil {
			return nil
		}
		if first == nil {
			first = fmt.Errorf("%s: %w", termsafe.Line(p), errors.Unwrap(err))
		}
	}
	return first
}

// help prints the usage of the program or of one command.
func (a *app) help(args []string) error {
	switch {
	case len(args) == 0:
		fmt.Fprint(a.stdout, topUsage)
	case args[0] == "parse":
		fmt.Fprint(a.stdout, parseUsage)
	case args[0] == "show":
		fmt.Fprint(a.stdout, showUsage)
	case args[0] == "notes":
		fmt.Fprint(a.stdout, notesUsage)
	case args[0] == "list":
		fmt.Fprint(a.stdout, listUsage)
	case args[0] == "search":
		fmt.Fprint(a.stdout, searchUsage)
	case args[0] == "digest":
		fmt.Fprint(a.stdout, digestUsage)
	case args[0] == "serve":
		fmt.Fprint(a.stdout, serveUsage)
	case args[0] == "config":
		fmt.Fprint(a.stdout, configUsage)
	default:
		return unknownCommand(args[0])
	}
	return nil
}

// newFlagSet returns a FlagSet that reports nothing itself: errors become one
// line from run, help is printed by flagError.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// flagError turns a flag parsing error into help (printed, exit 0) or a usage error.
func (a *app) flagError(err error, cmd, usage string) error {
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(a.stdout, usage)
		return errHelp
	}
	if cmd == "briefing" { // the reader: run adds the only prefix needed
		return usageErrorf("%v (see 'briefing --help')", err)
	}
	return usageErrorf("%s: %v (see 'briefing %s --help')", cmd, err, cmd)
}

// parseInterspersed parses flags that may come before, between or after the
// positional arguments ("show FILE --section why"), which flag.Parse alone
// does not allow. Everything after "--" is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	// A query such as '-water grid' or '-tag:x' starts with a dash but can
	// never be a flag (flag names hold no space, quote or colon): it stands
	// aside under a placeholder while the flags are parsed.
	queries := map[string]string{}
	args = slices.Clone(args)
	for i, a := range args {
		if len(a) > 1 && a[0] == '-' && strings.ContainsAny(a, " \t\"':") && !strings.HasPrefix(a, "--") {
			ph := fmt.Sprintf("\x00query%d", i)
			queries[ph] = a
			args[i] = ph
		}
	}
	restore := func(pos []string) []string {
		for i, p := range pos {
			if q, ok := queries[p]; ok {
				pos[i] = q
			}
		}
		return pos
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		consumed := len(args) - fs.NArg()
		if consumed > 0 && args[consumed-1] == "--" {
			return restore(append(positional, fs.Args()...)), nil
		}
		if fs.NArg() == 0 {
			return restore(positional), nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// subcommands are the first words run dispatches on.
var subcommands = map[string]bool{
	"parse": true, "show": true, "help": true, "notes": true, "list": true,
	"search": true, "digest": true, "serve": true, "config": true,
}

// hoistGlobalFlags moves the reader's flags that come before a subcommand
// (`briefing --data D notes list`) after it, where the subcommand parses
// them: --help lists them as global flags, so people write them first.
func hoistGlobalFlags(args []string) []string {
	i := 0
	for i < len(args) {
		name, _, hasValue := strings.Cut(args[i], "=")
		if name != "--data" && name != "-data" && name != "--db" && name != "-db" && name != "--theme" && name != "-theme" {
			break
		}
		if hasValue {
			i++
		} else {
			i += 2
		}
	}
	if i == 0 || i >= len(args) || !subcommands[args[i]] {
		return args
	}
	out := append([]string{args[i]}, args[i+1:]...)
	return append(out, args[:i]...)
}

// buildVersion is the version to print: the -ldflags value, else the module
// version or VCS revision recorded by the Go toolchain, else "dev".
func buildVersion() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "-dirty"
			}
		}
	}
	if rev != "" {
		return "dev-" + rev[:min(12, len(rev))] + dirty
	}
	return "dev"
}

// theme picks the glamour theme for show: the flag, else NO_COLOR, else dark.
// The terminal is never queried: it may not answer (or, over SSH, not be ours).
func (a *app) theme(flagValue string) (string, error) {
	if flagValue != "" {
		if !model.ValidTheme(flagValue) {
			return "", usageErrorf("unknown theme %q (want dark, light, ascii or notty)", flagValue)
		}
		return flagValue, nil
	}
	if a.getenv("NO_COLOR") != "" {
		return "notty", nil
	}
	return "dark", nil
}

// quoteList formats names for a message: "a", "b", "c".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
