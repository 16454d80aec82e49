# pwid-connect: `make demo` serves the demo, `make test` runs every check.
# Both set up what they need on a fresh Debian machine (run as root for apt).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PROVIDER_PORT ?= 8001
CHROMIUM := /usr/bin/chromium

.PHONY: setup demo test lint format wheel bench clean

setup: $(VENV)/.installed node_modules/.installed

# Debian's python3 needs python3-venv for `-m venv`; install it only when missing.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV) || { apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

# The runtimes the pages load, pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Playwright's own browser download cannot work here: use Debian's Chromium.
$(CHROMIUM):
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

demo: setup
	PORT=$(PORT) PROVIDER_PORT=$(PROVIDER_PORT) $(BIN)/python -m demo.serve

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: setup $(CHROMIUM) lint
	$(BIN)/python -m pytest

wheel: $(VENV)/.installed
	$(BIN)/python -m pip wheel --no-deps -q -w dist .

# What signing in costs a page, on both runtimes: writes benchmarks/results.md (~10 min).
bench: setup $(CHROMIUM)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) node_modules dist build *.egg-info .pytest_cache .ruff_cache .hypothesis
