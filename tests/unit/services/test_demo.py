"""The BankID simulator is for demo stores only; the simulated phone of a demo."""

from __future__ import annotations

import datetime as dt

import pytest

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.errors import NotFound, ValidationError
from kawebb_desktop.services import build_services
from kawebb_desktop.services.api import CreateUser, StartSigning, TestPerson, caller_of
from kawebb_desktop.services.demo import (
    NotADemoStore,
    SimulatedPhone,
    demo_simulator,
    is_demo_store,
    mark_demo_store,
    require_demo_store,
)
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.store.base import Store
from tests.conftest import ACTIVATION_DELAY
from tests.helpers import ADMIN2_PNR, ADMIN_PNR, SERVICE_PNR, draft, login, standard_org


def test_an_unmarked_store_is_refused(store: Store) -> None:
    assert not is_demo_store(store)
    with pytest.raises(NotADemoStore, match="kan bara användas med en demodatabas") as caught:
        require_demo_store(store)
    assert store.description in caught.value.message
    assert "kawebb demo" in caught.value.message


def test_a_marked_store_is_a_demo_store(store: Store) -> None:
    mark_demo_store(store)
    mark_demo_store(store)  # twice is once
    assert is_demo_store(store)
    require_demo_store(store)


def test_the_phone_knows_the_stores_people_and_approves_as_them(
    store: Store, clock: FixedClock
) -> None:
    mark_demo_store(store)
    standard_org(store)
    simulator = demo_simulator(store, clock)
    phone = SimulatedPhone(store, simulator)
    services = build_services(store, simulator, clock, ACTIVATION_DELAY, demo_phone=phone)
    assert TestPerson(ADMIN_PNR, "Arvid Aronsson") in phone.people()
    assert TestPerson(SERVICE_PNR, "Viking Evertsson") in phone.people()

    order = services.auth.start_login()
    clock.advance(dt.timedelta(seconds=30))
    pending = services.auth.collect_login(order.order_ref)
    assert pending.status is CollectStatus.PENDING  # a demo's orders wait for the phone
    phone.approve(order.order_ref, "19640326-9803")  # any format the app accepts
    progress = services.auth.collect_login(order.order_ref)
    assert progress.person is not None and progress.person.full_name == "Arvid Aronsson"


def test_the_phone_signs_only_as_the_person_asked_for(store: Store, clock: FixedClock) -> None:
    mark_demo_store(store)
    standard_org(store)
    simulator = demo_simulator(store, clock)
    phone = SimulatedPhone(store, simulator)
    services = build_services(store, simulator, clock, ACTIVATION_DELAY, demo_phone=phone)
    actor = login(services, simulator, clock, ADMIN_PNR)
    services.users.create_user(caller_of(actor), CreateUser(draft()))
    order = services.signing.start(caller_of(actor), StartSigning())
    with pytest.raises(ValidationError, match="bara godkännas av den person"):
        phone.approve(order.order_ref, ADMIN2_PNR)
    phone.approve(order.order_ref)
    progress = services.signing.collect(caller_of(actor), order.order_ref)
    assert progress.status is CollectStatus.COMPLETE
    phone.approve(order.order_ref)  # an order that ended: nothing to approve
    with pytest.raises(NotFound):
        phone.approve("no-such-order")
    with pytest.raises(NotFound):
        phone.cancel("no-such-order")


def test_the_demo_simulators_orders_live_in_the_store(store: Store, clock: FixedClock) -> None:
    """Two simulators over one store act as one BankID (two server processes)."""
    mark_demo_store(store)
    standard_org(store)
    one, other = demo_simulator(store, clock), demo_simulator(store, clock)
    services = build_services(
        store, one, clock, ACTIVATION_DELAY, demo_phone=SimulatedPhone(store, other)
    )
    order = services.auth.start_login()
    SimulatedPhone(store, other).approve(order.order_ref, ADMIN_PNR)
    assert services.auth.collect_login(order.order_ref).status is CollectStatus.COMPLETE
    with store.unit_of_work() as uow:
        assert uow.simulator_orders.get(order.order_ref) is not None


def test_the_phone_can_press_cancel(store: Store, clock: FixedClock) -> None:
    mark_demo_store(store)
    standard_org(store)
    simulator = demo_simulator(store, clock)
    phone = SimulatedPhone(store, simulator)
    services = build_services(store, simulator, clock, ACTIVATION_DELAY, demo_phone=phone)
    order = services.auth.start_login()
    phone.cancel(order.order_ref)
    progress = services.auth.collect_login(order.order_ref)
    assert (progress.status, progress.hint_code) == (CollectStatus.FAILED, "userCancel")
    phone.cancel(order.order_ref)  # already ended: nothing to do
