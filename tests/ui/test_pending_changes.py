"""*Organisationen > Ändringar att signera*: users', contact persons' and accounts' changes
in one list, signed together with one BankID signing and one receipt."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import AccountDraft, ChangeKind, ContactDraft
from kawebb_desktop.domain.values import AccountKind, EmailAddress
from kawebb_desktop.services.api import (
    Caller,
    CreateAccount,
    CreateContact,
    DiscardPending,
    Services,
    caller_of,
)
from kawebb_desktop.ui.dialogs.account_dialog import AccountDialog
from kawebb_desktop.ui.dialogs.contact_dialog import ContactDialog
from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog
from kawebb_desktop.ui.dialogs.user_dialog import UserDialog
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.pending_changes import (
    DESCRIPTION_COLUMN,
    DISCARD_COLUMN,
    EDIT_COLUMN,
    NOTHING_TO_SIGN,
    PendingChangesView,
    load_signable,
    signable,
)
from tests.ui.conftest import Driver, WindowFactory, button_of, open_signing, press_sign
from tests.ui.test_columns import drag_column_edge

LEFT = Qt.MouseButton.LeftButton
TAB = "Ändringar att signera"
#: A valid Bankgiro number (check digit by Luhn) that no demo account has.
BANKGIRO = "5551239"


def actor_of(window: MainWindow) -> Actor:
    actor = window.actor
    assert actor is not None
    return actor


def keep_one_user_change(services: Services, caller: Caller) -> str:
    """Discard the demo's unsigned user changes but the first; returns its name."""
    first, *rest = services.users.list_pending(caller)
    for change in rest:
        services.users.discard_pending(caller, DiscardPending(change.id, change.version))
    return first.draft.full_name


def queue_contact_and_account(services: Services, caller: Caller) -> None:
    """A new contact person and a new account, both waiting to be signed."""
    organisations = services.organisations
    unit = organisations.units(caller)[0]
    contact = ContactDraft(
        "Greta", "Ödmark", EmailAddress("greta.odmark@dorotea.se"), unit_ids=(unit.id,)
    )
    organisations.create_contact(caller, CreateContact(contact))
    account = AccountDraft(AccountKind.BANKGIRO, BANKGIRO, unit_ids=(unit.id,))
    organisations.create_account(caller, CreateAccount(account))


def open_pending(qtbot: QtBot, window: MainWindow, rows: int) -> PendingChangesView:
    """The tab, once it shows ``rows`` rows read after everything queued so far."""
    workspace = window.workspace
    assert workspace is not None and workspace.pending is not None
    view = workspace.pending
    workspace.show_tab("Organisationen", TAB)
    view.reload()
    qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() == rows)
    return view


def focus(qtbot: QtBot, widget: QWidget) -> None:
    """Give ``widget`` the keyboard focus in an active window, as a click would."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def texts(view: PendingChangesView) -> list[tuple[str, str, str, str]]:
    m = view.model
    return [
        tuple(m.data(m.index(r, c)) for c in (0, 1, 2, 3))  # type: ignore[misc]
        for r in range(m.rowCount())
    ]


def row_of_kind(view: PendingChangesView, kind: ChangeKind) -> int:
    return next(i for i, r in enumerate(view.rows()) if r.kind is kind)


def sign_shown(qtbot: QtBot, driver: Driver, view: PendingChangesView, lines: int) -> SigningDialog:
    dialog = open_signing(qtbot, view)  # type: ignore[arg-type]
    assert len(dialog.summary.toPlainText().splitlines()) == lines
    press_sign(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.flow.order is not None)
    qtbot.waitUntil(lambda: dialog.qr.content.startswith("bankid."))
    driver.approve_signing(dialog)
    qtbot.waitUntil(lambda: dialog.flow.receipt is not None, timeout=10_000)
    return dialog


def test_the_list_shows_a_change_of_each_kind(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    driver.login()
    caller = caller_of(actor_of(window))
    name = keep_one_user_change(services, caller)
    queue_contact_and_account(services, caller)
    view = open_pending(qtbot, window, 3)
    shown = texts(view)
    assert [(t[0], t[1]) for t in shown[1:]] == [("Kontaktperson", "Ny"), ("Konto", "Ny")]
    assert shown[0][0] == "Användare"
    assert name in shown[0][2]
    assert shown[1][2] == "Greta Ödmark, greta.odmark@dorotea.se"
    assert shown[2][2] == "Bankgiro 555-1239"
    details = view.model.data(view.model.index(1, 2), Qt.ItemDataRole.ToolTipRole)
    assert details.startswith("kontaktperson Greta Ödmark, greta.odmark@dorotea.se, 1 ")
    # Arvid made the contact and the account; the demo's user change was made earlier.
    assert shown[1][3] == shown[2][3] == "du"
    assert view.table.accessibleName() == TAB
    assert view.sign_button.isEnabled()
    assert not view.table.isColumnHidden(EDIT_COLUMN)


def test_discard_a_contact_change_after_confirming(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    driver.login()
    caller = caller_of(actor_of(window))
    keep_one_user_change(services, caller)
    queue_contact_and_account(services, caller)
    view = open_pending(qtbot, window, 3)
    view.select_row(row_of_kind(view, ChangeKind.CONTACT))
    focus(qtbot, view.table)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: isinstance(view.dialog, QMessageBox))
    box = view.dialog
    assert isinstance(box, QMessageBox)
    assert "Greta Ödmark" in box.text()
    assert box.defaultButton() is button_of(box, "Behåll")
    qtbot.mouseClick(button_of(box, "Förkasta"), LEFT)
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert [r.kind for r in view.rows()] == [ChangeKind.USER, ChangeKind.ACCOUNT]
    assert services.organisations.pending_contacts(caller) == []


def test_keeping_a_change_discards_nothing(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    driver.login()
    caller = caller_of(actor_of(window))
    keep_one_user_change(services, caller)
    queue_contact_and_account(services, caller)
    view = open_pending(qtbot, window, 3)
    view.select_row(row_of_kind(view, ChangeKind.ACCOUNT))
    qtbot.mouseClick(
        view.table.viewport(),
        LEFT,
        pos=view.table.visualRect(view.model.index(2, DISCARD_COLUMN)).center(),
    )
    qtbot.waitUntil(lambda: isinstance(view.dialog, QMessageBox))
    box = view.dialog
    assert isinstance(box, QMessageBox)
    qtbot.mouseClick(button_of(box, "Behåll"), LEFT)
    assert len(services.organisations.pending_accounts(caller)) == 1


def test_sign_everything_with_one_receipt(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    driver.login()
    caller = caller_of(actor_of(window))
    keep_one_user_change(services, caller)
    queue_contact_and_account(services, caller)
    view = open_pending(qtbot, window, 3)
    dialog = sign_shown(qtbot, driver, view, 3)
    receipt = dialog.flow.receipt
    assert receipt is not None and receipt.change_count == 3
    dialog.close_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and not view.busy)
    assert view.note.empty_text == NOTHING_TO_SIGN
    assert not view.sign_button.isEnabled()
    contacts = services.organisations.contacts(caller)
    assert any(c.full_name == "Greta Ödmark" for c in contacts)
    accounts = services.organisations.accounts(caller)
    assert any(a.number == BANKGIRO for a in accounts)
    assert load_signable(services, actor_of(window)) == []


def test_a_user_change_opens_the_user_form(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    driver.login()
    caller = caller_of(actor_of(window))
    name = keep_one_user_change(services, caller)
    view = open_pending(qtbot, window, 1)
    view.select_row(0)
    focus(qtbot, view.table)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(view.dialog, UserDialog))
    dialog = view.dialog
    assert isinstance(dialog, UserDialog)
    assert dialog.windowTitle() == "Ändra användare att signera"
    assert f"{dialog.first_name.text()} {dialog.last_name.text()}" == name
    dialog.reject()


def test_a_tjansteadministrator_signs_contacts_and_accounts_only(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    driver.login("Viking", "Evertsson")
    actor = actor_of(window)
    caller = caller_of(actor)
    queue_contact_and_account(services, caller)
    view = open_pending(qtbot, window, 2)
    assert [r.kind for r in view.rows()] == [ChangeKind.CONTACT, ChangeKind.ACCOUNT]
    assert len(signable(view.rows(), actor.role)) == 2
    dialog = sign_shown(qtbot, driver, view, 2)
    receipt = dialog.flow.receipt
    assert receipt is not None and receipt.change_count == 2
    dialog.close_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and not view.busy)
    assert any(a.number == BANKGIRO for a in services.organisations.accounts(caller))


def test_a_lasare_sees_the_list_but_cannot_change_or_sign_it(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    # Arvid queues the changes; Hampus Nordin (Läsare) reads them.
    driver.login()
    queue_contact_and_account(services, caller_of(actor_of(window)))
    workspace = window.workspace
    assert workspace is not None
    qtbot.mouseClick(workspace.logout_button, LEFT)
    qtbot.waitUntil(lambda: window.workspace is None)
    driver.login("Hampus", "Nordin")
    view = open_pending(qtbot, window, 2)
    assert [r.kind for r in view.rows()] == [ChangeKind.CONTACT, ChangeKind.ACCOUNT]
    # Ändrad av names the admin who made them (not "du": Hampus did not).
    assert [t[3] for t in texts(view)] == ["Arvid Aronsson", "Arvid Aronsson"]
    assert not view.sign_button.isVisible()
    assert not view.edit_button.isVisible()
    assert not view.discard_button.isVisible()
    assert view.table.isColumnHidden(EDIT_COLUMN)
    assert view.table.isColumnHidden(DISCARD_COLUMN)
    view.select_row(0)
    focus(qtbot, view.table)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert view.dialog is None


def test_signera_under_anvandare_signs_the_contact_changes_too(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    """The service signs the whole set: Användare's Signera confirms all of it (no
    Conflict over a contact change the list Användare att signera does not show)."""
    driver.login()
    caller = caller_of(actor_of(window))
    keep_one_user_change(services, caller)
    queue_contact_and_account(services, caller)
    users = driver.open_users()
    qtbot.waitUntil(lambda: users.pending_model.rowCount() == 1)
    dialog = open_signing(qtbot, users)
    lines = dialog.summary.toPlainText().splitlines()
    assert len(lines) == 3
    assert "kontaktperson Greta Ödmark" in lines[1]
    press_sign(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.qr.content.startswith("bankid."))
    driver.approve_signing(dialog)
    qtbot.waitUntil(lambda: dialog.flow.receipt is not None, timeout=10_000)
    receipt = dialog.flow.receipt
    assert receipt is not None and receipt.change_count == 3
    assert services.organisations.pending_contacts(caller) == []


def test_the_magnifier_opens_the_contact_and_the_account_form(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    driver.login()
    caller = caller_of(actor_of(window))
    keep_one_user_change(services, caller)
    queue_contact_and_account(services, caller)
    view = open_pending(qtbot, window, 3)
    for kind, form in ((ChangeKind.CONTACT, ContactDialog), (ChangeKind.ACCOUNT, AccountDialog)):
        row = row_of_kind(view, kind)
        view.select_row(row)
        qtbot.mouseClick(
            view.table.viewport(),
            LEFT,
            pos=view.table.visualRect(view.model.index(row, EDIT_COLUMN)).center(),
        )
        qtbot.waitUntil(lambda form=form: isinstance(view.dialog, form))
        dialog = view.dialog
        assert dialog is not None
        qtbot.waitExposed(dialog)
        dialog.close()


def test_a_contact_change_edited_in_its_form_is_shown_edited(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    driver.login()
    caller = caller_of(actor_of(window))
    keep_one_user_change(services, caller)
    queue_contact_and_account(services, caller)
    view = open_pending(qtbot, window, 3)
    view.select_row(row_of_kind(view, ChangeKind.CONTACT))
    focus(qtbot, view.table)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(view.dialog, ContactDialog))
    dialog = view.dialog
    assert isinstance(dialog, ContactDialog)
    assert dialog.email.text() == "greta.odmark@dorotea.se"
    dialog.email.setText("greta@dorotea.se")
    assert dialog.save_button is not None
    qtbot.waitUntil(dialog.save_button.isEnabled)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: "Greta Ödmark, greta@dorotea.se" in [t[2] for t in texts(view)])
    (contact,) = services.organisations.pending_contacts(caller)
    assert contact.draft.email.value == "greta@dorotea.se"


def test_the_column_widths_set_by_hand_are_remembered(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    services: Services,
    make_window: WindowFactory,
) -> None:
    driver.login()
    keep_one_user_change(services, caller_of(actor_of(window)))
    view = open_pending(qtbot, window, 1)
    header = view.table.horizontalHeader()
    fitted = header.sectionSize(DESCRIPTION_COLUMN)
    drag_column_edge(qtbot, view.table, DESCRIPTION_COLUMN, 60)
    assert header.sectionSize(DESCRIPTION_COLUMN) == fitted + 60
    window.close()
    again = make_window()
    Driver(qtbot, again, driver.clock, driver.store).login()
    view = open_pending(qtbot, again, 1)
    assert view.table.horizontalHeader().sectionSize(DESCRIPTION_COLUMN) == fitted + 60


def test_a_signing_completed_after_close_is_told_in_a_box(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services
) -> None:
    """The phone approved just as the dialog was closed: the view says the signing went
    through after all, with the receipt's number and signer (show_completed_after_close,
    which every view that signs shows)."""
    driver.login()
    keep_one_user_change(services, caller_of(actor_of(window)))
    view = open_pending(qtbot, window, 1)
    dialog = sign_shown(qtbot, driver, view, 1)
    receipt = dialog.flow.receipt
    assert receipt is not None
    dialog.completed_after_close.emit(receipt)
    qtbot.waitUntil(lambda: isinstance(view.dialog, QMessageBox))
    box = view.dialog
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == "Signeringen genomfördes"
    assert f"Kvittensnummer {receipt.id}, signerad av {receipt.signer_name}." in box.text()
    assert box.objectName() == "infoBox"
