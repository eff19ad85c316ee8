package ui

// scroller is the reader's scroll state: the first line shown, of total
// lines, in a window height lines tall. The reader slices its rendered lines
// itself (bodyView); it used bubbles' viewport for this state alone, and that
// is 2.6 KB copied with the root model on every message, and a width
// measurement of every line each time a brief is shown.
type scroller struct {
	y, total, height int
}

// maxY is the last first line: the end of the text on the last row.
func (s scroller) maxY() int { return max(0, s.total-s.height) }

// setTotal sets the number of lines; a position past the new end moves to it.
func (s *scroller) setTotal(n int) {
	s.total = n
	if s.y > s.maxY() {
		s.y = s.maxY()
	}
}

func (s *scroller) setHeight(h int) { s.height = max(0, h) }

// setY moves to line y, kept between the top and maxY.
func (s *scroller) setY(y int) { s.y = max(0, min(y, s.maxY())) }

func (s scroller) atBottom() bool { return s.y >= s.maxY() }

// by scrolls n lines down (up when negative).
func (s *scroller) by(n int) { s.setY(s.y + n) }
