"""*Skapa kontaktperson* / *Ändra kontaktperson* (Uppgifter > Kontaktpersoner, and the
magnifier of *Ändringar att signera*).

The form checks what is typed as you type, with the rules the service runs first
(:func:`kawebb_desktop.domain.org_rules.validate_contact_draft`; the e-mail address by
:class:`EmailAddress`), and shows each broken rule under its field. Spara sends one
command per attempt (pressing Spara again with the same content after an error sends the
same command, so its idempotency key makes a retried write apply once) on a worker
thread; what the service refuses is shown under the field it names. The change is not
made at once: it waits under *Ändringar att signera* until it is signed with BankID.

A role without ● on *Kontaktperson* sees the form read-only, with only *Stäng*.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import ChangeAction, ContactDraft, contact_draft_of
from kawebb_desktop.domain.entities import Address, ContactPerson, Unit
from kawebb_desktop.domain.errors import DomainError, InvalidDraft, RuleViolation
from kawebb_desktop.domain.org_rules import validate_contact_draft
from kawebb_desktop.domain.roles import Access, Function, allows
from kawebb_desktop.domain.values import EmailAddress, phone_text
from kawebb_desktop.services.api import (
    ChangeContact,
    CreateContact,
    EditPendingContact,
    PendingContactChange,
    RemoveContact,
    Services,
    VersionedId,
    caller_of,
)
from kawebb_desktop.ui.errors import SAVE_UNCERTAIN, is_refusal, message_of
from kawebb_desktop.ui.widgets.feedback import SAVING, BusyLabel
from kawebb_desktop.ui.widgets.forms import FieldError, add_field, named, set_invalid
from kawebb_desktop.ui.widgets.screen import fit_to_screen
from kawebb_desktop.ui.worker import Worker

K = TypeVar("K")

#: The stand-in the rules see while the e-mail address does not parse yet (they judge the
#: other fields meanwhile); Spara needs the real one.
STAND_IN_EMAIL = EmailAddress("namn@kommun.se")
#: Said under the form when the answer to Spara did not come (the write may be made).
SAVE_AGAIN = "Tryck Spara igen: samma ändring sparas bara en gång."
PENDING_TAB = "Ändringar att signera"
INTRO = f"Ändringen hamnar under {PENDING_TAB} och gäller först när den har signerats med BankID."
INTRO_PENDING = (
    f"Kontaktpersonen har en osignerad ändring under {PENDING_TAB}, och formuläret visar "
    "den. Det du sparar ändrar den ändringen, som gäller först när den har signerats med "
    "BankID."
)
INTRO_EDIT_CHANGE = (
    f"Du ändrar en osignerad ändring under {PENDING_TAB}. Den gäller först när den har "
    "signerats med BankID."
)
INTRO_REMOVAL = (
    f"Kontaktpersonen ska tas bort; borttagningen väntar under {PENDING_TAB}. Ångra den "
    "med det röda krysset om du vill ändra kontaktpersonen i stället."
)
TAKE_OVER_AGAIN = "Tryck Spara igen för att låta den här ta över."
READ_ONLY = "Din roll ger inte behörighet att ändra kontaktpersoner."
#: The most rows a checkable list shows before it scrolls (the form fits 1024×768).
LIST_ROWS = 4


def take_over_note(name: str, what: str) -> str:
    return f"{name} upphör att vara {what}."


class CheckList(QListWidget):
    """A short list of choices, each with a check box (Space ticks the current one); as
    high as its rows, up to :data:`LIST_ROWS`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self._keys: list[Any] = []

    def set_choices(self, choices: Iterable[tuple[Any, str]], checked: Iterable[Any]) -> None:
        ticked = set(checked)
        self.blockSignals(True)
        self.clear()
        self._keys = []
        for key, text in choices:
            item = QListWidgetItem(text)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(Qt.CheckState.Checked if key in ticked else Qt.CheckState.Unchecked)
            self.addItem(item)
            self._keys.append(key)
        self.blockSignals(False)
        if self.count():
            self.setCurrentRow(0)
        rows = max(1, min(self.count(), LIST_ROWS))
        height = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height() + 4
        self.setFixedHeight(rows * height + 2 * self.frameWidth() + 2)

    def keys(self) -> list[Any]:
        return list(self._keys)

    def checked(self) -> list[Any]:
        return [
            key
            for row, key in enumerate(self._keys)
            if self.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, key: Any, checked: bool) -> None:
        row = self._keys.index(key)
        self.item(row).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def dedupe(items: Sequence[K]) -> list[K]:
    return list(dict.fromkeys(items))


class ContactDialog(QDialog):
    """``contact`` set = Ändra (with Ta bort); ``edit_change`` set = the change under
    *Ändringar att signera* is edited; neither = Skapa."""

    #: The service's answer (:class:`PendingContactChange`) to a successful save or removal.
    saved = Signal(object)

    def __init__(
        self,
        services: Services,
        actor: Actor,
        *,
        units: list[Unit],
        addresses: list[Address],
        contacts: list[ContactPerson],
        contact: ContactPerson | None = None,
        pending: PendingContactChange | None = None,
        edit_change: PendingContactChange | None = None,
        read_only: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._caller = caller_of(actor)
        self._contact = contact
        self._pending = pending if contact is not None else None
        self._edit_change = edit_change if contact is None else None
        self._worker = Worker(self)
        removal = self._pending is not None and self._pending.action is ChangeAction.BORTTAGEN
        self.read_only = (
            read_only or removal or not allows(actor.role, Function.KONTAKTPERSON, Access.WRITE)
        )
        if self._edit_change is not None:
            title = "Ändra kontaktperson att signera"
            start: ContactDraft | None = self._edit_change.draft
            intro = INTRO_EDIT_CHANGE
            current = self._edit_change.current
        elif contact is not None:
            title = "Ändra kontaktperson"
            if self._pending is not None and not removal:
                start, intro = self._pending.draft, INTRO_PENDING
            else:
                start, intro = contact_draft_of(contact), INTRO
            if removal:
                intro = INTRO_REMOVAL
            current = contact
        else:
            title, start, intro, current = "Skapa kontaktperson", None, INTRO, None
        if self.read_only:
            title = "Kontaktperson"
            if not removal:
                intro = READ_ONLY
        self.setWindowTitle(title)
        self.setModal(True)
        #: The id of the stored contact this form is about (not the take-over's other one).
        self._own_id = (
            current.id
            if current is not None
            else (-self._edit_change.id if self._edit_change is not None else None)
        )
        self._others = [c for c in contacts if c.id != self._own_id]
        #: The service's answer to the save that closed the dialog.
        self.answer: PendingContactChange | None = None
        self._attempt: tuple[object, Any] | None = None
        self._saving = False
        self._service_error: tuple[str, str, object] | None = None
        #: The service said another contact is administrative (one this form did not
        #: know of, e.g. a new one still to sign): the next Spara takes over.
        self._confirmed_take_over = False
        #: The confirmation box of Ta bort while it is open (tests reach it here).
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
        self.first_name, self.first_name_error = add_field(form, "&Förnamn:", QLineEdit())
        self.last_name, self.last_name_error = add_field(form, "&Efternamn:", QLineEdit())
        self.email, self.email_error = add_field(form, "E-p&ost:", QLineEdit())
        self.email.setPlaceholderText("namn@kommun.se")
        phone_hint = "Svenskt nummer, t.ex. 070-123 45 67 eller +46 70 123 45 67"
        self.phone1, self.phone1_error = add_field(form, "Telefon &1:", QLineEdit(), phone_hint)
        self.phone2, self.phone2_error = add_field(form, "Telefon &2:", QLineEdit(), phone_hint)
        for phone in (self.phone1, self.phone2):
            phone.setPlaceholderText("070-123 45 67")
        self.units, self.units_error = add_field(
            form,
            "&Utförande verksamheter:",
            CheckList(),
            "De utförande verksamheter som personen är kontaktperson för (Mellanslag markerar).",
        )
        self.addresses, self.addresses_error = add_field(
            form,
            "A&dresser:",
            CheckList(),
            "De adresser som personen är kontaktperson för (Mellanslag markerar).",
        )
        self.administrative = named(QCheckBox("Ad&ministrativ kontakt"), "Administrativ kontakt")
        self.administrative.setToolTip("Kommunens enda administrativa kontakt.")
        form.addRow("", self.administrative)
        self.take_over = QLabel()
        self.take_over.setObjectName("hint")
        self.take_over.setWordWrap(True)
        self.take_over.setVisible(False)
        form.addRow("", self.take_over)
        self.administrative_error = FieldError()
        form.addRow("", self.administrative_error)
        self.form_error = FieldError()
        layout.addWidget(self.form_error)
        self.progress = BusyLabel(self)
        layout.addWidget(self.progress)

        self.buttons = QDialogButtonBox()
        self.remove_button: QPushButton | None = None
        if self.read_only:
            close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
            close.setText("Stäng")
            named(close, "Stäng")
            self.close_button = close
            self.save_button = None
            self.cancel_button = None
        else:
            self.save_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Save)
            self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            self.save_button.setText("&Spara")
            self.cancel_button.setText("Avbryt")
            named(self.save_button, "Spara")
            named(self.cancel_button, "Avbryt")
            self.save_button.setDefault(True)
            if contact is not None:
                self.remove_button = self.buttons.addButton(
                    "&Ta bort…", QDialogButtonBox.ButtonRole.DestructiveRole
                )
                named(self.remove_button, self.remove_button.text())
                self.remove_button.setAutoDefault(False)
                self.remove_button.setToolTip(
                    f"Ta bort kontaktpersonen (hamnar under {PENDING_TAB})."
                )
                self.remove_button.clicked.connect(self.ask_remove)
            self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        # ---------------------------------------------------------------- contents
        checked_units = start.unit_ids if start else ()
        unit_choices = [(u.id, u.name) for u in units]
        known_units = {u.id for u in units}
        unit_choices += [
            (i, f"Utförande verksamhet {i}") for i in checked_units if i not in known_units
        ]
        self.units.set_choices(unit_choices, checked_units)
        checked_addresses = start.addresses if start else ()
        address_list = dedupe([*addresses, *(a for a in checked_addresses if a not in addresses)])
        self.addresses.set_choices([(a, a.text) for a in address_list], checked_addresses)
        if start is not None:
            self.first_name.setText(start.first_name)
            self.last_name.setText(start.last_name)
            self.email.setText(start.email.value)
            self.phone1.setText(phone_text(start.phone1))
            self.phone2.setText(phone_text(start.phone2))
            self.administrative.setChecked(start.administrative)

        self._text_fields = (self.first_name, self.last_name, self.email, self.phone1, self.phone2)
        self._touched: set[QWidget] = set()
        if start is not None:
            self._touched = set(self._text_fields)
        for edit in self._text_fields:
            edit.textEdited.connect(lambda _t, w=edit: self._touch(w))
        self.units.itemChanged.connect(lambda _i: self._touch(self.units))
        self.addresses.itemChanged.connect(lambda _i: self._touch(self.addresses))
        self.administrative.toggled.connect(lambda _c: self._touch(self.administrative))
        if self.read_only:
            for widget in (*self._text_fields, self.units, self.addresses, self.administrative):
                widget.setEnabled(False)
        self.validate()
        fit_to_screen(self)

    # ------------------------------------------------------------------ state
    @property
    def saving(self) -> bool:
        return self._saving

    @property
    def last_command(self) -> Any:
        """The command of the latest attempt to save (None before the first)."""
        return self._attempt[1] if self._attempt else None

    def first_field(self) -> QWidget:
        return self.first_name

    def _touch(self, widget: QWidget) -> None:
        self._touched.add(widget)
        self.validate()

    def _other_admin(self) -> ContactPerson | None:
        return next((c for c in self._others if c.administrative), None)

    @property
    def takes_over(self) -> bool:
        """Ticked as the administrative contact while another one is (as this form knows,
        or as the service said when it refused the first attempt)."""
        if not self.administrative.isChecked():
            self._confirmed_take_over = False
            return False
        return self._other_admin() is not None or self._confirmed_take_over

    # ------------------------------------------------------------------ validation
    def _fields(self) -> dict[str, tuple[QWidget, FieldError]]:
        return {
            "first_name": (self.first_name, self.first_name_error),
            "last_name": (self.last_name, self.last_name_error),
            "email": (self.email, self.email_error),
            "phone1": (self.phone1, self.phone1_error),
            "phone2": (self.phone2, self.phone2_error),
            "units": (self.units, self.units_error),
            "addresses": (self.addresses, self.addresses_error),
            "administrative": (self.administrative, self.administrative_error),
        }

    def _value(self, widget: QWidget) -> object:
        if isinstance(widget, QLineEdit):
            return widget.text()
        if isinstance(widget, CheckList):
            return tuple(widget.checked())
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        return None

    def validate(self) -> ContactDraft | None:
        """Check every field; show the messages of the fields touched; return the checked
        draft (phones normalised) or ``None``."""
        other = self._other_admin()
        self.take_over.setVisible(self.takes_over and other is not None)
        if other is not None:
            self.take_over.setText(take_over_note(other.full_name, "administrativ kontakt"))
        errors: dict[str, str] = {}
        email: EmailAddress | None = None
        try:
            email = EmailAddress.parse(self.email.text())
        except DomainError as exc:
            errors["email"] = exc.message
        typed = ContactDraft(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            email=email or STAND_IN_EMAIL,
            phone1=self.phone1.text(),
            phone2=self.phone2.text(),
            unit_ids=tuple(self.units.checked()),
            addresses=tuple(self.addresses.checked()),
            administrative=self.administrative.isChecked(),
        )
        checked: ContactDraft | None = None
        try:
            checked = validate_contact_draft(typed)
        except InvalidDraft as exc:
            for violation in exc.violations:
                errors.setdefault(violation.field or "form", violation.message)
        except RuleViolation as exc:
            errors.setdefault(exc.field or "form", exc.message)
        self._show(errors)
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

    def _show(self, errors: dict[str, str]) -> None:
        for name, (widget, label) in self._fields().items():
            message = errors.get(name) if widget in self._touched else None
            refusal = self._service_error
            if (
                message is None
                and refusal
                and refusal[0] == name
                and self._value(widget) == refusal[2]
            ):
                message = refusal[1]  # what the service said, until the field changes
            label.show_message(message)
            set_invalid(widget, bool(message))
        if "form" in errors and not self._saving:
            self.form_error.show_message(errors["form"])

    # ------------------------------------------------------------------ saving
    def _command(self, draft: ContactDraft) -> object:
        take_over = self.takes_over
        if self._edit_change is not None:
            change = self._edit_change
            return EditPendingContact(change.id, change.version, draft, take_over=take_over)
        if self._contact is not None:
            return ChangeContact(
                self._contact.id,
                self._contact.version,
                draft,
                pending=pending_ref(self._pending),
                take_over=take_over,
            )
        return CreateContact(draft, take_over=take_over)

    def _send(self, command: object) -> PendingContactChange:
        organisations, caller = self._services.organisations, self._caller
        if isinstance(command, EditPendingContact):
            return organisations.edit_pending_contact(caller, command)
        if isinstance(command, ChangeContact):
            return organisations.change_contact(caller, command)
        if isinstance(command, RemoveContact):
            return organisations.remove_contact(caller, command)
        assert isinstance(command, CreateContact)
        return organisations.create_contact(caller, command)

    def _accept(self) -> None:
        if self.read_only or self._saving:
            return
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

    def _saved(self, answer: PendingContactChange) -> None:
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
                getattr(exc, "field", None) == "administrative"
                and self.administrative.isChecked()
                and not self.takes_over
            ):
                self._confirmed_take_over = True
                exc = RuleViolation(f"{exc.message} {TAKE_OVER_AGAIN}", "administrative")
            self.show_service_error(exc)
        else:
            self.form_error.show_message(f"{message_of(exc, SAVE_UNCERTAIN)} {SAVE_AGAIN}")

    def show_service_error(self, exc: DomainError) -> None:
        """A refusal from the service: under the field it names, or under the form."""
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
        contact = self._contact
        if contact is None or self._saving:
            return
        replaces = (
            ""
            if self._pending is None
            else f"\n\nKontaktpersonens osignerade ändring under {PENDING_TAB} ersätts av "
            "borttagningen."
        )
        box, remove = confirm_box(
            self,
            "Ta bort kontaktperson",
            f"Ta bort kontaktpersonen {contact.full_name}?\n\nBorttagningen hamnar under "
            f"{PENDING_TAB} och genomförs när den har signerats.{replaces}",
            "Ta bort",
            "Avbryt",
        )

        def answered(_result: int) -> None:
            self.confirm = None
            if box.clickedButton() is remove:
                self._run(
                    RemoveContact(contact.id, contact.version, pending=pending_ref(self._pending))
                )

        box.finished.connect(answered)
        box.open()
        self.confirm = box


def with_pending_contacts(
    contacts: Sequence[ContactPerson], pending: Sequence[PendingContactChange]
) -> list[ContactPerson]:
    """The contact persons as they will be once ``pending`` is signed — what the form's
    take-over note goes by. A new one (Ny) stands with the change's id negated."""
    by_target = {p.change.target_id: p for p in pending if p.change.target_id is not None}
    after: list[ContactPerson] = []
    for contact in contacts:
        change = by_target.get(contact.id)
        if change is None:
            after.append(contact)
        elif change.action is not ChangeAction.BORTTAGEN:
            after.append(_as_contact(contact.id, contact.organisation_id, change.draft))
    for change in pending:
        if change.action is ChangeAction.NY:
            after.append(_as_contact(-change.id, 0, change.draft))
    return after


def _as_contact(contact_id: int, organisation_id: int, draft: ContactDraft) -> ContactPerson:
    return ContactPerson(
        contact_id,
        organisation_id,
        draft.first_name,
        draft.last_name,
        draft.email,
        draft.phone1,
        draft.phone2,
        draft.unit_ids,
        draft.addresses,
        draft.administrative,
    )


def confirm_box(
    parent: QWidget, title: str, text: str, act: str, keep: str
) -> tuple[QMessageBox, QPushButton]:
    """A question whose yes is destructive: both buttons say what they do, and the safe
    one is the default (Enter) and the Esc button (as ``views.users.confirm_box``)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton)
    box.setParent(parent, box.windowFlags())
    act_button = box.addButton(act, QMessageBox.ButtonRole.DestructiveRole)
    keep_button = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    named(act_button, act)
    named(keep_button, keep)
    box.setDefaultButton(keep_button)
    box.setEscapeButton(keep_button)
    return box, act_button


def pending_ref(change: Any) -> VersionedId | None:
    """The unsigned change a command is based on, as the command names it."""
    return None if change is None else VersionedId(change.id, change.version)
