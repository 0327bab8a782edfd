"""What a modified client may send: whatever it is, the answer is a typed refusal with
a Swedish message, never another exception (on the server, a 500), and nothing
changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from kawebb_desktop.domain.errors import DomainError, NotFound, RuleViolation, ValidationError
from kawebb_desktop.domain.queries import UserQuery
from kawebb_desktop.services.api import (
    Caller,
    ChangeUser,
    CreateUser,
    DiscardPending,
    RemoveUser,
    SetEndDate,
    VersionedId,
)
from tests.helpers import draft
from tests.unit.services.conftest import World


def refused(world: World, error: type[DomainError], call: Callable[[], object]) -> None:
    before, audit = world.snapshot(), world.audit()
    with pytest.raises(error) as caught:
        call()
    assert caught.value.message
    assert (world.snapshot(), world.audit()) == (before, audit)


@pytest.mark.parametrize("key", ["\ud800", "nyckel\x00", "rad\nbrytning", "\x1b[31m"])
def test_an_unprintable_idempotency_key_is_refused(world: World, key: str) -> None:
    refused(
        world,
        ValidationError,
        lambda: world.services.users.create_user(world.admin, CreateUser(draft(), key=key)),
    )


@pytest.mark.parametrize("name", ["\ud800", "An\x00na"])
def test_a_name_that_no_store_can_keep_is_refused(world: World, name: str) -> None:
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.create_user(world.admin, CreateUser(draft(first=name))),
    )


OUT_OF_RANGE = 2**63  # one more than the largest id a 64-bit column holds


@pytest.mark.parametrize(
    "call",
    [
        lambda w: w.services.users.get_user(w.admin, OUT_OF_RANGE),
        lambda w: w.services.users.remove_user(w.admin, RemoveUser(OUT_OF_RANGE, 1)),
        lambda w: w.services.users.change_user(w.admin, ChangeUser(OUT_OF_RANGE, 1, draft())),
        lambda w: w.services.users.set_end_date(
            w.admin, SetEndDate((VersionedId(OUT_OF_RANGE, 1),), dt.date(2027, 1, 1))
        ),
        lambda w: w.services.users.discard_pending(w.admin, DiscardPending(OUT_OF_RANGE, 1)),
        lambda w: w.services.users.list_users(Caller(w.admin.token, OUT_OF_RANGE), UserQuery()),
    ],
    ids=["get_user", "remove_user", "change_user", "set_end_date", "discard", "organisation"],
)
def test_an_id_out_of_range_is_not_found(world: World, call) -> None:  # type: ignore[no-untyped-def]
    refused(world, NotFound, lambda: call(world))


@pytest.mark.parametrize("user_id", [0, -1])
def test_an_id_that_cannot_exist_is_not_found(world: World, user_id: int) -> None:
    refused(world, NotFound, lambda: world.services.users.get_user(world.admin, user_id))
    refused(
        world,
        NotFound,
        lambda: world.services.users.remove_user(world.admin, RemoveUser(user_id, 1)),
    )
