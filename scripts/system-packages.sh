#!/bin/sh
# The Debian packages the README's two commands need, installed when missing.
#   scripts/system-packages.sh demo   Python's venv module and WeasyPrint's libraries (PDFs)
#   scripts/system-packages.sh test   the same, plus Debian's chromium for the browser tests
# As root it installs with apt-get; otherwise it stops and prints the exact command to run. Nothing else is
# downloaded: the browser tests drive /usr/bin/chromium, never a browser fetched by a test tool.
set -eu
what=${1:-test}
missing=""
need() { missing="$missing $1"; }

have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }

python3 -c 'import ensurepip, venv' 2>/dev/null || need python3-venv
have_lib 'libpango-1.0.so' || need libpango-1.0-0
have_lib 'libpangoft2-1.0.so' || need libpangoft2-1.0-0
have_lib 'libharfbuzz-subset.so' || need libharfbuzz-subset0
fc-list 2>/dev/null | grep -qi dejavu || need fonts-dejavu-core
# `make test` (target system-test) installs Debian's chromium here: the browser tests drive /usr/bin/chromium.
# (as root: apt-get install -y chromium, below with the others; Playwright never downloads a browser here)
if [ "$what" = test ]; then
  [ -x /usr/bin/chromium ] || need chromium
fi
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages:$missing (Debian names). Install their equivalents, then run make again." >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages:$missing" >&2
  echo "Run this once as root, then run make again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
echo "Installing system packages:$missing"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$missing >/dev/null
