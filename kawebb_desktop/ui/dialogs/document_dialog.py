"""A document (*handling*) of a case: its form, built from the type's field spec
(``domain.documents.document_fields``), saved as a draft and sent with BankID (issue 9,
DOMAIN.md §5).

Each field is the widget its kind needs: a date field for a date, a spin box for a
percentage or hours (empty until a number is entered), a list for a choice, a line for a
heading and a text box for text. What the fields hold is checked as the user types by
the domain's own rules (``validate_document``: the case's dates, the period's order, the
limits, the text) and each broken rule is said in Swedish under its field.

*Spara utkast* stores the draft as far as it is filled (it stays in the store until it
is sent or removed: it survives closing the app); only what is filled must be right.
*Skicka* demands every required field (each missing one is said at its field), saves the
draft, makes the send (a change waiting in *Ändringar att signera*) and opens the same
BankID signing as there: everything the role signs, one receipt. A sent or approved
document, one waiting to be signed, a closed case and a role that may not write the type
show the form read-only, and say why; a document AF returned shows AF's comment and can
be corrected and sent again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QDate, QSize, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.documents import (
    CASE_CLOSED,
    MAX_HOURS_PER_PERIOD,
    MAX_HOURS_PER_WEEK,
    DocumentField,
    DocumentStatus,
    DocumentType,
    FieldKind,
    document_fields,
    format_decimal,
    function_of,
    validate_document,
)
from kawebb_desktop.domain.entities import Case, Receipt
from kawebb_desktop.domain.errors import InvalidDraft, RuleViolation, ValidationError
from kawebb_desktop.domain.roles import Access, allows
from kawebb_desktop.services.api import (
    DiscardDocument,
    DocumentView,
    SaveDocument,
    SendDocument,
    Services,
    caller_of,
)
from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog
from kawebb_desktop.ui.dialogs.user_dialog import date_edit, to_date, to_qdate
from kawebb_desktop.ui.errors import LIST_FAILED, SAVE_UNCERTAIN, show_error
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr, tr_message
from kawebb_desktop.ui.models.documents import day
from kawebb_desktop.ui.style import restyle, styled
from kawebb_desktop.ui.views.pending_changes import (
    PendingRow,
    load_signable,
    open_signing_dialog,
    show_completed_after_close,
    signable,
    signed_text,
)
from kawebb_desktop.ui.widgets.feedback import BusyLabel
from kawebb_desktop.ui.widgets.forms import (
    FieldError,
    add_field,
    button,
    confirm_box,
    named,
    set_invalid,
)
from kawebb_desktop.ui.widgets.screen import fit_to_screen
from kawebb_desktop.ui.worker import Worker

# Marked for translation, shown with tr().
NEW = QT_TR_NOOP("Ny handling, inte sparad ännu.")
READ_ONLY_ROLE = QT_TR_NOOP("Din roll ({role}) kan läsa men inte skriva {type}.")
SENT = QT_TR_NOOP("Handlingen skickades in {day} och kan inte ändras.")
APPROVED = QT_TR_NOOP("Arbetsförmedlingen godkände handlingen {day}.")
RETURNED = QT_TR_NOOP(
    "Arbetsförmedlingen returnerade handlingen för komplettering {day}: {comment}"
)
RETURNED_HINT = QT_TR_NOOP("Rätta uppgifterna och skicka handlingen igen.")
WAITING = QT_TR_NOOP(
    "Handlingen väntar på signering under Organisationen > Ändringar att signera och kan "
    "inte ändras förrän den är signerad eller förkastad där."
)
NOT_SENT = QT_TR_NOOP(
    "Handlingen är inte skickad: den väntar under Organisationen > Ändringar att signera "
    "tills den signeras med BankID."
)
SAVED = QT_TR_NOOP("Utkastet är sparat.")
SAVE_FAILED = QT_TR_NOOP("Utkastet kunde inte sparas.")
SEND_FAILED = QT_TR_NOOP("Handlingen kunde inte skickas.")
CHOOSE = QT_TR_NOOP("Välj…")
#: A text field's height, in lines.
TEXT_LINES = 4


def may_write(actor: Actor, kind: DocumentType) -> bool:
    """Whether ``actor``'s role writes (and sends) documents of ``kind``."""
    return allows(actor.role, function_of(kind), Access.WRITE)


def clamp(day_: dt.date, case: Case) -> dt.date:
    """``day_`` moved into the case's dates."""
    if day_ < case.start_date:
        return case.start_date
    if case.end_date is not None and day_ > case.end_date:
        return case.end_date
    return day_


def starting_values(kind: DocumentType, case: Case, today: dt.date) -> dict[str, str]:
    """A new document's dates: the month before ``today`` as the period, else today —
    each within the case's dates. The rest starts empty."""
    end = today.replace(day=1) - dt.timedelta(days=1)
    start = end.replace(day=1)
    values: dict[str, str] = {}
    for spec in document_fields(kind):
        if spec.kind is not FieldKind.DATE:
            continue
        wanted = {"period_from": start, "period_to": end}.get(spec.name, today)
        values[spec.name] = clamp(wanted, case).isoformat()
    return values


@dataclass
class _Field:
    spec: DocumentField
    widget: QWidget
    error: FieldError
    get: Callable[[], str]
    put: Callable[[str], None]


class DocumentDialog(QDialog):
    """The form of ``document`` of ``case`` (``document`` None: a new one of ``kind``)."""

    #: The document as stored now (after a save, a send or a signing).
    changed = Signal(object)
    #: The draft was removed.
    removed = Signal()

    def __init__(
        self,
        services: Services,
        actor: Actor,
        case: Case,
        kind: DocumentType,
        document: DocumentView | None = None,
        *,
        collect_interval_ms: int = 2000,
        phone_approve_ms: int = 3000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._caller = caller_of(actor)
        self.case = case
        self.kind = kind
        self.document = document
        self._collect_interval_ms = collect_interval_ms
        self._phone_approve_ms = phone_approve_ms
        self._worker = Worker(self)
        #: Fields the user has changed (their errors show as they type; all at a save).
        self._touched: set[str] = set()
        #: The service's refusals, shown at their fields until those change.
        self._refusals: dict[str, str] = {}
        #: Whether the fields are checked as for a send (after Skicka, until Spara utkast):
        #: an empty required field is then an error too.
        self._complete = False
        self._busy = False
        #: The signing dialog or message box open now (tests reach it here).
        self.dialog: QWidget | None = None
        self.setWindowTitle(
            tr("{type} – ärende {number}").format(type=tr(kind.label), number=case.case_number)
        )
        self.setModal(True)

        layout = QVBoxLayout(self)
        heading = QLabel(tr(kind.label))
        styled(heading, "dialogTitle")
        layout.addWidget(heading)
        about = QLabel(
            tr("Ärende {number} – {name}").format(
                number=case.case_number, name=f"{case.first_name} {case.last_name}"
            )
        )
        about.setWordWrap(True)
        layout.addWidget(about)
        self.status_label = QLabel()
        self.status_label.setAccessibleName(tr("Status"))
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.notice = QLabel()
        styled(self.notice, "notice")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(tr("Meddelande"))
        layout.addWidget(self.notice)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        column.addLayout(form)
        column.addStretch(1)  # the fields keep their heights; the space is below them
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, _Field] = {}
        remove_text, save_text = tr("Ta &bort utkast"), tr("Spara &utkast")
        send_text, close_text = tr("S&kicka"), tr("&Stäng")
        #: Alt+letters taken: the buttons' (Ta bort, Spara utkast, Skicka, Stäng).
        self._letters = {
            text[text.index("&") + 1].casefold()
            for text in (remove_text, save_text, send_text, close_text)
            if "&" in text[:-1]
        }
        for spec in document_fields(kind):
            self.fields[spec.name] = self._add(form, spec)
        self.period_error = self.fields["period_to"].error if "period_to" in self.fields else None
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)

        self.result_note = QLabel()
        styled(self.result_note, "hint")
        self.result_note.setWordWrap(True)
        self.result_note.setAccessibleName(tr("Resultat"))
        self.result_note.setVisible(False)
        layout.addWidget(self.result_note)

        actions = QHBoxLayout()
        self.busy_label = BusyLabel(self)
        actions.addWidget(self.busy_label)
        actions.addStretch(1)
        self.remove_button = button(remove_text, tooltip=tr("Ta bort utkastet utan att skicka."))
        self.remove_button.clicked.connect(self.remove)
        self.save_button = button(
            save_text,
            tooltip=tr("Spara uppgifterna som utkast (de finns kvar tills du skickar)."),
        )
        self.save_button.clicked.connect(self.save)
        self.send_button = button(
            send_text,
            tooltip=tr(
                "Spara och signera handlingen med BankID (den skickas när den är signerad)."
            ),
        )
        self.send_button.clicked.connect(self.send)
        actions.addWidget(self.remove_button)
        actions.addWidget(self.save_button)
        actions.addWidget(self.send_button)
        self.buttons = QDialogButtonBox()
        self.close_button: QPushButton = self.buttons.addButton(
            close_text, QDialogButtonBox.ButtonRole.RejectRole
        )
        named(self.close_button, close_text)
        self.buttons.rejected.connect(self.reject)
        actions.addWidget(self.buttons)
        layout.addLayout(actions)

        start = dict(document.values) if document is not None else {}
        if document is None:
            start = starting_values(kind, case, services.clock.today())
        self._fill(start)
        self._show_state()
        fit_to_screen(self, QSize(640, 560 if len(self.fields) > 4 else 480))

    # ------------------------------------------------------------------ the fields
    def _mnemonic(self, label: str) -> str:
        return with_mnemonic(label, self._letters)

    def _add(self, form: QFormLayout, spec: DocumentField) -> _Field:
        label = (
            f"{tr(spec.label)}:"
            if spec.required
            else tr("{field} (frivillig):").format(field=tr(spec.label))
        )
        widget: QWidget
        get: Callable[[], str]
        put: Callable[[str], None]
        if spec.kind is FieldKind.DATE:
            dates = date_edit()
            dates.dateChanged.connect(lambda _d: self._changed(spec.name))
            widget, get, put = dates, _date_getter(dates), _date_putter(dates)
        elif spec.kind in (FieldKind.PERCENT, FieldKind.HOURS):
            spin = NumberBox()
            spin.setDecimals(1)
            if spec.kind is FieldKind.PERCENT:
                top = Decimal(100)
            else:
                top = MAX_HOURS_PER_WEEK if spec.name == "hours_per_week" else MAX_HOURS_PER_PERIOD
            spin.setRange(NumberBox.EMPTY, float(top))
            spin.setSingleStep(1.0 if spec.kind is FieldKind.HOURS else 5.0)
            spin.setSuffix(" %" if spec.kind is FieldKind.PERCENT else " " + tr("tim"))
            spin.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            spin.valueChanged.connect(lambda _v: self._changed(spec.name))
            widget, get, put = spin, _spin_getter(spin), _spin_putter(spin)
        elif spec.kind is FieldKind.CHOICE:
            box = QComboBox()
            box.addItem(tr(CHOOSE), "")
            for choice in spec.choices:
                box.addItem(tr(choice), choice)
            box.currentIndexChanged.connect(lambda _i: self._changed(spec.name))
            widget, get, put = box, _choice_getter(box), _choice_putter(box)
        elif spec.kind is FieldKind.LINE:
            line = QLineEdit()
            line.textEdited.connect(lambda _t: self._changed(spec.name))
            widget, get, put = line, line.text, line.setText
        else:
            text = QPlainTextEdit()
            text.setTabChangesFocus(True)
            text.setFixedHeight(text.fontMetrics().lineSpacing() * TEXT_LINES + 12)
            text.textChanged.connect(lambda: self._changed(spec.name))
            widget, get, put = text, text.toPlainText, text.setPlainText
        _, error = add_field(form, self._mnemonic(label), widget)
        return _Field(spec, widget, error, get, put)

    def _fill(self, values: dict[str, str]) -> None:
        for name, field in self.fields.items():
            field.widget.blockSignals(True)
            field.put(values.get(name, ""))
            field.widget.blockSignals(False)

    def values(self) -> dict[str, str]:
        """What the fields hold, as the domain reads it."""
        return {name: field.get() for name, field in self.fields.items()}

    def check(self, complete: bool = False) -> dict[str, str]:
        """Every rule the fields break now, by field (pure: the domain's rules); as for a
        draft (what is filled), or ``complete`` as for a send (every required field)."""
        try:
            validate_document(self.kind, self.values(), self.case, complete=complete)
        except InvalidDraft as exc:
            errors: dict[str, str] = {}
            for violation in exc.violations:
                errors.setdefault(violation.field or "", tr_message(violation.message))
            return errors
        except (RuleViolation, ValidationError) as exc:
            return {exc.field or "": tr_message(exc.message)}
        return {}

    def _changed(self, name: str) -> None:
        self._touched.add(name)
        if name in ("period_from", "period_to"):
            self._touched.update(n for n in ("period_from", "period_to") if n in self.fields)
        self._refusals.pop(name, None)
        self.result_note.setVisible(False)
        self.show_errors()

    def show_errors(self) -> dict[str, str]:
        """Show the errors of the fields touched (and the service's); returns them all."""
        errors = self.check(self._complete)
        for name, message in self._refusals.items():
            errors.setdefault(name, message)
        for name, field in self.fields.items():
            shown = errors.get(name) if name in self._touched or name in self._refusals else None
            field.error.show_message(shown)
            set_invalid(field.widget, shown is not None)
        return errors

    def field_errors(self) -> dict[str, str]:
        """The errors shown now, by field (for tests and screen readers)."""
        return {n: f.error.text() for n, f in self.fields.items() if not f.error.isHidden()}

    # ------------------------------------------------------------------ state
    @property
    def writable(self) -> bool:
        """Whether the form may be changed and sent now."""
        return (
            may_write(self._actor, self.kind)
            and not self.case.status.is_closed
            and (self.document is None or self.document.is_editable)
        )

    def _reason(self) -> str:
        """Why the form is read-only (or what the user should know), or ""."""
        document = self.document
        if document is not None and document.waiting_change_id is not None:
            return tr(WAITING)
        if document is not None and document.status is DocumentStatus.INSKICKAD:
            return tr(SENT).format(day=day(document.sent_at))
        if document is not None and document.status is DocumentStatus.GODKAND:
            return tr(APPROVED).format(day=day(document.decided_at))
        if not may_write(self._actor, self.kind):
            return tr(READ_ONLY_ROLE).format(
                role=tr(self._actor.role.label), type=tr(self.kind.label).lower()
            )
        if self.case.status.is_closed:
            return CASE_CLOSED.format(number=self.case.case_number)
        if document is not None and document.status is DocumentStatus.RETURNERAD:
            comment = document.return_comment or tr("ingen kommentar")
            returned = tr(RETURNED).format(day=day(document.decided_at), comment=comment)
            return f"{returned} {tr(RETURNED_HINT)}"
        return ""

    def _show_state(self) -> None:
        document = self.document
        if document is None:
            self.status_label.setText(tr("Status: {status}").format(status=tr(NEW)))
        else:
            status = tr(document.status.label)
            when = day(document.updated_at)
            self.status_label.setText(
                tr("Status: {status} – senast ändrad {day} av {name}").format(
                    status=status, day=when, name=document.updated_by
                )
                if document.updated_by
                else tr("Status: {status} – senast ändrad {day}").format(status=status, day=when)
            )
        reason = self._reason()
        self.notice.setText(reason)
        self.notice.setVisible(bool(reason))
        writable = self.writable
        for field in self.fields.values():
            _set_read_only(field.widget, not writable)
        for b in (self.save_button, self.send_button):
            b.setVisible(writable)
            b.setEnabled(not self._busy)
        removable = writable and document is not None and document.status is DocumentStatus.UTKAST
        self.remove_button.setVisible(removable)
        self.remove_button.setEnabled(not self._busy)
        self.send_button.setDefault(writable)
        self.close_button.setDefault(not writable)
        first = next(iter(self.fields.values()))
        first.widget.setFocus()

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        for b in (self.save_button, self.send_button, self.remove_button):
            b.setEnabled(not busy)
        if busy:
            self.busy_label.start(text)
        else:
            self.busy_label.stop()

    @property
    def busy(self) -> bool:
        return self._busy or self._worker.busy

    def _note(self, text: str) -> None:
        self.result_note.setText(text)
        self.result_note.setVisible(bool(text))

    def _stored(self, document: DocumentView) -> None:
        """``document`` is what the store holds now: the form shows it."""
        self.document = document
        self._refusals.clear()
        self._touched.clear()
        self._fill(dict(document.values))
        self.show_errors()
        self._show_state()
        self.changed.emit(document)

    # ------------------------------------------------------------------ Spara utkast
    def _ready(self, complete: bool) -> SaveDocument | None:
        """The save of what the fields hold, or None (the errors shown, the first field
        with one focused); ``complete``: for a send, every required field filled."""
        if not self.writable or self._busy:
            return None
        self._complete = complete
        self._touched.update(self.fields)
        errors = self.show_errors()
        if errors:
            first = next((f for n, f in self.fields.items() if n in errors), None)
            if first is not None:
                first.widget.setFocus()
            return None
        document = self.document
        return SaveDocument(
            self.case.id,
            self.kind,
            self.values(),
            document.id if document is not None else None,
            document.version if document is not None else None,
        )

    def save(self) -> None:
        """*Spara utkast* (on the worker): what is filled, if that is right."""
        command = self._ready(complete=False)
        if command is None:
            return
        documents, caller = self._services.documents, self._caller
        self._set_busy(True, tr("Sparar…"))

        def saved(document: DocumentView) -> None:
            self._set_busy(False)
            self._stored(document)
            self._note(tr(SAVED))

        self._worker.run(
            lambda: documents.save_draft(caller, command),
            saved,
            lambda exc: self._refused(exc, tr(SAVE_FAILED)),
        )

    def _refused(self, exc: BaseException, failed: str) -> None:
        self._set_busy(False)
        violations: list[RuleViolation | ValidationError] = []
        if isinstance(exc, InvalidDraft):
            violations = list(exc.violations)
        elif isinstance(exc, RuleViolation | ValidationError) and exc.field in self.fields:
            violations = [exc]
        if not violations:
            show_error(self, exc, failed=failed)
            return
        for violation in violations:
            name = violation.field if violation.field in self.fields else ""
            if name:
                self._refusals.setdefault(name, tr_message(violation.message))
                self._touched.add(name)
        self.show_errors()
        first = next((f for n, f in self.fields.items() if n in self._refusals), None)
        if first is not None:
            first.widget.setFocus()

    # ------------------------------------------------------------------ Skicka
    def send(self) -> None:
        """*Skicka*: every required field filled, save, make the send, then sign
        everything the role signs with BankID."""
        command = self._ready(complete=True)
        if command is None:
            return
        services, actor, caller = self._services, self._actor, self._caller
        #: The draft as saved on the way, if the send itself is refused.
        stored: list[DocumentView] = []

        def run() -> tuple[DocumentView, list[PendingRow]]:
            document = services.documents.save_draft(caller, command)
            stored.append(document)
            services.documents.send_document(caller, SendDocument(document.id, document.version))
            document = services.documents.get_document(caller, document.id)
            stored.append(document)
            return document, load_signable(services, actor)

        def failed(exc: BaseException) -> None:
            if stored:
                self._stored(stored[-1])
            self._refused(exc, tr(SEND_FAILED))

        self._set_busy(True, tr("Skickar…"))
        self._worker.run(run, self._open_signing, failed)

    def _open_signing(self, answer: tuple[DocumentView, list[PendingRow]]) -> None:
        self._set_busy(False)
        document, rows = answer
        self._stored(document)
        to_sign = signable(rows, self._actor.role)
        if not to_sign:  # signed elsewhere meanwhile
            self.reload()
            return
        self.dialog = open_signing_dialog(
            self,
            self._services,
            self._actor,
            to_sign,
            collect_interval_ms=self._collect_interval_ms,
            phone_approve_ms=self._phone_approve_ms,
            on_closed=self._signing_closed,
            on_completed_after_close=self._completed_after_close,
        )

    def _signing_closed(self, receipt: Receipt | None) -> None:
        if receipt is None:
            self._note(tr(NOT_SENT))
        else:
            self._note(
                tr("Skickad och signerad. {signed}.").format(
                    signed=signed_text(receipt).capitalize()
                )
            )
        self.reload()

    def _completed_after_close(self, receipt: Receipt) -> None:
        self._note(
            tr("Skickad och signerad. {signed}.").format(signed=signed_text(receipt).capitalize())
        )
        self.reload()
        self.dialog = show_completed_after_close(self, receipt)

    def reload(self) -> None:
        """Read the document again (after a signing, which changes its status)."""
        if self.document is None:
            return
        documents, caller, document_id = self._services.documents, self._caller, self.document.id
        self._worker.run(
            lambda: documents.get_document(caller, document_id),
            self._stored,
            self._reload_failed,
        )

    def _reload_failed(self, exc: BaseException) -> None:
        show_error(self, exc, failed=LIST_FAILED)

    # ------------------------------------------------------------------ Ta bort utkast
    def remove(self) -> None:
        document = self.document
        if document is None or document.status is not DocumentStatus.UTKAST or self._busy:
            return
        box, act = confirm_box(
            self,
            tr("Ta bort utkast"),
            tr("Ta bort utkastet till {type} i ärende {number}?\n\nDet går inte att ångra.").format(
                type=tr(self.kind.label).lower(), number=self.case.case_number
            ),
            tr("Ta bort"),
            tr("Behåll"),
        )
        command = DiscardDocument(document.id, document.version)
        documents, caller = self._services.documents, self._caller

        def removed(_answer: object) -> None:
            self._set_busy(False)
            self.removed.emit()
            self.accept()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            show_error(self, exc, failed=SAVE_UNCERTAIN)

        def answered(_result: int) -> None:
            if box.clickedButton() is act:
                self._set_busy(True, tr("Tar bort…"))
                self._worker.run(lambda: documents.discard_draft(caller, command), removed, failed)

        box.finished.connect(answered)
        box.open()
        self.dialog = box

    @property
    def signing(self) -> SigningDialog | None:
        return self.dialog if isinstance(self.dialog, SigningDialog) else None


def with_mnemonic(label: str, used: set[str]) -> str:
    """``label`` with its first letter not in ``used`` as its Alt+letter (added to
    ``used``); unchanged if every letter is taken."""
    for i, ch in enumerate(label):
        key = ch.casefold()
        if ch.isalpha() and key not in used:
            used.add(key)
            return f"{label[:i]}&{label[i:]}"
    return label


def _date_getter(edit: QDateEdit) -> Callable[[], str]:
    return lambda: to_date(edit.date()).isoformat()


def _date_putter(edit: QDateEdit) -> Callable[[str], None]:
    def put(value: str) -> None:
        try:
            edit.setDate(to_qdate(dt.date.fromisoformat(value)))
        except ValueError:
            edit.setDate(QDate.currentDate())

    return put


class NumberBox(QDoubleSpinBox):
    """A spin box for a number that may be empty (not entered yet, as a draft may leave
    it): its minimum, one step below 0, shows as nothing, and clearing the text empties
    it. Up from empty is 0."""

    EMPTY = -1.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSpecialValueText(" ")  # "" would turn the special text off
        self.editingFinished.connect(self._show_empty)

    def is_empty(self) -> bool:
        return self.value() <= self.minimum()

    def _blank(self, text: str) -> bool:
        return not text.strip() or text.strip() == self.suffix().strip()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if self._blank(text):
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> float:
        return self.minimum() if self._blank(text) else super().valueFromText(text)

    def _show_empty(self) -> None:
        if self.is_empty():  # cleared by hand: the suffix alone would stay
            self.lineEdit().setText(self.specialValueText())


def _spin_getter(spin: NumberBox) -> Callable[[], str]:
    return lambda: "" if spin.is_empty() else format_decimal(Decimal(f"{spin.value():.1f}"))


def _spin_putter(spin: NumberBox) -> Callable[[str], None]:
    def put(value: str) -> None:
        try:
            spin.setValue(float(Decimal(value)) if value else NumberBox.EMPTY)
        except ArithmeticError:
            spin.setValue(NumberBox.EMPTY)

    return put


def _choice_getter(box: QComboBox) -> Callable[[], str]:
    return lambda: str(box.currentData() or "")


def _choice_putter(box: QComboBox) -> Callable[[str], None]:
    def put(value: str) -> None:
        index = box.findData(value)
        box.setCurrentIndex(max(index, 0))

    return put


def _set_read_only(widget: QWidget, read_only: bool) -> None:
    """A field that cannot be changed now still shows (and reads) its value."""
    if isinstance(widget, QLineEdit | QPlainTextEdit | QDateEdit | QDoubleSpinBox):
        widget.setReadOnly(read_only)
        if isinstance(widget, QDateEdit | QDoubleSpinBox):
            widget.setButtonSymbols(
                QDoubleSpinBox.ButtonSymbols.NoButtons
                if read_only
                else QDoubleSpinBox.ButtonSymbols.UpDownArrows
            )
            if isinstance(widget, QDateEdit):
                widget.setCalendarPopup(not read_only)
    elif isinstance(widget, QComboBox):
        widget.setEnabled(not read_only)
    restyle(widget)  # the style sheet's [readOnly="true"] look


__all__ = ["DocumentDialog", "may_write", "starting_values"]
