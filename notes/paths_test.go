package notes

import "testing"

func TestDefaultPath(t *testing.T) {
	t.Setenv("HOME", "/home/ana")
	tests := []struct {
		name, xdg, dataDir, want string
	}{
		{"data flag wins", "/x", "/srv/notes", "/srv/notes/briefing.db"},
		{"xdg", "/x/data", "", "/x/data/briefing/briefing.db"},
		{"relative xdg ignored", "rel", "", "/home/ana/.local/share/briefing/briefing.db"},
		{"home fallback", "", "", "/home/ana/.local/share/briefing/briefing.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("XDG_DATA_HOME", tt.xdg)
			if got := DefaultPath(tt.dataDir); got != tt.want {
				t.Errorf("DefaultPath(%q) = %q, want %q", tt.dataDir, got, tt.want)
			}
		})
	}
}
