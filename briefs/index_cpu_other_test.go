//go:build !unix

package briefs

import "time"

// indexCPUTime is not measured off Unix; the cpu-ms/op metric then reads 0.
func indexCPUTime() time.Duration { return 0 }
