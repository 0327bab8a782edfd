"""The check of a SQLite file at open (issue 12): ``PRAGMA quick_check`` reads the whole
file, seconds on a big store, so it is left out when the file is exactly as the last
clean close left it — and made whenever anything may have happened to it since."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from kawebb_desktop.domain.errors import StoreUnavailable
from kawebb_desktop.store.sql import open_store
from kawebb_desktop.store.sql import store as store_module
from kawebb_desktop.store.sql.store import CLEAN_CLOSES_ENV, closed_clean, sqlite_url
from tests.conftest import copy_store_file


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """The quick checks made (one entry each), with a register of clean closes of the
    test's own."""
    monkeypatch.setenv(CLEAN_CLOSES_ENV, str(tmp_path / "register" / "clean-closes.json"))
    made: list[Path] = []
    quick_check = store_module._quick_check

    def counted(engine: Engine) -> list[Any]:
        made.append(Path(str(engine.url.database)))
        return quick_check(engine)

    monkeypatch.setattr(store_module, "_quick_check", counted)
    return made


@pytest.fixture
def path(tmp_path: Path, migrated_database: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return copy_store_file(migrated_database, folder)


def _open_and_close(path: Path, *, write: bool = False) -> None:
    store = open_store(sqlite_url(path))
    try:
        with store.unit_of_work(write=write) as uow:
            uow.organisations.list_all()
            if write:
                uow.commit()
    finally:
        store.close()


def _zero_page(path: Path, name: str) -> None:
    connection = sqlite3.connect(path)
    try:
        size = connection.execute("PRAGMA page_size").fetchone()[0]
        page = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)
        ).fetchone()[0]
    finally:
        connection.close()
    with path.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(bytes(size))


def test_a_file_closed_cleanly_opens_without_the_check(path: Path, checks: list[Path]) -> None:
    _open_and_close(path)
    assert checks == [path]  # never closed here before: checked
    assert closed_clean(path)
    _open_and_close(path, write=True)
    _open_and_close(path)
    assert checks == [path]  # as the last (clean) close left it, writes and all
    assert sorted(p.name for p in path.parent.iterdir()) == ["kawebb.sqlite3"]


def test_a_file_changed_since_its_clean_close_is_checked(path: Path, checks: list[Path]) -> None:
    _open_and_close(path)
    before = path.stat()
    with path.open("r+b") as file:  # another program writes the same bytes
        file.write(path.read_bytes()[:100])
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # and hides its time
    assert not closed_clean(path)  # the change time tells
    _open_and_close(path)
    assert checks == [path, path]


def test_a_file_replaced_since_its_clean_close_is_checked(
    path: Path, checks: list[Path], migrated_database: Path
) -> None:
    _open_and_close(path)
    copy_store_file(migrated_database, path.parent)  # a restore, a copy over it
    _open_and_close(path)
    assert checks == [path, path]


def test_a_file_left_open_by_a_process_that_died_is_checked(path: Path, checks: list[Path]) -> None:
    _open_and_close(path)
    # Another process writes and dies before it closes: its log holds the write.
    died = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys\n"
            "from kawebb_desktop.store.sql import open_store\n"
            "from kawebb_desktop.store.sql.store import sqlite_url\n"
            "store = open_store(sqlite_url(sys.argv[1]))\n"
            "with store.engine.begin() as connection:\n"
            "    connection.exec_driver_sql('CREATE TABLE scratch (a INTEGER)')\n"
            "os._exit(0)\n",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert died.returncode == 0, died.stderr
    assert not closed_clean(path)
    _open_and_close(path)
    assert checks == [path, path]  # the subprocess's open had none: it was clean


def test_damage_after_a_clean_close_is_refused_at_open(path: Path, checks: list[Path]) -> None:
    _open_and_close(path)
    before = path.stat()
    # An index nothing reads at open, damaged with the file's times put back.
    _zero_page(path, "ix_cases_page_status")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    with pytest.raises(StoreUnavailable, match="skadad: kontrollen när den öppnades"):
        open_store(sqlite_url(path))
    assert checks == [path, path]


def test_damage_met_while_open_is_no_clean_close(
    tmp_path: Path, demo_today_database: Path, checks: list[Path]
) -> None:
    path = copy_store_file(demo_today_database, tmp_path)  # organisations to read
    store = open_store(sqlite_url(path))
    try:
        _zero_page(path, "organisations")
        store.engine.dispose()  # no page of it cached: read from the file again
        with pytest.raises(StoreUnavailable, match="skadad"), store.unit_of_work() as uow:
            uow.organisations.list_all()
    finally:
        store.close()
    assert not closed_clean(path)
    with pytest.raises(StoreUnavailable, match="skadad: kontrollen när den öppnades"):
        open_store(sqlite_url(path))
    assert checks == [path, path]


def test_a_register_that_cannot_be_written_only_means_a_check(
    path: Path, checks: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(CLEAN_CLOSES_ENV, str(blocker / "clean-closes.json"))
    _open_and_close(path)
    _open_and_close(path)
    assert checks == [path, path]
