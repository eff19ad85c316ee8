//go:build !linux

package briefs

import (
	"os"
	"path/filepath"
)

// readDirStamps reads the folder dir and stats its briefs.
func readDirStamps(dir string) ([]dirStamp, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := make([]dirStamp, 0, len(ents))
	for _, e := range ents {
		t := e.Type()
		d := dirStamp{name: e.Name(), dir: t.IsDir(), link: t&os.ModeSymlink != 0, regular: t.IsRegular()}
		if d.regular && IsBriefName(d.name) && !isHidden(d.name) {
			fi, err := os.Lstat(filepath.Join(dir, d.name))
			if err != nil {
				return nil, err
			}
			st, ok := stampOf(fi)
			if !ok || !fi.Mode().IsRegular() {
				d.regular = false
			}
			d.st = st
		}
		out = append(out, d)
	}
	return out, nil
}
