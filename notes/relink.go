package notes

import (
	"context"
	"fmt"
	"path"
	"strings"
)

// LoadedBrief is what Relink needs to know of a brief as it was just loaded.
type LoadedBrief struct {
	ID   string
	Hash string // hex SHA-256 of the file, as the loader computes it
}

// Moved is one brief whose notes Relink carried to a new ID.
type Moved struct {
	From, To string
	Notes    int
}

// Relink keeps the owner's notes attached to briefs that were renamed or
// moved. A brief the owner has notes on that is not among the loaded ones is
// looked up by the content hash its notes recorded: when a loaded brief has
// that hash, the notes, mark and draft move to its ID. Failing that (the file
// was edited too), a single loaded brief with the same path seen from another
// root takes them (see samePathElsewhere). A loaded brief whose
// content changed gets its new hash recorded on its notes, so it is still
// found after a later move. Notes whose brief is simply gone stay as they are
// (orphaned, never dropped).
func Relink(ctx context.Context, s Store, owner string, loaded []LoadedBrief) ([]Moved, error) {
	all, err := s.AllNotes(ctx, owner)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, nil
	}
	byID := make(map[string]string, len(loaded)) // ID -> hash
	byHash := make(map[string]string, len(loaded))
	byBase := make(map[string][]string, len(loaded))
	for _, b := range loaded {
		byID[b.ID] = b.Hash
		byBase[path.Base(b.ID)] = append(byBase[path.Base(b.ID)], b.ID)
		if _, dup := byHash[b.Hash]; !dup && b.Hash != "" {
			byHash[b.Hash] = b.ID
		}
	}
	// The hashes each noted brief's notes recorded, in the order met.
	hashes := map[string][]string{}
	var order []string
	for _, n := range all {
		if _, seen := hashes[n.BriefID]; !seen {
			order = append(order, n.BriefID)
			hashes[n.BriefID] = nil
		}
		if n.BriefHash != "" && !contains(hashes[n.BriefID], n.BriefHash) {
			hashes[n.BriefID] = append(hashes[n.BriefID], n.BriefHash)
		}
	}
	var moved []Moved
	for _, id := range order {
		if now, ok := byID[id]; ok {
			if now != "" && (len(hashes[id]) != 1 || hashes[id][0] != now) {
				if err := s.UpdateBriefHash(ctx, owner, id, now); err != nil {
					return moved, err
				}
			}
			continue
		}
		to := ""
		for _, h := range hashes[id] {
			if t, ok := byHash[h]; ok && t != id {
				to = t
				break
			}
		}
		if to == "" {
			to = samePathElsewhere(id, byBase[path.Base(id)])
		}
		if to == "" {
			continue
		}
		n, err := s.RenameBrief(ctx, owner, id, to)
		if err != nil {
			return moved, fmt.Errorf("move notes from %s to %s: %w", id, to, err)
		}
		moved = append(moved, Moved{From: id, To: to, Notes: n})
	}
	return moved, nil
}

// RelinkRenamed carries the owner's notes, mark (star, read state,
// position) and drafts from briefs that left the library to briefs that
// came into it with the same content: files renamed or moved while the
// library was open, as one reload sees them (gone: the briefs it removed,
// came: those it added). Unlike Relink it needs no note on the brief, so a
// star alone follows too. A gone brief moves only when exactly one brief
// that came has its hash, and that hash is no other gone brief's: with two
// copies of one file there is no telling which went where, and the notes
// stay (Relink finds them later by the hashes they recorded). Every rename
// it carries over is in the result, also one the owner had nothing on
// (Notes 0): a mark may have moved, which the store does not count.
func RelinkRenamed(ctx context.Context, s LinkStore, owner string, gone, came []LoadedBrief) ([]Moved, error) {
	cameByHash := make(map[string][]string, len(came))
	for _, b := range came {
		if b.Hash != "" {
			cameByHash[b.Hash] = append(cameByHash[b.Hash], b.ID)
		}
	}
	goneByHash := make(map[string]int, len(gone))
	for _, b := range gone {
		goneByHash[b.Hash]++
	}
	var moved []Moved
	for _, b := range gone {
		to := cameByHash[b.Hash]
		if b.Hash == "" || len(to) != 1 || goneByHash[b.Hash] != 1 || to[0] == b.ID {
			continue
		}
		n, err := s.RenameBrief(ctx, owner, b.ID, to[0])
		if err != nil {
			return moved, fmt.Errorf("move notes from %s to %s: %w", b.ID, to[0], err)
		}
		moved = append(moved, Moved{From: b.ID, To: to[0], Notes: n})
	}
	return moved, nil
}

// samePathElsewhere is the one loaded ID that names the same file as id seen
// from another library root ("s.md" and "desk/s.md", or "lib/desk/s.md" and
// "desk/s.md"): a brief added from the command line by its path, or a
// library opened one folder higher or lower. It needs exactly one candidate;
// two files of that name leave the notes where they are.
func samePathElsewhere(id string, candidates []string) string {
	found := ""
	for _, c := range candidates {
		if c != id && (strings.HasSuffix(c, "/"+id) || strings.HasSuffix(id, "/"+c)) {
			if found != "" {
				return ""
			}
			found = c
		}
	}
	return found
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
