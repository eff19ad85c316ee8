//go:build linux || openbsd || dragonfly || solaris || illumos

package briefs

import "syscall"

// statCtime is the file's status-change time, in nanoseconds.
func statCtime(st *syscall.Stat_t) int64 {
	return int64(st.Ctim.Sec)*1e9 + int64(st.Ctim.Nsec)
}
