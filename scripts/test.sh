#!/usr/bin/env bash
# Everything `make test` runs after setup. pytest drives it all (data validation,
# conversation tests and the NLU evaluation are tests too), in two stages:
#   1. the tests that need no model, while the model trains (the full run must stay under
#      30 minutes on 2 cores);
#   2. once the model is there, the tests that need it (marker needs_model, tests/conftest.py),
#      in two processes side by side: the production profile's tests (needs_root: PostgreSQL,
#      Redis, nginx; they spend much of their time waiting out 30-second faults) and the
#      rest (the session's stack, the blind sets over REST, the browser). Each process starts
#      its own servers once; tests that list listening sockets look only at their own.
# The verdict covers all three; the slowest tests are listed after each.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-artifacts
training_log=test-artifacts/training.log
production_log=test-artifacts/pytest-production.log
PYTEST=(.venv/bin/python -m pytest tests --durations=10 "$@")

setsid bash scripts/train.sh > "$training_log" 2>&1 &
training=$!
# Ctrl-C or a failure here also stops the training (its own process group: rasa train too).
trap 'kill -- -$training 2>/dev/null' EXIT

echo "==> tests that need no model (the model trains meanwhile: $training_log)"
"${PYTEST[@]}" -m "not needs_model"
without_model=$?

echo "==> waiting for the model"
if ! wait $training; then
  cat "$training_log"
  echo "ERROR: training failed (above); the tests that need a model did not run" >&2
  exit 1
fi
trap - EXIT
tail -n 1 "$training_log"

echo "==> tests that need the model: the production profile's (log: $production_log) beside the rest"
"${PYTEST[@]}" -p no:cacheprovider -m "needs_model and needs_root" > "$production_log" 2>&1 &
production=$!
trap 'kill -INT $production 2>/dev/null' EXIT  # SIGINT: pytest tears its servers down
"${PYTEST[@]}" -m "needs_model and not needs_root"
with_model=$?
wait $production
with_production=$?
trap - EXIT
echo "==> the production profile's tests (from $production_log)"
sed -n '/slowest 10 durations/,$p' "$production_log"

# pytest's 5: no test selected (e.g. `scripts/test.sh tests/test_x.py` has none of one kind).
passed() { [ "$1" -eq 0 ] || [ "$1" -eq 5 ]; }
if passed $without_model && passed $with_model && passed $with_production; then
  echo "==> make test: all three runs passed"
  exit 0
fi
if ! passed $with_production; then
  echo "==> failures of the production profile's tests:" >&2
  sed -n '/= FAILURES =/,$p' "$production_log" | tail -n 200 >&2
fi
echo "==> make test FAILED: exit codes without model $without_model, with model $with_model," \
     "production profile $with_production" >&2
exit 1
