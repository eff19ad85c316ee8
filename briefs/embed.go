package briefs

import (
	"embed"
	"io/fs"
)

// samples is the default library shown when no path is given. The files carry no
// modification time, so those without a front-matter date start their name with
// the date they stand for (see LoadFS).
//
//go:embed samples
var samples embed.FS

// Samples returns the embedded sample briefs, rooted at their folder.
func Samples() fs.FS {
	sub, err := fs.Sub(samples, "samples")
	if err != nil {
		// fs.Sub fails only for an invalid path name; "samples" is valid.
		panic(err)
	}
	return sub
}

// LoadSamples loads the embedded sample library.
func LoadSamples(opts LoadOptions) *Library {
	return LoadFS(Samples(), ".", opts)
}
