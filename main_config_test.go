package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "config.yaml")
	env := []string{"BRIEFING_CONFIG=" + file}
	if r := runBin(t, env, "config", "path"); r.code != 0 || !strings.Contains(r.stdout, "not found") {
		t.Errorf("path before init: %+v", r)
	}
	if r := runBin(t, env, "config", "init"); r.code != 0 {
		t.Fatalf("init: %+v", r)
	}
	if r := runBin(t, env, "config", "init"); r.code != 1 || !strings.Contains(r.stderr, "exists") {
		t.Errorf("second init: %+v", r)
	}
	if r := runBin(t, env, "config", "check"); r.code != 0 {
		t.Errorf("check of the init file: %+v", r)
	}
	r := runBin(t, nil, "config", "check", "config/testdata/unknown.yaml")
	if r.code != 1 || !strings.Contains(r.stdout, "config/testdata/unknown.yaml:2: unknown setting") {
		t.Errorf("check of a bad file: %+v", r)
	}
}

func TestListView(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "config.yaml")
	os.WriteFile(file, []byte("views:\n  memo: \"tag:nothing-has-this\"\n  all: \"\"\ncolour: red\n"), 0o600)
	env := []string{"BRIEFING_CONFIG=" + file}
	all := runBin(t, env, "list")
	if all.code != 0 || !strings.Contains(all.stderr, "config.yaml:4: unknown setting") {
		t.Fatalf("list: %+v", all)
	}
	if r := runBin(t, env, "list", "--view", "memo"); r.code != 0 || r.stdout != "" {
		t.Errorf("view memo: %+v", r)
	}
	if r := runBin(t, env, "list", "--view", "nope"); r.code != 2 || !strings.Contains(r.stderr, "memo, all") {
		t.Errorf("unknown view: %+v", r)
	}
	os.WriteFile(file, []byte("theme: [\n"), 0o600)
	if r := runBin(t, env, "list"); r.code != 1 || !strings.Contains(r.stderr, file+":") {
		t.Errorf("not YAML: %+v", r)
	}
}
