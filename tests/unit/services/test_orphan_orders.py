"""No orphaned BankID order (issue 6, "Two admins at once").

An order a crash or an error left "pending" — in the store, at BankID, or at BankID
only — never blocks the next attempt with *alreadyInProgress*, and never stays
"pending" in the store for ever: a new signing gives up the person's earlier orders,
and every login start gives up the orders pending longer than an order may live.
"""

from __future__ import annotations

import datetime as dt

from kawebb_desktop.domain.orders import OrderPurpose, OrderState, SigningOrder
from kawebb_desktop.services.api import CreateUser, StartSigning
from kawebb_desktop.services.common import ORDER_LIFETIME
from kawebb_desktop.signing.base import CollectStatus
from tests.helpers import ADMIN_PNR, draft
from tests.unit.services.conftest import FAR_FUTURE, World


def stored(world: World, order_ref: str) -> SigningOrder:
    with world.store.unit_of_work() as uow:
        order = uow.orders.get(order_ref)
    assert order is not None
    return order


def pending_at_bankid(world: World) -> set[str]:
    return {o.order_ref for o in world.simulator.pending_orders()}


def test_a_signing_left_pending_does_not_block_the_next_one(world: World) -> None:
    """Window 1 started a signing and was killed; window 2 (or the restarted app) signs."""
    world.services.users.create_user(world.admin, CreateUser(draft()))
    left = world.services.signing.start(world.admin, StartSigning())
    assert pending_at_bankid(world) == {left.order_ref}

    again = world.services.signing.start(world.admin, StartSigning())

    assert pending_at_bankid(world) == {again.order_ref}
    earlier = stored(world, left.order_ref)
    assert (earlier.state, earlier.hint_code) == (OrderState.FAILED, "cancelled")
    world.clock.advance(dt.timedelta(seconds=4))
    done = world.services.signing.collect(world.admin, again.order_ref)
    assert done.status is CollectStatus.COMPLETE
    # The other window hears that its signing was cancelled, in BankID's words.
    other = world.services.signing.collect(world.admin, left.order_ref)
    assert other.status is CollectStatus.FAILED
    assert other.message.startswith("Åtgärden avbruten")


def test_an_order_bankid_started_but_the_store_never_recorded_is_no_obstacle(
    world: World,
) -> None:
    """A crash between BankID's answer and the record: BankID knows the order, the
    store does not. BankID refuses the next start with alreadyInProgress and cancels the
    old one; the start asks once more."""
    world.services.users.create_user(world.admin, CreateUser(draft()))
    ghost = world.simulator.sign("127.0.0.1", "Tidigare signering", personal_number=ADMIN_PNR)

    order = world.services.signing.start(world.admin, StartSigning())

    assert pending_at_bankid(world) == {order.order_ref}
    assert ghost.order_ref not in pending_at_bankid(world)
    world.clock.advance(dt.timedelta(seconds=4))
    done = world.services.signing.collect(world.admin, order.order_ref)
    assert done.status is CollectStatus.COMPLETE


def test_a_login_start_gives_up_orders_pending_longer_than_they_live(world: World) -> None:
    world.services.users.create_user(world.admin, CreateUser(draft()))
    sign = world.services.signing.start(world.admin, StartSigning())
    login = world.services.auth.start_login()
    world.clock.advance(ORDER_LIFETIME - dt.timedelta(seconds=1))

    later = world.services.auth.start_login()  # not yet: both may still be collected
    assert stored(world, sign.order_ref).state is OrderState.PENDING
    assert stored(world, login.order_ref).state is OrderState.PENDING

    world.clock.advance(dt.timedelta(seconds=2))
    fresh = world.services.auth.start_login()

    for order_ref in (sign.order_ref, login.order_ref):
        order = stored(world, order_ref)
        assert (order.state, order.hint_code) == (OrderState.FAILED, "expiredTransaction")
    assert stored(world, fresh.order_ref).state is OrderState.PENDING
    assert stored(world, fresh.order_ref).purpose is OrderPurpose.LOGIN
    with world.store.unit_of_work() as uow:
        still = [o.order_ref for o in uow.orders.stale_pending(FAR_FUTURE)]
    assert still == [later.order_ref, fresh.order_ref]
