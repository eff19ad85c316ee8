//go:build !unix

package main

import "time"

// selfCPU is the CPU time this process has used: 0, unknown, where there is
// no getrusage.
func selfCPU() time.Duration { return 0 }
