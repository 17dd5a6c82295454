#!/usr/bin/env bash
# Runs every suite with pytest-odoo against a fresh, uniquely named database
# where provide_coop is installed; the database is dropped afterwards.
#   PYTEST_ARGS   extra pytest arguments (e.g. -k close); when they name test
#                 files or folders (tests/test_install.py, a::node::id), only
#                 those run instead of every suite
#   KEEP_DB=1     keep the database for a look afterwards
set -euo pipefail
. "$(dirname "$0")/lib_db.sh"
db_new test
db_tempfile log .log
# A free port for the browser tours, so two runs on one machine do not collide.
port=$("$PY" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
db_write_conf "http_interface = 127.0.0.1" "http_port = $port"
suites=(provide_coop/tests tests)
value=""
for arg in ${PYTEST_ARGS:-}; do
    if [ -n "$value" ]; then value=""; continue; fi
    case $arg in
    -k | -m | -p | -o | -W | --deselect | --ignore | --ignore-glob) value=1 ;;
    -*) ;;
    *) if [ -e "${arg%%::*}" ]; then suites=(); break; fi ;;
    esac
done
echo "Installing provide_coop into $db ..."
start=$(date +%s)
if ! db_install provide_coop >"$log" 2>&1; then
    cat "$log"; echo "Install failed." >&2; exit 1
fi
if grep -E " (WARNING|ERROR|CRITICAL) " "$log"; then
    echo "Install logged warnings or errors (above)." >&2; exit 1
fi
echo "Installed in $(( $(date +%s) - start ))s; running the suites."
export PROVIDE_TEST_ODOO_CONF="$conf"
"$PY" -m pytest -c pytest.ini --odoo-config="$conf" --odoo-database="$db" --odoo-http \
    "${suites[@]}" ${PYTEST_ARGS:-}
