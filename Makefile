# voxpop — run `make help` for the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export VOXPOP_DATA_DIR ?= var

RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: messages help run test test-sqlite test-postgres lint fmt typecheck check docs venv dev clean distclean bench-picker bench-inbox bench-tagging bench-import bench-explore bench-arrivals

help: ## show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "voxpop needs Python 3.11 or newer; set PYTHON=python3.x")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	@touch $@

$(DEV_STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $@ $(RUN_STAMP)

venv: $(RUN_STAMP) ## create .venv with voxpop installed

dev: $(DEV_STAMP) ## create .venv with the development tools too

run: $(RUN_STAMP) ## set up everything (venv, data dir, database, demo, admin) and serve on http://127.0.0.1:8000
	$(BIN)/voxpop init --demo --admin
	$(BIN)/voxpop serve --host $(HOST) --port $(PORT)

test: $(DEV_STAMP) ## run the whole suite on SQLite, then on PostgreSQL
	scripts/run-tests

test-sqlite: $(DEV_STAMP) ## run the suite on SQLite only
	scripts/run-tests sqlite

test-postgres: $(DEV_STAMP) ## run the suite on PostgreSQL only
	scripts/run-tests postgres

lint: $(DEV_STAMP) ## ruff lint and format check
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

fmt: $(DEV_STAMP) ## format and autofix with ruff
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

typecheck: $(DEV_STAMP) ## mypy
	$(BIN)/mypy

check: lint typecheck ## lint and type-check

docs: $(RUN_STAMP) ## regenerate docs/cli.md from `voxpop --help`
	$(BIN)/python -m voxpop.clidoc > docs/cli.md

messages: $(DEV_STAMP) ## extract UI strings, fill zh-Hans and ko from scripts/translations.py, compile (needs gettext)
	cd src/voxpop && DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=../.. ../../$(BIN)/django-admin makemessages \
		--locale zh_Hans --locale ko --no-obsolete --ignore 'demo/*'
	$(BIN)/python scripts/translations.py

clean: ## remove caches (keeps .venv and var/)
	rm -rf .pytest_cache .mypy_cache .ruff_cache build dist src/*.egg-info

distclean: clean ## remove .venv and var/ too (deletes the local database!)
	rm -rf $(VENV) var

BENCH_DB ?= sqlite
BENCH_CONVERSATIONS ?= 1000000
bench-inbox: $(RUN_STAMP) ## inbox pages and search at 1M conversations / 3M decisions (BENCH_DB=sqlite|postgres; JSON)
	$(BIN)/python bench/inbox.py --db $(BENCH_DB) --conversations $(BENCH_CONVERSATIONS)

bench-picker: $(RUN_STAMP) ## time the tag picker over 2,000 generated tags (throwaway SQLite; prints JSON)
	$(BIN)/python bench/picker.py

BANKING77 ?= ../shared/data/banking77
bench-tagging: $(RUN_STAMP) ## tagging engine vs a TF-IDF + logistic regression baseline on Banking77, full and 5/10-shot (prints JSON)
	$(BIN)/python bench/tagging.py --data $(BANKING77)

.PHONY: bench-selftrain
bench-selftrain: $(RUN_STAMP) ## experiment: 5/10-shot logistic regression on sentence vectors, plain vs self-trained on untagged texts (installs the embeddings extra; JSON)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[embeddings]'
	$(BIN)/python bench/fewshot_selftrain.py --data $(BANKING77)

.PHONY: bench-features
bench-features: $(RUN_STAMP) ## feature evidence page at 1M conversations / 3M decisions vs naive ORM aggregation (BENCH_DB=sqlite|postgres; JSON)
	$(BIN)/python bench/features.py --db $(BENCH_DB) --conversations $(BENCH_CONVERSATIONS)

BENCH_MESSAGES ?= 1000000
BENCH_IMPORT_DB ?= both
bench-import: $(RUN_STAMP) ## import N messages as CSV, JSONL and mbox into SQLite and PostgreSQL vs executemany (BENCH_MESSAGES=1000000, BENCH_IMPORT_DB=both|sqlite|postgres; JSON)
	$(BIN)/python bench/import.py --messages $(BENCH_MESSAGES) $(if $(filter both,$(BENCH_IMPORT_DB)),,--db $(BENCH_IMPORT_DB))
bench-explore: $(RUN_STAMP) ## demand explorer queries at 1M conversations / 3M decisions (BENCH_DB=sqlite|postgres; JSON)
	$(BIN)/python bench/explore.py --db $(BENCH_DB) --conversations $(BENCH_CONVERSATIONS)
bench-arrivals: $(RUN_STAMP) ## what the background prediction reads at 1M conversations: the arrivals queue vs scanning every conversation (BENCH_DB=sqlite|postgres; JSON)
	$(BIN)/python bench/arrivals.py --db $(BENCH_DB) --conversations $(BENCH_CONVERSATIONS)
