#!/usr/bin/env bash
# Everything `make test` runs after setup and training. pytest drives it all
# (data validation, conversation tests and the NLU evaluation are tests too),
# so its summary line is the verdict.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artifacts
exec .venv/bin/python -m pytest tests "$@"
