//go:build !linux

package briefs

import "io/fs"

// readOSFile reads a file of the operating system (see readFile).
func readOSFile(name string, maxSize int64, buf []byte) ([]byte, fs.FileInfo, error) {
	return readFile(job{path: name, open: osOpen}, maxSize, buf)
}
