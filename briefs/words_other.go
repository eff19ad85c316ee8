//go:build !amd64 || purego

package briefs

// addWords adds the words of m that are the common kind: see addWordsGo.
func (w *buildWorker) addWords(low *[64 + 16]byte, m, hi uint64, weight uint32) uint64 {
	return w.addWordsGo(low, m, hi, weight)
}

// useBMI: there are no assembly loops here.
const useBMI = false

func flushPostings(*buildWorker, []uint32, int32, uint32) int { return 0 }
