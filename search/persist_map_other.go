//go:build !unix

package search

import "os"

// mapFile reads f whole where mapping is not available.
func mapFile(f *os.File, size int64) ([]byte, func(), error) { return readFile(f, size) }
