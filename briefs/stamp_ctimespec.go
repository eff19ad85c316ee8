//go:build darwin || freebsd || netbsd

package briefs

import (
	"io/fs"
	"syscall"
	"time"
)

func stampOf(fi fs.FileInfo) (fileStamp, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileStamp{}, false
	}
	return fileStamp{size: fi.Size(), mtime: fi.ModTime(), ctime: time.Unix(int64(st.Ctimespec.Sec), int64(st.Ctimespec.Nsec)),
		dev: uint64(st.Dev), ino: uint64(st.Ino)}, true
}
