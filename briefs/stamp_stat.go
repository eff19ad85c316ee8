//go:build linux || openbsd || dragonfly || solaris || illumos || darwin || freebsd || netbsd

package briefs

import (
	"io/fs"
	"syscall"
)

func stampOf(fi fs.FileInfo) (fileStamp, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileStamp{}, false
	}
	return fileStamp{size: fi.Size(), mtime: nanos(fi.ModTime()), ctime: statCtime(st), dev: uint64(st.Dev), ino: uint64(st.Ino)}, true
}
