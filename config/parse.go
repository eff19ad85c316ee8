package config

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/glamour/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/search"
	"github.com/briefing-dev/briefing/ui"
	"gopkg.in/yaml.v3"
)

// disabledKey is the value that turns an action off.
const disabledKey = "<disabled>"

// parser collects the problems of one file while its settings are read.
type parser struct {
	name     string
	problems []Problem
}

func (p *parser) warn(n *yaml.Node, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.name, Line: n.Line, Msg: fmt.Sprintf(format, args...)})
}

// parse reads data over c's values; a key that is wrong keeps its value.
func (c *Config) parse(name string, data []byte) ([]Problem, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, notYAML(name, err)
	}
	p := &parser{name: name}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil // an empty file, or comments only
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return nil, nil
	}
	if root.Kind != yaml.MappingNode {
		p.warn(root, "the file should be settings, one per line as `name: value`; it is ignored")
		return p.problems, nil
	}
	var keyNodes []*yaml.Node // for the key problems' lines
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			p.warn(k, "%s is set twice; the later one counts", k.Value)
		}
		seen[k.Value] = true
		switch k.Value {
		case "library":
			if l, ok := p.strings(v, "library"); ok {
				c.Library = expandAll(l)
			}
		case "data":
			if s, ok := p.str(v, "data"); ok {
				c.Data = expandHome(s)
			}
		case "db":
			if s, ok := p.str(v, "db"); ok {
				// A bad value is kept as well as reported: the commands
				// that keep notes refuse it, rather than put notes in
				// another store than the one meant.
				if err := CheckDB(s); err != nil {
					p.warn(v, "db: %v", err)
				}
				c.DB = expandDB(s)
			}
		case "theme":
			if s, ok := p.oneOf(v, "theme", Themes); ok {
				c.Theme = strings.TrimPrefix(s, "auto")
			}
		case "glamour_style":
			if s, ok := p.str(v, "glamour_style"); ok {
				if s == "" {
					c.GlamourStyle = ""
				} else if err := CheckGlamourStyle(expandHome(s)); err != nil {
					p.warn(v, "glamour_style: %v", err)
				} else {
					c.GlamourStyle = expandHome(s)
				}
			}
		case "density":
			if s, ok := p.oneOf(v, "density", Densities); ok {
				c.Density = s
			}
		case "sort":
			if s, ok := p.oneOf(v, "sort", Sorts); ok {
				c.Sort = s
			}
		case "width":
			if n, err := strconv.Atoi(v.Value); v.Kind != yaml.ScalarNode || err != nil || n < MinWidth || n > MaxWidth {
				p.warn(v, "width: want a number of columns from %d to %d, not %q", MinWidth, MaxWidth, v.Value)
			} else {
				c.Width = n
			}
		case "watch":
			if b, ok := p.boolean(v, "watch"); ok {
				c.Watch = b
			}
		case "mouse":
			if b, ok := p.boolean(v, "mouse"); ok {
				c.Mouse = b
			}
		case "date_format":
			if s, ok := p.str(v, "date_format"); ok {
				if err := CheckDateFormat(s); err != nil {
					p.warn(v, "date_format: %v", err)
				} else {
					c.DateFormat = s
				}
			}
		case "presenters":
			if s, ok := p.str(v, "presenters"); ok {
				c.Presenters = expandHome(s)
			}
		case "proxy_protocol":
			if b, ok := p.boolean(v, "proxy_protocol"); ok {
				c.ProxyProtocol = b
			}
		case "proxy_from":
			if l, ok := p.strings(v, "proxy_from"); ok {
				c.ProxyFrom = l
			}
		case "start_view":
			if s, ok := p.str(v, "start_view"); ok {
				c.StartView = s
			}
		case "views":
			c.Views = p.views(v)
		case "sections":
			c.Sections = p.sections(v)
		case "keys":
			c.Keys, keyNodes = p.keys(v)
		default:
			p.warn(k, "unknown setting %q (see 'briefing config init' for the settings)", k.Value)
		}
	}
	if c.StartView != "" {
		if _, ok := c.ViewQuery(c.StartView); !ok {
			line := &yaml.Node{Line: 0}
			for i := 0; i+1 < len(root.Content); i += 2 {
				if root.Content[i].Value == "start_view" {
					line = root.Content[i+1]
				}
			}
			p.warn(line, "start_view: no view named %q under views", c.StartView)
			c.StartView = ""
		}
	}
	if len(c.Keys) > 0 {
		km := ui.DefaultKeyMap()
		for _, kp := range km.Configure(c.Keys) {
			p.warn(keyNodes[kp.Index], "keys: %s", kp.Msg)
		}
	}
	return p.problems, nil
}

func (p *parser) str(v *yaml.Node, key string) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		p.warn(v, "%s: want a text value", key)
		return "", false
	}
	return v.Value, true
}

func (p *parser) oneOf(v *yaml.Node, key string, allowed []string) (string, bool) {
	s, ok := p.str(v, key)
	if !ok {
		return "", false
	}
	if !slices.Contains(allowed, s) {
		p.warn(v, "%s: %q is not one of %s", key, s, strings.Join(allowed, ", "))
		return "", false
	}
	return s, true
}

func (p *parser) boolean(v *yaml.Node, key string) (bool, bool) {
	if v.Kind == yaml.ScalarNode {
		switch strings.ToLower(v.Value) {
		case "true", "yes", "on":
			return true, true
		case "false", "no", "off":
			return false, true
		}
	}
	p.warn(v, "%s: want true or false, not %q", key, v.Value)
	return false, false
}

// strings reads a list of strings, or one string as a list of one.
func (p *parser) strings(v *yaml.Node, key string) ([]string, bool) {
	if v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
		return []string{v.Value}, true
	}
	if v.Kind != yaml.SequenceNode {
		p.warn(v, "%s: want a list", key)
		return nil, false
	}
	out := make([]string, 0, len(v.Content))
	for _, e := range v.Content {
		if e.Kind != yaml.ScalarNode || e.Value == "" {
			p.warn(e, "%s: want text, not %q", key, e.Value)
			return nil, false
		}
		out = append(out, e.Value)
	}
	return out, true
}

func (p *parser) mapping(v *yaml.Node, key string) bool {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return false // "views:" with nothing under it
	}
	if v.Kind != yaml.MappingNode {
		p.warn(v, "%s: want names and values under it", key)
		return false
	}
	return true
}

func (p *parser) views(v *yaml.Node) []View {
	if !p.mapping(v, "views") {
		return nil
	}
	var out []View
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, q := v.Content[i], v.Content[i+1]
		s, ok := p.str(q, "views: "+k.Value)
		if !ok {
			continue
		}
		if k.Value == "" || strings.ContainsAny(k.Value, " \t") {
			p.warn(k, "views: a view's name is one word, not %q", k.Value)
			continue
		}
		if _, err := search.ParseQuery(s); err != nil {
			p.warn(q, "views: %s: %v", k.Value, err)
			continue
		}
		out = slices.DeleteFunc(out, func(x View) bool { return x.Name == k.Value })
		out = append(out, View{Name: k.Value, Query: s})
	}
	return out
}

func (p *parser) sections(v *yaml.Node) map[briefs.Kind][]string {
	if !p.mapping(v, "sections") {
		return nil
	}
	out := map[briefs.Kind][]string{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, l := v.Content[i], v.Content[i+1]
		idx := slices.IndexFunc(sectionKinds, func(s struct {
			name string
			kind briefs.Kind
		}) bool {
			return s.name == k.Value
		})
		if idx < 0 {
			p.warn(k, "sections: unknown kind %q (want why, know, next or other)", k.Value)
			continue
		}
		if labels, ok := p.strings(l, "sections: "+k.Value); ok {
			out[sectionKinds[idx].kind] = append(out[sectionKinds[idx].kind], labels...)
		}
	}
	return out
}

// keys reads `keys: {SCREEN: {ACTION: KEYS}}`, KEYS one key, a list of
// keys or "<disabled>"; it returns the node of each rebinding for its line.
func (p *parser) keys(v *yaml.Node) ([]ui.KeyBinding, []*yaml.Node) {
	if !p.mapping(v, "keys") {
		return nil, nil
	}
	var out []ui.KeyBinding
	var nodes []*yaml.Node
	for i := 0; i+1 < len(v.Content); i += 2 {
		screen, acts := v.Content[i], v.Content[i+1]
		if !p.mapping(acts, "keys: "+screen.Value) {
			continue
		}
		for j := 0; j+1 < len(acts.Content); j += 2 {
			a, ks := acts.Content[j], acts.Content[j+1]
			keys, ok := p.strings(ks, "keys: "+screen.Value+": "+a.Value)
			if !ok {
				continue
			}
			b := ui.KeyBinding{Screen: screen.Value, Action: a.Value, Keys: keys}
			if slices.Contains(keys, disabledKey) {
				if len(keys) > 1 {
					p.warn(ks, "keys: %s: %s stands alone", a.Value, disabledKey)
					continue
				}
				b.Keys, b.Disabled = nil, true
			}
			out = append(out, b)
			nodes = append(nodes, a)
		}
	}
	return out, nodes
}

// CheckDateFormat refuses a Go time layout that shows no part of a date
// (a typo such as "YYYY-MM-DD" would print itself for every brief).
func CheckDateFormat(layout string) error {
	ref := time.Date(2026, time.December, 7, 15, 4, 5, 0, time.UTC)
	switch out := ref.Format(layout); {
	case layout == "":
		return fmt.Errorf("empty")
	case out == layout:
		return fmt.Errorf("%q shows no date: write it as Go does, e.g. 2006-01-02 or Jan 2, 2006", layout)
	case len(out) > 40:
		return fmt.Errorf("%q is too long for a list", layout)
	}
	return nil
}

// CheckGlamourStyle reports whether path is a JSON style file glamour can
// load.
func CheckGlamourStyle(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !json.Valid(data) {
		return fmt.Errorf("%s is not JSON", path)
	}
	if _, err := glamour.NewTermRenderer(glamour.WithStylesFromJSONBytes(data)); err != nil {
		return fmt.Errorf("%s is not a glamour style: %v", path, err)
	}
	return nil
}

// expandHome turns a leading ~/ into the home folder, as a shell would.
func expandHome(p string) string {
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if h, err := os.UserHomeDir(); err == nil {
			return h + string(os.PathSeparator) + rest
		}
	}
	return p
}

func expandAll(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = expandHome(p)
	}
	return out
}
