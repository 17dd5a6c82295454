# shellcheck shell=bash
# Sourced by tools/run_tests.sh and tools/run_bench.sh: a fresh, uniquely named
# database, the Odoo configuration file that points at it, and the clean-up
# when the script ends (the database and its filestore are dropped unless
# KEEP_DB is set; the temporary files always go).
#   db_new PURPOSE          sets $db (provide_PURPOSE_<time>_<pid>) and $conf
#   db_tempfile VAR SUFFIX  a temporary file in $VAR, removed at the end
#   db_write_conf [LINE...] writes $conf: addons path, server, $db, then LINEs
#   odoo_bin ARG...         odoo-bin on $conf and $db
#   db_install MODULES      installs MODULES without demo data, quietly
VENV=${VENV:-.venv}
ODOO_SRC=${ODOO_SRC:-/opt/odoo-18.0}
PY="$VENV/bin/python"
_db_tempfiles=()

db_tempfile() {
    local file
    file=$(mktemp --suffix="$2")
    _db_tempfiles+=("$file")
    printf -v "$1" '%s' "$file"
}

db_cleanup() {
    if [ -z "${KEEP_DB:-}" ]; then
        dropdb --if-exists "$db" >/dev/null 2>&1 || true
        rm -rf "$HOME/.local/share/Odoo/filestore/$db"
    else
        echo "kept database $db"
    fi
    rm -f "${_db_tempfiles[@]}"
}

db_new() {
    db="provide_$1_$(date +%Y%m%d%H%M%S)_$$"
    db_tempfile conf .conf
    trap db_cleanup EXIT
}

db_write_conf() {
    {
        echo "[options]"
        echo "addons_path = $ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$PWD"
        echo "db_host = ${PGHOST:-127.0.0.1}"
        echo "db_port = ${PGPORT:-5432}"
        echo "db_name = $db"
        printf '%s\n' "$@"
    } >"$conf"
}

odoo_bin() {
    "$PY" "$ODOO_SRC/odoo-bin" -c "$conf" -d "$db" "$@"
}

db_install() {
    odoo_bin -i "$1" --without-demo=all --stop-after-init --http-port=0 --log-level=warn
}
