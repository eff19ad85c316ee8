package briefs

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"
)

// frontMatter is the block of metadata at the top of a brief.
type frontMatter struct {
	end   int    // offset just past the closing delimiter line; 0 when there is none
	lang  byte   // 'y' for YAML (---), 't' for TOML (+++)
	inner string // the text between the delimiter lines
}

// maxFrontMatter bounds what the YAML and TOML decoders are given: real
// front matter is a few lines, and the decoders allocate 30 to 50 bytes per
// byte of a long block (yaml.v3 and BurntSushi/toml, 64 KiB of key = value
// lines), which must not grow with the file.
const maxFrontMatter = 64 << 10

// splitFrontMatter finds a YAML block (first line `---`, closed by `---` or
// `...`) or a TOML block (`+++` … `+++`) at the start of text. A block that
// never closes, or is over maxFrontMatter, is not front matter: the file is
// read as text from its first line, with a warning.
func splitFrontMatter(text string) (fm frontMatter, warn string) {
	first, rest, ok := strings.Cut(text, "\n")
	first = strings.TrimRight(first, " \t")
	if !ok || (first != "---" && first != "+++") {
		return fm, ""
	}
	off := len(text) - len(rest)
	for pos := off; pos < len(text); {
		line := text[pos:]
		next := len(text)
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line, next = line[:i], pos+i+1
		}
		l := strings.TrimRight(line, " \t")
		if l == first || (first == "---" && l == "...") {
			if pos-off > maxFrontMatter {
				return frontMatter{}, fmt.Sprintf("front matter larger than %d KiB: read as text", maxFrontMatter>>10)
			}
			fm.end = next
			fm.inner = text[off:pos]
			fm.lang = 'y'
			if first == "+++" {
				fm.lang = 't'
			} else if strayYAML(fm.inner) {
				return frontMatter{}, "front matter not closed"
			}
			return fm, ""
		}
		pos = next
	}
	return fm, "front matter not closed"
}

// strayYAML reports a YAML block that was never closed: the `---` that
// seemed to close it is a thematic break or a setext underline further down
// the text. Such a block does not decode as key: value pairs, and has a
// blank line or a line of prose (one that no key, list item, comment or
// continuation starts like) in it. Read as front matter, that text would be
// lost from the brief.
func strayYAML(inner string) bool {
	prose := false
	for line := range strings.Lines(inner) {
		l := strings.TrimRight(line, " \t\n")
		if l == "" {
			prose = true
			break
		}
		if c := l[0]; c != ' ' && c != '\t' && c != '-' && c != '#' && !strings.Contains(l, ":") {
			prose = true
			break
		}
	}
	if !prose {
		return false
	}
	var tmp Brief
	if _, ok := simpleYAML(&tmp, inner); ok {
		return false
	}
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(inner), &root); err != nil {
		return true
	}
	return len(root.Content) > 0 && deref(root.Content[0]).Kind != yaml.MappingNode
}

// applyFrontMatter decodes the block into b and returns warnings for what it
// could not use. The keys used are title, date, source, tags and id.
func applyFrontMatter(b *Brief, fm frontMatter) []string {
	if strings.TrimSpace(fm.inner) == "" {
		return nil
	}
	if fm.lang == 't' {
		return applyTOML(b, fm.inner)
	}
	return applyYAML(b, fm.inner)
}

func applyYAML(b *Brief, inner string) []string {
	if warns, ok := simpleYAML(b, inner); ok {
		return warns
	}
	return applyYAMLFull(b, inner)
}

// applyYAMLFull decodes front matter with yaml.v3.
func applyYAMLFull(b *Brief, inner string) []string {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(inner), &root); err != nil {
		return []string{"front matter: " + err.Error()}
	}
	if len(root.Content) == 0 {
		return nil
	}
	doc := deref(root.Content[0])
	if doc.Kind != yaml.MappingNode {
		return []string{"front matter: not a list of key: value pairs"}
	}
	var warns []string
	for i := 0; i+1 < len(doc.Content); i += 2 {
		key := strings.ToLower(doc.Content[i].Value)
		val := deref(doc.Content[i+1])
		switch key {
		case "title", "source", "id", "date":
			if val.Kind != yaml.ScalarNode {
				warns = append(warns, fmt.Sprintf("front matter: %s is not a single value", key))
				continue
			}
			warns = setField(b, key, val.Value, warns)
		case "tags":
			switch val.Kind {
			case yaml.ScalarNode:
				b.Tags = appendTags(b.Tags[:0], val.Value)
			case yaml.SequenceNode:
				b.Tags = b.Tags[:0]
				for _, t := range val.Content {
					if t = deref(t); t.Kind == yaml.ScalarNode {
						b.Tags = appendTag(b.Tags, t.Value)
					} else {
						warns = append(warns, "front matter: a tag is not a single value")
					}
				}
			default:
				warns = append(warns, "front matter: tags is not a list")
			}
		}
	}
	return warns
}

// deref follows YAML aliases (bounded: yaml.v3 rejects alias cycles).
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 16; i++ {
		n = n.Alias
	}
	return n
}

// maxTOMLNesting bounds the nesting of arrays and tables, and the parts of a
// dotted key, in TOML front matter: the TOML decoder takes time more than
// quadratic in them (8,000 dotted parts took 18 s, 2,000 nested inline
// tables 2.5 s). Real front matter nests a level or two.
const maxTOMLNesting = 32

// tomlNested reports whether TOML text nests arrays or tables, or dots a
// key, deeper than maxTOMLNesting. It reads strings and comments, so that
// brackets and dots inside them do not count; dots of numbers and dates do,
// which no real value has 32 of on a line.
func tomlNested(s string) bool {
	depth, dots := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '[', '{':
			if depth++; depth > maxTOMLNesting {
				return true
			}
		case ']', '}':
			depth = max(depth-1, 0)
		case '.':
			if dots++; dots > maxTOMLNesting {
				return true
			}
		case '\n':
			dots = 0
		case '#':
			if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
				i += j - 1
			} else {
				i = len(s)
			}
		case '"', '\'':
			i = tomlStringEnd(s, i) - 1
		}
	}
	return false
}

// tomlStringEnd returns the offset just past the TOML string opening at i
// (basic or literal, one line or multi-line), or len(s) if it never closes.
func tomlStringEnd(s string, i int) int {
	q := s[i]
	if strings.HasPrefix(s[i:], strings.Repeat(string(q), 3)) {
		delim := s[i : i+3]
		for j := i + 3; j < len(s); j++ {
			switch {
			case q == '"' && s[j] == '\\':
				j++
			case strings.HasPrefix(s[j:], delim):
				// Up to two more quotes may end the string's text.
				k := j + 3
				for k < len(s) && k < j+5 && s[k] == q {
					k++
				}
				return k
			}
		}
		return len(s)
	}
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q, '\n':
			return j + 1
		}
	}
	return len(s)
}

func applyTOML(b *Brief, inner string) []string {
	if tomlNested(inner) {
		return []string{fmt.Sprintf("front matter: nested deeper than %d levels; not read", maxTOMLNesting)}
	}
	if warns, ok := simpleTOML(b, inner); ok {
		return warns
	}
	return applyTOMLFull(b, inner)
}

// applyTOMLFull decodes front matter with the TOML decoder.
func applyTOMLFull(b *Brief, inner string) []string {
	var m map[string]any
	if _, err := toml.Decode(inner, &m); err != nil {
		return []string{"front matter: " + err.Error()}
	}
	var warns []string
	// Sorted so that warnings come out in the same order every time.
	for _, k := range slices.Sorted(maps.Keys(m)) {
		key, v := strings.ToLower(k), m[k]
		switch key {
		case "title", "source", "id":
			switch v := v.(type) {
			case string:
				warns = setField(b, key, v, warns)
			case int64, float64, bool:
				warns = setField(b, key, fmt.Sprint(v), warns)
			default:
				warns = append(warns, fmt.Sprintf("front matter: %s is not a single value", key))
			}
		case "date":
			switch v := v.(type) {
			case time.Time:
				b.Date = tomlTime(v)
			case string:
				warns = setField(b, key, v, warns)
			default:
				warns = append(warns, "front matter: date is not a date")
			}
		case "tags":
			switch v := v.(type) {
			case string:
				b.Tags = appendTags(b.Tags[:0], v)
			case []any:
				b.Tags = b.Tags[:0]
				for _, t := range v {
					if s, ok := t.(string); ok {
						b.Tags = appendTag(b.Tags, s)
					} else {
						warns = append(warns, "front matter: a tag is not a string")
					}
				}
			default:
				warns = append(warns, "front matter: tags is not a list")
			}
		}
	}
	return warns
}

// tomlTime turns TOML's local dates and times (which the decoder tags with a
// zone named "date-local" etc. at the machine's offset) into the same wall
// clock in UTC, as the YAML path does for dates without a zone.
func tomlTime(t time.Time) time.Time {
	if name, _ := t.Zone(); strings.HasSuffix(name, "-local") {
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	return t
}

func setField(b *Brief, key, val string, warns []string) []string {
	val = strings.TrimSpace(val)
	switch key {
	case "title":
		b.Title = val
	case "source":
		b.Source = val
	case "id":
		b.ID = val
	case "date":
		if val == "" {
			return warns
		}
		t, ok := parseDate(val)
		if !ok {
			return append(warns, fmt.Sprintf("front matter: date %q not understood", val))
		}
		b.Date = t
	}
	return warns
}

// appendTags reads a tags value given as one string: "a, b" is two tags.
func appendTags(tags []string, s string) []string {
	for t := range strings.SplitSeq(s, ",") {
		tags = appendTag(tags, t)
	}
	return tags
}

func appendTag(tags []string, t string) []string {
	if t = strings.TrimSpace(t); t != "" {
		tags = append(tags, t)
	}
	return tags
}

// dateLayouts are the date forms seen in briefs' front matter, most common first.
// Layouts without a zone are read as UTC.
var dateLayouts = []string{
	"2006-01-02",
	time.RFC3339,
	time.RFC3339Nano,
	"2006-01-02 15:04",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04 -0700",
	"2006-01-02 15:04 MST",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006/01/02",
	"2006/01/02 15:04",
	"2006.01.02",
	"02 Jan 2006",
	"2 Jan 2006",
	"2 January 2006",
	"Jan 2, 2006",
	"January 2, 2006",
	"Jan 2 2006",
	"January 2 2006",
	"Mon, 2 Jan 2006",
	"Mon, 02 Jan 2006",
	time.RFC1123,
	time.RFC1123Z,
	time.RFC822,
	time.RFC822Z,
	time.RFC850,
	time.ANSIC,
	time.UnixDate,
}

func parseDate(s string) (time.Time, bool) {
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
