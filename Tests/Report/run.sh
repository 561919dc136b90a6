#!/usr/bin/env bash
# The council report checked like a council paper, on the demo campaigns.
#
#   Tests/Report/run.sh           build (debug), seed, close the budget vote, render, check
#   Tests/Report/run.sh --help    this text
#
# What it does: installs what it needs when missing (Debian's chromium and chromium-driver,
# python3-selenium via apt or selenium from PyPI, axe-selenium-python from PyPI into
# .local/report-venv); builds `mitreden`; starts a PostgreSQL of its own (its own directory
# and port), migrates a fresh database and seeds the demo (`mitreden demo seed`); moves the
# budget campaign (bezirksbudget-mitte) to its results phase (`campaign phases set`), computes
# its result (`results compute`, refused before the close without --provisional) and marks
# every area's run official (`results official`); then exports for both demo campaigns and
# both languages report.html and report.pdf (`mitreden export report.pdf`, headless
# Chromium), results.json and proposals.csv, and runs Tests/Report/check_reports.py:
#   - every figure of the report read from the DOM in headless Chromium (Selenium) and
#     compared with an independent SQL count (participants, proposals, comments, votes by
#     kind, districts adding up, the charts' totals, every budget project's votes, cost and
#     funded flag against the official run, the dialogue's pro/contra/difference);
#   - axe-core through axe-selenium-python: zero serious or critical violations;
#   - the PDF: every page A4, the page count within the expected range;
#   - results.json and proposals.csv: every project's votes against the same SQL count;
#   - a full-page screenshot (PNG) of each report, written to the directory printed at the
#     end, for a person to look at.
# Any failed check fails the script. CI runs it after the contract test (about two minutes
# on a debug build).
#
# Environment: MITREDEN_REPORT_PG_PORT (default 24393), MITREDEN_REPORT_BINARY (check this
# `mitreden` instead of building one). Output goes to .local/report/.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
source Deploy/lib/harness.sh
help_if_asked "$@"

pg_port=${MITREDEN_REPORT_PG_PORT:-24393}
work=$repo/.local/report
shots=$work/screenshots
venv=$repo/.local/report-venv
rm -rf "$work"
mkdir -p "$work" "$shots"
started=$(date +%s)

apt_install() {
    if [ "$(id -u)" != 0 ]; then
        echo "missing: $*; install with: sudo apt-get install $*" >&2
        exit 1
    fi
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}
command -v chromium >/dev/null 2>&1 || { say "installing chromium from Debian…"; apt_install chromium; }
command -v chromedriver >/dev/null 2>&1 || { say "installing chromium-driver from Debian…"; apt_install chromium-driver; }
python=python3
if ! python3 -c 'import selenium, axe_selenium_python' >/dev/null 2>&1; then
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import selenium, axe_selenium_python' >/dev/null 2>&1; then
        say "installing selenium and axe-selenium-python from PyPI into .local/report-venv…"
        python3 -c 'import ensurepip' >/dev/null 2>&1 || apt_install python3-venv
        rm -rf "$venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q --disable-pip-version-check selenium axe-selenium-python >&2
    fi
    python=$venv/bin/python
fi

if [ -n "${MITREDEN_REPORT_BINARY:-}" ]; then
    mitreden=$MITREDEN_REPORT_BINARY
else
    build_mitreden debug "$work"
fi

export MITREDEN_PG_FAST=1
start_own_postgres "$repo/.local/report-postgres" "$pg_port"
fresh_database mitreden_report
export MITREDEN_MIGRATION_DATABASE_URL=$owner_url MITREDEN_DATABASE_URL=$runtime_url
export MITREDEN_BCRYPT_COST=4 MITREDEN_LOG_LEVEL=warning
export PATH="$pgbin:$PATH"

say "migrating and seeding the demo…"
"$mitreden" migrate >/dev/null
"$mitreden" calendar load Deploy/holidays/hamburg.csv >/dev/null
"$mitreden" demo seed --credentials "$work/credentials.txt" >/dev/null

budget=bezirksbudget-mitte
say "computing during the vote is refused without --provisional…"
if "$mitreden" results compute --campaign "$budget" --method mes_cost_add1 > "$work/refused.txt" 2>&1; then
    echo "results compute during the vote was not refused" >&2
    exit 1
fi
"$mitreden" results compute --campaign "$budget" --method mes_cost_add1 --provisional >/dev/null

say "moving $budget to its results phase and computing its result…"
at() { date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ; }
"$mitreden" campaign phases set "$budget" --yes \
    --phase "proposals=$(at '-60 days')/$(at '-30 days')" --phase "discussion=$(at '-30 days')/$(at '-20 days')" \
    --phase "voting=$(at '-20 days')/$(at '-2 minutes')" --phase "evaluation=$(at '-2 minutes')/$(at '-1 minute')" \
    --phase "results=$(at '-1 minute')/$(at '+365 days')" >/dev/null
"$mitreden" results compute --campaign "$budget" --method mes_cost_add1 > "$work/runs.txt"
awk '{print $2}' "$work/runs.txt" | while read -r run; do "$mitreden" results official --run "$run" >/dev/null; done

say "exporting the reports (both campaigns, both languages)…"
for campaign in domplatz-dialog "$budget"; do
    for language in de en; do
        "$mitreden" export --campaign "$campaign" report.html --language "$language" -o "$work/$campaign-report-$language.html" >/dev/null
        "$mitreden" export --campaign "$campaign" report.pdf --language "$language" -o "$work/$campaign-report-$language.pdf" >/dev/null
    done
    "$mitreden" export --campaign "$campaign" results.json -o "$work/$campaign-results.json" >/dev/null
    "$mitreden" export --campaign "$campaign" proposals.csv --language en -o "$work/$campaign-proposals-en.csv" >/dev/null
done

say "checking figures, accessibility, PDF and exports…"
"$python" Tests/Report/check_reports.py "$MITREDEN_DATABASE_URL" "$work" "$shots"
say "screenshots for a person to look at: $shots"
say "report checks passed in $(($(date +%s) - started)) s"
