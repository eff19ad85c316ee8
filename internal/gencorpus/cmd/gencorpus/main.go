// Command gencorpus writes a synthetic library of briefs for load and search tests.
//
//	go run ./internal/gencorpus/cmd/gencorpus -n 10000 -dirs 50 -size 5000 OUTDIR
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/briefing-dev/briefing/internal/gencorpus"
)

func main() {
	def := gencorpus.DefaultOptions()
	n := flag.Int("n", def.N, "number of briefs")
	dirs := flag.Int("dirs", def.Dirs, "number of folders")
	size := flag.Int("size", def.Size, "approximate bytes per brief")
	seed := flag.Uint64("seed", def.Seed, "random seed (same seed, same corpus)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: gencorpus [-n N] [-dirs D] [-size BYTES] [-seed S] OUTDIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || *n < 0 || *dirs < 1 || *size < 1 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	opts := gencorpus.Options{N: *n, Dirs: *dirs, Size: *size, Seed: *seed}
	if err := gencorpus.Write(flag.Arg(0), opts); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "wrote %d briefs in %d folders to %s in %v\n", *n, min(*dirs, *n), flag.Arg(0), time.Since(start).Round(time.Millisecond))
}
