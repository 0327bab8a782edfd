"""Telling the user what is happening (issue 7): work under way, empty lists, what
happened, what failed, and which button is the safe one."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.changes import UserDraft
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.errors import Conflict, InvalidDraft, RuleViolation
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.rules import next_year_end
from kawebb_desktop.domain.values import EmailAddress
from kawebb_desktop.services.api import CreateUser, Services, caller_of
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui import application
from kawebb_desktop.ui.dialogs.user_dialog import UserDialog
from kawebb_desktop.ui.errors import LOG_HANDLER, show_error
from kawebb_desktop.ui.models.columns import STALE_TEXT
from kawebb_desktop.ui.widgets.feedback import BUSY_DELAY_MS
from tests.services.backends import new_personnummer
from tests.ui.conftest import (
    Driver,
    WindowFactory,
    button_of,
    open_signing,
    press_sign,
    replace_services,
    type_text,
)
from tests.ui.test_users import fill_user_dialog, search

LEFT = Qt.MouseButton.LeftButton


class Holdable:
    """A service part whose ``method`` waits, while held, until released."""

    def __init__(self, inner: object, method: str) -> None:
        self._inner = inner
        self._method = method
        self._open = threading.Event()
        self._open.set()
        self.waiting = threading.Event()

    def hold(self) -> None:
        self.waiting.clear()
        self._open.clear()

    def release(self) -> None:
        self._open.set()

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if name != self._method:
            return attribute

        def held(*args: Any) -> Any:
            if not self._open.is_set():
                self.waiting.set()
                assert self._open.wait(10), "the test never released the call"
            return attribute(*args)

        return held


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The app's log file, as ``kawebb`` starts it (removed again after the test)."""
    path = application.start_log_file(tmp_path / "logg" / "kawebb.log")
    assert path is not None
    yield path
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == LOG_HANDLER:
            root.removeHandler(handler)
            handler.close()


def held_window(
    make_window: WindowFactory, services: Services, part: str, method: str
) -> tuple[Any, Holdable]:
    holdable = Holdable(getattr(services, part), method)
    return make_window(replace_services(services, **{part: holdable})), holdable


# ---------------------------------------------------------------- work under way
def test_a_slow_search_says_soker_over_stale_rows_with_a_busy_cursor(
    qtbot: QtBot, make_window: WindowFactory, services: Services, clock: FixedClock, demo: Store
) -> None:
    window, users = held_window(make_window, services, "users", "list_users")
    driver = Driver(qtbot, window, clock, demo)
    driver.login()
    view = driver.open_users()
    model, note = view.model, view.note
    assert model.rowCount() == 10 and not note.isVisible()

    users.hold()
    type_text(view.search, "Maier")
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert not note.isVisible()  # a quick answer shows nothing: no flicker
    qtbot.waitUntil(users.waiting.is_set)
    qtbot.waitUntil(note.isVisible, timeout=BUSY_DELAY_MS * 10)
    assert note.text() == "Söker…"
    assert view.table.viewport().cursor().shape() == Qt.CursorShape.BusyCursor
    assert model.rowCount() == 10  # the old rows stay, marked as old
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) == STALE_TEXT

    with qtbot.waitSignal(model.page_loaded):
        users.release()
    assert [model.object_at(r).user.last_name for r in range(model.rowCount())] == ["Maier"]
    assert not note.isVisible()
    assert view.table.viewport().cursor().shape() != Qt.CursorShape.BusyCursor
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None


def test_a_slow_save_says_sparar(
    qtbot: QtBot, make_window: WindowFactory, services: Services, clock: FixedClock, demo: Store
) -> None:
    window, users = held_window(make_window, services, "users", "create_user")
    driver = Driver(qtbot, window, clock, demo)
    driver.login()
    view = driver.open_users()
    qtbot.mouseClick(view.create_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, UserDialog)
    fill_user_dialog(
        qtbot,
        dialog,
        first="Greta",
        last="Ödmark",
        pnr="19850312-2387",
        email="greta.odmark@dorotea.se",
        role=Role.REGISTRERARE,
    )
    users.hold()
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(dialog.progress.isVisible, timeout=BUSY_DELAY_MS * 10)
    assert dialog.progress.text() == "Sparar…"
    assert dialog.cursor().shape() == Qt.CursorShape.BusyCursor
    users.release()
    qtbot.waitUntil(lambda: not dialog.isVisible())


# ---------------------------------------------------------------- empty lists
def test_empty_tables_say_why_inside_the_table(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    search(qtbot, view, "ingen sådan")
    assert view.note.isVisible()
    assert view.note.text() == "Inga användare matchar sökningen."
    assert view.note.parent() is view.table.viewport()  # where the rows would be
    assert view.table.viewport().rect().contains(view.note.geometry())

    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 1)
    assert not view.pending_note.isVisible()
    view.pending_table.selectRow(0)
    qtbot.mouseClick(view.discard_button, LEFT)
    box = view.dialog
    assert isinstance(box, QMessageBox)
    with qtbot.waitSignal(view.pending_loaded):
        qtbot.mouseClick(button_of(box, "Förkasta"), LEFT)
    assert view.pending_table.isVisible()  # the list stays, and says it is empty
    assert view.pending_note.isVisible()
    assert view.pending_note.text() == "Inga ändringar väntar på signering."


def test_an_empty_case_search_says_so(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    workspace = driver.window.workspace
    assert workspace is not None
    view = workspace.overview
    qtbot.waitUntil(lambda: view.model.page is not None)
    assert not view.note.isVisible()
    type_text(view.search, "999999999")
    with qtbot.waitSignal(view.model.page_loaded):
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.note.isVisible()
    assert view.note.text() == "Inga ärenden matchar sökningen."


# ---------------------------------------------------------------- errors
class ListFails:
    """``list_cases`` fails as a bug would (not a refusal)."""

    def __init__(self, inner: object) -> None:
        self._inner = inner
        self.failing = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def list_cases(self, caller: Any, query: Any) -> Any:
        if self.failing:
            raise RuntimeError("cursor already closed")
        return self._inner.list_cases(caller, query)  # type: ignore[attr-defined]


def test_a_list_that_fails_says_so_truly_with_details_and_the_log_file(
    qtbot: QtBot,
    make_window: WindowFactory,
    services: Services,
    clock: FixedClock,
    demo: Store,
    log_file: Path,
) -> None:
    cases = ListFails(services.cases)
    window = make_window(replace_services(services, cases=cases))
    driver = Driver(qtbot, window, clock, demo)
    driver.login()
    workspace = window.workspace
    assert workspace is not None
    view = workspace.overview
    qtbot.waitUntil(lambda: view.model.page is not None)
    cases.failing = True
    view.run_search()
    qtbot.waitUntil(lambda: view.findChild(QMessageBox, "errorBox") is not None)
    box = view.findChild(QMessageBox, "errorBox")
    assert isinstance(box, QMessageBox)
    assert box.text().startswith("Listan kunde inte hämtas.")
    assert "Inga ändringar" not in box.text()  # nothing was being changed
    assert "RuntimeError" not in box.text() and "cursor" not in box.text()
    assert "RuntimeError: cursor already closed" in box.detailedText()
    assert "Traceback" in box.detailedText()
    assert str(log_file) in box.informativeText()
    assert "RuntimeError: cursor already closed" in log_file.read_text(encoding="utf-8")
    assert not view.note.busy  # the failed search left nothing "busy" behind


def test_a_refusal_is_its_own_message_without_details(qtbot: QtBot) -> None:
    box = show_error(None, Conflict("Användaren har ändrats av någon annan."))
    assert box.text() == "Användaren har ändrats av någon annan."
    assert box.detailedText() == ""
    assert box.informativeText() == ""
    box.close()


def test_start_log_file_in_a_folder_that_cannot_be_made_is_no_log_file(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert application.start_log_file(blocker / "kawebb.log") is None


# ---------------------------------------------------------------- message boxes
@pytest.mark.parametrize(("act", "keep"), [("Ta bort", "Avbryt"), ("Förkasta", "Behåll")])
def test_destructive_buttons_carry_no_yes_icon_and_the_safe_one_is_the_default(
    qtbot: QtBot, driver: Driver, act: str, keep: str
) -> None:
    driver.login()
    view = driver.open_users()
    if act == "Ta bort":
        view.select_user_row(0)
        qtbot.mouseClick(view.remove_button, LEFT)
    else:
        qtbot.waitUntil(lambda: view.pending_model.rowCount() == 1)
        view.pending_table.selectRow(0)
        qtbot.mouseClick(view.discard_button, LEFT)
    box = view.dialog
    assert isinstance(box, QMessageBox)
    destructive, safe = button_of(box, act), button_of(box, keep)
    for button in (destructive, safe):
        # Not a standard Yes/No button, which a desktop style draws with its green
        # tick or red cross.
        assert box.standardButton(button) == QMessageBox.StandardButton.NoButton
        assert button.icon().isNull()
    assert box.buttonRole(destructive) == QMessageBox.ButtonRole.DestructiveRole
    assert box.defaultButton() is safe
    assert box.escapeButton() is safe
    box.reject()


# ---------------------------------------------------------------- signing the set shown
def test_signera_right_after_spara_confirms_and_signs_what_waits_now(
    qtbot: QtBot, driver: Driver, services: Services
) -> None:
    """The view's list can be older than what waits: the confirmation is read from the
    service when Signera is pressed, and the receipt counts the same changes."""
    driver.login()
    view = driver.open_users()
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 1)
    actor = driver.window.actor
    assert actor is not None
    draft = new_draft(driver.clock, "Greta", "Ödmark")
    services.users.create_user(caller_of(actor), CreateUser(draft))  # the list shows 1
    assert view.pending_model.rowCount() == 1
    dialog = open_signing(qtbot, view)
    assert dialog.flow.change_count == 2
    lines = dialog.summary.toPlainText().splitlines()
    assert len(lines) == 2 and "Greta Ödmark" in lines[1]
    assert view.pending_model.rowCount() == 2  # the list was read again, too
    press_sign(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.flow.order is not None)
    driver.approve_signing(dialog)
    qtbot.waitUntil(lambda: dialog.flow.receipt is not None, timeout=10_000)
    assert dialog.receipt_fields["Antal ändringar"].text() == "2"


def test_a_change_after_the_confirmation_is_refused_not_signed(
    qtbot: QtBot, driver: Driver, services: Services
) -> None:
    driver.login()
    view = driver.open_users()
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 1)
    dialog = open_signing(qtbot, view)
    actor = driver.window.actor
    assert actor is not None
    # Another admin (or window) adds a change while the confirmation is shown.
    draft = new_draft(driver.clock, "Sen", "Kommen")
    services.users.create_user(caller_of(actor), CreateUser(draft))
    press_sign(qtbot, dialog)
    qtbot.waitUntil(lambda: "ändrats sedan du bekräftade" in dialog.message.text())
    assert dialog.flow.order is None
    assert len(services.users.list_pending(caller_of(actor))) == 2  # nothing signed
    dialog.reject()


def new_draft(clock: FixedClock, first: str, last: str) -> UserDraft:
    today = clock.today()
    return UserDraft(
        first,
        last,
        new_personnummer(),
        EmailAddress(f"{uuid.uuid4().hex[:12]}@dorotea.se"),
        Role.LASARE,
        today,
        next_year_end(today),
    )


# ---------------------------------------------------------------- the service's check
def test_the_user_dialog_judges_with_the_check_it_is_given(qtbot: QtBot, clock: FixedClock) -> None:
    """The dialog has no rules of its own for names and period: what the service's
    check says is what the dialog shows, and Spara follows it."""
    seen: list[UserDraft] = []

    def check(draft: UserDraft) -> UserDraft:
        seen.append(draft)
        if draft.last_name == "Nej":
            raise InvalidDraft(
                [
                    RuleViolation("Tjänsten säger nej till efternamnet.", "last_name"),
                    RuleViolation("Tjänsten säger nej till perioden.", "end_date"),
                ]
            )
        return replace(draft, first_name=draft.first_name.upper())

    dialog = UserDialog(clock.today(), check=check)
    qtbot.addWidget(dialog)
    fill_user_dialog(
        qtbot,
        dialog,
        first="Greta",
        last="Nej",
        pnr="19850312-2387",
        email="greta@dorotea.se",
        role=Role.LASARE,
    )
    assert dialog.last_name_error.text() == "Tjänsten säger nej till efternamnet."
    assert dialog.end_error.text() == "Tjänsten säger nej till perioden."
    assert not dialog.save_button.isEnabled()
    dialog.last_name.clear()
    type_text(dialog.last_name, "Ödmark")
    assert not dialog.last_name_error.isVisible() and not dialog.end_error.isVisible()
    assert dialog.save_button.isEnabled()
    assert seen[-1].last_name == "Ödmark"
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.draft is not None and dialog.draft.first_name == "GRETA"  # the check's
