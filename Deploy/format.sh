#!/usr/bin/env bash
# Formats the Swift code with the toolchain's `swift format` and the repository's
# .swift-format.
#
#   Deploy/format.sh           rewrite the files in place
#   Deploy/format.sh --check   change nothing; fail on any `swift format lint --strict`
#                              finding (CI runs this first)
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

# Every Swift file of the project is under one of these.
paths=(Package.swift Sources Tests Plugins Benchmarks)

case "${1:-}" in
    "")
        swift format format --in-place --recursive --configuration .swift-format "${paths[@]}"
        ;;
    --check)
        # swift-format can report one finding several times; print each once.
        if ! swift format lint --strict --recursive --configuration .swift-format "${paths[@]}" 2>&1 | awk '!seen[$0]++' >&2; then
            echo "the Swift code does not match .swift-format; run Deploy/format.sh to fix" >&2
            exit 1
        fi
        ;;
    *)
        echo "usage: Deploy/format.sh [--check]" >&2
        exit 2
        ;;
esac
