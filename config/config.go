// Package config reads briefing's config file: one YAML file of settings,
// key rebindings, section labels and saved views. A bad value or an unknown
// key is a Problem with its line, and that setting keeps its default; only
// a file that is not YAML at all is an error. The precedence is flags, then
// BRIEFING_* environment variables (Env), then the file, then Defaults.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/briefing-dev/briefing/briefs"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/ui"
)

// Config is the settings of one run, after the file and the environment.
type Config struct {
	// File is the config file that was read; "" when there was none.
	File string
	// Library is the folders and files opened when no PATH is given;
	// empty means the built-in samples.
	Library []string
	// Data is the data folder (notes database, exports); "" means
	// $XDG_DATA_HOME/briefing.
	Data string
	// DB is where the notes are kept: a postgres:// URL (several servers
	// on one database), sqlite:PATH or a SQLite file's path; "" means the
	// SQLite file in Data. See CheckDB; a bad value is kept (and reported)
	// so that the commands that keep notes refuse it.
	DB string
	// Theme is dark, light, ascii or notty; "" (auto in the file) follows
	// the terminal's background.
	Theme string
	// GlamourStyle is a glamour JSON style file for the reader; "" means
	// the theme's standard style.
	GlamourStyle string
	// Density is how the library lists briefs: comfortable or compact.
	Density string
	// Sort is the order of the library: newest, source, folder or unread
	// (SortOrder).
	Sort string
	// Width is the widest the reading column gets.
	Width int
	// Watch follows changes to the files while reading.
	Watch bool
	// Mouse turns mouse input (wheel, clicks) on.
	Mouse bool
	// DateFormat is how dates are shown, as a Go time layout.
	DateFormat string
	// Keys are the rebindings, in the file's order (ui.KeyMap.Configure).
	Keys []ui.KeyBinding
	// Sections are the user's section labels by kind, added to the
	// built-in vocabulary.
	Sections map[briefs.Kind][]string
	// Views are the saved queries, in the file's order.
	Views []View
	// StartView is the view the library opens with; "" for none.
	StartView string
	// Presenters is the authorized_keys file of the keys that may open
	// and present briefing rooms under `briefing serve`; the --presenters
	// flag wins over it.
	Presenters string
	// ProxyProtocol makes `briefing serve` read a PROXY protocol header
	// (from a TCP load balancer) at the start of every connection and
	// refuse connections without one; the --proxy-protocol flag wins.
	ProxyProtocol bool
	// ProxyFrom are the balancers' addresses or CIDR prefixes: with
	// ProxyProtocol, connections from anywhere else are refused; the
	// --proxy-from flag wins.
	ProxyFrom []string
}

// View is a saved query with a name.
type View struct {
	Name  string
	Query string
}

// The defaults of the settings that are not empty.
const (
	DefaultDensity    = "comfortable"
	DefaultSort       = "newest"
	DefaultWidth      = 100
	DefaultDateFormat = "2006-01-02"
)

// Densities, Sorts and Themes are the values those settings take.
var (
	Densities = []string{"comfortable", "compact"}
	Sorts     = []string{"newest", "source", "folder", "unread"}
	Themes    = []string{"auto", "dark", "light", "ascii", "notty"}
)

// Width bounds: a narrower column wraps every few words; a wider one is
// no longer a column.
const (
	MinWidth = 30
	MaxWidth = 400
)

// Defaults is the configuration with no file and no environment.
func Defaults() Config {
	return Config{
		Density:    DefaultDensity,
		Sort:       DefaultSort,
		Width:      DefaultWidth,
		Watch:      true,
		Mouse:      true,
		DateFormat: DefaultDateFormat,
	}
}

// Problem is one bad setting: where it is and what is wrong. The setting
// keeps its default (or its value from a lower layer).
type Problem struct {
	File string // the config file, or the environment variable
	Line int    // 1-based; 0 for an environment variable
	Msg  string
}

// String is the problem as one line: FILE:LINE: message.
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", termsafe.Line(p.File), p.Line, termsafe.Line(p.Msg))
	}
	return termsafe.Line(p.File) + ": " + termsafe.Line(p.Msg)
}

// Locate is the config file to read: $BRIEFING_CONFIG, else
// $XDG_CONFIG_HOME/briefing/config.yaml, else
// $HOME/.config/briefing/config.yaml; "" when none of them is set.
// getenv is os.Getenv, or a test's.
func Locate(getenv func(string) string) string {
	if p := getenv("BRIEFING_CONFIG"); p != "" {
		return p
	}
	if x := getenv("XDG_CONFIG_HOME"); x != "" {
		return filepath.Join(x, "briefing", "config.yaml")
	}
	if h := getenv("HOME"); h != "" {
		return filepath.Join(h, ".config", "briefing", "config.yaml")
	}
	return ""
}

// Load reads the config file at path over the defaults. A missing file is
// no error: the defaults stand and File stays "". A file that is not YAML
// is an error naming the file and the line.
func Load(path string) (Config, []Problem, error) {
	c := Defaults()
	if path == "" {
		return c, nil, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil, nil
	}
	if err != nil {
		return c, nil, fmt.Errorf("config: %w", err)
	}
	problems, err := c.parse(path, data)
	if err != nil {
		return Defaults(), nil, err
	}
	c.File = path
	return c, problems, nil
}

// Parse reads a config file's text (name is for messages) over the defaults.
func Parse(name string, data []byte) (Config, []Problem, error) {
	c := Defaults()
	problems, err := c.parse(name, data)
	if err != nil {
		return Defaults(), nil, err
	}
	c.File = name
	return c, problems, nil
}

// yamlLine finds the line yaml.v3 puts in its messages ("yaml: line 3: …").
var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// notYAML is the error of a file that does not parse: FILE:LINE: why.
func notYAML(name string, err error) error {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return fmt.Errorf("%s:%d: not YAML: %s", name, n, m[2])
	}
	return fmt.Errorf("%s: not YAML: %v", name, err)
}

// Vocabulary is the built-in section labels plus the file's; nil when the
// file adds none (the parser then uses the built-in one, shared).
func (c Config) Vocabulary() *briefs.Vocabulary {
	n := 0
	for _, l := range c.Sections {
		n += len(l)
	}
	if n == 0 {
		return nil
	}
	v := briefs.DefaultVocabulary()
	for _, k := range sectionKinds {
		for _, l := range c.Sections[k.kind] {
			v.Add(l, k.kind)
		}
	}
	return v
}

// SortOrder is the library's order the Sort setting names; newest first
// for a name that is none of Sorts.
func (c Config) SortOrder() ui.SortOrder {
	switch c.Sort {
	case "source":
		return ui.SortSource
	case "folder":
		return ui.SortFolder
	case "unread":
		return ui.SortUnread
	}
	return ui.SortNewest
}

// ViewQuery is the query of the view named name.
func (c Config) ViewQuery(name string) (string, bool) {
	for _, v := range c.Views {
		if v.Name == name {
			return v.Query, true
		}
	}
	return "", false
}

// sectionKinds are the names the file gives the kinds, in order.
var sectionKinds = []struct {
	name string
	kind briefs.Kind
}{
	{"why", briefs.KindWhyItMatters},
	{"know", briefs.KindWhatToKnow},
	{"next", briefs.KindWhatHappensNext},
	{"other", briefs.KindOther},
}
