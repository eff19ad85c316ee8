package briefs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// DefaultMaxSize is the size limit Load applies when LoadOptions.MaxSize is 0.
const DefaultMaxSize int64 = 8 << 20

// LoadOptions tunes Load, LoadFS and LoadSamples. The zero value is ready to use.
type LoadOptions struct {
	MaxSize  int64                 // skip files larger than this; 0 means 8 MiB
	Workers  int                   // parallel readers/parsers; 0 means runtime.GOMAXPROCS(0)
	Progress func(done, total int) // optional; called as files finish (may be called from several goroutines; total may grow while walking)
	// Vocabulary maps section labels to kinds; nil means DefaultVocabulary.
	// The config file's labels come in here. It is only read while loading.
	Vocabulary *Vocabulary
	// CacheDir is the folder of the catalog: what was parsed, kept between
	// runs and keyed by each file's stamp, so that a load stats every file
	// but reads only those that changed. With a catalog the briefs do not
	// hold their text (Full reads it back). "" means no catalog: every file
	// is read and every brief holds its text.
	CacheDir string
	// OnRead, when set, is called with each brief whose file was read and
	// parsed by this load, while it still holds its text. It is called from
	// the loading goroutines, several at once, and must not keep b's text
	// beyond its own use if memory matters.
	OnRead func(b *Brief)
	// Listed, when set with CacheDir, is called with the library of the
	// last load as the catalog holds it, before any file is looked at: a
	// reader shows it while the load checks every file (a stat each) and
	// reads what changed. It is not called without a usable catalog. It
	// runs on a loading goroutine.
	Listed func(lib *Library)
	// Now is the clock a load stamps its reads with; nil means time.Now.
	// A file is trusted unread only when it last changed racyWindow
	// before its read: a test that writes its files just before loading
	// them passes a clock some seconds ahead.
	Now func() time.Time

	reuse *reloadCache // Watch's: briefs of files unchanged since its last load are kept unread
	// listOnly opens a catalog for its library alone (Listed): no entries
	// by path for a load to look up.
	listOnly bool
}

func (o LoadOptions) maxSize() int64 {
	if o.MaxSize <= 0 {
		return DefaultMaxSize
	}
	return o.MaxSize
}

func (o LoadOptions) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

func (o LoadOptions) workers() int {
	if o.Workers <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return o.Workers
}

// IsBriefName reports whether a file name has one of the extensions Load reads
// when it walks a folder: .md, .markdown or .txt, in any case.
func IsBriefName(name string) bool {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return false
	}
	ext := name[i:]
	return strings.EqualFold(ext, ".md") || strings.EqualFold(ext, ".markdown") || strings.EqualFold(ext, ".txt")
}

// isHidden reports whether a walked entry is skipped as hidden. Only names met while
// walking count: a path the user gives explicitly (".", "./.notes") is always read.
func isHidden(name string) bool { return strings.HasPrefix(name, ".") }

// job is one file to read and parse. open reads from an fs.FS, or from the
// operating system when nil, so both loaders share one reading and parsing
// path.
type job struct {
	idx  int    // position in walk order; results are placed by it
	path string // Brief.Path and the path in warnings
	id   string // default ID when the front matter gives none
	open func(string) (fs.File, error)
}

// result is what a worker hands back for job number idx: a brief, or a skip warning.
type result struct {
	idx   int
	brief *Brief
	skip  *Warning
}

// pipeline runs the walk in one goroutine and reading and parsing in Workers
// goroutines. Results are placed by walk order, so the outcome (including which of
// two equal IDs gets renamed) does not depend on scheduling.
type pipeline struct {
	opts LoadOptions
	mu   sync.Mutex
	// The jobs queued, in walk order. A load that reads its files has no
	// bound on them: the walk (folder reads, no stat) runs ahead of the
	// reading, so that the number of files, and with it the progress's
	// estimate of the time left, is known early. Bounded, the walk stayed
	// a few hundred files ahead, and a cold start showed "37,548 / 37,800,
	// about 1 s left" at 2 s of its 5. A load that checks a catalog's
	// files keeps the walk at most ahead jobs ahead: there the list is on
	// screen, and a walk run ahead took the cores from it (warm list at
	// 100,000 1.08x, first frame at 10,000 1.2x). Guarded by mu, as are
	// the rest; ready signals a job or the walk's end, room a job taken.
	queue       []job
	next        int  // the first job of queue not taken
	walked      bool // the walk has queued every job
	ahead       int  // the bound on jobs queued and not taken; 0: none
	ready, room *sync.Cond
	total       int       // jobs queued so far
	warnings    []Warning // walk warnings
	// save is called once the files are read: it adds the catalog's
	// warning, if any, and returns what writes the catalog (nil when it
	// need not be written), which returns a warning. The writer is given
	// the library once it is sorted.
	save func() func(sorted func() *Library) string
}

func newPipeline(opts LoadOptions) *pipeline {
	p := &pipeline{opts: opts}
	p.ready, p.room = sync.NewCond(&p.mu), sync.NewCond(&p.mu)
	if c := opts.reuse; c != nil {
		// Most files will be checked, not read: the walk need not run
		// ahead, unless there turns out to be no catalog to check them
		// against.
		p.ahead = queueAhead
		if c.key != nil {
			go func() {
				if <-c.ready; c.noCatalog {
					p.unbound()
				}
			}()
		}
	}
	return p
}

// queueAhead is how far the walk of a load that checks files may run
// ahead of the workers.
const queueAhead = 256

// unbound lets the walk run ahead of the workers as far as it goes.
func (p *pipeline) unbound() {
	p.mu.Lock()
	p.ahead = 0
	p.mu.Unlock()
	p.room.Broadcast()
}

// add queues a file; it is called by the walking goroutine only.
func (p *pipeline) add(j job) {
	p.mu.Lock()
	for p.ahead > 0 && len(p.queue)-p.next >= p.ahead {
		p.room.Wait()
	}
	j.idx = p.total
	p.total++
	p.queue = append(p.queue, j)
	p.mu.Unlock()
	p.ready.Signal()
}

// take returns the next job, waiting for the walk to queue one; false once
// the walk has ended and every job is taken.
func (p *pipeline) take() (job, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for p.next == len(p.queue) && !p.walked {
		p.ready.Wait()
	}
	if p.next == len(p.queue) {
		return job{}, false
	}
	j := p.queue[p.next]
	p.queue[p.next] = job{} // its strings go with the brief, not the queue
	p.next++
	if p.next >= 1024 && 2*p.next >= len(p.queue) {
		// Taken half: the rest to the front, so that a bounded queue
		// stays small.
		n := copy(p.queue, p.queue[p.next:])
		clear(p.queue[n:])
		p.queue, p.next = p.queue[:n], 0
	}
	p.room.Signal()
	return j, true
}

// walkEnded tells the workers that no job will come after those queued.
func (p *pipeline) walkEnded() {
	p.mu.Lock()
	p.walked = true
	p.mu.Unlock()
	p.ready.Broadcast()
}

func (p *pipeline) warn(path, reason string) {
	p.mu.Lock()
	p.warnings = append(p.warnings, Warning{Path: path, Reason: reason})
	p.mu.Unlock()
}

func (p *pipeline) totalSoFar() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.total
}

// run calls walk (which queues jobs with add), processes the jobs in parallel and
// returns the library.
func (p *pipeline) run(walk func()) *Library {
	start := p.opts.now()
	results := make(chan result, 256)
	var wg sync.WaitGroup
	maxSize := p.opts.maxSize()
	for range p.opts.workers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One read buffer per worker, reused file after file: Parse copies what
			// it keeps (TestLoadReusedBufferNotRetained holds it to that), and
			// allocating a fresh buffer per file doubled the loader's garbage.
			var buf []byte
			var k keeper // what the worker keeps of its briefs, laid out densely
			for {
				j, ok := p.take()
				if !ok {
					return
				}
				var r result
				r, buf = loadOne(j, maxSize, buf, &k, p.opts, start)
				results <- r
			}
		}()
	}
	go func() {
		walk()
		p.walkEnded()
		wg.Wait()
		close(results)
	}()

	var (
		slots []result
		done  int
	)
	for r := range results {
		for len(slots) <= r.idx {
			slots = append(slots, result{idx: -1})
		}
		slots[r.idx] = r
		done++
		if p.opts.Progress != nil {
			p.opts.Progress(done, p.totalSoFar())
		}
	}

	var listed, shown *Library
	if c := p.opts.reuse; c != nil {
		c.done()
		// What a reload of a few known files (Watch) needs to rebuild
		// the library without walking: the briefs' order, and the
		// warnings that are not a brief's own.
		order := make([]string, 0, len(slots))
		walkWarns := slices.Clone(p.warnings)
		for _, r := range slots {
			switch {
			case r.brief != nil:
				order = append(order, r.brief.Path)
			case r.skip != nil:
				walkWarns = append(walkWarns, *r.skip)
			}
		}
		// Nothing read, nothing gone, the same files in the same order
		// with the same warnings: the library is the one the catalog
		// listed, not sorted again (0.13 s at 100,000 briefs).
		if !c.changed && c.listed != nil && slices.Equal(order, c.order) && slices.Equal(walkWarns, c.walkWarns) {
			listed = c.listed
		}
		shown = c.listed
		c.order, c.walkWarns, c.listed = order, walkWarns, nil
		c.catBriefs, c.catSorted = nil, nil
	}
	// The catalog is written while the library is sorted: the two take
	// about as long at 100,000 briefs (0.3-0.4 s of CPU each), and there
	// are two cores. The writer takes the sorted library's order last, once
	// its entries are written. A failure is a warning of the library, which
	// is built again to hold it.
	var saved chan string
	sorted := make(chan *Library, 1)
	if p.save != nil {
		if write := p.save(); write != nil {
			saved = make(chan string, 1)
			go func() { saved <- write(func() *Library { return <-sorted }) }()
		}
	}
	lib := listed
	if lib == nil {
		lib = p.library(slots)
	}
	sorted <- lib
	if saved != nil {
		if w := <-saved; w != "" {
			p.warn(p.opts.reuse.key.file, w)
			lib = p.library(slots)
		}
	}
	if c := p.opts.reuse; c != nil {
		c.lib = lib
		if c.key != nil {
			// A watch of the library goes on from this cache (see
			// takeReload), whichever of the two libraries it is given.
			h := &reloadHandle{}
			h.c.Store(c)
			lib.reload = h
			if shown != nil && shown != lib {
				shown.reload = h
			}
		}
	}
	return lib
}

// library is the library of the results in slots, with the walk's warnings.
func (p *pipeline) library(slots []result) *Library {
	briefs := make([]*Brief, 0, len(slots))
	warnings := slices.Clip(p.warnings)
	for _, r := range slots {
		switch {
		case r.skip != nil:
			warnings = append(warnings, *r.skip)
		case r.brief != nil:
			briefs = append(briefs, r.brief)
			for _, w := range r.brief.Warnings {
				warnings = append(warnings, Warning{Path: r.brief.Path, Reason: w})
			}
		}
	}
	return NewLibrary(briefs, warnings)
}

// Load reads briefs from any mix of files and folders. Folders are walked
// recursively for .md, .markdown and .txt files, skipping hidden names; a file named
// explicitly is read whatever its extension. Symbolic links to files and folders
// are followed, and a link back into a folder already being read is reported as a
// loop. Files that cannot be loaded are skipped with a warning; Load never fails.
//
// A brief's default ID is its path relative to the folder given (slash-separated),
// or the base name for a file given directly.
//
// With opts.CacheDir the catalog there is read first and written back when
// anything changed (see LoadOptions.CacheDir).
func Load(paths []string, opts LoadOptions) *Library {
	if opts.CacheDir != "" && opts.reuse == nil {
		// The catalog is read while the folders are walked: the first
		// lookup waits for it (reloadCache.ready).
		opts.reuse = openCatalogAsync(paths, opts)
	}
	p := newPipeline(opts)
	if c := opts.reuse; c != nil && c.key != nil {
		p.save = func() func(func() *Library) string {
			<-c.ready
			if c.warn != "" {
				p.warn(c.key.file, c.warn)
				c.warn = ""
			}
			if !c.changed {
				return nil
			}
			return func(sorted func() *Library) string {
				if err := writeCatalog(*c.key, c, sorted); err != nil {
					return "catalog not saved (" + describeErr(err) + "); the next start reads every file again"
				}
				c.changed = false
				return ""
			}
		}
	}
	return p.run(func() {
		w := osWalker{p: p, visited: map[string]string{}}
		for _, root := range paths {
			w.root(root)
		}
	})
}

func osOpen(name string) (fs.File, error) { return os.Open(name) }

// osWalker walks real folders with os.ReadDir, which reports entry types without a
// stat per file; only symbolic links are resolved with a stat.
type osWalker struct {
	p       *pipeline
	visited map[string]string // real folder path -> path it was first read under
	// walking holds the real paths of the folders being read, from the root
	// down to the current one. A link to any of them, or to a folder above
	// one, leads back into the walk: a loop, even when it passes through
	// other links first (a/to-c -> c, c/to-a -> a).
	walking []string
}

// loopsBack reports whether the real folder path real is, or holds, a
// folder being read: following it would walk in a circle.
func (w *osWalker) loopsBack(real string) bool {
	if real == string(filepath.Separator) {
		return true
	}
	for _, on := range w.walking {
		if on == real || strings.HasPrefix(on, real+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func (w *osWalker) queue(path, id string) {
	w.p.add(job{path: path, id: id})
}

func (w *osWalker) root(root string) {
	fi, err := os.Stat(root)
	if err != nil {
		w.p.warn(root, describeErr(err))
		return
	}
	switch {
	case fi.IsDir():
		real, err := filepath.EvalSymlinks(root)
		if err != nil {
			w.p.warn(root, describeErr(err))
			return
		}
		real, _ = filepath.Abs(real)
		if first, ok := w.visited[real]; ok {
			w.p.warn(root, fmt.Sprintf("folder already loaded as %s", first))
			return
		}
		w.visited[real] = root
		w.dir(root, real, "")
	case fi.Mode().IsRegular():
		w.queue(root, filepath.Base(root))
	default:
		w.p.warn(root, "not a regular file")
	}
}

// dir reads one folder. real is its resolved absolute path (for loop detection),
// rel its path relative to the root given to Load (for IDs).
func (w *osWalker) dir(dir, real, rel string) {
	w.walking = append(w.walking, real)
	defer func() { w.walking = w.walking[:len(w.walking)-1] }()
	entries, err := os.ReadDir(dir)
	if err != nil {
		w.p.warn(dir, describeErr(err))
		// os.ReadDir returns the entries it read before the error; keep going with them.
	}
	for _, e := range entries {
		name := e.Name()
		if isHidden(name) {
			continue
		}
		full := filepath.Join(dir, name)
		relName := name
		if rel != "" {
			relName = rel + "/" + name
		}
		typ := e.Type()
		if typ&fs.ModeSymlink != 0 {
			w.symlink(full, relName)
			continue
		}
		switch {
		case typ.IsDir():
			childReal := filepath.Join(real, name)
			if first, ok := w.visited[childReal]; ok {
				// Already read through a symbolic link met earlier in the walk.
				w.p.warn(full, "folder already loaded as "+first)
				continue
			}
			w.visited[childReal] = full
			w.dir(full, childReal, relName)
		case typ.IsRegular():
			if IsBriefName(name) {
				w.queue(full, relName)
			}
		default:
			// Sockets, FIFOs and devices: opening a FIFO would block the loader.
			if IsBriefName(name) {
				w.p.warn(full, "not a regular file")
			}
		}
	}
}

// symlink follows a link met while walking a folder.
func (w *osWalker) symlink(full, rel string) {
	fi, err := os.Stat(full)
	if err != nil {
		// A dangling link is only worth a warning when it looks like a brief.
		if isLoopErr(err) || IsBriefName(full) {
			w.p.warn(full, describeErr(err))
		}
		return
	}
	switch {
	case fi.IsDir():
		real, err := filepath.EvalSymlinks(full)
		if err != nil {
			w.p.warn(full, describeErr(err))
			return
		}
		real, _ = filepath.Abs(real)
		if w.loopsBack(real) {
			w.p.warn(full, "symlink loop: links back to "+real)
			return
		}
		if first, ok := w.visited[real]; ok {
			w.p.warn(full, "folder already loaded as "+first)
			return
		}
		w.visited[real] = full
		w.dir(full, real, rel)
	case fi.Mode().IsRegular():
		if IsBriefName(full) {
			w.queue(full, rel)
		}
	default:
		if IsBriefName(full) {
			w.p.warn(full, "not a regular file")
		}
	}
}

// LoadFS reads the briefs under root in fsys (use "." for all of it), with the same
// rules as Load. IDs are relative to root; Path is the path inside fsys. Files
// whose modification time is unknown (embedded files) and whose name starts with a
// date (2026-05-04-…, the Jekyll/Hugo habit) take that date as ModTime, so a
// library without front-matter dates still sorts meaningfully.
func LoadFS(fsys fs.FS, root string, opts LoadOptions) *Library {
	p := newPipeline(opts)
	open := fsys.Open
	return p.run(func() {
		root = path.Clean(root)
		fi, err := fs.Stat(fsys, root)
		if err != nil {
			p.warn(root, describeErr(err))
			return
		}
		if !fi.IsDir() {
			p.add(job{path: root, id: path.Base(root), open: open})
			return
		}
		err = fs.WalkDir(fsys, root, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				p.warn(name, describeErr(err))
				return nil // WalkDir skips the folder it could not read
			}
			if name == root {
				return nil
			}
			if isHidden(d.Name()) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() || !IsBriefName(d.Name()) {
				return nil
			}
			if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				p.warn(name, "not a regular file")
				return nil
			}
			id := name
			if root != "." {
				id = strings.TrimPrefix(name, root+"/")
			}
			p.add(job{path: name, id: id, open: open})
			return nil
		})
		if err != nil {
			p.warn(root, describeErr(err))
		}
	})
}

// loadOne reads, checks and parses one file, reading into buf when it is large
// enough, and returns the buffer for the next file. It never panics on bad input:
// every problem becomes a skip warning or a warning on the brief.
func loadOne(j job, maxSize int64, buf []byte, k *keeper, opts LoadOptions, start time.Time) (result, []byte) {
	reuse, v := opts.reuse, opts.Vocabulary
	if reuse != nil && reuse.knows(j) {
		// One stat, not an open, a stat and a close: most files are unchanged.
		// A file the last load did not read is read at once: on a first run
		// the stat of every file cost 6% of the load.
		if fi, err := os.Stat(j.path); err == nil && fi.Mode().IsRegular() {
			if b := reuse.unchanged(j, fi); b != nil {
				return result{idx: j.idx, brief: b}, buf
			}
		}
	}
	data, fi, err := readFile(j, maxSize, buf)
	if err != nil {
		return result{idx: j.idx, skip: &Warning{Path: j.path, Reason: describeErr(err)}}, buf
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return result{idx: j.idx, skip: &Warning{Path: j.path, Reason: "binary file (contains NUL bytes)"}}, data
	}
	b, parseWarnings := ParseWith(j.path, data, v)
	var own []string
	if b == nil {
		// Parse promises a brief; keep the file rather than lose it if it ever does not.
		b = &Brief{Raw: strings.ToValidUTF8(string(data), "\uFFFD")}
		own = append(own, "parser returned no brief")
	}
	// Invalid UTF-8 is Parse's to replace and report (it decodes anyway; a second
	// utf8.Valid pass here cost 8% of the load).
	if b.ID == "" {
		b.ID = j.id
	}
	b.Path = j.path
	sum := sha256.Sum256(data)
	b.Hash = hex.EncodeToString(sum[:])
	b.Size = int64(len(data))
	b.ModTime = fi.ModTime()
	if b.ModTime.IsZero() {
		b.ModTime = dateFromName(path.Base(filepath.ToSlash(j.path)))
	}
	b.Warnings = mergeWarnings(b.Warnings, parseWarnings, own)
	if opts.OnRead != nil {
		opts.OnRead(b)
	}
	if reuse != nil && reuse.src != nil {
		b = withoutText(b, reuse.src, k)
	}
	if reuse != nil {
		reuse.put(j, fi, b, start)
	}
	return result{idx: j.idx, brief: b}, data
}

// mergeWarnings joins the brief's own warnings, Parse's returned ones and the
// loader's, dropping repeats (Parse may both set and return the same message).
func mergeWarnings(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
	next:
		for _, w := range l {
			for _, have := range out {
				if have == w {
					continue next
				}
			}
			out = append(out, w)
		}
	}
	return out
}

// errTooLarge reports a file over the size limit.
type errTooLarge struct{ size, max int64 }

func (e errTooLarge) Error() string {
	return fmt.Sprintf("file too large (%s, limit %s)", humanBytes(e.size), humanBytes(e.max))
}

// readFile opens, stats and reads one file: one open, one fstat and the reads, so
// a file over the limit is refused before any of it is read. The data goes into
// buf when it fits (buf may be nil).
func readFile(j job, maxSize int64, buf []byte) ([]byte, fs.FileInfo, error) {
	if j.open == nil {
		return readOSFile(j.path, maxSize, buf)
	}
	f, err := j.open(j.path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if fi.IsDir() {
		return nil, nil, errors.New("is a folder, not a file")
	}
	buf, err = readSized(fi.Size(), maxSize, buf, f.Read)
	if err != nil {
		return nil, nil, err
	}
	return buf, fi, nil
}

// readSized reads a file whose stat said size into buf (a new buffer when
// it does not fit), refusing it once it is over maxSize. read is the file's
// Read: io.EOF at the end.
func readSized(size, maxSize int64, buf []byte, read func([]byte) (int, error)) ([]byte, error) {
	if size > maxSize {
		return nil, errTooLarge{size, maxSize}
	}
	// Size is a hint only: files in /proc report 0 and a file may grow while read.
	if int64(cap(buf)) <= size {
		buf = make([]byte, 0, size+1)
	}
	buf = buf[:0]
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+max(n, 0)]
		if int64(len(buf)) > maxSize {
			return nil, errTooLarge{int64(len(buf)), maxSize}
		}
		// Having read the size fstat reported is the common end; asking for the
		// EOF would cost a read call per file (10,000 on a large library).
		if err == io.EOF || (size > 0 && int64(len(buf)) == size) {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// describeErr turns a file-system error into a short reason without repeating the
// path, which the Warning already carries.
func describeErr(err error) string {
	var tl errTooLarge
	switch {
	case errors.As(err, &tl):
		return tl.Error()
	case isLoopErr(err):
		return "symlink loop (too many levels of symbolic links)"
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or folder"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

func isLoopErr(err error) bool { return errors.Is(err, syscall.ELOOP) }

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// dateFromName reads a leading YYYY-MM-DD from a file name; zero when there is none.
func dateFromName(name string) time.Time {
	if len(name) < 10 {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, name[:10])
	if err != nil {
		return time.Time{}
	}
	return t
}
