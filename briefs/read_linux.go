package briefs

import (
	"errors"
	"io"
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
	buf, err = readSized(fi.st.Size, maxSize, buf, func(p []byte) (int, error) {
		var n int
		err := retryEINTR(func() (err error) {
			n, err = syscall.Read(fd, p)
			return err
		})
		switch {
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: name, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	})
	if err != nil {
		return nil, nil, err
	}
	return buf, fi, nil
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
