"""Signing orders live in the store with a version; every state change is a
compare-and-set, so a racing or repeated collect never applies a change set twice and
never flips an order that completed. No BankID call is made inside an open unit of
work, and a start whose order cannot be recorded cancels the BankID order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from types import TracebackType
from typing import Any

import pytest

from kawebb_desktop.domain.errors import StoreUnavailable
from kawebb_desktop.domain.orders import OrderState
from kawebb_desktop.domain.queries import UserQuery
from kawebb_desktop.services import Services, build_services
from kawebb_desktop.services.api import CreateUser, StartSigning, caller_of
from kawebb_desktop.services.demo import SimulatedPhone
from kawebb_desktop.signing.base import CollectResult, CollectStatus, OrderStart
from kawebb_desktop.signing.simulator import BankIdSimulator
from kawebb_desktop.store.base import Store, UnitOfWork
from tests.conftest import ACTIVATION_DELAY
from tests.helpers import ADMIN_PNR, NEW_PNR, draft, login
from tests.unit.services.conftest import FAR_FUTURE, World


class MeddlingSigner:
    """The simulator, with something happening elsewhere while BankID answers a
    collect: ``meanwhile`` runs once, before the answer is returned, and ``answer``
    replaces that one answer (both apply to the next collect only)."""

    def __init__(self, simulator: BankIdSimulator) -> None:
        self.name = simulator.name
        self.simulator = simulator
        self.meanwhile: Callable[[str], None] | None = None
        self.answer: Callable[[CollectResult], CollectResult] | None = None

    def auth(self, end_user_ip: str) -> OrderStart:
        return self.simulator.auth(end_user_ip)

    def sign(self, end_user_ip: str, *args: Any, **kwargs: Any) -> OrderStart:
        return self.simulator.sign(end_user_ip, *args, **kwargs)

    def collect(self, order_ref: str) -> CollectResult:
        meanwhile, self.meanwhile = self.meanwhile, None
        answer, self.answer = self.answer, None
        result = self.simulator.collect(order_ref)
        if meanwhile is not None:
            meanwhile(order_ref)
        return answer(result) if answer else result

    def cancel(self, order_ref: str) -> None:
        self.simulator.cancel(order_ref)


@pytest.fixture
def meddling(world: World) -> tuple[Services, MeddlingSigner, Any]:
    """Services over a meddling signer, Arvid logged in, and Andrea to be created."""
    signer = MeddlingSigner(world.simulator)
    services = build_services(
        world.store,
        signer,
        world.clock,
        ACTIVATION_DELAY,
        demo_phone=SimulatedPhone(world.store, world.simulator),
    )
    caller = caller_of(login(services, world.simulator, world.clock, ADMIN_PNR))
    services.users.create_user(caller, CreateUser(draft()))
    return services, signer, caller


def _andreas(world: World) -> int:
    with world.store.unit_of_work() as uow:
        person = uow.persons.by_personnummer(draft().personnummer)
        return 0 if person is None else len(uow.users.for_person(person.id))


def test_an_order_changed_between_read_and_apply_is_not_applied(
    world: World, meddling: tuple[Services, MeddlingSigner, Any]
) -> None:
    services, signer, caller = meddling
    order = services.signing.start(caller, StartSigning())
    world.clock.advance(dt.timedelta(seconds=4))

    def bump(order_ref: str) -> None:  # another process stores the order meanwhile
        with world.store.unit_of_work(write=True) as uow:
            stored = uow.orders.get(order_ref)
            assert stored is not None
            uow.orders.update(replace(stored, hint_code="userSign"))
            uow.commit()

    signer.meanwhile = bump
    before = world.snapshot(orders=False)
    first = services.signing.collect(caller, order.order_ref)
    assert first.status is CollectStatus.PENDING  # lost the race; nothing applied
    assert world.snapshot(orders=False) == before
    assert _andreas(world) == 0

    second = services.signing.collect(caller, order.order_ref)
    assert second.status is CollectStatus.COMPLETE
    assert second.receipt is not None
    assert _andreas(world) == 1
    assert services.signing.receipts(caller).total == 1
    third = services.signing.collect(caller, order.order_ref)
    assert third.receipt == second.receipt
    assert _andreas(world) == 1


def test_a_racing_collect_that_completed_first_is_answered_with_its_receipt(
    world: World, meddling: tuple[Services, MeddlingSigner, Any]
) -> None:
    services, signer, caller = meddling
    order = services.signing.start(caller, StartSigning())
    world.clock.advance(dt.timedelta(seconds=4))
    inner: list[Any] = []
    signer.meanwhile = lambda ref: inner.append(services.signing.collect(caller, ref))
    outer = services.signing.collect(caller, order.order_ref)
    assert inner[0].status is outer.status is CollectStatus.COMPLETE
    assert outer.receipt == inner[0].receipt
    assert services.signing.receipts(caller).total == 1
    assert _andreas(world) == 1
    assert [e.action for e in world.audit()].count("signering.klar") == 1


def test_a_late_failure_never_flips_a_completed_order(
    world: World, meddling: tuple[Services, MeddlingSigner, Any]
) -> None:
    """A collect that read the order as pending, then hears "failed" (say, a stale
    answer), finds it completed by another collect and says so."""
    services, signer, caller = meddling
    order = services.signing.start(caller, StartSigning())
    world.clock.advance(dt.timedelta(seconds=4))
    signer.meanwhile = lambda ref: services.signing.collect(caller, ref)
    signer.answer = lambda result: CollectResult(
        result.order_ref, CollectStatus.FAILED, "expiredTransaction"
    )
    progress = services.signing.collect(caller, order.order_ref)
    assert progress.status is CollectStatus.COMPLETE
    assert progress.receipt is not None
    with world.store.unit_of_work() as uow:
        stored = uow.orders.get(order.order_ref)
    assert stored is not None and stored.state is OrderState.COMPLETE
    assert _andreas(world) == 1


def test_a_cancel_that_wins_the_race_means_nothing_is_applied(
    world: World, meddling: tuple[Services, MeddlingSigner, Any]
) -> None:
    services, signer, caller = meddling
    order = services.signing.start(caller, StartSigning())
    world.clock.advance(dt.timedelta(seconds=4))
    before = world.snapshot(orders=False)
    signer.meanwhile = lambda ref: services.signing.cancel(caller, ref)
    progress = services.signing.collect(caller, order.order_ref)
    assert progress.status is CollectStatus.FAILED
    assert world.snapshot(orders=False) == before
    assert _andreas(world) == 0
    assert len(services.users.list_pending(caller)) == 1


# ---------------------------------------------------------------- no BankID in a UoW
class CountingStore:
    """The store, counting its open units of work; ``fail_commits`` makes commits of
    writing units of work fail as an unreachable database would."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.description = inner.description
        self.open = 0
        self.fail_commits = False

    def unit_of_work(self, *, write: bool = False) -> UnitOfWork:
        return _CountedUnitOfWork(self, self.inner.unit_of_work(write=write), write)  # type: ignore[return-value]

    def close(self) -> None:
        self.inner.close()


class _CountedUnitOfWork:
    def __init__(self, store: CountingStore, inner: UnitOfWork, write: bool) -> None:
        self._store = store
        self._inner = inner
        self._write = write

    def __enter__(self) -> _CountedUnitOfWork:
        self._inner.__enter__()
        self._store.open += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._store.open -= 1
        self._inner.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        if self._write and self._store.fail_commits:
            raise StoreUnavailable("Databasen kunde inte nås (simulerat fel).")
        self._inner.commit()

    def rollback(self) -> None:
        self._inner.rollback()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class WatchfulSigner(MeddlingSigner):
    """Fails the test if BankID is called while the services hold a unit of work."""

    def __init__(self, simulator: BankIdSimulator, store: CountingStore) -> None:
        super().__init__(simulator)
        self.store = store
        self.calls = 0

    def _check(self) -> None:
        self.calls += 1
        assert self.store.open == 0, "a BankID call inside an open unit of work"

    def auth(self, end_user_ip: str) -> OrderStart:
        self._check()
        return super().auth(end_user_ip)

    def sign(self, end_user_ip: str, *args: Any, **kwargs: Any) -> OrderStart:
        self._check()
        return super().sign(end_user_ip, *args, **kwargs)

    def collect(self, order_ref: str) -> CollectResult:
        self._check()
        return super().collect(order_ref)

    def cancel(self, order_ref: str) -> None:
        self._check()
        super().cancel(order_ref)


@pytest.fixture
def watched(world: World) -> tuple[Services, CountingStore, WatchfulSigner]:
    store = CountingStore(world.store)
    signer = WatchfulSigner(world.simulator, store)
    services = build_services(
        store,  # type: ignore[arg-type]
        signer,
        world.clock,
        ACTIVATION_DELAY,
        demo_phone=SimulatedPhone(world.store, world.simulator),
    )
    return services, store, signer


def test_no_bankid_call_is_made_inside_a_unit_of_work(
    world: World, watched: tuple[Services, CountingStore, WatchfulSigner]
) -> None:
    services, _store, signer = watched
    caller = caller_of(login(services, world.simulator, world.clock, ADMIN_PNR))
    services.users.create_user(caller, CreateUser(draft()))
    order = services.signing.start(caller, StartSigning())
    services.signing.collect(caller, order.order_ref)
    services.signing.cancel(caller, order.order_ref)
    order = services.signing.start(caller, StartSigning())
    world.clock.advance(dt.timedelta(seconds=4))
    assert services.signing.collect(caller, order.order_ref).status is CollectStatus.COMPLETE
    login_order = services.auth.start_login()
    services.auth.collect_login(login_order.order_ref)
    services.auth.cancel_login(login_order.order_ref)
    assert signer.calls >= 9


def test_a_signing_whose_order_cannot_be_recorded_cancels_the_bankid_order(
    world: World, watched: tuple[Services, CountingStore, WatchfulSigner]
) -> None:
    services, store, _signer = watched
    caller = caller_of(login(services, world.simulator, world.clock, ADMIN_PNR))
    services.users.create_user(caller, CreateUser(draft()))
    store.fail_commits = True
    with pytest.raises(StoreUnavailable):
        services.signing.start(caller, StartSigning())
    store.fail_commits = False
    assert world.simulator.pending_orders() == []
    with world.store.unit_of_work() as uow:
        assert uow.orders.stale_pending(FAR_FUTURE) == []
    # Nothing is left in progress at BankID: the next start is not "alreadyInProgress".
    order = services.signing.start(caller, StartSigning())
    world.clock.advance(dt.timedelta(seconds=4))
    assert services.signing.collect(caller, order.order_ref).status is CollectStatus.COMPLETE


def test_a_login_whose_order_cannot_be_recorded_cancels_the_bankid_order(
    world: World, watched: tuple[Services, CountingStore, WatchfulSigner]
) -> None:
    services, store, _signer = watched
    store.fail_commits = True
    with pytest.raises(StoreUnavailable):
        services.auth.start_login()
    store.fail_commits = False
    assert world.simulator.pending_orders() == []


def test_nothing_applied_leaves_the_user_list_as_it_was(world: World) -> None:
    """(A guard for the tests above: the world's list has its two users.)"""
    page = world.services.users.list_users(world.admin, UserQuery())
    assert {r.user.personnummer.value for r in page.items} == {
        world.admin_user.personnummer.value,
        world.service_user.personnummer.value,
    }
    assert NEW_PNR not in {r.user.personnummer.value for r in page.items}
