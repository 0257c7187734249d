# Wegwijzer Jeugdbescherming. Two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help setup train run test bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

setup:  ## virtualenv, pinned requirements, Dutch spaCy pipeline (skipped when unchanged)
	@bash scripts/setup.sh

train: setup  ## train the Rasa model (Rasa skips it when data and config did not change)
	@bash scripts/train.sh

run: train  ## start action server, Rasa (5005) and web page (8080); Ctrl-C stops all
	@$(PY) -m wegwijzer.launcher

test: train  ## validate data, unit tests, conversation tests, NLU evaluation, end-to-end
	@bash scripts/test.sh

clean:  ## remove built files (keeps the virtualenv)
	rm -rf build models/*.tar.gz results test-artifacts .pytest_cache
