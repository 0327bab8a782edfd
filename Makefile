# KA Webb Desktop — the two commands of the README, and the steps behind them.
#   make run   set everything up, create demo data on first run, start the app
#   make test  set everything up, then ruff, mypy, import-linter and pytest (headless)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test system-deps venv lint typecheck imports pytest faults demo screenshots build frozen clean

run: system-deps $(STAMP)
	$(BIN)/kawebb demo --if-empty
	$(BIN)/kawebb

test: system-deps $(STAMP) lint typecheck imports pytest frozen

venv: $(STAMP)

# Reinstall when the project's metadata changes; the package itself is editable.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,server]'
	touch $(STAMP)

system-deps:
	@./scripts/system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

imports: $(STAMP)
	$(BIN)/lint-imports

# Under CI=true the PostgreSQL tests must not be skipped silently.
pytest: $(STAMP)
	@if [ "$${CI:-}" = "true" ]; then $(BIN)/python scripts/require_postgres.py; fi
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

# The fault tests alone, with their figures (they also run in make test; ~2 min).
# KAWEBB_FAULT_SEED=<seed> replays a kill test run, KAWEBB_FAULT_KILLS=<n> sets its kills.
faults: $(STAMP)
	@if [ "$${CI:-}" = "true" ]; then $(BIN)/python scripts/require_postgres.py; fi
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m faults -s tests/faults

demo: $(STAMP)
	$(BIN)/kawebb demo --reset

# Screenshots for the README, drawn offscreen on fresh demo data.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py docs/screenshots

build: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[build]'
	$(BIN)/pyinstaller --noconfirm --log-level WARN build.spec

# The packaged app starts, migrates a fresh store and shows its window.
frozen: build
	./scripts/frozen-smoke.sh dist/kawebb/kawebb

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
