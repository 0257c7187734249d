#!/usr/bin/env bash
# Idempotent setup: virtualenv + pinned requirements, the Dutch spaCy pipeline,
# the contact directory, the crisis classifier and the widget. Each step is skipped when its inputs did not change.
set -euo pipefail
export TF_CPP_MIN_LOG_LEVEL=2
cd "$(dirname "$0")/.."

VENV=.venv
PY=$(scripts/find_python.sh)

# 1. virtualenv on Python 3.10
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  echo "==> creating $VENV with $PY"
  rm -rf "$VENV"
  "$PY" -m venv "$VENV"
fi

# pip install without the machine-specific "Location ... is ignored" noise;
# pipefail keeps pip's exit status.
pip_install() {
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$@" 2>&1 \
    | { grep -v "is ignored: it is neither" || true; }
}

# 2. requirements: reinstall only when the pinned files changed
req_hash=$(cat requirements.txt constraints.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" != "$req_hash" ]; then
  echo "==> installing Python requirements (this takes a few minutes the first time)"
  pip_install "pip==24.0" wheel
  pip_install -r requirements.txt -c constraints.txt
  echo "$req_hash" > "$VENV/.requirements.sha256"
else
  echo "==> Python requirements up to date"
fi

# 3. the project's own Dutch spaCy pipeline (no pretrained Dutch model can be downloaded)
"$VENV/bin/python" -m wegwijzer.nlp.build_pipeline --out build/spacy_nl --if-changed

# 4. the contact directory database (SQLite under DATA_DIR, or DATABASE_URL), rebuilt when the data files change
"$VENV/bin/python" -m wegwijzer.directory build --if-changed

# 5. the crisis classifier (build/crisis_classifier), fitted again only when its
#    examples or the safety code changed (wegwijzer/safety/classifier.py)
"$VENV/bin/python" -m wegwijzer.safety.classifier

# 6. the chat widget: Debian chromium for the browser tests, npm packages, the widget bundle
bash scripts/web_setup.sh
