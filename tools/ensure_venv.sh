#!/usr/bin/env bash
# Creates the project's virtualenv with Odoo's Python requirements and the dev tools.
# Quick the second time: a stamp records what was installed.
set -euo pipefail
VENV=${VENV:-.venv}
ODOO_SRC=${ODOO_SRC:-/opt/odoo-18.0}
PYTHON=${PYTHON:-python3}
stamp="$VENV/.provide_coop_stamp"
want=$(cat "$ODOO_SRC/requirements.txt" requirements-dev.txt tools/ensure_venv.sh | sha256sum | cut -c1-16)-$ODOO_SRC
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$VENV/bin/python" ]; then
    exit 0
fi
echo "Setting up $VENV (Odoo requirements and dev tools) ..." >&2
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip wheel "setuptools<70"
# Odoo's pins, less two that do not serve us on Python 3.11 today:
#  - cbor2 5.4.2 no longer builds; 5.6.2 (Odoo's own pin for newer Pythons) does;
#  - python-ldap is only for the auth_ldap addon and needs LDAP/SASL headers.
reqs=$(mktemp)
sed -E -e 's/^cbor2==5\.4\.2.*/cbor2==5.6.2/' -e '/^python-ldap/d' \
    "$ODOO_SRC/requirements.txt" > "$reqs"
"$VENV/bin/python" -m pip install -q -r "$reqs" -r requirements-dev.txt
rm -f "$reqs"
# Odoo is run from its source tree (Odoo's documented source install): make it importable.
site=$("$VENV/bin/python" -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")
echo "$ODOO_SRC" > "$site/odoo-src.pth"
"$VENV/bin/python" -c "import odoo, websocket; assert odoo.release.version_info[0] == 18"
echo "$want" > "$stamp"
