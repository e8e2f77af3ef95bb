# Sigap: the two commands are `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The first interpreter that is Python 3.12 or newer. pyenv users get .python-version.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; \
	done)
VENV := .venv
PY := $(VENV)/bin/python
RUN_ENV := DEBUG=1 SIGAP_DEMO=1

.PHONY: help run test lint messages clean python-check

help:
	@echo "make run    - install, migrate, load demo data for Kota Pekalongan and serve on http://127.0.0.1:8000"
	@echo "make test   - the whole test suite, on SQLite and on a throwaway PostgreSQL cluster"
	@echo "make lint   - ruff"
	@echo "make messages - regenerate the Indonesian and English catalogues after changing texts"

python-check:
	@if [ -z "$(PYTHON)" ]; then \
		echo "Sigap needs Python 3.12 or newer (Django 6.1), with the venv module, and none was found."; \
		echo "Install one, e.g. 'apt-get install python3 python3-venv' on Debian 13 / Ubuntu 24.04,"; \
		echo "or 'pyenv install 3.12' (the repository's .python-version asks pyenv for 3.12)."; \
		exit 1; \
	fi

$(VENV)/.runtime: requirements.txt | python-check
	@# A venv left half-made by an interrupted first run (no pip in it) is made again.
	@$(PY) -m pip --version >/dev/null 2>&1 || $(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

run: $(VENV)/.runtime
	@mkdir -p var
	$(RUN_ENV) $(PY) manage.py migrate --no-input -v 0
	$(RUN_ENV) $(PY) manage.py createcachetable
	$(RUN_ENV) $(PY) manage.py seed_demo
	@echo ""
	@echo "Sigap is at http://127.0.0.1:8000/   (staff login: http://127.0.0.1:8000/masuk/)"
	@echo "Background worker (e-mail, reminders): started beside the server; it stops with it."
	@$(RUN_ENV) $(PY) manage.py db_worker --no-startup-delay -v 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.dev
	$(PY) scripts/run_tests.py

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: $(VENV)/.dev
	$(PY) scripts/messages.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache

# Benchmark (docs/benchmark.md): a throwaway PostgreSQL cluster, gunicorn, wrk; not part of `make test`.
# Results go to bench/results/<timestamp>.json and .md, and after a complete run to bench/results.json
# and bench/results.md (commit those). BENCH_ARGS passes options (e.g. --duration 30).
.PHONY: bench bench-quick
bench: $(VENV)/.dev
	$(PY) bench/run.py --sizes 10000,100000,1000000 $(BENCH_ARGS)

bench-quick: $(VENV)/.dev
	$(PY) bench/run.py --sizes 10000,100000 $(BENCH_ARGS)
