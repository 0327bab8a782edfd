"""What the login page and the lock screen share: driving a BankID login.

:class:`BankIdLogin` owns the :class:`LoginFlow`, the worker that calls the auth
service, the collect poller, the demo's simulated phone and the attempt counter, and
the widgets both screens show alike: the message, the QR code and the *Logga in med
BankID*, *Öppna BankID på den här datorn* and *Avbryt* buttons. A screen (a
:class:`BankIdScreen`, which also has the device choice — this computer or another, the
remembered one checked — and the demo's *Testperson* box) lays them out on its card
(``widgets.login_card``) and renders the flow on ``changed`` (calling
:meth:`~BankIdLogin.show` for the shared widgets); ``identified`` tells it that BankID
has identified the person (the flow is *choosing*); the login page then enters an
organisation (:meth:`~BankIdLogin.enter`).

Every press of *Logga in* is an attempt; an answer of an earlier attempt or an earlier
order (given up, cancelled, reset) is ignored. A completed identification's session
token is kept here, in memory only, until it is entered or taken (:meth:`take_token`);
given up, it is logged out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.services.api import LoginProgress, OrderView, Services, TestPerson
from kawebb_desktop.services.flows import Device, LoginFlow, LoginState
from kawebb_desktop.ui.errors import message_of
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr, tr_message
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.widgets.bankid import (
    BankIdPoller,
    PhoneApproval,
    open_bankid_on_this_device,
    remember_device,
    remembered_device,
    show_message,
)
from kawebb_desktop.ui.widgets.forms import button, named
from kawebb_desktop.ui.widgets.qr import QrCodeWidget
from kawebb_desktop.ui.worker import Worker

#: The buttons' texts, marked for translation (shown with tr()).
START_TEXT = QT_TR_NOOP("&Logga in med BankID")
RETRY_TEXT = QT_TR_NOOP("Försök igen")
SAME_DEVICE_TEXT = QT_TR_NOOP("Öppna BankID på den här &datorn")
AGAIN_TEXT = QT_TR_NOOP("Starta BankID-appen &igen")
SAME_DEVICE_TIP = QT_TR_NOOP(
    "Startar BankID-appen på den här datorn i stället för att skanna QR-koden."
)

#: The device choice's buttons and what each means.
DEVICE_TEXTS = {
    Device.THIS: (
        QT_TR_NOOP("BankID på den här &datorn"),
        QT_TR_NOOP("BankID-appen startas på den här datorn."),
    ),
    Device.OTHER: (
        QT_TR_NOOP("&Mobilt BankID på annan enhet"),
        QT_TR_NOOP("Du skannar en QR-kod med BankID-appen i mobilen eller surfplattan."),
    ),
}


class BankIdLogin(QObject):
    #: The flow changed: render it.
    changed = Signal()
    #: (LoginProgress) BankID identified the person: the flow is choosing, the token kept.
    identified = Signal(object)
    #: (Actor) :meth:`enter` went through.
    logged_in = Signal(object)

    def __init__(
        self,
        services: Services,
        person: Callable[[], TestPerson | None],
        collect_interval_ms: int,
        phone_approve_ms: int,
        *,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._services = services
        #: Whose simulated phone approves (demo only; None: the person the order is for).
        self._person = person
        self.flow = LoginFlow()
        #: The session token of a completed identification, until it is entered or taken.
        self.token: str | None = None
        #: Which press of "Logga in" the answers on their way belong to.
        self._attempt = 0
        self._worker = Worker(self)
        # What both screens show the same way; each lays them out on its card.
        self.message = QLabel(tr_message(self.flow.message))
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(tr("Meddelande"))
        self.qr = QrCodeWidget()
        self.start_button = button(tr(START_TEXT), default=True)
        self.start_button.clicked.connect(self.start)
        self.same_device_button = button(
            tr(SAME_DEVICE_TEXT),
            tooltip=tr(SAME_DEVICE_TIP),
        )
        self.same_device_button.clicked.connect(self.open_same_device)
        self.cancel_button = button(tr("Avbryt"))
        self.cancel_button.clicked.connect(self.cancel)
        self.poller = BankIdPoller(self.qr, collect_interval_ms, self)
        self.poller.progressed.connect(self._collected)
        self.poller.failed.connect(self._collect_failed)
        self.phone = PhoneApproval(services.demo_phone, phone_approve_ms, self)

    @property
    def simulated(self) -> bool:
        """A demo store: a simulated phone approves, there is no BankID app to open."""
        return self._services.demo_phone is not None

    # ------------------------------------------------------------------ actions
    def start(self) -> None:
        """*Logga in med BankID* (or *Försök igen*): start an order."""
        if self.flow.state not in (LoginState.IDLE, LoginState.FAILED):
            return
        if self.flow.state is LoginState.FAILED:
            self.flow.reset()
        self._attempt += 1
        attempt = self._attempt
        self.start_button.setEnabled(False)
        self._worker.run(
            self._services.auth.start_login,
            lambda order: self._started(attempt, order),
            lambda exc: self._attempt_failed(attempt, exc),
        )

    def _started(self, attempt: int, order: OrderView) -> None:
        auth = self._services.auth
        if attempt != self._attempt or self.flow.state is not LoginState.IDLE:
            # Given up before it started (e.g. the screen was reset): nobody waits for it.
            self._worker.run(lambda: auth.cancel_login(order.order_ref), _ignore, _ignore)
            return
        self.flow.started(order)
        ref = order.order_ref
        self.poller.start(ref, lambda: auth.collect_login(ref), lambda: auth.login_qr(ref))
        person = self._person()
        self.phone.schedule(ref, person.personnummer if person else None)
        if not self.flow.qr:
            # BankID på den här datorn: the app is started by the order's autostart link.
            open_bankid_on_this_device(order.auto_start_token)
        self._changed()

    def _is_current(self, order_ref: str | None) -> bool:
        order = self.flow.order
        return (
            self.flow.state is LoginState.WAITING
            and order is not None
            and order.order_ref == order_ref
        )

    def _collected(self, order_ref: str, progress: LoginProgress) -> None:
        if not self._is_current(order_ref):
            return  # an earlier order's answer
        self.flow.progressed(progress)
        self._settle()
        if self.flow.state is LoginState.CHOOSING:
            self.token = progress.token
            self.identified.emit(progress)
        self._changed()

    def _collect_failed(self, order_ref: str, exc: BaseException) -> None:
        if self._is_current(order_ref):
            self._error(exc)

    def enter(self, organisation_id: int) -> None:
        """Open a session in ``organisation_id`` with the identification's token."""
        token, attempt = self.token, self._attempt
        if token is None:
            self._error(DomainError(tr("Inloggningen gav ingen session. Logga in igen.")))
            return
        auth = self._services.auth
        self._worker.run(
            lambda: auth.enter(token, organisation_id),
            lambda actor: self._entered(attempt, actor),
            lambda exc: self._attempt_failed(attempt, exc),
        )

    def _entered(self, attempt: int, actor: Actor) -> None:
        if attempt != self._attempt or self.flow.state is not LoginState.CHOOSING:
            return
        self.token = None  # the actor carries it from now on
        self.flow.entered(actor)
        self._changed()
        self.logged_in.emit(actor)

    def take_token(self) -> str | None:
        """The identification's token, no longer kept (nor logged out) here."""
        token, self.token = self.token, None
        return token

    def cancel(self) -> None:
        """*Avbryt*: the order, or the identification not entered yet, is not wanted."""
        order, token = self.flow.order, self.token
        auth = self._services.auth
        if self.flow.state is LoginState.WAITING and order is not None:
            ref = order.order_ref
            self._worker.run(lambda: auth.cancel_login(ref), _ignore, _ignore)
        if self.flow.state is LoginState.CHOOSING and token is not None:
            # Identified but not entered: the session is not wanted any more.
            self._worker.run(lambda: auth.logout(token), _ignore, _ignore)
        if self.flow.state in (LoginState.WAITING, LoginState.CHOOSING):
            self.flow.cancelled()
        self.forget()
        self._changed()

    def reset(self, message: str | None = None) -> None:
        """Back to the start (saying ``message`` instead of the usual instruction)."""
        self.forget()
        self.flow.reset()
        if message is not None:
            self.flow.message = message
        self._changed()

    def fail(self, message: str) -> None:
        """What came after the identification did not go through: *Försök igen*."""
        self.forget()
        self.flow.state, self.flow.message = LoginState.FAILED, message
        self._changed()

    def forget(self) -> None:
        """Drop everything of the attempt so far: answers on their way are ignored."""
        self._attempt += 1
        self.token = None
        self.poller.stop()
        self.phone.stop()

    def _attempt_failed(self, attempt: int, exc: BaseException) -> None:
        if attempt == self._attempt:
            self._error(exc)

    def _error(self, exc: BaseException) -> None:
        if self.flow.state in (LoginState.WAITING, LoginState.CHOOSING):
            self.flow.refused(exc if isinstance(exc, DomainError) else DomainError(message_of(exc)))
        else:
            self.flow.state = LoginState.FAILED
            self.flow.message = message_of(exc)
        token, self.token = self.token, None
        if token is not None:
            auth = self._services.auth
            self._worker.run(lambda: auth.logout(token), _ignore, _ignore)
        self.phone.stop()
        self._changed()

    def load_people(self, loaded: Callable[[list[TestPerson]], None]) -> None:
        """Read the demo phone's test people (on the worker) for ``loaded``; none: no call."""
        phone = self._services.demo_phone
        if phone is not None:
            self._worker.run(phone.people, loaded, _ignore)

    def open_same_device(self) -> None:
        """*Öppna BankID på den här datorn*: the order's autostart link."""
        if self.flow.order is not None:
            open_bankid_on_this_device(self.flow.order.auto_start_token)

    def _settle(self) -> None:
        """Nothing polls or approves an order the flow no longer waits for."""
        if self.flow.state is not LoginState.WAITING:
            if self.poller.active:
                self.poller.stop()
            self.phone.stop()

    def _changed(self) -> None:
        self._settle()
        self.changed.emit()

    # ------------------------------------------------------------------ rendering
    def show(self) -> None:
        """Render what both screens show the same way: the message, the QR code and the
        start and this-device buttons (*Avbryt* is each screen's to show)."""
        state = self.flow.state
        waiting = state is LoginState.WAITING
        show_message(self.message, tr_message(self.flow.message), failed=state is LoginState.FAILED)
        qr = self.flow.qr
        self.qr.setVisible(waiting and qr)
        # With the QR code: open the app here instead; on this computer: start it again.
        same = self.same_device_button
        same.setVisible(waiting and (not qr or not self.simulated))
        same.setText(tr(SAME_DEVICE_TEXT if qr else AGAIN_TEXT))
        same.setToolTip(
            tr(SAME_DEVICE_TIP) if qr else tr("Startar BankID-appen på den här datorn igen.")
        )
        named(same, same.text())
        start = self.start_button
        start.setVisible(state in (LoginState.IDLE, LoginState.FAILED))
        start.setEnabled(True)
        start.setText(tr(RETRY_TEXT if state is LoginState.FAILED else START_TEXT))
        named(start, start.text())


# ---------------------------------------------------------------------- the screens' parts
class BankIdScreen(QWidget):
    """A screen that logs in with its :attr:`bankid`: the shared parts by their names,
    and on a demo store the *Testperson* box (:meth:`add_person_box`)."""

    def __init__(
        self,
        services: Services,
        collect_interval_ms: int,
        phone_approve_ms: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.person_box: QComboBox | None = None
        self.bankid = BankIdLogin(
            services, self.chosen_person, collect_interval_ms, phone_approve_ms, parent=self
        )

    def add_device_choice(self, layout: QVBoxLayout, *, hints: bool = True) -> None:
        """Where the user's BankID is (:data:`DEVICE_TEXTS`), on ``layout``: the remembered
        device checked, the choice told to the flow (before an order) and remembered for
        the login, the lock screen and the signing wizard alike."""
        self.device_group = QButtonGroup(self)
        self.device_buttons: dict[Device, QRadioButton] = {}
        for device, (text, explanation) in DEVICE_TEXTS.items():
            radio = named(QRadioButton(tr(text)), tr(text))
            radio.setToolTip(tr(explanation))
            self.device_group.addButton(radio)
            self.device_buttons[device] = radio
            layout.addWidget(radio)
            if hints:
                hint = QLabel(tr(explanation))
                styled(hint, "hint")
                hint.setWordWrap(True)
                hint.setIndent(24)
                layout.addWidget(hint)
        self.show_device(remembered_device())
        self.device_group.buttonToggled.connect(self._device_toggled)

    def show_device(self, device: Device) -> None:
        """Check ``device`` (the remembered choice) and let the flow use it."""
        self.device_buttons[device].setChecked(True)
        if self.flow.state in (LoginState.IDLE, LoginState.FAILED):
            self.flow.chose(device)

    def _device_toggled(self, radio: QAbstractButton, checked: bool) -> None:
        if not checked:
            return
        device = next(d for d, b in self.device_buttons.items() if b is radio)
        if self.flow.state in (LoginState.IDLE, LoginState.FAILED):
            self.flow.chose(device)
        # The same choice as the signing wizard's: the user's BankID is where it was.
        remember_device(device)

    def add_person_box(self, layout: QVBoxLayout, note: str | None = None) -> None:
        """On a demo store: whose simulated phone identifies, in its group on ``layout``."""
        if not self.bankid.simulated:
            return
        group = QGroupBox(tr("Simulerat BankID (demo och test)"))
        form = QFormLayout(group)
        if note is not None:
            text = QLabel(note)
            text.setWordWrap(True)
            form.addRow(text)
        self.person_box = named(QComboBox(), tr("Testperson"))
        caption = QLabel(tr("&Testperson:"))
        caption.setBuddy(self.person_box)
        form.addRow(caption, self.person_box)
        layout.addWidget(group)

    def load_people(
        self, wanted: Callable[[], str | None], key: Callable[[TestPerson], tuple[str, ...]]
    ) -> None:
        """Fill the test-person box from the demo's phone (read on a worker thread),
        sorted by ``key``; the ``wanted`` personnummer (asked when they come) chosen."""
        box = self.person_box
        if box is not None:
            self.bankid.load_people(lambda people: show_people(box, people, wanted(), key))

    def chosen_person(self) -> TestPerson | None:
        """The test person whose phone identifies (demo only)."""
        box = self.person_box
        person = box.currentData() if box is not None else None
        return person if isinstance(person, TestPerson) else None

    @property
    def flow(self) -> LoginFlow:
        return self.bankid.flow

    @property
    def poller(self) -> BankIdPoller:
        return self.bankid.poller

    @property
    def phone(self) -> PhoneApproval:
        return self.bankid.phone

    @property
    def message(self) -> QLabel:
        return self.bankid.message

    @property
    def qr(self) -> QrCodeWidget:
        return self.bankid.qr

    @property
    def start_button(self) -> QPushButton:
        return self.bankid.start_button

    @property
    def same_device_button(self) -> QPushButton:
        return self.bankid.same_device_button

    @property
    def cancel_button(self) -> QPushButton:
        return self.bankid.cancel_button


class LoginWizard(QWizard):
    """The login's steps, drawn by QWizard inside the login page or the lock screen (a
    widget, not a window). The flow decides the step: the buttons act on it and
    :meth:`go` shows where it is; QWizard never closes it nor moves on by itself."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Widget)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveNextButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, True)
        self._moving = False

    def go(self, step: int) -> None:
        """Show page ``step`` (back to the start, then forward: QWizard's history)."""
        if self.currentId() == step:
            return
        self._moving = True
        try:
            if self.currentId() == -1 or self.currentId() > step:
                self.restart()
            while self.currentId() < step:
                self.next()
        finally:
            self._moving = False

    def validateCurrentPage(self) -> bool:
        # Nästa is the page's action (connected to its button), never a move by itself.
        return self._moving

    def done(self, _result: int) -> None:
        """Esc or Avbryt: the page's cancel (connected to its button) — never closed."""


def person_text(person: TestPerson) -> str:
    number = person.personnummer
    return f"{person.name} ({number[:8]}-{number[8:]})"


def show_people(
    box: QComboBox,
    people: Iterable[TestPerson],
    wanted: str | None,
    key: Callable[[TestPerson], tuple[str, ...]],
) -> None:
    """Fill ``box`` with ``people`` sorted by ``key``; the ``wanted`` personnummer chosen
    (else the first)."""
    box.clear()
    index = 0
    for person in sorted(people, key=key):
        box.addItem(person_text(person), person)
        if person.personnummer == wanted:
            index = box.count() - 1
    box.setCurrentIndex(index)


def _ignore(_value: object) -> None:
    return None
