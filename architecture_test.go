package main

import (
	"go/build"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// docs/architecture.md lists who imports whom among the project's own
// packages; it must say what the code does. Each line of its graph is
// "pkg -> a, b, c" (main is the module's root); the packages on the last
// line import none of ours.
func TestArchitectureDocMatchesImports(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	start := strings.Index(doc, "## Who imports whom")
	if start < 0 {
		t.Fatal("docs/architecture.md has no import graph")
	}
	block := doc[start:]
	block = block[strings.Index(block, "```\n")+4:]
	block = block[:strings.Index(block, "```")]

	const module = "github.com/briefing-dev/briefing"
	documented := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		from, to, ok := strings.Cut(line, "->")
		if !ok {
			t.Fatalf("graph line without ->: %q", line)
		}
		var deps []string
		if !strings.Contains(to, "standard library") {
			for _, d := range strings.Split(to, ",") {
				deps = append(deps, strings.TrimSpace(d))
			}
		}
		for _, p := range strings.Split(from, ",") {
			documented[strings.TrimSpace(p)] = deps
		}
	}

	for name, want := range documented {
		dir := "."
		if name != "main" {
			dir = filepath.FromSlash(name)
		}
		pkg, err := build.ImportDir(dir, 0)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		var got []string
		for _, imp := range pkg.Imports {
			if rest, ok := strings.CutPrefix(imp, module+"/"); ok {
				got = append(got, rest)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s imports %v; docs/architecture.md says %v", name, got, want)
		}
	}
	// Every package with code of its own is in the graph, but the tools.
	err = filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || strings.HasPrefix(path, "internal/gencorpus") || path == "internal/sshload" || path == "docs" {
			if path != "." {
				return filepath.SkipDir
			}
		}
		if _, err := build.ImportDir(path, 0); err != nil {
			return nil // no Go files of its own
		}
		name := filepath.ToSlash(path)
		if name == "." {
			name = "main"
		}
		if _, ok := documented[name]; !ok {
			t.Errorf("package %s is not in docs/architecture.md's import graph", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
