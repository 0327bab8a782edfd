"""A case's documents (issue 9): listed by type in the case dialog, written in a form built
from the type's fields and checked as the user types, saved as a draft (half-filled if
need be) that stays in the store, sent only when complete with BankID through the same
signing as every change (one receipt), read-only once sent; a document AF returned is
corrected and sent again; Lärare writes only Periodisk rapport, Läsare nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDoubleSpinBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.documents import DocumentStatus, DocumentType
from kawebb_desktop.domain.entities import Case, CaseKind, CaseStatus
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.af import AgreementService
from kawebb_desktop.services.api import (
    Caller,
    DocumentView,
    SaveDocument,
    SendDocument,
    Services,
    StartSigning,
    caller_of,
)
from kawebb_desktop.services.common import Env
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.dialogs.case_dialog import CaseDialog
from kawebb_desktop.ui.dialogs.document_dialog import DocumentDialog, with_mnemonic
from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.models.documents import (
    CLAIM_LABEL,
    CaseDocumentsModel,
    DocumentEntry,
    case_entries,
)
from tests.ui.conftest import Driver, press_sign, type_text
from tests.ui.test_case_dialog import double_click, find_case, opened, overview
from tests.ui.test_pending_changes import actor_of, keep_one_user_change, open_pending, texts

LEFT = Qt.MouseButton.LeftButton
NUMBER = 9_800_101
GOALS = {
    "period_from": "2026-05-01",
    "period_to": "2026-05-31",
    "extent": "75",
    "hours_per_week": "30",
    "study_plan": "Svenska för vuxna, grundläggande nivå.",
    "goals": "Godkänt i delkurs 1.",
}


def new_case(store: Store, window: MainWindow, status: CaseStatus = CaseStatus.PLANERING) -> Case:
    """A huvudärende of 2026 in the unit Översikt shows first."""
    workspace = window.workspace
    assert workspace is not None
    unit = workspace.unit_box.itemData(0)
    assert unit.case_kind is CaseKind.HUVUDARENDE
    with store.unit_of_work(write=True) as uow:
        case = uow.cases.add(
            Case(
                0,
                unit.organisation_id,
                unit.id,
                NUMBER,
                "Elsa",
                "Åkesson",
                Personnummer("200506071232"),
                status,
                dt.date(2026, 1, 1),
                dt.date(2026, 12, 31),
                "Påbörjad",
                dt.date(2026, 6, 10),
            )
        )
        uow.commit()
    return case


def open_case(qtbot: QtBot, driver: Driver, window: MainWindow, person: str) -> CaseDialog:
    view = overview(driver, window, person)
    row = find_case(qtbot, view, NUMBER)
    double_click(qtbot, view, row)
    dialog = opened(qtbot, view)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.model.rowCount() > 0)
    return dialog


def reopen_case(qtbot: QtBot, window: MainWindow) -> CaseDialog:
    assert window.workspace is not None
    view = window.workspace.overview
    double_click(qtbot, view, 0)
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible())
    dialog = view.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.busy and dialog.model.rowCount() > 0)
    return dialog


def row_of(dialog: CaseDialog, kind: DocumentType) -> int:
    return next(i for i, e in enumerate(dialog.entries()) if e.type is kind)


def open_document(qtbot: QtBot, dialog: CaseDialog, kind: DocumentType) -> DocumentDialog:
    dialog.documents.selectRow(row_of(dialog, kind))
    dialog.documents.setFocus()
    qtbot.keyClick(dialog.documents, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: dialog.document_dialog is not None and dialog.document_dialog.isVisible()
    )
    form = dialog.document_dialog
    assert form is not None
    qtbot.waitExposed(form)
    return form


def sign_in(qtbot: QtBot, driver: Driver, form: DocumentDialog) -> SigningDialog:
    """Skicka, then sign with BankID in the signing dialog it opens."""
    qtbot.mouseClick(form.send_button, LEFT)
    qtbot.waitUntil(lambda: form.signing is not None and form.signing.isVisible())
    signing = form.signing
    assert signing is not None
    press_sign(qtbot, signing)
    qtbot.waitUntil(lambda: signing.flow.order is not None)
    driver.approve_signing(signing)
    qtbot.waitUntil(lambda: signing.flow.receipt is not None, timeout=10_000)
    return signing


def sign_with_services(services: Services, caller: Caller) -> None:
    order = services.signing.start(caller, StartSigning())
    assert services.demo_phone is not None
    services.demo_phone.approve(order.order_ref)
    for _ in range(200):
        progress = services.signing.collect(caller, order.order_ref)
        if progress.status is not CollectStatus.PENDING:
            break
    assert progress.status is CollectStatus.COMPLETE, progress


def sent_and_returned(
    services: Services, store: Store, clock: FixedClock, caller: Caller, case: Case
) -> DocumentView:
    """A Gemensam planering sent, signed and returned by AF with a comment."""
    documents = services.documents
    draft = documents.save_draft(
        caller, SaveDocument(case.id, DocumentType.GEMENSAM_PLANERING, GOALS)
    )
    documents.send_document(caller, SendDocument(draft.id, draft.version))
    sign_with_services(services, caller)
    with store.unit_of_work() as uow:
        organisation = uow.organisations.get(caller.organisation_id)
        assert organisation is not None
    AgreementService(Env(store, clock)).review_document(
        organisation.org_number, draft.id, DocumentStatus.RETURNERAD, "Målen behöver delmål."
    )
    return documents.get_document(caller, draft.id)


# ---------------------------------------------------------------------- the model
def test_a_case_lists_each_type_and_its_documents(qtmodeltester: object) -> None:
    view = DocumentView(
        1, 2, NUMBER, DocumentType.PERIODISK_RAPPORT, DocumentStatus.RETURNERAD,
        {"period_from": "2026-05-01", "period_to": "2026-05-31"}, 3,
        dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC), dt.datetime(2026, 6, 2, 8, tzinfo=dt.UTC),
        "Arvid Aronsson", return_comment="Frånvaron saknas.",
    )  # fmt: skip
    second = dataclasses.replace(view, id=5, status=DocumentStatus.UTKAST, waiting_change_id=9)
    entries = case_entries(CaseKind.ERSATTNINGSARENDE, [view, second])
    assert [(e.label, e.status_text) for e in entries] == [
        ("Gemensam planering", "Ingen ännu"),
        ("Periodisk rapport", "Returnerad för komplettering"),
        ("Periodisk rapport", "Väntar på signering"),
        (CLAIM_LABEL, "Under fliken Begär ersättning"),
        ("Informativ rapport", "Ingen ännu"),
    ]
    model = CaseDocumentsModel()
    model.set_rows(entries)
    assert model.data(model.index(1, 2)) == "2026-05-01 – 2026-05-31"
    assert model.data(model.index(1, 4)) == "Frånvaron saknas."
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.set_rows([DocumentEntry(DocumentType.SLUTREDOVISNING)])
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_each_field_gets_its_own_alt_letter() -> None:
    used = {"s", "k"}
    labels = [with_mnemonic(t, used) for t in ("Period från:", "Period till:", "Studieplan:")]
    assert labels == ["&Period från:", "P&eriod till:", "S&tudieplan:"]


# ---------------------------------------------------------------------- draft to signed
def test_a_document_from_draft_to_signed(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services, store: Store
) -> None:
    driver.login()
    case = new_case(store, window)
    dialog = open_case(qtbot, driver, window, "Arvid Aronsson")
    assert [t for t, _s in dialog.entry_texts()] == [k.label for k in DocumentType]
    assert {s for _t, s in dialog.entry_texts()} == {"Ingen ännu"}
    form = open_document(qtbot, dialog, DocumentType.PERIODISK_RAPPORT)
    assert form.windowTitle() == f"Periodisk rapport – ärende {NUMBER}"
    # The last month, within the case, to start with; a date edit and spin boxes.
    assert form.values()["period_from"] == "2026-05-01"
    assert form.values()["period_to"] == "2026-05-31"
    attended = form.fields["attended_hours"].widget
    assert isinstance(attended, QDoubleSpinBox)
    assert isinstance(form.fields["comment"].widget, QPlainTextEdit)
    # Checked as the user types, by the domain's rules, at the field.
    form.fields["period_to"].widget.setDate(QDate(2026, 4, 30))  # type: ignore[attr-defined]
    assert form.field_errors() == {"period_to": "Period till kan inte vara före Period från."}
    form.fields["period_to"].widget.setDate(QDate(2027, 1, 31))  # type: ignore[attr-defined]
    assert "utanför ärendets datum" in form.field_errors()["period_to"]
    form.fields["period_to"].widget.setDate(QDate(2026, 5, 31))  # type: ignore[attr-defined]
    assert form.field_errors() == {}
    # A number not entered yet is empty (not 0); cleared by hand it is empty again.
    assert form.values()["attended_hours"] == form.values()["absent_hours"] == ""
    assert attended.text().strip() == ""
    attended.setFocus()
    attended.selectAll()  # type: ignore[attr-defined]
    type_text(attended.lineEdit(), "120,5")  # type: ignore[attr-defined]
    assert form.values()["attended_hours"] == "120.5"
    absent = form.fields["absent_hours"].widget
    absent.setFocus()
    type_text(absent.lineEdit(), "4")  # type: ignore[attr-defined]
    assert form.values()["absent_hours"] == "4"
    absent.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClick(absent.lineEdit(), Qt.Key.Key_Delete)  # type: ignore[attr-defined]
    assert form.values()["absent_hours"] == ""
    qtbot.keyClick(absent, Qt.Key.Key_Up)
    assert form.values()["absent_hours"] == "0"
    type_text(form.fields["comment"].widget, "Bra närvaro.")
    qtbot.mouseClick(form.save_button, LEFT)
    qtbot.waitUntil(lambda: form.document is not None and not form.busy)
    assert form.document is not None and form.document.status is DocumentStatus.UTKAST
    assert form.result_note.text() == "Utkastet är sparat."
    qtbot.waitUntil(lambda: ("Periodisk rapport", "Utkast") in dialog.entry_texts())
    # Skicka: one BankID signing of everything waiting, one receipt.
    signing = sign_in(qtbot, driver, form)
    assert f"Skicka handling: Periodisk rapport i ärende {NUMBER}" in (
        signing.summary.toPlainText()
    )
    signing.close_button.click()
    qtbot.waitUntil(
        lambda: form.document is not None and form.document.status is DocumentStatus.INSKICKAD
    )
    assert not form.send_button.isVisible() and not form.save_button.isVisible()
    assert form.notice.text().startswith("Handlingen skickades in 2026-06-15")
    assert attended.isReadOnly()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: ("Periodisk rapport", "Inskickad") in dialog.entry_texts())
    caller = caller_of(actor_of(window))
    (stored,) = services.documents.documents(caller, case.id)
    assert stored.status is DocumentStatus.INSKICKAD
    assert stored.values["attended_hours"] == "120.5" and stored.values["absent_hours"] == "0"
    assert stored.values["comment"] == "Bra närvaro."


def test_a_half_filled_draft_survives_closing_and_is_sent_only_when_complete(
    qtbot: QtBot, driver: Driver, window: MainWindow, store: Store
) -> None:
    driver.login()
    new_case(store, window)
    dialog = open_case(qtbot, driver, window, "Arvid Aronsson")
    form = open_document(qtbot, dialog, DocumentType.INFORMATIV_RAPPORT)
    # Skicka with empty fields: nothing is sent, each field says what it lacks.
    qtbot.mouseClick(form.send_button, LEFT)
    assert form.field_errors() == {"subject": "Ange rubrik.", "text": "Ange text."}
    assert form.document is None and form.signing is None
    type_text(form.fields["subject"].widget, "Byte av handledare")
    assert form.field_errors() == {"text": "Ange text."}
    # Spara utkast keeps what is typed so far; the empty Text is no error for a draft.
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, LEFT)
    qtbot.waitUntil(lambda: form.document is not None and not form.busy)
    assert form.field_errors() == {}
    assert form.result_note.text() == "Utkastet är sparat."
    form.close_button.click()
    dialog.close_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    again = reopen_case(qtbot, window)
    assert again is not dialog
    assert ("Informativ rapport", "Utkast") in again.entry_texts()
    reopened = open_document(qtbot, again, DocumentType.INFORMATIV_RAPPORT)
    assert reopened.values() == {"subject": "Byte av handledare", "text": ""}
    assert reopened.status_label.text().startswith("Status: Utkast – senast ändrad 2026-06-15")
    assert reopened.remove_button.isVisible() and reopened.field_errors() == {}
    # Skicka again: the missing field is said at it and focused; nothing is sent.
    qtbot.mouseClick(reopened.send_button, LEFT)
    text = reopened.fields["text"].widget
    assert reopened.field_errors() == {"text": "Ange text."}
    assert reopened.signing is None and reopened.focusWidget() is text
    type_text(text, "Från och med juni är Eva Ström handledare.")
    assert reopened.field_errors() == {}
    qtbot.mouseClick(reopened.send_button, LEFT)
    qtbot.waitUntil(lambda: reopened.signing is not None and reopened.signing.isVisible())
    assert reopened.document is not None
    assert reopened.document.values["text"] == "Från och med juni är Eva Ström handledare."


def test_a_draft_refuses_what_is_filled_wrongly(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services, store: Store
) -> None:
    driver.login()
    case = new_case(store, window)
    dialog = open_case(qtbot, driver, window, "Arvid Aronsson")
    form = open_document(qtbot, dialog, DocumentType.GEMENSAM_PLANERING)
    form.fields["period_to"].widget.setDate(QDate(2026, 4, 1))  # type: ignore[attr-defined]
    qtbot.mouseClick(form.save_button, LEFT)
    # The period's order is wrong; the empty Studieplan and Mål are no error for a draft.
    assert form.field_errors() == {"period_to": "Period till kan inte vara före Period från."}
    assert form.document is None and not form.busy
    assert services.documents.documents(caller_of(actor_of(window)), case.id) == []


def test_a_returned_document_is_corrected_and_sent_again(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    services: Services,
    store: Store,
    clock: FixedClock,
) -> None:
    driver.login()
    case = new_case(store, window)
    caller = caller_of(actor_of(window))
    returned = sent_and_returned(services, store, clock, caller, case)
    dialog = open_case(qtbot, driver, window, "Arvid Aronsson")
    row = row_of(dialog, DocumentType.GEMENSAM_PLANERING)
    assert dialog.entry_texts()[row] == ("Gemensam planering", "Returnerad för komplettering")
    assert dialog.model.data(dialog.model.index(row, 4)) == "Målen behöver delmål."
    form = open_document(qtbot, dialog, DocumentType.GEMENSAM_PLANERING)
    assert "Målen behöver delmål." in form.notice.text()
    assert form.send_button.isVisible() and not form.remove_button.isVisible()
    goals = form.fields["goals"].widget
    assert isinstance(goals, QPlainTextEdit)
    goals.moveCursor(goals.textCursor().MoveOperation.End)
    type_text(goals, " Delmål: läsförståelse i augusti.")
    sign_in(qtbot, driver, form).close_button.click()
    qtbot.waitUntil(
        lambda: form.document is not None and form.document.status is DocumentStatus.INSKICKAD
    )
    sent = services.documents.get_document(caller, returned.id)
    assert sent.status is DocumentStatus.INSKICKAD and sent.version > returned.version
    assert sent.values["goals"] == "Godkänt i delkurs 1. Delmål: läsförståelse i augusti."
    qtbot.waitUntil(lambda: ("Gemensam planering", "Inskickad") in dialog.entry_texts())


def test_a_waiting_send_is_listed_with_the_other_changes(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services, store: Store
) -> None:
    driver.login()
    case = new_case(store, window)
    caller = caller_of(actor_of(window))
    keep_one_user_change(services, caller)
    draft = services.documents.save_draft(
        caller, SaveDocument(case.id, DocumentType.GEMENSAM_PLANERING, GOALS)
    )
    services.documents.send_document(caller, SendDocument(draft.id, draft.version))
    view = open_pending(qtbot, window, 2)
    kind, action, description, who = texts(view)[1]
    assert (kind, action, who) == ("Skicka handling", "Ny", "du")
    assert description == f"Ärende {NUMBER}, Elsa Åkesson, Gemensam planering"
    details = view.model.data(view.model.index(1, 2), Qt.ItemDataRole.ToolTipRole)
    assert details == f"Gemensam planering i ärende {NUMBER}, period 2026-05-01 – 2026-05-31"
    assert view.sign_button.isEnabled()


def test_the_keyboard_writes_and_saves_a_document(
    qtbot: QtBot, driver: Driver, window: MainWindow, store: Store
) -> None:
    """Retur opens the marked type, the fields have Alt+letters, Tab leaves a text box,
    Alt+U saves the draft and Esc closes the form."""
    driver.login()
    new_case(store, window)
    dialog = open_case(qtbot, driver, window, "Arvid Aronsson")
    form = open_document(qtbot, dialog, DocumentType.INFORMATIV_RAPPORT)
    subject, text = form.fields["subject"].widget, form.fields["text"].widget
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(form, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # &Rubrik
    qtbot.waitUntil(subject.hasFocus)
    type_text(subject, "Ny handledare")
    qtbot.keyClick(subject, Qt.Key.Key_Tab)
    qtbot.waitUntil(text.hasFocus)
    type_text(text, "Eva Ström.")
    qtbot.keyClick(text, Qt.Key.Key_Tab)
    assert not text.hasFocus()
    assert form.values() == {"subject": "Ny handledare", "text": "Eva Ström."}
    qtbot.keyClick(form, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # Spara &utkast
    qtbot.waitUntil(lambda: form.document is not None and not form.busy)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not form.isVisible())
    qtbot.waitUntil(lambda: ("Informativ rapport", "Utkast") in dialog.entry_texts())


# ---------------------------------------------------------------------- roles
def test_a_teacher_writes_only_periodisk_rapport(
    qtbot: QtBot, driver: Driver, window: MainWindow, store: Store
) -> None:
    driver.login("Tove", "Lindqvist")
    new_case(store, window)
    dialog = open_case(qtbot, driver, window, "Tove Lindqvist")
    writable = []
    for row, entry in enumerate(dialog.entries()):
        dialog.documents.selectRow(row)
        if dialog.new_button.isEnabled():
            writable.append(entry.type)
    assert writable == [DocumentType.PERIODISK_RAPPORT]
    assert "Din roll (Lärare) skriver bara periodisk rapport." in dialog.documents_note.text()
    # A type without a document that the role may not write opens nothing; it says why.
    dialog.open_entry(row_of(dialog, DocumentType.GEMENSAM_PLANERING))
    assert dialog.document_dialog is None
    assert dialog.documents_note.text() == (
        "Din roll (Lärare) kan läsa men inte skriva gemensam planering."
    )
    form = open_document(qtbot, dialog, DocumentType.PERIODISK_RAPPORT)
    assert form.writable and form.send_button.isVisible()


@pytest.mark.parametrize("status", [CaseStatus.AVSLUTAD])
def test_a_reader_and_a_closed_case_take_no_document(
    qtbot: QtBot, driver: Driver, window: MainWindow, store: Store, status: CaseStatus
) -> None:
    driver.login("Agda", "Andersson")
    case = new_case(store, window)
    dialog = open_case(qtbot, driver, window, "Agda Andersson")
    assert not dialog.new_button.isVisible()
    assert dialog.documents_note.text() == (
        "Din roll (Läsare) kan läsa handlingarna men inte skriva dem."
    )
    closed = CaseDialog(
        dataclasses.replace(dialog.detail, case=dataclasses.replace(case, status=status)),
        dt.date(2026, 6, 8),
        services=window.services,
        actor=window.actor,
    )
    qtbot.addWidget(closed)
    assert closed.documents_note.text().startswith(f"Ärende {NUMBER} är avslutat.")


def test_a_document_opens_once_by_return_and_by_double_click(
    qtbot: QtBot, driver: Driver, window: MainWindow, store: Store
) -> None:
    """A double-click is also an activation (Qt emits both): one form, not two."""
    driver.login()
    new_case(store, window)
    dialog = open_case(qtbot, driver, window, "Arvid Aronsson")

    def forms() -> list[DocumentDialog]:
        return [f for f in dialog.findChildren(DocumentDialog) if f.isVisible()]

    form = open_document(qtbot, dialog, DocumentType.PERIODISK_RAPPORT)
    qtbot.wait(50)  # let anything else the key caused happen (nothing must)
    assert forms() == [form]
    assert dialog.isVisible()
    form.close()
    qtbot.waitUntil(lambda: not forms())
    rect = dialog.documents.visualRect(
        dialog.model.index(row_of(dialog, DocumentType.GEMENSAM_PLANERING), 0)
    )
    qtbot.mouseClick(dialog.documents.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.documents.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: bool(forms()))
    qtbot.wait(50)
    assert len(forms()) == 1
