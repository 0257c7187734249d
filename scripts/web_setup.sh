#!/usr/bin/env bash
# Web part of the setup: Debian's chromium for the browser tests, the npm
# packages of the chat widget and the desk (socket.io-client, chart.js, esbuild,
# axe-core), the widget bundle and the desk's insight page script.
# Idempotent: each step is skipped when its inputs did not change.
set -euo pipefail
cd "$(dirname "$0")/.."

# 1. Debian's chromium (Playwright drives it; `playwright install` downloads nothing here).
if [ ! -x /usr/bin/chromium ]; then
  echo "==> installing Debian's chromium for the browser tests"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # Not fatal: `make run` works without it; the browser tests then say what is missing.
  if ! { $SUDO apt-get update -qq &&
         DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null; }; then
    echo "WARNING: could not install chromium (apt-get): the browser tests in tests/browser will fail" >&2
  fi
else
  echo "==> chromium present"
fi

# 2. npm packages exactly as locked. --ignore-scripts: esbuild's binary comes
#    from its platform package and needs no install script.
lock_hash=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.wegwijzer-lock.sha256 2>/dev/null)" != "$lock_hash" ]; then
  echo "==> installing npm packages (package-lock.json)"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  echo "$lock_hash" > node_modules/.wegwijzer-lock.sha256
else
  echo "==> npm packages up to date"
fi

# 3. the widget bundle (web/dist/), rebuilt when its sources or the packages changed
bundle_hash=$({ echo "$lock_hash"; cat scripts/bundle.mjs; find widget -type f -print0 | sort -z | xargs -0 cat; } | sha256sum | cut -d' ' -f1)
if [ ! -f web/dist/wegwijzer-chat.js ] || [ "$(cat web/dist/.sources.sha256 2>/dev/null)" != "$bundle_hash" ]; then
  echo "==> building the chat widget"
  node widget/build.mjs
  echo "$bundle_hash" > web/dist/.sources.sha256
else
  echo "==> chat widget up to date"
fi

# 4. the desk's insight page script with Chart.js (build/desk/, served by the desk at /desk/dist/)
desk_hash=$({ echo "$lock_hash"; cat scripts/bundle.mjs scripts/build_desk.mjs; find wegwijzer/handoff/desk/src -type f -print0 | sort -z | xargs -0 cat; } | sha256sum | cut -d' ' -f1)
if [ ! -f build/desk/inzicht.js ] || [ "$(cat build/desk/.sources.sha256 2>/dev/null)" != "$desk_hash" ]; then
  echo "==> building the desk's insight page script"
  node scripts/build_desk.mjs
  echo "$desk_hash" > build/desk/.sources.sha256
else
  echo "==> desk insight script up to date"
fi
