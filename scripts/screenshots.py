"""Walk through the app on fresh demo data and save a PNG of every screen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py docs/screenshots

Used for the README and to look at every screen after a change (Swedish letters, layout,
error states). It drives the real window the way a person would, on a demo store, whose
simulated phone approves BankID orders after a second.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from kawebb_desktop.app import build, build_context, open_configured_store
from kawebb_desktop.demo import create_demo
from kawebb_desktop.domain.clock import SystemClock
from kawebb_desktop.settings import Settings
from kawebb_desktop.ui.application import create_application
from kawebb_desktop.ui.dialogs.end_date_dialog import EndDateDialog
from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog
from kawebb_desktop.ui.dialogs.user_dialog import UserDialog
from kawebb_desktop.ui.main_window import MainWindow


def wait_until(app: QApplication, condition: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen never reached the expected state")
        app.processEvents()
        time.sleep(0.02)


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = create_application(sys.argv[:1])
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        clock = SystemClock()
        settings = Settings(
            data_dir=Path(tmp),
            activation_delay_seconds=120,
            simulator_approve_seconds=1.0,
            collect_interval_seconds=0.2,
        )
        store = open_configured_store(settings)
        try:
            summary = create_demo(store, clock, cases=240)
        finally:
            store.close()
        settings = replace(settings, simulator_identity=summary.login_personnummer)
        context = build_context(settings, clock=clock)
        window = build(settings, context=context)
        window.resize(1360, 860)
        window.show()
        shots = Shots(app, window, out)
        try:
            shots.run()
        finally:
            window.close()
            context.close()
    return 0


class Shots:
    def __init__(self, app: QApplication, window: MainWindow, out: Path) -> None:
        self.app, self.window, self.out = app, window, out

    def save(self, name: str, widget: QWidget | None = None) -> None:
        settle(self.app)
        (widget or self.window).grab().save(str(self.out / f"{name}.png"))
        print(self.out / f"{name}.png")

    def run(self) -> None:
        app, window = self.app, self.window
        login = window.login
        box = login.person_box
        wait_until(app, lambda: box is not None and box.count() > 0)
        assert box is not None
        box.setCurrentIndex(box.findText("Arvid Aronsson", Qt.MatchFlag.MatchStartsWith))
        self.save("01-logga-in")
        login.start_button.click()
        wait_until(app, lambda: login.qr.content.startswith("bankid."))
        self.save("02-bankid-qr")
        wait_until(app, lambda: login.choices.isVisible())
        self.save("03-valj-organisation")
        login.choices.setCurrentRow(0)
        login.choose_button.click()
        wait_until(app, lambda: window.workspace is not None)
        workspace = window.workspace
        assert workspace is not None and workspace.users is not None
        overview = workspace.overview
        wait_until(app, lambda: overview.model.rowCount() > 0)
        self.save("04-oversikt")
        workspace.show_tab("Organisationen", "Uppgifter")
        wait_until(app, lambda: workspace.details.contacts.rowCount() > 0)
        self.save("05-uppgifter")
        workspace.show_tab("Organisationen", "Tjänsteutbud")
        self.save("06-tjansteutbud")
        workspace.show_tab("Organisationen", "Användare")
        users = workspace.users
        wait_until(app, lambda: users.model.rowCount() > 0 and users.pending_model.rowCount())
        self.save("07-anvandare")

        users.create_button.click()
        dialog = users.dialog
        assert isinstance(dialog, UserDialog)
        dialog.first_name.setText("Greta")
        dialog.last_name.setText("Ödmark")
        dialog.personnummer.setText("19850312-2388")
        dialog.email.setText("greta.odmark@dorotea.se")
        for edit in (dialog.first_name, dialog.last_name, dialog.personnummer, dialog.email):
            edit.textEdited.emit(edit.text())
        dialog.end_date.setDate(QDate(dialog.end_date.date().year() + 1, 1, 31))
        self.save("08-skapa-anvandare-fel", dialog)
        dialog.personnummer.setText("19850312-2387")
        dialog.personnummer.textEdited.emit(dialog.personnummer.text())
        dialog.end_date.setDate(QDate(dialog.end_date.date().year() - 1, 6, 30))
        self.save("09-skapa-anvandare", dialog)
        dialog.save_button.click()
        wait_until(app, lambda: users.pending_model.rowCount() == 2)

        users.end_date_button.click()
        bulk = users.dialog
        assert isinstance(bulk, EndDateDialog)
        wait_until(app, lambda: bulk.model.rowCount() > 0)
        model = bulk.model
        for row in range(model.rowCount()):
            if not model.object_at(row).user.role.is_admin and len(model.checked) < 2:
                model.checked.add(model.object_at(row).user.id)
        bulk.validate()
        bulk.table.viewport().update()
        self.save("10-andra-behorighetsperiod", bulk)
        bulk.reject()

        users.sign_button.click()
        signing = users.dialog
        assert isinstance(signing, SigningDialog)
        self.save("11-signera", signing)
        signing.sign_button.click()
        wait_until(app, lambda: signing.qr.content.startswith("bankid."))
        self.save("12-signera-bankid", signing)
        wait_until(app, lambda: signing.flow.receipt is not None)
        self.save("13-kvittens", signing)
        signing.close_button.click()
        wait_until(app, lambda: users.pending_model.rowCount() == 0)
        users.search.setText("Ödmark")
        users.run_search()
        wait_until(app, lambda: users.model.rowCount() == 1)
        self.save("14-vantar-pa-aktivering")
        workspace.help_button.click()
        assert window.help_dialog is not None
        self.save("15-hjalp", window.help_dialog)


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
