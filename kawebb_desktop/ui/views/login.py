"""The login page: BankID identification (QR or this device), then the organisation.

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
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.text import sort_key
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.api import LoginProgress, Services, TestPerson
from kawebb_desktop.services.flows import LoginState
from kawebb_desktop.ui.widgets.bankid_login import BankIdScreen, login_card
from kawebb_desktop.ui.widgets.forms import button, named


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
        intro = QLabel(
            "Webbstödet för utbildningskontrakt. För att logga in behöver du en aktiv "
            "behörighet i kommunen och ett giltigt BankID."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.message)
        layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)

        self.choices = named(QListWidget(), "Välj organisation")
        self.choices.setMaximumHeight(150)
        self.choices.setSpacing(3)
        self.choices.itemActivated.connect(lambda _item: self._choose())
        layout.addWidget(self.choices)

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

        self.add_person_box(
            layout,
            "Här finns ingen riktig BankID-app. Välj vem som identifierar sig; den "
            "simulerade appen godkänner efter några sekunder.",
        )
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
        self.reload_people()

    # ------------------------------------------------------------------ rendering
    def _render(self) -> None:
        state = self.flow.state
        waiting = state is LoginState.WAITING
        choosing = self.flow.needs_choice
        self.bankid.show()
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


def _normalised(personnummer: str | None) -> str | None:
    if not personnummer:
        return None
    with contextlib.suppress(DomainError, ValueError):
        return Personnummer.parse(personnummer).value
    return None
