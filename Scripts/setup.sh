#!/usr/bin/env bash
# Installs what Isomorph needs on a fresh Debian/Ubuntu machine (run as root, or with sudo available):
#   system C libraries (HDF5, OpenBLAS + LAPACKE, zstd, OpenSSL, zlib), and, with --test, a Python
#   venv in .venv holding the reference implementations the test suite compares against.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES="libhdf5-dev libopenblas-dev liblapacke-dev libzstd-dev libssl-dev libyaml-dev zlib1g-dev pkg-config"
missing=""
for p in $PACKAGES; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "==> installing system packages:$missing"
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y $PACKAGES
fi

if [ "${1:-}" = "--test" ]; then
    if [ ! -x .venv/bin/python ]; then
        echo "==> creating .venv"
        python3 -m venv .venv
    fi
    echo "==> installing Python reference packages (Scripts/requirements-test.txt)"
    .venv/bin/pip install --disable-pip-version-check -q -r Scripts/requirements-test.txt
fi
