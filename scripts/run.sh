#!/usr/bin/env bash
# Set up .venv (and, on Debian, the libraries Qt needs for a window) and start Rapport on the
# default database in the user's data folder. Arguments go to `rapport`, e.g. --db other.db.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

ensure_debian_packages "${QT_RUNTIME_PACKAGES[@]}" "${QT_XCB_PACKAGES[@]}" fonts-droid-fallback
ensure_venv ""
exec .venv/bin/rapport "$@"
