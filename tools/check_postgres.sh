#!/usr/bin/env bash
# PostgreSQL is found through the usual libpq variables (PGHOST, PGPORT, PGUSER).
set -euo pipefail
if ! pg_isready -q -t 5; then
    cat >&2 <<MSG
PostgreSQL does not answer at ${PGHOST:-127.0.0.1}:${PGPORT:-5432} (user ${PGUSER:-$(id -un)}).
Start it (Debian: pg_ctlcluster 15 main start) or point PGHOST/PGPORT/PGUSER at a
server where that user may create databases, then run the command again.
MSG
    exit 1
fi
