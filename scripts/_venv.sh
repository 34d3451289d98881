# Sourced by run_demo.sh and test.sh: make .venv, install requirements, compile translations.
# Idempotent: a working .venv is kept, and pip runs only when the requirements file changed.
# `jx_venv` installs the runtime pins (requirements.txt); `jx_venv dev` the test tools as well
# (requirements-dev.txt, which includes requirements.txt).
# Each step returns on failure, so callers running these under `|| …` (where `set -e` is
# suspended) still see the error.

jx_python() {
    local candidate
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1; then
            echo "$candidate"
            return 0
        fi
    done
    echo "error: Python 3.11 is required (python3.11 or python3 on PATH)" >&2
    return 1
}

jx_venv() {
    if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "==> creating .venv"
        "$(jx_python)" -m venv .venv || return
    fi
    local file=requirements.txt
    [[ "${1:-}" == dev ]] && file=requirements-dev.txt
    local stamp=.venv/.jx-${file%.txt}.sha256
    local wanted
    wanted="$(cat requirements.txt "$file" | sha256sum | cut -d' ' -f1)"
    if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$wanted" ]]; then
        echo "==> installing $file"
        .venv/bin/python -m pip install --disable-pip-version-check -q -r "$file" || return
        echo "$wanted" >"$stamp"
    fi
}

jx_translations() {
    # The catalogs come with the i18n work; compile only when there is something to compile.
    if [[ -d app/translations ]] && find app/translations -name '*.po' -print -quit | grep -q .; then
        .venv/bin/pybabel -q compile -d app/translations
    fi
}
