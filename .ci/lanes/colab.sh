#!/usr/bin/env bash
# make test-colab: the course on Google Colab's versions, installed the way its setup cell does.
#  1. a fresh venv (.venv-colab) with Colab's Python and packages (requirements-colab.txt);
#  2. a local clone of this repository, tagged v<version>, stands in for the public one, and the
#     setup cell's own code installs the course from it, as on Colab (google.colab faked);
#  3. fails if pip replaced TensorFlow, Keras or NumPy;
#  4. runs every chapter in fast mode with the installed package.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
venv=.venv-colab
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

source "$(dirname "$0")/python.sh"
python=$(find_python 3.13)
echo "== Colab's versions on $("$python" --version)"
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r requirements-colab.txt
"$venv/bin/python" -m pip uninstall --quiet --yes lstm-course 2>/dev/null || true
"$venv/bin/python" -m pip freeze > "$work/before.txt"

version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' lstm_course/__init__.py)
echo "== the setup cell installs lstm-course v$version from a local clone"
git clone --quiet "$root" "$work/lstm-course"
git -C "$work/lstm-course" tag -f "v$version" >/dev/null
PYTHONPATH="$root" "$venv/bin/python" -c "
from lstm_course.conventions import setup_source
print(setup_source(repo_url='file://$work/lstm-course'))" > "$work/setup_cell.py"
(cd "$work" && "$root/$venv/bin/python" -c "
import sys, types
sys.modules['google.colab'] = types.ModuleType('google.colab')
exec(open('setup_cell.py').read())")
"$venv/bin/python" -m pip freeze > "$work/after.txt"

echo "== what pip changed"
diff "$work/before.txt" "$work/after.txt" | sed -n 's/^[<>] /  /p' || true
for name in tensorflow keras numpy; do
    was=$(grep -i "^$name==" "$work/before.txt" || true)
    now=$(grep -i "^$name==" "$work/after.txt" || true)
    if [ "$was" != "$now" ]; then
        echo "test-colab: installing the course replaced $was with $now: Colab's must stay" >&2
        exit 1
    fi
done
echo "  TensorFlow, Keras and NumPy stayed: $(grep -iE '^(tensorflow|keras|numpy)==' "$work/after.txt" | tr '\n' ' ')"

echo "== every chapter in fast mode, with the installed package"
status=0
(cd "$work" && PATH="$root/$venv/bin:$PATH" "$root/$venv/bin/python" -m lstm_course.runner --fast --keep-going \
    --notebooks "$root/notebooks" --build-dir "$root/build/colab") || status=$?
# one closing line, as test runners print it: the chapters that ran, and those that failed
"$venv/bin/python" -c "
import json
chapters = json.load(open('build/colab/summary.json'))['chapters']
ok = sum(c['status'] == 'ok' for c in chapters)
print(f'colab: {ok} passed, {len(chapters) - ok} failed')"
exit $status
