package ui

import (
	"strings"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
)

// This file holds what the command line prints of briefs: a brief rendered
// for a terminal or as markdown for a pipe (`briefing show`), and a digest as
// markdown (`briefing digest`). Titles and metadata are escaped with the
// reader's headingText, so the command line and the reader agree.

// RenderForTerminal renders b for a terminal with glamour: the title and a
// metadata line, then the sections listed in sectionIdx (indexes into
// b.Sections; nil means all of them, out-of-range ones are skipped). Brief text
// is sanitised and only SGR styling reaches the result. theme is "dark",
// "light", "ascii" or "notty". A brief past the render budget is shown in
// part as plain text, with a line above it that says so (Rendered.Warning).
func RenderForTerminal(b *briefs.Brief, sectionIdx []int, width int, theme string) (string, error) {
	head, err := RenderMarkdown(headerMarkdown(b), width, theme)
	if err != nil {
		return "", err
	}
	sub := *b
	sub.Sections = selectSections(b, sectionIdx)
	r, err := RenderBrief(&sub, width, theme)
	if err != nil {
		return "", err
	}
	if r.Warning != "" {
		// Said where the reader of the output sees it, above the brief.
		head += "\n\n" + strings.Join(plainLines("Note: "+r.Warning+".", width), "\n")
	}
	if r.Content == "" {
		return head + "\n", nil
	}
	return head + "\n\n" + r.Content + "\n", nil
}

// MarkdownForPipe is b as clean, sanitised markdown for a pipe: "# Title", a
// metadata line (date · source · tags) when there is any, then the sections in
// sectionIdx (nil: all), each but the lead as "## Title" and its body.
func MarkdownForPipe(b *briefs.Brief, sectionIdx []int) string {
	var out strings.Builder
	out.WriteString(headerMarkdown(b))
	for _, sec := range selectSections(b, sectionIdx) {
		out.WriteString("\n")
		if sec.Title != "" || sec.Kind != briefs.KindLead {
			out.WriteString("## " + headingText(sec.Title) + "\n\n")
		}
		if body := strings.TrimSpace(termsafe.Markdown(sec.Body)); body != "" {
			out.WriteString(body + "\n")
		}
	}
	return out.String()
}

// headerMarkdown is the title and metadata line of b, sanitised and escaped so
// that a title such as "*Hot* takes" stays text.
func headerMarkdown(b *briefs.Brief) string {
	title := headingText(b.Title)
	if title == "" {
		title = headingText(b.ID)
	}
	md := "# " + title + "\n"
	if meta := metaLine(b); meta != "" {
		md += "\n" + escapeInline(meta) + "\n"
	}
	return md
}

// metaLine joins the date, source and tags of b, each sanitised to one line.
func metaLine(b *briefs.Brief) string {
	var parts []string
	if !b.Date.IsZero() {
		parts = append(parts, b.Date.Format("2006-01-02"))
	}
	if s := strings.TrimSpace(termsafe.Line(b.Source)); s != "" {
		parts = append(parts, s)
	}
	var tags []string
	for _, t := range b.Tags {
		if t = strings.TrimSpace(termsafe.Line(t)); t != "" {
			tags = append(tags, "#"+t)
		}
	}
	if len(tags) > 0 {
		parts = append(parts, strings.Join(tags, " "))
	}
	return strings.Join(parts, " · ")
}

// selectSections returns the sections of b at idx, all of them when idx is nil.
func selectSections(b *briefs.Brief, idx []int) []briefs.Section {
	if idx == nil {
		return b.Sections
	}
	out := make([]briefs.Section, 0, len(idx))
	for _, i := range idx {
		if i >= 0 && i < len(b.Sections) {
			out = append(out, b.Sections[i])
		}
	}
	return out
}

// escapeInline escapes a clean line of text like escapeHeading, and its start too, so
// that it cannot begin a heading, list, quote, table or break.
func escapeInline(s string) string {
	s = escapeHeading(s)
	if s == "" {
		return s
	}
	if c := s[0]; c == '#' || c == '-' || c == '+' || c == '=' || c == '|' || c == '~' {
		return `\` + s
	}
	// "1. " or "1) " would start an ordered list.
	d := 0
	for d < len(s) && s[d] >= '0' && s[d] <= '9' {
		d++
	}
	if d > 0 && d < len(s) && (s[d] == '.' || s[d] == ')') {
		return s[:d] + `\` + s[d:]
	}
	return s
}

// DigestForPipe is a digest as clean markdown (briefs.DigestMarkdown over
// sanitised copies of the briefs): titles and sources cannot turn into markup
// and no control sequence from a brief reaches the output.
func DigestForPipe(entries []briefs.DigestEntry) (string, error) {
	clean := make([]briefs.DigestEntry, len(entries))
	for i, e := range entries {
		b := *e.Brief
		title := headingText(b.Title)
		if title == "" {
			title = headingText(b.ID)
		}
		b.Title = title
		b.Source = headingEscaper.Replace(strings.TrimSpace(termsafe.Line(b.Source)))
		b.Sections = make([]briefs.Section, len(e.Brief.Sections))
		for j, s := range e.Brief.Sections {
			b.Sections[j] = briefs.Section{Kind: s.Kind, Title: termsafe.Line(s.Title)}
			if j == e.Section {
				b.Sections[j].Body = termsafe.Markdown(s.Body)
			}
		}
		clean[i] = briefs.DigestEntry{Brief: &b, Section: e.Section}
	}
	var out strings.Builder
	err := briefs.DigestMarkdown(clean, &out)
	return out.String(), err
}
