"""Every unit of work that writes says so (``write=True``), so that on SQLite it begins
IMMEDIATE and waits its turn: a reader that writes after reading is refused at once
when another connection wrote meanwhile. Checked over every writing flow: login,
entering an organisation, the session's idle clock, user changes, signing, logout."""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import replace
from types import TracebackType
from typing import Any

from kawebb_desktop.domain.changes import draft_of
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.services import build_services
from kawebb_desktop.services.api import (
    ChangeUser,
    CreateUser,
    DiscardPending,
    EditPending,
    RemoveUser,
    SetEndDate,
    StartSigning,
    VersionedId,
    caller_of,
)
from kawebb_desktop.services.common import TOUCH_EVERY
from kawebb_desktop.services.demo import SimulatedPhone
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.store.base import Store, UnitOfWork
from tests.conftest import ACTIVATION_DELAY
from tests.helpers import ADMIN_PNR, draft, login
from tests.unit.services.conftest import World


class WatchedStore:
    """The store, noting every commit of a unit of work opened without ``write``."""

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.description = inner.description
        self.writes = 0
        self.unannounced: list[str] = []

    def unit_of_work(self, *, write: bool = False) -> UnitOfWork:
        return _Watched(self, self.inner.unit_of_work(write=write), write)

    def close(self) -> None:
        self.inner.close()


class _Watched:
    def __init__(self, store: WatchedStore, inner: UnitOfWork, write: bool) -> None:
        self._store, self._inner, self._write = store, inner, write

    def __enter__(self) -> _Watched:
        self._inner.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        if self._write:
            self._store.writes += 1
        else:
            self._store.unannounced.append("".join(traceback.format_stack(limit=6)))
        self._inner.commit()

    def rollback(self) -> None:
        self._inner.rollback()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def test_every_writing_unit_of_work_is_opened_for_writing(world: World) -> None:
    store = WatchedStore(world.store)
    services = build_services(
        store,
        world.simulator,
        world.clock,
        ACTIVATION_DELAY,
        demo_phone=SimulatedPhone(world.store, world.simulator),
    )
    caller = caller_of(login(services, world.simulator, world.clock, ADMIN_PNR))
    users = services.users
    world.clock.advance(TOUCH_EVERY * 2)  # the next call notes the session's use
    created = users.create_user(caller, CreateUser(draft()))
    edited = users.edit_pending(
        caller, EditPending(created.id, created.version, replace(created.draft, role=Role.LASARE))
    )
    users.discard_pending(caller, DiscardPending(edited.id, edited.version))
    viking = world.service_user
    changed = users.change_user(
        caller, ChangeUser(viking.id, viking.version, replace(draft_of(viking), role=Role.LASARE))
    )
    seen = VersionedId(changed.id, changed.version)
    ended = users.set_end_date(
        caller,
        SetEndDate(
            (VersionedId(viking.id, viking.version),), dt.date(2027, 6, 30), pending=(seen,)
        ),
    )
    removal = users.remove_user(
        caller,
        RemoveUser(viking.id, viking.version, pending=VersionedId(ended[0].id, ended[0].version)),
    )
    cancelled = services.signing.start(caller, StartSigning())
    services.signing.cancel(caller, cancelled.order_ref)
    order = services.signing.start(caller, StartSigning())
    world.clock.advance(dt.timedelta(seconds=4))
    assert services.signing.collect(caller, order.order_ref).status is CollectStatus.COMPLETE
    assert removal.id not in {c.id for c in users.list_pending(caller)}
    services.auth.me(caller.token)
    services.auth.logout(caller.token)

    assert store.unannounced == [], "\n\n".join(store.unannounced)
    assert store.writes >= 12
