"""The first start and *Arkiv > Inställningar…* (issue 12), clicked and typed through.

A server's address is tested against a real ``kawebb serve`` (uvicorn on a free loopback
port over a demo store), against something that is not a KA Webb server (a plain HTTP
server that answers 404) and against a port nobody listens on.
"""

from __future__ import annotations

import http.server
import shutil
import threading
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QMenu,
    QMessageBox,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kawebb_desktop.app import build_context, first_run_setup
from kawebb_desktop.demo import store_is_empty
from kawebb_desktop.services import Services
from kawebb_desktop.settings import SETTINGS_FILE, STORE_FILE, Settings, load_settings
from kawebb_desktop.store.sql import open_store
from kawebb_desktop.ui.dialogs.first_run_dialog import (
    BANKID_PRODUCTION,
    SIMULATOR,
    FirstRunDialog,
    ask_first_run,
    first_run_due,
)
from kawebb_desktop.ui.dialogs.settings_dialog import SAVED, SettingsDialog
from kawebb_desktop.ui.main_window import MainWindow
from tests.services.backends import ServerProcess, free_port, start_server
from tests.services.conftest import SERVER_ENV
from tests.ui.conftest import type_text
from tests.ui.test_accessibility import problems
from tests.ui.test_keyboard import ALT, focus, press

WindowFactory = Callable[..., MainWindow]

#: Demo data or a server's answer: generous, not a sleep.
SLOW_MS = 120_000
ROUND_TRIP_MS = 15_000


# ---------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, demo_today_database: Path
) -> Iterator[ServerProcess]:
    """``kawebb serve`` over a copy of the session's demo store."""
    directory = tmp_path_factory.mktemp("first-run-server")
    shutil.copyfile(demo_today_database, directory / "kawebb.sqlite3")
    env = {**SERVER_ENV, "KAWEBB_SERVE_STORE": f"sqlite:///{directory / 'kawebb.sqlite3'}"}
    started = start_server(env, directory / "server.log")
    try:
        yield started
    finally:
        started.stop()


class _NotFound(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html>Inte har</html>")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def other_server() -> Iterator[str]:
    """A web server that is not KA Webb's."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _NotFound)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """The user's data folder, not made yet (as at a first start)."""
    return tmp_path / "anna" / "kawebb-desktop"


@pytest.fixture
def system_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "etc" / SETTINGS_FILE
    path.parent.mkdir(parents=True)
    monkeypatch.setenv("KAWEBB_SYSTEM_SETTINGS", str(path))
    return path


def first_run(qtbot: QtBot, data_dir: Path) -> FirstRunDialog:
    dialog = FirstRunDialog(Settings(data_dir=data_dir), first_run_setup(), demo_cases=2)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def click(qtbot: QtBot, widget: QWidget) -> None:
    """A click where a person clicks: a radio button or check box on its box (Qt takes a
    click beside its text for nothing)."""
    box = isinstance(widget, QCheckBox | QRadioButton)
    at = QPoint(8, widget.height() // 2) if box else widget.rect().center()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=at)


def written(data_dir: Path) -> dict[str, object]:
    return tomllib.loads((data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))


def status_of(dialog: FirstRunDialog | SettingsDialog) -> str:
    label = dialog.form.server_status
    return label.text() if label.isVisible() else ""


# ---------------------------------------------------------------------- when it is shown
def test_first_run_is_due_only_for_an_empty_data_folder(tmp_path: Path, system_file: Path) -> None:
    assert first_run_due(load_settings(tmp_path / "ny"))
    assert first_run_due(load_settings(tmp_path))  # a folder without either file
    assert not first_run_due(load_settings(tmp_path, store_url="sqlite:///x.sqlite3"))
    assert not first_run_due(load_settings(tmp_path, server_url="https://kawebb.se"))
    (tmp_path / STORE_FILE).touch()
    assert not first_run_due(load_settings(tmp_path))
    (tmp_path / STORE_FILE).unlink()
    (tmp_path / SETTINGS_FILE).write_text('language = "sv"\n', encoding="utf-8")
    assert not first_run_due(load_settings(tmp_path))
    other = tmp_path / "annan"
    system_file.write_text('server_url = "https://kawebb.kommun.se"\n', encoding="utf-8")
    assert not first_run_due(load_settings(other))


# ---------------------------------------------------------------------- local store
def test_local_store_with_demo_data(qtbot: QtBot, data_dir: Path) -> None:
    dialog = first_run(qtbot, data_dir)
    assert problems(dialog) == []
    assert dialog.form.local_radio.isChecked()  # the default
    click(qtbot, dialog.form.demo_box)
    assert dialog.form.signer.currentData() == SIMULATOR  # a demo store signs with it
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.result() == FirstRunDialog.DialogCode.Accepted, timeout=SLOW_MS)

    values = written(data_dir)
    assert values["signer"] == "simulator" and values["language"] == "sv"
    assert "simulator_identity" in values and values["activation_delay_seconds"] == 0
    store = open_store(f"sqlite:///{data_dir / STORE_FILE}")
    try:
        assert not store_is_empty(store)
    finally:
        store.close()
    context = build_context(load_settings(data_dir))  # the simulator takes this store
    context.close()


def test_local_store_with_bankid_production(qtbot: QtBot, data_dir: Path, tmp_path: Path) -> None:
    dialog = first_run(qtbot, data_dir)
    form = dialog.form
    form.signer.setCurrentIndex(form.signer.findData(BANKID_PRODUCTION))
    assert form.cert.isEnabled() and form.cert_button.isEnabled()
    click(qtbot, dialog.save_button)
    assert "certifikatet" in form.error.text() and form.error.isVisible()
    cert = tmp_path / "rp.p12"
    cert.write_bytes(b"\0")
    type_text(form.cert, str(cert))
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: dialog.result() == FirstRunDialog.DialogCode.Accepted)
    values = written(data_dir)
    assert values["signer"] == "bankid" and values["bankid_environment"] == "production"
    assert values["bankid_cert"] == str(cert)


def test_simulator_without_demo_data_is_refused(qtbot: QtBot, data_dir: Path) -> None:
    dialog = first_run(qtbot, data_dir)
    form = dialog.form
    form.signer.setCurrentIndex(form.signer.findData(SIMULATOR))
    click(qtbot, dialog.save_button)
    assert "demodata" in form.error.text()
    assert not data_dir.exists()


# ---------------------------------------------------------------------- server
@pytest.mark.parametrize(
    ("address", "phrase"),
    [
        ("", "Skriv serverns adress"),
        ("kawebb.kommun.se", "är ogiltig"),
        ("ftp://kawebb.kommun.se", "är ogiltig"),
        ("closed", "svarar inte"),
        ("other", "är ingen KA Webb-server"),
    ],
)
def test_a_wrong_server_address_is_said_and_nothing_is_saved(
    qtbot: QtBot, data_dir: Path, other_server: str, address: str, phrase: str
) -> None:
    url = {"closed": f"http://127.0.0.1:{free_port()}", "other": other_server}.get(address, address)
    dialog = first_run(qtbot, data_dir)
    click(qtbot, dialog.form.server_radio)
    assert dialog.form.server_url.isEnabled() and not dialog.form.demo_box.isEnabled()
    type_text(dialog.form.server_url, url)
    for button in (dialog.form.test_button, dialog.save_button):
        click(qtbot, button)
        qtbot.waitUntil(lambda: phrase in status_of(dialog) or phrase in dialog.form.error.text())
        qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.isVisible() and dialog.result() != FirstRunDialog.DialogCode.Accepted
    assert not data_dir.exists()


def test_a_kawebb_server_is_tested_and_saved(
    qtbot: QtBot, data_dir: Path, server: ServerProcess
) -> None:
    dialog = first_run(qtbot, data_dir)
    click(qtbot, dialog.form.server_radio)
    assert not dialog.form.signer.isEnabled()  # the server decides
    type_text(dialog.form.server_url, server.url)
    click(qtbot, dialog.form.test_button)
    qtbot.waitUntil(lambda: "Anslutningen fungerar" in status_of(dialog), timeout=ROUND_TRIP_MS)
    assert not data_dir.exists()  # a test saves nothing
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(
        lambda: dialog.result() == FirstRunDialog.DialogCode.Accepted, timeout=ROUND_TRIP_MS
    )
    assert written(data_dir) == {"server_url": server.url, "language": "sv"}
    assert load_settings(data_dir).server_url == server.url


def test_the_keyboard_path_to_a_server(qtbot: QtBot, data_dir: Path, server: ServerProcess) -> None:
    """Alt+R Server, Alt+A the address, Alt+P the language, Enter saves; keys go to the
    widget with the focus, as a keyboard's do."""
    dialog = first_run(qtbot, data_dir)
    form = dialog.form
    focus(qtbot, form.local_radio)
    press(form.local_radio, Qt.Key.Key_R, ALT)
    qtbot.waitUntil(form.server_radio.isChecked)  # a mnemonic clicks as a mouse would
    press(form.server_radio, Qt.Key.Key_A, ALT)
    assert form.server_url.hasFocus()
    type_text(form.server_url, server.url)
    press(form.server_url, Qt.Key.Key_P, ALT)
    assert form.language.hasFocus()
    press(form.language, Qt.Key.Key_Down)
    assert form.language.currentData() == "en"
    press(form.language, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: dialog.result() == FirstRunDialog.DialogCode.Accepted, timeout=ROUND_TRIP_MS
    )
    assert written(data_dir) == {"server_url": server.url, "language": "en"}


# ---------------------------------------------------------------------- Avbryt
def test_cancel_writes_nothing_and_the_start_stops(qtbot: QtBot, data_dir: Path) -> None:
    seen: list[FirstRunDialog] = []

    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FirstRunDialog):
            QTimer.singleShot(20, cancel)
            return
        seen.append(dialog)
        click(qtbot, dialog.form.demo_box)
        click(qtbot, dialog.cancel_button)

    QTimer.singleShot(0, cancel)
    assert ask_first_run(Settings(data_dir=data_dir), first_run_setup(), demo_cases=2) is None
    assert seen and not data_dir.exists()


def test_the_flags_win_over_the_first_run_choices(qtbot: QtBot, data_dir: Path) -> None:
    def save() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FirstRunDialog):
            QTimer.singleShot(20, save)
            return
        dialog.form.language.setCurrentIndex(dialog.form.language.findData("en"))
        click(qtbot, dialog.save_button)

    QTimer.singleShot(0, save)
    flags = {"signer": "simulator", "store_url": None}
    chosen = ask_first_run(load_settings(data_dir, **flags), first_run_setup(), flags=flags)
    assert chosen is not None
    assert chosen.language == "en"  # the dialog's
    assert chosen.signer == "simulator"  # the flag's
    assert written(data_dir)["signer"] == "bankid"


# ---------------------------------------------------------------------- Arkiv > Inställningar
@pytest.fixture
def make_window(qtbot: QtBot, services: Services, tmp_path: Path) -> WindowFactory:
    """The main window as ``app.build`` makes it, with its first-run setup."""

    def make(**settings: Any) -> MainWindow:
        window = MainWindow(
            services, Settings(data_dir=tmp_path, **settings), setup=first_run_setup()
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


def settings_dialog(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    (archive,) = (m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Arkiv")
    assert window.settings_action in archive.actions()
    window.settings_action.trigger()
    dialog = window.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_settings_are_prefilled_and_saved_for_the_next_start(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    (tmp_path / SETTINGS_FILE).write_text(
        'signer = "simulator"\nsimulator_identity = "196403269803"\n', encoding="utf-8"
    )
    window = make_window(signer="simulator")
    dialog = settings_dialog(qtbot, window)
    assert problems(dialog) == []
    form = dialog.form
    assert form.local_radio.isChecked() and form.signer.currentData() == SIMULATOR
    assert not form.demo_box.isVisible()  # only at the first start
    form.language.setCurrentIndex(form.language.findData("en"))
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == [SAVED]
    values = written(tmp_path)
    assert values["language"] == "en" and values["signer"] == "simulator"
    assert values["simulator_identity"] == "196403269803"  # not the form's: kept


def test_settings_set_system_wide_are_read_only(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path, system_file: Path
) -> None:
    system_file.write_text('language = "sv"\nsigner = "simulator"\n', encoding="utf-8")
    window = make_window()
    dialog = settings_dialog(qtbot, window)
    form = dialog.form
    assert not form.language.isEnabled() and not form.signer.isEnabled()
    assert form.language_locked.isVisible() and form.language_locked.text() == (
        "Satt av IT-avdelningen"
    )
    assert form.local_radio.isEnabled()  # the store is the user's to choose
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "language" not in written(tmp_path) and "signer" not in written(tmp_path)


def test_switching_a_server_back_to_the_local_store(
    qtbot: QtBot, make_window: WindowFactory, tmp_path: Path
) -> None:
    (tmp_path / SETTINGS_FILE).write_text('server_url = "http://127.0.0.1:9"\n', encoding="utf-8")
    window = make_window(server_url="http://127.0.0.1:9")
    dialog = settings_dialog(qtbot, window)
    assert dialog.form.server_radio.isChecked()
    assert dialog.form.server_url.text() == "http://127.0.0.1:9"
    click(qtbot, dialog.form.local_radio)
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "server_url" not in written(tmp_path)
    assert load_settings(tmp_path).server_url is None
