package notes

import (
	"encoding/json"
	"errors"
	"fmt"
)

// EncodeDraft checks that a draft to save has an owner and a brief, and
// gives its note in the one column every store keeps it in: the export's
// JSON shape, so a draft reads back with everything the editor had.
func EncodeDraft(d Draft) (string, error) {
	if d.Note.Owner == "" || d.Note.BriefID == "" {
		return "", errors.New("notes: save draft: owner and brief ID are required")
	}
	body, err := MarshalDraftNote(d.Note)
	if err != nil {
		return "", fmt.Errorf("notes: save draft: %w", err)
	}
	return body, nil
}

// MarshalDraftNote is n in a draft's column, unchecked: what a restore
// writes back exactly as a dump read it.
func MarshalDraftNote(n Note) (string, error) {
	b, err := json.Marshal(NewJSONNote(n, ""))
	return string(b), err
}

// DecodeDraft reads a draft's note from what EncodeDraft gave. The row's
// key (owner, briefID) wins over the copy inside the note: RenameBrief
// moves the row, and a draft restored with the old brief ID would save its
// note on the brief that moved away.
func DecodeDraft(body, owner, briefID string) (Note, error) {
	var j JSONNote
	if err := json.Unmarshal([]byte(body), &j); err != nil {
		return Note{}, err
	}
	n := j.Note()
	n.Owner, n.BriefID = owner, briefID
	return n, nil
}
