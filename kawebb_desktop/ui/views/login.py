"""The login page, drawn by a ``QWizard`` embedded in the page, as its steps: *Välj*
(BankID on this computer or Mobilt BankID on another device, remembered with the
signing wizard's choice) → *Legitimera*
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
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.text import sort_key
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.api import LoginProgress, Services, TestPerson
from kawebb_desktop.services.flows import LoginFlow, LoginState
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.widgets.bankid import remembered_device
from kawebb_desktop.ui.widgets.bankid_login import BankIdScreen, LoginWizard
from kawebb_desktop.ui.widgets.forms import button, named
from kawebb_desktop.ui.widgets.login_card import login_card

#: The steps, in order (the wizard's page ids).
STEPS = (QT_TR_NOOP("Välj"), QT_TR_NOOP("Legitimera"), QT_TR_NOOP("Välj organisation"))
CHOOSE, IDENTIFY, ORGANISATION = range(3)
#: The message of *Välj* before a first attempt.
CHOOSE_MESSAGE = QT_TR_NOOP("Välj var du har ditt BankID och sedan Logga in med BankID.")

WizardButton = QWizard.WizardButton


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

        layout = login_card(self, tr("Logga in i KA Webb"))
        layout.addWidget(self.message)
        self.wizard = LoginWizard()
        layout.addWidget(self.wizard)

        # Välj: where the user's BankID is (and, on a demo store, whose phone it is).
        choose = QWizardPage()
        choose.setTitle(f"1 {tr(STEPS[CHOOSE])}")
        choose_layout = QVBoxLayout(choose)
        choose_layout.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(
            tr(
                "Webbstödet för utbildningskontrakt. För att logga in behöver du en aktiv "
                "behörighet i kommunen och ett giltigt BankID."
            )
        )
        intro.setWordWrap(True)
        choose_layout.addWidget(intro)
        self.add_device_choice(choose_layout)
        self.add_person_box(
            choose_layout,
            tr(
                "Här finns ingen riktig BankID-app. Välj vem som identifierar sig; den "
                "simulerade appen godkänner efter några sekunder."
            ),
        )
        choose_layout.addStretch(1)
        self.wizard.setPage(CHOOSE, choose)

        # Legitimera: the QR code, or the app starting on this computer.
        identify = QWizardPage()
        identify.setTitle(f"2 {tr(STEPS[IDENTIFY])}")
        identify_layout = QVBoxLayout(identify)
        identify_layout.setContentsMargins(0, 0, 0, 0)
        identify_layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        self.this_computer = QLabel(
            tr(
                "BankID-appen startas på den här datorn. Legitimera dig i appen. Startar den "
                "inte, välj Starta BankID-appen igen."
            )
        )
        self.this_computer.setWordWrap(True)
        identify_layout.addWidget(self.this_computer)
        identify_layout.addStretch(1)
        self.wizard.setPage(IDENTIFY, identify)

        # Välj organisation: where the person identified may work.
        organisation = QWizardPage()
        organisation.setTitle(f"3 {tr(STEPS[ORGANISATION])}")
        organisation_layout = QVBoxLayout(organisation)
        organisation_layout.setContentsMargins(0, 0, 0, 0)
        self.choices = named(QListWidget(), tr("Välj organisation"))
        self.choices.setMaximumHeight(150)
        self.choices.setSpacing(3)
        self.choices.itemActivated.connect(lambda _item: self._choose())
        organisation_layout.addWidget(self.choices)
        organisation_layout.addStretch(1)
        self.wizard.setPage(ORGANISATION, organisation)

        # The buttons, QWizard's: Logga in med BankID and Öppna BankID på den här datorn
        # (the driver's, as custom buttons), Tillbaka (to Välj, the identification given
        # up), Nästa (into the organisation chosen) and Avbryt (the driver's cancel).
        wizard = self.wizard
        wizard.setButton(WizardButton.CustomButton1, self.start_button)
        wizard.setButton(WizardButton.CustomButton2, self.same_device_button)
        wizard.setButtonText(WizardButton.BackButton, tr("< &Tillbaka"))
        wizard.setButtonText(WizardButton.NextButton, tr("&Nästa >"))
        wizard.setButton(WizardButton.CancelButton, self.cancel_button)
        wizard.setButtonText(WizardButton.CancelButton, tr("Avbryt"))
        self.choose_button = wizard.button(WizardButton.NextButton)
        self.choose_button.clicked.connect(self._choose)
        #: Tillbaka (Välj organisation → Välj): the identification is not wanted.
        self.back_button = button(tr("< &Tillbaka"))
        wizard.setButton(WizardButton.CustomButton3, self.back_button)
        self.back_button.clicked.connect(self.bankid.cancel)
        for b in (self.choose_button, self.cancel_button, self.back_button):
            named(b, b.text())
        self._step = CHOOSE
        wizard.go(CHOOSE)

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
        self.show_device(remembered_device())
        self.reload_people()

    # ------------------------------------------------------------------ rendering
    @property
    def step(self) -> int:
        """The step shown: :data:`CHOOSE`, :data:`IDENTIFY` or :data:`ORGANISATION`."""
        return self._step

    def _buttons(self, step: int) -> list[WizardButton]:
        stretch = WizardButton.Stretch
        if step == CHOOSE:
            return [stretch, WizardButton.CustomButton1]
        if step == IDENTIFY:
            return [WizardButton.CustomButton2, stretch, WizardButton.CancelButton]
        return [
            WizardButton.CustomButton3,
            stretch,
            WizardButton.NextButton,
            WizardButton.CancelButton,
        ]

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
        self._step = step
        self.wizard.go(step)
        self.wizard.setButtonLayout(self._buttons(step))
        self.bankid.show()
        if state is LoginState.IDLE and self.flow.message == LoginFlow.message:
            self.message.setText(tr(CHOOSE_MESSAGE))
        self.this_computer.setVisible(waiting and not self.flow.qr)
        self.cancel_button.setVisible(waiting or choosing)
        self.back_button.setVisible(choosing)
        self.choose_button.setVisible(choosing)
        self.choose_button.setEnabled(True)
        if choosing and self.choices.count() != len(self.flow.choices):
            self.choices.clear()
            for choice in self.flow.choices:
                item = QListWidgetItem(
                    f"{choice.name}\n{choice.org_number.formatted} · {tr(choice.role.label)}"
                )
                item.setData(Qt.ItemDataRole.UserRole, choice.organisation_id)
                self.choices.addItem(item)
            self.choices.setCurrentRow(0)
            self.choices.setFocus()
        if not choosing:
            self.choices.clear()
        if self.person_box is not None:
            self.person_box.setEnabled(not waiting)
        for radio in self.device_buttons.values():
            radio.setEnabled(not waiting)


def _normalised(personnummer: str | None) -> str | None:
    if not personnummer:
        return None
    with contextlib.suppress(DomainError, ValueError):
        return Personnummer.parse(personnummer).value
    return None
