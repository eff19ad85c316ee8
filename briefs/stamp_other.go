//go:build !(linux || openbsd || dragonfly || solaris || illumos || darwin || freebsd || netbsd)

package briefs

import "io/fs"

func stampOf(fi fs.FileInfo) (fileStamp, bool) {
	return fileStamp{size: fi.Size(), mtime: nanos(fi.ModTime()), ctime: noInstant}, true
}
