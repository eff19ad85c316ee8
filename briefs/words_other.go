//go:build !amd64 || purego

package briefs

// addWords adds the words of m that are the common kind: see addWordsGo.
func (w *buildWorker) addWords(low *[64 + 16]byte, m, hi uint64, weight uint32) uint64 {
	return w.addWordsGo(low, m, hi, weight)
}
