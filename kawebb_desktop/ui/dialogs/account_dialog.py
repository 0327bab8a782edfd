"""*Skapa konto* / *Ändra konto* (Uppgifter > Konton, and the magnifier of *Ändringar att
signera*).

Kontotyp, Kontonummer (checked as you type by its kind's check digit; a bank account by
the clearing-number rules, typed as clearing number and account number together:
``3300-7505092556`` or ``8327-9, 123 456 789-7``), Utförande verksamheter (at least one)
and Standardkonto, with the rules the service runs first
(:func:`kawebb_desktop.domain.org_rules.validate_account_draft`). Status, Senast
uppdaterad and Uppdaterad av are AF's, shown but not editable. As the
contact person form (both are a
:class:`~kawebb_desktop.ui.dialogs.record_dialog.RecordDialog`): one command per attempt,
sent on a worker thread, refusals under the field they name, read-only for a role without
● on *Kontoinformation*.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import AccountDraft, ChangeAction, account_draft_of
from kawebb_desktop.domain.entities import Account, AccountUpdater, Unit
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.org_rules import validate_account_draft
from kawebb_desktop.domain.roles import Function
from kawebb_desktop.domain.values import AccountKind, BankAccountNumber, parse_account_number
from kawebb_desktop.services.api import (
    ChangeAccount,
    CreateAccount,
    EditPendingAccount,
    PendingAccountChange,
    RemoveAccount,
    Services,
)
from kawebb_desktop.ui.dialogs.record_dialog import (
    INTRO,
    INTRO_EDIT_CHANGE,
    INTRO_PENDING_TEMPLATE,
    INTRO_REMOVAL_TEMPLATE,
    RecordDialog,
    RecordKind,
    pending_ref,
)
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.widgets.forms import FieldError, add_field, named

__all__ = [
    "INTRO",
    "INTRO_EDIT_CHANGE",
    "INTRO_PENDING",
    "INTRO_REMOVAL",
    "NEW_STATUS",
    "NUMBER_HINTS",
    "READ_ONLY",
    "REVIEW_NOTE",
    "AccountDialog",
    "account_name",
    "with_pending_accounts",
]

# Marked for translation, shown with tr(); INTRO_PENDING and INTRO_REMOVAL are the Swedish
# texts (the form shows intro_pending("kontot") in the UI's language).
REVIEW_NOTE = QT_TR_NOOP(
    "Ett ändrat konto granskas på nytt av Arbetsförmedlingen (status Ny – ej granskad)."
)
#: The review status of a new account (stored as it is; shown with tr()).
NEW_STATUS = "Ny – ej granskad"
INTRO_PENDING = INTRO_PENDING_TEMPLATE.format(owner="Kontot")
INTRO_REMOVAL = INTRO_REMOVAL_TEMPLATE.format(owner="Kontot", the_noun="kontot")
READ_ONLY = QT_TR_NOOP("Din roll ger inte behörighet att ändra kontoinformation.")
#: How each kind's number is written (the field's placeholder and tooltip).
NUMBER_HINTS = {
    AccountKind.BANKGIRO: ("NNN-NNNN", QT_TR_NOOP("Bankgironummer, 7 eller 8 siffror: 762-0255")),
    AccountKind.PLUSGIRO: (
        "NN NN NN-N",
        QT_TR_NOOP("Plusgironummer, 2 till 8 siffror: 4 12 34-6"),
    ),
    AccountKind.BANKKONTO: (
        QT_TR_NOOP("clearingnummer-kontonummer"),
        QT_TR_NOOP(
            "Clearingnummer och kontonummer i ett: 3300-7505092556, eller för Swedbank "
            "8327-9, 123 456 789-7"
        ),
    ),
}


def account_name(kind: AccountKind, number: str) -> str:
    """``Bankgiro 762-0255``: how the take-over note names an account."""
    return f"{tr(kind.label)} {AccountDraft(kind, number).formatted_number}"


class AccountDialog(RecordDialog[Account, AccountDraft, PendingAccountChange]):
    """``account`` set = Ändra (with Ta bort); ``edit_change`` set = the change under
    *Ändringar att signera* is edited; neither = Skapa. ``saved`` carries the service's
    answer (:class:`PendingAccountChange`)."""

    KIND = RecordKind(
        noun=QT_TR_NOOP("konto"),
        the_noun=QT_TR_NOOP("kontot"),
        function=Function.KONTOINFORMATION,
        read_only=READ_ONLY,
        flag_field="is_default",
        flag_role=QT_TR_NOOP("standardkonto"),
    )

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
        super().__init__(
            services,
            actor,
            records=accounts,
            record=account,
            pending=pending,
            edit_change=edit_change,
            read_only=read_only,
            parent=parent,
        )
        start, current, form = self._start, self._current, self.form
        self.kind, self.kind_error = add_field(form, tr("Konto&typ:"), QComboBox())
        for kind in AccountKind:
            self.kind.addItem(tr(kind.label), kind.value)
        self.number, self.number_error = add_field(form, tr("&Kontonummer:"), QLineEdit())
        self.number_shown = QLabel()
        styled(self.number_shown, "hint")
        self.number_shown.setAccessibleName(tr("Kontonumret tolkat"))
        form.addRow("", self.number_shown)
        self._add_units(
            tr("De utförande verksamheter som kontot gäller för, minst en (Mellanslag markerar)."),
            units,
            start.unit_ids if start else (),
        )
        self.is_default = named(QCheckBox(tr("St&andardkonto")), tr("St&andardkonto"))
        self.is_default_error = self._add_flag(self.is_default, tr("Kommunens enda standardkonto."))
        #: AF's review of the account as stored (shown, never edited).
        self.status = QLabel()
        self.updated_on = QLabel()
        self.updated_by = QLabel()
        for caption, label in (
            (tr("Status:"), self.status),
            (tr("Senast uppdaterad:"), self.updated_on),
            (tr("Uppdaterad av:"), self.updated_by),
        ):
            label.setAccessibleName(caption.rstrip(":"))
            form.addRow(caption, label)
        if current is not None:
            self.status.setText(tr(current.review_status))
            self.updated_on.setText(current.updated_on.isoformat())
            self.updated_by.setText(tr(current.updated_by.value))
        else:
            self.status.setText(tr(NEW_STATUS))
            self.updated_on.setText("–")
            self.updated_by.setText("–")
        self.review_note = QLabel(tr(REVIEW_NOTE))
        styled(self.review_note, "hint")
        self.review_note.setWordWrap(True)
        self._layout.addWidget(self.review_note)

        if start is not None:
            self.kind.setCurrentIndex(self.kind.findData(start.kind.value))
            self.number.setText(start.formatted_number)
            self.is_default.setChecked(start.is_default)
        self._show_hint()
        self._watch(self.number, self.units, self.is_default)
        self.number.editingFinished.connect(self._format_number)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self._finish(touched=(self.number, self.units))

    def first_field(self) -> QWidget:
        return self.kind

    def kind_value(self) -> AccountKind:
        return AccountKind(self.kind.currentData())

    def _kind_changed(self) -> None:
        self._show_hint()
        if self.number.text():
            self._touched.add(self.number)
        self.validate()

    def _show_hint(self) -> None:
        placeholder, hint = (tr(text) for text in NUMBER_HINTS[self.kind_value()])
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

    # ------------------------------------------------------------------ the account's own
    def _draft_of(self, record: Account) -> AccountDraft:
        return account_draft_of(record)

    def _fields(self) -> dict[str, tuple[QWidget, FieldError]]:
        return {
            "kind": (self.kind, self.kind_error),
            "number": (self.number, self.number_error),
            "units": (self.units, self.units_error),
            "is_default": (self.is_default, self.is_default_error),
        }

    def _flag(self) -> QCheckBox:
        return self.is_default

    def _flagged(self, record: Account) -> bool:
        return record.is_default

    def _name_of(self, record: Account) -> str:
        return account_name(record.kind, record.number)

    def _value(self, widget: QWidget) -> object:
        if widget is self.number:
            return (self.kind.currentIndex(), self.number.text())
        return super()._value(widget)

    def _typed(self, errors: dict[str, str]) -> AccountDraft:
        return AccountDraft(
            kind=self.kind_value(),
            number=self.number.text(),
            unit_ids=tuple(self.units.checked()),
            is_default=self.is_default.isChecked(),
        )

    def _check(self, draft: AccountDraft) -> AccountDraft:
        return validate_account_draft(draft)

    def _checked(self, typed: AccountDraft, errors: dict[str, str]) -> None:
        shown = "" if "number" in errors else self._interpreted(typed)
        self.number_shown.setText(shown)
        self.number_shown.setVisible(bool(shown))

    @staticmethod
    def _interpreted(draft: AccountDraft) -> str:
        """``Bankkonto: 8327-9, 1234567897 (Swedbank)``: the number as understood (``""``
        while it is not a valid one)."""
        try:
            number = parse_account_number(draft.kind, draft.number)
        except DomainError:
            return ""
        text = f"{tr(draft.kind.label)}: {number.formatted}"
        if isinstance(number, BankAccountNumber) and number.bank:
            text += f" ({number.bank})"
        return text

    # ------------------------------------------------------------------ saving
    def _accept(self) -> None:
        if not self.read_only and not self._saving:
            self._format_number()
        super()._accept()

    def _command(self, draft: AccountDraft) -> object:
        take_over = self.takes_over
        if self._edit_change is not None:
            change = self._edit_change
            return EditPendingAccount(change.id, change.version, draft, take_over=take_over)
        if self._record is not None:
            account, pending = self._record, pending_ref(self._pending)
            return ChangeAccount(
                account.id, account.version, draft, pending=pending, take_over=take_over
            )
        return CreateAccount(draft, take_over=take_over)

    def _remove_command(self, record: Account) -> object:
        return RemoveAccount(record.id, record.version, pending=pending_ref(self._pending))

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
