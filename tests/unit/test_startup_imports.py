"""Nothing heavy is imported before the first window (issue 12, ``benchmarks/startup.py``):
the login window is painted before the backend is built (``app.run``), so SQLAlchemy, the
data model, the services, the store and the login page itself load after its first paint;
the server, BankID's client, Excel export, charts, XML signatures, PostgreSQL, the HTTP
client and Alembic load when something needs them, not at the start in local mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import copy_store_file

#: Imported only when used: what each is for.
LAZY = {
    "sqlalchemy": "the store, opened after the first paint",
    "kawebb_desktop.store.sql.orm": "the store's data model",
    "kawebb_desktop.store.sql": "the store",
    "kawebb_desktop.services.auth": "the services (the local backend)",
    "kawebb_desktop.services.cases": "the services (the local backend)",
    "kawebb_desktop.services.api": "the service API, with the backend",
    "kawebb_desktop.domain.values": "the domain, with the backend",
    "cryptography": "the simulator's keys, with the backend",
    "kawebb_desktop.ui.views.login": "the login page, attached with the backend",
    "kawebb_desktop.ui.dialogs.crash_dialog": "the crash dialog, just after the first paint",
    "logging.handlers": "the log file, just after the first paint",
    "fastapi": "the server",
    "uvicorn": "the server",
    "kawebb_desktop.server.app": "the server",
    "bankid": "real BankID (pybankid)",
    "openpyxl": "Excel export",
    "PySide6.QtCharts": "Statusöversikt's chart",
    "signxml": "receipt verification",
    "lxml": "receipt verification",
    "sqlalchemy.dialects.postgresql": "a PostgreSQL store",
    "psycopg": "a PostgreSQL store",
    "httpx": "remote mode",
    "alembic": "migrating a store not at head",
    "segno": "the QR code of an order",
    "kawebb_desktop.ui.views.overview": "the workspace, after the login",
}

#: The app's start in a fresh interpreter, as ``python -m kawebb_desktop`` makes it
#: (``cli.main`` → ``app.run``), with a hook at the login window's first paint that
#: lists the modules loaded then, and one when the backend is attached (the login usable).
SCRIPT = """
import json, sys
from PySide6.QtCore import QEvent, QObject
from kawebb_desktop import cli
from kawebb_desktop.ui import smoke

seen = {}

class FirstPaint(QObject):
    def eventFilter(self, window, event):
        if event.type() == QEvent.Type.Paint and "painted" not in seen:
            seen["painted"] = sorted(sys.modules)
            starting = window.starting
            seen["starting"] = starting is not None and starting.isVisible()
            seen["button"] = starting is not None and starting.start_button.isEnabled()
        return False

def probe_start(window):
    def attached():
        seen["ready"] = window.login.isVisible() and window.login.start_button.isEnabled()
        seen["icon"] = not window.windowIcon().isNull()
        window.close()

    window.installEventFilter(FirstPaint(window))
    window.attached.connect(attached)

smoke.probe_start = probe_start
status = cli.main(["--data-dir", sys.argv[1]])
print(json.dumps({"status": status, **seen}))
"""


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory, demo_today_database: Path) -> dict[str, Any]:
    """The app's start on a demo store at head: the modules loaded at the login
    window's first paint (``painted``), what it showed then and once attached."""
    data = tmp_path_factory.mktemp("data")
    copy_store_file(demo_today_database, data)
    # The probe's hook (``app.STARTUP_PROBE_ENV``) is the script's own.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KAWEBB_STARTUP_PROBE": "1"}
    env.pop("KAWEBB_STORE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == 0, done.stderr
    return result


@pytest.fixture(scope="module")
def loaded(started: dict[str, Any]) -> frozenset[str]:
    """The modules loaded at the login window's first paint."""
    return frozenset(started["painted"])


@pytest.mark.parametrize("module", LAZY)
def test_the_login_window_shows_without(module: str, loaded: frozenset[str]) -> None:
    assert module not in loaded, f"{module} ({LAZY[module]}) is imported before the login window"


def test_the_check_sees_what_the_login_window_needs(loaded: frozenset[str]) -> None:
    # The subprocess did paint the window: the modules it needs are in the list.
    for needed in (
        "PySide6.QtWidgets",
        "kawebb_desktop.ui.main_window",
        "kawebb_desktop.ui.views.login_start",
    ):
        assert needed in loaded


def test_the_login_is_disabled_until_the_backend_is_attached(started: dict[str, Any]) -> None:
    # First paint: the starting page, its Logga in disabled; then the login page, usable.
    assert started["starting"] is True
    assert started["button"] is False
    assert started["ready"] is True


def test_the_window_has_the_apps_icon_once_painted(started: dict[str, Any]) -> None:
    # Set just after the first paint (QIcon costs PySide6 its enums before it).
    assert started["icon"] is True


def test_the_head_revision_read_from_the_scripts_names_is_alembics() -> None:
    from alembic.script import ScriptDirectory

    from kawebb_desktop.store.sql import migrate

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == scripts.get_current_head()
    # Each script is named by its revision, the number the head is found by.
    for script in scripts.walk_revisions():
        assert script.path is not None
        assert Path(script.path).name.startswith(f"{script.revision}_")
