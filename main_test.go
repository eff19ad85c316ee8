package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/briefing-dev/briefing/internal/termsafe"
)

// bin is the briefing binary built once for all tests: the CLI is tested as
// the real process users run, with real exit codes and real stdout/stderr.
// It is built the way a release is, with its version set at link time.
var bin string

// binVersion is the version bin is built with.
const binVersion = "v9.8.7"

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "briefing-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "briefing")
	// The reader opens the notes database at start: never the user's.
	os.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	// Nor the user's config file.
	os.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	os.Unsetenv("BRIEFING_CONFIG")
	// Nor the notes store BRIEFING_DB names (tests give --db).
	os.Unsetenv("BRIEFING_DB")
	build := exec.Command("go", "build", "-ldflags", "-X main.version="+binVersion, "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building briefing:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// runBin runs the binary with args and extra environment entries; stdout is a
// pipe, NO_COLOR and the forced-terminal switch are cleared unless given.
func runBin(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "NO_COLOR=") && !strings.HasPrefix(e, forceTTYEnv+"=") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	return runCmd(t, cmd)
}

// runCmd runs cmd and returns its output and exit code; it fails the test
// only when the command could not be run at all.
func runCmd(t *testing.T, cmd *exec.Cmd) result {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errOut.String(), code}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

const portBrief = `---
title: Port tariffs rise
date: 2026-03-04
source: Harbour Desk
tags: [trade, ports]
---

The harbour authority raised tolls on Monday.

## Why it matters

Shipping costs feed into food prices.

## What happens next

A vote on Tuesday.
`

const plainBrief = `# Council budget

The council met.

**The big picture:** money is short.
`

// corpus writes two briefs into a temp folder and returns it.
func corpus(t *testing.T) string {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "port.md"), portBrief)
	writeFile(t, filepath.Join(dir, "sub", "council.md"), plainBrief)
	return dir
}

type jsonOut struct {
	Path     *string   `json:"path"`
	ID       *string   `json:"id"`
	Title    *string   `json:"title"`
	Date     *string   `json:"date"`
	Source   *string   `json:"source"`
	Tags     *[]string `json:"tags"`
	Sections *[]struct {
		Kind  *string `json:"kind"`
		Title *string `json:"title"`
		Body  *string `json:"body"`
	} `json:"sections"`
}

var validKinds = map[string]bool{"lead": true, "why_it_matters": true, "what_to_know": true, "what_happens_next": true, "other": true}

func TestParseJSON(t *testing.T) {
	t.Parallel()
	dir := corpus(t)
	r := runBin(t, nil, "parse", "--json", dir)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	var got []jsonOut
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("not the JSON shape: %v\n%s", err, r.stdout)
	}
	if len(got) != 2 {
		t.Fatalf("%d briefs, want 2", len(got))
	}
	for i, b := range got {
		if b.Path == nil || b.ID == nil || b.Title == nil || b.Date == nil || b.Source == nil || b.Tags == nil || b.Sections == nil {
			t.Fatalf("brief %d lacks a field (or has null): %+v", i, b)
		}
		for _, s := range *b.Sections {
			if s.Kind == nil || s.Title == nil || s.Body == nil || !validKinds[*s.Kind] {
				t.Errorf("brief %d: bad section %+v", i, s)
			}
		}
	}
	port, council := got[0], got[1] // path order: port.md < sub/council.md
	if *port.Path != filepath.Join(dir, "port.md") || *council.Path != filepath.Join(dir, "sub", "council.md") {
		t.Errorf("paths %q, %q are not as given", *port.Path, *council.Path)
	}
	if *port.Title != "Port tariffs rise" || *port.Date != "2026-03-04" || *port.Source != "Harbour Desk" ||
		strings.Join(*port.Tags, ",") != "trade,ports" {
		t.Errorf("port metadata: %s %s %s %v", *port.Title, *port.Date, *port.Source, *port.Tags)
	}
	var kinds []string
	for _, s := range *port.Sections {
		kinds = append(kinds, *s.Kind)
	}
	if strings.Join(kinds, " ") != "lead why_it_matters what_happens_next" {
		t.Errorf("port kinds: %v", kinds)
	}
	if *council.Date != "" || len(*council.Tags) != 0 {
		t.Errorf("council: date %q, tags %v", *council.Date, *council.Tags)
	}
	if !strings.Contains(r.stdout, `"tags": []`) {
		t.Error(`a brief without tags must print "tags": [] (not null)`)
	}
}

func TestParseJSONDateWithTime(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.md"), "---\ntitle: A\ndate: 2026-03-04T09:30:00Z\n---\n\nText.\n")
	r := runBin(t, nil, "parse", "--json", filepath.Join(dir, "a.md"))
	if !strings.Contains(r.stdout, `"date": "2026-03-04T09:30:00Z"`) {
		t.Errorf("date with a time is not RFC 3339:\n%s", r.stdout)
	}
}

func TestParsePlainAndStats(t *testing.T) {
	t.Parallel()
	dir := corpus(t)
	r := runBin(t, nil, "parse", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		filepath.Join(dir, "port.md") + "  Port tariffs rise  2026-03-04",
		"  why_it_matters         6  Why it matters",
		"  what_happens_next      4  What happens next",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("plain output lacks %q:\n%s", want, r.stdout)
		}
	}
	r = runBin(t, nil, "parse", "--stats", dir)
	for _, want := range []string{"briefs    2\n", "  what_happens_next 1\n", "warnings  0\n", "bytes     ", "elapsed   "} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stats lack %q:\n%s", want, r.stdout)
		}
	}
}

func TestParseWarnings(t *testing.T) {
	t.Parallel()
	dir := corpus(t)
	writeFile(t, filepath.Join(dir, "bin.md"), "abc\x00def")
	r := runBin(t, nil, "parse", "--stats", dir)
	if r.code != 0 {
		t.Fatalf("a bad file among good ones must not fail: exit %d", r.code)
	}
	want := "warning: " + filepath.Join(dir, "bin.md") + ": "
	if !strings.HasPrefix(r.stderr, want) || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("stderr %q, want one line starting %q", r.stderr, want)
	}
	if !strings.Contains(r.stdout, "warnings  1\n") {
		t.Errorf("stats do not count the warning:\n%s", r.stdout)
	}
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	dir := corpus(t)
	port := filepath.Join(dir, "port.md")
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"parse without path", []string{"parse"}, 2},
		{"parse json and stats", []string{"parse", "--json", "--stats", dir}, 2},
		{"unknown flag", []string{"parse", "--bogus", dir}, 2},
		{"top-level unknown flag", []string{"--bogus"}, 2},
		{"unknown theme", []string{"--theme", "neon"}, 2},
		{"show without path", []string{"show"}, 2},
		{"show two paths", []string{"show", port, port}, 2},
		{"show bad width", []string{"show", port, "--width", "5"}, 2},
		{"show width not a number", []string{"show", port, "--width", "wide"}, 2},
		{"show unknown theme", []string{"show", port, "--theme", "neon"}, 2},
		{"show a folder", []string{"show", dir}, 2},
		{"help unknown command", []string{"help", "frobnicate"}, 2},
		{"parse missing file", []string{"parse", filepath.Join(dir, "missing.md")}, 1},
		{"show missing file", []string{"show", filepath.Join(dir, "missing.md")}, 1},
		{"show missing section", []string{"show", port, "--section", "no such section"}, 1},
		{"reader on a missing folder", []string{filepath.Join(dir, "nowhere")}, 1},
		{"reader without a terminal", []string{dir}, 1},
		{"show", []string{"show", port}, 0},
		{"help", []string{"help"}, 0},
		{"help show", []string{"help", "show"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runBin(t, nil, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d (stderr %q)", r.code, tt.code, r.stderr)
			}
			if tt.code != 0 {
				if !strings.HasPrefix(r.stderr, "briefing: ") || strings.Count(r.stderr, "\n") != 1 {
					t.Errorf("stderr %q: want one line starting with \"briefing: \"", r.stderr)
				}
				if r.stdout != "" {
					t.Errorf("stdout on error: %q", r.stdout)
				}
			}
		})
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		r := runBin(t, nil, args...)
		if r.code != 0 || r.stderr != "" {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		for _, want := range []string{"briefing [--theme T] [PATH...]", "briefing parse", "briefing show", "Examples:", "--version"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%v: usage lacks %q", args, want)
			}
		}
	}
	for _, cmd := range []string{"parse", "show"} {
		for _, h := range []string{"--help", "-h"} {
			r := runBin(t, nil, cmd, h)
			if r.code != 0 || !strings.HasPrefix(r.stdout, "Usage: briefing "+cmd) || !strings.Contains(r.stdout, "Examples:") {
				t.Errorf("%s %s: exit %d, stdout %q", cmd, h, r.code, r.stdout)
			}
		}
	}
}

func TestVersion(t *testing.T) {
	// The version is settable at link time (TestMain builds bin so).
	r := runBin(t, nil, "--version")
	if r.code != 0 || r.stdout != "briefing "+binVersion+"\n" {
		t.Errorf("--version: exit %d, %q, want briefing %s", r.code, r.stdout, binVersion)
	}
	// Without it, the build info decides, and there is always an answer.
	// (Checked in this process: linking a second binary only for this
	// made it the slowest test of the package.)
	old := version
	version = ""
	defer func() { version = old }()
	if v := buildVersion(); v == "" || strings.ContainsAny(v, " \n") {
		t.Errorf("version from the build info: %q", v)
	}
}

func TestShowPiped(t *testing.T) {
	t.Parallel()
	dir := corpus(t)
	port := filepath.Join(dir, "port.md")
	r := runBin(t, nil, "show", port)
	want := "# Port tariffs rise\n\n2026-03-04 · Harbour Desk · #trade #ports\n\n" +
		"The harbour authority raised tolls on Monday.\n\n" +
		"## Why it matters\n\nShipping costs feed into food prices.\n\n" +
		"## What happens next\n\nA vote on Tuesday.\n"
	if r.code != 0 || r.stdout != want {
		t.Errorf("show piped: exit %d\n%q\nwant\n%q", r.code, r.stdout, want)
	}
	for _, sec := range []string{"next", "what_happens_next", "WHAT HAPPENS", "what happens next"} {
		r = runBin(t, nil, "show", "--section", sec, port) // flags before the path work too
		if !strings.Contains(r.stdout, "## What happens next\n\nA vote on Tuesday.\n") || strings.Contains(r.stdout, "Why it matters") {
			t.Errorf("--section %q: %q", sec, r.stdout)
		}
	}
	// Lookup by ID in a --lib folder.
	r = runBin(t, nil, "show", "sub/council.md", "--lib", dir, "--section", "lead")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "# Council budget\n") || strings.Contains(r.stdout, "money is short") {
		t.Errorf("show by ID: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
}

func TestShowTerminal(t *testing.T) {
	t.Parallel()
	dir := corpus(t)
	port := filepath.Join(dir, "port.md")
	r := runBin(t, []string{forceTTYEnv + "=1"}, "show", port, "--width", "50")
	if r.code != 0 || !strings.Contains(r.stdout, "\x1b[") {
		t.Fatalf("terminal show is not styled: exit %d %q", r.code, r.stdout)
	}
	for _, l := range strings.Split(stripSGR(r.stdout), "\n") {
		if utf8.RuneCountInString(l) > 50 {
			t.Errorf("line wider than --width 50: %q", l)
		}
	}
	r = runBin(t, []string{forceTTYEnv + "=1", "NO_COLOR=1"}, "show", port)
	if strings.Contains(r.stdout, "\x1b") || !strings.Contains(r.stdout, "Why it matters") {
		t.Errorf("NO_COLOR: %q", r.stdout)
	}
}

// stripSGR removes SGR sequences, failing on nothing: unsafeTerminal checks them.
func stripSGR(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
				j++
			}
			if j < len(s) && s[j] == 'm' {
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unsafeTerminal reports anything in s that a terminal would act on (see
// termsafe.Check), apart from SGR styling when sgrOK. Text that is not
// rendered (markdown for a pipe, lines of list and search) is also checked
// as a markdown or HTML reader downstream decodes its character references.
func unsafeTerminal(s string, sgrOK bool) string {
	if err := termsafe.Check(s, sgrOK); err != nil {
		return err.Error()
	}
	if sgrOK {
		// Rendered: its references were decoded by the renderer. The
		// styles never write these; the brief's payloads carry them.
		for _, p := range []string{"\x1b[31337m", "\x1b[8m", "\x1b[5m"} {
			if strings.Contains(s, p) {
				return fmt.Sprintf("payload %q", p)
			}
		}
		return ""
	}
	if err := termsafe.Check(html.UnescapeString(s), false); err != nil {
		return "decoded: " + err.Error()
	}
	return ""
}

// TestHostileBrief runs testdata/hostile.md (raw ESC sequences, OSC 52
// clipboard writes, OSC 8 links, C1 as UTF-8 and raw bytes, bidi overrides,
// entities such as &#27;[2J, javascript: and file: links, a title with ESC in
// its front matter) through show, piped and as a terminal, and through parse.
func TestHostileBrief(t *testing.T) {
	t.Parallel()
	hostile := filepath.Join("testdata", "hostile.md")
	data, err := os.ReadFile(hostile)
	if err != nil {
		t.Fatal(err)
	}
	// The file must hold the payloads, or this test proves nothing.
	for _, p := range []string{"\x1b[2J", "\x1b]52;c;", "\x1b]8;;", "\xc2\x9b", "\x9b", "\u202e", "&#27;[2J", "&#x1b;", "&#155;", "javascript:", `\e[31m`,
		"&#4294967323;[31337m", "&#x10000001b;", "&#4294967453;", "&#x10000202e;", "&#" + strings.Repeat("0", 40) + "27;",
		"&#x" + strings.Repeat("0", 40) + "1b;", "`&#4294967323;", "~~&#x10000001b;", "<div>&#4294967323;"} {
		if !strings.Contains(string(data), p) {
			t.Fatalf("testdata/hostile.md lacks the payload %q", p)
		}
	}
	// check asserts that nothing a terminal acts on survives (SGR aside when
	// sgrOK) and, for rendered text, that dropped payloads are gone.
	check := func(name string, r result, sgrOK bool) {
		t.Helper()
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", name, r.code, r.stderr)
		}
		if why := unsafeTerminal(r.stdout, sgrOK); why != "" {
			t.Errorf("%s: stdout: %s", name, why)
		}
		if why := unsafeTerminal(r.stderr, false); why != "" {
			t.Errorf("%s: stderr: %s", name, why)
		}
		plain := stripSGR(r.stdout)
		if name == "parse json" {
			return // JSON carries the text as it is, escaped
		}
		// The OSC 52 payloads and the URLs of dropped links must be gone (an
		// entity such as &#x9d; goes alone: the text after it stays, harmless).
		for _, bad := range []string{"ZWNobyBwd25lZA", "cHduZWQ", "alert(document", "file:///etc", "data:text", "]8;"} {
			if strings.Contains(plain, bad) {
				t.Errorf("%s: %q survives", name, bad)
			}
		}
	}

	r := runBin(t, nil, "show", hostile)
	check("show piped", r, false)
	if !strings.HasPrefix(r.stdout, "# Hostile red title\n") {
		t.Errorf("show piped: title line %q", strings.SplitN(r.stdout, "\n", 2)[0])
	}
	for _, keep := range []string{"click me", "[a javascript link](#)", "[example](https://example.com/path)"} {
		if !strings.Contains(r.stdout, keep) {
			t.Errorf("show piped: text %q lost", keep)
		}
	}
	for _, theme := range []string{"dark", "light", "ascii", "notty"} {
		for _, width := range []string{"40", "100"} {
			r := runBin(t, []string{forceTTYEnv + "=1"}, "show", hostile, "--theme", theme, "--width", width)
			check("show terminal "+theme+"/"+width, r, true)
			if !strings.Contains(stripSGR(r.stdout), "click me") {
				t.Errorf("show terminal %s: link text lost", theme)
			}
		}
	}
	check("show section", runBin(t, []string{forceTTYEnv + "=1"}, "show", hostile, "--section", "why"), true)
	check("parse plain", runBin(t, nil, "parse", hostile), false)
	check("list", runBin(t, nil, "list", hostile), false)
	check("list query", runBin(t, nil, "list", "--query", "tag:a", hostile), false)
	for _, q := range []string{"wrapped", "code span", "31337m", "hidden", "pwned"} {
		r := runBin(t, nil, "search", q, hostile)
		check("search "+q, r, false)
		if r.stdout == "" {
			t.Errorf("search %q: no hit, so nothing was checked", q)
		}
	}
	for _, sec := range []string{"why", "lead", "next"} {
		r := runBin(t, nil, "digest", "--section", sec, hostile)
		check("digest "+sec, r, false)
		if !strings.Contains(r.stdout, "Hostile") {
			t.Errorf("digest %s: the brief is missing: %q", sec, r.stdout)
		}
	}
	check("parse stats", runBin(t, nil, "parse", "--stats", hostile), false)

	// JSON keeps the data, escaped: valid JSON with no raw control on the terminal.
	r = runBin(t, nil, "parse", "--json", hostile)
	check("parse json", r, false)
	var got []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got) != 1 {
		t.Fatalf("parse --json: %v", err)
	}
	if title, _ := got[0]["title"].(string); !strings.Contains(title, "\x1b") {
		t.Errorf("JSON should carry the title's ESC escaped, not drop it: %q", title)
	}
}

// When every file given is skipped, parse fails (like show) after the
// warnings that say why, instead of printing an empty result with exit 0.
func TestParseOnlySkippedFiles(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "binary.md")
	if err := os.WriteFile(p, []byte("# x\x00y\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runBin(t, nil, "parse", "--json", p)
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "warning: ") || !strings.Contains(r.stderr, "briefing: parse: no brief could be read") {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}
