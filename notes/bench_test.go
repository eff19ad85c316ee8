package notes

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkReanchor re-anchors 50 notes on a brief of 8 sections where one
// in five quotes was edited (fuzzy path) and one in ten deleted (orphaned).
func BenchmarkReanchor(b *testing.B) {
	var sections []SectionText
	var notes []Note
	for s := 0; s < 8; s++ {
		var paras []string
		for p := 0; p < 6; p++ {
			paras = append(paras, fmt.Sprintf("Paragraph %d of section %d talks about rates and markets. "+
				"It has a second sentence with detail %d. And a third one, number %d.", p, s, p*s, p+s))
		}
		sections = append(sections, SectionText{Kind: "other", Title: fmt.Sprintf("S%d", s), Body: strings.Join(paras, "\n\n")})
	}
	for i := 0; i < 50; i++ {
		s, p := i%8, i%6
		q := fmt.Sprintf("It has a second sentence with detail %d.", p*s)
		switch {
		case i%10 == 0:
			q = fmt.Sprintf("A sentence that was deleted entirely, %d.", i)
		case i%5 == 0:
			q = fmt.Sprintf("It had a second sentence with details %d.", p*s)
		}
		notes = append(notes, Note{Section: Section{Kind: "other", Title: fmt.Sprintf("S%d", s), Index: s}, Quote: q})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		orphans := 0
		for _, a := range ReanchorAll(notes, sections) {
			if a.Orphaned {
				orphans++
			}
		}
		if orphans != 5 {
			b.Fatalf("%d orphans, want 5", orphans)
		}
	}
}
