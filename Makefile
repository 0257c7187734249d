# Wegwijzer Jeugdbescherming. Two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help setup train run test test-fast bench clean forget retention

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

setup:  ## virtualenv, pinned requirements, Dutch spaCy pipeline (skipped when unchanged)
	@bash scripts/setup.sh

train: setup  ## train the Rasa model (Rasa skips it when data and config did not change)
	@bash scripts/train.sh

run: train  ## start action server, Rasa (5005) and web page (8080); Ctrl-C stops all
	@$(PY) -m wegwijzer.launcher

test: setup  ## everything: the tests that need no model while the model trains, then the rest (NLU evaluation, conversations, browser, production profile)
	@bash scripts/test.sh

test-fast: setup  ## the fast tier while developing: no model, no servers, both cores (under a minute); `make test` runs everything
	@$(PY) -m pytest -m "not slow" -q -n 2 --dist loadfile  # one worker per core; a test file stays on one worker (its module fixtures run once)

forget:  ## delete one conversation everywhere (tracker, desk, logs): make forget SENDER=<id>
	@test -n "$(SENDER)" || { echo "Usage: make forget SENDER=<conversation id>" >&2; exit 2; }
	@$(PY) -m wegwijzer.privacy forget "$(SENDER)"

retention:  ## keep the anonymous figures of finished days, then delete conversations older than RETENTION_DAYS (default 30); DAYS=n to override
	@$(PY) -m wegwijzer.insight collect || echo "insight collect failed; retention goes ahead" >&2
	@$(PY) -m wegwijzer.privacy retention $(if $(DAYS),--days $(DAYS))

.PHONY: insight
insight:  ## the anonymous figures of the last days and today (DAYS=n, JSON=1); docs/insight.md
	@$(PY) -m wegwijzer.insight report $(if $(DAYS),--days $(DAYS)) $(if $(JSON),--json)

.PHONY: directory check-links
directory:  ## (re)build the contact directory database from directory/*.csv (validates every row)
	@$(PY) -m wegwijzer.directory build

check-links:  ## report dead websites in the contact directory (needs internet access)
	@$(PY) -m wegwijzer.directory check-links

.PHONY: widget test-browser
widget:  ## install the widget's npm packages and rebuild web/dist/wegwijzer-chat.js (skipped when unchanged)
	@bash scripts/web_setup.sh

test-browser: train  ## only the browser tests of the chat widget (real stack, headless chromium)
	@mkdir -p test-artifacts && $(PY) -m pytest tests/browser

clean:  ## remove built files (keeps the virtualenv)
	rm -rf build models/*.tar.gz results test-artifacts .pytest_cache

.PHONY: production production-stop
bench: setup  ## benchmark against a stock `rasa init` assistant; writes bench/results/latest.md (< 10 min)
	@$(PY) -m bench $(BENCH_ARGS)

production: train  ## production profile: nginx (8088) before 2 web servers, the desk, 2 Rasa + 2 action servers; PostgreSQL, Redis, retention; Ctrl-C stops
	@bash scripts/production.sh run

production-stop:  ## stop a production profile started with `scripts/production.sh start`
	@bash scripts/production.sh stop
