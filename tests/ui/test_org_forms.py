"""*Uppgifter*: the contact person form and the account form (Skapa, the magnifier, Ta
bort), typed through like an administrator would, on the demo's Dorotea kommun."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.changes import ChangeAction
from kawebb_desktop.domain.org_rules import ADMIN_CONTACT_REMOVED, NO_UNIT
from kawebb_desktop.domain.values import AccountKind
from kawebb_desktop.services.api import (
    ChangeContact,
    CreateAccount,
    CreateContact,
    PendingAccountChange,
    PendingContactChange,
    VersionedId,
    caller_of,
)
from kawebb_desktop.ui.dialogs.account_dialog import REVIEW_NOTE, AccountDialog
from kawebb_desktop.ui.dialogs.contact_dialog import INTRO_PENDING, ContactDialog
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.organisation import OrganisationDetailsView
from tests.ui.conftest import Driver, button_of, type_text
from tests.ui.test_accessibility import problems

LEFT = Qt.MouseButton.LeftButton


def details(
    driver: Driver, window: MainWindow, who: str = "Arvid Aronsson"
) -> OrganisationDetailsView:
    first, last = who.split(" ", 1)
    driver.login(first, last)
    workspace = window.workspace
    assert workspace is not None
    workspace.show_tab("Organisationen", "Uppgifter")
    view = workspace.details
    driver.qtbot.waitUntil(lambda: view.contacts.rowCount() > 0 and not view.busy)
    return view


def pending_contacts(window: MainWindow) -> list[PendingContactChange]:
    assert window.actor is not None
    return window.services.organisations.pending_contacts(caller_of(window.actor))


def pending_accounts(window: MainWindow) -> list[PendingAccountChange]:
    assert window.actor is not None
    return window.services.organisations.pending_accounts(caller_of(window.actor))


def contact_form(qtbot: QtBot, view: OrganisationDetailsView) -> ContactDialog:
    qtbot.waitUntil(lambda: isinstance(view.dialog, ContactDialog) and view.dialog.isVisible())
    dialog = view.dialog
    assert isinstance(dialog, ContactDialog)
    qtbot.waitExposed(dialog)
    return dialog


def account_form(qtbot: QtBot, view: OrganisationDetailsView) -> AccountDialog:
    qtbot.waitUntil(lambda: isinstance(view.dialog, AccountDialog) and view.dialog.isVisible())
    dialog = view.dialog
    assert isinstance(dialog, AccountDialog)
    qtbot.waitExposed(dialog)
    return dialog


def open_row(qtbot: QtBot, table: QWidget, row: int = 0) -> None:
    """Choose the row with the keyboard and press Enter (as a double click would)."""
    assert hasattr(table, "selectRow")
    table.setFocus()
    table.selectRow(row)
    qtbot.keyClick(table, Qt.Key.Key_Return)


def fill_contact(dialog: ContactDialog, *, phone: str = "070-123 45 67") -> None:
    type_text(dialog.first_name, "Greta")
    type_text(dialog.last_name, "Ödmark")
    type_text(dialog.email, "greta.odmark@dorotea.se")
    type_text(dialog.phone1, phone)


def test_create_a_contact_person(qtbot: QtBot, driver: Driver, window: MainWindow) -> None:
    view = details(driver, window)
    assert view.create_contact_button.isVisible()
    qtbot.mouseClick(view.create_contact_button, LEFT)
    dialog = contact_form(qtbot, view)
    assert dialog.windowTitle() == "Skapa kontaktperson"
    assert dialog.remove_button is None
    assert dialog.units.count() == len(view.units) > 0
    assert dialog.addresses.count() == len(view.addresses) > 0

    fill_contact(dialog)
    dialog.units.set_checked(dialog.units.keys()[0], True)
    dialog.addresses.set_checked(dialog.addresses.keys()[0], True)
    assert dialog.save_button is not None and dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.phone1, Qt.Key.Key_Return)  # Enter = Spara

    qtbot.waitUntil(lambda: not dialog.isVisible())
    (change,) = pending_contacts(window)
    assert change.action is ChangeAction.NY
    assert change.draft.full_name == "Greta Ödmark"
    assert change.draft.phone1 == "+46701234567"  # stored normalised
    assert change.draft.unit_ids == (dialog.units.keys()[0],)
    assert change.draft.addresses == (dialog.addresses.keys()[0],)
    assert not change.draft.administrative
    assert isinstance(dialog.last_command, CreateContact)
    assert not dialog.last_command.take_over
    qtbot.waitUntil(
        lambda: "ligger nu under Ändringar att signera" in window.statusBar().currentMessage()
    )
    assert "Greta Ödmark" in window.statusBar().currentMessage()


def test_change_a_contact_person_then_change_the_unsigned_change(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = details(driver, window)
    contact = view.contacts.object_at(0).contact
    open_row(qtbot, view.contacts_table)
    dialog = contact_form(qtbot, view)
    assert dialog.windowTitle() == "Ändra kontaktperson"
    assert dialog.first_name.text() == contact.first_name
    assert dialog.phone1.text() == contact.phone1_text
    assert dialog.administrative.isChecked() == contact.administrative

    type_text(dialog.phone2, "+46 70 765 43 21")
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    command = dialog.last_command
    assert isinstance(command, ChangeContact)
    assert (command.contact_id, command.version, command.pending) == (
        contact.id,
        contact.version,
        None,
    )
    (change,) = pending_contacts(window)
    assert change.action is ChangeAction.ANDRAD and change.draft.phone2 == "+46707654321"

    # The row says it has an unsigned change, and its form starts from that change.
    qtbot.waitUntil(lambda: view.contacts.object_at(0).pending is not None)
    unsigned = view.contacts.index(0, view.contacts.open_column - 1)
    assert view.contacts.data(unsigned) == "Ändrad, väntar på signering"
    open_row(qtbot, view.contacts_table)
    again = contact_form(qtbot, view)
    assert again is not dialog
    assert again.intro.text() == INTRO_PENDING
    assert again.phone2.text() == "070-765 43 21"
    again.phone2.clear()
    type_text(again.phone2, "08-123 456 78")
    qtbot.mouseClick(again.save_button, LEFT)
    qtbot.waitUntil(lambda: not again.isVisible())
    assert isinstance(again.last_command, ChangeContact)
    assert again.last_command.pending == VersionedId(change.id, change.version)
    (changed,) = pending_contacts(window)
    assert changed.id == change.id and changed.draft.phone2 == "+46812345678"


def test_bad_phone_and_email_are_refused_at_their_fields_and_nothing_is_saved(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = details(driver, window)
    qtbot.mouseClick(view.create_contact_button, LEFT)
    dialog = contact_form(qtbot, view)
    # Nothing shouts before anything is typed.
    assert not dialog.email_error.isVisible() and not dialog.first_name_error.isVisible()

    fill_contact(dialog, phone="12345")
    dialog.email.clear()
    type_text(dialog.email, "greta@")
    type_text(dialog.phone2, "070-12")

    assert dialog.phone1_error.isVisible()
    assert "inte ett giltigt svenskt nummer" in dialog.phone1_error.text()
    assert dialog.phone2_error.isVisible()
    assert dialog.email_error.isVisible()
    assert "E-postadressen" in dialog.email_error.text()
    assert dialog.phone1.property("invalid") is True
    assert dialog.save_button is not None and not dialog.save_button.isEnabled()
    qtbot.keyClick(dialog.phone2, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert pending_contacts(window) == []

    # Corrected, the messages go and Spara is possible.
    dialog.phone1.clear()
    type_text(dialog.phone1, "0942-140 00")
    dialog.phone2.clear()
    type_text(dialog.phone2, "")
    dialog.email.clear()
    type_text(dialog.email, "greta@dorotea.se")
    assert not dialog.phone1_error.isVisible() and not dialog.email_error.isVisible()
    assert dialog.save_button.isEnabled()
    dialog.reject()
    assert pending_contacts(window) == []


def test_an_account_with_a_wrong_check_digit_or_no_unit_is_refused(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = details(driver, window)
    qtbot.mouseClick(view.create_account_button, LEFT)
    dialog = account_form(qtbot, view)
    assert dialog.windowTitle() == "Skapa konto"
    assert dialog.review_note.text() == REVIEW_NOTE
    assert dialog.kind.currentText() == "Bankgiro"

    type_text(dialog.number, "762-0256")
    assert dialog.number_error.isVisible()
    assert dialog.number_error.text() == "Bankgironumrets kontrollsiffra stämmer inte."
    assert not dialog.number_shown.isVisible()

    dialog.number.clear()
    type_text(dialog.number, "50501055")
    assert not dialog.number_error.isVisible()
    assert dialog.number_shown.text() == "Bankgiro: 5050-1055"
    # No unit chosen: Spara says so at the field, and nothing is sent.
    assert dialog.save_button is not None
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.units_error.isVisible() and dialog.units_error.text() == NO_UNIT
    assert dialog.number.text() == "5050-1055"  # shown as people write it
    assert pending_accounts(window) == []

    dialog.units.set_checked(dialog.units.keys()[0], True)
    assert not dialog.units_error.isVisible()
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    (change,) = pending_accounts(window)
    assert change.action is ChangeAction.NY
    assert (change.draft.kind, change.draft.number) == (AccountKind.BANKGIRO, "50501055")
    assert not change.draft.is_default


def test_a_bank_account_is_typed_with_its_clearing_number(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = details(driver, window)
    qtbot.mouseClick(view.create_account_button, LEFT)
    dialog = account_form(qtbot, view)
    dialog.kind.setCurrentIndex(dialog.kind.findData(AccountKind.BANKKONTO.value))
    type_text(dialog.number, "8327-9, 123 456 789-7")
    assert not dialog.number_error.isVisible()
    assert dialog.number_shown.text() == "Bankkonto: 8327-9, 1234567897 (Swedbank)"
    type_text(dialog.number, "1")
    assert dialog.number_error.isVisible()


def test_a_reader_sees_the_forms_read_only(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = details(driver, window, "Hampus Nordin")  # Läsare
    assert not view.create_contact_button.isVisible()
    assert not view.create_account_button.isVisible()
    open_row(qtbot, view.contacts_table)
    dialog = contact_form(qtbot, view)
    assert dialog.read_only
    assert dialog.save_button is None and dialog.remove_button is None
    assert [b.text() for b in dialog.buttons.buttons()] == ["Stäng"]
    for field in (dialog.first_name, dialog.email, dialog.units, dialog.administrative):
        assert not field.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    qtbot.waitUntil(lambda: view.accounts.rowCount() > 0)
    open_row(qtbot, view.accounts_table)
    account = account_form(qtbot, view)
    assert account.read_only and account.save_button is None
    assert not account.number.isEnabled() and not account.kind.isEnabled()
    assert account.status.text() == view.accounts.object_at(0).account.review_status
    account.reject()


def test_a_registrerare_cannot_create_or_change(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = details(driver, window, "Olof Zetterberg")  # Registrerare
    assert not view.create_contact_button.isVisible()
    view.open_contact(0)
    dialog = contact_form(qtbot, view)
    assert dialog.read_only and not dialog.first_name.isEnabled()
    dialog.reject()


def test_a_new_administrative_contact_and_standard_account_take_over(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = details(driver, window)
    admin = next(r.contact for r in view.contacts.objects() if r.contact.administrative)
    qtbot.mouseClick(view.create_contact_button, LEFT)
    dialog = contact_form(qtbot, view)
    fill_contact(dialog)
    assert not dialog.take_over.isVisible()
    dialog.administrative.setChecked(True)
    assert dialog.take_over.isVisible()
    assert dialog.take_over.text() == f"{admin.full_name} upphör att vara administrativ kontakt."
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert isinstance(dialog.last_command, CreateContact) and dialog.last_command.take_over
    changes = {c.action: c for c in pending_contacts(window)}
    assert changes[ChangeAction.NY].draft.administrative
    assert changes[ChangeAction.ANDRAD].draft.full_name == admin.full_name
    assert not changes[ChangeAction.ANDRAD].draft.administrative

    qtbot.waitUntil(lambda: not view.busy and view.accounts.rowCount() > 0)
    standard = next(r.account for r in view.accounts.objects() if r.account.is_default)
    qtbot.mouseClick(view.create_account_button, LEFT)
    account = account_form(qtbot, view)
    account.kind.setCurrentIndex(account.kind.findData(AccountKind.PLUSGIRO.value))
    type_text(account.number, "4 12 34-6")
    assert not account.number_error.isVisible()
    account.units.set_checked(account.units.keys()[0], True)
    account.is_default.setChecked(True)
    assert account.take_over.isVisible()
    assert account.take_over.text() == (
        f"{standard.kind.label} {standard.formatted_number} upphör att vara standardkonto."
    )
    qtbot.mouseClick(account.save_button, LEFT)
    qtbot.waitUntil(lambda: not account.isVisible())
    assert isinstance(account.last_command, CreateAccount) and account.last_command.take_over
    accounts = {c.action: c for c in pending_accounts(window)}
    assert accounts[ChangeAction.NY].draft.is_default
    assert not accounts[ChangeAction.ANDRAD].draft.is_default


def test_the_administrative_contact_cannot_be_removed(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = details(driver, window)
    row = next(r for r, c in enumerate(view.contacts.objects()) if c.contact.administrative)
    view.open_contact(row)
    dialog = contact_form(qtbot, view)
    assert dialog.remove_button is not None
    qtbot.mouseClick(dialog.remove_button, LEFT)
    qtbot.waitUntil(lambda: dialog.confirm is not None and dialog.confirm.isVisible())
    assert dialog.confirm is not None
    qtbot.mouseClick(button_of(dialog.confirm, "Ta bort"), LEFT)
    qtbot.waitUntil(lambda: dialog.form_error.isVisible())
    assert dialog.form_error.text() == ADMIN_CONTACT_REMOVED
    assert dialog.isVisible()
    assert pending_contacts(window) == []


def test_the_keyboard_goes_through_the_contact_form(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = details(driver, window)
    qtbot.mouseClick(view.create_contact_button, LEFT)
    dialog = contact_form(qtbot, view)
    dialog.activateWindow()
    dialog.first_name.setFocus()
    qtbot.waitUntil(dialog.first_name.hasFocus)
    order = [dialog.first_name]
    for _ in range(7):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [
        dialog.first_name,
        dialog.last_name,
        dialog.email,
        dialog.phone1,
        dialog.phone2,
        dialog.units,
        dialog.addresses,
        dialog.administrative,
    ]
    # Space ticks the unit that has the focus, as a person would.
    dialog.units.setFocus()
    qtbot.keyClick(dialog.units, Qt.Key.Key_Space)
    assert dialog.units.checked() == [dialog.units.keys()[0]]
    for widget in (dialog.first_name, dialog.units, dialog.administrative):
        assert widget.accessibleName()
    assert dialog.units.accessibleName() == "Utförande verksamheter"
    assert dialog.administrative.accessibleName() == "Administrativ kontakt"

    fill_contact(dialog)
    qtbot.keyClick(dialog.email, Qt.Key.Key_Escape)  # Esc = Avbryt
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert pending_contacts(window) == []


def test_every_field_of_both_forms_is_named_as_its_label(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = details(driver, window)
    for opened, form in (
        (view.create_contact_button.click, contact_form),
        (lambda: view.open_contact(0), contact_form),
        (view.create_account_button.click, account_form),
        (lambda: view.open_account(0), account_form),
    ):
        opened()
        dialog = form(qtbot, view)
        assert problems(dialog) == [], dialog.windowTitle()
        dialog.reject()
        qtbot.waitUntil(lambda d=dialog: not d.isVisible())
