"""Composition root: build the store, signer, services and UI from :class:`Settings`.

Nothing else creates long-lived objects; everything is passed in through constructors.
``build`` returns the main window without starting the event loop, so tests can drive
the whole application.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kawebb_desktop.domain.clock import Clock, SystemClock
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services import Services, build_services
from kawebb_desktop.settings import Settings
from kawebb_desktop.signing.simulator import BankIdSimulator, SimulatedPerson
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import open_store

if TYPE_CHECKING:
    from kawebb_desktop.ui.main_window import MainWindow


@dataclass
class AppContext:
    settings: Settings
    clock: Clock
    store: Store
    services: Services
    #: The built-in BankID simulator when it is the signer (the login screen then lets
    #: you choose whose phone "scans").
    simulator: BankIdSimulator | None
    #: Everybody the simulator's phone can be (for the login screen's test person).
    simulator_people: Callable[[], list[SimulatedPerson]]

    def close(self) -> None:
        self.store.close()


def open_configured_store(settings: Settings) -> Store:
    if settings.uses_default_store:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return open_store(settings.effective_store_url)


def build_context(settings: Settings, *, clock: Clock | None = None) -> AppContext:
    clock = clock or SystemClock()
    store = open_configured_store(settings)

    def directory(personal_number: str) -> SimulatedPerson | None:
        with store.unit_of_work() as uow:
            person = uow.persons.by_personnummer(Personnummer(personal_number))
        if person is None:
            return None
        return SimulatedPerson(person.personnummer.value, person.first_name, person.last_name)

    identity = None
    if settings.simulator_identity:
        number = Personnummer.parse(settings.simulator_identity)
        identity = directory(number.value) or SimulatedPerson(number.value, "Test", "Testsson")
    simulator = BankIdSimulator(
        clock,
        approve_after=dt.timedelta(seconds=settings.simulator_approve_seconds),
        identity=identity,
        directory=directory,
    )

    def people() -> list[SimulatedPerson]:
        with store.unit_of_work() as uow:
            persons = uow.persons.list_all()
        return [SimulatedPerson(p.personnummer.value, p.first_name, p.last_name) for p in persons]

    services = build_services(store, simulator, clock, settings.activation_delay)
    return AppContext(settings, clock, store, services, simulator, people)


def build(settings: Settings, *, context: AppContext | None = None) -> MainWindow:
    """The main window, ready to show; a ``QApplication`` must exist."""
    from kawebb_desktop.ui.main_window import MainWindow

    context = context or build_context(settings)
    return MainWindow(
        context.services,
        settings,
        simulator=context.simulator,
        simulator_people=context.simulator_people,
    )


def run(settings: Settings, argv: Sequence[str] = ()) -> int:
    """Start the GUI and its event loop; returns the exit status."""
    from kawebb_desktop.ui.application import create_application

    qapp = create_application(list(argv))
    try:
        context = build_context(settings)
    except DomainError as exc:
        from kawebb_desktop.ui.errors import show_fatal

        show_fatal("KA Webb kan inte starta", exc.message)
        return 2
    try:
        window = build(settings, context=context)
        window.show()
        return int(qapp.exec())
    finally:
        context.close()
