package search

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"runtime"
	"sync"
)

// readFile reads f whole: mapFile's fallback.
func readFile(f *os.File, size int64) ([]byte, func(), error) {
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, nil, err
	}
	return b, func() {}, nil
}

// storedDoc is what the file says of a doc beside its index data: which
// brief and which version of it (see Open).
type storedDoc struct {
	id, hash []byte // in the mapped file
	nsec     int
	order    int // its library position when saved: where Open looks first
}

// openFile reads the index file at path. Its docs have no briefs yet: live
// ones get theirs from the library (see Open), and stored says which. With
// lazy, their metadata are left to decode when needed (see decodeDocs).
func openFile(path string, lazy bool) (*Index, []storedDoc, *docTables, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, nil, err
	}
	var hb [headerSize]byte
	if _, err := io.ReadFull(f, hb[:]); err != nil {
		return nil, nil, nil, errForeign
	}
	h, err := decodeHeader(hb[:])
	if err != nil {
		return nil, nil, nil, err
	}
	if uint64(fi.Size()) != headerSize+h.metaLen+h.postLen+h.fwdLn {
		return nil, nil, nil, fmt.Errorf("%w: %d bytes, the header says %d", errCorrupt, fi.Size(), headerSize+h.metaLen+h.postLen+h.fwdLn)
	}
	data, release, err := mapFile(f, fi.Size())
	if err != nil {
		return nil, nil, nil, err
	}
	meta := data[headerSize : headerSize+h.metaLen]
	bulk := data[headerSize+h.metaLen:]
	// The meta part is checked now; the bulk, hundreds of megabytes at
	// archive scale of which a query touches a few pages, is checked when
	// it is copied to a new file (Save), and a query that trips on a bad
	// byte in it fails alone (see guard).
	if crc32.Checksum(meta, castagnoli) != h.metaCRC {
		release()
		return nil, nil, nil, errCorrupt
	}
	ix, stored, tabs, err := decodeMeta(meta, bulk[:h.postLen], bulk[h.postLen:], lazy)
	if err != nil {
		release()
		return nil, nil, nil, err
	}
	ix.mapped, ix.mappedCRC = bulk, h.bulkCRC
	ix.fileHead = string(hb[:])
	// The postings and forward index point into the mapping: it lives as
	// long as the index does.
	runtime.AddCleanup(ix, func(r func()) { r() }, release)
	return ix, stored, tabs, nil
}

// decodeMeta decodes the meta part; post and fwd are the bulk's two parts.
func decodeMeta(meta, post, fwd []byte, lazy bool) (*Index, []storedDoc, *docTables, error) {
	d := &dec{p: meta}
	ndocs := d.n(1 << 31)
	nt := d.n(1 << 31)
	if d.err != nil || nt > len(meta) || ndocs > len(meta) {
		return nil, nil, nil, errCorrupt
	}
	ix := &Index{}
	// The dictionary: the terms' bytes copied once into one string.
	lens := make([]int, nt)
	total := 0
	start := d.p
	for i := range lens {
		lens[i] = d.n(len(d.p) + 1)
		d.raw(lens[i])
		total += lens[i] + uvarintLen(uint64(lens[i]))
	}
	if d.err != nil {
		return nil, nil, nil, d.err
	}
	all := string(start[:total])
	tab := &termTable{terms: make([]string, nt), ents: make([]termEntry, nt)}
	at := 0
	for i, n := range lens {
		at += uvarintLen(uint64(n))
		s := all[at : at+n]
		at += n
		tab.terms[i] = s
		k, _ := keyOf([]byte(s))
		tab.ents[i] = termEntry{k: k, st: termState{last: -1}}
	}
	nslotTab := d.n(len(d.p)/8 + 1)
	if nslotTab&(nslotTab-1) != 0 || nslotTab < 2*nt {
		return nil, nil, nil, errCorrupt
	}
	tab.slots = make([]uint64, nslotTab)
	for i := range tab.slots {
		s := d.u64()
		if s != 0 && uint32(s)-1 >= uint32(nt) {
			return nil, nil, nil, errCorrupt
		}
		tab.slots[i] = s
	}
	ix.dict = tab
	ix.sorted = make([]uint32, nt)
	for i := range ix.sorted {
		ix.sorted[i] = uint32(d.n(nt))
	}
	ix.df = make([]int32, nt)
	ix.last = make([]int32, nt)
	ix.post = make([][]byte, nt)
	at = 0
	for g := range nt {
		ix.df[g] = int32(d.n(ndocs + 1))
		ix.last[g] = int32(d.n(ndocs+1)) - 1
		n := d.n(len(post) - at + 1)
		// Capped: an update appends to a term's postings, which must copy
		// them out of the read-only mapping.
		ix.post[g] = post[at : at+n : at+n]
		at += n
	}
	if d.err != nil || at != len(post) {
		return nil, nil, nil, errCorrupt
	}
	nslots := d.n(1 << 31)
	off := make([]uint32, nslots+1)
	for i := range nslots {
		n := d.n(len(fwd) + 1)
		off[i+1] = off[i] + uint32(n)
		if uint64(off[i+1]) > uint64(len(fwd)) {
			return nil, nil, nil, errCorrupt
		}
	}
	if d.err != nil || int(off[nslots]) != len(fwd) {
		return nil, nil, nil, errCorrupt
	}
	ix.fwd = []fwdSegment{{off: off, buf: fwd, mapped: true}}
	ncommon := d.n(nt + 1)
	// The sets of common stay in the file's bytes until a query needs
	// one, or an update all (see makeCommon): 10 MB at 100,000 briefs, of
	// which a query uses a few sets.
	ix.common = make(map[uint32]bitset)
	words := (ndocs + 63) / 64
	lc := &lazyCommon{raw: make(map[uint32][]byte, ncommon), made: map[uint32]bitset{}, words: words}
	ix.lazyCommon = lc
	for range ncommon {
		g := uint32(d.n(nt))
		raw := d.raw(8 * words)
		if d.err != nil {
			return nil, nil, nil, d.err
		}
		lc.raw[g] = raw
	}
	stored, tabs, err := ix.decodeDocs(d, ndocs, nslots, lazy)
	if err != nil {
		return nil, nil, nil, err
	}
	return ix, stored, tabs, nil
}

// decodeBitset decodes a set of common (see encodeMeta) from raw.
func decodeBitset(raw []byte, words int) bitset {
	set := make(bitset, words)
	for i := range set {
		set[i] = binary.LittleEndian.Uint64(raw[8*i:])
	}
	return set
}

// lazyCommon holds the sets of Index.common of an index opened from a file
// as the file has them, and makes each on first use: megabytes at archive
// scale, of which a query needs a few sets.
type lazyCommon struct {
	words int
	mu    sync.Mutex
	raw   map[uint32][]byte // not yet made into common, nor moved there
	made  map[uint32]bitset // made from raw, still in it
}

// commonOf returns the set of term g in common, if it has one.
func (ix *Index) commonOf(g uint32) (bitset, bool) {
	if b, ok := ix.common[g]; ok || ix.lazyCommon == nil {
		return b, ok
	}
	return ix.lazyCommon.set(g)
}

// set returns the set of term g, made on first use.
func (lc *lazyCommon) set(g uint32) (bitset, bool) {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	if b, ok := lc.made[g]; ok {
		return b, true
	}
	raw, ok := lc.raw[g]
	if !ok {
		return nil, false
	}
	b := decodeBitset(raw, lc.words)
	lc.made[g] = b
	return b, true
}

// makeCommon makes every set of common an update must keep up to date.
// ix.mu is held for writing.
func (ix *Index) makeCommon() {
	lc := ix.lazyCommon
	if lc == nil {
		return
	}
	for g, raw := range lc.raw {
		b, ok := lc.made[g]
		if !ok {
			b = decodeBitset(raw, lc.words)
		}
		ix.common[g] = b
	}
	ix.lazyCommon = nil
}

// docTables are the tables docs' metadata point into: lists of terms
// that repeat (sources, section titles), tags, and docs' sets of section
// titles and of tags ("combos"), stored once each (see encodeMeta).
type docTables struct {
	dict     *termTable
	listRaw  [][]byte
	lists    [][]string // made from listRaw on first use (see list)
	listMade []bool
	tags     []string
	combos   [][]byte
	// A combo is made on first use, as tags or as lists: the same bytes may
	// stand for tags in one doc and section titles in another.
	asTags  [][]string
	asLists [][][]string
	made    [2][]bool

	recs [][]byte // per doc, when left to decode: its metadata's bytes (see decodeDocs)
}

// decodeDocTables decodes the tables that precede the docs.
func decodeDocTables(d *dec, dict *termTable) (*docTables, error) {
	t := &docTables{dict: dict}
	// Lists are kept as bytes and made on first use: docs' sections
	// titles make tens of thousands, of which a query needs a few.
	t.listRaw = make([][]byte, d.n(len(d.p)+1))
	for i := range t.listRaw {
		t.listRaw[i] = d.raw(d.n(len(d.p) + 1))
	}
	t.lists = make([][]string, len(t.listRaw))
	t.listMade = make([]bool, len(t.listRaw))
	t.tags = make([]string, d.n(len(d.p)+1))
	for i := range t.tags {
		t.tags[i] = d.str()
	}
	t.combos = make([][]byte, d.n(len(d.p)+1))
	for i := range t.combos {
		t.combos[i] = d.raw(d.n(len(d.p) + 1))
	}
	if d.err != nil {
		return nil, d.err
	}
	t.asTags = make([][]string, len(t.combos))
	t.asLists = make([][][]string, len(t.combos))
	t.made = [2][]bool{make([]bool, len(t.combos)), make([]bool, len(t.combos))}
	return t, nil
}

// list returns list i.
func (t *docTables) list(i int) ([]string, error) {
	if t.listMade[i] {
		return t.lists[i], nil
	}
	nt := len(t.dict.terms)
	ld := &dec{p: t.listRaw[i]}
	if n := ld.n(len(ld.p) + 1); n > 0 {
		t.lists[i] = make([]string, n)
		for j := range t.lists[i] {
			t.lists[i][j] = t.dict.terms[ld.n(nt)]
		}
	}
	if ld.err != nil || len(ld.p) != 0 {
		return nil, errCorrupt
	}
	t.listMade[i] = true
	return t.lists[i], nil
}

// combo returns combo i as tags (tab 0) or as lists (tab 1).
func (t *docTables) combo(i int, tab int) ([]string, [][]string, error) {
	if t.made[tab][i] {
		return t.asTags[i], t.asLists[i], nil
	}
	// Made at their size: each number ends in the one byte of it below
	// 0x80. Growing them by append was a tenth of the open.
	n := 0
	for _, c := range t.combos[i] {
		if c < 0x80 {
			n++
		}
	}
	switch {
	case n == 0: // nil, as before
	case tab == 0:
		t.asTags[i] = make([]string, 0, n)
	default:
		t.asLists[i] = make([][]string, 0, n)
	}
	cd := &dec{p: t.combos[i]}
	for len(cd.p) > 0 && cd.err == nil {
		if tab == 0 {
			if k := cd.n(len(t.tags)); cd.err == nil {
				t.asTags[i] = append(t.asTags[i], t.tags[k])
			}
		} else {
			k := cd.n(len(t.listRaw))
			if cd.err != nil {
				break
			}
			l, err := t.list(k)
			if err != nil {
				return nil, nil, err
			}
			t.asLists[i] = append(t.asLists[i], l)
		}
	}
	if cd.err != nil {
		return nil, nil, cd.err
	}
	t.made[tab][i] = true
	return t.asTags[i], t.asLists[i], nil
}

// fill decodes into m the metadata of a doc with nsec sections: its
// title's term ids, source, tags and sections' titles.
func (t *docTables) fill(m *docMeta, d *dec, nsec int) error {
	m.titleIDs, m.dict = d.raw(d.n(len(d.p)+1)), t.dict
	if m.titleIDs == nil {
		m.titleIDs = []byte{}
	}
	src, tags, secs := d.n(len(t.listRaw)), d.n(len(t.combos)), d.n(len(t.combos))
	if d.err != nil {
		return d.err // before the numbers are used: they may be out of range
	}
	var err error
	if m.source, err = t.list(src); err != nil {
		return err
	}
	if m.tags, _, err = t.combo(tags, 0); err != nil {
		return errCorrupt
	}
	if _, m.sections, err = t.combo(secs, 1); err != nil || len(m.sections) != nsec {
		return errCorrupt
	}
	return nil
}

// skip passes over the metadata fill would decode, checking its numbers
// against the tables, and returns its bytes.
func (t *docTables) skip(d *dec) []byte {
	start := d.p
	d.raw(d.n(len(d.p) + 1))
	d.n(len(t.listRaw))
	d.n(len(t.combos))
	d.n(len(t.combos))
	if d.err != nil {
		return nil
	}
	return start[:len(start)-len(d.p)]
}

// decodeDocs decodes the docs: their slots, and for live ones the brief
// they index and their metadata's terms. Docs are left dead: Open brings
// to life those whose brief is in the library. A doc's metadata is a few
// numbers pointing into tables (see docTables), and its title's terms stay
// in the file (docMeta.titleIDs). With lazy, live docs' metadata are not
// decoded but their bytes kept (docTables.recs), for metaOf to decode
// those a query needs: an open for one query does not make 100,000.
func (ix *Index) decodeDocs(d *dec, ndocs, nslots int, lazy bool) ([]storedDoc, *docTables, error) {
	tabs, err := decodeDocTables(d, ix.dict)
	if err != nil {
		return nil, nil, err
	}
	ix.docs = make([]indexDoc, ndocs)
	ix.live = newBitset(ndocs)
	stored := make([]storedDoc, ndocs)
	var metas []docMeta // one allocation for all docs' metadata
	if lazy {
		tabs.recs = make([][]byte, ndocs)
	} else {
		metas = make([]docMeta, ndocs)
	}
	slots := int32(0)
	for i := range ix.docs {
		nsec := d.n(nslots + 1)
		doc := &ix.docs[i]
		doc.slots = slots
		slots += int32(nsec + 1)
		stored[i].nsec = nsec
		if d.uv() == 0 {
			continue
		}
		st := &stored[i]
		st.id = d.raw(d.n(len(d.p) + 1))
		st.hash = d.raw(d.n(len(d.p) + 1))
		st.order = d.n(1 << 31)
		doc.length = uint32(d.n(1 << 31))
		if lazy {
			if tabs.recs[i] = tabs.skip(d); tabs.recs[i] == nil {
				return nil, nil, errCorrupt
			}
			continue
		}
		if err := tabs.fill(&metas[i], d, nsec); err != nil {
			return nil, nil, err
		}
		doc.meta = &metas[i]
	}
	if d.err != nil || int(slots) != nslots || len(d.p) != 0 {
		return nil, nil, errCorrupt
	}
	ix.nslots = slots
	return stored, tabs, nil
}
