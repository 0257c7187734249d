#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter, or explains how to get one.
# Rasa 3.6 and rasa-sdk 3.6 declare Python <3.11, so nothing newer will do.
set -u
is_310() { [ -x "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
for name in python3.10 python3 python; do
  p=$(command -v "$name" 2>/dev/null) && candidates+=("$p")
done
pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
if command -v pyenv >/dev/null 2>&1; then
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | sort -V -r); do
    candidates+=("$(pyenv root)/versions/$v/bin/python")
  done
fi
for p in $(ls -d "$pyenv_root"/versions/3.10*/bin/python 2>/dev/null | sort -V -r) /usr/bin/python3.10 /usr/local/bin/python3.10; do
  candidates+=("$p")
done

for p in "${candidates[@]}"; do
  # pyenv shims may point at another version: resolve to the real interpreter
  if is_310 "$p"; then "$p" -c 'import sys; print(sys.executable)'; exit 0; fi
done
cat >&2 <<'MSG'
ERROR: Python 3.10 was not found.
Rasa Open Source 3.6 only runs on Python 3.8-3.10. Install Python 3.10, for example:
  pyenv install 3.10.13
or point to one explicitly:
  make run PYTHON=/path/to/python3.10
MSG
exit 1
