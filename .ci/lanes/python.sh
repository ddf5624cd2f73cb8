# Sourced by the lanes: find_python 3.13 prints a Python 3.13 that runs (pyenv's first, then one
# on PATH, skipping a pyenv shim that only says it is not installed), or fails saying how to get one.
find_python() {
    local version=$1 candidate
    for candidate in "$HOME"/.pyenv/versions/"$version"*/bin/python"$version" \
        "$(command -v "python$version" || true)"; do
        if [ -n "$candidate" ] && "$candidate" --version >/dev/null 2>&1; then
            echo "$candidate"
            return 0
        fi
    done
    echo "no Python $version here; install one (pyenv install $version) and run again" >&2
    return 2
}
