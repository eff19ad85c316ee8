package termsafe

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// EscapeJSON rewrites DEL, C1 controls and bidi controls in JSON text as \u
// escapes. encoding/json escapes C0 controls but writes these raw, and the
// JSON may well be read on a terminal. They only occur inside strings, where
// the escape means the same character: the data is unchanged. JSON without
// any comes back as the same slice.
func EscapeJSON(data []byte) []byte {
	if !bytes.ContainsFunc(data, rawInJSON) {
		return data
	}
	out := make([]byte, 0, len(data)+64)
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if rawInJSON(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, data[i:i+size]...)
		}
		i += size
	}
	return out
}

// rawInJSON reports whether r is forbidden and left unescaped by
// encoding/json (which escapes everything below U+0020 itself).
func rawInJSON(r rune) bool {
	return r >= 0x7f && Forbidden(r)
}
