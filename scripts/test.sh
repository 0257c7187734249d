#!/usr/bin/env bash
# Everything `make test` runs after setup and training. pytest drives it all
# (data validation, conversation tests and the NLU evaluation are tests too),
# so its summary line is the verdict.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artifacts
# The slowest tests are listed at the end: the full run must stay under 30 minutes on 2 cores.
exec .venv/bin/python -m pytest tests --durations=15 "$@"
