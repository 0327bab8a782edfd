"""Nothing heavy is imported before the first window (issue 12, ``benchmarks/startup.py``):
the server, BankID's client, Excel export, charts, XML signatures, PostgreSQL, the HTTP
client and Alembic load when something needs them, not at the start in local mode."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_store_file

#: Imported only when used: what each is for.
LAZY = {
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

#: What the entry point does up to the login window, in a fresh interpreter: the
#: command line's module (``python -m kawebb_desktop``), then ``app.run``'s steps.
SCRIPT = """
import json, sys
from pathlib import Path
import kawebb_desktop.cli
from kawebb_desktop import app
from kawebb_desktop.settings import load_settings
from kawebb_desktop.ui.application import create_application

settings = load_settings(Path(sys.argv[1]))
qapp = create_application([], settings.language)
context = app.build_context(settings)
window = app.build(settings, context=context)
window.show()
qapp.processEvents()
assert window.login.isVisible()
print(json.dumps(sorted(sys.modules)))
context.close()
"""

#: Known to load early still: SQLAlchemy loads its PostgreSQL dialect to check the
#: ``postgresql_include`` of two of the ORM's indexes (``store/sql/orm.py``).
KNOWN_EARLY = {"sqlalchemy.dialects.postgresql"}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, demo_today_database: Path) -> frozenset[str]:
    """The modules loaded once the login window is shown, on a demo store at head."""
    data = tmp_path_factory.mktemp("data")
    copy_store_file(demo_today_database, data)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return frozenset(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "module",
    [
        pytest.param(
            name,
            marks=pytest.mark.xfail(strict=True, reason="ORM index options")
            if name in KNOWN_EARLY
            else (),
        )
        for name in LAZY
    ],
)
def test_the_login_window_shows_without(module: str, loaded: frozenset[str]) -> None:
    assert module not in loaded, f"{module} ({LAZY[module]}) is imported before the login window"


def test_the_check_sees_what_the_login_window_needs(loaded: frozenset[str]) -> None:
    # The subprocess did build the window: the modules it needs are in the list.
    for needed in ("PySide6.QtWidgets", "sqlalchemy", "kawebb_desktop.ui.views.login"):
        assert needed in loaded


def test_the_head_revision_read_from_the_scripts_names_is_alembics() -> None:
    from alembic.script import ScriptDirectory

    from kawebb_desktop.store.sql import migrate

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == scripts.get_current_head()
    # Each script is named by its revision, the number the head is found by.
    for script in scripts.walk_revisions():
        assert script.path is not None
        assert Path(script.path).name.startswith(f"{script.revision}_")
