# Shared by scripts/test.sh and scripts/run.sh (sourced, not run): Debian packages and the venv.
# shellcheck shell=bash

# Install the Debian packages given as arguments that are not installed yet. Does nothing (and
# never calls apt) when all are present, so local runs stay fast.
ensure_debian_packages() {
    local missing=() package
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    ((${#missing[@]})) || return 0
    if ! command -v apt-get >/dev/null; then
        echo "setup: not a Debian system; please install: ${missing[*]}" >&2
        return 0
    fi
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || { echo "setup: need root to install: ${missing[*]}" >&2; return 1; }
        sudo=(sudo)
    fi
    echo "setup: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    local attempt
    for attempt in 1 2 3; do  # a mirror hiccup should not fail a CI run
        if "${sudo[@]}" apt-get update -qq &&
            "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
            return 0
        fi
        echo "setup: apt-get failed (attempt $attempt)" >&2
        sleep $((attempt * 5))
    done
    return 1
}

# What PySide6's Qt needs from the system beyond libc, read off `ldd` of the Qt libraries and the
# offscreen platform plugin (a bare Debian 12 lacks most of them), plus a font for text.
QT_RUNTIME_PACKAGES=(
    libegl1 libgl1 libopengl0 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3
    libglib2.0-0 libx11-6 fonts-dejavu-core
)
# The xcb platform plugin, for a real window on X11 (scripts/run.sh only).
QT_XCB_PACKAGES=(
    libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
    libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libxcb-xkb1
    libxkbcommon-x11-0
)

# A dot on stderr every two seconds while pip works silently (its first run takes about a
# minute, which without a sign of life looks like a hang). Stops by itself if the script that
# started it is gone (an interrupted setup), so no dots outlive it.
_dots_while_busy() {
    local owner=$$
    while sleep 2 && kill -0 "$owner" 2>/dev/null; do
        printf . >&2
    done
}

# Create .venv when missing and (re)install the project into it when pyproject.toml changed
# since the last install. Usage: ensure_venv EXTRAS (e.g. "dev" or "").
ensure_venv() {
    local extras=$1 python=${PYTHON:-}
    if [[ -z $python ]]; then
        python=$(command -v python3.11 || command -v python3 || true)
        [[ -n $python ]] || { echo "setup: no python3.11 or python3 on PATH" >&2; return 1; }
    fi
    if [[ ! -x .venv/bin/python ]]; then
        if ! "$python" -m venv .venv; then
            # Debian's own python3 ships venv's pip in a separate package
            rm -rf .venv
            ensure_debian_packages python3-venv
            "$python" -m venv .venv
        fi
    fi
    local spec=. stamp=.venv/.rapport-installed want
    [[ -n $extras ]] && spec=".[$extras]"
    want="$spec $(sha256sum pyproject.toml | cut -d' ' -f1)"
    if [[ ! -f $stamp ]] || ! grep -qxF "$want" "$stamp"; then
        echo "setup: installing $spec into .venv (a minute or two the first time; the log" \
            "is .venv/pip-install.log)" >&2
        # setuptools' build warnings are noise here; show the log only when pip fails
        local began=$SECONDS status=0
        _dots_while_busy &
        local dots=$!
        .venv/bin/python -m pip install --disable-pip-version-check -e "$spec" \
            >.venv/pip-install.log 2>&1 || status=$?
        kill "$dots" 2>/dev/null || true
        wait "$dots" 2>/dev/null || true
        echo " $((SECONDS - began)) s" >&2
        if ((status)); then
            tail -n 40 .venv/pip-install.log >&2
            return 1
        fi
        echo "$want" >>"$stamp"
    fi
}
