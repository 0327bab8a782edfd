"""*Arkiv > Säkerhetskopiera… / Återställ…*: a backup with a progress bar while the window
runs on the store, a restore after a yes that logs out, a refusal shown in Swedish, and
a window without a local store that says what to use instead."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QProgressBar
from pytestqt.qtbot import QtBot

from kawebb_desktop import backup as backup_module
from kawebb_desktop.backup import LocalBackup
from kawebb_desktop.settings import STORE_FILE, Settings
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.dialogs.backup_dialog import BackupDialog, start_backup
from kawebb_desktop.ui.main_window import MainWindow
from tests.ui.conftest import Driver, button_of
from tests.ui.test_accessibility import problems


def _boxes(window: MainWindow, name: str) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.objectName() == name and b.isVisible()]


def _local(window: MainWindow, store: Store) -> LocalBackup:
    backup = LocalBackup(window.settings, after_restore=store.forget_cached_counts)
    window.backup = backup
    return backup


def test_backup_from_the_menu_while_logged_in(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _local(window, store)
    driver.login()
    monkeypatch.setattr(backup_module, "PAGES_PER_STEP", 4)
    target = tmp_path / "kopia.kawebb"
    seen: list[int] = []
    dialog = start_backup(window, window.backup, target)
    assert isinstance(dialog, BackupDialog)
    bar = dialog.findChild(QProgressBar)
    assert bar is not None
    bar.valueChanged.connect(seen.append)
    qtbot.waitUntil(lambda: bool(_boxes(window, "infoBox")), timeout=20_000)
    (box,) = _boxes(window, "infoBox")
    assert box.text() == f"Säkerhetskopian är sparad i {target}."
    assert len(seen) > 3 and seen[-1] == bar.maximum()
    assert bar.accessibleName() == dialog.label.text()
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM persons").fetchone()[0] > 0
    copy.close()
    assert window.actor is not None  # the window went on working


def test_restore_asks_then_logs_out(
    qtbot: QtBot, driver: Driver, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    backup = _local(window, store)
    target = tmp_path / "kopia.kawebb"
    backup_module.backup(window.settings.store_path, target)
    driver.login()
    assert window.actor is not None
    # Avbryt: nothing happens.
    box = window.restore_backup(target)
    assert box is not None and box.objectName() == "confirmRestore"
    assert box.defaultButton() is button_of(box, "Avbryt")
    assert problems(box) == []
    button_of(box, "Avbryt").click()
    assert window.actor is not None
    # Återställ: restored, logged out, told.
    box = window.restore_backup(target)
    assert box is not None
    assert "kopia.kawebb" in box.text()
    button_of(box, "Återställ").click()
    qtbot.waitUntil(lambda: bool(_boxes(window, "infoBox")), timeout=30_000)
    (told,) = _boxes(window, "infoBox")
    assert told.text().startswith(f"Databasen är återställd från {target}")
    assert "Logga in igen." in told.text()
    assert window.actor is None
    assert list(tmp_path.glob(f"{STORE_FILE}.före-återställning-*"))
    assert backup.unavailable() is None


def test_a_refused_restore_is_said_in_swedish(
    qtbot: QtBot, window: MainWindow, store: Store, tmp_path: Path
) -> None:
    _local(window, store)
    other = tmp_path / "annat.txt"
    other.write_text("inte en databas", encoding="utf-8")
    box = window.restore_backup(other)
    assert box is not None
    button_of(box, "Återställ").click()
    qtbot.waitUntil(lambda: bool(_boxes(window, "backupFailedBox")), timeout=20_000)
    (failed,) = _boxes(window, "backupFailedBox")
    assert failed.text() == f"{other.resolve()} är inte en KA Webb-databas (inte en SQLite-fil)."


def test_a_postgresql_store_points_to_pg_dump(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, store_url="postgresql+psycopg://db/kawebb")
    window.backup = LocalBackup(settings)
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(_boxes(window, "infoBox")))
    (box,) = _boxes(window, "infoBox")
    assert "pg_dump" in box.text()
