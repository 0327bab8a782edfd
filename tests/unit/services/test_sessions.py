"""Sessions: what revokes one stays revoked, whatever a concurrent call writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from kawebb_desktop.domain.errors import NotAuthenticated
from kawebb_desktop.domain.queries import UserQuery
from kawebb_desktop.services import build_services
from kawebb_desktop.services.demo import SimulatedPhone
from kawebb_desktop.store.base import Store, UnitOfWork
from tests.conftest import ACTIVATION_DELAY
from tests.unit.services.conftest import World


class InterleavingStore:
    """The store; ``before_next_write`` runs once, just before the next writing unit
    of work begins — as if another request committed right then."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.description = inner.description
        self.before_next_write: Callable[[], None] | None = None

    def unit_of_work(self, *, write: bool = False) -> UnitOfWork:
        if write and self.before_next_write is not None:
            hook, self.before_next_write = self.before_next_write, None
            hook()
        return self.inner.unit_of_work(write=write)

    def close(self) -> None:
        self.inner.close()


def test_a_call_that_read_the_session_before_a_logout_does_not_undo_it(world: World) -> None:
    """A request reads the session (live), the user logs out on another workstation,
    then the request notes the session's use: the session must stay revoked."""
    store = InterleavingStore(world.store)
    services: Any = build_services(
        store,  # type: ignore[arg-type]
        world.simulator,
        world.clock,
        ACTIVATION_DELAY,
        demo_phone=SimulatedPhone(world.store, world.simulator),
    )
    world.clock.advance(dt.timedelta(minutes=2))  # so that the use is written down
    store.before_next_write = lambda: world.services.auth.logout(world.admin_actor.token)
    services.users.list_users(world.admin, UserQuery())  # read, then touch after the logout
    with pytest.raises(NotAuthenticated):
        world.services.auth.me(world.admin_actor.token)
    with pytest.raises(NotAuthenticated):
        world.services.users.list_users(world.admin, UserQuery())


def test_use_is_written_down_at_most_once_a_minute(world: World) -> None:
    """Reads do not write on every call; the idle timeout counts from the last use
    written down, which is at most a minute old."""
    services = world.services
    token = world.admin_actor.token
    world.clock.advance(dt.timedelta(minutes=29))
    services.auth.me(token)  # written down (at T)
    world.clock.advance(dt.timedelta(seconds=30))
    services.auth.me(token)  # not written: 30 s since T
    world.clock.advance(dt.timedelta(minutes=29, seconds=31))  # T + 30:01
    with pytest.raises(NotAuthenticated):
        services.auth.me(token)


def test_a_session_used_now_and_then_stays_alive(world: World) -> None:
    for _ in range(6):
        world.clock.advance(dt.timedelta(minutes=25))
        world.services.auth.me(world.admin_actor.token)
    world.services.users.list_users(world.admin, UserQuery())
