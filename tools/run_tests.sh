#!/usr/bin/env bash
# Runs every suite with pytest-odoo against a fresh, uniquely named database
# where provide_coop is installed; the database is dropped afterwards.
#   PYTEST_ARGS   extra pytest arguments (e.g. -k close)
#   KEEP_DB=1     keep the database for a look afterwards
set -euo pipefail
VENV=${VENV:-.venv}
ODOO_SRC=${ODOO_SRC:-/opt/odoo-18.0}
PY="$VENV/bin/python"
db="provide_test_$(date +%Y%m%d%H%M%S)_$$"
conf=$(mktemp --suffix=.conf)
log=$(mktemp --suffix=.log)
cleanup() {
    if [ -z "${KEEP_DB:-}" ]; then
        dropdb --if-exists "$db" >/dev/null 2>&1 || true
        rm -rf "$HOME/.local/share/Odoo/filestore/$db"
    else
        echo "kept database $db"
    fi
    rm -f "$conf" "$log"
}
trap cleanup EXIT
# A free port for the browser tours, so two runs on one machine do not collide.
port=$("$PY" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
cat > "$conf" <<CONF
[options]
addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$PWD
db_host = ${PGHOST:-127.0.0.1}
db_port = ${PGPORT:-5432}
db_name = $db
http_interface = 127.0.0.1
http_port = $port
CONF
echo "Installing provide_coop into $db ..."
start=$(date +%s)
if ! "$PY" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" -i provide_coop --without-demo=all \
    --stop-after-init --http-port=0 --log-level=warn >"$log" 2>&1; then
    cat "$log"; echo "Install failed." >&2; exit 1
fi
if grep -E " (WARNING|ERROR|CRITICAL) " "$log"; then
    echo "Install logged warnings or errors (above)." >&2; exit 1
fi
echo "Installed in $(( $(date +%s) - start ))s; running the suites."
export PROVIDE_TEST_ODOO_CONF="$conf"
"$PY" -m pytest -c pytest.ini --odoo-config="$conf" --odoo-database="$db" --odoo-http \
    provide_coop/tests tests ${PYTEST_ARGS:-}
