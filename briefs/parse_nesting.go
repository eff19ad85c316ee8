package briefs

import "bytes"

// maxNesting is how deep block quotes and list items may nest on one line
// before the deeper markers are read as text. goldmark's block parser takes
// time quadratic in that depth (a 80 KB line of "> > > …" takes seconds), so
// without a cap one hostile file could stall the loader. Real briefs nest a
// few levels; markdown-it caps nesting too. Only a line's markers past the
// cap change, so the top-level block structure — all that splitting looks
// at — is the same.
const maxNesting = 32

// capNesting returns src unchanged, or a copy in which, on every line whose
// leading container markers (>, -, *, +, 1. 1)) nest deeper than maxNesting,
// the markers past the cap are replaced by 'x'. Offsets are preserved: the
// copy is only what goldmark sees; sections are cut from the original text.
func capNesting(src []byte) ([]byte, bool) {
	var out []byte
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		if end-start < 2*maxNesting {
			start = end + 1
			continue
		}
		if cut := deepMarkers(src[start:end]); cut >= 0 {
			if out == nil {
				out = append([]byte(nil), src...)
			}
			line := out[start:end]
			for i := cut; i < len(line); i++ {
				switch c := line[i]; {
				case c == ' ' || c == '\t':
				case c == '>' || c == '-' || c == '*' || c == '+' || c == '.' || c == ')' || (c >= '0' && c <= '9'):
					line[i] = 'x'
				default:
					i = len(line)
				}
			}
		}
		start = end + 1
	}
	if out == nil {
		return src, false
	}
	return out, true
}

// deepMarkers returns the offset of the first container marker past
// maxNesting on line, or -1. Thematic breaks ("- - - -") are left alone.
func deepMarkers(line []byte) int {
	if len(line) < 2*maxNesting {
		return -1
	}
	depth, i := 0, 0
	for i < len(line) {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i == len(line) {
			break
		}
		mark := i
		switch c := line[i]; {
		case c == '>':
			i++
		case (c == '-' || c == '*' || c == '+') && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t'):
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j == len(line) || (line[j] != '.' && line[j] != ')') || (j+1 < len(line) && line[j+1] != ' ' && line[j+1] != '\t') {
				return -1
			}
			i = j + 1
		default:
			return -1
		}
		if depth++; depth > maxNesting {
			if isThematicBreak(line) {
				return -1
			}
			return mark
		}
	}
	return -1
}

// isThematicBreak reports a line of three or more -, * or _ (one kind) and spaces.
func isThematicBreak(line []byte) bool {
	var kind byte
	n := 0
	for _, c := range line {
		switch c {
		case ' ', '\t':
		case '-', '*', '_':
			if kind != 0 && c != kind {
				return false
			}
			kind = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}
