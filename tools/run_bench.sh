#!/usr/bin/env bash
# The pipeline benchmark (make bench): a fresh database with provide_coop and
# crm (crm only here, to compare against), filled to 1,000 / 10,000 / 100,000
# enquiries and leads, measured by tools/bench_pipeline.py; dropped afterwards.
#   BENCH_SIZES="1000 10000"  other sizes;  KEEP_DB=1 keeps the database
set -euo pipefail
VENV=${VENV:-.venv}
ODOO_SRC=${ODOO_SRC:-/opt/odoo-18.0}
PY="$VENV/bin/python"
db="provide_bench_$(date +%Y%m%d%H%M%S)_$$"
conf=$(mktemp --suffix=.conf)
cleanup() {
    if [ -z "${KEEP_DB:-}" ]; then
        dropdb --if-exists "$db" >/dev/null 2>&1 || true
        rm -rf "$HOME/.local/share/Odoo/filestore/$db"
    else
        echo "kept database $db"
    fi
    rm -f "$conf"
}
trap cleanup EXIT
cat > "$conf" <<CONF
[options]
addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$PWD
db_host = ${PGHOST:-127.0.0.1}
db_port = ${PGPORT:-5432}
db_name = $db
CONF
echo "Installing provide_coop and crm into $db ..."
"$PY" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" -i provide_coop,crm --without-demo=all \
    --stop-after-init --http-port=0 --log-level=warn
"$PY" tools/bench_pipeline.py "$conf" "$db" ${BENCH_SIZES:-1000 10000 100000}
