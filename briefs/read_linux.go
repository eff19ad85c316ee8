package briefs

import (
	"errors"
	"io/fs"
	"syscall"
	"time"
)

// readOSFile reads a file of the operating system as readFile does, with the
// four system calls the read needs (open, fstat, read, close). os.Open adds
// five more to every open on Linux (fcntl to make the descriptor
// non-blocking and back, and an epoll registration that fails for a regular
// file) and a finalizer: at 100,000 files they cost more CPU than the reads.
//
// The file is opened non-blocking so that a FIFO put where a brief was does
// not hang the loader; a regular file's reads are not affected.
func readOSFile(name string, maxSize int64, buf []byte) ([]byte, fs.FileInfo, error) {
	var fd int
	err := retryEINTR(func() (err error) {
		fd, err = syscall.Open(name, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		return err
	})
	if err != nil {
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	fi := &statInfo{name: name}
	if err := retryEINTR(func() error { return syscall.Fstat(fd, &fi.st) }); err != nil {
		return nil, nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	switch fi.st.Mode & syscall.S_IFMT {
	case syscall.S_IFREG:
	case syscall.S_IFDIR:
		return nil, nil, errors.New("is a folder, not a file")
	default:
		return nil, nil, errors.New("not a regular file")
	}
	size := fi.st.Size
	if size > maxSize {
		return nil, nil, errTooLarge{size, maxSize}
	}
	// Size is a hint only: files in /proc report 0 and a file may grow while read.
	if int64(cap(buf)) <= size {
		buf = make([]byte, 0, size+1)
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		var n int
		err := retryEINTR(func() (err error) {
			n, err = syscall.Read(fd, buf[len(buf):cap(buf)])
			return err
		})
		if err != nil {
			return nil, nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > maxSize {
			return nil, nil, errTooLarge{int64(len(buf)), maxSize}
		}
		// Having read the size fstat reported is the common end; asking for the
		// EOF would cost a read call per file.
		if n == 0 || (size > 0 && int64(len(buf)) == size) {
			return buf, fi, nil
		}
	}
}

func retryEINTR(f func() error) error {
	for {
		if err := f(); err != syscall.EINTR {
			return err
		}
	}
}

// statInfo is the fs.FileInfo of a file read by readOSFile: what os.Stat
// would report, from the same fstat.
type statInfo struct {
	name string
	st   syscall.Stat_t
}

func (fi *statInfo) Name() string       { return fi.name }
func (fi *statInfo) Size() int64        { return fi.st.Size }
func (fi *statInfo) IsDir() bool        { return fi.st.Mode&syscall.S_IFMT == syscall.S_IFDIR }
func (fi *statInfo) Sys() any           { return &fi.st }
func (fi *statInfo) ModTime() time.Time { return time.Unix(fi.st.Mtim.Sec, fi.st.Mtim.Nsec) }

// Mode is the file's permission bits; readOSFile returns regular files only.
func (fi *statInfo) Mode() fs.FileMode { return fs.FileMode(fi.st.Mode & 0o777) }
