"""The demo backend's BankID simulator: its orders kept in the store (so several server
processes on one database share one simulated BankID) and the simulated phone.

Only stores made by ``kawebb demo`` may use it: :func:`require_demo_store` refuses every
other store, so a real shared database can never be logged into by picking a name.
"""

from __future__ import annotations

import datetime as dt

from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.errors import DomainError, NotFound, ValidationError
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.domain.sessions import META_DEMO
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.api import TestPerson
from kawebb_desktop.signing.base import SignerError
from kawebb_desktop.signing.simulator import BankIdSimulator, Outcome, SimulatedPerson
from kawebb_desktop.store.base import Store

NOT_A_DEMO_STORE = (
    "BankID-simulatorn kan bara användas med en demodatabas som skapats med ”kawebb demo”. "
    "Den här databasen ({where}) är inte en sådan, så ingen kan logga in genom att välja "
    "ett namn i en lista. Använd riktigt BankID eller skapa en demodatabas."
)


class NotADemoStore(DomainError):
    """The simulator was asked for on a store that ``kawebb demo`` did not create."""


def is_demo_store(store: Store) -> bool:
    with store.unit_of_work() as uow:
        return uow.meta.get(META_DEMO) == "1"


def mark_demo_store(store: Store) -> None:
    with store.unit_of_work(write=True) as uow:
        uow.meta.set(META_DEMO, "1")
        uow.commit()


def require_demo_store(store: Store) -> None:
    if not is_demo_store(store):
        raise NotADemoStore(msg(NOT_A_DEMO_STORE, where=store.description))


class StoreOrderBook:
    """The simulator's :class:`~kawebb_desktop.signing.simulator.OrderBook` in the store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, order_ref: str) -> str | None:
        with self._store.unit_of_work() as uow:
            return uow.simulator_orders.get(order_ref)

    def put(self, order_ref: str, personal_number: str | None, data: str) -> None:
        with self._store.unit_of_work(write=True) as uow:
            uow.simulator_orders.put(order_ref, personal_number, data)
            uow.commit()

    def delete(self, order_ref: str) -> None:
        with self._store.unit_of_work(write=True) as uow:
            uow.simulator_orders.delete(order_ref)
            uow.commit()

    def with_personal_number(self, personal_number: str) -> list[str]:
        with self._store.unit_of_work() as uow:
            return uow.simulator_orders.with_personal_number(personal_number)


def demo_simulator(
    store: Store, clock: Clock, order_lifetime_minutes: float = 3
) -> BankIdSimulator:
    """The simulated BankID of a demo store: orders wait (``MANUAL``) until the demo's
    phone approves them; nothing approves by itself."""
    return BankIdSimulator(
        clock,
        order_lifetime=dt.timedelta(minutes=order_lifetime_minutes),
        default_outcome=Outcome.MANUAL,
        book=StoreOrderBook(store),
    )


class SimulatedPhone:
    """:class:`~kawebb_desktop.services.api.DemoPhone` over the simulator and the store."""

    def __init__(self, store: Store, simulator: BankIdSimulator) -> None:
        self._store = store
        self._simulator = simulator

    def people(self) -> list[TestPerson]:
        with self._store.unit_of_work() as uow:
            persons = uow.persons.list_all()
        return [TestPerson(p.personnummer.value, p.full_name) for p in persons]

    def approve(self, order_ref: str, personnummer: str | None = None) -> None:
        person = None
        if personnummer is not None:
            number = Personnummer.parse(personnummer)
            with self._store.unit_of_work() as uow:
                known = uow.persons.by_personnummer(number)
            person = (
                SimulatedPerson(number.value, known.first_name, known.last_name)
                if known
                else SimulatedPerson(number.value, "Test", "Testsson")
            )
        try:
            self._simulator.approve(order_ref, person)
        except SignerError as exc:
            raise NotFound("BankID-ordern finns inte (okänd, avbruten eller för gammal).") from exc
        except ValueError as exc:
            if "personal number" in str(exc):
                raise ValidationError(
                    "Ordern får bara godkännas av den person den gäller.", "personnummer"
                ) from exc
            # The order already ended: the phone has nothing to approve.

    def cancel(self, order_ref: str) -> None:
        try:
            self._simulator.user_cancel(order_ref)
        except SignerError as exc:
            raise NotFound("BankID-ordern finns inte (okänd, avbruten eller för gammal).") from exc
        except ValueError:
            pass
