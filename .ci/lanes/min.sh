#!/usr/bin/env bash
# make test-min: every dependency at the lowest version requirements.txt allows, on the lowest
# Python pyproject.toml allows (3.10): the package tests and every chapter in fast mode.
# uv resolves the direct requirements to their lower bounds (pip has no such mode).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.venv-min

source "$(dirname "$0")/python.sh"
python=$(find_python 3.10)
echo "== lowest versions on $("$python" --version)"
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip uv
"$venv/bin/uv" pip install --quiet --python "$venv/bin/python" --resolution lowest-direct \
    -r requirements.txt "pytest>=8"
"$venv/bin/uv" pip install --quiet --python "$venv/bin/python" --no-deps -e .
echo "== installed (the direct requirements)"
"$venv/bin/python" -m pip freeze | grep -iE "^($(sed -n 's/^\([A-Za-z0-9_.-]*\)>=.*/\1/p' requirements.txt | paste -sd'|'))==" | sed 's/^/  /'

echo "== the test suite, every chapter in fast mode included"
PATH="$PWD/$venv/bin:$PATH" KERAS_BACKEND=tensorflow "$venv/bin/python" -m pytest -q "$@"
