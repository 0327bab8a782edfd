"""Every change of a stored object carries the version it was read at: a stale version
is a ``Conflict`` with a Swedish message, and nothing changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pytest

from kawebb_desktop.domain.errors import Conflict
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.services.api import (
    ChangeUser,
    CreateUser,
    DiscardPending,
    EditPending,
    PendingUserChange,
    RemoveUser,
    SetEndDate,
    VersionedId,
)
from tests.helpers import READER_PNR, add_user, draft
from tests.unit.services.conftest import World

STALE_USER = "Användaren har ändrats av någon annan sedan du läste den"
STALE_CHANGE = "Ändringen att signera har ändrats av .+ sedan du läste den"


def bump_user(world: World, user_id: int) -> None:
    """Somebody else stores the user meanwhile (its version goes up by one)."""
    with world.store.unit_of_work(write=True) as uow:
        user = uow.users.get(user_id)
        assert user is not None
        uow.users.update(replace(user, email=type(user.email)("ny.adress@dorotea.se")))
        uow.commit()


def stale(world: World, call: Callable[[], object], match: str) -> None:
    before, audit = world.snapshot(), world.audit()
    with pytest.raises(Conflict, match=match) as caught:
        call()
    assert "Läs in listan igen" in caught.value.message
    assert world.snapshot() == before
    assert world.audit() == audit


def test_a_stale_change_of_a_user_is_a_conflict(world: World) -> None:
    read = world.service_user
    bump_user(world, read.id)
    assert world.user(read.id).version == read.version + 1
    form = draft(
        pnr=read.personnummer.value, role=Role.LASARE, start=read.start_date, end=read.end_date
    )
    stale(
        world,
        lambda: world.services.users.change_user(
            world.admin, ChangeUser(read.id, read.version, form)
        ),
        STALE_USER,
    )
    fresh = world.user(read.id)
    change = world.services.users.change_user(
        world.admin, ChangeUser(fresh.id, fresh.version, form)
    )
    assert change.draft.role is Role.LASARE


def test_a_stale_removal_is_a_conflict(world: World) -> None:
    read = world.service_user
    bump_user(world, read.id)
    stale(
        world,
        lambda: world.services.users.remove_user(world.admin, RemoveUser(read.id, read.version)),
        STALE_USER,
    )


def test_a_version_from_the_future_is_a_conflict_too(world: World) -> None:
    read = world.service_user
    stale(
        world,
        lambda: world.services.users.remove_user(
            world.admin, RemoveUser(read.id, read.version + 1)
        ),
        STALE_USER,
    )


def test_a_stale_end_date_changes_none_of_the_users(world: World) -> None:
    reader = add_user(world.store, world.org, READER_PNR, "Agda", "Andersson", Role.LASARE)
    read = world.service_user
    bump_user(world, reader.id)
    stale(
        world,
        lambda: world.services.users.set_end_date(
            world.admin,
            SetEndDate(
                (VersionedId(read.id, read.version), VersionedId(reader.id, reader.version)),
                dt.date(2027, 6, 30),
            ),
        ),
        STALE_USER,
    )


def _pending(world: World) -> PendingUserChange:
    return world.services.users.create_user(world.admin, CreateUser(draft()))


def test_a_stale_edit_of_a_pending_change_is_a_conflict(world: World) -> None:
    read = _pending(world)
    world.services.users.edit_pending(
        world.admin, EditPending(read.id, read.version, replace(read.draft, role=Role.LASARE))
    )
    stale(
        world,
        lambda: world.services.users.edit_pending(
            world.admin,
            EditPending(read.id, read.version, replace(read.draft, role=Role.LARARE)),
        ),
        STALE_CHANGE,
    )
    assert world.services.users.list_pending(world.admin)[0].draft.role is Role.LASARE


def test_a_stale_discard_is_a_conflict(world: World) -> None:
    read = _pending(world)
    world.services.users.edit_pending(
        world.admin, EditPending(read.id, read.version, replace(read.draft, role=Role.LASARE))
    )
    stale(
        world,
        lambda: world.services.users.discard_pending(
            world.admin, DiscardPending(read.id, read.version)
        ),
        STALE_CHANGE,
    )
    assert len(world.services.users.list_pending(world.admin)) == 1


def test_replacing_an_unsigned_change_bumps_its_version(world: World) -> None:
    """A removal naming the pending change replaces it: a discard by someone who read
    the first one is then stale."""
    read = world.service_user
    users = world.services.users
    first = users.change_user(
        world.admin,
        ChangeUser(
            read.id,
            read.version,
            draft(
                pnr=read.personnummer.value,
                role=Role.LASARE,
                start=read.start_date,
                end=read.end_date,
            ),
        ),
    )
    second = users.remove_user(
        world.admin, RemoveUser(read.id, read.version, pending=VersionedId(first.id, first.version))
    )
    assert second.id == first.id
    assert second.version == first.version + 1
    stale(
        world,
        lambda: users.discard_pending(world.admin, DiscardPending(first.id, first.version)),
        STALE_CHANGE,
    )
