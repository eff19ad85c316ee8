//go:build unix

package search

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used. Benchmarks report it per
// op next to wall time, because this machine's cores are shared and wall time
// swings with the load of others; on idle cores, wall time of a parallel build
// is about cpu time / cores.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
