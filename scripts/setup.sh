#!/usr/bin/env bash
# Sets up both environments from the lock files, idempotently:
#   .venv/       the application (Python >= 3.11): bot, faq, actions, tests; from uv.lock
#   .venv-rasa/  Rasa 3.6.21 on Python 3.10, an environment of its own; from nlu/rasa-requirements.lock
# Needs only a Python >= 3.11 as `python3` and a Python 3.10 (on the PATH, in pyenv, or RASA_PYTHON).
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.8
# Trust the system's certificate store (also behind a TLS-inspecting proxy whose CA is installed there).
export UV_NATIVE_TLS="${UV_NATIVE_TLS:-1}"
say() { printf '[setup] %s\n' "$*" >&2; }

# --- uv: use one on the PATH, else install a pinned copy into .tools/ ----------------------------
if command -v uv >/dev/null 2>&1; then
  UV=$(command -v uv)
else
  UV=.tools/uv/bin/uv
  if [ ! -x "$UV" ] || [ "$("$UV" --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
    say "installing uv $UV_VERSION into .tools/uv"
    python3 -m venv .tools/uv
    .tools/uv/bin/pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
  fi
fi

# --- the application environment -----------------------------------------------------------------
say "syncing .venv from uv.lock"
"$UV" sync --frozen --quiet

# --- Python 3.10 for Rasa -------------------------------------------------------------------------
is_py310() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }
find_py310() {
  local c v root
  for c in "${RASA_PYTHON:-}" "$(command -v python3.10 || true)" /usr/bin/python3.10 /usr/local/bin/python3.10; do
    if is_py310 "$c"; then echo "$c"; return 0; fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    root=$(pyenv root)
    for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | sort -rV); do
      c="$root/versions/$v/bin/python3.10"
      if is_py310 "$c"; then echo "$c"; return 0; fi
    done
  fi
  return 1
}
LOCK_HASH=$(sha256sum nlu/rasa-requirements.lock | cut -c1-16)
if [ "$(cat .venv-rasa/.lock-hash 2>/dev/null || true)" != "$LOCK_HASH" ]; then
  if ! PY310=$(find_py310); then
    echo "Rasa 3.6 needs Python 3.10, and none was found: install Python 3.10 (e.g. 'pyenv install 3.10' or your system's python3.10 package) or point RASA_PYTHON at one, then run this again." >&2
    exit 1
  fi
  say "creating .venv-rasa with $PY310 (Rasa 3.6.21, about 2.7 GB, first time only)"
  "$UV" venv --quiet --allow-existing -p "$PY310" .venv-rasa
  "$UV" pip sync --quiet -p .venv-rasa/bin/python nlu/rasa-requirements.lock
  echo "$LOCK_HASH" > .venv-rasa/.lock-hash
fi
say "environments ready"
