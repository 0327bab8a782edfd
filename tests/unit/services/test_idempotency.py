"""Every write carries an idempotency key: the same command again is applied once and
answered the same; the same key with other content is a ``Conflict``; a missing or
overlong key is a ``ValidationError``."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from kawebb_desktop.domain.errors import Conflict, RuleViolation, ValidationError
from kawebb_desktop.domain.roles import Role
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
from kawebb_desktop.services.common import MAX_KEY_LENGTH
from tests.helpers import ADMIN2_PNR, READER_PNR, add_user, draft, login
from tests.unit.services.conftest import World

KEY_REUSED = "Idempotensnyckeln har redan använts för en annan begäran"


def test_creating_twice_with_one_key_makes_one_pending_change(world: World) -> None:
    users = world.services.users
    command = CreateUser(draft())
    first = users.create_user(world.admin, command)
    audit = world.audit()
    second = users.create_user(world.admin, command)
    assert second == first
    assert len(users.list_pending(world.admin)) == 1
    assert world.audit() == audit  # the repeat is not a second event


def test_the_same_content_with_a_new_key_is_a_new_request(world: World) -> None:
    users = world.services.users
    users.create_user(world.admin, CreateUser(draft()))
    with pytest.raises(RuleViolation, match="redan en ny användare"):
        users.create_user(world.admin, CreateUser(draft()))


def test_changing_and_removing_twice_with_one_key(world: World) -> None:
    users = world.services.users
    read = world.service_user
    form = draft(
        pnr=read.personnummer.value, role=Role.LASARE, start=read.start_date, end=read.end_date
    )
    change = ChangeUser(read.id, read.version, form)
    changed = users.change_user(world.admin, change)
    assert users.change_user(world.admin, change) == changed
    removal = RemoveUser(read.id, read.version, pending=VersionedId(changed.id, changed.version))
    first = users.remove_user(world.admin, removal)
    assert users.remove_user(world.admin, removal) == first
    assert [p.version for p in users.list_pending(world.admin)] == [first.version]


def test_setting_an_end_date_twice_with_one_key(world: World) -> None:
    reader = add_user(world.store, world.org, READER_PNR, "Agda", "Andersson", Role.LASARE)
    read = world.service_user
    command = SetEndDate(
        (VersionedId(read.id, read.version), VersionedId(reader.id, reader.version)),
        dt.date(2027, 6, 30),
    )
    first = world.services.users.set_end_date(world.admin, command)
    second = world.services.users.set_end_date(world.admin, command)
    assert second == first
    pending = world.services.users.list_pending(world.admin)
    assert len(pending) == 2
    assert [p.version for p in pending] == [c.version for c in first]


def test_editing_twice_with_one_key_bumps_the_version_once(world: World) -> None:
    users = world.services.users
    change = users.create_user(world.admin, CreateUser(draft()))
    command = EditPending(change.id, change.version, replace(change.draft, role=Role.LASARE))
    first = users.edit_pending(world.admin, command)
    assert users.edit_pending(world.admin, command) == first
    assert users.list_pending(world.admin)[0].version == change.version + 1


def test_discarding_twice_with_one_key(world: World) -> None:
    users = world.services.users
    change = users.create_user(world.admin, CreateUser(draft()))
    command = DiscardPending(change.id, change.version)
    assert users.discard_pending(world.admin, command) is None
    audit = world.audit()
    assert users.discard_pending(world.admin, command) is None  # not NotFound: a retry
    assert users.list_pending(world.admin) == []
    assert world.audit() == audit


def test_starting_a_signing_twice_with_one_key_starts_one_bankid_order(world: World) -> None:
    world.services.users.create_user(world.admin, CreateUser(draft()))
    command = StartSigning()
    first = world.services.signing.start(world.admin, command)
    second = world.services.signing.start(world.admin, command)
    assert second == first
    assert [o.order_ref for o in world.simulator.pending_orders()] == [first.order_ref]


@pytest.mark.parametrize(
    "other",
    [
        lambda w, key: CreateUser(draft(first="Annan", role=Role.LASARE), key=key),
        lambda w, key: RemoveUser(w.service_user.id, w.service_user.version, key=key),
    ],
)
def test_one_key_with_other_content_is_a_conflict(world: World, other) -> None:  # type: ignore[no-untyped-def]
    users = world.services.users
    first = CreateUser(draft())
    users.create_user(world.admin, first)
    before, audit = world.snapshot(), world.audit()
    command = other(world, first.key)
    call = users.create_user if isinstance(command, CreateUser) else users.remove_user
    with pytest.raises(Conflict, match=KEY_REUSED):
        call(world.admin, command)
    assert (world.snapshot(), world.audit()) == (before, audit)


def test_keys_are_per_person(world: World) -> None:
    """Another admin's key is no answer to mine (nor a conflict)."""
    add_user(
        world.store, world.org, ADMIN2_PNR, "Fridolf", "Halldin", Role.BEHORIGHETSADMINISTRATOR
    )
    other = login(world.services, world.simulator, world.clock, ADMIN2_PNR)
    users = world.services.users
    mine = users.create_user(world.admin, CreateUser(draft(), key="shared-key"))
    read = world.service_user
    theirs = users.remove_user(
        caller_of(other), RemoveUser(read.id, read.version, key="shared-key")
    )
    assert theirs != mine
    assert len(users.list_pending(world.admin)) == 2


@pytest.mark.parametrize("key", ["", "   ", "k" * (MAX_KEY_LENGTH + 1)])
def test_a_missing_or_overlong_key_is_refused(world: World, key: str) -> None:
    users = world.services.users
    read = world.service_user
    before, audit = world.snapshot(), world.audit()
    for call in (
        lambda: users.create_user(world.admin, CreateUser(draft(), key=key)),
        lambda: users.remove_user(world.admin, RemoveUser(read.id, read.version, key=key)),
        lambda: users.set_end_date(
            world.admin,
            SetEndDate((VersionedId(read.id, read.version),), dt.date(2027, 1, 1), key=key),
        ),
        lambda: world.services.signing.start(world.admin, StartSigning(key=key)),
    ):
        with pytest.raises(ValidationError, match="Idempotensnyckeln") as caught:
            call()
        assert caught.value.field == "key"
    assert (world.snapshot(), world.audit()) == (before, audit)
    assert world.simulator.pending_orders() == []


def test_the_longest_key_is_accepted(world: World) -> None:
    change = world.services.users.create_user(
        world.admin, CreateUser(draft(), key="k" * MAX_KEY_LENGTH)
    )
    assert change.id
