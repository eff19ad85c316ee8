package search

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the FTS5 candidate the persistent index was measured against
)

// BenchmarkFTS5 measures the other candidate for the persistent index:
// SQLite FTS5 (built into modernc.org/sqlite) with one row per brief, the
// title, metadata and body as columns weighted 4, 1, 1 in bm25. It answers
// only words and prefixes: phrases within one field, section restriction,
// the forward index's slots and our BM25 would still need exact matching
// after it, so these are the fastest it could be. Reported: the cold build,
// the file, opening it warm, ranked top-50 searches of 1-3 words, and the
// resident memory they add. Compare BenchmarkPersist.
func BenchmarkFTS5(b *testing.B) {
	bs, size := scaleBriefs(b)
	qs := scaleQueries(bs)
	dir := b.TempDir()
	path := filepath.Join(dir, "index.db")
	for b.Loop() {
		os.Remove(path)
		t0 := time.Now()
		db, err := sql.Open("sqlite", path)
		if err != nil {
			b.Fatal(err)
		}
		exec := func(q string, args ...any) {
			if _, err := db.Exec(q, args...); err != nil {
				b.Fatal(err)
			}
		}
		exec(`PRAGMA journal_mode=WAL`)
		exec(`CREATE VIRTUAL TABLE f USING fts5(id UNINDEXED, title, meta, body, tokenize='unicode61 remove_diacritics 2', detail=column)`)
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		st, err := tx.Prepare(`INSERT INTO f(id, title, meta, body) VALUES (?, ?, ?, ?)`)
		if err != nil {
			b.Fatal(err)
		}
		var body strings.Builder
		for _, x := range bs {
			body.Reset()
			for _, s := range x.Sections {
				body.WriteString(s.Title)
				body.WriteByte('\n')
				body.WriteString(s.Body)
				body.WriteByte('\n')
			}
			if _, err := st.Exec(x.ID, x.Title, x.Source+" "+strings.Join(x.Tags, " "), body.String()); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		exec(`INSERT INTO f(f) VALUES ('optimize')`)
		db.Close()
		b.ReportMetric(float64(time.Since(t0).Milliseconds()), "build-ms")
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(fi.Size())/float64(size), "file/corpus")
	b.ReportMetric(float64(fi.Size())/1e6, "file-MB")

	rss0 := residentBytes()
	t0 := time.Now()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM f WHERE f MATCH 'zzzz'`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(time.Since(t0).Microseconds())/1000, "open-ms")
	st, err := db.Prepare(`SELECT id, bm25(f, 0, 4.0, 1.0, 1.0) AS s FROM f WHERE f MATCH ? ORDER BY s LIMIT 50`)
	if err != nil {
		b.Fatal(err)
	}
	var ts []time.Duration
	for round := 0; round < 5; round++ {
		for _, q := range qs {
			t := time.Now()
			rows, err := st.Query(fts5Query(q))
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
				var id string
				var s float64
				if err := rows.Scan(&id, &s); err != nil {
					b.Fatal(err)
				}
			}
			rows.Close()
			ts = append(ts, time.Since(t))
		}
	}
	timings(b, ts)
	b.ReportMetric(float64(residentBytes()-rss0)/1e6, "rss-added-MB")
}

// fts5Query is a query of words, the last a prefix, as FTS5 MATCH syntax.
func fts5Query(q string) string {
	ws := strings.Fields(q)
	for i, w := range ws {
		ws[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	ws[len(ws)-1] += "*"
	return strings.Join(ws, " ")
}
