"""What the contact person form and the account form share (Uppgifter, and the magnifier
of *Ändringar att signera*): :class:`RecordDialog`.

The modes (Skapa; Ändra, showing the record's unsigned change if it has one; editing a
change under *Ändringar att signera*; read-only, for a role without ● on the record's
function or a record waiting to be removed) with their titles and intro texts; the one
flag a single record of the organisation may carry (administrative contact, standard
account) and its take-over; checking as you type, with each broken rule under its field;
Spara sending one command per attempt (pressing Spara again with the same content after
an error sends the same command, so its idempotency key makes a retried write apply once)
on a worker thread, the service's refusal shown under the field it names; and *Ta bort…*
with its confirmation. Each form keeps its own fields and how its draft maps to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
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
from kawebb_desktop.domain.changes import ChangeAction
from kawebb_desktop.domain.entities import Unit
from kawebb_desktop.domain.errors import DomainError, InvalidDraft, RuleViolation
from kawebb_desktop.domain.roles import Access, Function, allows
from kawebb_desktop.services.api import Services, VersionedId, caller_of
from kawebb_desktop.ui.errors import SAVE_UNCERTAIN, is_refusal, message_of
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr, tr_message
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.widgets.feedback import SAVING, BusyLabel
from kawebb_desktop.ui.widgets.forms import (
    FieldError,
    add_field,
    add_save_cancel,
    confirm_box,
    named,
    set_invalid,
)
from kawebb_desktop.ui.widgets.screen import fit_to_screen
from kawebb_desktop.ui.worker import Worker

K = TypeVar("K")

# The texts are marked for translation and shown with tr() (the intros' templates are
# Swedish; :func:`intro_pending` and :func:`intro_removal` give them in the UI's language).
#: Said under the form when the answer to Spara did not come (the write may be made).
SAVE_AGAIN = QT_TR_NOOP("Tryck Spara igen: samma ändring sparas bara en gång.")
PENDING_TAB = QT_TR_NOOP("Ändringar att signera")
INTRO = QT_TR_NOOP(
    "Ändringen hamnar under Ändringar att signera och gäller först när den har signerats med "
    "BankID."
)
INTRO_EDIT_CHANGE = QT_TR_NOOP(
    "Du ändrar en osignerad ändring under Ändringar att signera. Den gäller först när den har "
    "signerats med BankID."
)
TAKE_OVER_AGAIN = QT_TR_NOOP("Tryck Spara igen för att låta den här ta över.")
INTRO_PENDING_TEMPLATE = QT_TR_NOOP(
    "{owner} har en osignerad ändring under Ändringar att signera, och formuläret visar den. "
    "Det du sparar ändrar den ändringen, som gäller först när den har signerats med BankID."
)
INTRO_REMOVAL_TEMPLATE = QT_TR_NOOP(
    "{owner} ska tas bort; borttagningen väntar under Ändringar att signera. Ångra den med "
    "det röda krysset om du vill ändra {the_noun} i stället."
)
#: The most rows a checkable list shows before it scrolls (the form fits 1024×768).
LIST_ROWS = 4


def intro_pending(the_noun: str) -> str:
    """The intro of Ändra for a record with an unsigned change (``the_noun``:
    ``kontot``, marked for translation), in the UI's language."""
    return tr(INTRO_PENDING_TEMPLATE).format(owner=tr(the_noun).capitalize())


def intro_removal(the_noun: str) -> str:
    """The intro of a record waiting to be removed, in the UI's language."""
    noun = tr(the_noun)
    return tr(INTRO_REMOVAL_TEMPLATE).format(owner=noun.capitalize(), the_noun=noun)


def take_over_note(name: str, what: str) -> str:
    return tr("{name} upphör att vara {what}.").format(name=name, what=tr(what))


@dataclass(frozen=True, slots=True)
class RecordKind:
    """What a form is about, as its texts and rules name it."""

    #: ``konto`` (titles: *Skapa konto*).
    noun: str
    #: ``kontot`` (*Ta bort kontot …?*).
    the_noun: str
    #: Whose ● on it lets a role write.
    function: Function
    #: The intro of the read-only form.
    read_only: str
    #: The field of the flag only one record may carry (``is_default``).
    flag_field: str
    #: What the take-over note says the other record stops being (``standardkonto``).
    flag_role: str


class Record(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def version(self) -> int: ...


R = TypeVar("R", bound=Record)
D = TypeVar("D")
R_co = TypeVar("R_co", bound=Record, covariant=True)
D_co = TypeVar("D_co", covariant=True)


class PendingLine(Protocol[R_co, D_co]):
    """A line of *Ändringar att signera* (``PendingContactChange``, …)."""

    @property
    def id(self) -> int: ...

    @property
    def version(self) -> int: ...

    @property
    def action(self) -> ChangeAction: ...

    @property
    def draft(self) -> D_co: ...

    @property
    def current(self) -> R_co | None: ...


P = TypeVar("P", bound=PendingLine[Any, Any])


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


class RecordDialog(QDialog, Generic[R, D, P]):
    """The form of one record ``R`` of the organisation, typed as a draft ``D``, whose
    unsigned changes are lines ``P``. ``record`` set = Ändra (with Ta bort);
    ``edit_change`` set = the change under *Ändringar att signera* is edited; neither =
    Skapa.

    A subclass calls ``super().__init__``, adds its fields to :attr:`form` (the flag with
    :meth:`_add_flag`, the units with :meth:`_add_units`), fills them from
    :attr:`_start`, watches them (:meth:`_watch`) and calls :meth:`_finish`.
    """

    #: The service's answer (the pending line) to a successful save or removal.
    saved = Signal(object)
    KIND: ClassVar[RecordKind]

    take_over: QLabel
    units: CheckList
    units_error: FieldError

    def __init__(
        self,
        services: Services,
        actor: Actor,
        *,
        records: Sequence[R],
        record: R | None,
        pending: P | None,
        edit_change: P | None,
        read_only: bool,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        kind = self.KIND
        self._services = services
        self._caller = caller_of(actor)
        self._record = record
        self._pending = pending if record is not None else None
        self._edit_change = edit_change if record is None else None
        self._worker = Worker(self)
        removal = self._pending is not None and self._pending.action is ChangeAction.BORTTAGEN
        self.read_only = read_only or removal or not allows(actor.role, kind.function, Access.WRITE)
        start: D | None
        current: R | None
        if self._edit_change is not None:
            title = tr("Ändra {noun} att signera").format(noun=tr(kind.noun))
            start = self._edit_change.draft
            intro = tr(INTRO_EDIT_CHANGE)
            current = self._edit_change.current
        elif record is not None:
            title = tr("Ändra {noun}").format(noun=tr(kind.noun))
            if self._pending is not None and not removal:
                start, intro = self._pending.draft, intro_pending(kind.the_noun)
            else:
                start, intro = self._draft_of(record), tr(INTRO)
            if removal:
                intro = intro_removal(kind.the_noun)
            current = record
        else:
            title = tr("Skapa {noun}").format(noun=tr(kind.noun))
            start, intro, current = None, tr(INTRO), None
        if self.read_only:
            title = tr(kind.noun).capitalize()
            if not removal:
                intro = tr(kind.read_only)
        self.setWindowTitle(title)
        self.setModal(True)
        #: Where the form starts: the draft shown (``None`` for Skapa) and the stored record.
        self._start = start
        self._current = current
        #: The id of the stored record this form is about (not the take-over's other one).
        self._own_id = (
            current.id
            if current is not None
            else (-self._edit_change.id if self._edit_change is not None else None)
        )
        self._others = [r for r in records if r.id != self._own_id]
        #: The service's answer to the save that closed the dialog.
        self.answer: P | None = None
        self._attempt: tuple[object, Any] | None = None
        self._saving = False
        self._service_error: tuple[str, str, object] | None = None
        #: The service said another record carries the flag (one this form did not know
        #: of, e.g. a new one still to sign): the next Spara takes over.
        self._confirmed_take_over = False
        #: The confirmation box of Ta bort while it is open (tests reach it here).
        self.confirm: QMessageBox | None = None
        self._touched: set[QWidget] = set()
        self.save_button: QPushButton | None = None
        self.cancel_button: QPushButton | None = None
        self.remove_button: QPushButton | None = None

        self._layout = QVBoxLayout(self)
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        heading = QLabel(title)
        styled(heading, "dialogTitle")
        self._layout.addWidget(heading)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setMinimumWidth(560)
        self._layout.addWidget(self.intro)
        self.form = QFormLayout()
        self._layout.addLayout(self.form)

    # ------------------------------------------------------------------ the form's own
    def _draft_of(self, record: R) -> D:
        """The draft of the stored record."""
        raise NotImplementedError

    def _fields(self) -> dict[str, tuple[QWidget, FieldError]]:
        """Each field the rules may name: its widget and the label of its message."""
        raise NotImplementedError

    def _flag(self) -> QCheckBox:
        """The check box of the flag only one record may carry."""
        raise NotImplementedError

    def _flagged(self, record: R) -> bool:
        raise NotImplementedError

    def _name_of(self, record: R) -> str:
        """How the take-over note and the question of Ta bort name a record."""
        raise NotImplementedError

    def _typed(self, errors: dict[str, str]) -> D:
        """The draft as typed (a field that does not parse adds its message)."""
        raise NotImplementedError

    def _check(self, draft: D) -> D:
        """The rules the service runs first (raises :class:`InvalidDraft` or
        :class:`RuleViolation`)."""
        raise NotImplementedError

    def _checked(self, typed: D, errors: dict[str, str]) -> None:
        """Called once the typed draft is checked, before the messages show."""

    def _command(self, draft: D) -> object:
        raise NotImplementedError

    def _remove_command(self, record: R) -> object:
        raise NotImplementedError

    def _send(self, command: object) -> P:
        """The service's answer to ``command`` (runs on the worker thread)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ building
    def _add_units(self, tooltip: str, units: Sequence[Unit], checked: Sequence[int]) -> None:
        """*Utförande verksamheter*, ticked as ``checked`` (a unit not in ``units`` too)."""
        self.units, self.units_error = add_field(
            self.form, tr("&Utförande verksamheter:"), CheckList(), tooltip
        )
        known = {u.id for u in units}
        choices = [(u.id, u.name) for u in units]
        choices += [
            (i, tr("Utförande verksamhet {number}").format(number=i))
            for i in checked
            if i not in known
        ]
        self.units.set_choices(choices, checked)

    def _add_flag(self, box: QCheckBox, tooltip: str) -> FieldError:
        """The flag's check box, the take-over note under it and its message."""
        box.setToolTip(tooltip)
        self.form.addRow("", box)
        self.take_over = QLabel()
        styled(self.take_over, "hint")
        self.take_over.setWordWrap(True)
        self.take_over.setVisible(False)
        self.form.addRow("", self.take_over)
        error = FieldError()
        self.form.addRow("", error)
        return error

    def _watch(self, *widgets: QWidget) -> None:
        """A change to any of ``widgets`` by the user touches it (its message shows)."""
        for widget in widgets:
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _t, w=widget: self._touch(w))
            elif isinstance(widget, CheckList):
                widget.itemChanged.connect(lambda _i, w=widget: self._touch(w))
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(lambda _c, w=widget: self._touch(w))

    def _finish(self, touched: Iterable[QWidget]) -> None:
        """The message of the form, the buttons; ``touched``: the fields whose messages
        show from the start (when the form starts from a draft)."""
        layout = self._layout
        self.form_error = FieldError()
        layout.addWidget(self.form_error)
        self.progress = BusyLabel(self)
        layout.addWidget(self.progress)

        self.buttons = QDialogButtonBox()
        if self.read_only:
            self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
            self.close_button.setText(tr("Stäng"))
            named(self.close_button, tr("Stäng"))
        else:
            self.save_button, self.cancel_button = add_save_cancel(self.buttons)
            self.save_button.setDefault(True)
            if self._record is not None:
                self.remove_button = self.buttons.addButton(
                    tr("&Ta bort…"), QDialogButtonBox.ButtonRole.DestructiveRole
                )
                named(self.remove_button, self.remove_button.text())
                self.remove_button.setAutoDefault(False)
                self.remove_button.setToolTip(
                    tr("Ta bort {the_noun} (hamnar under Ändringar att signera).").format(
                        the_noun=tr(self.KIND.the_noun)
                    )
                )
                self.remove_button.clicked.connect(self.ask_remove)
            self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        if self._start is not None:
            self._touched = set(touched)
        if self.read_only:
            for widget, _error in self._fields().values():
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

    def _touch(self, widget: QWidget) -> None:
        self._touched.add(widget)
        self.validate()

    def _other_flagged(self) -> R | None:
        return next((r for r in self._others if self._flagged(r)), None)

    @property
    def takes_over(self) -> bool:
        """The flag is ticked while another record carries it (as this form knows, or as
        the service said when it refused the first attempt)."""
        if not self._flag().isChecked():
            self._confirmed_take_over = False
            return False
        return self._other_flagged() is not None or self._confirmed_take_over

    # ------------------------------------------------------------------ validation
    def _value(self, widget: QWidget) -> object:
        if isinstance(widget, QLineEdit):
            return widget.text()
        if isinstance(widget, CheckList):
            return tuple(widget.checked())
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentIndex()
        return None

    def validate(self) -> D | None:
        """Check every field; show the messages of the fields touched; return the checked
        draft (normalised) or ``None``."""
        other = self._other_flagged()
        self.take_over.setVisible(self.takes_over and other is not None)
        if other is not None:
            self.take_over.setText(take_over_note(self._name_of(other), self.KIND.flag_role))
        errors: dict[str, str] = {}
        typed = self._typed(errors)
        checked: D | None = None
        try:
            checked = self._check(typed)
        except InvalidDraft as exc:
            for violation in exc.violations:
                errors.setdefault(violation.field or "form", tr_message(violation.message))
        except RuleViolation as exc:
            errors.setdefault(exc.field or "form", tr_message(exc.message))
        self._checked(typed, errors)
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
        self.progress.start(tr(SAVING))
        self._worker.run(lambda: self._send(command), self._saved, self._refused)

    def _saved(self, answer: P) -> None:
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
            flag_field = self.KIND.flag_field
            if (
                getattr(exc, "field", None) == flag_field
                and self._flag().isChecked()
                and not self.takes_over
            ):
                self._confirmed_take_over = True
                exc = RuleViolation(f"{tr_message(exc.message)} {tr(TAKE_OVER_AGAIN)}", flag_field)
            self.show_service_error(exc)
        else:
            self.form_error.show_message(f"{message_of(exc, SAVE_UNCERTAIN)} {tr(SAVE_AGAIN)}")

    def show_service_error(self, exc: DomainError) -> None:
        """A refusal from the service: under the field it names, or under the form."""
        field = getattr(exc, "field", None)
        fields = self._fields()
        if field in fields:
            widget, label = fields[str(field)]
            self._service_error = (str(field), tr_message(exc.message), self._value(widget))
            label.show_message(tr_message(exc.message))
            set_invalid(widget, True)
            widget.setFocus()
        else:
            self.form_error.show_message(tr_message(exc.message))

    def _focus_first_error(self) -> None:
        for widget, label in self._fields().values():
            if label.isVisibleTo(self):
                widget.setFocus()
                return

    # ------------------------------------------------------------------ Ta bort
    def ask_remove(self) -> None:
        record = self._record
        if record is None or self._saving:
            return
        kind = self.KIND
        the_noun = tr(kind.the_noun)
        replaces = (
            ""
            if self._pending is None
            else "\n\n"
            + tr(
                "{owner}s osignerade ändring under Ändringar att signera ersätts av borttagningen."
            ).format(owner=the_noun.capitalize())
        )
        box, remove = confirm_box(
            self,
            tr("Ta bort {noun}").format(noun=tr(kind.noun)),
            tr(
                "Ta bort {the_noun} {name}?\n\nBorttagningen hamnar under Ändringar att "
                "signera och genomförs när den har signerats."
            ).format(the_noun=the_noun, name=self._name_of(record))
            + replaces,
            tr("Ta bort"),
            tr("Avbryt"),
        )

        def answered(_result: int) -> None:
            self.confirm = None
            if box.clickedButton() is remove:
                self._run(self._remove_command(record))

        box.finished.connect(answered)
        box.open()
        self.confirm = box


def pending_ref(change: Any) -> VersionedId | None:
    """The unsigned change a command is based on, as the command names it."""
    return None if change is None else VersionedId(change.id, change.version)
