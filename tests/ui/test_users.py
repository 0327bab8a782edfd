"""*Organisationen > Användare*, clicked and typed through like an administrator would."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.changes import ChangeAction, ChangeKind, PendingChange, draft_of
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import EmailAddress
from kawebb_desktop.services.api import CreateUser, Services
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.dialogs.end_date_dialog import EndDateDialog
from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog
from kawebb_desktop.ui.dialogs.user_dialog import INTRO, INTRO_PENDING, UserDialog
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.models.users import DISCARD_COLUMN
from kawebb_desktop.ui.views.users import UsersView
from tests.ui.conftest import (
    Driver,
    Gate,
    WindowFactory,
    button_of,
    gated_window,
    open_signing,
    person_number,
    press_sign,
    replace_services,
    type_text,
)

LEFT = Qt.MouseButton.LeftButton


def column_texts(view: UsersView, column: int) -> list[str]:
    model = view.model
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def pending_rows(view: UsersView) -> list[tuple[str, str, str]]:
    m = view.pending_model
    return [
        (m.data(m.index(r, 0)), m.data(m.index(r, 1)), m.data(m.index(r, 5)))
        for r in range(m.rowCount())
    ]


def row_of(view: UsersView, first: str, last: str) -> int:
    for r in range(view.model.rowCount()):
        user = view.model.object_at(r).user
        if (user.first_name, user.last_name) == (first, last):
            return r
    raise KeyError(f"{first} {last}")


def search(qtbot: QtBot, view: UsersView, text: str) -> None:
    view.search.clear()
    type_text(view.search, text)
    with qtbot.waitSignal(view.model.page_loaded):
        qtbot.keyClick(view.search, Qt.Key.Key_Return)


def fill_user_dialog(
    qtbot: QtBot,
    dialog: UserDialog,
    *,
    first: str,
    last: str,
    pnr: str,
    email: str,
    role: Role,
    end: dt.date | None = None,
) -> None:
    type_text(dialog.first_name, first)
    type_text(dialog.last_name, last)
    type_text(dialog.personnummer, pnr)
    type_text(dialog.email, email)
    dialog.role.setCurrentIndex(dialog.role.findData(role.value))
    if end is not None:
        dialog.end_date.setDate(QDate(end.year, end.month, end.day))


def sign_everything(
    qtbot: QtBot, driver: Driver, view: UsersView, names: list[str]
) -> SigningDialog:
    """Signera: the confirmation lists exactly the changes waiting (``names``, one line
    each), then the phone approves."""
    dialog = open_signing(qtbot, view)
    lines = dialog.summary.toPlainText().splitlines()
    assert len(lines) == len(names)
    assert all(name in line for name, line in zip(names, lines, strict=True))
    press_sign(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.flow.order is not None)
    qtbot.waitUntil(lambda: dialog.qr.content.startswith("bankid."))
    driver.approve_signing(dialog)
    qtbot.waitUntil(lambda: dialog.flow.receipt is not None, timeout=10_000)
    return dialog


def test_search_result_pages_like_the_guide(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    assert view.pager.summary.text() == "Visar 1-10 av 24"
    assert not view.pager.previous_button.isEnabled()
    with qtbot.waitSignal(view.model.page_loaded):
        qtbot.mouseClick(view.pager.next_button, LEFT)
    assert view.pager.summary.text() == "Visar 11-20 av 24"
    page3 = view.pager.page_button(3)
    assert page3 is not None
    with qtbot.waitSignal(view.model.page_loaded):
        qtbot.mouseClick(page3, LEFT)
    assert view.pager.summary.text() == "Visar 21-24 av 24"
    assert not view.pager.next_button.isEnabled()
    # Efternamn, ascending in Swedish order: Z before Å Ä Ö, last page ends with Ö.
    assert column_texts(view, 1)[-1] == "Öhman"


def test_header_click_sorts_in_the_store(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    header = view.table.horizontalHeader()
    with qtbot.waitSignal(view.model.page_loaded):
        header.sectionClicked.emit(1)  # Efternamn: already ascending → descending
        view.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert column_texts(view, 1)[:3] == ["Öhman", "Åberg", "Zetterberg"]
    with qtbot.waitSignal(view.model.page_loaded):
        view.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # Födelsedatum
    assert column_texts(view, 2)[0] == "18880309"


def test_search_finds_by_name_email_and_birth_date(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    search(qtbot, view, "möller")
    assert column_texts(view, 0) == ["Beda"]
    assert view.pager.summary.text() == "Visar 1-1 av 1"
    search(qtbot, view, "19480403")
    assert column_texts(view, 1) == ["Maier"]
    search(qtbot, view, "test.se beda")
    assert column_texts(view, 1) == ["Möller"]
    search(qtbot, view, "ingen sådan")
    assert view.pager.summary.text() == "Inga träffar"


def test_create_pending_sign_receipt_then_active(
    qtbot: QtBot, driver: Driver, window: MainWindow, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    driver.login()
    view = driver.open_users()
    qtbot.waitUntil(lambda: pending_rows(view) == [("Andrea", "Sandin", "Ny")])  # bild 8
    qtbot.mouseClick(view.create_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, UserDialog)
    assert dialog.windowTitle() == "Skapa användare"
    fill_user_dialog(
        qtbot,
        dialog,
        first="Greta",
        last="Ödmark",
        pnr="19850312-2387",
        email="greta.odmark@dorotea.se",
        role=Role.REGISTRERARE,
        end=dt.date(2027, 6, 30),
    )
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignals([view.pending_loaded, view.model.page_loaded]):  # both reloaded
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert pending_rows(view)[1] == ("Greta", "Ödmark", "Ny")
    assert driver.users_total() == 24  # not a user before signing
    window = driver.window
    assert window.statusBar().currentMessage() == (
        "Greta Ödmark ligger nu under Användare att signera."
    )

    signing = sign_everything(qtbot, driver, view, ["Andrea Sandin", "Greta Ödmark"])
    assert signing.flow.receipt is not None
    assert signing.receipt_fields["Antal ändringar"].text() == "2"
    assert signing.receipt_fields["Signerad av"].text().startswith("Arvid Aronsson")
    assert len(signing.receipt_fields["Kontrollsumma (SHA-256)"].text()) == 64
    receipt_file = tmp_path / "kvittens.txt"
    signing.write_receipt(str(receipt_file))
    assert "Greta Ödmark" in receipt_file.read_text(encoding="utf-8")
    receipt = signing.flow.receipt
    qtbot.mouseClick(signing.close_button, LEFT)
    assert window.statusBar().currentMessage() == (f"2 ändringar signerade – kvittens {receipt.id}")

    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 0)
    qtbot.waitUntil(lambda: driver.users_total() == 26)
    search(qtbot, view, "Ödmark")
    assert column_texts(view, 7) == ["Väntar på aktivering"]
    driver.clock.advance(dt.timedelta(minutes=2))
    with qtbot.waitSignal(view.model.page_loaded):
        view.reload()
    assert column_texts(view, 7) == ["Aktiv"]
    assert view.pending_note.isVisible()
    assert view.pending_note.text() == "Inga ändringar väntar på signering."


def test_the_user_dialog_validates_as_you_type(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    qtbot.mouseClick(view.create_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, UserDialog)
    assert not dialog.save_button.isEnabled()
    assert not dialog.personnummer_error.isVisible()  # no shouting before typing
    type_text(dialog.personnummer, "19850312-2388")
    assert "kontrollsiffra" in dialog.personnummer_error.text()
    assert dialog.personnummer_error.isVisible()
    assert dialog.personnummer.property("invalid") is True
    qtbot.keyClick(dialog.personnummer, Qt.Key.Key_Backspace)
    type_text(dialog.personnummer, "7")
    assert not dialog.personnummer_error.isVisible()
    type_text(dialog.email, "greta@")
    assert "E-postadressen är inte giltig" in dialog.email_error.text()
    dialog.end_date.setDate(QDate(2028, 1, 1))
    assert "nästa årsskifte (2027-12-31)" in dialog.end_error.text()
    dialog.role.setCurrentIndex(dialog.role.findData(Role.BEHORIGHETSADMINISTRATOR.value))
    assert not dialog.end_date.isEnabled()
    assert "inget slutdatum" in dialog.end_note.text()
    assert not dialog.end_error.isVisible()
    dialog.reject()


def test_the_service_refusal_shows_in_the_dialog(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    qtbot.mouseClick(view.create_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, UserDialog)
    existing = view.model.object_at(0).user  # already has an authorization here
    fill_user_dialog(
        qtbot,
        dialog,
        first="Dubbel",
        last="Gångare",
        pnr=existing.personnummer.formatted,
        email="dubbel@dorotea.se",
        role=Role.LASARE,
    )
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.personnummer_error.isVisible())  # the service answers
    assert dialog.isVisible()
    assert "redan en behörighet" in dialog.personnummer_error.text()
    assert len(pending_rows(view)) == 1


def test_bulk_end_date_dialog(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    qtbot.mouseClick(view.end_date_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, EndDateDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 10)
    assert dialog.pager.summary.text() == "Visar 1-10 av 24"
    assert not dialog.confirm_button.isEnabled()
    model = dialog.model
    admins = [r for r in range(model.rowCount()) if model.object_at(r).user.role.is_admin]
    others = [r for r in range(model.rowCount()) if not model.object_at(r).user.role.is_admin]
    assert admins
    assert len(others) >= 2
    first_col = [model.index(r, 0) for r in range(model.rowCount())]
    assert not model.flags(first_col[admins[0]]) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(
        first_col[admins[0]], Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    chosen = [model.object_at(r).user.full_name for r in others[:2]]
    for r in others[:2]:
        assert model.setData(
            first_col[r], Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
        )
    assert dialog.count_label.text() == "2 användare markerade."
    dialog.end_date.setDate(QDate(2028, 3, 1))
    assert "nästa årsskifte" in dialog.date_error.text()
    assert not dialog.confirm_button.isEnabled()
    dialog.end_date.setDate(QDate(2027, 3, 31))
    assert dialog.confirm_button.isEnabled()
    qtbot.mouseClick(dialog.confirm_button, LEFT)
    qtbot.waitUntil(lambda: len(pending_rows(view)) == 3)
    changed = {f"{first} {last}": action for first, last, action in pending_rows(view)}
    assert all(changed[name] == "Ändrad" for name in chosen)
    for change in view.pending_model.rows():
        if change.draft.full_name in chosen:
            assert change.draft.end_date == dt.date(2027, 3, 31)


def test_the_red_cross_discards_after_confirmation(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 1)
    cross = view.pending_model.index(0, DISCARD_COLUMN)
    rect = view.pending_table.visualRect(cross)
    qtbot.mouseClick(view.pending_table.viewport(), LEFT, pos=rect.center())
    box = view.dialog
    assert isinstance(box, QMessageBox)
    assert "Andrea Sandin" in box.text()
    qtbot.mouseClick(button_of(box, "Behåll"), LEFT)
    assert not view.busy  # "Behåll" sent nothing …
    with qtbot.waitSignal(view.pending_loaded):
        view.reload()
    qtbot.waitUntil(lambda: not view.busy)
    assert view.pending_model.rowCount() == 1  # … and the change still waits
    qtbot.mouseClick(view.pending_table.viewport(), LEFT, pos=rect.center())
    box = view.dialog
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(button_of(box, "Förkasta"), LEFT)
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 0)
    assert not view.sign_button.isEnabled()
    assert driver.window.statusBar().currentMessage() == (
        "Ändringen för Andrea Sandin är förkastad."
    )


def test_the_magnifier_edits_a_pending_row(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 1)
    view.pending_table.selectRow(0)
    qtbot.mouseClick(view.edit_pending_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, UserDialog)
    assert dialog.first_name.text() == "Andrea"
    dialog.email.clear()
    type_text(dialog.email, "andrea@dorotea.se")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: view.pending_model.rows()[0].draft.email.value == "andrea@dorotea.se")


def test_removing_a_user_asks_first_and_waits_for_signing(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    search(qtbot, view, "Maier")
    view.select_user_row(0)
    qtbot.mouseClick(view.remove_button, LEFT)
    box = view.dialog
    assert isinstance(box, QMessageBox)
    assert "Laban Maier" in box.text()
    qtbot.mouseClick(button_of(box, "Ta bort"), LEFT)
    qtbot.waitUntil(lambda: ("Laban", "Maier", "Borttagen") in pending_rows(view))
    qtbot.waitUntil(lambda: "väntar på signering" in (column_texts(view, 7) or [""])[0])


def test_removing_the_last_admin_is_explained(qtbot: QtBot, driver: Driver) -> None:
    driver.login("Märta", "Grahn")  # Åsele kommun has one admin
    view = driver.open_users()
    row = row_of(view, "Märta", "Grahn")
    view.select_user_row(row)
    qtbot.mouseClick(view.remove_button, LEFT)
    box = view.dialog
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(button_of(box, "Ta bort"), LEFT)
    error = view.findChild(QMessageBox, "errorBox")
    qtbot.waitUntil(lambda: view.findChild(QMessageBox, "errorBox") is not None)
    error = view.findChild(QMessageBox, "errorBox")
    assert "nytt avtal" in error.text()
    assert view.pending_model.rowCount() == 0


def test_cancelling_signing_keeps_the_pending_rows(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 1)
    dialog = open_signing(qtbot, view)
    press_sign(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.flow.order is not None)
    qtbot.mouseClick(dialog.cancel_button, LEFT)
    assert "avbröts" in dialog.message.text()
    # Closing reads both lists again: the assertions are about what they read then.
    with qtbot.waitSignals([view.pending_loaded, view.model.page_loaded]):
        qtbot.mouseClick(dialog.close_button, LEFT)
    assert not dialog.isVisible()
    assert view.pending_model.rowCount() == 1
    assert driver.users_total() == 24


def test_skapa_shows_and_keeps_the_registered_name_of_a_known_person(
    qtbot: QtBot, driver: Driver
) -> None:
    # Issue 5: in Åsele, Skapa with Arvid Aronsson's personnummer and "Kalle Anka" must
    # not rename him anywhere; the form shows his registered name instead.
    driver.login("Märta", "Grahn")
    view = driver.open_users()
    qtbot.mouseClick(view.create_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, UserDialog)
    assert not dialog.first_name.isReadOnly()
    assert not dialog.name_note.isVisible()
    type_text(dialog.first_name, "Kalle")
    type_text(dialog.last_name, "Anka")
    type_text(dialog.personnummer, person_number(driver.window.services, "Arvid", "Aronsson"))
    qtbot.waitUntil(lambda: dialog.first_name.isReadOnly())
    assert (dialog.first_name.text(), dialog.last_name.text()) == ("Arvid", "Aronsson")
    assert dialog.last_name.isReadOnly()
    assert dialog.name_note.isVisible()
    assert "folkbokföringen/BankID" in dialog.name_note.text()

    # Somebody nobody has registered: the typed name is back, and may be changed.
    dialog.personnummer.clear()
    type_text(dialog.personnummer, "19850312-2387")
    qtbot.waitUntil(lambda: not dialog.first_name.isReadOnly())
    assert (dialog.first_name.text(), dialog.last_name.text()) == ("Kalle", "Anka")
    assert not dialog.name_note.isVisible()

    dialog.personnummer.clear()
    type_text(dialog.personnummer, person_number(driver.window.services, "Arvid", "Aronsson"))
    qtbot.waitUntil(lambda: dialog.first_name.isReadOnly())
    type_text(dialog.email, "arvid.aronsson@asele.se")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: len(pending_rows(view)) == 1)
    assert pending_rows(view) == [("Arvid", "Aronsson", "Ny")]


def test_andra_shows_the_name_read_only(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    search(qtbot, view, "Maier")
    view.select_user_row(0)
    qtbot.mouseClick(view.edit_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, UserDialog)
    assert dialog.first_name.isReadOnly() and dialog.last_name.isReadOnly()
    assert dialog.personnummer.isReadOnly()
    assert dialog.name_note.isVisible()
    dialog.reject()


def test_a_stale_row_is_refused_with_a_message(qtbot: QtBot, driver: Driver, demo: Store) -> None:
    driver.login()
    view = driver.open_users()
    search(qtbot, view, "Maier")
    view.select_user_row(0)
    qtbot.mouseClick(view.edit_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, UserDialog)
    shown = view.model.object_at(0).user
    with demo.unit_of_work(write=True) as uow:  # somebody else changes him meanwhile
        stored = uow.users.get(shown.id)
        assert stored is not None
        uow.users.update(replace(stored, email=EmailAddress("laban@annan.se")))
        uow.commit()
    dialog.email.clear()
    type_text(dialog.email, "laban.maier@dorotea.se")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.form_error.isVisible())
    assert "ändrats av någon annan" in dialog.form_error.text()
    assert dialog.isVisible()
    assert len(pending_rows(view)) == 1


class LosesTheFirstAnswer:
    """``create_user`` whose first answer is lost on the way back (the write was made)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.keys: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def create_user(self, caller: Any, command: CreateUser) -> Any:
        self.keys.append(command.key)
        result = self._inner.create_user(caller, command)
        if len(self.keys) == 1:
            raise ConnectionError("the answer was lost")
        return result


def test_spara_again_after_a_lost_answer_sends_the_same_command(
    qtbot: QtBot, make_window: WindowFactory, services: Services, clock: FixedClock, demo: Store
) -> None:
    users = LosesTheFirstAnswer(services.users)
    window = make_window(replace_services(services, users=users))
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
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.form_error.isVisible())  # the network error
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.save_button, LEFT)  # the user tries again
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert users.keys[0] == users.keys[1]  # one write, once: the same idempotency key
    qtbot.waitUntil(lambda: len(pending_rows(view)) == 2)
    assert pending_rows(view)[1] == ("Greta", "Ödmark", "Ny")


def test_a_late_registered_name_does_not_hide_the_services_refusal(
    qtbot: QtBot, make_window: WindowFactory, services: Services, clock: FixedClock, demo: Store
) -> None:
    gate = Gate("registered_person")  # the look-up answers only after the refusal
    window = gated_window(make_window, services, "users", gate)
    driver = Driver(qtbot, window, clock, demo)
    driver.login()
    view = driver.open_users()
    qtbot.mouseClick(view.create_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, UserDialog)
    existing = view.model.object_at(0).user  # already has an authorization here
    fill_user_dialog(
        qtbot,
        dialog,
        first="Dubbel",
        last="Gångare",
        pnr=existing.personnummer.formatted,
        email="dubbel@dorotea.se",
        role=Role.LASARE,
    )
    qtbot.waitUntil(gate.entered.is_set)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.personnummer_error.isVisible())
    gate.open()
    qtbot.waitUntil(lambda: dialog.first_name.isReadOnly())  # the registered name came
    assert dialog.first_name.text() == existing.first_name
    assert dialog.personnummer_error.isVisible()
    assert "redan en behörighet" in dialog.personnummer_error.text()


# ---------------------------------------------------------------- unsigned changes
def test_andra_on_a_user_with_an_unsigned_change_edits_that_change(
    qtbot: QtBot, driver: Driver
) -> None:
    """The form shows the queued change, and saving edits it: the e-mail change made
    first is kept, not dropped by the second edit."""
    driver.login()
    view = driver.open_users()
    search(qtbot, view, "Maier")
    view.select_user_row(0)
    qtbot.mouseClick(view.edit_button, LEFT)
    first = view.dialog
    assert isinstance(first, UserDialog)
    assert first.intro.text() == INTRO
    first.email.clear()
    type_text(first.email, "laban.ny@dorotea.se")
    qtbot.mouseClick(first.save_button, LEFT)
    qtbot.waitUntil(lambda: ("Laban", "Maier", "Ändrad") in pending_rows(view))
    qtbot.waitUntil(lambda: view.model.object_at(0).pending_change is not None)

    view.select_user_row(0)
    qtbot.mouseClick(view.edit_button, LEFT)
    second = view.dialog
    assert isinstance(second, UserDialog) and second is not first
    assert second.intro.text() == INTRO_PENDING
    assert second.email.text() == "laban.ny@dorotea.se"
    second.role.setCurrentIndex(second.role.findData(Role.LASARE.value))
    qtbot.mouseClick(second.save_button, LEFT)
    qtbot.waitUntil(lambda: not second.isVisible())

    def labans() -> list[Any]:
        return [c for c in view.pending_model.rows() if c.draft.last_name == "Maier"]

    qtbot.waitUntil(lambda: [c.draft.role for c in labans()] == [Role.LASARE])
    assert labans()[0].draft.email.value == "laban.ny@dorotea.se"


def test_another_admins_unsigned_change_is_not_replaced(
    qtbot: QtBot, driver: Driver, demo: Store
) -> None:
    """The list was read before Märta queued a change of Laban: saving the form that
    started from the stored user is refused, naming her, and her change stays."""
    driver.login()
    view = driver.open_users()
    search(qtbot, view, "Maier")
    view.select_user_row(0)
    laban = view.model.object_at(0).user
    assert view.model.object_at(0).pending_change is None
    with demo.unit_of_work(write=True) as uow:  # another admin, meanwhile
        marta = next(p for p in uow.persons.list_all() if p.full_name == "Märta Grahn")
        uow.pending.add(
            PendingChange(
                id=0,
                organisation_id=laban.organisation_id,
                kind=ChangeKind.USER,
                action=ChangeAction.ANDRAD,
                target_id=laban.id,
                payload=replace(
                    draft_of(laban), email=EmailAddress("marta.valde@dorotea.se")
                ).to_payload(),
                created_by_person_id=marta.id,
                created_at=driver.clock.now(),
            )
        )
        uow.commit()
    qtbot.mouseClick(view.edit_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, UserDialog)
    dialog.role.setCurrentIndex(dialog.role.findData(Role.LASARE.value))
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: dialog.form_error.isVisible())
    assert "gjord av Märta Grahn" in dialog.form_error.text()
    assert dialog.isVisible()
    with demo.unit_of_work() as uow:
        kept = uow.pending.for_target(laban.organisation_id, ChangeKind.USER, laban.id)
    assert kept is not None and kept.user_draft().email.value == "marta.valde@dorotea.se"
    assert kept.user_draft().role is laban.role


def test_andra_on_a_user_about_to_be_removed_explains(qtbot: QtBot, driver: Driver) -> None:
    driver.login()
    view = driver.open_users()
    search(qtbot, view, "Maier")
    view.select_user_row(0)
    qtbot.mouseClick(view.remove_button, LEFT)
    box = view.dialog
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(button_of(box, "Ta bort"), LEFT)
    qtbot.waitUntil(lambda: view.model.object_at(0).pending_change is not None)
    view.select_user_row(0)
    qtbot.mouseClick(view.edit_button, LEFT)
    info = view.dialog
    assert isinstance(info, QMessageBox) and not isinstance(info, UserDialog)
    assert "röda krysset" in info.text()
