package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestShowPathoBrief: a brief in the shapes that make the renderer
// superlinear (500 nested list markers, a run of emphasis delimiters that
// never close) is shown on a terminal at once, those parts as plain text
// under a line that says so, and nothing wider than the width.
func TestShowPathoBrief(t *testing.T) {
	t.Parallel()
	md := "# Hostile shapes\n\nA first paragraph.\n\n" + strings.Repeat("- ", 500) + "deep\n\n" +
		strings.Repeat("*_", 32<<10) + "\n\n## Why it matters\n\nThe last words.\n"
	path := filepath.Join(t.TempDir(), "patho.md")
	if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runBin(t, []string{forceTTYEnv + "=1"}, "show", path, "--width", "60")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	out := stripSGR(r.stdout)
	if !strings.Contains(out, "Note: shown in part as plain text") || !strings.Contains(out, "nested too deep") {
		t.Errorf("no warning above the brief:\n%.400s", out)
	}
	if !strings.Contains(out, "The last words.") || !strings.Contains(out, "deep") {
		t.Error("text of the brief is missing")
	}
	for _, l := range strings.Split(out, "\n") {
		if utf8.RuneCountInString(l) > 60 {
			t.Fatalf("line wider than --width 60: %.80q", l)
		}
	}
}
