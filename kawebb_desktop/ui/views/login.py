"""The login page, drawn as wizard steps: *Välj* (BankID on this computer or Mobilt
BankID on another device, remembered with the signing wizard's choice) → *Legitimera*
(the animated QR code, or the app started by the order's autostart link, with BankID's
message; *Avbryt* cancels the order) → *Välj organisation* (when the person may work in
more than one). The person is the one BankID's completion names, never one typed or
chosen here.

It renders the :class:`LoginFlow` that a :class:`BankIdLogin` drives (service calls on a
worker thread). A completed identification yields a session token (kept there, in memory
only, until the organisation is entered). On a demo store (``Services.demo_phone``) a box
lets you choose whose simulated phone identifies, like picking up a phone with a test
BankID; the phone then approves after ``phone_approve_ms``.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.text import sort_key
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.api import LoginProgress, Services, TestPerson
from kawebb_desktop.services.flows import Device, LoginFlow, LoginState
from kawebb_desktop.ui.widgets.bankid import remember_device, remembered_device
from kawebb_desktop.ui.widgets.bankid_login import BankIdScreen, login_card
from kawebb_desktop.ui.widgets.forms import button, named

#: The steps, in order (the pages of :attr:`LoginPage.pages`).
STEPS = ("Välj", "Legitimera", "Välj organisation")
CHOOSE, IDENTIFY, ORGANISATION = range(3)
#: The message of *Välj* before a first attempt.
CHOOSE_MESSAGE = "Välj var du har ditt BankID och sedan Logga in med BankID."

DEVICE_TEXTS = {
    Device.THIS: ("BankID på den här &datorn", "BankID-appen startas på den här datorn."),
    Device.OTHER: (
        "&Mobilt BankID på annan enhet",
        "Du skannar en QR-kod med BankID-appen i mobilen eller surfplattan.",
    ),
}


def _by_surname(person: TestPerson) -> tuple[str, str]:
    parts = person.name.rsplit(" ", 1)
    return sort_key(parts[-1]), sort_key(person.name)


class LoginPage(BankIdScreen):
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
        super().__init__(services, collect_interval_ms, phone_approve_ms, parent)
        self._preselected = _normalised(preselected_person)
        self.bankid.logged_in.connect(self.logged_in)

        layout = login_card(self, "Logga in i KA Webb")
        self.steps = QLabel()
        self.steps.setObjectName("hint")
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.steps)
        layout.addWidget(self.message)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages)

        # Välj: where the user's BankID is (and, on a demo store, whose phone it is).
        choose = QWidget()
        choose_layout = QVBoxLayout(choose)
        choose_layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            "Webbstödet för utbildningskontrakt. För att logga in behöver du en aktiv "
            "behörighet i kommunen och ett giltigt BankID."
        )
        intro.setWordWrap(True)
        choose_layout.addWidget(intro)
        self.device_group = QButtonGroup(self)
        self.device_buttons: dict[Device, QRadioButton] = {}
        for device, (text, explanation) in DEVICE_TEXTS.items():
            radio = named(QRadioButton(text), device.label)
            self.device_group.addButton(radio)
            self.device_buttons[device] = radio
            choose_layout.addWidget(radio)
            hint = QLabel(explanation)
            hint.setObjectName("hint")
            hint.setWordWrap(True)
            hint.setIndent(24)
            choose_layout.addWidget(hint)
        self.add_person_box(
            choose_layout,
            "Här finns ingen riktig BankID-app. Välj vem som identifierar sig; den "
            "simulerade appen godkänner efter några sekunder.",
        )
        choose_layout.addStretch(1)
        self.pages.addWidget(choose)

        # Legitimera: the QR code, or the app starting on this computer.
        identify = QWidget()
        identify_layout = QVBoxLayout(identify)
        identify_layout.setContentsMargins(0, 0, 0, 0)
        identify_layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        self.this_computer = QLabel(
            "BankID-appen startas på den här datorn. Legitimera dig i appen. Startar den "
            "inte, välj Starta BankID-appen igen."
        )
        self.this_computer.setWordWrap(True)
        identify_layout.addWidget(self.this_computer)
        identify_layout.addStretch(1)
        self.pages.addWidget(identify)

        # Välj organisation: where the person identified may work.
        organisation = QWidget()
        organisation_layout = QVBoxLayout(organisation)
        organisation_layout.setContentsMargins(0, 0, 0, 0)
        self.choices = named(QListWidget(), "Välj organisation")
        self.choices.setMaximumHeight(150)
        self.choices.setSpacing(3)
        self.choices.itemActivated.connect(lambda _item: self._choose())
        organisation_layout.addWidget(self.choices)
        organisation_layout.addStretch(1)
        self.pages.addWidget(organisation)

        self.choose_button = button("Fortsätt", default=True)
        self.choose_button.clicked.connect(self._choose)
        buttons = QHBoxLayout()
        for b in (
            self.start_button,
            self.choose_button,
            self.same_device_button,
            self.cancel_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self._show_device(remembered_device())
        self.device_group.buttonToggled.connect(self._device_toggled)
        self.reload_people()
        self.bankid.changed.connect(self._render)
        self.bankid.identified.connect(self._identified)
        self._render()

    # ------------------------------------------------------------------ the demo's phone
    def reload_people(self) -> None:
        """Fill the test-person box from the demo's phone (the one chosen stays chosen)."""
        self.load_people(self._wanted_person, _by_surname)

    def _wanted_person(self) -> str | None:
        current = self.person_box.currentData() if self.person_box is not None else None
        return current.personnummer if isinstance(current, TestPerson) else self._preselected

    # ------------------------------------------------------------------ the device
    def _show_device(self, device: Device) -> None:
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

    # ------------------------------------------------------------------ actions
    def _identified(self, _progress: LoginProgress) -> None:
        if self.flow.single_choice:
            self._enter(self.flow.choices[0].organisation_id)

    def _choose(self) -> None:
        item = self.choices.currentItem()
        if self.flow.state is LoginState.CHOOSING and item is not None:
            self._enter(int(item.data(Qt.ItemDataRole.UserRole)))

    def _enter(self, organisation_id: int) -> None:
        self.choose_button.setEnabled(False)
        self.bankid.enter(organisation_id)

    def reset(self) -> None:
        """Back to the start (after logging out)."""
        self.bankid.reset()
        self._show_device(remembered_device())
        self.reload_people()

    # ------------------------------------------------------------------ rendering
    @property
    def step(self) -> int:
        """The step shown: :data:`CHOOSE`, :data:`IDENTIFY` or :data:`ORGANISATION`."""
        return self.pages.currentIndex()

    def _render(self) -> None:
        state = self.flow.state
        waiting = state is LoginState.WAITING
        choosing = self.flow.needs_choice
        if state in (LoginState.IDLE, LoginState.FAILED):
            step = CHOOSE
        elif choosing:
            step = ORGANISATION
        else:
            step = IDENTIFY
        self.pages.setCurrentIndex(step)
        self.steps.setText(
            " › ".join(
                f"<b>{i + 1} {name}</b>" if i == step else f"{i + 1} {name}"
                for i, name in enumerate(STEPS)
            )
        )
        self.bankid.show()
        if state is LoginState.IDLE and self.flow.message == LoginFlow.message:
            self.message.setText(CHOOSE_MESSAGE)
        self.this_computer.setVisible(waiting and not self.flow.qr)
        self.cancel_button.setVisible(waiting or choosing)
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


def _normalised(personnummer: str | None) -> str | None:
    if not personnummer:
        return None
    with contextlib.suppress(DomainError, ValueError):
        return Personnummer.parse(personnummer).value
    return None
