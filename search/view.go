package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/briefing-dev/briefing/briefs"
)

// A view ties an index file to the catalog of the library it indexes: per
// doc of the file, which catalog entry is its brief, where that brief sits
// in the library and its sort time. With it, a command that found every
// file unchanged (briefs.Stamps.Unchanged) opens the index without a
// library: no 100,000 briefs decoded and sorted to search, only the briefs
// shown decoded (OpenViewed).
//
// The view names both files' content (the index's header with its CRCs,
// the catalog's token): a view of another index or catalog is refused, and
// the caller goes the long way (load, Open).
//
// Format: the magic line, the catalog token and index header as
// length-prefixed strings, the number of docs, per doc uvarints (0 for a
// doc not in the library, else 1 + entry, then library position,
// zig-zag sort time, 0 or 1 + day), then a CRC-32 (Castagnoli) of all that.
const viewMagic = "briefing view 1\n"

// ErrNoView reports a view that is missing, corrupt, or of other files.
var ErrNoView = errors.New("no view of this index and catalog")

// SaveView writes the view of ix to path: ix must be as Open returned it
// from its file with nothing indexed or dropped (OpenReport.Changed
// false), or as Save last wrote it, so that its docs are the file's; it
// returns an error otherwise. entry gives a brief's catalog entry; token
// is the catalog's (briefs.Stamps.Token).
func SaveView(path string, ix *Index, token string, entry func(b *briefs.Brief) (int, bool)) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.fileHead == "" {
		return errors.New("search view: the index is not as its file has it")
	}
	var b []byte
	b = append(b, viewMagic...)
	b = binary.AppendUvarint(b, uint64(len(token)))
	b = append(b, token...)
	b = binary.AppendUvarint(b, uint64(len(ix.fileHead)))
	b = append(b, ix.fileHead...)
	b = binary.AppendUvarint(b, uint64(len(ix.docs)))
	for d := range ix.docs {
		doc := &ix.docs[d]
		if !ix.live.has(d) {
			b = append(b, 0)
			continue
		}
		if doc.meta == nil || doc.meta.b == nil {
			return errors.New("search view: a doc without its brief")
		}
		e, ok := entry(doc.meta.b)
		if !ok {
			return fmt.Errorf("search view: %s is not in the catalog", doc.meta.b.Path)
		}
		b = binary.AppendUvarint(b, uint64(e)+1)
		b = binary.AppendUvarint(b, uint64(doc.order))
		b = binary.AppendVarint(b, doc.time)
		day := uint64(0)
		if doc.meta.hasDay {
			day = uint64(int64(doc.meta.day)) + 1
		}
		b = binary.AppendUvarint(b, day)
	}
	b = binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // a no-op once renamed
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// lazyBriefs decodes the docs' metadata and briefs of an index opened
// with its view, each once, when a query needs it.
type lazyBriefs struct {
	fetch  func(entry int) (*briefs.Brief, error)
	stored []storedDoc // the index file's docs: the ID and hash it has for each
	tabs   *docTables  // what their metadata point into
	doc    []int32     // per entry: 1 + its doc; 0 for none
	entry  []int32     // per doc: its catalog entry
	day    []int32     // per doc: 0 for none, else 1 + its day
	mu     sync.Mutex
	got    map[int32]*briefs.Brief
	metas  []*docMeta       // per doc, once decoded
	byID   map[string]int32 // the docs whose metadata are decoded, by ID: a hit's (see BriefOf)
	err    error
}

func (l *lazyBriefs) get(entry int32) *briefs.Brief {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.got[entry]; ok {
		return b
	}
	s := l.stored[l.doc[entry]-1]
	b, err := l.fetch(int(entry))
	if err == nil && (b.ID != string(s.id) || b.Hash != string(s.hash)) {
		err = errors.New("search view: the catalog and the index disagree")
	}
	if err != nil {
		// Searches go on with a brief of its ID only; ViewError tells the
		// caller to take the long way.
		l.fail(err)
		b = &briefs.Brief{ID: string(s.id)}
	}
	l.got[entry] = b
	return b
}

// fail keeps the first problem met, for ViewError. l.mu is held.
func (l *lazyBriefs) fail(err error) {
	if l.err == nil {
		l.err = err
	}
}

// meta returns the metadata of live doc d with ID id, decoded on first use.
func (l *lazyBriefs) meta(d int32, id string) *docMeta {
	l.mu.Lock()
	defer l.mu.Unlock()
	if m := l.metas[d]; m != nil {
		return m
	}
	s := &l.stored[d]
	m := &docMeta{lazy: l, entry: l.entry[d], day: int(l.day[d]) - 1, hasDay: l.day[d] != 0}
	if err := l.tabs.fill(m, &dec{p: l.tabs.recs[d]}, s.nsec); err != nil {
		// A query goes on with no metadata but its sections' count (which
		// it indexes by); ViewError sends the caller the long way.
		l.fail(err)
		m.titleIDs, m.source, m.tags = []byte{}, nil, nil
		m.sections = make([][]string, s.nsec)
	}
	l.metas[d] = m
	l.byID[id] = d
	return m
}

// metaOf returns the metadata of live doc d: decoded when first needed in
// an index opened with its view, else as the doc has it.
func (ix *Index) metaOf(d int32) *docMeta {
	// Small enough to inline: it is called per candidate doc.
	if m := ix.docs[d].meta; m != nil {
		return m
	}
	return ix.viewedMeta(d)
}

func (ix *Index) viewedMeta(d int32) *docMeta {
	if ix.viewed == nil {
		return nil
	}
	return ix.viewed.meta(d, ix.docs[d].id)
}

// ViewError is the first problem an index opened with its view met
// decoding a doc's metadata or brief (a corrupt catalog entry): its
// results may be wrong and the caller should search again the long way.
// nil otherwise.
func (ix *Index) ViewError() error {
	if ix.viewed == nil {
		return nil
	}
	ix.viewed.mu.Lock()
	defer ix.viewed.mu.Unlock()
	return ix.viewed.err
}

// BriefOf returns the brief of the live doc with ID id.
func (ix *Index) BriefOf(id string) (*briefs.Brief, bool) {
	// An index opened with its view knows its hits' docs by ID: a map of
	// all 100,000 for the 20 shown cost more than the query.
	if l := ix.viewed; l != nil {
		l.mu.Lock()
		d, ok := l.byID[id]
		l.mu.Unlock()
		ix.mu.RLock()
		ok = ok && ix.live.has(int(d))
		ix.mu.RUnlock()
		if ok {
			b := ix.metaOf(d).brief()
			return b, b != nil
		}
	}
	ix.mu.Lock()
	ix.ensureByID()
	d, ok := ix.byID[id]
	ix.mu.Unlock()
	if !ok {
		return nil, false
	}
	b := ix.metaOf(d).brief()
	return b, b != nil
}

// OpenViewed opens the index file at path with its view at viewPath, for a
// library of n briefs that is the catalog's as token names it: fetch
// decodes the brief of a catalog entry. It returns ErrNoView (wrapped)
// when the view does not belong to these files.
func OpenViewed(path, viewPath, token string, n int, fetch func(entry int) (*briefs.Brief, error)) (*Index, error) {
	v, err := os.ReadFile(viewPath)
	if err != nil || len(v) < len(viewMagic)+4 || string(v[:len(viewMagic)]) != viewMagic ||
		crc32.Checksum(v[:len(v)-4], castagnoli) != binary.LittleEndian.Uint32(v[len(v)-4:]) {
		return nil, ErrNoView
	}
	d := &dec{p: v[len(viewMagic) : len(v)-4]}
	if string(d.raw(d.n(len(d.p)+1))) != token {
		return nil, ErrNoView
	}
	head := string(d.raw(d.n(len(d.p) + 1)))
	ix, stored, tabs, err := openFile(path, true)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoView, err)
	}
	if head != ix.fileHead || d.n(1<<31) != len(stored) || d.err != nil {
		return nil, ErrNoView
	}
	l := &lazyBriefs{fetch: fetch, stored: stored, tabs: tabs, doc: make([]int32, n), got: map[int32]*briefs.Brief{},
		entry: make([]int32, len(stored)), day: make([]int32, len(stored)), metas: make([]*docMeta, len(stored)),
		byID: map[string]int32{}}
	placed := newBitset(n)
	// The docs' IDs are copied into one string: 100,000 strings made one
	// by one cost more, and give the collector 100,000 objects.
	idLen := 0
	for i := range stored {
		idLen += len(stored[i].id)
	}
	var ids strings.Builder
	ids.Grow(idLen)
	for i := range stored {
		ids.Write(stored[i].id)
	}
	allIDs, idAt := ids.String(), 0
	for i := range stored {
		id := allIDs[idAt : idAt+len(stored[i].id)]
		idAt += len(id)
		e := d.uv()
		if e == 0 {
			if stored[i].id != nil {
				ix.dropTerms(int32(i))
			}
			continue
		}
		entry := e - 1
		pos := d.n(n)
		t := int64(d.uv())
		t = int64(uint64(t)>>1) ^ -(t & 1) // zig-zag
		day := d.uv()
		doc, s := &ix.docs[i], stored[i]
		if d.err != nil || s.id == nil || entry >= uint64(n) || placed.has(pos) || l.doc[entry] != 0 || day > 1<<31-1 {
			return nil, ErrNoView
		}
		placed.set(pos)
		l.doc[entry] = int32(i) + 1
		doc.id, doc.order, doc.time = id, pos, t
		l.entry[i], l.day[i] = int32(entry), int32(day)
		ix.live.set(i)
		ix.nlive++
		ix.totalLen += int64(doc.length)
	}
	if d.err != nil || len(d.p) != 0 || ix.nlive != n {
		return nil, ErrNoView
	}
	ix.full = fullBrief
	ix.order = n
	ix.viewed = l
	return ix, nil
}
