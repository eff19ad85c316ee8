package briefs

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The stamp table is the last part of a catalog: per entry, in walk order,
// its path, default ID, file stamp, when it was read, and where its brief
// is in the file (offset, length, CRC). A command that only needs to know
// whether anything changed (search, with its index kept) reads it alone and
// stats every file, without decoding 100,000 briefs; it then decodes the
// few briefs it shows, each checked by its own CRC.
//
// Its frame: the table, its length as 8 bytes and its CRC as 4, before the
// catalog's own CRC.

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// stampTrailer is the length and CRC after the table.
const stampTrailer = 12

// countingWriter counts what goes through it: the offset of each entry.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// stampTableWriter builds the stamp table while writeCatalog writes the
// entries.
type stampTableWriter struct {
	buf   []byte
	n     int
	dirty bool // an entry has warnings: a reader needs the whole catalog
}

func (t *stampTableWriter) uint(v uint64) { t.buf = binary.AppendUvarint(t.buf, v) }
func (t *stampTableWriter) int(v int64)   { t.buf = binary.AppendVarint(t.buf, v) }
func (t *stampTableWriter) str(s string) {
	t.uint(uint64(len(s)))
	t.buf = append(t.buf, s...)
}

func nanos(t time.Time) int64 {
	if t.IsZero() {
		return noInstant
	}
	return t.UnixNano()
}

func (t *stampTableWriter) add(path string, e cachedBrief, off, n int64, crc uint32) {
	t.n++
	t.str(path)
	t.str(e.id)
	t.int(e.stamp.size)
	t.int(nanos(e.stamp.mtime))
	t.int(nanos(e.stamp.ctime))
	t.uint(e.stamp.dev)
	t.uint(e.stamp.ino)
	t.int(nanos(e.read))
	t.uint(uint64(off))
	t.uint(uint64(n))
	t.uint(uint64(crc))
	if len(e.brief.Warnings) > 0 {
		t.dirty = true
	}
}

// finish returns the table framed; clean reports that the load had no
// warnings of its own (folders, skipped files).
func (t *stampTableWriter) finish(clean bool) []byte {
	var head []byte
	flag := uint64(0)
	if clean && !t.dirty {
		flag = 1
	}
	head = binary.AppendUvarint(head, flag)
	head = binary.AppendUvarint(head, uint64(t.n))
	table := append(head, t.buf...)
	table = binary.LittleEndian.AppendUint64(table, uint64(len(table)))
	return binary.LittleEndian.AppendUint32(table, crc32.Checksum(table[:len(table)-8], castagnoli))
}

// stampEntry is one row of the stamp table; times are nanoseconds, or
// noInstant.
type stampEntry struct {
	path, id           string
	size, mtime, ctime int64
	dev, ino           uint64
	read               int64
	off, n             int64
	crc                uint32
}

// Stamps is the stamp table of the catalog of a load: what the last load
// found, file by file, without its briefs. See Unchanged and Brief.
type Stamps struct {
	file    string
	token   string
	entries []stampEntry
	src     *textSource
	byPath  map[string]int
}

// ErrNoStamps reports a catalog that cannot vouch for the files alone: none
// yet, another version, a corrupt one, or one whose load had warnings
// (which only a full load reports). A full Load says what is wrong, if
// anything.
var ErrNoStamps = errors.New("no usable stamp table")

// ReadStamps reads the stamp table of the catalog in opts.CacheDir of a load
// of paths, and checks it by its CRC.
func ReadStamps(paths []string, opts LoadOptions) (*Stamps, error) {
	if opts.CacheDir == "" {
		return nil, ErrNoStamps
	}
	file := CatalogPath(opts.CacheDir, paths)
	f, err := os.Open(file)
	if err != nil {
		return nil, ErrNoStamps
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, ErrNoStamps
	}
	// The key, as writeCatalog writes it: the same bytes or no use.
	var key []byte
	key = append(key, catalogMagic...)
	key = binary.AppendUvarint(key, catalogVersion)
	key = binary.AppendUvarint(key, uint64(len(opts.Vocabulary.fingerprint())))
	key = append(key, opts.Vocabulary.fingerprint()...)
	key = binary.AppendVarint(key, opts.maxSize())
	size := fi.Size()
	if size < int64(len(key))+stampTrailer+4 {
		return nil, ErrNoStamps
	}
	head := make([]byte, len(key))
	var tail [stampTrailer + 4]byte
	if _, err := f.ReadAt(head, 0); err != nil || string(head) != string(key) {
		return nil, ErrNoStamps
	}
	if _, err := f.ReadAt(tail[:], size-int64(len(tail))); err != nil {
		return nil, ErrNoStamps
	}
	tlen := binary.LittleEndian.Uint64(tail[:8])
	if tlen > uint64(size)-uint64(len(key))-uint64(len(tail)) {
		return nil, ErrNoStamps
	}
	table := make([]byte, tlen)
	if _, err := f.ReadAt(table, size-int64(len(tail))-int64(tlen)); err != nil {
		return nil, ErrNoStamps
	}
	if crc32.Checksum(table, castagnoli) != binary.LittleEndian.Uint32(tail[8:12]) {
		return nil, ErrNoStamps
	}
	s := &Stamps{file: file, src: &textSource{vocab: opts.Vocabulary, maxSize: opts.maxSize()}}
	// The catalog's CRC, its table's and its size name its content.
	s.token = fmt.Sprintf("%x-%x-%d", tail[12:], tail[8:12], size)
	r := catalogReader{data: string(table)}
	if r.uint() != 1 {
		return nil, ErrNoStamps
	}
	n := r.count()
	s.entries = make([]stampEntry, n)
	for i := range s.entries {
		e := &s.entries[i]
		e.path, e.id = r.str(), r.str()
		e.size, e.mtime, e.ctime = r.int(), r.int(), r.int()
		e.dev, e.ino = r.uint(), r.uint()
		e.read = r.int()
		e.off, e.n, e.crc = int64(r.uint()), int64(r.uint()), uint32(r.uint())
		if e.off < 0 || e.n < 0 || e.off > size || e.n > size-e.off {
			r.fail()
		}
	}
	if r.err != nil || len(r.data) != 0 {
		return nil, ErrNoStamps
	}
	return s, nil
}

// Token names the catalog's content: two tables with one token hold the
// same briefs.
func (s *Stamps) Token() string { return s.token }

// Len is how many briefs the catalog holds.
func (s *Stamps) Len() int { return len(s.entries) }

// Entry returns the number of the entry of the file path.
func (s *Stamps) Entry(path string) (int, bool) {
	if s.byPath == nil {
		s.byPath = make(map[string]int, len(s.entries))
		for i, e := range s.entries {
			s.byPath[e.path] = i
		}
	}
	i, ok := s.byPath[path]
	return i, ok
}

// Brief decodes the brief of entry i from the catalog, checked by its CRC.
// Like every brief listed from the catalog it holds no text (see Full).
func (s *Stamps) Brief(i int) (*Brief, error) {
	if i < 0 || i >= len(s.entries) {
		return nil, fmt.Errorf("catalog: no entry %d", i)
	}
	e := s.entries[i]
	f, err := os.Open(s.file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	buf := make([]byte, e.n)
	if _, err := f.ReadAt(buf, e.off); err != nil {
		return nil, err
	}
	if crc32.Checksum(buf, castagnoli) != e.crc {
		return nil, errors.New("catalog: corrupt (checksum of an entry)")
	}
	r := catalogReader{data: string(buf), intern: map[string]string{}}
	b := &Brief{}
	path, _ := r.entry(s.src, b)
	if r.err != nil || len(r.data) != 0 || path != e.path || len(b.Hash) > sha256.Size {
		return nil, errors.New("catalog: corrupt (an entry)")
	}
	b.Hash = hex.EncodeToString([]byte(b.Hash))
	return b, nil
}

// Unchanged reports whether a Load of paths would find exactly the files
// the catalog holds, in the same order, each with the stamp it had when it
// was read (and read long enough after its last change to vouch for it, see
// racyWindow), with nothing to warn about: then the catalog's library is
// the library. Folders are read and files statted in parallel. Anything
// the walk would treat specially (a symbolic link, a folder met twice, a
// file that is not regular) answers false: a full Load decides.
func (s *Stamps) Unchanged(paths []string) bool {
	w := stampWalker{sem: make(chan struct{}, stampWorkers)}
	var roots []*stampDir
	var files []stampFile
	for _, root := range paths {
		fi, err := os.Stat(root)
		if err != nil {
			return false
		}
		switch {
		case fi.IsDir():
			real, err := filepath.EvalSymlinks(root)
			if err != nil {
				return false
			}
			real, _ = filepath.Abs(real)
			d := &stampDir{path: root, real: real}
			roots = append(roots, d)
			w.wg.Add(1)
			go w.dir(d)
		case fi.Mode().IsRegular():
			st, ok := stampOf(fi)
			if !ok {
				return false
			}
			files = append(files, stampFile{path: root, id: filepath.Base(root), st: st})
			roots = append(roots, &stampDir{file: len(files)}) // a marker: the file's place among the roots
		default:
			return false
		}
	}
	w.wg.Wait()
	if w.failed.Load() {
		return false
	}
	var reals []string
	i := 0
	var flat func(d *stampDir) bool
	flat = func(d *stampDir) bool {
		reals = append(reals, d.real)
		for _, it := range d.items {
			if it.dir != nil {
				if !flat(it.dir) {
					return false
				}
				continue
			}
			if !s.same(i, it.file) {
				return false
			}
			i++
		}
		return true
	}
	for _, d := range roots {
		if d.real == "" {
			if !s.same(i, files[d.file-1]) {
				return false
			}
			i++
			continue
		}
		if !flat(d) {
			return false
		}
	}
	// A folder met twice (roots that overlap) is a warning of the walk.
	slices.Sort(reals)
	return i == len(s.entries) && len(slices.Compact(reals)) == len(reals)
}

// same reports whether entry i is the file f, unchanged since it was read.
func (s *Stamps) same(i int, f stampFile) bool {
	if i >= len(s.entries) {
		return false
	}
	e := &s.entries[i]
	if e.path != f.path || e.id != f.id || e.size != f.st.size || e.mtime != nanos(f.st.mtime) ||
		e.ctime != nanos(f.st.ctime) ||
		e.dev != f.st.dev || e.ino != f.st.ino || e.read == noInstant {
		return false
	}
	return f.st.changed().Before(time.Unix(0, e.read).Add(-racyWindow))
}

// stampWorkers is how many folders are read and statted at once: a stat
// waits on the kernel more than on the CPU, and four went faster than
// two on two cores.
const stampWorkers = 4

type stampWalker struct {
	sem    chan struct{}
	wg     sync.WaitGroup
	failed atomic.Bool
}

// stampDir is a folder as the walk found it: its briefs and folders in
// name order, as osWalker visits them.
type stampDir struct {
	path, real, rel string
	items           []stampItem
	file            int // for a root that is a file: 1 + its index in files
}

type stampItem struct {
	dir  *stampDir
	file stampFile
}

type stampFile struct {
	path, id string
	st       fileStamp
}

func (w *stampWalker) dir(d *stampDir) {
	defer w.wg.Done()
	w.sem <- struct{}{}
	defer func() { <-w.sem }()
	if w.failed.Load() {
		return
	}
	entries, err := readDirStamps(d.path)
	if err != nil {
		w.failed.Store(true)
		return
	}
	for _, e := range entries {
		if isHidden(e.name) {
			continue
		}
		full := filepath.Join(d.path, e.name)
		rel := e.name
		if d.rel != "" {
			rel = d.rel + "/" + e.name
		}
		switch {
		case e.link:
			w.failed.Store(true) // the full walk follows links and checks for loops
			return
		case e.dir:
			c := &stampDir{path: full, real: filepath.Join(d.real, e.name), rel: rel}
			d.items = append(d.items, stampItem{dir: c})
			w.wg.Add(1)
			go w.dir(c)
		case e.regular:
			if IsBriefName(e.name) {
				d.items = append(d.items, stampItem{file: stampFile{path: full, id: rel, st: e.st}})
			}
		default:
			if IsBriefName(e.name) {
				w.failed.Store(true) // a warning of the walk
				return
			}
		}
	}
}

// dirStamp is one entry of a folder: its kind, and for a regular file
// whose name is a brief's, its stamp.
type dirStamp struct {
	name               string
	dir, link, regular bool
	st                 fileStamp
}

// sortDirStamps puts entries in name order, as os.ReadDir gives them.
func sortDirStamps(l []dirStamp) {
	slices.SortFunc(l, func(a, b dirStamp) int { return strings.Compare(a.name, b.name) })
}
