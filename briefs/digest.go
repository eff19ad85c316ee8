package briefs

import (
	"bufio"
	"errors"
	"io"
	"strings"

	"github.com/briefing-dev/briefing/internal/fold"
)

// SectionSelector chooses sections: by kind (why, know, next, lead) or by words
// of the section title. It is the value of the query field section: and of the
// digest's --section.
type SectionSelector struct {
	raw   string
	kinds []Kind
	words []string // folded title terms, adjacent
}

// sectionKeywords are the short names of the kinds, as typed in section: and in
// the digest prompt (w, k, n are the digest's one-key answers).
var sectionKeywords = map[string]Kind{
	"why": KindWhyItMatters, "w": KindWhyItMatters, string(KindWhyItMatters): KindWhyItMatters,
	"know": KindWhatToKnow, "k": KindWhatToKnow, string(KindWhatToKnow): KindWhatToKnow,
	"next": KindWhatHappensNext, "n": KindWhatHappensNext, string(KindWhatHappensNext): KindWhatHappensNext,
	"lead": KindLead,
}

// ParseSectionSelector reads a selector: "why", "know", "next", "lead" (or w, k,
// n, or a kind name such as what_to_know) select a kind; anything else selects
// sections whose title contains those words, adjacent, compared folded
// ("what people are saying" selects "What People Are Saying:"), and when it is
// a label of the vocabulary (KindOf), the sections of that kind too ("what's
// next" selects every what-happens-next section).
func ParseSectionSelector(s string) (SectionSelector, error) {
	sel := SectionSelector{raw: s}
	if k, ok := sectionKeywords[strings.ToLower(strings.TrimSpace(s))]; ok {
		sel.kinds = []Kind{k}
		return sel, nil
	}
	// A label of the vocabulary ("what's next", "the big picture") also selects its kind.
	if k := KindOf(s); k != KindOther && k != "" {
		sel.kinds = []Kind{k}
	}
	sel.words = fold.Terms(s)
	if len(sel.words) == 0 {
		return sel, errors.New("section: expects why, know, next, lead or words of a section title")
	}
	return sel, nil
}

// String is the selector as written.
func (s SectionSelector) String() string {
	if strings.ContainsAny(s.raw, " \t") {
		return `"` + s.raw + `"`
	}
	return s.raw
}

// Matches reports whether the selector chooses section sec.
func (s SectionSelector) Matches(sec Section) bool {
	if len(s.words) == 0 {
		return s.MatchesTerms(sec.Kind, nil)
	}
	return s.MatchesTerms(sec.Kind, fold.Terms(sec.Title))
}

// MatchesTerms is Matches for a section of kind kind whose title has the
// folded terms title (fold.Terms): for a caller that keeps them, such as the
// search index, which checks a selector against many sections.
func (s *SectionSelector) MatchesTerms(kind Kind, title []string) bool {
	for _, k := range s.kinds {
		if k == kind {
			return true
		}
	}
	return len(s.words) > 0 && fold.ContainsPhrase(title, s.words)
}

// DigestEntry is one section of one brief in a digest.
type DigestEntry struct {
	Brief   *Brief
	Section int // index into Brief.Sections
}

// Digest picks from each brief, in the given order, its first section that sel
// selects; briefs without one are left out.
func Digest(briefs []*Brief, sel SectionSelector) []DigestEntry {
	var out []DigestEntry
	for _, b := range briefs {
		for i, s := range b.Sections {
			if sel.Matches(s) {
				out = append(out, DigestEntry{Brief: b, Section: i})
				break
			}
		}
	}
	return out
}

// DigestMarkdown writes a digest as markdown: for each entry a "## Title"
// heading, a line with the date and source, and the section's body.
func DigestMarkdown(entries []DigestEntry, w io.Writer) error {
	bw := bufio.NewWriter(w)
	for i, e := range entries {
		if i > 0 {
			bw.WriteString("\n")
		}
		b := e.Brief
		title := strings.TrimSpace(b.Title)
		if title == "" {
			title = b.ID
		}
		bw.WriteString("## " + title + "\n\n")
		var meta []string
		if !b.Date.IsZero() {
			meta = append(meta, b.Date.Format("2006-01-02"))
		}
		if b.Source != "" {
			meta = append(meta, b.Source)
		}
		if len(meta) > 0 {
			bw.WriteString("*" + strings.Join(meta, " · ") + "*\n\n")
		}
		if e.Section >= 0 && e.Section < len(b.Sections) {
			body := strings.TrimSpace(b.Sections[e.Section].Body)
			if body != "" {
				bw.WriteString(body + "\n")
			}
		}
	}
	return bw.Flush()
}

// DigestText returns entries with the text of their briefs (see Full), for
// a caller about to print their sections. An entry whose file cannot be
// read any more is left out and reported; one changed since it was listed
// shows its section as it is now, when it still has it.
func DigestText(entries []DigestEntry) ([]DigestEntry, []Warning) {
	out := make([]DigestEntry, 0, len(entries))
	var warns []Warning
	for _, e := range entries {
		b, err := Full(e.Brief)
		if err != nil && !errors.Is(err, ErrChanged) {
			warns = append(warns, Warning{Path: e.Brief.Path, Reason: "left out of the digest: " + err.Error()})
			continue
		}
		out = append(out, DigestEntry{Brief: b, Section: e.Section})
	}
	return out, warns
}
