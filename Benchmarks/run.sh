#!/usr/bin/env bash
# Builds the benchmarks in release mode and runs each one side by side with its Python peer.
# Usage: Benchmarks/run.sh [NAME...]   (default: all). Python: $ISOMORPH_PYTHON or ../.venv/bin/python.
set -euo pipefail
cd "$(dirname "$0")"
export ISOMORPH_PYTHON="${ISOMORPH_PYTHON:-$(cd .. && pwd)/.venv/bin/python}"
# Python peers that are not test oracles (Snakemake) live in their own venv, never the test one.
if [ ! -x .venv/bin/snakemake ]; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet -r requirements.txt
fi
swift build -c release
names=("$@")
# Default: every benchmark in Sources/ (each directory is one executable).
if [ ${#names[@]} -eq 0 ]; then mapfile -t names < <(ls Sources); fi
for n in "${names[@]}"; do
    echo "==> $n"
    case "$n" in
        NoopBenchmark) ".build/release/$n" --snakemake "$(pwd)/.venv/bin/snakemake" ;;
        *) ".build/release/$n" ;;
    esac
done
