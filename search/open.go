package search

import (
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sync"

	"github.com/briefing-dev/briefing/briefs"
)

// Texts collects the briefs a load has just read, with their text, so that
// Open indexes them without reading their files again. Add is safe for
// concurrent use: pass it as the loader's callback for each brief it reads.
type Texts struct {
	mu sync.Mutex
	m  map[textKey]*briefs.Brief
}

// textKey names a version of a file: the loader may rename a brief's ID
// (two files with one ID) after reading it, never its path or hash.
type textKey struct{ path, hash string }

// NewTexts returns an empty collection.
func NewTexts() *Texts { return &Texts{m: make(map[textKey]*briefs.Brief)} }

// Add keeps b, with its text, until Open indexes it.
func (t *Texts) Add(b *briefs.Brief) {
	if b == nil {
		return
	}
	t.mu.Lock()
	t.m[textKey{b.Path, b.Hash}] = b
	t.mu.Unlock()
}

func (t *Texts) get(b *briefs.Brief) *briefs.Brief {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.m[textKey{b.Path, b.Hash}]
}

// FullFunc returns brief b with its text (its Raw and sections' bodies),
// reading its file when b came without it; when the file has changed since b
// was listed it returns an error (and may return the new brief with it).
type FullFunc func(b *briefs.Brief) (*briefs.Brief, error)

// OpenOptions tune Open.
type OpenOptions struct {
	// Texts are the briefs the load read this time, with their text; nil
	// when it read none (or kept their text in the briefs themselves).
	Texts *Texts
	// Full reads a brief's text when neither the brief nor Texts has it;
	// nil reads and parses its file.
	Full FullFunc
}

// OpenReport says how Open came to its index.
type OpenReport struct {
	Reused  int // briefs whose index data came from the file
	Indexed int // briefs indexed from their text
	Dropped int // docs of the file no longer in the library, or changed
	// Rebuilt is set when the whole index was built from text: no file, or
	// one that could not be used (Warning says why).
	Rebuilt bool
	// Warning is a line for the user: the file was unusable and is being
	// rebuilt, or some briefs' text could not be read. "" when all went well.
	Warning string
}

// Changed reports whether the index differs from the file it was opened
// from, so that saving it spares the next start the same work.
func (r OpenReport) Changed() bool { return r.Rebuilt || r.Indexed > 0 || r.Dropped > 0 }

// Open returns the index of bs (in library order, as NewIndex takes them)
// from the index file at path, indexing only what the file lacks: a doc of
// the file counts for the brief with its ID and hash, docs of briefs no
// longer in bs are dropped, and briefs the file lacks are indexed from
// their text (opts.Texts, else opts.Full). Searches give the same hits in
// the same order as on NewIndex(bs). A missing, corrupt or foreign file is
// rebuilt from the briefs' text, with a warning for the last two. Open does
// not write the file: Save does, when the report says it changed.
func Open(path string, bs []*briefs.Brief, opts OpenOptions) (*Index, OpenReport) {
	full := opts.Full
	if full == nil {
		full = fullBrief
	}
	var rep OpenReport
	ix, stored, _, err := openFile(path, false)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			rep.Warning = fmt.Sprintf("search index %s: %v; rebuilding it", path, err)
		}
		return rebuild(bs, opts.Texts, full, rep)
	}
	ix.full = full
	// A doc's brief is where the library had it when the file was saved,
	// unless briefs came or went before it: then it is looked up by ID.
	var byID map[string]int
	find := func(s storedDoc) (int, bool) {
		if s.order < len(bs) && bs[s.order].ID == string(s.id) {
			return s.order, true
		}
		if byID == nil {
			byID = make(map[string]int, len(bs))
			for i, b := range bs {
				byID[b.ID] = i
			}
		}
		pos, ok := byID[string(s.id)]
		return pos, ok
	}
	have := make([]bool, len(bs))
	for d, s := range stored {
		if s.id == nil {
			continue // dead in the file
		}
		pos, ok := find(s)
		if ok && !have[pos] && bs[pos].Hash == string(s.hash) && len(bs[pos].Sections) == s.nsec {
			have[pos] = true
			ix.attach(int32(d), bs[pos], pos)
			rep.Reused++
			continue
		}
		// Its terms leave df as a kill's do; the doc was never made live.
		ix.dropTerms(int32(d))
		rep.Dropped++
	}
	var missing []int
	for i := range bs {
		if !have[i] {
			missing = append(missing, i)
		}
	}
	// Many briefs new or changed, or a file mostly of dead docs: one build
	// costs less than that many updates and leaves no tombstones.
	if len(missing) > len(bs)/4 && len(missing) > 256 || len(ix.docs)-rep.Reused > max(256, rep.Reused) {
		rep = OpenReport{Warning: rep.Warning}
		return rebuild(bs, opts.Texts, full, rep)
	}
	// In batches, so that the texts held are a batch's, not the missing
	// briefs' (up to a quarter of the library).
	r := &textReader{bs: bs, texts: opts.Texts, full: full}
	for lo := 0; lo < len(missing); lo += textBatch {
		part := missing[lo:min(lo+textBatch, len(missing))]
		fulls := r.readAll(part)
		for j, i := range part {
			ix.indexBrief(fulls[j], i)
			ix.docs[len(ix.docs)-1].meta.b = bs[i]
		}
	}
	warn := r.warning()
	rep.Indexed = len(missing)
	ix.order = len(bs)
	if rep.Changed() {
		ix.fileHead = "" // its docs are no longer the file's (see SaveView)
	}
	if rep.Warning == "" {
		rep.Warning = warn
	}
	return ix, rep
}

// attach makes doc d, read from the file, the doc of brief b at library
// position pos.
func (ix *Index) attach(d int32, b *briefs.Brief, pos int) {
	doc := &ix.docs[d]
	doc.id, doc.meta.b = b.ID, b
	doc.meta.day, doc.meta.hasDay = dayOf(b.SortTime())
	doc.order = pos
	doc.time = b.SortTime().UnixNano()
	// markLive without byID: a library's IDs are unique, and each brief
	// is attached once.
	ix.live.set(int(d))
	ix.nlive++
	ix.totalLen += int64(doc.length)
}

// textBatch is how many briefs' texts Open holds at a time while it
// indexes the briefs its file lacks.
const textBatch = 1024

// rebuild builds the index of bs from their text, read as each brief is
// indexed (see buildFrom).
func rebuild(bs []*briefs.Brief, texts *Texts, full FullFunc, rep OpenReport) (*Index, OpenReport) {
	r := &textReader{bs: bs, texts: texts, full: full}
	ix := &Index{full: full}
	ix.buildFrom(bs, r.text, nil)
	rep.Rebuilt, rep.Indexed = true, len(bs)
	if rep.Warning == "" {
		rep.Warning = r.warning()
	}
	return ix, rep
}

// textReader gives the briefs of bs with their text: from texts, else
// read by full. A brief whose text cannot be read is indexed by its
// metadata alone, and the warning says how many. Safe for concurrent use.
type textReader struct {
	bs    []*briefs.Brief
	texts *Texts
	full  FullFunc

	mu     sync.Mutex
	failed int
	first  string
}

// text returns bs[i] with its text.
func (r *textReader) text(i int) *briefs.Brief {
	b := r.bs[i]
	if t := r.texts.get(b); t != nil {
		if t.ID != b.ID {
			// The loader renamed it (two files, one ID) after reading it.
			c := *t
			c.ID = b.ID
			t = &c
		}
		return t
	}
	fb, err := r.full(b)
	if err != nil || fb == nil || len(fb.Sections) != len(b.Sections) {
		// Indexed as listed: the file will be read again when it changes.
		r.mu.Lock()
		if r.failed++; r.first == "" && err != nil {
			r.first = err.Error()
		}
		r.mu.Unlock()
		return b
	}
	return fb
}

// readAll returns the briefs bs[which] with their text, reading files in
// parallel.
func (r *textReader) readAll(which []int) []*briefs.Brief {
	out := make([]*briefs.Brief, len(which))
	var wg sync.WaitGroup
	next := make(chan int, 256)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range next {
				out[j] = r.text(which[j])
			}
		})
	}
	for j := range which {
		next <- j
	}
	close(next)
	wg.Wait()
	return out
}

// warning is the line for the user about the texts that could not be
// read; "" when all were.
func (r *textReader) warning() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failed == 0 {
		return ""
	}
	return fmt.Sprintf("search index: the text of %d briefs could not be read (%s); they are found by title only", r.failed, r.first)
}

// hasText reports whether b carries its text: a brief listed from the
// catalog has its sections' structure but not their bodies.
func hasText(b *briefs.Brief) bool { return briefs.HasText(b) }

// fullBrief is the default reader of a brief's text: the library's own,
// which parses the file again under the rules of the load that listed it.
func fullBrief(b *briefs.Brief) (*briefs.Brief, error) { return briefs.Full(b) }
