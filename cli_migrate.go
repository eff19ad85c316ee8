package main

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/briefing-dev/briefing/config"
	"github.com/briefing-dev/briefing/internal/termsafe"
	"github.com/briefing-dev/briefing/notes"
)

// migrateTimeout bounds a whole copy: a large single-server database is
// copied in seconds, so this only runs out when something is stuck.
const migrateTimeout = 30 * time.Minute

// notesMigrate is `briefing notes migrate --from DB --to DB`: every
// owner's notes (deleted ones too), marks with their positions and drafts
// are copied, what the destination has already left as it is, and then
// both sides are read again and compared per owner, counts and checksums.
func (a *app) notesMigrate(args []string) error {
	fs := newFlagSet("notes migrate")
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return a.flagError(err, "notes migrate", notesUsage)
	}
	if len(pos) > 0 {
		return usageErrorf("notes migrate: unexpected %q (give --from DB --to DB)", pos[0])
	}
	if *from == "" || *to == "" {
		return usageErrorf("notes migrate: give --from DB and --to DB (such as --from sqlite:PATH --to postgres://…)")
	}
	for _, v := range []string{*from, *to} {
		if err := config.CheckDB(v); err != nil {
			return usageErrorf("notes migrate: %v", err)
		}
	}
	src, dst := notesAt{db: *from}, notesAt{db: *to}
	if !src.exists() {
		return fmt.Errorf("notes migrate: --from %s: no such file", termsafe.Line(src.String()))
	}
	ctx, cancel := context.WithTimeout(context.Background(), migrateTimeout)
	defer cancel()
	srcStore, err := src.open()
	if err != nil {
		return fmt.Errorf("notes migrate: --from: %w", err)
	}
	defer srcStore.Close()
	dstStore, err := dst.open()
	if err != nil {
		return fmt.Errorf("notes migrate: --to: %w", err)
	}
	defer dstStore.Close()
	sd, ok1 := srcStore.(notes.Dumper)
	dd, ok2 := dstStore.(notes.Dumper)
	if !ok1 || !ok2 {
		return errors.New("notes migrate: one of the stores cannot be copied")
	}

	owners, err := sd.Owners(ctx)
	if err != nil {
		return storeError("notes migrate", err)
	}
	var added notes.Added
	sums := make([]ownerCheck, 0, len(owners))
	for _, o := range owners {
		d, err := sd.Dump(ctx, o)
		if err != nil {
			return storeError("notes migrate", err)
		}
		got, err := dd.Restore(ctx, d)
		if err != nil {
			return storeError("notes migrate: owner "+termsafe.Line(o), err)
		}
		added.Notes, added.Marks, added.Drafts = added.Notes+got.Notes, added.Marks+got.Marks, added.Drafts+got.Drafts
		sums = append(sums, ownerCheck{owner: o})
	}
	if added.Total() == 0 {
		fmt.Fprintf(a.stdout, "nothing to copy: %s already had every row of %s\n", termsafe.Line(dst.String()), plural(len(owners), "owner"))
	} else {
		fmt.Fprintf(a.stdout, "copied %s, %s and %s of %s into %s\n", plural(added.Notes, "note"), plural(added.Marks, "mark"),
			plural(added.Drafts, "draft"), plural(len(owners), "owner"), termsafe.Line(dst.String()))
	}

	// Verify: each side read again on its own, after the copy.
	bad := 0
	for i := range sums {
		c := &sums[i]
		s, err := sd.Dump(ctx, c.owner)
		if err != nil {
			return storeError("notes migrate: verify", err)
		}
		d, err := dd.Dump(ctx, c.owner)
		if err != nil {
			return storeError("notes migrate: verify", err)
		}
		c.src, c.dst = s.Counts(), d.Counts()
		c.srcSum, c.dstSum = s.Checksum(), d.Checksum()
		if !c.ok() {
			bad++
		}
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "owner\tnotes\tdeleted\tmarks\tdrafts\tsha256 (source)\tsha256 (destination)\tresult")
	for _, c := range sums {
		verdict := "ok"
		if !c.ok() {
			verdict = "MISMATCH"
		}
		fmt.Fprintf(tw, "%s\t%d/%d\t%d/%d\t%d/%d\t%d/%d\t%s\t%s\t%s\n", termsafe.Line(c.owner),
			c.src.Notes, c.dst.Notes, c.src.Deleted, c.dst.Deleted, c.src.Marks, c.dst.Marks, c.src.Drafts, c.dst.Drafts,
			c.srcSum[:16], c.dstSum[:16], verdict)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if bad > 0 {
		return fmt.Errorf("notes migrate: %s differ between source and destination (see MISMATCH above)", plural(bad, "owner"))
	}
	fmt.Fprintf(a.stdout, "verified: %s, counts and checksums equal (source/destination)\n", plural(len(sums), "owner"))
	return nil
}

// ownerCheck is one owner's verification: counts and checksums per side.
type ownerCheck struct {
	owner          string
	src, dst       notes.DumpCounts
	srcSum, dstSum string
}

func (c ownerCheck) ok() bool { return c.src == c.dst && c.srcSum == c.dstSum }
