package termsafe

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Check returns an error naming the first thing in s that a terminal would
// act on, or nil when there is none: invalid UTF-8 (a raw C1 byte), an
// escape sequence, or a rune Forbidden reports. When styled is true, the
// SGR styling sequences that Styled keeps are allowed, as in rendered text.
// Tests of every printed output hold it to this; a caller may also use it to
// refuse text rather than clean it.
func Check(s string, styled bool) error {
	if !utf8.ValidString(s) {
		return errors.New("invalid UTF-8")
	}
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			if styled && i+1 < len(s) && s[i+1] == '[' {
				k := skipCSI(s, i+2)
				if k > i+2 && s[k-1] == 'm' && validSGR(s[i+2:k-1]) {
					i = k
					continue
				}
			}
			return fmt.Errorf("escape sequence at byte %d: %q", i, s[i:min(i+12, len(s))])
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if Forbidden(r) {
			return fmt.Errorf("control %U at byte %d", r, i)
		}
		i += size
	}
	return nil
}
