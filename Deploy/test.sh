#!/usr/bin/env bash
# Runs every test against the project's own PostgreSQL (installed, initialised and started
# by Deploy/local-postgres.sh if needed; stopped again afterwards if this script started it).
# Extra arguments go to `swift test` (e.g. --filter MigratorTests).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

# The report test renders report.html in a real headless Chromium from Debian's packages.
if ! command -v chromium >/dev/null 2>&1; then
    echo "installing Chromium from Debian's packages (for the report rendering test)…" >&2
    if [ "$(id -u)" != 0 ]; then
        echo "Chromium is missing; install it with: sudo apt-get install chromium" >&2
        exit 1
    fi
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
fi

started_here=0
if ! Deploy/local-postgres.sh status 2>/dev/null; then
    # Without fsync, creating and dropping a database per test takes milliseconds.
    MITREDEN_PG_FAST=1 Deploy/local-postgres.sh start >/dev/null
    started_here=1
fi
cleanup() { [ "$started_here" = 1 ] && Deploy/local-postgres.sh stop || true; }
trap cleanup EXIT

MITREDEN_TEST_DATABASE_URL=$(Deploy/local-postgres.sh url)
export MITREDEN_TEST_DATABASE_URL

# The CLI tests run the built executable, so build it (and everything else) first.
swift build
swift test "$@"
