# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint types contracts unit install install-dev bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make demo: install, migrate, load the demo incident, serve on http://127.0.0.1:8000
demo: install
	$(BIN)/hotwash demo

## make test: lint, types, import contracts, then the unit, web, CLI and browser suites
test: install-dev lint types contracts unit

lint: install-dev
	$(BIN)/ruff check src tests bench

types: install-dev
	$(BIN)/mypy

contracts: install-dev
	$(BIN)/lint-imports

# The whole suite on SQLite; then the database suites again on PostgreSQL when
# HOTWASH_TEST_DATABASE_URL is set (CI sets it; HOTWASH_EXPECT_POSTGRES makes a fallback fail).
unit: install-dev
	$(BIN)/pytest -q
	@if [ -n "$$HOTWASH_TEST_DATABASE_URL" ]; then \
	  echo "== database suites on PostgreSQL =="; \
	  DATABASE_URL="$$HOTWASH_TEST_DATABASE_URL" HOTWASH_EXPECT_POSTGRES=1 $(BIN)/pytest -q -p no:cacheprovider tests/web tests/cli; \
	fi

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
