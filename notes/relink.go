package notes

import (
	"context"
	"fmt"
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
// that hash, the notes, mark and draft move to its ID. A loaded brief whose
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
	for _, b := range loaded {
		byID[b.ID] = b.Hash
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
		for _, h := range hashes[id] {
			to, ok := byHash[h]
			if !ok || to == id {
				continue
			}
			n, err := s.RenameBrief(ctx, owner, id, to)
			if err != nil {
				return moved, fmt.Errorf("move notes from %s to %s: %w", id, to, err)
			}
			moved = append(moved, Moved{From: id, To: to, Notes: n})
			break
		}
	}
	return moved, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
