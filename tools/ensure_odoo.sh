#!/usr/bin/env bash
# Finds the Odoo 18.0 source tree the project runs on, or fetches the official one.
#   ODOO_SRC      where the tree is (default /opt/odoo-18.0)
#   ODOO_GIT_URL  where to fetch it from when it is missing
set -euo pipefail
ODOO_SRC=${ODOO_SRC:-/opt/odoo-18.0}
ODOO_GIT_URL=${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}

is_odoo18() {
    [ -f "$1/odoo-bin" ] && [ -f "$1/odoo/release.py" ] &&
        grep -q "^version_info = (18, 0," "$1/odoo/release.py"
}

if is_odoo18 "$ODOO_SRC"; then
    exit 0
fi
if [ -e "$ODOO_SRC" ] && [ -n "$(ls -A "$ODOO_SRC" 2>/dev/null)" ]; then
    echo "ODOO_SRC=$ODOO_SRC exists but is not an Odoo 18.0 source tree." >&2
    echo "Point ODOO_SRC at an Odoo 18.0 checkout (the directory holding odoo-bin)." >&2
    exit 1
fi
echo "Odoo 18.0 not found at $ODOO_SRC; fetching the official 18.0 branch from $ODOO_GIT_URL ..." >&2
if mkdir -p "$(dirname "$ODOO_SRC")" 2>/dev/null &&
    timeout 900 git clone --quiet --depth 1 --branch 18.0 "$ODOO_GIT_URL" "$ODOO_SRC" 2>/dev/null &&
    is_odoo18 "$ODOO_SRC"; then
    echo "Odoo 18.0 source is now at $ODOO_SRC" >&2
    exit 0
fi
rm -rf "$ODOO_SRC" 2>/dev/null || true
cat >&2 <<MSG

Could not find or fetch the Odoo 18.0 source.
Do one of these, then run the command again:
  * put an Odoo 18.0 Community source tree at $ODOO_SRC
    (git clone --depth 1 --branch 18.0 $ODOO_GIT_URL $ODOO_SRC), or
  * set ODOO_SRC to the directory of an existing 18.0 tree:
    make test ODOO_SRC=/path/to/odoo
MSG
exit 1
