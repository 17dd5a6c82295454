#!/usr/bin/env bash
# The virtualenv of make screenshots (requirements-screenshots.txt): Playwright
# needs a newer greenlet than Odoo's requirements pin, so it is kept apart from
# the virtualenv Odoo runs in. Quick the second time: a stamp records it.
set -euo pipefail
SHOTS_VENV=${SHOTS_VENV:-.venv-shots}
PYTHON=${PYTHON:-python3}
stamp="$SHOTS_VENV/.provide_coop_stamp"
want=$(cat requirements-screenshots.txt tools/ensure_shots_venv.sh | sha256sum | cut -c1-16)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$SHOTS_VENV/bin/python" ]; then
    exit 0
fi
echo "Setting up $SHOTS_VENV (Playwright for the screenshots) ..." >&2
[ -x "$SHOTS_VENV/bin/python" ] || "$PYTHON" -m venv "$SHOTS_VENV"
"$SHOTS_VENV/bin/python" -m pip install -q -r requirements-screenshots.txt
"$SHOTS_VENV/bin/python" -c "import playwright.sync_api, psycopg2, PIL"
echo "$want" > "$stamp"
