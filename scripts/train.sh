#!/usr/bin/env bash
# Train only when something the model is built from changed: data, domain,
# config, the Dutch spaCy pipeline, the project's own NLU components or the
# installed requirements. Their hash is kept next to the model (models/.inputs.sha256).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

inputs_hash() {
  find config.yml domain data build/spacy_nl/.build-hash wegwijzer/nlp wegwijzer/safety \
       .venv/.requirements.sha256 -type f \( -name '*.yml' -o -name '*.py' -o -name '*.txt' \
       -o -name '*.sha256' -o -name '.build-hash' \) -print0 2>/dev/null \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

wanted=$(inputs_hash)
newest=$(ls -t models/*.tar.gz 2>/dev/null | head -1 || true)
if [ -n "$newest" ] && [ "$(cat models/.inputs.sha256 2>/dev/null)" = "$wanted" ]; then
  echo "==> model up to date: $newest"
  exit 0
fi

# Rasa's training cache (.rasa/cache) never evicts: once full, new results are
# not cached and every training starts from scratch. Start it afresh when it
# has grown past what one training needs.
export RASA_MAX_CACHE_SIZE=${RASA_MAX_CACHE_SIZE:-2000}  # MB
if [ -d .rasa/cache ] && [ "$(du -sm .rasa/cache | cut -f1)" -gt 1200 ]; then
  echo "==> clearing Rasa's training cache (over 1200 MB)"
  rm -rf .rasa/cache
fi

rm -f models/.inputs.sha256
touch models/.training-started
# --skip-validation: `make test` runs `rasa data validate` itself
# (tests/test_rasa_project.py); here it would cost 20 s per training. grep passes each
# line on at once, so test-artifacts/training.log shows the epochs while `make test` runs.
.venv/bin/rasa train --domain domain --data data --config config.yml --out models --num-threads 2 --skip-validation 2>&1 \
  | grep --line-buffered -vE "DeprecationWarning|MovedIn20Warning|declare_namespace|pkg_resources|Base: DeclarativeMeta|^\s*$" || true
newest=$(find models -name '*.tar.gz' -newer models/.training-started | head -1)
rm -f models/.training-started
[ -n "$newest" ] || { echo "ERROR: training produced no model" >&2; exit 1; }
echo "$wanted" > models/.inputs.sha256
# Older models are never used again: keep only the newest.
ls -t models/*.tar.gz | tail -n +2 | xargs -r rm -f
echo "==> model ready: $newest ($(( $(date +%s) - start )) s)"
