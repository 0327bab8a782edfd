"""Every screen and dialog fits a 1024×768 and a 1400×900 workstation, with nothing clipped.

The offscreen platform has a 1024×768 and a 1400×900 screen here (tests/conftest.py); the
main window is shown on one of them and sizes itself to it, as it would there. Each screen
of :data:`SCREENS` is opened in it and checked by :func:`tests.ui.layout.layout_problems`:
the window inside the screen's available area, and no button, field, label, tab, table
heading or table text cut off.

A new screen or dialog joins by being listed once: a function decorated with
``@screen("NN-name")`` that opens it from the window it is given and returns the window
to check (the main window or the dialog).

With ``KAWEBB_SCREENSHOTS=<folder>`` each screen is also saved as
``<folder>/<size>/<name>.png`` (``make screenshots``, scripts/screenshots.py).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import (
    QByteArray,
    QDataStream,
    QDate,
    QIODevice,
    QRect,
    QSettings,
    QSize,
    Qt,
)
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.compensation import CompensationKind, FieldOfWork
from kawebb_desktop.domain.documents import DocumentStatus, DocumentType
from kawebb_desktop.services.af import AgreementService
from kawebb_desktop.services.api import (
    Caller,
    DiscardPending,
    SaveDocument,
    SendDocument,
    Services,
    caller_of,
)
from kawebb_desktop.services.common import Env
from kawebb_desktop.services.flows import Device
from kawebb_desktop.services.offline_api import (
    KIND_PENDING,
    FieldValue,
    RefusedCommand,
    SyncState,
)
from kawebb_desktop.settings import Settings
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.dialogs.account_dialog import AccountDialog
from kawebb_desktop.ui.dialogs.case_dialog import CaseDialog
from kawebb_desktop.ui.dialogs.conflict_dialog import ConflictDialog
from kawebb_desktop.ui.dialogs.document_dialog import DocumentDialog
from kawebb_desktop.ui.dialogs.end_date_dialog import EndDateDialog
from kawebb_desktop.ui.dialogs.help_dialog import HelpDialog
from kawebb_desktop.ui.dialogs.refused_dialog import RefusedDialog
from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog
from kawebb_desktop.ui.dialogs.user_dialog import UserDialog
from kawebb_desktop.ui.errors import show_error
from kawebb_desktop.ui.i18n import tr
from kawebb_desktop.ui.main_window import FIRST_SIZE, MainWindow, Workspace
from kawebb_desktop.ui.views.claim_request import ClaimRequestView
from kawebb_desktop.ui.views.organisation import OrganisationDetailsView
from kawebb_desktop.ui.views.receipts import ReceiptsView
from kawebb_desktop.ui.views.users import UsersView
from kawebb_desktop.ui.widgets.screen import SCREEN_SHARE
from kawebb_desktop.ui.widgets.session_lock import IDLE_LOCKED
from tests.ui.conftest import Driver, type_text
from tests.ui.layout import layout_problems
from tests.ui.test_documents import sign_with_services
from tests.ui.test_pending_changes import keep_one_user_change, queue_contact_and_account

#: The workstations, by the names of the offscreen screens that stand for them, and
#: whether a table may scroll sideways there (at 1024×768 it may; buttons may not go).
SIZES = ("1024x768", "1400x900")
SIDEWAYS = {"1024x768": True, "1400x900": False}


class Tour:
    """The main window of one test, and how to get to each screen in it."""

    def __init__(self, qtbot: QtBot, window: MainWindow, driver: Driver) -> None:
        self.qtbot, self.window, self.driver = qtbot, window, driver

    @property
    def workspace(self) -> Workspace:
        workspace = self.window.workspace
        assert workspace is not None
        return workspace

    def users(self, *, pending: bool = True) -> UsersView:
        """*Organisationen > Användare*, its list and (if ``pending``) the changes to sign
        loaded."""
        view = self.driver.open_users()
        self.qtbot.waitUntil(
            lambda: view.model.rowCount() > 0 and (view.pending_model.rowCount() > 0) == pending
        )
        return view

    def dialog(self, view: UsersView) -> QWidget:
        """The dialog or message box ``view`` opens now, once it is shown."""
        self.qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
        assert view.dialog is not None
        self.qtbot.waitExposed(view.dialog)
        return view.dialog

    def select_user(self, view: UsersView, *, admin: bool = False) -> None:
        for row in range(view.model.rowCount()):
            if view.model.object_at(row).user.role.is_admin == admin:
                view.select_user_row(row)
                return
        raise AssertionError("no such user on the first page")


Opener = Callable[[Tour], QWidget]


@dataclass(frozen=True)
class Screen:
    #: The name of its screenshot (``NN-name``, in the order of a walk through the app).
    name: str
    open: Opener
    #: Opened from a logged-in window (else from the login page).
    logged_in: bool = True
    #: Who logs in (first and last name) when ``logged_in``.
    person: tuple[str, str] = ("Arvid", "Aronsson")


SCREENS: list[Screen] = []


def screen(
    name: str, *, logged_in: bool = True, person: str = "Arvid Aronsson"
) -> Callable[[Opener], Opener]:
    """List a screen for the layout test (and the screenshots)."""
    first, last = person.split(" ", 1)

    def register(opener: Opener) -> Opener:
        assert all(s.name != name for s in SCREENS), f"{name} is listed twice"
        SCREENS.append(Screen(name, opener, logged_in, (first, last)))
        return opener

    return register


# ---------------------------------------------------------------------- the login page
@screen("00-startar", logged_in=False)
def starting(tour: Tour) -> QWidget:
    """The window as the program starts (issue 12): the login card, disabled, *Startar…*,
    until the backend is attached; on the tour's window's screen and at its size."""
    from kawebb_desktop.app import starting_window

    window = starting_window(tour.window.settings)
    tour.qtbot.addWidget(window)
    window.setScreen(tour.window.screen())
    window.setGeometry(tour.window.geometry())
    window.show()
    tour.qtbot.waitExposed(window)
    assert window.starting is not None and not window.starting.start_button.isEnabled()
    return window


@screen("01-logga-in", logged_in=False)
def login_page(tour: Tour) -> QWidget:
    tour.driver.choose_person("Arvid", "Aronsson")
    return tour.window


@screen("02-bankid-qr", logged_in=False)
def login_qr(tour: Tour) -> QWidget:
    tour.driver.start_login()
    login = tour.window.login
    tour.qtbot.waitUntil(lambda: login.qr.isVisible() and bool(login.qr.content))
    return tour.window


@screen("02b-bankid-den-har-datorn", logged_in=False)
def login_this_computer(tour: Tour) -> QWidget:
    login = tour.window.login
    login.device_buttons[Device.THIS].click()
    tour.driver.start_login()
    tour.qtbot.waitUntil(login.same_device_button.isVisible)
    return tour.window


@screen("03-valj-organisation", logged_in=False)
def choose_organisation(tour: Tour) -> QWidget:
    tour.driver.start_login()
    tour.driver.approve_login()
    tour.qtbot.waitUntil(tour.window.login.choices.isVisible, timeout=10_000)
    return tour.window


# ---------------------------------------------------------------------- the workspace
@screen("04-oversikt")
def overview(tour: Tour) -> QWidget:
    view = tour.workspace.overview
    tour.qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    return tour.window


@screen("05-oversikt-tjansteadministrator", person="Viking Evertsson")
def overview_of_one_organisation(tour: Tour) -> QWidget:
    return overview(tour)


@screen("06-uppgifter")
def organisation_details(tour: Tour) -> QWidget:
    tour.workspace.show_tab("Organisationen", "Uppgifter")
    details = tour.workspace.details
    tour.qtbot.waitUntil(lambda: details.contacts.rowCount() > 0)
    tour.qtbot.waitUntil(lambda: bool(details.agreements.agreements))
    return tour.window


@screen("07-tjansteutbud")
def service_offering(tour: Tour) -> QWidget:
    tour.workspace.show_tab("Organisationen", "Tjänsteutbud")
    offering = tour.workspace.offering
    tour.qtbot.waitUntil(lambda: offering.model.rowCount() > 0)
    tour.qtbot.waitUntil(lambda: offering.units.rowCount() > 0)
    return tour.window


@screen("08-anvandare")
def users(tour: Tour) -> QWidget:
    tour.users()
    return tour.window


@screen("09-anvandare-inget-att-signera")
def users_nothing_to_sign(tour: Tour) -> QWidget:
    services = tour.window.services
    actor = tour.window.actor
    assert actor is not None
    caller = caller_of(actor)
    for change in services.users.list_pending(caller):
        services.users.discard_pending(caller, DiscardPending(change.id, change.version))
    return users_after_reload(tour)


def users_after_reload(tour: Tour) -> QWidget:
    view = tour.driver.open_users()
    view.reload()
    tour.users(pending=False)
    return tour.window


# ---------------------------------------------------------------------- dialogs
@screen("10-skapa-anvandare")
def create_user(tour: Tour) -> QWidget:
    view = tour.users()
    view.create_button.click()
    return tour.dialog(view)


@screen("11-skapa-anvandare-fel")
def create_user_with_errors(tour: Tour) -> QWidget:
    dialog = create_user(tour)
    assert isinstance(dialog, UserDialog)
    type_text(dialog.first_name, "Greta")
    type_text(dialog.last_name, "Ödmark")
    type_text(dialog.personnummer, "19850312-2388")
    type_text(dialog.email, "greta.odmark@")
    dialog.end_date.setDate(QDate(dialog.end_date.date().year() + 1, 1, 31))
    tour.qtbot.waitUntil(
        lambda: dialog.personnummer_error.isVisible() and dialog.end_error.isVisible()
    )
    return dialog


@screen("12-andra-anvandare")
def change_user(tour: Tour) -> QWidget:
    view = tour.users()
    tour.select_user(view)
    view.edit_button.click()
    return tour.dialog(view)


@screen("13-andra-behorighetsperiod")
def change_period(tour: Tour) -> QWidget:
    view = tour.users()
    tour.select_user(view)
    view.end_date_button.click()
    dialog = tour.dialog(view)
    assert isinstance(dialog, EndDateDialog)
    tour.qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    return dialog


@screen("14-signera")
def sign(tour: Tour) -> QWidget:
    view = tour.users()
    view.sign_button.click()
    return tour.dialog(view)


@screen("14b-signera-valj")
def sign_choose(tour: Tour) -> QWidget:
    dialog = sign(tour)
    assert isinstance(dialog, SigningDialog)
    dialog.next_button.click()  # Granska → Välj
    assert dialog.currentId() == dialog.CHOOSE
    return dialog


@screen("15-signera-bankid")
def sign_qr(tour: Tour) -> QWidget:
    dialog = sign_choose(tour)
    assert isinstance(dialog, SigningDialog)
    dialog.sign_button.click()
    tour.qtbot.waitUntil(lambda: dialog.qr.isVisible() and bool(dialog.qr.content))
    return dialog


@screen("15b-signera-den-har-datorn")
def sign_this_device(tour: Tour) -> QWidget:
    dialog = sign_choose(tour)
    assert isinstance(dialog, SigningDialog)
    dialog.device_buttons[Device.THIS].click()  # the app is tests/ui/conftest.py's BankIdLinks
    dialog.sign_button.click()
    tour.qtbot.waitUntil(lambda: dialog.same_device_button.isVisible())
    return dialog


@screen("15c-signera-misslyckades")
def sign_failed(tour: Tour) -> QWidget:
    dialog = sign_qr(tour)
    assert isinstance(dialog, SigningDialog)
    dialog.cancel_button.click()  # Avbryt: the order is cancelled, the wizard stays
    tour.qtbot.waitUntil(lambda: dialog.fail_close_button.isVisible())
    return dialog


@screen("16-kvittens")
def receipt(tour: Tour) -> QWidget:
    dialog = sign_qr(tour)
    assert isinstance(dialog, SigningDialog)
    tour.driver.approve_signing(dialog)
    tour.qtbot.waitUntil(lambda: dialog.flow.receipt is not None, timeout=10_000)
    return dialog


@screen("17-anvandare-vantar-pa-aktivering")
def users_after_signing(tour: Tour) -> QWidget:
    dialog = receipt(tour)
    assert isinstance(dialog, SigningDialog)
    dialog.close_button.click()
    users_after_reload(tour)
    view = tour.driver.open_users()  # the user just signed for, waiting to be activated
    view.search.setText("Sandin")
    view.run_search()
    tour.qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    return tour.window


@screen("18-hjalp")
def help_guide(tour: Tour) -> QWidget:
    tour.workspace.help_button.click()
    dialog = tour.window.help_dialog
    assert isinstance(dialog, HelpDialog)
    tour.qtbot.waitExposed(dialog)
    return dialog


@screen("19-hjalp-behorighetsroller")
def help_roles(tour: Tour) -> QWidget:
    dialog = help_guide(tour)
    tabs = dialog.findChild(QTabWidget)
    assert tabs is not None
    tabs.setCurrentIndex(1)
    return dialog


# ---------------------------------------------------------------------- message boxes
@screen("20-ta-bort")
def remove_user(tour: Tour) -> QWidget:
    view = tour.users()
    tour.select_user(view)
    view.remove_button.click()
    return tour.dialog(view)


@screen("21-forkasta")
def discard_change(tour: Tour) -> QWidget:
    view = tour.users()
    view.pending_table.selectRow(0)
    view.discard_button.click()
    return tour.dialog(view)


@screen("22-utloggad")
def logged_out(tour: Tour) -> QWidget:
    tour.window._session_ended("Din session har gått ut. Logga in igen.")
    return _message_box(tour)


@screen("60-sessionen-last")
def session_locked(tour: Tour) -> QWidget:
    """Sessionstid: the lock screen after 30 minutes idle, the same person offered."""
    tour.window.lock(IDLE_LOCKED.format(minutes="30 minuter"))
    lock = tour.window.lock_screen
    tour.qtbot.waitUntil(lambda: lock.chosen_person() is not None)
    return tour.window


@screen("60b-sessionen-last-legitimera")
def session_locked_identify(tour: Tour) -> QWidget:
    """Sessionstid: the lock screen's 2 Legitimera, the QR code shown."""
    session_locked(tour)
    lock = tour.window.lock_screen
    lock.start_button.click()
    tour.qtbot.waitUntil(lambda: lock.qr.isVisible() and bool(lock.qr.content))
    return tour.window


@screen("61-varning-inaktivitet")
def idle_warning(tour: Tour) -> QWidget:
    """Sessionstid: the bar two minutes before the lock, over the workspace."""
    overview(tour)
    tour.window.idle_warning.show_remaining(119)
    return tour.window


@screen("23-fel")
def unexpected_error(tour: Tour) -> QWidget:
    show_error(tour.window, RuntimeError("database disk image is malformed"))
    return _message_box(tour)


@screen("24-fel-detaljer")
def unexpected_error_details(tour: Tour) -> QWidget:
    box = unexpected_error(tour)
    assert isinstance(box, QMessageBox)
    # Qt's own button (Visa detaljer…, Show Details…), found by its role in any language.
    (details,) = (
        b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.ActionRole
    )
    details.click()
    return box


@screen("25-om-ka-webb")
def about(tour: Tour) -> QWidget:
    tour.window.about_action.trigger()
    return _message_box(tour)


def _message_box(tour: Tour) -> QWidget:
    boxes = [b for b in tour.window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1, "one message box is open"
    tour.qtbot.waitExposed(boxes[0])
    return boxes[0]


# ---------------------------------------------------------------------- Ändringar att signera
@screen("26-andringar-att-signera")
def pending_changes(tour: Tour) -> QWidget:
    """One change of each kind: a user (the demo's first), a contact person, an account."""
    actor = tour.window.actor
    assert actor is not None
    caller = caller_of(actor)
    keep_one_user_change(tour.window.services, caller)
    queue_contact_and_account(tour.window.services, caller)
    view = tour.workspace.pending
    assert view is not None
    tour.workspace.show_tab("Organisationen", "Ändringar att signera")
    view.reload()
    tour.qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() == 3)
    view.select_row(1)
    return tour.window


# ---------------------------------------------------------------------- Uppgifter's forms
def details_form(tour: Tour, open_form: Callable[[OrganisationDetailsView], None]) -> QDialog:
    """A form of *Uppgifter*, once the lists it chooses from are read."""
    tour.workspace.show_tab("Organisationen", "Uppgifter")
    details = tour.workspace.details
    tour.qtbot.waitUntil(lambda: details.contacts.rowCount() > 0 and not details.busy)
    open_form(details)
    tour.qtbot.waitUntil(lambda: isinstance(details.dialog, QDialog) and details.dialog.isVisible())
    assert isinstance(details.dialog, QDialog)
    tour.qtbot.waitExposed(details.dialog)
    return details.dialog


@screen("30-kontaktperson")
def contact_form(tour: Tour) -> QWidget:
    return details_form(tour, lambda details: details.open_contact(0))


@screen("31-konto-fel")
def account_form_with_errors(tour: Tour) -> QWidget:
    dialog = details_form(tour, lambda details: details.create_account())
    assert isinstance(dialog, AccountDialog)
    type_text(dialog.number, "762-0256")
    dialog.units.setFocus()
    for _ in range(2):  # a unit ticked, then unticked: none is chosen
        tour.qtbot.keyClick(dialog.units, Qt.Key.Key_Space)
    tour.qtbot.waitUntil(lambda: dialog.units_error.isVisible() and dialog.number_error.isVisible())
    return dialog


# ---------------------------------------------------------------------- Mitt arbete's case
@screen("40-arende")
def case_detail(tour: Tour) -> QWidget:
    """Bild 2's case 35167 (Gunhild Karlen) with its history, opened from Översikt."""
    view = tour.workspace.overview
    tour.qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    row = next(
        r for r in range(view.model.rowCount()) if view.model.object_at(r).case_number == 35167
    )
    view.open_case(row)
    tour.qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    assert view.dialog is not None
    tour.qtbot.waitExposed(view.dialog)
    dialog = view.dialog
    if isinstance(dialog, CaseDialog):  # measured once its documents are read, not mid-read
        tour.qtbot.waitUntil(lambda: not dialog.busy)
    return dialog


def case_documents(tour: Tour) -> CaseDialog:
    """The case dialog of 35167, its documents read."""
    dialog = case_detail(tour)
    assert isinstance(dialog, CaseDialog)
    tour.qtbot.waitUntil(lambda: not dialog.busy and dialog.model.rowCount() > 0)
    return dialog


def document_form(tour: Tour, dialog: CaseDialog, kind: DocumentType) -> DocumentDialog:
    row = next(i for i, e in enumerate(dialog.entries()) if e.type is kind)
    dialog.documents.selectRow(row)
    dialog.open_entry(row)
    form = dialog.document_dialog
    assert form is not None
    tour.qtbot.waitExposed(form)
    return form


@screen("41-handling")
def document(tour: Tour) -> QWidget:
    """A new Gemensam planering in 35167, filled in, one date outside the case."""
    dialog = case_documents(tour)
    form = document_form(tour, dialog, DocumentType.GEMENSAM_PLANERING)
    type_text(form.fields["study_plan"].widget, "Svenska för vuxna, grundläggande nivå, 50 %.")
    type_text(form.fields["goals"].widget, "Godkänt i delkurs 1 och 2 före årsskiftet.")
    form.fields["period_to"].widget.setDate(QDate(2030, 12, 31))  # type: ignore[attr-defined]
    tour.qtbot.waitUntil(lambda: "period_to" in form.field_errors())
    return form


@screen("42-handling-returnerad")
def returned_document(tour: Tour) -> QWidget:
    """A Periodisk rapport AF returned with a comment, open to be corrected."""
    dialog = case_documents(tour)
    services, actor = tour.window.services, tour.window.actor
    assert actor is not None
    caller = caller_of(actor)
    case = dialog.detail.case
    start = max(case.start_date, dt.date(2026, 5, 1))
    values = {
        "period_from": start.isoformat(),
        "period_to": "2026-05-31",
        "attended_hours": "112",
        "absent_hours": "8",
        "comment": "",
    }
    draft = services.documents.save_draft(
        caller, SaveDocument(case.id, DocumentType.PERIODISK_RAPPORT, values)
    )
    services.documents.send_document(caller, SendDocument(draft.id, draft.version))
    for change in services.users.list_pending(caller):
        services.users.discard_pending(caller, DiscardPending(change.id, change.version))
    sign_with_services(services, caller)
    with tour.driver.store.unit_of_work() as uow:
        organisation = uow.organisations.get(caller.organisation_id)
        assert organisation is not None
    AgreementService(Env(tour.driver.store, tour.driver.clock)).review_document(
        organisation.org_number,
        draft.id,
        DocumentStatus.RETURNERAD,
        "Frånvaron ska anges per vecka. Komplettera och skicka igen.",
    )
    dialog.reload_documents()
    tour.qtbot.waitUntil(
        # as shown, in the UI's language
        lambda: (
            (tr("Periodisk rapport"), tr("Returnerad för komplettering")) in dialog.entry_texts()
        )
    )
    row = next(
        i for i, e in enumerate(dialog.entries()) if e.document and e.document.id == draft.id
    )
    dialog.documents.selectRow(row)
    dialog.open_entry(row)
    form = dialog.document_dialog
    assert form is not None
    tour.qtbot.waitExposed(form)
    return form


# ---------------------------------------------------------------------- compensation
def claim_form(tour: Tour) -> ClaimRequestView:
    """*Begär ersättning* on Dorotea's ersättningsärenden, its cases listed."""
    workspace = tour.workspace
    workspace.unit_box.setCurrentIndex(workspace.unit_box.findText("Dorotea UBK ersättning"))
    workspace.show_tab("Mitt arbete", "Begär ersättning")
    view = workspace.claim_request
    assert view is not None
    tour.qtbot.waitUntil(lambda: view.case_box.count() > 0)
    return view


@screen("44-begar-ersattning")
def claim_request(tour: Tour) -> QWidget:
    """A praktik from 10 April to the end of May at 37,5 %: two months computed."""
    view = claim_form(tour)
    assert view.choose_case(35175)
    view.start_date.setDate(QDate(2026, 4, 10))
    view.end_date.setDate(QDate(2026, 5, 31))
    view.kind_box.setCurrentIndex(view.kind_box.findData(CompensationKind.INTERNSHIP.value))
    view.field_box.setCurrentIndex(view.field_box.findData(FieldOfWork.LEISURE_CENTRE.value))
    type_text(view.extent, "37,5")
    assert view.months.rowCount() == 2
    return tour.window


@screen("45-begar-ersattning-fel")
def claim_request_refused(tour: Tour) -> QWidget:
    """May is already requested in 35171: the refusal under the period, the form kept."""
    view = claim_form(tour)
    assert view.choose_case(35171)
    view.field_box.setCurrentIndex(view.field_box.findData(FieldOfWork.SCHOOL.value))
    type_text(view.extent, "50")
    view.send_button.click()
    tour.qtbot.waitUntil(lambda: "period" in view.field_errors())
    return tour.window


@screen("47-begar-ersattning-lasare", person="Agda Andersson")
def claim_request_read_only(tour: Tour) -> QWidget:
    """A Läsare computes, and is told the role cannot send."""
    view = claim_form(tour)
    view.field_box.setCurrentIndex(view.field_box.findData(FieldOfWork.ELDERLY_CARE.value))
    type_text(view.extent, "100")
    assert view.role_note.isVisible()
    return tour.window


@screen("46-begarda-ersattningar")
def claims_list(tour: Tour) -> QWidget:
    workspace = tour.workspace
    workspace.show_tab("Mitt arbete", "Begärda ersättningar")
    view = workspace.claims
    assert view is not None
    tour.qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    view.table.selectRow(1)
    return tour.window


@screen("43-statusoversikt")
def status_overview(tour: Tour) -> QWidget:
    """Every sent document with its status, and the chart of the months."""
    workspace = tour.workspace
    view = workspace.status_overview
    assert view is not None
    if not tour.window.services.documents.status_overview(caller_of(workspace.actor)).rows:
        returned_document(tour).reject()
        tour.workspace.overview.dialog.reject()  # type: ignore[union-attr]
    workspace.show_tab("Mitt arbete", "Statusöversikt")
    view.reload()
    tour.qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() > 0)
    view.table.selectRow(0)
    return tour.window


def receipts_view(tour: Tour) -> ReceiptsView:
    """*Organisationen > Kvittenser*, its first page read."""
    workspace = tour.workspace
    view = workspace.receipts
    assert view is not None
    workspace.show_tab("Organisationen", "Kvittenser")
    tour.qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() > 0)
    return view


@screen("50-kvittenser")
def receipts(tour: Tour) -> QWidget:
    """The receipts, newest first, the first marked."""
    receipts_view(tour)
    return tour.window


@screen("51-kvittens")
def receipt_verified(tour: Tour) -> QWidget:
    """One receipt, verified: the checks' results."""
    view = receipts_view(tour)
    view.open_selected()
    dialog = view.dialog
    assert dialog is not None
    tour.qtbot.waitExposed(dialog)
    dialog.verify()
    tour.qtbot.waitUntil(lambda: dialog.check is not None)
    return dialog


# ---------------------------------------------------------------------- offline (issue 11)
class ShownOffline:
    """An offline backend's answers for the screens: offline, two changes waiting, one
    refused in a conflict (the real backend is driven in tests/ui/test_offline.py)."""

    def __init__(self, state: SyncState) -> None:
        self.shown = state

    def online(self, caller: Caller) -> bool:
        return False

    def state(self, caller: Caller) -> SyncState:
        return self.shown

    def sync_now(self, caller: Caller) -> SyncState:
        return self.shown

    def discard(self, caller: Caller, seq: int) -> None:
        pass

    def apply_again(self, caller: Caller, seq: int) -> None:
        pass

    def remove_replica(self, caller: Caller, *, keep: bool) -> bool:
        return False


def offline_state(unsynced: frozenset[tuple[str, int]] = frozenset()) -> SyncState:
    def fields(email: str) -> tuple[FieldValue, ...]:
        return (
            FieldValue("Förnamn", "Greta"),
            FieldValue("Efternamn", "Fjärrström"),
            FieldValue("Personnummer", "19800101-0001"),
            FieldValue("E-post", email),
            FieldValue("Roll", "Registrerare"),
            FieldValue("Startdatum", "2026-01-01"),
            FieldValue("Slutdatum", "2026-12-31"),
        )

    conflict = RefusedCommand(
        seq=7,
        title="Ändra användare: Greta Fjärrström",
        made_at=dt.datetime(2026, 3, 2, 9, 41, tzinfo=dt.UTC),
        reason="Greta Fjärrström har redan en osignerad ändring av Ruth Rörlig. Öppna den "
        "och ändra i den i stället.",
        conflict=True,
        mine=fields("greta.fjarrstrom@dorotea.se"),
        theirs=fields("g.fjarrstrom@dorotea.se"),
    )
    rule = RefusedCommand(
        seq=9,
        title="Ny kontaktperson: Olle Öberg",
        made_at=dt.datetime(2026, 3, 2, 10, 5, tzinfo=dt.UTC),
        reason="Det finns redan en administrativ kontaktperson för enheten.",
        conflict=False,
        mine=(),
        theirs=(),
    )
    return SyncState(
        online=False,
        waiting=2,
        refused=(conflict, rule),
        last_sync=dt.datetime(2026, 3, 2, 8, 2, tzinfo=dt.UTC),
        problem="Servern svarar inte.",
        replica_path="",
        unsynced=unsynced,
    )


def show_offline(tour: Tour, state: SyncState) -> None:
    """The status bar's indicator as the offline backend shows it."""
    indicator = tour.window.sync_indicator
    central = tour.window.centralWidget().layout()
    assert central is not None
    central.addWidget(indicator)  # where the window puts it with an offline backend
    indicator.show_state(state)
    indicator.show()


@screen("70-offline-ej-synkad")
def offline_indicator(tour: Tour) -> QWidget:
    """Offline: the indicator (2 ändringar väntar) and a change to sign marked Ej synkad."""
    view = tour.users()
    change = view.pending_model.change_at(0)
    state = offline_state(frozenset({(KIND_PENDING, change.id)}))
    view.show_unsynced(state.unsynced, False)
    show_offline(tour, state)
    tour.window.signing_gate.set_online(False)
    return tour.window


@screen("71-ej-synkade-andringar")
def refused_changes(tour: Tour) -> QWidget:
    """The changes the server refused, with its reasons."""
    actor = tour.window.actor
    assert actor is not None
    state = offline_state()
    dialog = RefusedDialog(ShownOffline(state), caller_of(actor), state, tour.window)
    dialog.open()
    tour.qtbot.waitExposed(dialog)
    return dialog


@screen("72-konflikt")
def conflict_view(tour: Tour) -> QWidget:
    """A conflict: theirs and mine side by side."""
    dialog = ConflictDialog(offline_state().refused[0], tour.window)
    dialog.open()
    tour.qtbot.waitExposed(dialog)
    return dialog


# ---------------------------------------------------------------------- issue 12
@screen("80-ovantat-fel")
def crash_dialog(tour: Tour) -> QWidget:
    """An unexpected exception: the crash dialog with its details shown."""
    from kawebb_desktop.ui.dialogs.crash_dialog import CrashDialog

    details = 'Traceback (most recent call last):\n  File "vy.py", line 1, in slot\n' + (
        "RuntimeError: ett exempel på ett oväntat fel"
    )
    log = Path("/home/anna/.local/state/kawebb-desktop/log/kawebb.log")
    dialog = CrashDialog(details, log, tour.window)
    dialog.saved_drafts(1)
    dialog.toggle.click()
    dialog.open()
    tour.qtbot.waitExposed(dialog)
    return dialog


@screen("81-aterstall-fraga")
def restore_question(tour: Tour) -> QWidget:
    """*Arkiv > Återställ…*: the question before the store is replaced."""
    from kawebb_desktop.ui.dialogs.backup_dialog import confirm_restore

    box = confirm_restore(tour.window, Path("kawebb-2026-06-15.kawebb"))
    box.open()
    tour.qtbot.waitExposed(box)
    return box


#: A data folder as a user's would read (the dialogs name it; nothing is written there).
USER_DATA = Path("/home/anna/.local/share/kawebb-desktop")


@screen("90-forsta-start", logged_in=False)
def first_run(tour: Tour) -> QWidget:
    """The first start: where the data is, who signs, the language."""
    from kawebb_desktop.app import first_run_setup
    from kawebb_desktop.ui.dialogs.first_run_dialog import FirstRunDialog

    dialog = FirstRunDialog(Settings(data_dir=USER_DATA), first_run_setup(), parent=tour.window)
    dialog.open()
    tour.qtbot.waitExposed(dialog)
    return dialog


@screen("91-installningar", logged_in=False)
def settings_dialog(tour: Tour) -> QWidget:
    """*Arkiv > Inställningar…*: the same choices, filled in."""
    from kawebb_desktop.app import first_run_setup
    from kawebb_desktop.ui.dialogs.settings_dialog import SettingsDialog

    settings = Settings(data_dir=USER_DATA, signer="simulator")
    dialog = SettingsDialog(settings, first_run_setup(), tour.window)
    dialog.open()
    tour.qtbot.waitExposed(dialog)
    return dialog


# ---------------------------------------------------------------------- the test
def screen_named(name: str) -> QScreen:
    """The offscreen screen ``name`` (``WxH``) of tests/conftest.py — or, on a real X server
    (``QT_QPA_PLATFORM=xcb`` under ``Xvfb -screen 0 1024x768x24``), a screen of that size;
    the other size is skipped there."""
    for candidate in QGuiApplication.screens():
        if candidate.name() == name:
            return candidate
    width, height = (int(n) for n in name.split("x"))
    for candidate in QGuiApplication.screens():
        if candidate.geometry().size() == QSize(width, height):
            return candidate
    if QGuiApplication.platformName() == "offscreen":
        pytest.fail(f"no offscreen screen {name}: QT_QPA_PLATFORM is not tests/conftest.py's")
    pytest.skip(f"no {name} screen on this display")


def settle() -> None:
    """Let the layouts that are due run (they are posted events)."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def open_window(
    qtbot: QtBot, services: Services, tmp_path: Path, on: QScreen, **settings: object
) -> MainWindow:
    """The main window, shown on the screen ``on``."""
    values: dict[str, object] = {
        "data_dir": tmp_path,
        "collect_interval_seconds": 0.05,
        "simulator_approve_seconds": 3600.0,
    }
    values.update(settings)
    window = MainWindow(services, Settings(**values))  # type: ignore[arg-type]
    qtbot.addWidget(window)
    # Where a window opens decides its screen (as on a computer with this one screen).
    window.setScreen(on)
    window.move(on.availableGeometry().topLeft())
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.mark.parametrize("shown", SCREENS, ids=lambda s: s.name)
@pytest.mark.parametrize("size", SIZES)
def test_the_screen_fits(
    qtbot: QtBot,
    services: Services,
    demo: Store,
    clock: FixedClock,
    tmp_path: Path,
    size: str,
    shown: Screen,
) -> None:
    target = screen_named(size)
    window = open_window(qtbot, services, tmp_path, target)
    driver = Driver(qtbot, window, clock, demo)
    if shown.logged_in:
        driver.login(*shown.person)
    checked = shown.open(Tour(qtbot, window, driver))
    settle()
    folder = os.environ.get("KAWEBB_SCREENSHOTS")
    if folder:
        path = Path(folder) / size / f"{shown.name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        assert checked.grab().save(str(path))
    problems = layout_problems(checked, target, sideways=SIDEWAYS[size])
    assert not problems, f"{shown.name} at {size}:\n  " + "\n  ".join(problems)
    if isinstance(checked, QDialog | QMessageBox):
        checked.reject()


# ---------------------------------------------------------------------- the main window's size
@pytest.mark.parametrize("size", SIZES)
def test_the_first_window_takes_its_size_from_the_screen(
    qtbot: QtBot, services: Services, tmp_path: Path, size: str
) -> None:
    target = screen_named(size)
    window = open_window(qtbot, services, tmp_path, target)
    area = target.availableGeometry()
    most = QSize(int(area.width() * SCREEN_SHARE), int(area.height() * SCREEN_SHARE))
    assert window.size() == FIRST_SIZE.boundedTo(most)
    frame = window.frameGeometry()
    assert area.contains(frame), "the title bar and its buttons are on the screen"
    assert abs(frame.center().x() - area.center().x()) <= 2
    assert abs(frame.center().y() - area.center().y()) <= 2


def saved_geometry(screen_number: int, frame: QRect) -> QByteArray:
    """What ``QWidget.saveGeometry`` (format 3.0) writes for a normal window with ``frame``
    on screen ``screen_number`` (the window inside it by 2 px, as the offscreen frame)."""
    inner = frame.adjusted(2, 2, -2, -2)
    data = QByteArray()
    stream = QDataStream(data, QIODevice.OpenModeFlag.WriteOnly)
    stream.writeUInt32(0x1D9D0CB)
    stream.writeUInt16(3)
    stream.writeUInt16(0)
    for rect in (frame, inner):
        for value in (rect.left(), rect.top(), rect.right(), rect.bottom()):
            stream.writeInt32(value)
    stream.writeInt32(screen_number)
    stream.writeUInt8(0)  # not maximized
    stream.writeUInt8(0)  # not full screen
    stream.writeInt32(QGuiApplication.screens()[screen_number].geometry().width())
    for value in (inner.left(), inner.top(), inner.right(), inner.bottom()):
        stream.writeInt32(value)
    return data


def test_a_remembered_geometry_larger_than_the_screen_is_fitted_to_it(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    """Last time the window was 1300×850 (a larger screen); the screen is 1024×768 now."""
    small = screen_named("1024x768")
    left, top = small.geometry().topLeft().toTuple()
    number = QGuiApplication.screens().index(small)
    QSettings().setValue("window/geometry", saved_geometry(number, QRect(left, top, 1304, 854)))
    window = open_window(qtbot, services, tmp_path, small)
    assert small.availableGeometry().contains(window.frameGeometry())


def test_a_remembered_geometry_qt_cannot_restore_is_replaced_by_the_first_size(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    """Seen under a real X server: a geometry Qt refused to restore left the window at
    its minimum size (640×480) in the corner of a 1024×768 screen."""
    target = screen_named("1024x768")
    QSettings().setValue("window/geometry", QByteArray(b"not a geometry"))
    window = open_window(qtbot, services, tmp_path, target)
    area = target.availableGeometry()
    most = QSize(int(area.width() * SCREEN_SHARE), int(area.height() * SCREEN_SHARE))
    assert window.size() == FIRST_SIZE.boundedTo(most)


def test_a_remembered_geometry_that_fits_is_kept(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    target = screen_named("1400x900")
    left, top = target.geometry().topLeft().toTuple()
    number = QGuiApplication.screens().index(target)
    frame = QRect(left + 30, top + 40, 1004, 704)
    QSettings().setValue("window/geometry", saved_geometry(number, frame))
    window = open_window(qtbot, services, tmp_path, target)
    assert window.geometry() == frame.adjusted(2, 2, -2, -2)
