package config

// InitText is the file `briefing config init` writes: every setting at its
// default, commented. The README's Configuration section quotes it, and a
// test keeps the two the same.
const InitText = `# briefing's config file. Every setting is shown at its default.
# Flags win over BRIEFING_* environment variables, which win over this file.

# Folders and files 'briefing' opens when given none (empty: the samples).
library: []
# Where the notes database lives (empty: $XDG_DATA_HOME/briefing).
data: ""
# Where notes, stars, read state and positions are kept: empty for the
# SQLite file in the data folder, sqlite:PATH for another SQLite file, or
# postgres://user@host/db for PostgreSQL (several 'briefing serve' on one).
db: ""
# auto (the terminal's background), dark, light, ascii or notty.
theme: auto
# A glamour JSON style file for the reader and the digest in the dark and
# light themes (empty: the theme's style).
glamour_style: ""
# The library list: comfortable (three lines a brief) or compact (one).
density: comfortable
# The library's order: newest (first), source or folder (grouped), unread
# (first); the S key changes it while reading.
sort: newest
# The widest the reading column gets, in columns (30 to 400).
width: 100
# Follow changes to the files while reading.
watch: true
# Mouse wheel and clicks.
mouse: true
# How the library, the reader and the digest show dates, as a Go layout:
# 2006-01-02, "Jan 2, 2006", 02.01.2006.
date_format: "2006-01-02"

# Saved views: a name and a query (see QUERIES in 'briefing list --help').
# The library's V key cycles through them; 'briefing list --view NAME'.
views: {}
#   ports: "tag:ports after:30d"
#   unread: "is:unread"
# The view the library opens with (empty: none).
start_view: ""

# For 'briefing serve': the authorized_keys file of the keys that may open
# and present briefing rooms (empty: no rooms; --presenters wins).
presenters: ""
# For 'briefing serve' behind a TCP load balancer: read the PROXY protocol
# header (v1 or v2) the balancer sends, so that limits and logs see the
# reader's address; a connection without one is refused.
proxy_protocol: false
# The balancers' addresses or CIDR prefixes: with proxy_protocol, any
# other peer is refused (empty: any peer may send a header).
proxy_from: []

# Your own section labels, added to the built-in ones (any language).
sections: {}
#   next: ["Der Ausblick", "Coming soon"]
#   why: ["Pourquoi c'est grave"]

# Keys, per screen (all, library, reader, toc, notes, …): an action and
# its keys, or "<disabled>". A key another action has on that screen is
# refused. 'briefing config check' lists the actions.
keys: {}
#   all: {down: [n, down], up: [e, up], edit: ctrl+e}
#   reader: {next_section: [tab, "]"], find_next: k}
`
