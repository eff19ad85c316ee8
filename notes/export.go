package notes

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ExportFormat names the JSON export ("format" field) so Import can refuse
// a JSON file that is something else.
const ExportFormat = "briefing-notes"

// ExportVersion is the version of the JSON shape Export writes. It changes
// only when a field changes meaning or goes away; new fields are optional.
const ExportVersion = 1

// JSONExport is the documented, stable shape of `briefing notes export
// --format json`:
//
//	{
//	  "format": "briefing-notes",
//	  "version": 1,
//	  "notes": [
//	    {
//	      "id": "0b6f…",                  // UUID, the identity Import deduplicates on
//	      "owner": "ana",
//	      "brief_id": "2026/eu-ai-act",
//	      "brief_title": "EU AI Act",      // omitted when unknown
//	      "brief_hash": "9f2c…",           // omitted when empty
//	      "section": {"kind": "why_it_matters", "title": "Why it matters", "index": 1},
//	      "quote": "…", "before": "…", "after": "…",   // before/after omitted when empty
//	      "body": "…",                     // "" for a highlight
//	      "color": "yellow",               // omitted when empty
//	      "created": "2026-11-26T15:04:05.123456789Z",  // RFC 3339, UTC
//	      "updated": "2026-11-26T15:04:05.123456789Z"
//	    }
//	  ]
//	}
type JSONExport struct {
	Format  string     `json:"format"`
	Version int        `json:"version"`
	Notes   []JSONNote `json:"notes"`
}

// JSONNote is one note of JSONExport.
type JSONNote struct {
	ID         string    `json:"id"`
	Owner      string    `json:"owner"`
	BriefID    string    `json:"brief_id"`
	BriefTitle string    `json:"brief_title,omitempty"`
	BriefHash  string    `json:"brief_hash,omitempty"`
	Section    Section   `json:"section"`
	Quote      string    `json:"quote"`
	Before     string    `json:"before,omitempty"`
	After      string    `json:"after,omitempty"`
	Body       string    `json:"body"`
	Color      string    `json:"color,omitempty"`
	Created    time.Time `json:"created"`
	Updated    time.Time `json:"updated"`
}

// NewJSONNote is n in the export shape, with its brief's display title
// (empty when unknown). A store may keep a draft's note in this shape too.
func NewJSONNote(n Note, title string) JSONNote {
	return JSONNote{ID: n.ID, Owner: n.Owner, BriefID: n.BriefID, BriefTitle: title, BriefHash: n.BriefHash,
		Section: n.Section, Quote: n.Quote, Before: n.Before, After: n.After, Body: n.Body, Color: n.Color,
		Created: n.Created.UTC(), Updated: n.Updated.UTC()}
}

// Note is the note j describes, its times in UTC.
func (j JSONNote) Note() Note {
	return Note{ID: j.ID, Owner: j.Owner, BriefID: j.BriefID, BriefHash: j.BriefHash, Section: j.Section,
		Quote: j.Quote, Before: j.Before, After: j.After, Body: j.Body, Color: j.Color,
		Created: j.Created.UTC(), Updated: j.Updated.UTC()}
}

// Formats Export accepts.
const (
	FormatMarkdown = "md"
	FormatJSON     = "json"
	FormatCSV      = "csv"
)

// Export writes notes in format md, json or csv. titles maps brief IDs to
// display titles; a brief missing from it is shown by its ID. Notes are
// ordered by brief title, section index and creation time, so the output of
// the same notes is always the same.
func Export(w io.Writer, format string, notes []Note, titles map[string]string) error {
	sorted := sortForExport(notes, titles)
	switch strings.ToLower(format) {
	case FormatMarkdown, "markdown":
		return exportMarkdown(w, sorted, titles)
	case FormatJSON:
		out := JSONExport{Format: ExportFormat, Version: ExportVersion, Notes: make([]JSONNote, 0, len(sorted))}
		for _, n := range sorted {
			out.Notes = append(out.Notes, NewJSONNote(n, titles[n.BriefID]))
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case FormatCSV:
		return exportCSV(w, sorted, titles)
	}
	return fmt.Errorf("notes: unknown export format %q (want md, json or csv)", format)
}

func title(id string, titles map[string]string) string {
	if t := titles[id]; t != "" {
		return t
	}
	return id
}

func sortForExport(notes []Note, titles map[string]string) []Note {
	out := slices.Clone(notes)
	slices.SortStableFunc(out, func(a, b Note) int {
		return cmp.Or(
			cmp.Compare(strings.ToLower(title(a.BriefID, titles)), strings.ToLower(title(b.BriefID, titles))),
			cmp.Compare(a.BriefID, b.BriefID),
			cmp.Compare(a.Section.Index, b.Section.Index),
			a.Created.Compare(b.Created),
			cmp.Compare(a.ID, b.ID))
	})
	return out
}

// sectionName is how a section is headed in the markdown export: its title,
// else its kind in words ("why it matters"), else "Lead".
func sectionName(s Section) string {
	if s.Title != "" {
		return s.Title
	}
	if s.Kind != "" && s.Kind != "lead" {
		k := strings.ReplaceAll(s.Kind, "_", " ")
		return strings.ToUpper(k[:1]) + k[1:]
	}
	return "Lead"
}

// exportMarkdown writes "## brief", "### section", then per note the quote
// as a blockquote, the body, and the time: ready to paste into a report.
func exportMarkdown(w io.Writer, notes []Note, titles map[string]string) error {
	var b strings.Builder
	b.WriteString("# Notes\n")
	var brief string
	var sec Section
	for i, n := range notes {
		if i == 0 || n.BriefID != brief {
			brief, sec = n.BriefID, Section{Index: -1}
			fmt.Fprintf(&b, "\n## %s\n", oneLine(title(n.BriefID, titles)))
		}
		if n.Section.Index != sec.Index || n.Section.Title != sec.Title {
			sec = n.Section
			fmt.Fprintf(&b, "\n### %s\n", oneLine(sectionName(n.Section)))
		}
		b.WriteString("\n")
		if q := strings.TrimSpace(n.Quote); q != "" {
			for line := range strings.SplitSeq(q, "\n") {
				b.WriteString(strings.TrimRight("> "+line, " ") + "\n")
			}
			b.WriteString("\n")
		}
		if body := strings.TrimSpace(n.Body); body != "" {
			b.WriteString(body + "\n\n")
		}
		kind := "Note"
		if n.IsHighlight() {
			kind = "Highlight"
		}
		if n.Color != "" {
			kind += " (" + oneLine(n.Color) + ")"
		}
		fmt.Fprintf(&b, "*%s, %s*\n", kind, n.Created.Local().Format("2006-01-02 15:04"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// csvHeader is the first row of the CSV export.
var csvHeader = []string{"id", "owner", "brief_id", "brief_title", "section_kind", "section_title",
	"section_index", "quote", "body", "color", "created", "updated"}

func exportCSV(w io.Writer, notes []Note, titles map[string]string) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for _, n := range notes {
		row := []string{n.ID, n.Owner, n.BriefID, titles[n.BriefID], n.Section.Kind, n.Section.Title,
			strconv.Itoa(n.Section.Index), n.Quote, n.Body, n.Color,
			n.Created.UTC().Format(time.RFC3339Nano), n.Updated.UTC().Format(time.RFC3339Nano)}
		// Every cell, not a list of the risky ones: the ID and the section
		// kind were once left out and came from an import as formulas.
		for i := range row {
			row[i] = csvText(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvText keeps a spreadsheet from reading a cell as a formula: text that
// starts with = + - @ (or a tab or CR, which some strip first) gets a leading
// apostrophe, the usual way to say "this is text". Notes come from imports
// and other people's SSH sessions, so no cell of them is trusted.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
