"""*Skapa konto* / *Ändra konto* (Uppgifter > Konton, and the magnifier of *Ändringar att
signera*).

Kontotyp, Kontonummer (checked as you type by its kind's check digit; a bank account by
the clearing-number rules, typed as clearing number and account number together:
``3300-7505092556`` or ``8327-9, 123 456 789-7``), Utförande verksamheter (at least one)
and Standardkonto, with the rules the service runs first
(:func:`kawebb_desktop.domain.org_rules.validate_account_draft`). Status, Senast
uppdaterad and Uppdaterad av are AF's, shown but not editable. As
:mod:`kawebb_desktop.ui.dialogs.contact_dialog`: one command per attempt, sent on a
worker thread, refusals under the field they name, read-only for a role without ● on
*Kontoinformation*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import AccountDraft, ChangeAction, account_draft_of
from kawebb_desktop.domain.entities import Account, AccountUpdater, Unit
from kawebb_desktop.domain.errors import DomainError, InvalidDraft, RuleViolation
from kawebb_desktop.domain.org_rules import validate_account_draft
from kawebb_desktop.domain.roles import Access, Function, allows
from kawebb_desktop.domain.values import AccountKind, BankAccountNumber, parse_account_number
from kawebb_desktop.services.api import (
    ChangeAccount,
    CreateAccount,
    EditPendingAccount,
    PendingAccountChange,
    RemoveAccount,
    Services,
    caller_of,
)
from kawebb_desktop.ui.dialogs.contact_dialog import (
    PENDING_TAB,
    SAVE_AGAIN,
    TAKE_OVER_AGAIN,
    CheckList,
    confirm_box,
    pending_ref,
    take_over_note,
)
from kawebb_desktop.ui.errors import SAVE_UNCERTAIN, is_refusal, message_of
from kawebb_desktop.ui.widgets.feedback import SAVING, BusyLabel
from kawebb_desktop.ui.widgets.forms import FieldError, add_field, named, set_invalid
from kawebb_desktop.ui.widgets.screen import fit_to_screen
from kawebb_desktop.ui.worker import Worker

REVIEW_NOTE = "Ett ändrat konto granskas på nytt av Arbetsförmedlingen (status Ny – ej granskad)."
NEW_STATUS = "Ny – ej granskad"
INTRO = f"Ändringen hamnar under {PENDING_TAB} och gäller först när den har signerats med BankID."
INTRO_PENDING = (
    f"Kontot har en osignerad ändring under {PENDING_TAB}, och formuläret visar den. Det du "
    "sparar ändrar den ändringen, som gäller först när den har signerats med BankID."
)
INTRO_EDIT_CHANGE = (
    f"Du ändrar en osignerad ändring under {PENDING_TAB}. Den gäller först när den har "
    "signerats med BankID."
)
INTRO_REMOVAL = (
    f"Kontot ska tas bort; borttagningen väntar under {PENDING_TAB}. Ångra den med det röda "
    "krysset om du vill ändra kontot i stället."
)
READ_ONLY = "Din roll ger inte behörighet att ändra kontoinformation."
#: How each kind's number is written (the field's placeholder and tooltip).
NUMBER_HINTS = {
    AccountKind.BANKGIRO: ("NNN-NNNN", "Bankgironummer, 7 eller 8 siffror: 762-0255"),
    AccountKind.PLUSGIRO: ("NN NN NN-N", "Plusgironummer, 2 till 8 siffror: 4 12 34-6"),
    AccountKind.BANKKONTO: (
        "clearingnummer-kontonummer",
        "Clearingnummer och kontonummer i ett: 3300-7505092556, eller för Swedbank "
        "8327-9, 123 456 789-7",
    ),
}


def account_name(kind: AccountKind, number: str) -> str:
    """``Bankgiro 762-0255``: how the take-over note names an account."""
    return f"{kind.label} {AccountDraft(kind, number).formatted_number}"


class AccountDialog(QDialog):
    """``account`` set = Ändra (with Ta bort); ``edit_change`` set = the change under
    *Ändringar att signera* is edited; neither = Skapa."""

    #: The service's answer (:class:`PendingAccountChange`) to a successful save or removal.
    saved = Signal(object)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        *,
        units: list[Unit],
        accounts: list[Account],
        account: Account | None = None,
        pending: PendingAccountChange | None = None,
        edit_change: PendingAccountChange | None = None,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._caller = caller_of(actor)
        self._account = account
        self._pending = pending if account is not None else None
        self._edit_change = edit_change if account is None else None
        self._worker = Worker(self)
        removal = self._pending is not None and self._pending.action is ChangeAction.BORTTAGEN
        self.read_only = (
            read_only or removal or not allows(actor.role, Function.KONTOINFORMATION, Access.WRITE)
        )
        if self._edit_change is not None:
            title = "Ändra konto att signera"
            start: AccountDraft | None = self._edit_change.draft
            intro = INTRO_EDIT_CHANGE
            current = self._edit_change.current
        elif account is not None:
            title = "Ändra konto"
            if self._pending is not None and not removal:
                start, intro = self._pending.draft, INTRO_PENDING
            else:
                start, intro = account_draft_of(account), INTRO
            if removal:
                intro = INTRO_REMOVAL
            current = account
        else:
            title, start, intro, current = "Skapa konto", None, INTRO, None
        if self.read_only:
            title = "Konto"
            if not removal:
                intro = READ_ONLY
        self.setWindowTitle(title)
        self.setModal(True)
        self._own_id = (
            current.id
            if current is not None
            else (-self._edit_change.id if self._edit_change is not None else None)
        )
        self._others = [a for a in accounts if a.id != self._own_id]
        self.answer: PendingAccountChange | None = None
        self._attempt: tuple[object, Any] | None = None
        self._saving = False
        self._service_error: tuple[str, str, object] | None = None
        self._confirmed_take_over = False
        self.confirm: QMessageBox | None = None

        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        heading = QLabel(title)
        heading.setObjectName("dialogTitle")
        layout.addWidget(heading)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setMinimumWidth(560)
        layout.addWidget(self.intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.kind, self.kind_error = add_field(form, "Konto&typ:", QComboBox())
        for kind in AccountKind:
            self.kind.addItem(kind.label, kind.value)
        self.number, self.number_error = add_field(form, "&Kontonummer:", QLineEdit())
        self.number_shown = QLabel()
        self.number_shown.setObjectName("hint")
        self.number_shown.setAccessibleName("Kontonumret tolkat")
        form.addRow("", self.number_shown)
        self.units, self.units_error = add_field(
            form,
            "&Utförande verksamheter:",
            CheckList(),
            "De utförande verksamheter som kontot gäller för, minst en (Mellanslag markerar).",
        )
        self.is_default = named(QCheckBox("St&andardkonto"), "Standardkonto")
        self.is_default.setToolTip("Kommunens enda standardkonto.")
        form.addRow("", self.is_default)
        self.take_over = QLabel()
        self.take_over.setObjectName("hint")
        self.take_over.setWordWrap(True)
        self.take_over.setVisible(False)
        form.addRow("", self.take_over)
        self.is_default_error = FieldError()
        form.addRow("", self.is_default_error)
        #: AF's review of the account as stored (shown, never edited).
        self.status = QLabel()
        self.updated_on = QLabel()
        self.updated_by = QLabel()
        for caption, label in (
            ("Status:", self.status),
            ("Senast uppdaterad:", self.updated_on),
            ("Uppdaterad av:", self.updated_by),
        ):
            label.setAccessibleName(caption.rstrip(":"))
            form.addRow(caption, label)
        if current is not None:
            self.status.setText(current.review_status)
            self.updated_on.setText(current.updated_on.isoformat())
            self.updated_by.setText(current.updated_by.value)
        else:
            self.status.setText(NEW_STATUS)
            self.updated_on.setText("–")
            self.updated_by.setText("–")
        self.review_note = QLabel(REVIEW_NOTE)
        self.review_note.setObjectName("hint")
        self.review_note.setWordWrap(True)
        layout.addWidget(self.review_note)
        self.form_error = FieldError()
        layout.addWidget(self.form_error)
        self.progress = BusyLabel(self)
        layout.addWidget(self.progress)

        self.buttons = QDialogButtonBox()
        self.remove_button: QPushButton | None = None
        self.save_button: QPushButton | None = None
        self.cancel_button: QPushButton | None = None
        if self.read_only:
            self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
            self.close_button.setText("Stäng")
            named(self.close_button, "Stäng")
        else:
            self.save_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Save)
            self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            self.save_button.setText("&Spara")
            self.cancel_button.setText("Avbryt")
            named(self.save_button, "Spara")
            named(self.cancel_button, "Avbryt")
            self.save_button.setDefault(True)
            if account is not None:
                self.remove_button = self.buttons.addButton(
                    "&Ta bort…", QDialogButtonBox.ButtonRole.DestructiveRole
                )
                named(self.remove_button, self.remove_button.text())
                self.remove_button.setAutoDefault(False)
                self.remove_button.setToolTip(f"Ta bort kontot (hamnar under {PENDING_TAB}).")
                self.remove_button.clicked.connect(self.ask_remove)
            self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        # ---------------------------------------------------------------- contents
        checked_units = start.unit_ids if start else ()
        known = {u.id for u in units}
        choices = [(u.id, u.name) for u in units]
        choices += [(i, f"Utförande verksamhet {i}") for i in checked_units if i not in known]
        self.units.set_choices(choices, checked_units)
        if start is not None:
            self.kind.setCurrentIndex(self.kind.findData(start.kind.value))
            self.number.setText(start.formatted_number)
            self.is_default.setChecked(start.is_default)
        self._show_hint()
        self._touched: set[QWidget] = set()
        if start is not None:
            self._touched = {self.number, self.units}
        self.number.textEdited.connect(lambda _t: self._touch(self.number))
        self.number.editingFinished.connect(self._format_number)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.units.itemChanged.connect(lambda _i: self._touch(self.units))
        self.is_default.toggled.connect(lambda _c: self._touch(self.is_default))
        if self.read_only:
            for widget in (self.kind, self.number, self.units, self.is_default):
                widget.setEnabled(False)
        self.validate()
        fit_to_screen(self)

    # ------------------------------------------------------------------ state
    @property
    def saving(self) -> bool:
        return self._saving

    @property
    def last_command(self) -> Any:
        return self._attempt[1] if self._attempt else None

    def first_field(self) -> QWidget:
        return self.kind

    def kind_value(self) -> AccountKind:
        return AccountKind(self.kind.currentData())

    def _touch(self, widget: QWidget) -> None:
        self._touched.add(widget)
        self.validate()

    def _kind_changed(self) -> None:
        self._show_hint()
        if self.number.text():
            self._touched.add(self.number)
        self.validate()

    def _show_hint(self) -> None:
        placeholder, hint = NUMBER_HINTS[self.kind_value()]
        self.number.setPlaceholderText(placeholder)
        self.number.setToolTip(hint)
        self.number.setAccessibleDescription(hint)

    def _format_number(self) -> None:
        """A valid number, once typed, is shown as people write it."""
        if self.read_only:
            return
        try:
            parsed = parse_account_number(self.kind_value(), self.number.text())
        except DomainError:
            return
        if parsed.formatted != self.number.text():
            self.number.setText(parsed.formatted)
            self.validate()

    def _other_default(self) -> Account | None:
        return next((a for a in self._others if a.is_default), None)

    @property
    def takes_over(self) -> bool:
        """Ticked as the standard account while another one is (as this form knows, or
        as the service said when it refused the first attempt)."""
        if not self.is_default.isChecked():
            self._confirmed_take_over = False
            return False
        return self._other_default() is not None or self._confirmed_take_over

    # ------------------------------------------------------------------ validation
    def _fields(self) -> dict[str, tuple[QWidget, FieldError]]:
        return {
            "kind": (self.kind, self.kind_error),
            "number": (self.number, self.number_error),
            "units": (self.units, self.units_error),
            "is_default": (self.is_default, self.is_default_error),
        }

    def _value(self, widget: QWidget) -> object:
        if widget is self.number:
            return (self.kind.currentIndex(), self.number.text())
        if isinstance(widget, CheckList):
            return tuple(widget.checked())
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentIndex()
        return None

    def validate(self) -> AccountDraft | None:
        other = self._other_default()
        self.take_over.setVisible(self.takes_over)
        if other is not None:
            self.take_over.setText(
                take_over_note(account_name(other.kind, other.number), "standardkonto")
            )
        errors: dict[str, str] = {}
        typed = AccountDraft(
            kind=self.kind_value(),
            number=self.number.text(),
            unit_ids=tuple(self.units.checked()),
            is_default=self.is_default.isChecked(),
        )
        checked: AccountDraft | None = None
        try:
            checked = validate_account_draft(typed)
        except InvalidDraft as exc:
            for violation in exc.violations:
                errors.setdefault(violation.field or "form", violation.message)
        except RuleViolation as exc:
            errors.setdefault(exc.field or "form", exc.message)
        shown = "" if "number" in errors else self._interpreted(typed)
        self.number_shown.setText(shown)
        self.number_shown.setVisible(bool(shown))
        for name, (widget, label) in self._fields().items():
            message = errors.get(name) if widget in self._touched else None
            refusal = self._service_error
            if (
                message is None
                and refusal
                and refusal[0] == name
                and self._value(widget) == refusal[2]
            ):
                message = refusal[1]
            label.show_message(message)
            set_invalid(widget, bool(message))
        if "form" in errors and not self._saving:
            self.form_error.show_message(errors["form"])
        if self.save_button is not None:
            # Disabled while a message shows what to correct; with errors only in
            # fields not yet touched, Spara (Enter) shows them.
            blocking = any(
                n in errors and w in self._touched for n, (w, _e) in self._fields().items()
            )
            self.save_button.setEnabled(not blocking and not self._saving)
        if errors or checked is None:
            return None
        return checked

    @staticmethod
    def _interpreted(draft: AccountDraft) -> str:
        """``Bankkonto: 8327-9, 1234567897 (Swedbank)``: the number as understood (``""``
        while it is not a valid one)."""
        try:
            number = parse_account_number(draft.kind, draft.number)
        except DomainError:
            return ""
        text = f"{draft.kind.label}: {number.formatted}"
        if isinstance(number, BankAccountNumber) and number.bank:
            text += f" ({number.bank})"
        return text

    # ------------------------------------------------------------------ saving
    def _command(self, draft: AccountDraft) -> object:
        take_over = self.takes_over
        if self._edit_change is not None:
            change = self._edit_change
            return EditPendingAccount(change.id, change.version, draft, take_over=take_over)
        if self._account is not None:
            return ChangeAccount(
                self._account.id,
                self._account.version,
                draft,
                pending=pending_ref(self._pending),
                take_over=take_over,
            )
        return CreateAccount(draft, take_over=take_over)

    def _send(self, command: object) -> PendingAccountChange:
        organisations, caller = self._services.organisations, self._caller
        if isinstance(command, EditPendingAccount):
            return organisations.edit_pending_account(caller, command)
        if isinstance(command, ChangeAccount):
            return organisations.change_account(caller, command)
        if isinstance(command, RemoveAccount):
            return organisations.remove_account(caller, command)
        assert isinstance(command, CreateAccount)
        return organisations.create_account(caller, command)

    def _accept(self) -> None:
        if self.read_only or self._saving:
            return
        self._format_number()
        self._touched |= {widget for widget, _error in self._fields().values()}
        draft = self.validate()
        if draft is None:
            self._focus_first_error()
            return
        key = (draft, self.takes_over)
        if self._attempt is None or self._attempt[0] != key:
            self._attempt = (key, self._command(draft))
        self._run(self._attempt[1])

    def _run(self, command: object) -> None:
        self._saving = True
        if self.save_button is not None:
            self.save_button.setEnabled(False)
        if self.remove_button is not None:
            self.remove_button.setEnabled(False)
        self.form_error.show_message(None)
        self.progress.start(SAVING)
        self._worker.run(lambda: self._send(command), self._saved, self._refused)

    def _saved(self, answer: PendingAccountChange) -> None:
        self.progress.stop()
        self._saving = False
        self.answer = answer
        self.saved.emit(answer)
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.progress.stop()
        self._saving = False
        if self.remove_button is not None:
            self.remove_button.setEnabled(True)
        self.validate()
        if isinstance(exc, DomainError) and is_refusal(exc):
            if (
                getattr(exc, "field", None) == "is_default"
                and self.is_default.isChecked()
                and not self.takes_over
            ):
                self._confirmed_take_over = True
                exc = RuleViolation(f"{exc.message} {TAKE_OVER_AGAIN}", "is_default")
            self.show_service_error(exc)
        else:
            self.form_error.show_message(f"{message_of(exc, SAVE_UNCERTAIN)} {SAVE_AGAIN}")

    def show_service_error(self, exc: DomainError) -> None:
        field = getattr(exc, "field", None)
        fields = self._fields()
        if field in fields:
            widget, label = fields[str(field)]
            self._service_error = (str(field), exc.message, self._value(widget))
            label.show_message(exc.message)
            set_invalid(widget, True)
            widget.setFocus()
        else:
            self.form_error.show_message(exc.message)

    def _focus_first_error(self) -> None:
        for widget, label in self._fields().values():
            if label.isVisibleTo(self):
                widget.setFocus()
                return

    # ------------------------------------------------------------------ Ta bort
    def ask_remove(self) -> None:
        account = self._account
        if account is None or self._saving:
            return
        replaces = (
            ""
            if self._pending is None
            else f"\n\nKontots osignerade ändring under {PENDING_TAB} ersätts av borttagningen."
        )
        box, remove = confirm_box(
            self,
            "Ta bort konto",
            f"Ta bort kontot {account_name(account.kind, account.number)}?\n\n"
            f"Borttagningen hamnar under {PENDING_TAB} och genomförs när den har "
            f"signerats.{replaces}",
            "Ta bort",
            "Avbryt",
        )

        def answered(_result: int) -> None:
            self.confirm = None
            if box.clickedButton() is remove:
                self._run(
                    RemoveAccount(account.id, account.version, pending=pending_ref(self._pending))
                )

        box.finished.connect(answered)
        box.open()
        self.confirm = box


def with_pending_accounts(
    accounts: Sequence[Account], pending: Sequence[PendingAccountChange]
) -> list[Account]:
    """The accounts as they will be once ``pending`` is signed — what the form's take-over
    note goes by. A new one (Ny) stands with the change's id negated."""
    by_target = {p.change.target_id: p for p in pending if p.change.target_id is not None}
    after: list[Account] = []
    for account in accounts:
        change = by_target.get(account.id)
        if change is None:
            after.append(account)
        elif change.action is not ChangeAction.BORTTAGEN:
            after.append(
                replace(
                    account,
                    kind=change.draft.kind,
                    number=change.draft.number,
                    unit_ids=change.draft.unit_ids,
                    is_default=change.draft.is_default,
                )
            )
    for change in pending:
        if change.action is ChangeAction.NY:
            draft = change.draft
            after.append(
                Account(
                    -change.id,
                    0,
                    draft.kind,
                    draft.number,
                    NEW_STATUS,
                    change.change.created_at.date(),
                    AccountUpdater.LEVERANTOR,
                    draft.unit_ids,
                    draft.is_default,
                )
            )
    return after
