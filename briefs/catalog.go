package briefs

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The catalog is what a load read, kept in a file between runs: per file,
// its stamp and the brief parsed from it, without the text. A load stats
// every file and reads only those whose stamp is not in the catalog (see
// reloadCache). The file is a cache: deleting it loses nothing, and one
// that cannot be read is rebuilt with a warning.
//
// Format: the magic line, then varint-framed fields (see catalogWriter):
// the key, the entries, the walk's warnings, the library's order (per
// position, the entry there; none when the briefs could not be listed in
// order as they are, such as after a rename of a duplicate ID), then the
// stamp table (see
// stamps.go: per entry its path, stamp and where its brief is, for a check
// of every file that decodes no brief), its length as 8 bytes and its own
// CRC, then a CRC-32 (Castagnoli) of everything before it. A writer writes a
// temporary file in the same folder and renames it over the old one, so a
// reader sees a whole catalog, old or new, and two processes sharing the
// folder never leave a mixed one: the last rename wins.
const (
	catalogName    = "catalog"
	catalogMagic   = "briefing catalog\n"
	catalogVersion = 3
)

// CatalogPath is the file in the cache folder dir of the catalog of a
// load of paths. Each set of paths has its own (named by a hash of their
// absolute forms), so that `briefing list ~/a` does not undo the catalog
// of a reader on ~/b.
func CatalogPath(dir string, paths []string) string {
	h := sha256.New()
	for _, p := range paths {
		if abs, err := filepath.Abs(p); err == nil {
			p = abs
		}
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return filepath.Join(dir, catalogName+"-"+hex.EncodeToString(h.Sum(nil)[:8]))
}

// catalogKey is what must match for a catalog to be used at all: the
// parsed briefs depend on the vocabulary and the size limit.
type catalogKey struct {
	vocab   string
	maxSize int64
	file    string // CatalogPath of the load
}

// catalogData is what a catalog holds: the entries of the last load and
// the paths of its briefs, both in walk order, and its warnings that are
// not a brief's own.
type catalogData struct {
	entries   []cachedBrief
	order     []string
	walkWarns []Warning
	// briefs are the entries' briefs, in order; sorted is the library's
	// order when the catalog was written: per position, the index in order
	// of the brief there (nil when unknown).
	briefs []*Brief
	sorted []int32
}

// readCatalog returns the entries of the catalog in dir, by path, with
// their briefs reading their text from src. A missing catalog is empty
// and no problem; an unreadable, corrupt or foreign one is empty and
// described by warn.
func readCatalog(key catalogKey, src *textSource) (cat *catalogData, warn string) {
	text, sumOK, err := readCatalogText(key.file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ""
	}
	if err != nil {
		return nil, "catalog unreadable (" + describeErr(err) + "); every file is read again"
	}
	cat, err = decodeCatalog(text, sumOK, key, src)
	if errors.Is(err, errOtherVocabulary) {
		return nil, "" // labels or limits changed in the config: a rebuild is expected
	}
	if err != nil {
		return nil, "catalog " + err.Error() + "; rebuilt from the files"
	}
	return cat, ""
}

var errOtherVocabulary = errors.New("catalog of other labels")

// readCatalogText reads the catalog file name: its entries into one string,
// which the decoded briefs' strings are slices of, and whether the file's
// CRC holds over all of it. The stamp table at the end (a third of the file)
// only passes through the CRC: the briefs keep the string alive as long as
// they live, and they need nothing of the table.
//
// The string is read straight into its own memory, with no second copy:
// fresh memory is slow to touch on the machines measured (page faults cost
// more than the copy), so a catalog of 38 MB read into bytes and then
// copied into a string took twice its size and a quarter of a second more.
func readCatalogText(name string) (text string, sumOK bool, err error) {
	f, err := os.Open(name)
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", false, err
	}
	size := fi.Size()
	if size < 4 || size >= math.MaxInt32 {
		// Too short for a CRC, or too long for a catalog: corrupt.
		return "", false, nil
	}
	// Where the table starts, from its length before the two CRCs; the
	// whole file when that length makes no sense (a catalog of another
	// version, or a corrupt one: the checks below say which).
	head := size - 4
	var tail [stampTrailer + 4]byte
	if size >= int64(len(tail)) {
		if _, err := f.ReadAt(tail[:], size-int64(len(tail))); err != nil {
			return "", false, err
		}
		if tlen := binary.LittleEndian.Uint64(tail[:8]); tlen <= uint64(size)-uint64(len(tail)) {
			head = size - int64(len(tail)) - int64(tlen)
		}
	}
	crc := crc32.New(castagnoli)
	var sb strings.Builder
	sb.Grow(int(head))
	if _, err := io.Copy(&sb, io.TeeReader(io.NewSectionReader(f, 0, head), crc)); err != nil {
		return "", false, err
	}
	if _, err := io.Copy(crc, io.NewSectionReader(f, head, size-4-head)); err != nil {
		return "", false, err
	}
	var sum [4]byte
	if _, err := f.ReadAt(sum[:], size-4); err != nil {
		return "", false, err
	}
	return sb.String(), crc.Sum32() == binary.LittleEndian.Uint32(sum[:]), nil
}

// writeCatalog replaces the catalog key.file with what c holds, the
// entries in the order of c's last load, atomically. sorted gives the
// library of that load, once its entries are written: the load sorts it
// meanwhile, on the other core. Its order is written so that a start lists
// the library without sorting it again (see sortedLibrary).
func writeCatalog(key catalogKey, c *reloadCache, sorted func() *Library) error {
	dir := filepath.Dir(key.file)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, catalogName+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // a no-op once renamed
	crc := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	cw := &countingWriter{w: io.MultiWriter(f, crc)}
	bw := bufio.NewWriterSize(cw, 1<<16)
	w := catalogWriter{w: bw}
	at := func() int64 { return cw.n + int64(bw.Buffered()) }
	w.bytes([]byte(catalogMagic))
	w.uint(catalogVersion)
	w.str(key.vocab)
	w.int(key.maxSize)
	n, rows := 0, 0
	for _, p := range c.order {
		if e, ok := c.prev[p]; ok {
			n++
			rows += len(p) + len(e.id) + maxStampRow
		}
	}
	w.uint(uint64(n))
	// The table in one allocation: grown by doubling, its copies and
	// fresh pages were a twentieth of a first run's CPU at 100,000 briefs.
	table := stampTableWriter{buf: make([]byte, 0, rows)}
	var one bytes.Buffer
	ew := catalogWriter{w: &one}
	place := make(map[*Brief]int32, n) // each entry's, for the order
	for _, p := range c.order {
		if e, ok := c.prev[p]; ok {
			place[e.brief] = int32(len(place))
			// Each entry is framed apart, so that one can be decoded
			// and checked alone (stamps.go).
			one.Reset()
			ew.entry(p, e)
			table.add(p, e, at(), int64(one.Len()), crc32.Checksum(one.Bytes(), castagnoli))
			bw.Write(one.Bytes())
		}
	}
	w.uint(uint64(len(c.walkWarns)))
	for _, ww := range c.walkWarns {
		w.str(ww.Path)
		w.str(ww.Reason)
	}
	order := libraryOrder(sorted(), place)
	w.uint(uint64(len(order)))
	for _, i := range order {
		w.uint(uint64(i))
	}
	w.bytes(table.finish(len(c.walkWarns) == 0))
	err = bw.Flush()
	if err == nil {
		err = binary.Write(f, binary.LittleEndian, crc.Sum32())
	}
	if err == nil {
		err = f.Close()
	} else {
		f.Close()
	}
	if err != nil {
		return err
	}
	return os.Rename(f.Name(), key.file)
}

// libraryOrder is the order of lib as the places in at of its briefs; nil
// when lib is not made of exactly those briefs (a renamed duplicate is a
// copy, and its place unknown).
func libraryOrder(lib *Library, at map[*Brief]int32) []int32 {
	if lib == nil || lib.renamed || lib.Len() != len(at) {
		return nil
	}
	order := make([]int32, lib.Len())
	for i, b := range lib.briefs {
		j, ok := at[b]
		if !ok {
			return nil
		}
		order[i] = j
	}
	return order
}

// catalogWriter writes the fields of a catalog: unsigned varints, zig-zag
// varints, and length-prefixed strings.
type catalogWriter struct {
	w interface {
		io.Writer
		io.StringWriter
	}
	scratch [binary.MaxVarintLen64]byte
}

func (w *catalogWriter) bytes(b []byte) { w.w.Write(b) }
func (w *catalogWriter) uint(v uint64)  { w.w.Write(binary.AppendUvarint(w.scratch[:0], v)) }
func (w *catalogWriter) int(v int64)    { w.w.Write(binary.AppendVarint(w.scratch[:0], v)) }
func (w *catalogWriter) str(s string) {
	w.uint(uint64(len(s)))
	w.w.WriteString(s)
}
func (w *catalogWriter) strs(l []string) {
	w.uint(uint64(len(l)))
	for _, s := range l {
		w.str(s)
	}
}
func (w *catalogWriter) time(t time.Time) {
	b, err := t.MarshalBinary()
	if err != nil { // a year outside what time can encode: keep the brief, lose the date
		b, _ = time.Time{}.MarshalBinary()
	}
	w.str(string(b))
}

// instant writes a time of the file system's clock (in the local zone, as
// os.Stat gives it) as nanoseconds: a third of MarshalBinary's size, and
// quicker to read back. The zero time is written as noInstant.
func (w *catalogWriter) instant(t time.Time) {
	if t.IsZero() {
		w.int(noInstant)
		return
	}
	w.int(t.UnixNano())
}

const noInstant = math.MinInt64

func (w *catalogWriter) entry(path string, e cachedBrief) {
	b := e.brief
	w.str(path)
	if e.id == b.ID { // the common case: no id in the front matter
		w.str("")
	} else {
		w.str(e.id)
	}
	w.int(e.stamp.size)
	w.int(e.stamp.mtime)
	w.int(e.stamp.ctime)
	w.uint(e.stamp.dev)
	w.uint(e.stamp.ino)
	w.int(e.read)
	if len(b.ID) < len(path) && strings.HasSuffix(path, b.ID) {
		// The common ID, the path under the folder loaded: its length
		// only, and the ID shares the path's memory once read.
		w.uint(0)
		w.uint(uint64(len(b.ID)))
	} else {
		w.uint(1)
		w.str(b.ID)
	}
	w.str(b.Title)
	w.time(b.Date)
	w.str(b.Source)
	w.strs(b.Tags)
	w.uint(uint64(len(b.Sections)))
	for _, s := range b.Sections {
		w.str(string(s.Kind))
		w.str(s.Title)
		w.int(int64(s.Level))
		w.int(int64(s.Start))
		w.int(int64(s.End))
	}
	hash, _ := hex.DecodeString(b.Hash)
	w.str(string(hash))
	w.instant(b.ModTime)
	w.int(b.Size)
	w.strs(b.Warnings)
}

// catalogReader reads what catalogWriter wrote; the first problem sticks
// in err and every later read returns zero values.
type catalogReader struct {
	// data is what is left of the catalog, read as one string: a string
	// read is a slice of it, not an allocation of its own (at 100,000
	// briefs, half a million small allocations were a third of a warm
	// start's decoding). The catalog stays in memory as long as a brief
	// of it does, about what the briefs' own strings took.
	data   string
	err    error
	intern map[string]string // repeated strings (kinds, tags, sources) held once

	// Sections, tag lists and the hashes' hex are carved from shared
	// blocks for the same reason.
	sections []Section
	lists    []string
}

var errCorrupt = errors.New("corrupt")

func (r *catalogReader) fail() {
	if r.err == nil {
		r.err = errCorrupt
	}
	r.data = ""
}

// uvarint is binary.Uvarint over a string.
func uvarint(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s); i++ {
		if i == binary.MaxVarintLen64 {
			return 0, -(i + 1) // overflow
		}
		b := s[i]
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				return 0, -(i + 1) // overflow
			}
			return x | uint64(b)<<shift, i + 1
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, 0
}

func (r *catalogReader) uint() uint64 {
	v, n := uvarint(r.data)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.data = r.data[n:]
	return v
}

func (r *catalogReader) int() int64 { return unzigzag(r.uint()) }

// unzigzag is the signed value of a zig-zag varint's bits, as
// binary.Varint reads it.
func unzigzag(u uint64) int64 {
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

// count reads a length and checks it against what is left, so a corrupt
// length cannot ask for a huge allocation.
func (r *catalogReader) count() int {
	n := r.uint()
	if n > uint64(len(r.data)) {
		r.fail()
		return 0
	}
	return int(n)
}

func (r *catalogReader) str() string {
	n := r.count()
	s := r.data[:n]
	r.data = r.data[n:]
	return s
}

// sectionSlab is how many sections are allocated at once while decoding.
const sectionSlab = 4096

// newSections returns n zero sections carved from a shared block.
func (r *catalogReader) newSections(n int) []Section {
	if n > sectionSlab/4 {
		return make([]Section, n)
	}
	if len(r.sections) < n {
		r.sections = make([]Section, sectionSlab)
	}
	s := r.sections[:n:n]
	r.sections = r.sections[n:]
	return s
}

// shared reads a string that many briefs repeat.
func (r *catalogReader) shared() string {
	s := r.str()
	if held, ok := r.intern[s]; ok {
		return held
	}
	r.intern[s] = s
	return s
}

func (r *catalogReader) strs() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	var l []string
	if n > sectionSlab/4 {
		l = make([]string, n)
	} else {
		if len(r.lists) < n {
			r.lists = make([]string, sectionSlab)
		}
		l, r.lists = r.lists[:n:n], r.lists[n:]
	}
	for i := range l {
		l[i] = r.shared()
	}
	return l
}

func (r *catalogReader) time() time.Time {
	var t time.Time
	if err := t.UnmarshalBinary([]byte(r.str())); err != nil {
		r.fail()
	}
	return t
}

func (r *catalogReader) instant() time.Time {
	n := r.int()
	if n == noInstant {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// decodeCatalog decodes the entries of a catalog, data (the file up to its
// stamp table); sumOK tells whether the file's CRC held.
func decodeCatalog(data string, sumOK bool, key catalogKey, src *textSource) (*catalogData, error) {
	if !strings.HasPrefix(data, catalogMagic) {
		return nil, errors.New("not a catalog")
	}
	if !sumOK {
		return nil, errors.New("corrupt (checksum)")
	}
	r := catalogReader{data: data[len(catalogMagic):], intern: map[string]string{}}
	for _, k := range []Kind{KindLead, KindWhyItMatters, KindWhatToKnow, KindWhatHappensNext, KindOther} {
		r.intern[string(k)] = string(k)
	}
	if v := r.uint(); v != catalogVersion {
		return nil, fmt.Errorf("of another version (%d, this is %d)", v, catalogVersion)
	}
	if r.str() != key.vocab || r.int() != key.maxSize {
		return nil, errOtherVocabulary
	}
	n := r.count()
	cat := &catalogData{entries: make([]cachedBrief, n), order: make([]string, n), briefs: make([]*Brief, n)}
	// The briefs in one block, and their hashes' hex in one string, made
	// once all are read.
	slab := make([]Brief, n)
	size := 0
	for i := range n {
		path, e := r.entry(src, &slab[i])
		if r.err != nil {
			return nil, r.err
		}
		size += 2 * len(slab[i].Hash)
		cat.briefs[i], cat.entries[i], cat.order[i] = &slab[i], e, path
	}
	var hb strings.Builder
	hb.Grow(size)
	var buf [2 * sha256.Size]byte
	for i := range slab {
		h := slab[i].Hash
		if len(h) > sha256.Size {
			return nil, errCorrupt
		}
		hb.Write(hex.AppendEncode(buf[:0], []byte(h)))
	}
	hexes := hb.String()
	for i := range slab {
		l := 2 * len(slab[i].Hash)
		slab[i].Hash, hexes = hexes[:l], hexes[l:]
	}
	if n := r.count(); n > 0 {
		cat.walkWarns = make([]Warning, n)
		for i := range cat.walkWarns {
			cat.walkWarns[i] = Warning{Path: r.str(), Reason: r.str()}
		}
	}
	if m := r.count(); m > 0 {
		if m != n {
			return nil, errCorrupt
		}
		cat.sorted = make([]int32, m)
		for i := range cat.sorted {
			j := r.uint()
			if j >= uint64(n) {
				return nil, errCorrupt
			}
			cat.sorted[i] = int32(j)
		}
	}
	// The stamp table, which repeats what the entries hold, starts
	// right after them: the CRC vouches for it.
	if r.err != nil || len(r.data) != 0 {
		return nil, errCorrupt
	}
	return cat, nil
}

// entry reads one brief into b, its Hash left as the raw digest (a slice
// of the catalog) for decodeCatalog to encode.
func (r *catalogReader) entry(src *textSource, b *Brief) (string, cachedBrief) {
	path := r.str()
	e := cachedBrief{id: r.str()}
	e.stamp.size = r.int()
	e.stamp.mtime = r.int()
	e.stamp.ctime = r.int()
	e.stamp.dev = r.uint()
	e.stamp.ino = r.uint()
	e.read = r.int()
	b.Path, b.src = path, src
	if r.uint() == 0 {
		if n := int(r.uint()); n <= len(path) {
			b.ID = path[len(path)-n:]
		} else {
			r.fail()
		}
	} else {
		b.ID = r.str()
	}
	if e.id == "" {
		e.id = b.ID
	}
	b.Title = r.str()
	b.Date = r.time()
	b.Source = r.shared()
	b.Tags = r.strs()
	if n := r.count(); n > 0 {
		b.Sections = r.newSections(n)
		for i := range b.Sections {
			s := &b.Sections[i]
			s.Kind = Kind(r.shared())
			s.Title = r.shared()
			s.Level = int(r.int())
			s.Start = int(r.int())
			s.End = int(r.int())
		}
	}
	b.Hash = r.str()
	b.ModTime = r.instant()
	b.Size = r.int()
	b.Warnings = r.strs()
	e.brief = b
	return path, e
}

// openCatalog returns a reload cache holding the catalog in opts.CacheDir,
// and a warning when the catalog could not be used.
func openCatalog(paths []string, opts LoadOptions) (*reloadCache, string) {
	c := openCatalogAsync(paths, opts)
	<-c.ready
	warn := c.warn
	c.warn = ""
	return c, warn
}

// catalogKeyOf is the key of the catalog a load of paths with opts uses.
func catalogKeyOf(paths []string, opts LoadOptions) catalogKey {
	return catalogKey{vocab: opts.Vocabulary.fingerprint(), maxSize: opts.maxSize(), file: CatalogPath(opts.CacheDir, paths)}
}

// openCatalogAsync is openCatalog reading the file in the background: the
// cache's ready is closed once it is read, and its warn says what went
// wrong, if anything.
func openCatalogAsync(paths []string, opts LoadOptions) *reloadCache {
	key := catalogKeyOf(paths, opts)
	src := &textSource{vocab: opts.Vocabulary, maxSize: opts.maxSize()}
	c := newReloadCache()
	c.src, c.key = src, &key
	c.ready, c.listedDone = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(c.listedDone)
		cat, warn := readCatalog(key, src)
		if cat != nil {
			c.order, c.walkWarns = cat.order, cat.walkWarns
			c.catBriefs, c.catSorted = cat.briefs, cat.sorted
		}
		c.warn = warn
		if opts.Listed != nil && cat != nil && len(cat.order) > 0 {
			c.listed = c.library()
			opts.Listed(c.listed)
		}
		// The entries by path, for the loaders' lookups, once the list
		// is on its way to the screen: 100,000 inserts into fresh
		// memory that the list does not need.
		if cat != nil && !opts.listOnly {
			c.prev = make(map[string]cachedBrief, len(cat.order))
			for i, p := range cat.order {
				c.prev[p] = cat.entries[i]
			}
		}
		c.noCatalog = len(c.prev) == 0
		close(c.ready)
	}()
	return c
}

// library is the library of the last load as c holds it: its briefs in
// walk order, its warnings. Just read from a catalog that knows the
// library's order, the briefs are listed in it rather than sorted: a
// tenth of a second less to the list at 100,000 briefs.
func (c *reloadCache) library() *Library {
	bs := c.catBriefs
	if len(bs) != len(c.order) {
		bs = make([]*Brief, len(c.order))
		for i, p := range c.order {
			bs[i] = c.prev[p].brief
		}
	}
	warnings := slices.Clone(c.walkWarns)
	for _, b := range bs {
		for _, w := range b.Warnings {
			warnings = append(warnings, Warning{Path: b.Path, Reason: w})
		}
	}
	if len(c.catSorted) == len(bs) && len(bs) > 0 {
		in := make([]*Brief, len(bs))
		for i, j := range c.catSorted {
			in[i] = bs[j]
		}
		if l, ok := sortedLibrary(in, warnings); ok {
			return l
		}
	}
	return NewLibrary(bs, warnings)
}

// saveCatalog writes the catalog of a reload when it changed (Load writes
// its own: this is for Watch's reloads of a few files).
func saveCatalog(opts LoadOptions) {
	c := opts.reuse
	if c == nil || c.key == nil || !c.changed {
		return
	}
	c.changed = false
	// A failure costs the next start some reading, nothing else: the
	// warning of the next full load says so if it lasts.
	_ = writeCatalog(*c.key, c, func() *Library { return c.lib })
}

// Listed returns the library of the last load of paths as its catalog in
// opts.CacheDir holds it, without looking at the files: what a reader shows
// at once while Load checks every file's stamp. ok is false when there is
// no usable catalog.
func Listed(paths []string, opts LoadOptions) (lib *Library, ok bool) {
	if opts.CacheDir == "" {
		return nil, false
	}
	opts.Listed, opts.listOnly = nil, true
	c, warn := openCatalog(paths, opts)
	if warn != "" || len(c.order) == 0 {
		return nil, false
	}
	return c.library(), true
}
