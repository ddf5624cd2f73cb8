#!/usr/bin/env bash
# The classroom pack, as a room without internet uses it: build the workshop kit's pack, unpack
# it in a scratch folder, install it into a fresh venv with pip --no-index --find-links, and run
# chapter 01 (student edition) in fast mode with the network switched off (a network namespace
# of its own, `unshare -n`, as root, as CI runs: only its loopback, which Jupyter's kernel uses).
# CLASSROOM_PACK=path/to/classroom-pack.tar.gz tests a pack already built.
set -euo pipefail
cd "$(dirname "$0")/../.."
make --no-print-directory .venv/.installed >/dev/null
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
archive=${CLASSROOM_PACK:-}
if [ -z "$archive" ]; then
    .venv/bin/python -m lstm_course.workshop --no-slides --out "$scratch/kit"
    archive="$scratch/kit/classroom-pack.tar.gz"
fi
tar xzf "$archive" -C "$scratch"
pack="$scratch/classroom-pack"
python=$(.venv/bin/python -c 'import sys; print(f"python{sys.version_info[0]}.{sys.version_info[1]}")')
"$(.venv/bin/python -c 'import sys; print(sys.base_prefix)')/bin/$python" -m venv "$pack/.venv"
cd "$pack"
offline() { unshare -n sh -c 'ip link set lo up && exec "$@"' offline "$@"; }
offline .venv/bin/pip install --quiet --no-index --find-links wheels -r requirements.txt lstm-course
LSTM_COURSE_DATA="$pack/data" LSTM_COURSE_OFFLINE=1 LSTM_COURSE_FAST=1 \
    offline .venv/bin/python -m lstm_course.runner --fast --only 01 --notebooks notebooks \
    --build-dir "$scratch/run"
echo "classroom: 1 passed, 0 failed (the pack installed and ran chapter 01 with no network)"
