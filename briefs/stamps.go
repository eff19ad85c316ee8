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

// maxStampRow bounds a row of the table beside its path's and ID's bytes:
// their two lengths and nine numbers (see add), as varints.
const maxStampRow = 11 * binary.MaxVarintLen64

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
	t.int(e.stamp.mtime)
	t.int(e.stamp.ctime)
	t.uint(e.stamp.dev)
	t.uint(e.stamp.ino)
	t.int(e.read)
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

// stampRow is one row of the stamp table, its strings still in the table.
type stampRow struct {
	path, id []byte
	st       fileStamp
	read     int64
	off, n   int64
	crc      uint32
}

// tableCursor reads the rows of a stamp table in place.
type tableCursor struct {
	p   []byte
	bad bool
}

func (c *tableCursor) uint() uint64 {
	v, n := binary.Uvarint(c.p)
	if n <= 0 {
		c.bad, c.p = true, nil
		return 0
	}
	c.p = c.p[n:]
	return v
}

func (c *tableCursor) int() int64 { return unzigzag(c.uint()) }

func (c *tableCursor) bytes() []byte {
	n := c.uint()
	if n > uint64(len(c.p)) {
		c.bad, c.p = true, nil
		return nil
	}
	b := c.p[:n:n]
	c.p = c.p[n:]
	return b
}

// row reads the next row; size is the catalog's, which its offsets must
// stay within.
func (c *tableCursor) row(size int64) (r stampRow, ok bool) {
	r.path, r.id = c.bytes(), c.bytes()
	r.st.size, r.st.mtime, r.st.ctime = c.int(), c.int(), c.int()
	r.st.dev, r.st.ino = c.uint(), c.uint()
	r.read = c.int()
	off, n, crc := c.uint(), c.uint(), c.uint()
	if c.bad || off > uint64(size) || n > uint64(size)-off || crc > 0xFFFFFFFF {
		c.bad = true
		return r, false
	}
	r.off, r.n, r.crc = int64(off), int64(n), uint32(crc)
	return r, true
}

// Stamps is the stamp table of the catalog of a load: what the last load
// found, file by file, without its briefs. See Unchanged and Brief. The
// table stays as it was read, one slice of bytes: its rows are compared in
// place, not decoded into 100,000 values.
type Stamps struct {
	file  string
	token string
	size  int64  // the catalog's
	rows  []byte // the table's rows
	n     int
	src   *textSource

	index  sync.Once
	starts []uint32 // per row, where it starts in rows; nil when a row is corrupt
	byPath map[string]int
}

// ErrNoStamps reports a catalog that cannot vouch for the files alone: none
// yet, another version, a corrupt one, or one whose load had warnings
// (which only a full Load reports). A full Load says what is wrong, if
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
	c := tableCursor{p: table}
	if c.uint() != 1 {
		return nil, ErrNoStamps
	}
	n := c.uint()
	// Each row takes more than 11 bytes: a count beyond that is corrupt.
	if c.bad || n > uint64(len(c.p))/11 {
		return nil, ErrNoStamps
	}
	return &Stamps{
		file: file, size: size, rows: c.p, n: int(n),
		src: &textSource{vocab: opts.Vocabulary, maxSize: opts.maxSize()},
		// The catalog's CRC, its table's and its size name its content.
		token: fmt.Sprintf("%x-%x-%d", tail[12:], tail[8:12], size),
	}, nil
}

// Token names the catalog's content: two tables with one token hold the
// same briefs.
func (s *Stamps) Token() string { return s.token }

// Len is how many briefs the catalog holds.
func (s *Stamps) Len() int { return s.n }

// indexRows finds where each row starts, once: only a command that decodes
// a brief or looks one up by path needs it.
func (s *Stamps) indexRows() {
	s.index.Do(func() {
		starts := make([]uint32, s.n)
		c := tableCursor{p: s.rows}
		for i := range starts {
			starts[i] = uint32(len(s.rows) - len(c.p))
			if _, ok := c.row(s.size); !ok {
				return
			}
		}
		if len(c.p) == 0 {
			s.starts = starts
		}
	})
}

func (s *Stamps) row(i int) (stampRow, bool) {
	s.indexRows()
	if i < 0 || i >= len(s.starts) {
		return stampRow{}, false
	}
	c := tableCursor{p: s.rows[s.starts[i]:]}
	return c.row(s.size)
}

// Entry returns the number of the entry of the file path.
func (s *Stamps) Entry(path string) (int, bool) {
	s.indexRows()
	if s.byPath == nil {
		s.byPath = make(map[string]int, len(s.starts))
		for i := range s.starts {
			r, _ := s.row(i)
			s.byPath[string(r.path)] = i
		}
	}
	i, ok := s.byPath[path]
	return i, ok
}

// Brief decodes the brief of entry i from the catalog, checked by its CRC.
// Like every brief listed from the catalog it holds no text (see Full).
func (s *Stamps) Brief(i int) (*Brief, error) {
	e, ok := s.row(i)
	if !ok {
		return nil, fmt.Errorf("catalog: no entry %d", i)
	}
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
	if r.err != nil || len(r.data) != 0 || path != string(e.path) || len(b.Hash) > sha256.Size {
		return nil, errors.New("catalog: corrupt (an entry)")
	}
	b.Hash = hex.EncodeToString([]byte(b.Hash))
	return b, nil
}

// Unchanged reports whether a Load of paths would find exactly the files
// the catalog holds, in the same order, each with the stamp it had when it
// was read (and read long enough after its last change to vouch for it, see
// racyWindow), with nothing to warn about: then the catalog's library is
// the library. Folders are read and files statted in parallel; the rows
// are then compared in walk order, in place. Anything the walk would treat
// specially (a symbolic link, a folder met twice, a file that is not
// regular) answers false: a full Load decides.
func (s *Stamps) Unchanged(paths []string) bool {
	w := stampWalker{sem: make(chan struct{}, stampWorkers)}
	roots := make([]*stampDir, 0, len(paths))
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
			roots = append(roots, &stampDir{path: root, file: true, st: st})
		default:
			return false
		}
	}
	w.wg.Wait()
	if w.failed.Load() {
		return false
	}
	m := stampMatcher{s: s, c: tableCursor{p: s.rows}}
	var reals []string
	for _, d := range roots {
		if d.file {
			if !m.next(d.path, "", filepath.Base(d.path), "", d.st) {
				return false
			}
			continue
		}
		if !m.dir(d, &reals) {
			return false
		}
	}
	// A folder met twice (roots that overlap) is a warning of the walk.
	slices.Sort(reals)
	return m.i == s.n && len(m.c.p) == 0 && len(slices.Compact(reals)) == len(reals)
}

// stampMatcher compares the rows, in order, with the files the walk found.
type stampMatcher struct {
	s *Stamps
	c tableCursor
	i int
}

func (m *stampMatcher) dir(d *stampDir, reals *[]string) bool {
	*reals = append(*reals, d.real)
	// Load names a file filepath.Join(folder, name): the folder's cleaned
	// path and a separator, the same for every plain name.
	joined := filepath.Join(d.path, "x")
	prefix := joined[:len(joined)-1]
	relPrefix := ""
	if d.rel != "" {
		relPrefix = d.rel + "/"
	}
	for i := range d.items {
		it := &d.items[i]
		if it.dir != nil {
			if !m.dir(it.dir, reals) {
				return false
			}
			continue
		}
		if !m.next(prefix, it.name, relPrefix, it.name, it.st) {
			return false
		}
	}
	return true
}

// next compares the next row with the file pathA+pathB, of ID idA+idB,
// found with stamp st: the same file, unchanged since it was read.
func (m *stampMatcher) next(pathA, pathB, idA, idB string, st fileStamp) bool {
	if m.i >= m.s.n {
		return false
	}
	r, ok := m.c.row(m.s.size)
	m.i++
	return ok && joinedIs(r.path, pathA, pathB) && joinedIs(r.id, idA, idB) &&
		r.st == st && st.settledBy(r.read)
}

// joinedIs reports whether b is a+c, without making a+c.
func joinedIs(b []byte, a, c string) bool {
	return len(b) == len(a)+len(c) && string(b[:len(a)]) == a && string(b[len(a):]) == c
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
// name order, as osWalker visits them; or a root that is a file.
type stampDir struct {
	path, real, rel string
	items           []stampItem
	file            bool
	st              fileStamp // of a root that is a file
}

// stampItem is a brief (dir nil) or a folder.
type stampItem struct {
	dir  *stampDir
	name string
	st   fileStamp
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
	d.items = make([]stampItem, 0, len(entries))
	for _, e := range entries {
		if isHidden(e.name) {
			continue
		}
		switch {
		case e.link:
			w.failed.Store(true) // the full walk follows links and checks for loops
			return
		case e.dir:
			rel := e.name
			if d.rel != "" {
				rel = d.rel + "/" + e.name
			}
			c := &stampDir{path: filepath.Join(d.path, e.name), real: filepath.Join(d.real, e.name), rel: rel}
			d.items = append(d.items, stampItem{dir: c})
			w.wg.Add(1)
			go w.dir(c)
		case e.regular:
			if IsBriefName(e.name) {
				d.items = append(d.items, stampItem{name: e.name, st: e.st})
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
