//go:build linux

package briefs

import (
	"os"

	"golang.org/x/sys/unix"
)

// readDirStamps reads the folder dir and stats its briefs relative to the
// folder's descriptor (fstatat): the kernel resolves one name, not the
// whole path, per file.
func readDirStamps(dir string) ([]dirStamp, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ents, err := f.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	fd := int(f.Fd())
	out := make([]dirStamp, 0, len(ents))
	for _, e := range ents {
		t := e.Type()
		d := dirStamp{name: e.Name(), dir: t.IsDir(), link: t&os.ModeSymlink != 0, regular: t.IsRegular()}
		if d.regular && IsBriefName(d.name) && !isHidden(d.name) {
			var st unix.Stat_t
			if err := unix.Fstatat(fd, d.name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
				return nil, err
			}
			if st.Mode&unix.S_IFMT != unix.S_IFREG {
				d.regular = false // replaced since the folder was read
			}
			d.st = fileStamp{size: int64(st.Size), mtime: int64(st.Mtim.Sec)*1e9 + int64(st.Mtim.Nsec), ctime: int64(st.Ctim.Sec)*1e9 + int64(st.Ctim.Nsec),
				dev: uint64(st.Dev), ino: uint64(st.Ino)}
		}
		out = append(out, d)
	}
	sortDirStamps(out)
	return out, nil
}
