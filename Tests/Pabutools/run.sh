#!/usr/bin/env bash
# Checks Mitreden's result explanations against pabutools' own analysis, on the worked
# instances in ../shared/pb: for the equal-shares rules, pabutools (pinned, from PyPI,
# installed into .local/pabutools-venv) computes the outcome, the project loss
# (`pabutools.analysis.calculate_project_loss`: the money a project's supporters held when it
# was last considered and what they had spent on which other project) and the effective
# support (`calculate_effective_supports`), and `check.py` compares them exactly with
# `mitreden pabulib explain`. pabutools keeps projects in Python sets, so where projects
# tie its project loss follows the hash seed: it runs under eight fixed seeds, and a value
# that depends on the seed must equal one of its answers (check.py). Bounded: three small
# files, a few seconds after the install.
#
# Usage: Tests/Pabutools/run.sh [DIRECTORY-WITH-.pb-FILES]   (default: ../shared/pb)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
instances=${1:-$repo/../shared/pb}
pabutools_version=1.2.3
venv=$repo/.local/pabutools-venv

if [ "$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pabutools"))' 2>/dev/null)" != "$pabutools_version" ]; then
    echo "installing pabutools $pabutools_version from PyPI into .local/pabutools-venv…" >&2
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >&2
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "pabutools==$pabutools_version" >&2
fi

swift build --product mitreden >&2
mitreden=$(swift build --show-bin-path)/mitreden
shopt -s nullglob
files=("$instances"/*.pb)
[ ${#files[@]} -gt 0 ] || { echo "no .pb files in $instances" >&2; exit 1; }
exec "$venv/bin/python" "$repo/Tests/Pabutools/check.py" "$mitreden" "${files[@]}"
