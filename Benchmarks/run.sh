#!/usr/bin/env bash
# Builds the benchmarks in release mode and runs each one side by side with its Python peer.
# Usage: Benchmarks/run.sh [NAME...]   (default: all). Python: $ISOMORPH_PYTHON or ../.venv/bin/python.
set -euo pipefail
cd "$(dirname "$0")"
export ISOMORPH_PYTHON="${ISOMORPH_PYTHON:-$(cd .. && pwd)/.venv/bin/python}"
swift build -c release
names=("$@")
if [ ${#names[@]} -eq 0 ]; then names=(GemmBenchmark HDF5Benchmark LassoBenchmark AlignmentBenchmark); fi
for n in "${names[@]}"; do
    echo "==> $n"
    ".build/release/$n"
done
