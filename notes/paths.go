package notes

import (
	"os"
	"os/user"
	"path/filepath"
)

// DefaultPath returns where the database lives: dataDir/briefing.db when
// dataDir is given (the --data flag), else $XDG_DATA_HOME/briefing/briefing.db,
// else ~/.local/share/briefing/briefing.db. With no home directory at all it
// falls back to briefing.db in the working directory.
func DefaultPath(dataDir string) string {
	if dataDir != "" {
		return filepath.Join(dataDir, "briefing.db")
	}
	// The XDG spec says a relative $XDG_DATA_HOME is invalid and must be ignored.
	if x := os.Getenv("XDG_DATA_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "briefing", "briefing.db")
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		return filepath.Join(home, ".local", "share", "briefing", "briefing.db")
	}
	return "briefing.db"
}

// HistoryPath returns where the query bar's history is kept: the file
// query_history beside the database DefaultPath(dataDir) names, in the
// same data folder.
func HistoryPath(dataDir string) string {
	return filepath.Join(filepath.Dir(DefaultPath(dataDir)), "query_history")
}

// LocalOwner returns the owner of notes taken locally: the OS user name,
// else $USER, else "local".
func LocalOwner() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "local"
}
