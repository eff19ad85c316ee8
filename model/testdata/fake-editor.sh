#!/bin/sh
# A stand-in for $EDITOR in tests: it appends a paragraph to the file it is
# given, as a reader saving an edit would.
printf '\nA paragraph the fake editor appended.\n' >> "$1"
