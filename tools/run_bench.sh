#!/usr/bin/env bash
# The benchmarks (make bench): a fresh database with provide_coop and crm
# (crm only here, to compare against), filled to 1,000 / 10,000 / 100,000
# enquiries and leads, measured by tools/bench_pipeline.py; then the
# retention cron anonymising BENCH_RETENTION (10,000) closed enquiries,
# measured by tools/bench_retention.py; dropped afterwards.
# Last, the case-study booklet of seven studies, downloaded from a server
# started here (tools/bench_booklet.py).
#   BENCH_SIZES="1000 10000"  other sizes;  BENCH_RETENTION=0 skips retention
#   BENCH_PIPELINE=0 measures the reports only (not kanban/pivot/form vs crm)
#   BENCH_BOOKLET=0 skips the booklet and the funder report's PDF
#   KEEP_DB=1 keeps the database
set -euo pipefail
. "$(dirname "$0")/lib_db.sh"
db_new bench
db_write_conf
echo "Installing provide_coop and crm into $db ..."
db_install provide_coop,crm
"$PY" tools/bench_pipeline.py "$conf" "$db" ${BENCH_SIZES:-1000 10000 100000}
if [ "${BENCH_RETENTION:-10000}" != 0 ]; then
    "$PY" tools/bench_retention.py "$conf" "$db" "${BENCH_RETENTION:-10000}"
fi
if [ "${BENCH_BOOKLET:-1}" != 0 ]; then
    port=$("$PY" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
    # Not through odoo_bin: $! must be the server itself, for the kill below.
    "$PY" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" --http-interface=127.0.0.1 \
        --http-port="$port" --log-level=warn &
    server=$!
    for _ in $(seq 60); do
        curl -sf "http://127.0.0.1:$port/web/login" >/dev/null && break
        sleep 1
    done
    "$PY" tools/bench_booklet.py "$conf" "$db" "$port" || { kill "$server"; exit 1; }
    kill "$server"
    wait "$server" 2>/dev/null || true
fi
