# Quali'Coop ES — standard targets. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast lint format typecheck bench clean screenshots

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install  ## embedded SQLite store under instance/, demo network and accounts, then the web interface and API
	$(BIN)/qualicoop init
	$(BIN)/qualicoop demo --if-empty
	$(BIN)/qualicoop status
	$(BIN)/qualicoop users seed-demo
	$(BIN)/qualicoop serve

test: install
	$(BIN)/python -m pytest -q -n 2

lint: install
	$(BIN)/ruff check qualicoop_es web tests bench
	$(BIN)/ruff format --check qualicoop_es web tests bench
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format qualicoop_es web tests bench
	$(BIN)/ruff check --fix qualicoop_es web tests bench

typecheck: install
	$(BIN)/mypy

bench: install  ## each prints its figures as ratios against a floor measured in the same run
	$(BIN)/python bench/write_read.py
	$(BIN)/python bench/rebuild.py
	$(BIN)/python bench/http.py
	$(BIN)/python bench/as_of.py
	$(BIN)/python bench/verify.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/soak.py --seconds 60

screenshots: install  ## a demo network served on port 5632, the main pages per role at 1280, 800 and 390 px
	$(BIN)/python tests/browser/screenshots.py --out artifacts/screenshots

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
