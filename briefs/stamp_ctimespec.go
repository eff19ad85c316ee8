//go:build darwin || freebsd || netbsd

package briefs

import (
	"syscall"
	"time"
)

// statCtime is the file's status-change time.
func statCtime(st *syscall.Stat_t) time.Time {
	return time.Unix(int64(st.Ctimespec.Sec), int64(st.Ctimespec.Nsec))
}
