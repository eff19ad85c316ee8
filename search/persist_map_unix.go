//go:build unix

package search

import (
	"os"
	"syscall"
)

// mapFile maps f read-only: its pages are read as a query touches them and
// stay in the page cache, shared by every process that maps the file. The
// returned release unmaps it.
func mapFile(f *os.File, size int64) ([]byte, func(), error) {
	if size == 0 || int64(int(size)) != size {
		return readFile(f, size)
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return readFile(f, size)
	}
	return b, func() { _ = syscall.Munmap(b) }, nil
}
