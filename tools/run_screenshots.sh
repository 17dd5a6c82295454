#!/usr/bin/env bash
# make screenshots: a throw-away database with provide_coop and its demo data,
# then tools/screenshots.py serves it on a free port and saves the PNGs into
# provide_coop/static/description/ (the app page's) and docs/screenshots/ (what
# each role sees, PDFs included); the database is dropped afterwards.
#   SHOTS="booklet.png enquiry_form.png"  only those;  KEEP_DB=1 keeps the database
# The script runs in .venv-shots (tools/ensure_shots_venv.sh); Odoo in $VENV.
set -euo pipefail
. "$(dirname "$0")/lib_db.sh"
db_new screens
db_write_conf
db_tempfile log .log
echo "Installing provide_coop with its demo data into $db ..."
if ! odoo_bin -i provide_coop --stop-after-init --http-port=0 --log-level=warn >"$log" 2>&1; then
    cat "$log"; echo "Install failed." >&2; exit 1
fi
echo "Taking the screenshots:"
# shellcheck disable=SC2086
"${SHOTS_VENV:-.venv-shots}/bin/python" tools/screenshots.py --conf "$conf" --db "$db" ${SHOTS:+--only $SHOTS}
