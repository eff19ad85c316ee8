package config

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// EnvVars are the environment variables Env reads, each over the setting
// of the same name in the file.
var EnvVars = []string{
	"BRIEFING_LIBRARY", "BRIEFING_DATA", "BRIEFING_DB", "BRIEFING_THEME", "BRIEFING_GLAMOUR_STYLE",
	"BRIEFING_DENSITY", "BRIEFING_SORT", "BRIEFING_WIDTH", "BRIEFING_WATCH",
	"BRIEFING_MOUSE", "BRIEFING_DATE_FORMAT", "BRIEFING_START_VIEW",
}

// Env applies the BRIEFING_* environment variables over c: they come after
// the file and before the flags. A bad value is a problem and leaves the
// setting as the file had it. BRIEFING_LIBRARY is a list of paths separated
// as in PATH.
func (c *Config) Env(getenv func(string) string) []Problem {
	var problems []Problem
	bad := func(name, format string, args ...any) {
		problems = append(problems, Problem{File: name, Msg: fmt.Sprintf(format, args...)})
	}
	for _, name := range EnvVars {
		v := getenv(name)
		if v == "" {
			continue
		}
		switch name {
		case "BRIEFING_LIBRARY":
			c.Library = expandAll(slices.DeleteFunc(filepath.SplitList(v), func(s string) bool { return s == "" }))
		case "BRIEFING_DATA":
			c.Data = expandHome(v)
		case "BRIEFING_DB":
			// Kept even when bad, as the file's db is (see parse).
			if err := CheckDB(v); err != nil {
				bad(name, "%v", err)
			}
			c.DB = expandDB(v)
		case "BRIEFING_THEME":
			if !slices.Contains(Themes, v) {
				bad(name, "%q is not one of %s", v, strings.Join(Themes, ", "))
			} else {
				c.Theme = strings.TrimPrefix(v, "auto")
			}
		case "BRIEFING_GLAMOUR_STYLE":
			if err := CheckGlamourStyle(expandHome(v)); err != nil {
				bad(name, "%v", err)
			} else {
				c.GlamourStyle = expandHome(v)
			}
		case "BRIEFING_DENSITY":
			if !slices.Contains(Densities, v) {
				bad(name, "%q is not one of %s", v, strings.Join(Densities, ", "))
			} else {
				c.Density = v
			}
		case "BRIEFING_SORT":
			if !slices.Contains(Sorts, v) {
				bad(name, "%q is not one of %s", v, strings.Join(Sorts, ", "))
			} else {
				c.Sort = v
			}
		case "BRIEFING_WIDTH":
			if n, err := strconv.Atoi(v); err != nil || n < MinWidth || n > MaxWidth {
				bad(name, "want a number of columns from %d to %d, not %q", MinWidth, MaxWidth, v)
			} else {
				c.Width = n
			}
		case "BRIEFING_WATCH", "BRIEFING_MOUSE":
			b, err := strconv.ParseBool(v)
			if err != nil {
				bad(name, "want true or false, not %q", v)
			} else if name == "BRIEFING_WATCH" {
				c.Watch = b
			} else {
				c.Mouse = b
			}
		case "BRIEFING_DATE_FORMAT":
			if err := CheckDateFormat(v); err != nil {
				bad(name, "%v", err)
			} else {
				c.DateFormat = v
			}
		case "BRIEFING_START_VIEW":
			if _, ok := c.ViewQuery(v); !ok {
				bad(name, "no view named %q in the config file", v)
			} else {
				c.StartView = v
			}
		}
	}
	return problems
}
