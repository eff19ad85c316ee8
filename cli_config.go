package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/briefing-dev/briefing/config"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/model"
	"github.com/briefing-dev/briefing/ui"
)

const configUsage = `Usage: briefing config path|init|check [FILE]

  path          where the config file is looked for, and whether it was found
  init          write a commented config file with every setting at its default
                (refuses to overwrite one that exists)
  check [FILE]  check the config file (or FILE): each problem with its line;
                exit 1 if there is any
  check --actions  list the actions the keys: section can rebind

The file is $BRIEFING_CONFIG, else $XDG_CONFIG_HOME/briefing/config.yaml, else
~/.config/briefing/config.yaml. See the README's Configuration section.
`

// loadConfig reads the config file and the BRIEFING_* variables once per
// run, printing each problem on stderr as a warning; a file that is not
// YAML stops the run.
func (a *app) loadConfig() (config.Config, error) {
	c, problems, err := config.Load(config.Locate(a.getenv))
	if err != nil {
		return c, err
	}
	problems = append(problems, c.Env(a.getenv)...)
	for _, p := range problems {
		fmt.Fprintln(a.stderr, "warning: "+p.String())
	}
	return c, nil
}

// prefs are the model's settings from the config.
func (a *app) prefs() model.Prefs {
	c := a.cfg
	p := model.Prefs{
		Keys:       c.Keys,
		Vocabulary: a.vocab,
		Compact:    c.Density == "compact",
		Sort:       c.SortOrder(),
		Width:      c.Width,
		NoMouse:    !c.Mouse,
		DateFormat: c.DateFormat,
		StartView:  c.StartView,
	}
	for _, v := range c.Views {
		p.Views = append(p.Views, model.View{Name: v.Name, Query: v.Query})
	}
	if c.GlamourStyle != "" {
		// Checked when the file was read; gone since, the theme's own.
		if data, err := os.ReadFile(c.GlamourStyle); err == nil {
			p.GlamourStyle = data
		} else {
			fmt.Fprintln(a.stderr, "warning: glamour_style: "+termsafe.Line(err.Error()))
		}
	}
	return p
}

// configCmd is `briefing config path|init|check`.
func (a *app) configCmd(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(a.stdout, configUsage)
		if len(args) == 0 {
			return usageErrorf("config: want path, init or check")
		}
		return errHelp
	}
	path := config.Locate(a.getenv)
	switch args[0] {
	case "path":
		if path == "" {
			fmt.Fprintln(a.stdout, "no config file: set BRIEFING_CONFIG, XDG_CONFIG_HOME or HOME")
			return nil
		}
		if _, err := os.Stat(path); err == nil {
			fmt.Fprintln(a.stdout, termsafe.Line(path)+" (used)")
		} else {
			fmt.Fprintln(a.stdout, termsafe.Line(path)+" (not found: the defaults apply)")
		}
		return nil
	case "init":
		if len(args) > 1 {
			path = args[1]
		}
		if path == "" {
			return errors.New("config: nowhere to write: set BRIEFING_CONFIG, XDG_CONFIG_HOME or HOME")
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("config: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("config: %s exists; it is left as it is", termsafe.Line(path))
		}
		if err != nil {
			return fmt.Errorf("config: %w", err)
		}
		if _, err := f.WriteString(config.InitText); err != nil {
			f.Close()
			return fmt.Errorf("config: %w", err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("config: %w", err)
		}
		fmt.Fprintln(a.stdout, "wrote "+termsafe.Line(path))
		return nil
	case "check":
		if len(args) > 1 && args[1] == "--actions" {
			fmt.Fprintln(a.stdout, strings.Join(ui.ActionNames(), "\n"))
			return nil
		}
		if len(args) > 1 {
			path = args[1]
		}
		if _, err := os.Stat(path); err != nil || path == "" {
			return fmt.Errorf("config: no file at %q", termsafe.Line(path))
		}
		_, problems, err := config.Load(path)
		if err != nil {
			return err
		}
		for _, p := range problems {
			fmt.Fprintln(a.stdout, p.String())
		}
		if len(problems) > 0 {
			return fmt.Errorf("config: %s", plural(len(problems), "problem"))
		}
		fmt.Fprintln(a.stdout, termsafe.Line(path)+": ok")
		return nil
	}
	return usageErrorf("config: unknown action %q (want path, init or check)", args[0])
}

// viewNames are the config file's views, for a message.
func (a *app) viewNames() string {
	if len(a.cfg.Views) == 0 {
		return "none"
	}
	names := make([]string, len(a.cfg.Views))
	for i, v := range a.cfg.Views {
		names[i] = v.Name
	}
	return strings.Join(names, ", ")
}
