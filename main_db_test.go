package main

import (
	"bufio"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/briefing-dev/briefing/internal/pgdb/pgtest"
	"github.com/jackc/pgx/v5"
)

const dbSample = "2026-05-21-saltmarsh-desalination.md"

// TestDBSQLiteFile: --db names a SQLite file (as sqlite:PATH or PATH),
// BRIEFING_DB does when the flag is not given, and the flag wins over it.
func TestDBSQLiteFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	one, two := filepath.Join(dir, "one.db"), filepath.Join(dir, "two.db")
	if r := runBin(t, nil, "notes", "add", dbSample, "--db", "sqlite:"+one, "In file one"); r.code != 0 {
		t.Fatalf("add --db sqlite:PATH: %d %s", r.code, r.stderr)
	}
	if r := runBin(t, []string{"BRIEFING_DB=" + two}, "notes", "add", dbSample, "In file two"); r.code != 0 {
		t.Fatalf("add with BRIEFING_DB: %d %s", r.code, r.stderr)
	}
	for _, tt := range []struct {
		env  []string
		args []string
		want string
		not  string
	}{
		{nil, []string{"--db", one}, "In file one", "In file two"},
		{[]string{"BRIEFING_DB=" + two}, nil, "In file two", "In file one"},
		{[]string{"BRIEFING_DB=" + two}, []string{"--db", "sqlite:" + one}, "In file one", "In file two"},
		// Before the command, as the other global flags.
		{nil, nil, "", "In file"},
	} {
		args := append([]string{"notes", "list"}, tt.args...)
		r := runBin(t, tt.env, args...)
		if r.code != 0 || !strings.Contains(r.stdout, tt.want) || strings.Contains(r.stdout, tt.not) {
			t.Errorf("%v %v: %d\n%s%s", tt.env, args, r.code, r.stdout, r.stderr)
		}
	}
	if r := runBin(t, nil, "--db", one, "notes", "list"); r.code != 0 || !strings.Contains(r.stdout, "In file one") {
		t.Errorf("--db before the command: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestDBBadValues: a --db that is no store is a usage error, and a
// PostgreSQL server that does not answer is one line at start, without the
// password.
func TestDBBadValues(t *testing.T) {
	t.Parallel()
	r := runBin(t, nil, "notes", "list", "--db", "mysql://db.example/briefing")
	if r.code != 2 || !strings.Contains(r.stderr, "--db: want postgres://") {
		t.Errorf("--db mysql://: %d %q", r.code, r.stderr)
	}
	r = runBin(t, []string{"BRIEFING_DB=mysql://db.example/briefing"}, "notes", "list")
	if r.code != 1 || !strings.Contains(r.stderr, "BRIEFING_DB") {
		t.Errorf("BRIEFING_DB=mysql://: %d %q", r.code, r.stderr)
	}
	for _, args := range [][]string{
		{"notes", "list"},
		{"notes", "add", dbSample, "text"},
		{"list", "--query", "is:unread"},
		{"serve", "--allow-any-key", "--listen", "127.0.0.1:0", "--data", t.TempDir()},
	} {
		r = runBin(t, nil, append(args, "--db", "postgres://ana:s3cret@127.0.0.1:1/briefing?connect_timeout=2")...)
		if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "127.0.0.1:1") ||
			strings.Contains(r.stderr, "s3cret") {
			t.Errorf("%v with an unreachable server: %d %q", args, r.code, r.stderr)
		}
	}
}

// TestDBPostgres: the notes commands on PostgreSQL, by --db and by
// BRIEFING_DB; a second command (another process, as another server) sees
// what the first saved.
func TestDBPostgres(t *testing.T) {
	t.Parallel()
	url, _ := pgtest.Schema(t)
	r := runBin(t, nil, "notes", "add", dbSample, "--db", url, "--section", "why", "Kept in PostgreSQL")
	if r.code != 0 || len(strings.TrimSpace(r.stdout)) != 36 {
		t.Fatalf("add --db postgres: %d %q %q", r.code, r.stdout, r.stderr)
	}
	id := strings.TrimSpace(r.stdout)
	r = runBin(t, []string{"BRIEFING_DB=" + url}, "notes", "list")
	if r.code != 0 || !strings.Contains(r.stdout, id) || !strings.Contains(r.stdout, "Kept in PostgreSQL") {
		t.Fatalf("list with BRIEFING_DB: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runBin(t, nil, "list", "--db", url, "--query", "has:notes")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 1 || !strings.Contains(r.stdout, "Saltmarsh") {
		t.Errorf("list --query has:notes on PostgreSQL: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runBin(t, nil, "notes", "rm", id[:8], "--db", url); r.code != 0 {
		t.Fatalf("rm: %d %s", r.code, r.stderr)
	}
	if r := runBin(t, nil, "notes", "list", "--db", url); r.code != 0 || strings.Contains(r.stdout, id) {
		t.Errorf("after rm: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestServePostgres: `serve --db postgres://…` opens the store (creating
// its tables) before it listens, and stops cleanly on SIGTERM.
func TestServePostgres(t *testing.T) {
	t.Parallel()
	url, _ := pgtest.Schema(t)
	cmd, stderr := startServe(t, "--db", url)
	var log strings.Builder
	sc := bufio.NewScanner(stderr)
	listening := false
	for !listening && sc.Scan() {
		log.WriteString(sc.Text() + "\n")
		var m map[string]any
		listening = json.Unmarshal(sc.Bytes(), &m) == nil && m["event"] == "listening"
	}
	if !listening {
		t.Fatalf("no listening line; log:\n%s", log.String())
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v int
	if err := conn.QueryRow(ctx, `SELECT version FROM briefing_schema WHERE component='notes'`).Scan(&v); err != nil || v != 1 {
		t.Errorf("notes schema version = %d, %v; want the tables made at start", v, err)
	}
	go func() {
		for sc.Scan() { // keep the pipe drained
		}
	}()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v", err)
	}
}
