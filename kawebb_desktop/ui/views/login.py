"""The login page: BankID identification (QR or this device), then the organisation.

It renders :class:`LoginFlow`; service calls run on a worker thread. A completed
identification yields a session token (kept here, in memory only, until the organisation
is entered). On a demo store (``Services.demo_phone``) a box lets you choose whose
simulated phone identifies, like picking up a phone with a test BankID; the phone then
approves after ``phone_approve_ms``.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.text import sort_key
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.api import LoginProgress, OrderView, Services, TestPerson
from kawebb_desktop.services.flows import LoginFlow, LoginState
from kawebb_desktop.ui.errors import message_of
from kawebb_desktop.ui.widgets.bankid import (
    BankIdPoller,
    PhoneApproval,
    open_bankid_on_this_device,
    show_message,
)
from kawebb_desktop.ui.widgets.forms import button, named
from kawebb_desktop.ui.widgets.qr import QrCodeWidget
from kawebb_desktop.ui.worker import Worker


def _by_surname(person: TestPerson) -> tuple[str, str]:
    parts = person.name.rsplit(" ", 1)
    return sort_key(parts[-1]), sort_key(person.name)


def person_text(person: TestPerson) -> str:
    number = person.personnummer
    return f"{person.name} ({number[:8]}-{number[8:]})"


class LoginPage(QWidget):
    logged_in = Signal(object)  # Actor

    def __init__(
        self,
        services: Services,
        *,
        collect_interval_ms: int = 2000,
        phone_approve_ms: int = 3000,
        preselected_person: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._phone = services.demo_phone
        self._preselected = _normalised(preselected_person)
        self.flow = LoginFlow()
        #: The session token of a completed identification, until it is entered.
        self._token: str | None = None
        #: Which press of "Logga in" the answers on their way belong to.
        self._attempt = 0
        self._worker = Worker(self)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(560)
        card.setMinimumWidth(460)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        layout = QVBoxLayout(card)
        layout.setSpacing(12)
        title = QLabel("Logga in i KA Webb")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        intro = QLabel(
            "Webbstödet för utbildningskontrakt. För att logga in behöver du en aktiv "
            "behörighet i kommunen och ett giltigt BankID."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.message = QLabel(self.flow.message)
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Meddelande")
        layout.addWidget(self.message)

        self.qr = QrCodeWidget()
        layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)

        self.choices = named(QListWidget(), "Välj organisation")
        self.choices.setMaximumHeight(150)
        self.choices.setSpacing(3)
        self.choices.itemActivated.connect(lambda _item: self._choose())
        layout.addWidget(self.choices)

        buttons = QHBoxLayout()
        self.start_button = button("&Logga in med BankID", default=True)
        self.start_button.clicked.connect(self.start)
        self.same_device_button = button(
            "Öppna BankID på den här &datorn",
            tooltip="Startar BankID-appen på den här datorn i stället för att skanna QR-koden.",
        )
        self.same_device_button.clicked.connect(self._open_same_device)
        self.choose_button = button("Fortsätt", default=True)
        self.choose_button.clicked.connect(self._choose)
        self.cancel_button = button("Avbryt")
        self.cancel_button.clicked.connect(self.cancel)
        for b in (
            self.start_button,
            self.choose_button,
            self.same_device_button,
            self.cancel_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.person_box: QComboBox | None = None
        if self._phone is not None:
            group = QGroupBox("Simulerat BankID (demo och test)")
            form = QFormLayout(group)
            note = QLabel(
                "Här finns ingen riktig BankID-app. Välj vem som identifierar sig; den "
                "simulerade appen godkänner efter några sekunder."
            )
            note.setWordWrap(True)
            form.addRow(note)
            self.person_box = named(QComboBox(), "Testperson")
            caption = QLabel("&Testperson:")
            caption.setBuddy(self.person_box)
            form.addRow(caption, self.person_box)
            layout.addWidget(group)
            self.reload_people()

        self.poller = BankIdPoller(self.qr, collect_interval_ms, self)
        self.poller.progressed.connect(self._collected)
        self.poller.failed.connect(self._collect_failed)
        self.phone = PhoneApproval(self._phone, phone_approve_ms, self)
        self._render()

    # ------------------------------------------------------------------ the demo's phone
    def reload_people(self) -> None:
        """Fill the test-person box from the demo's phone (read on a worker thread)."""
        phone = self._phone
        if self.person_box is None or phone is None:
            return
        self._worker.run(phone.people, self._people_loaded, lambda _exc: None)

    def _people_loaded(self, people: list[TestPerson]) -> None:
        box = self.person_box
        if box is None:
            return
        current = box.currentData()
        wanted = current.personnummer if isinstance(current, TestPerson) else self._preselected
        box.clear()
        for person in sorted(people, key=_by_surname):
            box.addItem(person_text(person), person)
        index = 0
        for i in range(box.count()):
            if box.itemData(i).personnummer == wanted:
                index = i
        box.setCurrentIndex(index)

    def chosen_person(self) -> TestPerson | None:
        """The test person whose phone identifies (demo only)."""
        if self.person_box is None:
            return None
        person = self.person_box.currentData()
        return person if isinstance(person, TestPerson) else None

    # ------------------------------------------------------------------ actions
    def start(self) -> None:
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
            # Given up before it started (e.g. the page was reset): nobody waits for it.
            self._worker.run(lambda: auth.cancel_login(order.order_ref), _ignore, _ignore)
            return
        self.flow.started(order)
        ref = order.order_ref
        self.poller.start(ref, lambda: auth.collect_login(ref), lambda: auth.login_qr(ref))
        person = self.chosen_person()
        self.phone.schedule(ref, person.personnummer if person else None)
        self._render()

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
        if self.flow.state is LoginState.CHOOSING:
            self._token = progress.token
            if self.flow.single_choice:
                self._enter(self.flow.choices[0].organisation_id)
        self._render()

    def _collect_failed(self, order_ref: str, exc: BaseException) -> None:
        if self._is_current(order_ref):
            self._error(exc)

    def _choose(self) -> None:
        item = self.choices.currentItem()
        if self.flow.state is LoginState.CHOOSING and item is not None:
            self._enter(int(item.data(Qt.ItemDataRole.UserRole)))

    def _enter(self, organisation_id: int) -> None:
        token, attempt = self._token, self._attempt
        if token is None:
            self._error(DomainError("Inloggningen gav ingen session. Logga in igen."))
            return
        self.choose_button.setEnabled(False)
        auth = self._services.auth
        self._worker.run(
            lambda: auth.enter(token, organisation_id),
            lambda actor: self._entered(attempt, actor),
            lambda exc: self._attempt_failed(attempt, exc),
        )

    def _entered(self, attempt: int, actor: Actor) -> None:
        if attempt != self._attempt or self.flow.state is not LoginState.CHOOSING:
            return
        self._token = None  # the actor carries it from now on
        self.flow.entered(actor)
        self._render()
        self.logged_in.emit(actor)

    def cancel(self) -> None:
        order, token = self.flow.order, self._token
        auth = self._services.auth
        if self.flow.state is LoginState.WAITING and order is not None:
            ref = order.order_ref
            self._worker.run(lambda: auth.cancel_login(ref), _ignore, _ignore)
        if self.flow.state is LoginState.CHOOSING and token is not None:
            # Identified but not entered: the session is not wanted any more.
            self._worker.run(lambda: auth.logout(token), _ignore, _ignore)
        if self.flow.state in (LoginState.WAITING, LoginState.CHOOSING):
            self.flow.cancelled()
        self._forget()
        self._render()

    def reset(self) -> None:
        """Back to the start (after logging out)."""
        self.flow.reset()
        self._forget()
        self.reload_people()
        self._render()

    def _forget(self) -> None:
        """Drop everything of the attempt so far: answers on their way are ignored."""
        self._attempt += 1
        self._token = None
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
        token, self._token = self._token, None
        if token is not None:
            auth = self._services.auth
            self._worker.run(lambda: auth.logout(token), _ignore, _ignore)
        self.phone.stop()
        self._render()

    def _open_same_device(self) -> None:
        if self.flow.order is not None:
            open_bankid_on_this_device(self.flow.order.auto_start_token)

    # ------------------------------------------------------------------ rendering
    def _render(self) -> None:
        state = self.flow.state
        waiting = state is LoginState.WAITING
        choosing = self.flow.needs_choice
        if not waiting:
            if self.poller.active:
                self.poller.stop()
            self.phone.stop()
        show_message(self.message, self.flow.message, failed=state is LoginState.FAILED)
        self.qr.setVisible(waiting)
        self.same_device_button.setVisible(waiting and self._phone is None)
        self.start_button.setVisible(state in (LoginState.IDLE, LoginState.FAILED))
        self.start_button.setEnabled(True)
        self.start_button.setText(
            "Försök igen" if state is LoginState.FAILED else "&Logga in med BankID"
        )
        named(self.start_button, self.start_button.text())
        self.cancel_button.setVisible(waiting or choosing)
        self.choices.setVisible(choosing)
        self.choose_button.setVisible(choosing)
        self.choose_button.setEnabled(True)
        if choosing and self.choices.count() != len(self.flow.choices):
            self.choices.clear()
            for choice in self.flow.choices:
                item = QListWidgetItem(
                    f"{choice.name}\n{choice.org_number.formatted} · {choice.role.label}"
                )
                item.setData(Qt.ItemDataRole.UserRole, choice.organisation_id)
                self.choices.addItem(item)
            self.choices.setCurrentRow(0)
            self.choices.setFocus()
        if not choosing:
            self.choices.clear()
        if self.person_box is not None:
            self.person_box.setEnabled(not waiting)


def _ignore(_value: object) -> None:
    return None


def _normalised(personnummer: str | None) -> str | None:
    if not personnummer:
        return None
    with contextlib.suppress(DomainError, ValueError):
        return Personnummer.parse(personnummer).value
    return None
