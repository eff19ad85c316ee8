package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/briefing-dev/briefing/briefs"
)

func TestLoadGood(t *testing.T) {
	c, problems, err := Load("testdata/good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("problem: %s", p)
	}
	if c.File != "testdata/good.yaml" || c.Theme != "light" || c.Density != "compact" || c.Sort != "source" ||
		c.Width != 80 || c.Watch || c.Mouse || c.DateFormat != "Jan 2, 2006" || c.StartView != "ports" ||
		c.Presenters != "/etc/briefing/presenters" || !c.ProxyProtocol {
		t.Errorf("settings: %+v", c)
	}
	if !slices.Equal(c.ProxyFrom, []string{"10.0.0.0/24", "10.1.0.7"}) {
		t.Errorf("proxy_from %v", c.ProxyFrom)
	}
	if !slices.Equal(c.Library, []string{"/tmp/briefs-a", "/tmp/briefs-b"}) {
		t.Errorf("library %v", c.Library)
	}
	if q, ok := c.ViewQuery("unread"); !ok || q != "is:unread" || len(c.Views) != 2 || c.Views[0].Name != "ports" {
		t.Errorf("views %v", c.Views)
	}
	if len(c.Keys) != 7 {
		t.Errorf("keys %+v", c.Keys)
	}
	v := c.Vocabulary()
	if k := v.KindOf("Die Aussicht:"); k != briefs.KindWhatHappensNext {
		t.Errorf("Die Aussicht is %s", k)
	}
	if k := briefs.KindOf("Die Aussicht:"); k == briefs.KindWhatHappensNext {
		t.Error("the built-in vocabulary changed")
	}
}

func TestLoadUnknownAndBadValues(t *testing.T) {
	c, problems, err := Load("testdata/unknown.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		2: `unknown setting "colour"`, 3: "density", 4: "width", 5: "watch",
		7: "views: broken", 9: "start_view", 11: "sections: unknown kind", 12: "date_format",
	}
	got := map[int]string{}
	for _, p := range problems {
		got[p.Line] = p.String()
		if !strings.HasPrefix(p.String(), "testdata/unknown.yaml:") || strings.Contains(p.String(), "\n") {
			t.Errorf("not one line with the file: %q", p)
		}
	}
	for line, w := range want {
		if !strings.Contains(got[line], w) {
			t.Errorf("line %d: want %q, got %q", line, w, got[line])
		}
	}
	if len(problems) != len(want) {
		t.Errorf("want %d problems, got %d: %v", len(want), len(problems), problems)
	}
	// Each bad value keeps its default; the good ones apply.
	d := Defaults()
	if c.Theme != "dark" || c.Density != d.Density || c.Width != d.Width || c.Watch != d.Watch ||
		c.DateFormat != d.DateFormat || c.StartView != "" || len(c.Views) != 1 {
		t.Errorf("settings: %+v", c)
	}
}

func TestLoadConflictingKeys(t *testing.T) {
	_, problems, err := Load("testdata/conflict.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lines := map[int]string{}
	for _, p := range problems {
		lines[p.Line] = p.Msg
	}
	if m := lines[3]; !strings.Contains(m, "toc") || !strings.Contains(m, "next_section") {
		t.Errorf("line 3: %q", m)
	}
	if m := lines[7]; !strings.Contains(m, "up") || !strings.Contains(m, "down") {
		t.Errorf("line 7: %q", m)
	}
	if m := lines[8]; !strings.Contains(m, `"fly"`) {
		t.Errorf("line 8: %q", m)
	}
	if len(problems) != 3 {
		t.Errorf("want 3 problems (x and enter are free), got %v", problems)
	}
}

func TestLoadNotYAML(t *testing.T) {
	_, _, err := Load("testdata/broken.yaml")
	if err == nil || !strings.HasPrefix(err.Error(), "testdata/broken.yaml:") || !strings.Contains(err.Error(), "not YAML") {
		t.Fatalf("err = %v", err)
	}
	c, problems, err := Load("testdata/notmapping.yaml")
	if err != nil || len(problems) != 1 || problems[0].Line != 1 || c.Theme != "" {
		t.Errorf("a list: %v %v", problems, err)
	}
}

func TestLoadMissingAndEmpty(t *testing.T) {
	c, problems, err := Load(filepath.Join(t.TempDir(), "none.yaml"))
	if err != nil || len(problems) != 0 || c.File != "" {
		t.Errorf("missing file: %+v %v %v", c, problems, err)
	}
	empty := filepath.Join(t.TempDir(), "empty.yaml")
	os.WriteFile(empty, []byte("# nothing yet\n"), 0o600)
	c, problems, err = Load(empty)
	if err != nil || len(problems) != 0 || c.Width != DefaultWidth {
		t.Errorf("empty file: %+v %v %v", c, problems, err)
	}
}

func TestInitTextIsTheDefaults(t *testing.T) {
	c, problems, err := Parse("init", []byte(InitText))
	if err != nil || len(problems) != 0 {
		t.Fatalf("%v %v", problems, err)
	}
	c.File = ""
	d := Defaults()
	if c.Theme != d.Theme || c.Density != d.Density || c.Sort != d.Sort || c.Width != d.Width ||
		c.Watch != d.Watch || c.Mouse != d.Mouse || c.DateFormat != d.DateFormat || len(c.Library) != 0 ||
		len(c.Views) != 0 || len(c.Keys) != 0 || c.Data != "" || c.GlamourStyle != "" ||
		c.ProxyProtocol || len(c.ProxyFrom) != 0 {
		t.Errorf("init text differs from Defaults: %+v", c)
	}
}

func TestREADMEQuotesInitText(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "```yaml\n"+InitText+"```\n") {
		t.Error("README's Configuration section does not quote config.InitText: paste `briefing config init`'s file there")
	}
}

func TestEnvOverFile(t *testing.T) {
	c, _, _ := Load("testdata/good.yaml")
	env := map[string]string{"BRIEFING_DENSITY": "comfortable", "BRIEFING_WIDTH": "9", "BRIEFING_LIBRARY": "/x" + string(os.PathListSeparator) + "/y", "BRIEFING_THEME": "auto"}
	problems := c.Env(func(k string) string { return env[k] })
	if len(problems) != 1 || problems[0].File != "BRIEFING_WIDTH" {
		t.Errorf("problems %v", problems)
	}
	if c.Density != "comfortable" || c.Width != 80 || !slices.Equal(c.Library, []string{"/x", "/y"}) || c.Theme != "" {
		t.Errorf("%+v", c)
	}
}

func TestLocate(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"BRIEFING_CONFIG": "/c.yaml", "XDG_CONFIG_HOME": "/x", "HOME": "/h"}, "/c.yaml"},
		{map[string]string{"XDG_CONFIG_HOME": "/x", "HOME": "/h"}, "/x/briefing/config.yaml"},
		{map[string]string{"HOME": "/h"}, "/h/.config/briefing/config.yaml"},
		{map[string]string{}, ""},
	} {
		if got := Locate(func(k string) string { return tc.env[k] }); got != filepath.FromSlash(tc.want) {
			t.Errorf("%v: %q, want %q", tc.env, got, tc.want)
		}
	}
}

func TestGlamourStyle(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "style.json")
	os.WriteFile(good, []byte(`{"document": {"margin": 2}, "heading": {"bold": true}}`), 0o600)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"document": {"margin": "wide"}}`), 0o600)
	if err := CheckGlamourStyle(good); err != nil {
		t.Errorf("good style: %v", err)
	}
	for _, p := range []string{bad, filepath.Join(dir, "none.json"), "testdata/good.yaml"} {
		if CheckGlamourStyle(p) == nil {
			t.Errorf("%s passes", p)
		}
	}
}

// BenchmarkLoadConfig is the start-up cost of a config file: read, parse,
// check the keys and build the vocabulary.
func BenchmarkLoadConfig(b *testing.B) {
	for b.Loop() {
		c, _, err := Load("testdata/good.yaml")
		if err != nil {
			b.Fatal(err)
		}
		c.Vocabulary()
	}
}

// The README's Colemak example loads without a problem: its keys agree
// with every screen's other bindings.
func TestREADMEKeysExample(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "  ```yaml\n  keys:\n")
	if !ok {
		t.Fatal("README has no keys example")
	}
	block, _, _ := strings.Cut(rest, "  ```\n")
	c, problems, err := Parse("README", []byte("keys:\n"+block))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("README example: %s", p)
	}
	if len(c.Keys) < 3 {
		t.Errorf("README example has %d rebindings", len(c.Keys))
	}
}
