# phongthu — the two commands are `make demo` and `make test`; `.ci/run` calls `make test`.
# Django 6.1 needs Python 3.12 or newer: the first of these found is used.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 $$HOME/.pyenv/versions/3.1[234]*/bin/python; do \
            command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: demo test lint venv serve worker messages bench bench-parse bench-dashboard clean

$(BIN)/phongthu: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Cần Python 3.12 trở lên (python3.12). Xem README."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

venv: $(BIN)/phongthu

## demo: set up on a fresh clone and serve the sample organisation on 127.0.0.1:$(PORT)
demo: venv
	$(BIN)/phongthu demo --port $(PORT)

serve: venv
	$(BIN)/phongthu serve --port $(PORT)

## test: the whole suite (DATABASE_URL chooses the database; SQLite by default), one
## worker process per core (PYTEST_WORKERS=0 runs it in one process)
PYTEST_WORKERS ?= auto
test: venv
	$(BIN)/pytest -n $(PYTEST_WORKERS)

lint: venv
	$(BIN)/ruff check phongthu tests bench
	$(BIN)/ruff format --check phongthu tests bench
	$(BIN)/mypy phongthu
	PHONGTHU_DATA_DIR=$$(mktemp -d) $(BIN)/phongthu manage makemigrations --check --dry-run

worker: venv
	$(BIN)/phongthu worker

## bench: every benchmark, each printing its table (see bench/README.md)
bench: bench-parse bench-dashboard

bench-parse: venv
	$(BIN)/python -m bench.parse

# On PostgreSQL (BENCH_DATABASE_URL) at 1M tasks by default; TASKS= sets another size.
bench-dashboard: venv
	$(BIN)/python -m bench.dashboard --tasks $${TASKS:-1000000}

## messages: refresh and compile the Vietnamese catalogue after changing strings
# Each app keeps its own catalogue in <app>/locale; the shell's is phongthu/locale.
messages: venv
	for dir in phongthu/*/locale; do app=$$(dirname $$dir); \
	  (cd $$app && $(CURDIR)/$(BIN)/phongthu manage makemessages -l vi --no-obsolete --no-location) || exit 1; done
	cd phongthu && ../$(BIN)/phongthu manage makemessages -l vi --no-obsolete --no-location \
	  $$(for d in */locale; do echo -i "$$(dirname $$d)/*"; done) -i "ingest/*" -i "text/*"
	cd phongthu && ../$(BIN)/phongthu manage compilemessages -l vi

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
