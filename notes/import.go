package notes

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// MaxImportBytes bounds the file Import reads: an export of 100,000 notes
// is about 60 MB, and the whole file is checked before anything is stored.
const MaxImportBytes = 256 << 20

// ImportReport says what Import did.
type ImportReport struct {
	// Read is the number of distinct notes in the file.
	Read int
	// Added is how many of them were stored. The others were in the
	// store already (by ID, even deleted) and were left as they are.
	Added int
	// Warnings say what was read otherwise than the file has it, one
	// sentence each with its count: a byte order mark skipped, notes listed
	// twice kept once, notes without a creation time given the import's.
	Warnings []string
}

// Existing is the number of notes in the file that the store already had.
func (r ImportReport) Existing() int { return r.Read - r.Added }

var (
	utf8BOM  = []byte{0xEF, 0xBB, 0xBF}
	utf16BOM = [][]byte{{0xFF, 0xFE}, {0xFE, 0xFF}}
)

// ReadJSON reads a JSON export (the JSONExport shape) back into notes,
// checking the file as a whole first: nothing in it may be dropped or
// changed without a word. It refuses (an error, no notes) a file that is not
// UTF-8, holds anything after the export (two exports run together), has no
// "notes" list ("notes": null), or has a note without an id, owner or
// brief_id, with an id not in the form NewID gives, a section kind not in
// SectionKinds, a negative section index, a time a store cannot hold, or
// the id of another note in the file with other content. It reads with a
// warning a leading UTF-8 byte order mark (skipped), a note listed twice
// with the same content (kept once) and a note without a creation time
// (the store gives it the import's). Warnings come back as sentences.
func ReadJSON(r io.Reader) ([]Note, []string, error) {
	return readJSON(r, MaxImportBytes)
}

// readJSON is ReadJSON with the size limit as a parameter, for its test.
func readJSON(r io.Reader, limit int64) ([]Note, []string, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, nil, fmt.Errorf("notes: read export: %w", err)
	}
	if int64(len(data)) > limit {
		return nil, nil, fmt.Errorf("notes: read export: the file is larger than %s", sizeText(limit))
	}
	var warnings []string
	skipped := 0 // bytes of a byte order mark, so positions are the file's
	if bytes.HasPrefix(data, utf8BOM) {
		data, skipped = data[len(utf8BOM):], len(utf8BOM)
		warnings = append(warnings, "the file begins with a UTF-8 byte order mark, which was skipped")
	}
	for _, bom := range utf16BOM {
		if bytes.HasPrefix(data, bom) {
			return nil, nil, errors.New("notes: read export: the file is UTF-16; save it as UTF-8")
		}
	}
	// encoding/json would quietly turn invalid bytes into U+FFFD.
	if i := invalidUTF8(data); i >= 0 {
		return nil, nil, fmt.Errorf("notes: read export: the file is not valid UTF-8 (byte %d)", skipped+i)
	}
	var in struct {
		Format  string      `json:"format"`
		Version int         `json:"version"`
		Notes   *[]JSONNote `json:"notes"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&in); err != nil {
		return nil, nil, fmt.Errorf("notes: read export: %w", err)
	}
	if rest := bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		at := skipped + len(data) - len(rest)
		if rest[0] == '{' {
			return nil, nil, fmt.Errorf("notes: read export: a second export begins at byte %d; import each file on its own", at)
		}
		return nil, nil, fmt.Errorf("notes: read export: unexpected data after the export at byte %d", at)
	}
	if in.Format != ExportFormat {
		return nil, nil, fmt.Errorf("notes: read export: not a briefing notes export (format %.40q)", in.Format)
	}
	if in.Version < 1 || in.Version > ExportVersion {
		return nil, nil, fmt.Errorf("notes: read export: version %d not supported (this briefing reads up to %d)", in.Version, ExportVersion)
	}
	if in.Notes == nil {
		return nil, nil, errors.New(`notes: read export: the export has no "notes" list (it is missing or null)`)
	}
	out := make([]Note, 0, len(*in.Notes))
	type first struct{ num, at int } // its number in the file, its index in out
	seen := map[string]first{}
	twice, undated := 0, 0
	for i, j := range *in.Notes {
		n := j.Note()
		if err := checkImported(n); err != nil {
			return nil, nil, fmt.Errorf("notes: read export: note %d: %w", i+1, err)
		}
		if f, ok := seen[n.ID]; ok {
			if !sameContent(out[f.at], n) {
				return nil, nil, fmt.Errorf("notes: read export: notes %d and %d have the same id %s but differ", f.num, i+1, n.ID)
			}
			twice++
			continue
		}
		seen[n.ID] = first{num: i + 1, at: len(out)}
		if n.Created.IsZero() {
			undated++
		}
		out = append(out, n)
	}
	if twice > 0 {
		warnings = append(warnings, fmt.Sprintf("%s listed again with the same id and content; each was read once", plural(twice, "note was", "notes were")))
	}
	if undated > 0 {
		warnings = append(warnings, fmt.Sprintf("%s no creation time; the time of the import is used", plural(undated, "note has", "notes have")))
	}
	return out, warnings, nil
}

// checkImported says why an imported note cannot be taken as it is.
func checkImported(n Note) error {
	switch {
	case n.ID == "" || n.Owner == "" || n.BriefID == "":
		return errors.New("it lacks an id, owner or brief_id")
	case n.Section.Kind != "" && !slices.Contains(SectionKinds, n.Section.Kind):
		return fmt.Errorf("%w: section kind %.40q is not one of %s", ErrInvalid, n.Section.Kind, strings.Join(SectionKinds, ", "))
	case n.Section.Index < 0:
		return fmt.Errorf("%w: section index %d is negative", ErrInvalid, n.Section.Index)
	}
	return Validate(n)
}

// sameContent reports whether a and b are the same note, times compared as
// instants.
func sameContent(a, b Note) bool {
	if !a.Created.Equal(b.Created) || !a.Updated.Equal(b.Updated) {
		return false
	}
	a.Created, a.Updated = b.Created, b.Updated
	return a == b
}

// invalidUTF8 returns the offset of the first byte of data that is not
// valid UTF-8, or -1.
func invalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// sizeText is a byte count in MiB when it is whole MiB.
func sizeText(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Import reads a JSON export (see ReadJSON) into s. Notes already there
// (same ID) are skipped, so importing the same file twice adds nothing. A
// non-empty owner replaces the owner of every imported note (importing a
// colleague's export as your own). On error nothing was imported.
func Import(ctx context.Context, s NoteStore, r io.Reader, owner string) (ImportReport, error) {
	list, warnings, err := ReadJSON(r)
	if err != nil {
		return ImportReport{}, fmt.Errorf("nothing was imported: %w", err)
	}
	if owner != "" {
		for i := range list {
			list[i].Owner = owner
		}
	}
	rep := ImportReport{Read: len(list), Warnings: warnings}
	if len(list) == 0 {
		return rep, nil
	}
	rep.Added, err = s.ImportNotes(ctx, list)
	if err != nil {
		return ImportReport{}, fmt.Errorf("nothing was imported: %w", err)
	}
	return rep, nil
}
