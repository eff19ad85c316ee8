package search

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"
)

// ---- the index file
//
// An index is saved to one file and read back at the next start, so that a
// start indexes only the briefs that changed. The file is a fixed header,
// then a meta part decoded at open (docs, dictionary, counts; a few bytes a
// term and a few dozen a doc), then the bulk: every term's postings and the
// forward index, which stay on disk, mapped (see mapFile), and are read as a
// query touches them. All numbers are little-endian or uvarints, decoded
// from the bytes; nothing is laid over them.
//
// The file is replaced whole (a temporary file renamed over it), so a reader
// that mapped the old one keeps it intact and two processes sharing a data
// folder never see half a file. The header's CRCs cover the meta part and
// the bulk: a file that fails them, is short, or has another version is
// rebuilt, with a warning.

// indexMagic starts an index file; indexVersion changes with the format.
const (
	indexMagic   = "BRFINDEX"
	indexVersion = 1
	headerSize   = 48
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// errForeign reports a file that is not an index of this version.
var errForeign = errors.New("not an index file of this version")

// header is the fixed start of an index file.
type header struct {
	version                 uint32
	metaLen, postLen, fwdLn uint64
	metaCRC, bulkCRC        uint32
}

func (h header) encode() []byte {
	b := make([]byte, 0, headerSize)
	b = append(b, indexMagic...)
	b = binary.LittleEndian.AppendUint32(b, h.version)
	b = binary.LittleEndian.AppendUint32(b, 0)
	b = binary.LittleEndian.AppendUint64(b, h.metaLen)
	b = binary.LittleEndian.AppendUint64(b, h.postLen)
	b = binary.LittleEndian.AppendUint64(b, h.fwdLn)
	b = binary.LittleEndian.AppendUint32(b, h.metaCRC)
	b = binary.LittleEndian.AppendUint32(b, h.bulkCRC)
	return b
}

func decodeHeader(b []byte) (header, error) {
	if len(b) < headerSize || string(b[:8]) != indexMagic {
		return header{}, errForeign
	}
	h := header{version: binary.LittleEndian.Uint32(b[8:])}
	if h.version != indexVersion {
		return h, fmt.Errorf("%w (version %d, want %d)", errForeign, h.version, indexVersion)
	}
	h.metaLen = binary.LittleEndian.Uint64(b[16:])
	h.postLen = binary.LittleEndian.Uint64(b[24:])
	h.fwdLn = binary.LittleEndian.Uint64(b[32:])
	h.metaCRC = binary.LittleEndian.Uint32(b[40:])
	h.bulkCRC = binary.LittleEndian.Uint32(b[44:])
	return h, nil
}

// Save writes the index to path, replacing it whole: a temporary file in
// the same folder, synced, renamed over it. The folder is made if missing.
func (ix *Index) Save(path string) error {
	// A bad byte in the mapped bulk would be copied into a file with a
	// good CRC: check it first. The bad file goes, so that the next start
	// rebuilds it. (The mapping is never written: no lock needed.)
	if ix.mapped != nil && crc32.Checksum(ix.mapped, castagnoli) != ix.mappedCRC || ix.broken.Load() {
		ix.broken.Store(true)
		_ = os.Remove(path)
		return fmt.Errorf("%w; it is rebuilt at the next start", errCorrupt)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	removeStale(path)
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after the rename, nothing to remove
	snap := ix.snapshot()
	err = snap.write(f)
	// The snapshot's slices point into ix's mapping, which ix's cleanup
	// unmaps: ix must outlive the write, though nothing below reads it.
	runtime.KeepAlive(ix)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	// The file now holds ix's docs as they are, unless an update ran
	// while it was written: then its header names them (see SaveView).
	ix.mu.Lock()
	if ix.applied == snap.applied {
		ix.fileHead = string(snap.head)
	}
	ix.mu.Unlock()
	return nil
}

// saveSnapshot is what Save writes, taken under the read lock: the meta
// part encoded, and the slice headers of the postings, tails and forward
// index. An update after it appends past those headers' lengths or
// replaces the slices, never changes the bytes they cover; so the hundreds
// of megabytes of the bulk are written without holding up an update.
type saveSnapshot struct {
	meta       []byte
	post, tail [][]byte
	fwd        []fwdSegment
	applied    uint64 // ix.applied when taken
	head       []byte // the header write wrote
}

func (ix *Index) snapshot() *saveSnapshot {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return &saveSnapshot{meta: ix.encodeMeta(), post: slices.Clone(ix.post), tail: slices.Clone(ix.tail), fwd: slices.Clone(ix.fwd), applied: ix.applied}
}

// staleAfter is the age from which a temporary file of Save is taken to be
// left by a process that died while saving: a save takes seconds.
const staleAfter = time.Hour

// removeStale removes what saves of path that never finished left behind:
// hundreds of megabytes each at archive scale.
func removeStale(path string) {
	left, _ := filepath.Glob(path + ".*.tmp")
	for _, f := range left {
		if fi, err := os.Stat(f); err == nil && time.Since(fi.ModTime()) > staleAfter {
			_ = os.Remove(f)
		}
	}
}

// write writes the file: the header last, once the CRCs are known.
func (s *saveSnapshot) write(f *os.File) error {
	if _, err := f.Seek(headerSize, io.SeekStart); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if _, err := bw.Write(s.meta); err != nil {
		return err
	}
	bulk := crc32.New(castagnoli)
	w := io.MultiWriter(bw, bulk)
	h := header{version: indexVersion, metaLen: uint64(len(s.meta)), metaCRC: crc32.Checksum(s.meta, castagnoli)}
	for g, p := range s.post {
		if _, err := w.Write(p); err != nil {
			return err
		}
		h.postLen += uint64(len(p))
		if g < len(s.tail) && len(s.tail[g]) > 0 {
			if _, err := w.Write(s.tail[g]); err != nil {
				return err
			}
			h.postLen += uint64(len(s.tail[g]))
		}
	}
	n, err := writeFwd(w, s.fwd)
	if err != nil {
		return err
	}
	h.fwdLn = n
	h.bulkCRC = bulk.Sum32()
	if err := bw.Flush(); err != nil {
		return err
	}
	s.head = h.encode()
	if _, err := f.WriteAt(s.head, 0); err != nil {
		return err
	}
	return f.Sync()
}

// encodeMeta encodes the meta part.
func (ix *Index) encodeMeta() []byte {
	var e enc
	terms := ix.dict.terms
	e.uv(uint64(len(ix.docs)))
	e.uv(uint64(len(terms)))
	for _, t := range terms {
		e.str(t)
	}
	e.uv(uint64(len(ix.dict.slots)))
	for _, s := range ix.dict.slots {
		e.b = binary.LittleEndian.AppendUint64(e.b, s)
	}
	for _, g := range ix.sortedAll() {
		e.uv(uint64(g))
	}
	for g := range terms {
		e.uv(uint64(max(ix.df[g], 0)))
		e.uv(uint64(ix.last[g] + 1))
		e.uv(uint64(len(ix.post[g]) + len(ix.tailOf(g))))
	}
	// The forward index, as one segment in the dictionary's ids: per slot
	// the length of its terms.
	ix.fwdLens(&e)
	var raw map[uint32][]byte
	if ix.lazyCommon != nil {
		raw = ix.lazyCommon.raw
	}
	e.uv(uint64(len(ix.common) + len(raw)))
	for g, b := range raw { // the sets not made are in their encoded form
		e.uv(uint64(g))
		e.b = append(e.b, b...)
	}
	for g, set := range ix.common {
		e.uv(uint64(g))
		for i := range (len(ix.docs) + 63) / 64 {
			var w uint64
			if i < len(set) {
				w = set[i]
			}
			e.b = binary.LittleEndian.AppendUint64(e.b, w)
		}
	}
	// Tables of the term lists that repeat (sources, section titles), of
	// tags, and of the docs' whole sets of section titles and of tags: docs
	// give their places in them.
	var lists, combos table
	tags := map[string]int{}
	var tagTab []string
	var docs enc
	for d := range ix.docs {
		doc := &ix.docs[d]
		nsec := ix.docSlots(int32(d)) - 1
		docs.uv(uint64(nsec))
		if !ix.live.has(d) {
			docs.uv(0)
			continue
		}
		docs.uv(1)
		m := ix.metaOf(int32(d))
		docs.str(m.brief().ID)
		docs.str(m.brief().Hash)
		docs.uv(uint64(doc.order))
		docs.uv(uint64(doc.length))
		var title enc
		for _, t := range m.titleTerms() {
			g, _ := ix.dict.get(t)
			title.uv(uint64(g))
		}
		docs.str(string(title.b))
		var k enc
		ix.encTerms(&k, m.source)
		docs.uv(lists.add(k.b))
		var tk enc
		for _, t := range m.tags {
			i, ok := tags[t]
			if !ok {
				i = len(tagTab)
				tags[t] = i
				tagTab = append(tagTab, t)
			}
			tk.uv(uint64(i))
		}
		docs.uv(combos.add(tk.b))
		var sk enc
		for s := range nsec {
			k.b = k.b[:0]
			ix.encTerms(&k, m.sections[s])
			sk.uv(lists.add(k.b))
		}
		docs.uv(combos.add(sk.b))
	}
	lists.write(&e)
	e.uv(uint64(len(tagTab)))
	for _, t := range tagTab {
		e.str(t)
	}
	combos.write(&e)
	e.b = append(e.b, docs.b...)
	return e.b
}

// tailOf is term g's tail (see Index.tail).
func (ix *Index) tailOf(g int) []byte {
	if g < len(ix.tail) {
		return ix.tail[g]
	}
	return nil
}

// sortedAll is every term id in term order, those added since the last
// sort merged in.
func (ix *Index) sortedAll() []uint32 {
	if len(ix.unsorted) == 0 {
		return ix.sorted
	}
	nx := &Index{dict: ix.dict}
	nx.sortTerms()
	return nx.sorted
}

// encTerms writes the dictionary ids of terms (all in it: they come from
// indexed text).
func (ix *Index) encTerms(e *enc, terms []string) {
	e.uv(uint64(len(terms)))
	for _, t := range terms {
		g, _ := ix.dict.get(t)
		e.uv(uint64(g))
	}
}

// docSlots is the number of slots of doc d: its sections and slot 0.
func (ix *Index) docSlots(d int32) int32 {
	end := ix.nslots
	if int(d)+1 < len(ix.docs) {
		end = ix.docs[d+1].slots
	}
	return end - ix.docs[d].slots
}

// fwdLens writes the number of slots and the length of each slot's terms
// in the dictionary's ids: as they are for a segment in those ids, else
// re-encoded.
func (ix *Index) fwdLens(e *enc) {
	e.uv(uint64(ix.nslots))
	for k := range ix.fwd {
		seg := &ix.fwd[k]
		for i := 0; i+1 < len(seg.off); i++ {
			if seg.local == nil {
				e.uv(uint64(seg.off[i+1] - seg.off[i]))
				continue
			}
			n := 0
			for p := seg.buf[seg.off[i]:seg.off[i+1]]; len(p) > 0; {
				v, k := uvarint(p)
				p = p[k:]
				if v != 0 {
					v = uint64(seg.globalID(uint32(v-1))) + 1
				}
				n += uvarintLen(v)
			}
			e.uv(uint64(n))
		}
	}
}

// writeFwd writes the forward index in the dictionary's ids.
func writeFwd(w io.Writer, fwd []fwdSegment) (uint64, error) {
	var total uint64
	var buf []byte
	for k := range fwd {
		seg := &fwd[k]
		if seg.local == nil {
			p := seg.buf[seg.off[0]:seg.off[len(seg.off)-1]]
			if _, err := w.Write(p); err != nil {
				return 0, err
			}
			total += uint64(len(p))
			continue
		}
		buf = buf[:0]
		for p := seg.buf[seg.off[0]:seg.off[len(seg.off)-1]]; len(p) > 0; {
			v, n := uvarint(p)
			p = p[n:]
			if v != 0 {
				v = uint64(seg.globalID(uint32(v-1))) + 1
			}
			buf = binary.AppendUvarint(buf, v)
			if len(buf) >= 1<<20 {
				if _, err := w.Write(buf); err != nil {
					return 0, err
				}
				total += uint64(len(buf))
				buf = buf[:0]
			}
		}
		if _, err := w.Write(buf); err != nil {
			return 0, err
		}
		total += uint64(len(buf))
	}
	return total, nil
}

// table numbers distinct byte strings (encoded lists) in order of first
// use, for write to store each once.
type table struct {
	index map[string]uint64
	enc   enc
}

// add returns the number of b, adding it when new. Each entry is written
// length-prefixed.
func (t *table) add(b []byte) uint64 {
	if t.index == nil {
		t.index = make(map[string]uint64)
	}
	if i, ok := t.index[string(b)]; ok {
		return i
	}
	i := uint64(len(t.index))
	t.index[string(b)] = i
	t.enc.str(string(b))
	return i
}

func (t *table) write(e *enc) {
	e.uv(uint64(len(t.index)))
	e.b = append(e.b, t.enc.b...)
}

// enc appends uvarints and strings.
type enc struct{ b []byte }

func (e *enc) uv(v uint64)  { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) str(s string) { e.uv(uint64(len(s))); e.b = append(e.b, s...) }

// dec reads what enc wrote; a read past the end or a bad number sets err
// and returns zeros, so that a corrupt file is an error, never a panic.
type dec struct {
	p   []byte
	err error
}

var errCorrupt = errors.New("index file is corrupt")

func (d *dec) uv() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.p)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.p = d.p[n:]
	return v
}

// n reads a count or id that must be below limit.
func (d *dec) n(limit int) int {
	v := d.uv()
	if v >= uint64(limit) {
		if d.err == nil {
			d.err = errCorrupt
		}
		return 0
	}
	return int(v)
}

func (d *dec) raw(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.p) {
		if d.err == nil {
			d.err = errCorrupt
		}
		return nil
	}
	b := d.p[:n:n]
	d.p = d.p[n:]
	return b
}

func (d *dec) str() string { return string(d.raw(d.n(len(d.p) + 1))) }

func (d *dec) u64() uint64 {
	b := d.raw(8)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

// guard turns a runtime error in a query on a mapped index into no
// result: only a bad byte in the file's bulk, which is not checked at
// open, can cause one there. The index is marked broken (Broken), and its
// owner rebuilds it. A panic of an index built in memory is a bug, and goes on.
func (ix *Index) guard() {
	if ix.mapped == nil {
		return
	}
	if r := recover(); r != nil {
		if _, ok := r.(runtime.Error); !ok {
			panic(r)
		}
		ix.broken.Store(true)
	}
}

// Broken reports whether a query found the index's file corrupt: its
// results are empty until it is rebuilt (Open after removing the file).
func (ix *Index) Broken() bool { return ix.broken.Load() }
