package pgdb_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/briefing-dev/briefing/internal/pgdb"
	"github.com/briefing-dev/briefing/internal/pgdb/pgtest"
)

var steps = fstest.MapFS{
	"m/0001_one.sql": {Data: []byte(`CREATE TABLE one (id int PRIMARY KEY)`)},
	"m/0002_two.sql": {Data: []byte(`CREATE TABLE two (id int PRIMARY KEY); INSERT INTO one VALUES (1)`)},
}

func TestLoadMigrationsRefusesGaps(t *testing.T) {
	bad := fstest.MapFS{
		"m/0001_one.sql":   {Data: []byte(`SELECT 1`)},
		"m/0003_three.sql": {Data: []byte(`SELECT 1`)},
	}
	if _, err := pgdb.LoadMigrations(bad, "m"); err == nil {
		t.Fatal("a gap in the numbers was accepted")
	}
	if _, err := pgdb.LoadMigrations(fstest.MapFS{"m/1_x.sql": {}}, "m"); err == nil {
		t.Fatal("a misnamed file was accepted")
	}
}

// Servers started together run their migrations at once: the advisory
// lock makes one do the work and the others find it done.
func TestMigrateConcurrentlyAndRefuseNewer(t *testing.T) {
	url, _ := pgtest.Schema(t)
	ctx := context.Background()
	ms, err := pgdb.LoadMigrations(steps, "m")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			pool, err := pgdb.Open(ctx, url, 2)
			if err != nil {
				errs <- err
				return
			}
			defer pool.Close()
			errs <- pgdb.Migrate(ctx, pool, "test", ms)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent migrate: %v", err)
		}
	}
	pool, err := pgdb.Open(ctx, url, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM one`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows in one = %d, %v; want 1 (each step once)", n, err)
	}
	if v, err := pgdb.Version(ctx, pool, "test"); err != nil || v != 2 {
		t.Fatalf("version = %d, %v; want 2", v, err)
	}
	// An older briefing, which knows only the first step, is refused.
	err = pgdb.Migrate(ctx, pool, "test", ms[:1])
	if !errors.Is(err, pgdb.ErrNewerSchema) {
		t.Fatalf("older binary on a newer database: %v, want ErrNewerSchema", err)
	}
}
