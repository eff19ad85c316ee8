package main

import (
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/briefing-dev/briefing/model"
)

// startOnce is the start path of one run: read the config file (or find
// none) and the environment, build the vocabulary, load and list a brief
// with it, and build the reader's model with the config's keys and views.
func startOnce(tb testing.TB, configFile string) {
	env := map[string]string{"BRIEFING_CONFIG": configFile}
	a := &app{stdout: io.Discard, stderr: io.Discard, getenv: func(k string) string { return env[k] },
		termWidth: func() (int, bool) { return 80, true }}
	if code := a.run([]string{"list", "testdata/hostile.md"}); code != exitOK {
		tb.Fatalf("list exited %d", code)
	}
	model.New(model.Options{Paths: []string{"testdata/hostile.md"}, Prefs: a.prefs()})
}

// BenchmarkStartConfig measures the start path with a full config file
// (keys, views, labels) and with none, alternating in one run so both see
// the same machine, and reports each and the difference in milliseconds.
// The config file must cost under 5 ms (extra-ms).
func BenchmarkStartConfig(b *testing.B) {
	none := filepath.Join(b.TempDir(), "none.yaml")
	var with, without time.Duration
	n := 0
	for b.Loop() {
		t0 := time.Now()
		startOnce(b, none)
		t1 := time.Now()
		startOnce(b, "config/testdata/good.yaml")
		with += time.Since(t1)
		without += t1.Sub(t0)
		n++
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(n) / 1e6 }
	b.ReportMetric(ms(without), "none-ms")
	b.ReportMetric(ms(with), "config-ms")
	b.ReportMetric(ms(with)-ms(without), "extra-ms")
	b.ReportMetric(float64(with)/float64(without), "ratio")
}
