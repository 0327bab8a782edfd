"""An unsigned change is never replaced silently (issue 6, "Two admins at once").

*Ändra…*, *Ta bort…* and *Ändra behörighetsperiod* say which unsigned change of the
user they started from (its id and version) or that there was none. A stored unsigned
change the command does not name — another admin's, or one made since the form was
opened — is a ``Conflict`` naming the user and who made it, and nothing changes; a
named one is edited (the form showed it), so a queued e-mail change is never dropped
and a queued removal never quietly becomes an edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pytest

from kawebb_desktop.domain.changes import ChangeAction, UserDraft, draft_of
from kawebb_desktop.domain.entities import User
from kawebb_desktop.domain.errors import Conflict, DomainError, RuleViolation
from kawebb_desktop.domain.queries import UserQuery
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import EmailAddress
from kawebb_desktop.services.api import (
    Caller,
    ChangeUser,
    DiscardPending,
    EditPending,
    PendingUserChange,
    RemoveUser,
    SetEndDate,
    UserRow,
    VersionedId,
    caller_of,
)
from tests.helpers import ADMIN2_PNR, READER_PNR, add_user, login
from tests.unit.services.conftest import World

A = Role.BEHORIGHETSADMINISTRATOR
NEW_EMAIL = EmailAddress("viking.ny@dorotea.se")
END = dt.date(2027, 6, 30)


@pytest.fixture
def fridolf(world: World) -> Caller:
    """A second Behörighetsadministratör of the organisation, logged in."""
    add_user(world.store, world.org, ADMIN2_PNR, "Fridolf", "Halldin", A)
    return caller_of(login(world.services, world.simulator, world.clock, ADMIN2_PNR))


def refused(
    world: World, error: type[DomainError], call: Callable[[], object], *needles: str
) -> DomainError:
    """``call`` raises ``error`` whose message holds every needle; nothing changes."""
    before, audit = world.snapshot(), world.audit()
    with pytest.raises(error) as caught:
        call()
    for needle in needles:
        assert needle in caught.value.message, caught.value.message
    assert world.snapshot() == before, "a refused call changed the store"
    assert world.audit() == audit, "a refused call wrote an audit entry"
    return caught.value


def row_of(world: World, caller: Caller, user: User) -> UserRow:
    """The user's line of Sökresultat, as the list shows it to ``caller``."""
    page = world.services.users.list_users(caller, UserQuery(text=user.last_name))
    (row,) = [r for r in page.items if r.user.id == user.id]
    return row


def at(change: PendingUserChange) -> VersionedId:
    return VersionedId(change.id, change.version)


def new_email(world: World) -> PendingUserChange:
    """Arvid queues an e-mail change of Viking."""
    viking = world.service_user
    return world.services.users.change_user(
        world.admin,
        ChangeUser(viking.id, viking.version, replace(draft_of(viking), email=NEW_EMAIL)),
    )


def the_pending(world: World) -> list[PendingUserChange]:
    return world.services.users.list_pending(world.admin)


# ---------------------------------------------------------------- the list says which
def test_the_user_list_carries_the_unsigned_change_it_read(world: World) -> None:
    assert row_of(world, world.admin, world.service_user).pending_change is None
    queued = new_email(world)
    row = row_of(world, world.admin, world.service_user)
    assert row.pending is ChangeAction.ANDRAD
    assert row.pending_change == queued.change
    assert row.pending_change.user_draft().email == NEW_EMAIL


# ---------------------------------------------------------------- another admin's change
def test_a_queued_email_change_is_not_dropped_by_another_admins_edit(
    world: World, fridolf: Caller
) -> None:
    new_email(world)
    viking = world.service_user
    form = replace(draft_of(viking), role=Role.LASARE)  # started from the stored user
    refused(
        world,
        Conflict,
        lambda: world.services.users.change_user(
            fridolf, ChangeUser(viking.id, viking.version, form)
        ),
        "osignerad ändring av Viking Evertsson",
        "gjord av Arvid Aronsson",
        "Läs in listan igen",
    )
    (kept,) = the_pending(world)
    assert kept.draft.email == NEW_EMAIL
    assert kept.draft.role is Role.TJANSTEADMINISTRATOR


def test_a_queued_removal_does_not_become_an_edit(world: World, fridolf: Caller) -> None:
    viking = world.service_user
    world.services.users.remove_user(world.admin, RemoveUser(viking.id, viking.version))
    refused(
        world,
        Conflict,
        lambda: world.services.users.change_user(
            fridolf,
            ChangeUser(viking.id, viking.version, replace(draft_of(viking), role=Role.LASARE)),
        ),
        "osignerad borttagning av Viking Evertsson",
        "gjord av Arvid Aronsson",
    )
    assert [c.action for c in the_pending(world)] == [ChangeAction.BORTTAGEN]


def test_a_removal_that_did_not_see_the_queued_change_is_refused(
    world: World, fridolf: Caller
) -> None:
    new_email(world)
    viking = world.service_user
    refused(
        world,
        Conflict,
        lambda: world.services.users.remove_user(fridolf, RemoveUser(viking.id, viking.version)),
        "gjord av Arvid Aronsson",
    )
    assert [c.action for c in the_pending(world)] == [ChangeAction.ANDRAD]


def test_an_end_date_that_did_not_see_the_queued_change_is_refused(
    world: World, fridolf: Caller
) -> None:
    reader = add_user(world.store, world.org, READER_PNR, "Agda", "Andersson", Role.LASARE)
    new_email(world)
    viking = world.service_user
    chosen = (VersionedId(reader.id, reader.version), VersionedId(viking.id, viking.version))
    refused(
        world,
        Conflict,
        lambda: world.services.users.set_end_date(fridolf, SetEndDate(chosen, END)),
        "Viking Evertsson",
        "gjord av Arvid Aronsson",
    )
    (kept,) = the_pending(world)
    assert kept.draft.email == NEW_EMAIL and kept.draft.end_date != END


def test_my_own_change_made_in_another_window_is_named_too(world: World) -> None:
    new_email(world)
    viking = world.service_user
    refused(
        world,
        Conflict,
        lambda: world.services.users.remove_user(
            world.admin, RemoveUser(viking.id, viking.version)
        ),
        "gjord av dig",
    )


# ---------------------------------------------------------------- naming it edits it
def test_change_naming_the_unsigned_change_edits_it(world: World, fridolf: Caller) -> None:
    queued = new_email(world)
    viking = world.service_user
    form = replace(queued.draft, role=Role.LASARE)  # the form showed the pending draft
    edited = world.services.users.change_user(
        fridolf, ChangeUser(viking.id, viking.version, form, pending=at(queued))
    )
    assert (edited.id, edited.version) == (queued.id, queued.version + 1)
    assert (edited.draft.email, edited.draft.role) == (NEW_EMAIL, Role.LASARE)
    assert edited.change.created_by_person_id != queued.change.created_by_person_id
    assert [c.id for c in the_pending(world)] == [queued.id]


def test_removal_naming_the_unsigned_change_replaces_it(world: World) -> None:
    queued = new_email(world)
    viking = world.service_user
    removal = world.services.users.remove_user(
        world.admin, RemoveUser(viking.id, viking.version, pending=at(queued))
    )
    assert removal.id == queued.id and removal.action is ChangeAction.BORTTAGEN
    assert [c.action for c in the_pending(world)] == [ChangeAction.BORTTAGEN]


def test_end_date_naming_the_unsigned_change_builds_on_it(world: World) -> None:
    queued = new_email(world)
    viking = world.service_user
    (changed,) = world.services.users.set_end_date(
        world.admin,
        SetEndDate((VersionedId(viking.id, viking.version),), END, pending=(at(queued),)),
    )
    assert changed.id == queued.id
    assert (changed.draft.email, changed.draft.end_date) == (NEW_EMAIL, END)


def test_a_named_removal_cannot_be_edited_into_a_change(world: World) -> None:
    viking = world.service_user
    removal = world.services.users.remove_user(world.admin, RemoveUser(viking.id, viking.version))
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.change_user(
            world.admin,
            ChangeUser(
                viking.id,
                viking.version,
                replace(draft_of(viking), role=Role.LASARE),
                pending=at(removal),
            ),
        ),
        "röda krysset",
    )
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.remove_user(
            world.admin, RemoveUser(viking.id, viking.version, pending=at(removal))
        ),
        "ska redan tas bort",
    )


# ---------------------------------------------------------------- stale or gone
def test_a_stale_version_of_the_unsigned_change_names_who_changed_it(
    world: World, fridolf: Caller
) -> None:
    queued = new_email(world)
    viking = world.service_user
    world.services.users.edit_pending(
        fridolf,
        EditPending(queued.id, queued.version, replace(queued.draft, role=Role.LARARE)),
    )
    refused(
        world,
        Conflict,
        lambda: world.services.users.change_user(
            world.admin,
            ChangeUser(
                viking.id,
                viking.version,
                replace(queued.draft, role=Role.LASARE),
                pending=at(queued),
            ),
        ),
        "Viking Evertsson",
        "Fridolf Halldin",
        "Läs in listan igen",
    )
    assert the_pending(world)[0].draft.role is Role.LARARE


def test_a_stale_edit_in_the_pending_list_names_who_changed_it(
    world: World, fridolf: Caller
) -> None:
    queued = new_email(world)
    world.services.users.edit_pending(
        fridolf,
        EditPending(queued.id, queued.version, replace(queued.draft, role=Role.LARARE)),
    )
    refused(
        world,
        Conflict,
        lambda: world.services.users.discard_pending(
            world.admin, DiscardPending(queued.id, queued.version)
        ),
        "Fridolf Halldin",
        "Läs in listan igen",
    )


def test_a_named_change_that_was_discarded_meanwhile_is_a_conflict(world: World) -> None:
    queued = new_email(world)
    world.services.users.discard_pending(world.admin, DiscardPending(queued.id, queued.version))
    viking = world.service_user
    refused(
        world,
        Conflict,
        lambda: world.services.users.change_user(
            world.admin,
            ChangeUser(viking.id, viking.version, queued.draft, pending=at(queued)),
        ),
        "finns inte längre",
        "Läs in listan igen",
    )


def test_a_pending_change_of_another_user_cannot_be_named(world: World) -> None:
    reader = add_user(world.store, world.org, READER_PNR, "Agda", "Andersson", Role.LASARE)
    queued = new_email(world)  # Viking's
    form: UserDraft = replace(draft_of(reader), role=Role.LARARE)
    refused(
        world,
        Conflict,
        lambda: world.services.users.change_user(
            world.admin, ChangeUser(reader.id, reader.version, form, pending=at(queued))
        ),
        "Agda Andersson",
        "finns inte längre",
    )
