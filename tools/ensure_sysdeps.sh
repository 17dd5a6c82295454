#!/usr/bin/env bash
# System packages the suites need: libpq headers (psycopg2 builds from source),
# wkhtmltopdf (PDF reports), Chromium (browser tours and make screenshots) and
# poppler-utils (make screenshots draws the booklet's pages with pdftoppm) and
# the DejaVu fonts the PDFs are set in (fonts-dejavu-extra: the condensed face).
# Installed from Debian's packages when missing and we are allowed to;
# otherwise we say what is missing.
set -euo pipefail
missing=()
command -v pg_config >/dev/null || missing+=(libpq-dev)
command -v gcc >/dev/null || missing+=(build-essential)
command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftoppm >/dev/null || missing+=(poppler-utils)
command -v pg_isready >/dev/null || missing+=(postgresql-client)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf ] || missing+=(fonts-dejavu-extra)
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo -n"
if command -v apt-get >/dev/null && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }; then
    echo "Installing system packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    exit 0
fi
echo "Missing system packages: ${missing[*]}" >&2
echo "Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}) and run the command again." >&2
exit 1
