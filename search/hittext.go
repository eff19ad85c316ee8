package search

import (
	"runtime"
	"sync"

	"github.com/briefing-dev/briefing/briefs"
)

// textCacheSize is how many briefs' texts an index keeps for snippets: a few
// screens of hits, so that typing a query letter by letter, which shows
// mostly the same hits, reads each file once.
const textCacheSize = 256

// textCache keeps the texts of recent hits by doc number, the oldest going
// first. Searches run concurrently: it has its own lock.
type textCache struct {
	mu   sync.Mutex
	m    map[int32]*briefs.Brief
	fifo []int32
}

func (c *textCache) get(d int32) *briefs.Brief {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[d]
}

func (c *textCache) put(d int32, b *briefs.Brief) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[int32]*briefs.Brief, textCacheSize)
	}
	if _, ok := c.m[d]; ok {
		return
	}
	if len(c.fifo) >= textCacheSize {
		delete(c.m, c.fifo[0])
		c.fifo = c.fifo[1:]
	}
	c.m[d] = b
	c.fifo = append(c.fifo, d)
}

func (c *textCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m, c.fifo = nil, nil
}

// hitTexts returns, per hit, its brief with its text when the index's brief
// has none (nil when it has, or when the text cannot be read or no longer
// fits the brief: the snippet then comes from the metadata). Files are read
// in parallel.
func (ix *Index) hitTexts(res []scored) []*briefs.Brief {
	out := make([]*briefs.Brief, len(res))
	var todo []int
	for i, r := range res {
		b := ix.metaOf(r.doc).brief()
		if hasText(b) {
			continue
		}
		if t := ix.texts.get(r.doc); t != nil {
			out[i] = t
			continue
		}
		todo = append(todo, i)
	}
	if len(todo) == 0 {
		return out
	}
	full := ix.fullFn()
	read := func(i int) {
		d := res[i].doc
		b := ix.metaOf(d).brief()
		if t, err := full(b); err == nil && t != nil && len(t.Sections) == len(b.Sections) {
			out[i] = t
			ix.texts.put(d, t)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(todo))
	if workers <= 1 {
		for _, i := range todo {
			read(i)
		}
		return out
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				read(i)
			}
		})
	}
	for _, i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
