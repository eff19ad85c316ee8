//go:build unix

package model

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used: benchmarks report it beside
// wall time, which swings with the load of others on a shared machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
