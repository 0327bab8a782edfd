# KA Webb Desktop — the two commands of the README, and the steps behind them.
#   make run   install what the app needs, create demo data on first run, start the app
#   make test  install the app with its dev tools, then ruff, mypy, import-linter and
#              pytest (headless)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
APP_STAMP := $(VENV)/.app-installed-stamp
PIP    := $(BIN)/python -m pip --disable-pip-version-check
#: pip's full output for make run (it prints it only when something fails).
PIP_LOG := $(VENV)/pip-install.log
# The UI's compiled English (see "translations" below); defined here, before the first rule
# that needs it, because make expands a rule's prerequisites when it reads the rule.
TS_DIR := resources/translations
TS     := $(wildcard $(TS_DIR)/kawebb_en*.ts)
QM     := $(TS_DIR)/kawebb_en.qm

.PHONY: run test system-deps venv translations update-translations lint typecheck imports pytest faults demo screenshots build frozen dist clean

# One short line per step; the app's own output (the demo's login hint) as it is.
run: system-deps $(APP_STAMP) $(QM)
	@echo "make run: demo data (on the first run only)"
	@$(BIN)/kawebb demo --if-empty
	@echo "make run: starting KA Webb Desktop"
	@$(BIN)/kawebb

test: system-deps $(STAMP) lint typecheck imports pytest frozen

venv: $(STAMP)

# The UI's translations (kawebb_desktop/ui/i18n.py): the .ts sources in resources/translations
# are compiled into one kawebb_<language>.qm beside them (built here and in CI, never
# committed). `make update-translations` refreshes the .ts sources from the code.
translations: $(QM)
$(QM): $(TS)
	@$(BIN)/pyside6-lrelease -silent $(TS) -qm $@

# Two sources, one per part of the UI, so that their texts can be worked on apart; the
# texts both parts show go into a third, kawebb_en_shared.ts, so that each text is
# translated once (scripts/shared_translations.py runs lupdate per part, then moves them).
TS_VIEWS   := kawebb_desktop/ui/views kawebb_desktop/ui/main_window.py \
	kawebb_desktop/ui/application.py kawebb_desktop/ui/i18n.py kawebb_desktop/app.py
TS_DIALOGS := kawebb_desktop/ui/dialogs kawebb_desktop/ui/widgets kawebb_desktop/ui/models \
	kawebb_desktop/ui/domain_texts.py \
	kawebb_desktop/ui/errors.py kawebb_desktop/ui/export.py kawebb_desktop/ui/worker.py
LUPDATE := $(BIN)/pyside6-lupdate -silent -extensions py -locations none -no-obsolete \
	-source-language sv_SE -target-language en_SE
# The messages the services, the store, the server and BankID give (context "messages",
# ui/i18n.tr_message): scripts/message_catalog.py finds their templates in the code below
# the UI and writes them as QT_TRANSLATE_NOOP into TS_MESSAGES, which lupdate reads.
TS_MESSAGES := kawebb_desktop/ui/message_catalog.py
update-translations: $(STAMP)
	$(BIN)/python scripts/message_catalog.py
	$(BIN)/python scripts/shared_translations.py $(TS_DIR) "$(LUPDATE)" "$(TS_VIEWS)" "$(TS_DIALOGS)"
	$(LUPDATE) $(TS_MESSAGES) -ts $(TS_DIR)/kawebb_en_messages.ts

# What the app needs to run and nothing more: no test, lint or server tools (make test
# adds those). Reinstalled when the project's metadata changes; the package is editable.
$(APP_STAMP): pyproject.toml
	@echo "make run: installing the app into $(VENV) (some minutes the first time)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(PIP) install --upgrade pip >$(PIP_LOG) 2>&1 && $(PIP) install -e . >>$(PIP_LOG) 2>&1 \
		|| { cat $(PIP_LOG); echo "make run: the installation failed (above)" >&2; exit 1; }
	@touch $@

# The app with its dev and server extras, for the tests and tools.
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

# Under CI=true the PostgreSQL tests must not be skipped silently. The suite runs on every
# core (pytest-xdist; each worker makes its own session fixtures and servers); PYTEST_WORKERS=0
# runs it in one process.
PYTEST_WORKERS ?= auto
pytest: $(STAMP) $(QM)
	@if [ "$${CI:-}" = "true" ]; then $(BIN)/python scripts/require_postgres.py; fi
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -n $(PYTEST_WORKERS)

# The fault tests alone, with their figures (they also run in make test; ~2 min).
# KAWEBB_FAULT_SEED=<seed> replays a kill test run, KAWEBB_FAULT_KILLS=<n> sets its kills.
faults: $(STAMP)
	@if [ "$${CI:-}" = "true" ]; then $(BIN)/python scripts/require_postgres.py; fi
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m faults -s tests/faults

demo: $(STAMP)
	$(BIN)/kawebb demo --reset

# Every screen and dialog at 1024×768 and 1400×900 (the layout test's list), drawn
# offscreen on the tests' demo data, into docs/screenshots/<size>/.
screenshots: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py docs/screenshots

# The packaged app (README: "Bygga programmet"; what it leaves out: scripts/bundle.py).
PYINSTALLER := $(BIN)/pyinstaller --noconfirm --log-level WARN
build: $(STAMP) $(QM)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[build]'
	$(PYINSTALLER) build.spec

# The packaged app starts, migrates a fresh store and shows its window; inside it every
# module imports, the Excel export, the translations and a real BankID receipt's check
# (signxml) work, and the folder stays under 150 MB (tests/unit/test_packaging.py).
frozen: build
	./scripts/frozen-smoke.sh dist/kawebb/kawebb
	KAWEBB_FROZEN_APP=dist/kawebb/kawebb $(BIN)/pytest -q -p no:cacheprovider tests/unit/test_packaging.py

# Both programs: the folder dist/kawebb/ and the one-file dist/onefile/kawebb (only here,
# not in make test: it packs everything once more).
dist: frozen
	KAWEBB_ONEFILE=1 $(PYINSTALLER) --distpath dist/onefile build.spec
	KAWEBB_FROZEN_APP=dist/onefile/kawebb $(BIN)/pytest -q -p no:cacheprovider \
		tests/unit/test_packaging.py -k "imports_every_module or logs_in or bankid"
	@du -sh dist/kawebb dist/onefile/kawebb

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
