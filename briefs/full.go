package briefs

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// ErrChanged reports that a brief's file changed since the brief was listed:
// Full returns the file's new content along with it.
var ErrChanged = errors.New("the file changed since it was listed")

// TextError reports a brief whose text cannot be read back from its file.
type TextError struct {
	Path   string
	Reason string // "no such file or folder", "permission denied"…
}

func (e *TextError) Error() string { return e.Path + ": " + e.Reason }

// textSource is what Full needs to read a brief's text back: the rules of
// the load that listed it. One is shared by all the briefs of a load.
type textSource struct {
	vocab   *Vocabulary
	maxSize int64
}

// HasText reports whether b holds its text (Raw and the section bodies).
// A brief listed from the catalog does not until Full reads it.
func HasText(b *Brief) bool { return b != nil && b.src == nil }

// Full returns b with its text. A brief that holds its text is returned as
// it is. Otherwise the file is read and parsed again under the rules of the
// load that listed b: the result has b's ID, and the sections b lists when
// the file is unchanged. When the file changed since (its hash differs),
// Full returns the new content and an error wrapping ErrChanged. When it
// cannot be read (gone, unreadable, too large, binary now), Full returns b,
// without text, and an error saying why. The brief returned is a new one:
// b, which a shared Library may hold, is never modified.
func Full(b *Brief) (*Brief, error) {
	if b == nil {
		return nil, errors.New("no brief")
	}
	if b.src == nil {
		return b, nil
	}
	j := job{path: b.Path, id: b.ID}
	data, fi, err := readFile(j, b.src.maxSize, nil)
	if err != nil {
		return b, &TextError{Path: b.Path, Reason: describeErr(err)}
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return b, &TextError{Path: b.Path, Reason: "binary file (contains NUL bytes)"}
	}
	f, warns := ParseWith(b.Path, data, b.src.vocab)
	f.ID, f.Path = b.ID, b.Path
	sum := sha256.Sum256(data)
	f.Hash = hex.EncodeToString(sum[:])
	f.Size = int64(len(data))
	f.ModTime = fi.ModTime()
	if f.Hash == b.Hash {
		// The warnings of the listing hold the loader's own (a renamed
		// duplicate ID) as well as the parser's.
		f.Warnings = b.Warnings
		f.ModTime = b.ModTime
		return f, nil
	}
	f.Warnings = mergeWarnings(f.Warnings, warns)
	return f, fmt.Errorf("%s: %w", b.Path, ErrChanged)
}

// withoutText returns a copy of b that does not hold its text, reading it
// back from src when asked (Full), laid out by k (nil: on its own).
//
// What it keeps is copied: the parser's strings (the title, the tags…) are
// cut from the text and would hold all of it in memory.
func withoutText(b *Brief, src *textSource, k *keeper) *Brief {
	c := k.brief()
	*c = *b
	c.Raw = ""
	c.Path = k.str(b.Path)
	if strings.HasSuffix(c.Path, b.ID) {
		c.ID = c.Path[len(c.Path)-len(b.ID):] // the default ID is the path's end
	} else {
		c.ID = k.str(b.ID)
	}
	c.Title, c.Source, c.Hash = k.str(b.Title), k.str(b.Source), k.str(b.Hash)
	c.Tags = k.strs(b.Tags)
	c.Warnings = k.strs(b.Warnings)
	c.Sections = k.sections(len(b.Sections))
	for i, s := range b.Sections {
		s.Body = ""
		s.Title = k.str(s.Title)
		c.Sections[i] = s
	}
	c.src = src
	return c
}

// keeper lays out what a load worker keeps of its briefs densely: their
// strings in shared blocks, the briefs and their sections in slabs, as a
// catalog's briefs are. Kept one by one, they lay scattered among the
// parse's garbage, and a reader after a first run held a third more
// memory than its live heap (spans kept for a few live objects each). The
// nil keeper allocates each on its own.
type keeper struct {
	text   strings.Builder // the block strings are cut from; appended only
	briefs []Brief
	secs   []Section
}

const (
	keepText   = 64 << 10 // bytes of a strings block
	keepBriefs = 256      // briefs of a slab
	keepSecs   = 1024     // sections of a slab
)

// str returns a copy of s in k's current block.
func (k *keeper) str(s string) string {
	if k == nil {
		return strings.Clone(s)
	}
	if s == "" {
		return ""
	}
	if k.text.Cap()-k.text.Len() < len(s) {
		k.text = strings.Builder{}
		k.text.Grow(max(keepText, len(s)))
	}
	at := k.text.Len()
	k.text.WriteString(s)
	// Bytes once written in a Builder are never written again: the
	// string stays as it is while the block fills.
	return k.text.String()[at:]
}

func (k *keeper) strs(l []string) []string {
	if l == nil {
		return nil
	}
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = k.str(s)
	}
	return out
}

// brief returns a new zero Brief from k's slab.
func (k *keeper) brief() *Brief {
	if k == nil {
		return &Brief{}
	}
	if len(k.briefs) == cap(k.briefs) {
		k.briefs = make([]Brief, 0, keepBriefs)
	}
	k.briefs = k.briefs[:len(k.briefs)+1]
	return &k.briefs[len(k.briefs)-1]
}

// sections returns n zero sections from k's slab.
func (k *keeper) sections(n int) []Section {
	if k == nil || n > keepSecs/4 {
		return make([]Section, n)
	}
	if cap(k.secs)-len(k.secs) < n {
		k.secs = make([]Section, 0, keepSecs)
	}
	k.secs = k.secs[:len(k.secs)+n]
	return k.secs[len(k.secs)-n : len(k.secs) : len(k.secs)]
}
