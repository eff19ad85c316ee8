package briefs

import (
	"time"

	"github.com/briefing-dev/briefing/internal/cputime"
)

// cpuTime is the CPU time the process has used, which benchmarks report
// beside wall time.
func cpuTime() time.Duration { return cputime.Process() }
