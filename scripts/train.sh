#!/usr/bin/env bash
# Train once: Rasa compares the fingerprint of data, domain and config with the
# newest model in models/ and skips training when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
.venv/bin/rasa train --domain domain --data data --config config.yml --out models --num-threads 2 2>&1 \
  | grep -vE "DeprecationWarning|MovedIn20Warning|declare_namespace|pkg_resources|Base: DeclarativeMeta|^\s*$" || true
ls models/*.tar.gz >/dev/null 2>&1 || { echo "ERROR: training produced no model" >&2; exit 1; }
echo "==> model ready: $(ls -t models/*.tar.gz | head -1) ($(( $(date +%s) - start )) s)"
