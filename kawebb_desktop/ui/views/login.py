"""The login page: BankID identification (QR or this device), then the organisation.

It renders :class:`LoginFlow`; service calls run on a worker thread. With the built-in
simulator, a box lets you choose whose (simulated) phone identifies, like picking up a
phone with a test BankID.
"""

from __future__ import annotations

from collections.abc import Callable

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
from kawebb_desktop.services import Services
from kawebb_desktop.services.auth import LoginProgress
from kawebb_desktop.services.flows import LoginFlow, LoginState
from kawebb_desktop.services.signing import OrderView
from kawebb_desktop.signing.simulator import BankIdSimulator, SimulatedPerson
from kawebb_desktop.ui.errors import message_of
from kawebb_desktop.ui.widgets.bankid import BankIdPoller, open_bankid_on_this_device, show_message
from kawebb_desktop.ui.widgets.forms import button, named
from kawebb_desktop.ui.widgets.qr import QrCodeWidget
from kawebb_desktop.ui.worker import Worker


class LoginPage(QWidget):
    logged_in = Signal(object)  # Actor

    def __init__(
        self,
        services: Services,
        *,
        collect_interval_ms: int = 2000,
        simulator: BankIdSimulator | None = None,
        simulator_people: Callable[[], list[SimulatedPerson]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._simulator = simulator
        self._people = simulator_people
        self.flow = LoginFlow()
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
        self.start_button = button("Logga in med BankID", default=True)
        self.start_button.clicked.connect(self.start)
        self.same_device_button = button(
            "Öppna BankID på den här datorn",
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
        if simulator is not None:
            group = QGroupBox("Simulerat BankID (demo och test)")
            form = QFormLayout(group)
            note = QLabel(
                "Här finns ingen riktig BankID-app. Välj vem som identifierar sig; den "
                "simulerade appen godkänner efter några sekunder."
            )
            note.setWordWrap(True)
            form.addRow(note)
            self.person_box = named(QComboBox(), "Testperson")
            self.person_box.currentIndexChanged.connect(self._person_chosen)
            caption = QLabel("Testperson:")
            caption.setBuddy(self.person_box)
            form.addRow(caption, self.person_box)
            layout.addWidget(group)
            self.reload_people()

        self.poller = BankIdPoller(self.qr, collect_interval_ms, self)
        self.poller.progressed.connect(self._collected)
        self.poller.failed.connect(self._error)
        self._render()

    # ------------------------------------------------------------------ simulator
    def reload_people(self) -> None:
        if self.person_box is None or self._people is None:
            return
        current = self._simulator.identity if self._simulator else None
        self.person_box.blockSignals(True)
        self.person_box.clear()
        for person in sorted(self._people(), key=lambda p: (p.surname, p.given_name)):
            self.person_box.addItem(
                f"{person.name} ({person.personal_number[:8]}-{person.personal_number[8:]})", person
            )
        index = 0
        if current is not None:
            for i in range(self.person_box.count()):
                if self.person_box.itemData(i).personal_number == current.personal_number:
                    index = i
        self.person_box.setCurrentIndex(index)
        self.person_box.blockSignals(False)
        self._person_chosen(index)

    def _person_chosen(self, index: int) -> None:
        if self._simulator is not None and self.person_box is not None and index >= 0:
            person = self.person_box.itemData(index)
            if person is not None:
                self._simulator.set_identity(person)

    # ------------------------------------------------------------------ actions
    def start(self) -> None:
        if self.flow.state not in (LoginState.IDLE, LoginState.FAILED):
            return
        if self.flow.state is LoginState.FAILED:
            self.flow.reset()
        self.start_button.setEnabled(False)
        self._worker.run(self._services.auth.start_login, self._started, self._error)

    def _started(self, order: OrderView) -> None:
        self.flow.started(order)
        auth = self._services.auth
        self.poller.start(
            lambda: auth.collect_login(order.order_ref), lambda: auth.qr(order.order_ref)
        )
        self._render()

    def _collected(self, progress: LoginProgress) -> None:
        if self.flow.state is not LoginState.WAITING:
            return
        self.flow.progressed(progress)
        if self.flow.single_choice:
            self._enter(self.flow.choices[0].organisation_id)
        self._render()

    def _choose(self) -> None:
        item = self.choices.currentItem()
        if self.flow.state is LoginState.CHOOSING and item is not None:
            self._enter(int(item.data(Qt.ItemDataRole.UserRole)))

    def _enter(self, organisation_id: int) -> None:
        order = self.flow.order
        assert order is not None
        self.choose_button.setEnabled(False)
        self._worker.run(
            lambda: self._services.auth.enter(order.order_ref, organisation_id),
            self._entered,
            self._error,
        )

    def _entered(self, actor: Actor) -> None:
        self.flow.entered(actor)
        self._render()
        self.logged_in.emit(actor)

    def cancel(self) -> None:
        order = self.flow.order
        if self.flow.state is LoginState.WAITING and order is not None:
            self._worker.run(
                lambda: self._services.auth.cancel_login(order.order_ref),
                lambda _r: None,
                lambda _e: None,
            )
        if self.flow.state in (LoginState.WAITING, LoginState.CHOOSING):
            self.flow.cancelled()
        self._render()

    def reset(self) -> None:
        """Back to the start (after logging out)."""
        self.flow.reset()
        self.reload_people()
        self._render()

    def _error(self, exc: BaseException) -> None:
        if self.flow.state in (LoginState.WAITING, LoginState.CHOOSING):
            self.flow.refused(exc if isinstance(exc, DomainError) else DomainError(message_of(exc)))
        else:
            self.flow.state = LoginState.FAILED
            self.flow.message = message_of(exc)
        self._render()

    def _open_same_device(self) -> None:
        if self.flow.order is not None:
            open_bankid_on_this_device(self.flow.order.auto_start_token)

    # ------------------------------------------------------------------ rendering
    def _render(self) -> None:
        state = self.flow.state
        waiting = state is LoginState.WAITING
        choosing = self.flow.needs_choice
        if not waiting and self.poller.active:
            self.poller.stop()
        show_message(self.message, self.flow.message, failed=state is LoginState.FAILED)
        self.qr.setVisible(waiting)
        self.same_device_button.setVisible(waiting and self._simulator is None)
        self.start_button.setVisible(state in (LoginState.IDLE, LoginState.FAILED))
        self.start_button.setEnabled(True)
        self.start_button.setText(
            "Försök igen" if state is LoginState.FAILED else "Logga in med BankID"
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
