"""*Skapa användare* / *Ändra användare*: validates as you type with the service's rules.

Each field is parsed by its value object (Personnummer, EmailAddress) and the period by
the same rule functions the service uses, so the dialog and the service can't disagree.
The dialog only collects a :class:`UserDraft`; the caller hands it to the service and
shows what the service says (the store is the judge of uniqueness).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.changes import UserDraft
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.rules import check_name, check_period, next_year_end
from kawebb_desktop.domain.values import EmailAddress, Personnummer
from kawebb_desktop.ui.errors import message_of
from kawebb_desktop.ui.widgets.forms import FieldError, add_field, named, set_invalid
from kawebb_desktop.ui.worker import Worker

DATE_FORMAT = "yyyy-MM-dd"


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setMinimumDate(QDate(1990, 1, 1))
    edit.setMaximumDate(QDate(2199, 12, 31))
    return edit


class UserDialog(QDialog):
    """``existing`` set = Ändra (personnummer locked); ``None`` = Skapa."""

    def __init__(
        self,
        today: dt.date,
        *,
        title: str = "Skapa användare",
        existing: UserDraft | None = None,
        lock_personnummer: bool = False,
        save: Callable[[UserDraft], object] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self._today = today
        self._save = save
        self._worker = Worker(self)
        self.draft: UserDraft | None = None
        layout = QVBoxLayout(self)
        # The dialog always takes the size its contents need, so an error message that
        # appears under a field is never clipped and leaves no gap when it goes.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        heading = QLabel(title)
        heading.setObjectName("dialogTitle")
        layout.addWidget(heading)
        intro = QLabel(
            "Ändringen hamnar under Användare att signera och gäller först när den har "
            "signerats med BankID."
        )
        intro.setWordWrap(True)
        intro.setMinimumWidth(560)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.first_name, self.first_name_error = add_field(form, "Förnamn:", QLineEdit())
        self.last_name, self.last_name_error = add_field(form, "Efternamn:", QLineEdit())
        self.personnummer, self.personnummer_error = add_field(
            form,
            "Personnummer:",
            QLineEdit(),
            "12 siffror, ÅÅÅÅMMDD-NNNN (samordningsnummer går bra)",
        )
        self.personnummer.setPlaceholderText("ÅÅÅÅMMDD-NNNN")
        self.email, self.email_error = add_field(form, "E-post:", QLineEdit())
        self.email.setPlaceholderText("namn@kommun.se")
        self.role, self.role_error = add_field(
            form, "Roll:", QComboBox(), "Behörighetsroll i KA Webb"
        )
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.start_date, self.start_error = add_field(form, "Startdatum:", date_edit())
        self.end_date, self.end_error = add_field(
            form,
            "Slutdatum:",
            date_edit(),
            f"Senast nästa årsskifte ({next_year_end(today).isoformat()})",
        )
        self.end_note = QLabel()
        self.end_note.setObjectName("hint")
        self.end_note.setWordWrap(True)
        form.addRow("", self.end_note)
        self.form_error = FieldError()
        layout.addWidget(self.form_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setText("Spara")
        self.cancel_button.setText("Avbryt")
        named(self.save_button, "Spara")
        named(self.cancel_button, "Avbryt")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        if existing is not None:
            self.first_name.setText(existing.first_name)
            self.last_name.setText(existing.last_name)
            self.personnummer.setText(existing.personnummer.formatted)
            self.email.setText(existing.email.value)
            self.role.setCurrentIndex(self.role.findData(existing.role.value))
            self.start_date.setDate(to_qdate(existing.start_date))
            self.end_date.setDate(to_qdate(existing.end_date or next_year_end(today)))
        else:
            self.role.setCurrentIndex(self.role.findData(Role.TJANSTEADMINISTRATOR.value))
            self.start_date.setDate(to_qdate(today))
            self.end_date.setDate(to_qdate(next_year_end(today)))
        if lock_personnummer:
            self.personnummer.setReadOnly(True)
            self.personnummer.setToolTip("Personnumret kan inte ändras.")
        self._touched: set[QWidget] = set()
        for edit in (self.first_name, self.last_name, self.personnummer, self.email):
            edit.textEdited.connect(lambda _t, w=edit: self._touch(w))
        self.role.currentIndexChanged.connect(lambda _i: self._touch(self.role))
        self.start_date.dateChanged.connect(lambda _d: self._touch(self.start_date))
        self.end_date.dateChanged.connect(lambda _d: self._touch(self.end_date))
        if existing is not None:
            self._touched = {self.first_name, self.last_name, self.personnummer, self.email}
        self.validate()

    def _touch(self, widget: QWidget) -> None:
        self._touched.add(widget)
        self.validate()

    # ------------------------------------------------------------------ validation
    def validate(self) -> UserDraft | None:
        """Check every field; show the messages of touched fields; return the draft or
        ``None``. Untouched empty fields don't shout before the user has typed."""
        errors: dict[str, str] = {}
        values: dict[str, object] = {}
        checks: list[tuple[str, Callable[[], object]]] = [
            ("first_name", lambda: check_name(self.first_name.text(), "first_name", "förnamn")),
            ("last_name", lambda: check_name(self.last_name.text(), "last_name", "efternamn")),
            ("personnummer", lambda: Personnummer.parse(self.personnummer.text(), self._today)),
            ("email", lambda: EmailAddress.parse(self.email.text())),
        ]
        for name, check in checks:
            try:
                values[name] = check()
            except DomainError as exc:
                errors[name] = exc.message
        role = Role(self.role.currentData())
        admin = role.is_admin
        self.end_date.setEnabled(not admin)
        self.end_note.setText(
            "En behörighetsadministratör har inget slutdatum."
            if admin
            else "Slutdatum får vara senast nästa årsskifte, "
            f"{next_year_end(self._today).isoformat()}."
        )
        start = to_date(self.start_date.date())
        end = None if admin else to_date(self.end_date.date())
        try:
            check_period(role, start, end, self._today)
        except DomainError as exc:
            errors[getattr(exc, "field", None) or "end_date"] = exc.message
        fields: dict[str, tuple[QWidget, FieldError]] = {
            "first_name": (self.first_name, self.first_name_error),
            "last_name": (self.last_name, self.last_name_error),
            "personnummer": (self.personnummer, self.personnummer_error),
            "email": (self.email, self.email_error),
            "role": (self.role, self.role_error),
            "start_date": (self.start_date, self.start_error),
            "end_date": (self.end_date, self.end_error),
        }
        for name, (widget, label) in fields.items():
            message = errors.get(name)
            show = (
                message if (widget in self._touched or name in ("end_date", "start_date")) else None
            )
            label.show_message(show)
            set_invalid(widget, bool(show))
        self.save_button.setEnabled(not errors)
        if errors:
            return None
        return UserDraft(
            first_name=str(values["first_name"]),
            last_name=str(values["last_name"]),
            personnummer=values["personnummer"],  # type: ignore[arg-type]
            email=values["email"],  # type: ignore[arg-type]
            role=role,
            start_date=start,
            end_date=end,
        )

    def _accept(self) -> None:
        self._touched |= {self.first_name, self.last_name, self.personnummer, self.email}
        draft = self.validate()
        if draft is None:
            return
        if self._save is None:
            self._saved(draft)
            return
        # The service writes to the store (over the network with PostgreSQL): off the
        # GUI thread, with Spara disabled until it answers.
        save = self._save
        self.save_button.setEnabled(False)
        self._worker.run(lambda: save(draft), lambda _r: self._saved(draft), self._refused)

    def _saved(self, draft: UserDraft) -> None:
        self.draft = draft
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.validate()
        if isinstance(exc, DomainError):
            self.show_service_error(exc)
        else:
            self.form_error.show_message(message_of(exc))

    def show_service_error(self, exc: DomainError) -> None:
        """A refusal from the service: under the field it names, or under the form."""
        field = getattr(exc, "field", None)
        targets = {
            "personnummer": (self.personnummer, self.personnummer_error),
            "email": (self.email, self.email_error),
            "end_date": (self.end_date, self.end_error),
            "first_name": (self.first_name, self.first_name_error),
            "last_name": (self.last_name, self.last_name_error),
        }
        if field in targets:
            widget, label = targets[field]
            label.show_message(exc.message)
            set_invalid(widget, True)
            widget.setFocus()
        else:
            self.form_error.show_message(exc.message)
