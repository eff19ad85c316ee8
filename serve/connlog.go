package serve

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// One client must not be able to fill the server's log: a flood of window
// changes once wrote 22,241 warning lines (6.4 MB) in 10 s. Each
// connection logs through a rateHandler: every event gets logBurst lines,
// then one line per logEvery, and a line let through after some were held
// back says how many ("suppressed"); the connection's disconnect line
// counts every line held back.

const (
	// logBurst is how many lines of one event a connection logs before
	// its lines are held back.
	logBurst = 5
	// logEvery is how often a connection may log one more line of an
	// event once its burst is spent.
	logEvery = 10 * time.Second
)

// logLimit is the shared state of one connection's rateHandlers.
type logLimit struct {
	now func() time.Time

	mu     sync.Mutex
	events map[string]*eventBudget
	held   int // lines held back in all
}

// eventBudget is a token bucket for one event.
type eventBudget struct {
	tokens float64
	last   time.Time
	held   int // lines held back since the last one let through
}

func newLogLimit() *logLimit {
	return &logLimit{now: time.Now, events: map[string]*eventBudget{}}
}

// allow reports whether a line of event may be logged now and, if so, how
// many lines of it were held back since the last one.
func (l *logLimit) allow(event string) (ok bool, held int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.events[event]
	if b == nil {
		b = &eventBudget{tokens: logBurst, last: now}
		l.events[event] = b
	}
	b.tokens = min(logBurst, b.tokens+now.Sub(b.last).Seconds()/logEvery.Seconds())
	b.last = now
	if b.tokens < 1 {
		b.held++
		l.held++
		return false, 0
	}
	b.tokens--
	held, b.held = b.held, 0
	return true, held
}

// suppressed is how many lines were held back in all.
func (l *logLimit) suppressed() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.held
}

// rateHandler is a slog.Handler that holds back a connection's repeated
// lines (see logLimit). Lines are told apart by their "event" attribute.
type rateHandler struct {
	inner slog.Handler
	limit *logLimit
}

// connLogger is the logger of one connection: base's handler, rate limited.
func connLogger(base *slog.Logger, limit *logLimit) *slog.Logger {
	return slog.New(rateHandler{inner: base.Handler(), limit: limit})
}

func (h rateHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

func (h rateHandler) Handle(ctx context.Context, r slog.Record) error {
	event := ""
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "event" {
			event = a.Value.String()
			return false
		}
		return true
	})
	ok, held := h.limit.allow(event)
	if !ok {
		return nil
	}
	if held > 0 {
		r = r.Clone()
		r.AddAttrs(slog.Int("suppressed", held))
	}
	return h.inner.Handle(ctx, r)
}

func (h rateHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return rateHandler{inner: h.inner.WithAttrs(as), limit: h.limit}
}

func (h rateHandler) WithGroup(name string) slog.Handler {
	return rateHandler{inner: h.inner.WithGroup(name), limit: h.limit}
}
