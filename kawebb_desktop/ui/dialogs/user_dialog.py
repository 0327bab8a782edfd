"""*Skapa användare* / *Ändra användare*: validates as you type with the service's rules.

The personnummer and the e-mail address are parsed by their value objects (as the server
parses what is typed); names and period are judged by the service's own check
(``UsersApi.validate_draft``, passed in as ``check``), which names every rule the draft
breaks, so the dialog and the service can never disagree: Spara is enabled exactly when
the check accepts the draft, and its messages are the service's.
The dialog collects a :class:`UserDraft`, wraps it in the caller's command (one per
attempt: pressing Spara again with the same content after an error sends the same command,
so its idempotency key makes a retried write apply once) and shows what the service says
(the store is the judge of uniqueness).

A person's name is not one municipality's to change: in *Ändra* the name fields are
read-only, and in *Skapa* the name of a person already registered (from BankID or AF)
fills and locks them as soon as a valid personnummer is typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

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
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.changes import UserDraft
from kawebb_desktop.domain.entities import Person
from kawebb_desktop.domain.errors import DomainError, InvalidDraft, RuleViolation
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.rules import next_year_end, validate_user_draft
from kawebb_desktop.domain.values import EmailAddress, Personnummer
from kawebb_desktop.ui.errors import SAVE_UNCERTAIN, is_refusal, message_of
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr, tr_message
from kawebb_desktop.ui.style import set_read_only, styled
from kawebb_desktop.ui.widgets.feedback import SAVING, BusyLabel
from kawebb_desktop.ui.widgets.forms import FieldError, add_field, add_save_cancel, set_invalid
from kawebb_desktop.ui.widgets.screen import fit_to_screen
from kawebb_desktop.ui.worker import Worker

DATE_FORMAT = "yyyy-MM-dd"
#: Stand-ins the check sees while the personnummer or the e-mail address does not parse
#: yet: it judges names and period, so those fields get their messages meanwhile. Spara
#: needs the real values, checked with the real draft.
STAND_IN_PERSONNUMMER = Personnummer("191212121212")
STAND_IN_EMAIL = EmailAddress("namn@kommun.se")
#: Said under the form when the answer to Spara did not come (the write may be made).
SAVE_AGAIN = QT_TR_NOOP("Tryck Spara igen: samma ändring sparas bara en gång.")
REGISTERED_NAME = QT_TR_NOOP("Namnet kommer från folkbokföringen/BankID och kan inte ändras här.")
#: The intros, marked for translation (the caller gives the form one with tr()).
INTRO = QT_TR_NOOP(
    "Ändringen hamnar under Användare att signera och gäller först när den har signerats "
    "med BankID."
)
#: The intro of Ändra… on a user with an unsigned change: the form shows that change.
INTRO_PENDING = QT_TR_NOOP(
    "Användaren har en osignerad ändring under Användare att signera, och formuläret visar "
    "den. Det du sparar ändrar den ändringen, som gäller först när den har signerats med "
    "BankID."
)


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def date_edit() -> QDateEdit:
    """A date field, as wide as a date (a form does not stretch it to its own width)."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setMinimumDate(QDate(1990, 1, 1))
    edit.setMaximumDate(QDate(2199, 12, 31))
    edit.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return edit


def _value(widget: QWidget) -> object:
    """A field's content, to tell whether it changed."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QDateEdit):
        return widget.date()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    return None


class UserDialog(QDialog):
    """``existing`` set = Ändra (personnummer locked); ``None`` = Skapa.

    ``command(draft)`` builds the service command for a draft and ``save(command)`` sends
    it (on a worker thread). ``registered(personnummer)`` looks up a registered person
    (on a worker thread) for the Skapa form; ``lock_names`` makes the names read-only.
    """

    def __init__(
        self,
        today: dt.date,
        *,
        title: str | None = None,
        existing: UserDraft | None = None,
        lock_personnummer: bool = False,
        lock_names: bool = False,
        check: Callable[[UserDraft], UserDraft] | None = None,
        command: Callable[[UserDraft], Any] | None = None,
        save: Callable[[Any], object] | None = None,
        registered: Callable[[Personnummer], Person | None] | None = None,
        intro: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``title`` and ``intro`` in the UI's language (Skapa användare and
        :data:`INTRO` if none)."""
        super().__init__(parent)
        if title is None:
            title = tr("Skapa användare")
        if intro is None:
            intro = tr(INTRO)
        self.setWindowTitle(title)
        self.setModal(True)
        self._today = today
        self._check = check or (lambda draft: validate_user_draft(draft, today))
        self._command = command or (lambda draft: draft)
        self._save = save
        self._registered = None if lock_names else registered
        self._worker = Worker(self)
        self.draft: UserDraft | None = None
        #: The service's answer to the save that closed the dialog.
        self.saved: object = None
        #: The last attempt's draft and command (reused when Spara is pressed again
        #: with the same content).
        self._attempt: tuple[UserDraft, Any] | None = None
        self._saving = False
        #: The registered person whose name fills the form (Skapa), if any.
        self.registered_person: Person | None = None
        self._lookup = 0
        self._looked_up: str | None = None
        self._typed_names: tuple[str, str] | None = None
        #: The service's last refusal of one field: (field, message, the field's value).
        self._service_error: tuple[str, str, object] | None = None
        layout = QVBoxLayout(self)
        # The dialog always takes the size its contents need, so an error message that
        # appears under a field is never clipped and leaves no gap when it goes.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        heading = QLabel(title)
        styled(heading, "dialogTitle")
        layout.addWidget(heading)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setMinimumWidth(560)
        layout.addWidget(self.intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.first_name, self.first_name_error = add_field(form, tr("&Förnamn:"), QLineEdit())
        self.last_name, self.last_name_error = add_field(form, tr("&Efternamn:"), QLineEdit())
        self.name_note = QLabel(tr(REGISTERED_NAME))
        styled(self.name_note, "hint")
        self.name_note.setWordWrap(True)
        self.name_note.setVisible(False)
        form.addRow("", self.name_note)
        self.personnummer, self.personnummer_error = add_field(
            form,
            tr("&Personnummer:"),
            QLineEdit(),
            tr("12 siffror, ÅÅÅÅMMDD-NNNN (samordningsnummer går bra)"),
        )
        self.personnummer.setPlaceholderText(tr("ÅÅÅÅMMDD-NNNN"))
        self.email, self.email_error = add_field(form, tr("E-p&ost:"), QLineEdit())
        self.email.setPlaceholderText("namn@kommun.se")
        self.role, self.role_error = add_field(
            form, tr("&Roll:"), QComboBox(), tr("Behörighetsroll i KA Webb")
        )
        for role in Role:
            self.role.addItem(tr(role.label), role.value)
        self.start_date, self.start_error = add_field(form, tr("S&tartdatum:"), date_edit())
        self.end_date, self.end_error = add_field(
            form,
            tr("S&lutdatum:"),
            date_edit(),
            tr("Senast nästa årsskifte ({date})").format(date=next_year_end(today).isoformat()),
        )
        self.end_note = QLabel()
        styled(self.end_note, "hint")
        self.end_note.setWordWrap(True)
        form.addRow("", self.end_note)
        self.form_error = FieldError()
        layout.addWidget(self.form_error)
        #: "Sparar…" when the service takes a while to answer.
        self.progress = BusyLabel(self)
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox()
        self.save_button, self.cancel_button = add_save_cancel(self.buttons)
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
            set_read_only(self.personnummer)
            self.personnummer.setToolTip(tr("Personnumret kan inte ändras."))
        if lock_names:
            self._lock_names(True)
        elif registered is not None:
            self.personnummer.textChanged.connect(lambda _t: self._look_up_person())
            self._look_up_person()
        self._touched: set[QWidget] = set()
        for edit in (self.first_name, self.last_name, self.personnummer, self.email):
            edit.textEdited.connect(lambda _t, w=edit: self._touch(w))
        self.role.currentIndexChanged.connect(lambda _i: self._touch(self.role))
        self.start_date.dateChanged.connect(lambda _d: self._touch(self.start_date))
        self.end_date.dateChanged.connect(lambda _d: self._touch(self.end_date))
        if existing is not None:
            self._touched = {self.first_name, self.last_name, self.personnummer, self.email}
        self.validate()
        fit_to_screen(self)

    def _touch(self, widget: QWidget) -> None:
        self._touched.add(widget)
        self.validate()

    # ------------------------------------------------------------------ registered names
    def _lock_names(self, locked: bool) -> None:
        for edit in (self.first_name, self.last_name):
            set_read_only(edit, locked)
            edit.setToolTip(tr(REGISTERED_NAME) if locked else "")
        self.name_note.setVisible(locked)

    def _look_up_person(self) -> None:
        """A valid personnummer: ask whether the person is registered (worker thread)."""
        lookup = self._registered
        if lookup is None:
            return
        try:
            number = Personnummer.parse(self.personnummer.text(), self._today)
        except DomainError:
            number = None
        key = number.value if number else None
        if key == self._looked_up:
            return
        self._looked_up = key
        self._lookup += 1
        generation = self._lookup
        if number is None:
            self._show_registered(generation, None)
            return
        self._worker.run(
            lambda: lookup(number),
            lambda person: self._show_registered(generation, person),
            lambda _exc: self._show_registered(generation, None),
        )

    def _show_registered(self, generation: int, person: Person | None) -> None:
        if generation != self._lookup:
            return  # the personnummer changed meanwhile
        if person is not None:
            if self.registered_person is None:
                self._typed_names = (self.first_name.text(), self.last_name.text())
            self.registered_person = person
            self.first_name.setText(person.first_name)
            self.last_name.setText(person.last_name)
            self._touched |= {self.first_name, self.last_name}
            self._lock_names(True)
        elif self.registered_person is not None:
            self.registered_person = None
            first, last = self._typed_names or ("", "")
            self._typed_names = None
            self.first_name.setText(first)
            self.last_name.setText(last)
            self._lock_names(False)
        self.validate()

    # ------------------------------------------------------------------ validation
    def validate(self) -> UserDraft | None:
        """Check every field; show the messages of touched fields; return the draft or
        ``None``. Untouched empty fields don't shout before the user has typed."""
        errors: dict[str, str] = {}
        personnummer: Personnummer | None = None
        email: EmailAddress | None = None
        try:
            personnummer = Personnummer.parse(self.personnummer.text(), self._today)
        except DomainError as exc:
            errors["personnummer"] = tr_message(exc.message)
        try:
            email = EmailAddress.parse(self.email.text())
        except DomainError as exc:
            errors["email"] = tr_message(exc.message)
        role = Role(self.role.currentData())
        admin = role.is_admin
        self.end_date.setEnabled(not admin)
        self.end_note.setText(
            tr("En behörighetsadministratör har inget slutdatum.")
            if admin
            else tr("Slutdatum får vara senast nästa årsskifte, {date}.").format(
                date=next_year_end(self._today).isoformat()
            )
        )
        start = to_date(self.start_date.date())
        end = None if admin else to_date(self.end_date.date())
        typed = UserDraft(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            personnummer=personnummer or STAND_IN_PERSONNUMMER,
            email=email or STAND_IN_EMAIL,
            role=role,
            start_date=start,
            end_date=end,
        )
        checked: UserDraft | None = None
        try:
            checked = self._check(typed)
        except InvalidDraft as exc:
            for violation in exc.violations:
                errors.setdefault(violation.field or "form", tr_message(violation.message))
        except RuleViolation as exc:
            errors.setdefault(exc.field or "form", tr_message(exc.message))
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
            refusal = self._service_error
            if show is None and refusal and refusal[0] == name and _value(widget) == refusal[2]:
                show = refusal[1]  # what the service said, until the field is changed
            label.show_message(show)
            set_invalid(widget, bool(show))
        if "form" in errors and not self._saving:
            # A rule the check names for no field of the form (none does today).
            self.form_error.show_message(errors["form"])
        self.save_button.setEnabled(not errors and not self._saving)
        if errors or checked is None:
            return None
        return checked

    def _accept(self) -> None:
        self._touched |= {self.first_name, self.last_name, self.personnummer, self.email}
        draft = self.validate()
        if draft is None:
            return
        if self._save is None:
            self._saved(draft)
            return
        # The same content as the attempt before (after an error): the same command, so
        # a write that did reach the service is not made twice.
        if self._attempt is None or self._attempt[0] != draft:
            self._attempt = (draft, self._command(draft))
        command = self._attempt[1]
        # The service writes to the store (or over the network): off the GUI thread,
        # with Spara disabled until it answers.
        save = self._save
        self._saving = True
        self.save_button.setEnabled(False)
        self.form_error.show_message(None)
        self.progress.start(tr(SAVING))
        self._worker.run(
            lambda: save(command), lambda answer: self._saved(draft, answer), self._refused
        )

    @property
    def saving(self) -> bool:
        return self._saving

    @property
    def last_command(self) -> Any:
        """The command of the latest attempt to save (None before the first)."""
        return self._attempt[1] if self._attempt else None

    def _saved(self, draft: UserDraft, answer: object = None) -> None:
        self.progress.stop()
        self.draft = draft
        self.saved = answer
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.progress.stop()
        self._saving = False
        self.validate()
        if isinstance(exc, DomainError) and is_refusal(exc):
            self.show_service_error(exc)
        else:
            self.form_error.show_message(f"{message_of(exc, SAVE_UNCERTAIN)} {tr(SAVE_AGAIN)}")

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
            self._service_error = (str(field), tr_message(exc.message), _value(widget))
            label.show_message(tr_message(exc.message))
            set_invalid(widget, True)
            widget.setFocus()
        else:
            self.form_error.show_message(tr_message(exc.message))
