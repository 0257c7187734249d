#!/usr/bin/env bash
# Everything `make test` runs after setup. pytest drives it all (data validation,
# conversation tests and the NLU evaluation are tests too), in two runs:
#   1. the tests that need no model, while the model trains (the full run must stay under
#      30 minutes on 2 cores). The training is the longer of the two, so these tests run
#      at the lowest priority (nice): without it DIET's first epochs took 3 times as long;
#   2. once the model is there, the tests that need it (marker needs_model, tests/conftest.py).
#      In one process: the production profile, the browser's spare Rasa and the session stack
#      start once, and tests that list listening sockets see only their own servers.
# The verdict is both runs' summary lines; the slowest tests are listed after each.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artifacts
training_log=test-artifacts/training.log
PYTEST=(.venv/bin/python -m pytest tests --durations=10 "$@")

setsid bash scripts/train.sh > "$training_log" 2>&1 &
training=$!
# Ctrl-C or a failure here also stops the training (its own process group: rasa train too).
trap 'kill -- -$training 2>/dev/null' EXIT

echo "==> tests that need no model (the model trains meanwhile: $training_log)"
nice -n 10 "${PYTEST[@]}" -m "not needs_model"
without_model=$?

echo "==> waiting for the model"
if ! wait $training; then
  cat "$training_log"
  echo "ERROR: training failed (above); the tests that need a model did not run" >&2
  exit 1
fi
trap - EXIT
tail -n 1 "$training_log"

echo "==> tests that need the model"
"${PYTEST[@]}" -m needs_model
with_model=$?

# pytest's 5: no test selected (e.g. `scripts/test.sh tests/test_x.py` has none of one kind).
passed() { [ "$1" -eq 0 ] || [ "$1" -eq 5 ]; }
if passed $without_model && passed $with_model; then
  echo "==> make test: both runs passed"
  exit 0
fi
echo "==> make test FAILED: without model exit $without_model, with model exit $with_model" >&2
exit 1
