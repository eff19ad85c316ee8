package migrations

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoad(t *testing.T) {
	file := func(sql string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(sql)} }
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		want    []int  // versions, in order
		wantErr string // part of the error
	}{
		{"in order", fstest.MapFS{
			"migrations/0002_two.sql": file("B"), "migrations/0001_one.sql": file("A"),
			"migrations/README": file("not a migration"),
		}, []int{1, 2}, ""},
		{"gap", fstest.MapFS{"migrations/0001_a.sql": file("A"), "migrations/0003_c.sql": file("C")}, nil, "0003_c.sql has number 3 where 2"},
		{"repeat", fstest.MapFS{"migrations/0001_a.sql": file("A"), "migrations/0001_b.sql": file("B")}, nil, "0001_b.sql has number 1 where 2"},
		{"not from 1", fstest.MapFS{"migrations/0002_b.sql": file("B")}, nil, "where 1 was expected"},
		{"bad name", fstest.MapFS{"migrations/1_a.sql": file("A")}, nil, "not named NNNN_what.sql"},
		{"no number", fstest.MapFS{"migrations/init.sql": file("A")}, nil, "not named NNNN_what.sql"},
		{"none", fstest.MapFS{"migrations/README": file("x")}, nil, "no migrations"},
		{"no folder", fstest.MapFS{}, nil, "read migrations"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := Load(tt.fsys, "migrations")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, m := range ms {
				got = append(got, m.Version)
			}
			if !slices.Equal(got, tt.want) || ms[0].SQL != "A" || ms[1].SQL != "B" || ms[0].Name != "0001_one.sql" {
				t.Errorf("versions %v (sql %q, %q), want %v", got, ms[0].SQL, ms[1].SQL, tt.want)
			}
		})
	}
}
