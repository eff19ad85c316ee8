//go:build linux || openbsd || dragonfly || solaris || illumos

package briefs

import (
	"syscall"
	"time"
)

// statCtime is the file's status-change time.
func statCtime(st *syscall.Stat_t) time.Time {
	return time.Unix(int64(st.Ctim.Sec), int64(st.Ctim.Nsec))
}
