package termsafe

import (
	"strings"
	"unicode/utf8"
)

// Terminal hyperlinks are OSC 8 sequences: ESC ] 8 ; params ; URI ST, then
// the linked text, then ESC ] 8 ; ; ST. The only ones that reach a terminal
// are written here, from a URI that LinkURI accepted: nothing of a brief's
// text can end the sequence early, add parameters or start another one.

// HyperlinkEnd closes a hyperlink opened with Hyperlink.
const HyperlinkEnd = "\x1b]8;;\x1b\\"

// MaxLinkURI is the longest URI a hyperlink is written with, encoded.
// Terminals cap what they keep (VTE at 2083 bytes); a longer one is shown
// as text without a link rather than cut into another address.
const MaxLinkURI = 2048

// LinkURI returns u as it may stand in a hyperlink, or false when it may not
// be one. Only http, https and mailto are linked, as in rendered text. Every
// byte that is not printable ASCII (C0 and C1 controls, ESC, BEL, space, DEL
// and the bytes of non-ASCII characters) and every ';' is percent-encoded,
// so the URI holds no terminator and no parameter separator a terminal could
// misread; a URL means the same with those bytes encoded.
func LinkURI(u string) (string, bool) {
	colon := strings.IndexByte(u, ':')
	if colon <= 0 || !linkScheme(u[:colon]) {
		return "", false
	}
	clean := true
	for i := 0; i < len(u); i++ {
		if !uriByte(u[i]) {
			clean = false
			break
		}
	}
	if !clean {
		var b strings.Builder
		b.Grow(len(u) + 16)
		for i := 0; i < len(u); i++ {
			c := u[i]
			if uriByte(c) {
				b.WriteByte(c)
				continue
			}
			const hex = "0123456789ABCDEF"
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		}
		u = b.String()
	}
	if len(u) > MaxLinkURI || len(u) == colon+1 {
		return "", false
	}
	return u, true
}

// uriByte reports whether c may stand in a hyperlink's URI as it is.
func uriByte(c byte) bool { return c > ' ' && c < 0x7f && c != ';' }

// linkScheme reports whether scheme (before the ':') is one that is linked.
func linkScheme(scheme string) bool {
	switch strings.ToLower(scheme) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// Hyperlink returns the sequence that opens a hyperlink to u, or false when
// u may not be linked (see LinkURI). The text after it is the link, up to
// HyperlinkEnd.
func Hyperlink(u string) (string, bool) {
	uri, ok := LinkURI(u)
	if !ok {
		return "", false
	}
	return "\x1b]8;;" + uri + "\x1b\\", true
}

// StyledLinks is Styled that keeps the renderer's hyperlinks: an OSC 8 that
// opens a link is written again from its URI through LinkURI (its
// parameters dropped), one whose URI may not be linked is removed, so its
// text shows without a link, and the closing OSC 8 is kept. Every other
// escape sequence goes as with Styled.
func StyledLinks(s string) string {
	if !strings.Contains(s, "\x1b]8;") {
		return Styled(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for s != "" {
		i := strings.Index(s, "\x1b]8;")
		if i < 0 {
			b.WriteString(Styled(s))
			break
		}
		b.WriteString(Styled(s[:i]))
		end := EscapeEnd(s, i)
		if uri, ok := osc8URI(s[i:end]); ok {
			if uri == "" {
				b.WriteString(HyperlinkEnd)
			} else if open, ok := Hyperlink(uri); ok {
				b.WriteString(open)
			}
		}
		s = s[end:]
	}
	return b.String()
}

// osc8URI returns the URI of a whole OSC 8 sequence ("" for the one that
// closes a link), or false when seq is not one, or is not terminated.
func osc8URI(seq string) (string, bool) {
	body, ok := strings.CutPrefix(seq, "\x1b]8;")
	if !ok {
		return "", false
	}
	switch {
	case strings.HasSuffix(body, "\x1b\\"):
		body = body[:len(body)-2]
	case strings.HasSuffix(body, "\a"):
		body = body[:len(body)-1]
	case strings.HasSuffix(body, "\u009c"):
		body = body[:len(body)-2]
	default:
		return "", false
	}
	_, uri, ok := strings.Cut(body, ";")
	if !ok {
		return "", false
	}
	return uri, true
}

// CheckLinked is Check(s, true) that also allows hyperlinks as Hyperlink
// and StyledLinks write them: ESC ] 8 ; ; then a URI LinkURI leaves as it
// is, then ESC \, and HyperlinkEnd. Tests of every output that may hold
// links hold it to this.
func CheckLinked(s string) error {
	var rest strings.Builder
	for s != "" {
		i := strings.Index(s, "\x1b]8;;")
		if i < 0 {
			rest.WriteString(s)
			break
		}
		rest.WriteString(s[:i])
		body := s[i+len("\x1b]8;;"):]
		j := strings.Index(body, "\x1b\\")
		if j < 0 {
			return Check(s[i:], true) // unterminated: reported as any escape
		}
		if uri := body[:j]; uri != "" {
			if got, ok := LinkURI(uri); !ok || got != uri || !utf8.ValidString(uri) {
				return Check(s[i:i+len("\x1b]8;;")+j+2], true)
			}
		}
		s = body[j+2:]
	}
	return Check(rest.String(), true)
}
