#!/usr/bin/env bash
# Everything Rapport's tests need, then the tests: `scripts/test.sh [pytest arguments]`.
#
# On Debian 12 (as root, or with sudo) it installs what is missing: PostgreSQL, poppler-utils
# (pdftotext/pdftoppm read back the reports), CJK fonts and the libraries Qt needs offscreen.
# It creates .venv with the project and its dev extras, starts a throw-away PostgreSQL server on
# loopback for the `postgres` tests (unless RAPPORT_TEST_DATABASE_URL is already set), runs
# ruff and mypy and then pytest on two workers, stops the server, and exits with pytest's status.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

started=$SECONDS
ensure_debian_packages "${QT_RUNTIME_PACKAGES[@]}" \
    postgresql poppler-utils fonts-droid-fallback
ensure_venv dev

pg_dir=""
pg_bin=""
stop_postgres() {
    if [[ -n $pg_dir ]]; then
        as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$pg_dir"
    fi
}
trap stop_postgres EXIT

# initdb and postgres refuse to run as root
as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_postgres() {
    pg_bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d | sort -V | tail -n 1)
    [[ -x $pg_bin/initdb ]] || { echo "test.sh: no PostgreSQL under /usr/lib/postgresql" >&2; return 1; }
    pg_dir=$(mktemp -d /tmp/rapport-pg.XXXXXX)
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$pg_dir"; fi
    as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 --no-sync >"$pg_dir/initdb.log" 2>&1 ||
        { cat "$pg_dir/initdb.log" >&2; return 1; }
    # Other engineers' test runs on this machine may hold a port: take the first that starts.
    local port
    for port in $(seq 54329 54348); do
        port_in_use "$port" && continue
        # durability is pointless for a server that is deleted at the end of the run
        if as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 30 \
            -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off \
                -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
            start >/dev/null; then
            as_postgres "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres rapport_test
            export RAPPORT_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/rapport_test"
            echo "test.sh: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $port"
            return 0
        fi
    done
    cat "$pg_dir/server.log" >&2
    return 1
}

if [[ -z ${RAPPORT_TEST_DATABASE_URL:-} ]]; then
    start_postgres
fi

set +e
# lint first, but run the tests either way: one CI run should report both
.venv/bin/ruff check .
lint_status=$?
# the Qt-free core (store, services, exchange, reports) is type-checked (pyproject [tool.mypy])
.venv/bin/mypy || lint_status=$?
.venv/bin/python -m pytest -n 2 "$@"
status=$?
set -e
if [[ $status -eq 5 ]]; then
    echo "test.sh: pytest collected no tests; that is a failure" >&2
    status=1
fi
if [[ $status -eq 0 && $lint_status -ne 0 ]]; then
    echo "test.sh: the tests passed but ruff or mypy did not" >&2
    status=$lint_status
fi
echo "test.sh: finished in $((SECONDS - started)) s with status $status"
exit "$status"
