package model

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/briefing-dev/briefing/briefs"
	"github.com/charmbracelet/x/ansi"
)

// runDirectly stands in for tea.ExecProcess: it runs the command without
// handing over a terminal, and records it.
type runDirectly struct{ args [][]string }

func (r *runDirectly) exec(c *exec.Cmd, fn tea.ExecCallback) tea.Cmd {
	r.args = append(r.args, c.Args)
	return func() tea.Msg { return fn(c.Run()) }
}

func TestEditRunsTheEditorAndReloads(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake editor is a shell script")
	}
	script, err := filepath.Abs(filepath.Join("testdata", "fake-editor.sh"))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "sh "+script)
	run := &runDirectly{}
	h, _ := linkHarness(t, Options{ExecProcess: run.exec})
	path := filepath.Join(h.m.opts.Paths[0], "alpha.md")
	h.key("e")
	if len(run.args) != 1 || !slices.Equal(run.args[0], []string{"sh", script, path}) {
		t.Fatalf("editor run as %q, want %q", run.args, []string{"sh", script, path})
	}
	b := h.m.OpenBrief()
	if b == nil || b.ID != "alpha.md" || !strings.Contains(b.Raw, "the fake editor appended") {
		t.Fatalf("after the editor, the open brief is %v without the appended text", b)
	}
	r := h.m.reader.Rendered()
	if r.Hash != b.Hash || !strings.Contains(ansi.Strip(strings.Join(r.Lines, "\n")), "the fake editor appended") {
		t.Error("the reader does not show the edited brief")
	}
}

func TestEditRefused(t *testing.T) {
	run := &runDirectly{}
	lib := briefs.Load([]string{linkLibrary(t)}, briefs.LoadOptions{})
	h, _ := linkHarness(t, Options{Library: lib, NoExport: true, ExecProcess: run.exec})
	h.key("e")
	if len(run.args) != 0 || !strings.Contains(h.m.status, "off over SSH") {
		t.Errorf("served: ran %q, status %q", run.args, h.m.status)
	}

	s := newHarness(t, Options{ExecProcess: run.exec, Theme: "notty"}, 80, 24)
	s.open(s.m.Library().Briefs()[0].ID)
	s.key("e")
	if len(run.args) != 0 || !strings.Contains(s.m.status, "sample briefs") {
		t.Errorf("samples: ran %q, status %q", run.args, s.m.status)
	}
}

func TestEditorCommand(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	for _, tt := range []struct {
		vars map[string]string
		want []string
	}{
		{map[string]string{"VISUAL": "nvim", "EDITOR": "nano"}, []string{"nvim", "/b/x.md"}},
		{map[string]string{"EDITOR": "code --wait"}, []string{"code", "--wait", "/b/x.md"}},
		{map[string]string{"VISUAL": "  ", "EDITOR": ""}, []string{"vi", "/b/x.md"}},
		{map[string]string{"EDITOR": "ed; rm -rf /"}, []string{"ed;", "rm", "-rf", "/", "/b/x.md"}}, // no shell: words, not commands
	} {
		if got := editorCommand(env(tt.vars), "/b/x.md").Args; !slices.Equal(got, tt.want) {
			t.Errorf("%v: %q, want %q", tt.vars, got, tt.want)
		}
	}
}
