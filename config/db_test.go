package config

import (
	"strings"
	"testing"
)

func TestCheckDB(t *testing.T) {
	for _, tt := range []struct {
		in, err string
	}{
		{"", ""},
		{"postgres://ana:pw@db.example:5432/briefing?sslmode=disable", ""},
		{"postgresql:///briefing?host=/run/postgresql", ""},
		{"sqlite:/var/lib/briefing/notes.db", ""},
		{"/var/lib/briefing/notes.db", ""},
		{"notes.db", ""},
		{"postgres:///briefing", "needs a host"},
		{"postgres://ana:s3cret@db.example:bad/x", "not a valid"},
		{"sqlite:", "needs a file"},
		{"mysql://db.example/briefing", "want postgres://"},
	} {
		err := CheckDB(tt.in)
		if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("CheckDB(%q) = %v, want %q", tt.in, err, tt.err)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("CheckDB(%q) shows the password: %v", tt.in, err)
		}
	}
}

// The file's db is read and checked; BRIEFING_DB wins over it.
func TestDBSetting(t *testing.T) {
	c, problems, err := Parse("c.yaml", []byte("db: postgres://ana@db.example/briefing\n"))
	if err != nil || len(problems) != 0 || c.DB != "postgres://ana@db.example/briefing" {
		t.Fatalf("db from the file = %q, %v, %v", c.DB, problems, err)
	}
	env := map[string]string{"BRIEFING_DB": "sqlite:/srv/notes.db"}
	if p := c.Env(func(k string) string { return env[k] }); len(p) != 0 || c.DB != "sqlite:/srv/notes.db" {
		t.Errorf("BRIEFING_DB: db = %q, %v", c.DB, p)
	}
	// A bad value is reported and kept, for the commands to refuse.
	env["BRIEFING_DB"] = "mysql://x/y"
	if p := c.Env(func(k string) string { return env[k] }); len(p) != 1 || c.DB != "mysql://x/y" {
		t.Errorf("a bad BRIEFING_DB: db = %q, problems %v; want one problem and the value kept", c.DB, p)
	}
	c, problems, _ = Parse("c.yaml", []byte("db: mysql://x/y\n"))
	if len(problems) != 1 || problems[0].Line != 1 || c.DB != "mysql://x/y" {
		t.Errorf("a bad db in the file: %q, %v", c.DB, problems)
	}
}
