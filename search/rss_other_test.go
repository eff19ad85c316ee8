//go:build !linux

package search

func residentBytes() int64 { return 0 }
