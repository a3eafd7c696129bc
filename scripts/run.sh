#!/usr/bin/env bash
# Set up .venv (and, on Debian, the libraries Qt needs for a window) and start Rapport on the
# default database in the user's data folder. Arguments go to `rapport`, e.g. --db other.db.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

ensure_debian_packages "${QT_RUNTIME_PACKAGES[@]}" "${QT_XCB_PACKAGES[@]}" fonts-droid-fallback
ensure_venv ""
# Qt's own words on a headless Linux ("could not connect to display") do not say what to do.
# A hint, not a refusal: the command-line commands (`scripts/run.sh search ...`) need no display.
if [[ $(uname -s) == Linux && -z ${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-} ]]; then
    echo "run.sh: no display (DISPLAY and WAYLAND_DISPLAY are unset); the window needs one:" \
        "install Xvfb and run 'xvfb-run scripts/run.sh' (see README.md)" >&2
fi
exec .venv/bin/rapport "$@"
