// Package pgtest gives tests a PostgreSQL database of their own: a fresh
// schema in the database that BRIEFING_TEST_POSTGRES names, dropped when
// the test ends. Without the variable the test is skipped, and says so.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvVar names the database the PostgreSQL tests use, as a postgres:// URL.
const EnvVar = "BRIEFING_TEST_POSTGRES"

// URL returns the database of EnvVar, skipping t when it is unset.
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvVar)
	if u == "" {
		t.Skip("PostgreSQL tests skipped: set " + EnvVar + "=postgres://… to run them")
	}
	return u
}

// Schema creates a schema of its own for t in the database of EnvVar and
// returns a URL whose connections use it (search_path), and its name. The
// schema is dropped when t ends. Two calls give two schemas; a test that
// wants two servers on one database calls it once and opens the URL twice.
func Schema(t testing.TB) (dbURL, schema string) {
	t.Helper()
	base := URL(t)
	var b [6]byte
	rand.Read(b[:])
	schema = "t_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("pgtest: connect %s: %v", EnvVar, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("pgtest: create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Logf("pgtest: drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Logf("pgtest: drop schema %s: %v", schema, err)
		}
	})
	return WithSearchPath(base, schema), schema
}

// WithSearchPath returns base with its connections' search_path set to schema.
func WithSearchPath(base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return strings.TrimSuffix(u.String(), "?")
}

// Exec runs sql on the database of EnvVar, outside any test schema: for
// what a test does to the server itself, such as pg_terminate_backend.
func Exec(t testing.TB, sql string, args ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, URL(t))
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("pgtest: %s: %v", sql, err)
	}
}
