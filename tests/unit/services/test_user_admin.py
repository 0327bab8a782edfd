"""User administration: changes become pending, rules refuse bad input, and a refused
call leaves the store as it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pytest
from stdnum import luhn

from kawebb_desktop.domain.changes import ChangeAction
from kawebb_desktop.domain.entities import AuthorizationStatus, User
from kawebb_desktop.domain.errors import (
    DomainError,
    NotAuthorized,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from kawebb_desktop.domain.queries import UserQuery, UserSort
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import EmailAddress, Personnummer
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
from tests.helpers import (
    ADMIN2_PNR,
    NEW_PNR,
    READER_PNR,
    SAMORDNING_PNR,
    add_organisation,
    add_user,
    draft,
    login,
)
from tests.unit.services.conftest import World

A = Role.BEHORIGHETSADMINISTRATOR
T = Role.TJANSTEADMINISTRATOR


def refused(
    world: World, error: type[DomainError], call: Callable[[], object], match: str | None = None
) -> DomainError:
    """``call`` raises ``error`` and changes nothing: no row and no audit entry."""
    before, audit = world.snapshot(), world.audit()
    with pytest.raises(error, match=match) as caught:
        call()
    assert world.snapshot() == before, "a refused call changed the store"
    assert world.audit() == audit, "a refused call wrote an audit entry"
    return caught.value


def at(user: User) -> VersionedId:
    return VersionedId(user.id, user.version)


def draft_of_user(user: User, **changes: object) -> object:
    """The form as Ändra användare fills it for ``user``, with ``changes``."""
    base = draft(
        pnr=user.personnummer.value,
        first=user.first_name,
        last=user.last_name,
        email=user.email.value,
        role=user.role,
        start=user.start_date,
        end=user.end_date,
    )
    return replace(base, **changes)


def test_creating_a_user_only_adds_a_pending_new_row(world: World) -> None:
    users = world.services.users
    change = users.create_user(world.admin, CreateUser(draft()))
    assert change.action is ChangeAction.NY
    assert change.current is None
    pending = users.list_pending(world.admin)
    assert [(p.action, p.draft.personnummer.value) for p in pending] == [(ChangeAction.NY, NEW_PNR)]
    assert pending[0] == change
    page = users.list_users(world.admin, UserQuery())
    assert page.total == 2  # Andrea is not a user until signed
    assert "anvandare.ny" in [e.action for e in world.audit()]


def test_samordningsnummer_users_can_be_created(world: World) -> None:
    world.services.users.create_user(world.admin, CreateUser(draft(pnr=SAMORDNING_PNR)))
    assert world.services.users.list_pending(world.admin)[0].draft.personnummer.is_samordningsnummer


def test_end_date_on_an_admin_is_refused(world: World) -> None:
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.create_user(world.admin, CreateUser(draft(role=A))),
        "inte ha något slutdatum",
    )


def test_end_date_after_next_year_end_is_refused(world: World) -> None:
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.create_user(
            world.admin, CreateUser(draft(end=dt.date(2028, 1, 1)))
        ),
        "nästa årsskifte",
    )


def test_end_before_start_is_refused(world: World) -> None:
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.create_user(
            world.admin, CreateUser(draft(start=dt.date(2026, 9, 1), end=dt.date(2026, 8, 31)))
        ),
        "före startdatumet",
    )


def test_empty_names_are_refused(world: World) -> None:
    error = refused(
        world,
        RuleViolation,
        lambda: world.services.users.create_user(world.admin, CreateUser(draft(first=" "))),
        "Ange förnamn",
    )
    assert getattr(error, "field", None) == "first_name"


def test_validate_draft_checks_what_the_form_can_check_alone(world: World) -> None:
    users = world.services.users
    assert users.validate_draft(draft(first="  Andrea ")).first_name == "Andrea"
    with pytest.raises(RuleViolation, match="Ange efternamn"):
        users.validate_draft(draft(last=""))
    with pytest.raises(RuleViolation, match="nästa årsskifte"):
        users.validate_draft(draft(end=dt.date(2028, 1, 1)))


def test_a_person_gets_at_most_one_authorization_per_organisation(world: World) -> None:
    existing = world.service_user.personnummer.value
    users = world.services.users
    refused(
        world,
        RuleViolation,
        lambda: users.create_user(world.admin, CreateUser(draft(pnr=existing))),
        "redan en behörighet",
    )
    users.create_user(world.admin, CreateUser(draft()))
    refused(
        world,
        RuleViolation,
        lambda: users.create_user(world.admin, CreateUser(draft(first="Annan"))),
        "redan en ny användare",
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda w: w.services.users.list_users(w.service, UserQuery()),
        lambda w: w.services.users.get_user(w.service, w.service_user.id),
        lambda w: w.services.users.list_pending(w.service),
        lambda w: w.services.users.registered_person(w.service, Personnummer(NEW_PNR)),
        lambda w: w.services.users.create_user(w.service, CreateUser(draft())),
        lambda w: w.services.users.change_user(
            w.service,
            ChangeUser(
                w.service_user.id,
                w.service_user.version,
                draft_of_user(w.service_user, end_date=dt.date(2026, 12, 31)),
            ),
        ),
        lambda w: w.services.users.remove_user(
            w.service, RemoveUser(w.admin_user.id, w.admin_user.version)
        ),
        lambda w: w.services.users.set_end_date(
            w.service, SetEndDate((at(w.service_user),), dt.date(2026, 12, 31))
        ),
    ],
)
def test_a_tjansteadministrator_cannot_use_user_administration(world: World, call) -> None:  # type: ignore[no-untyped-def]
    error = refused(world, PermissionDenied, lambda: call(world))
    assert "Tjänsteadministratör" in error.message
    assert "Hantera användare" in error.message


def test_a_tjansteadministrator_cannot_sign_user_changes(world: World) -> None:
    """A Tjänsteadministratör signs contact persons' and accounts' changes only: with
    nothing else waiting, the users' changes are refused as not theirs to sign."""
    world.services.users.create_user(world.admin, CreateUser(draft()))
    error = refused(
        world, PermissionDenied, lambda: world.services.signing.start(world.service, StartSigning())
    )
    assert "Tjänsteadministratör" in error.message
    assert "Hantera användare" in error.message


def test_pending_changes_of_others_cannot_be_touched_by_a_tjansteadministrator(
    world: World,
) -> None:
    users = world.services.users
    change = users.create_user(world.admin, CreateUser(draft()))
    refused(
        world,
        PermissionDenied,
        lambda: users.edit_pending(
            world.service, EditPending(change.id, change.version, draft(first="Annan"))
        ),
    )
    refused(
        world,
        PermissionDenied,
        lambda: users.discard_pending(world.service, DiscardPending(change.id, change.version)),
    )


def test_a_forged_role_in_the_actor_grants_nothing(world: World) -> None:
    forged = replace(world.service_actor, role=A)
    refused(
        world,
        PermissionDenied,
        lambda: world.services.users.create_user(caller_of(forged), CreateUser(draft())),
    )


def test_an_actor_whose_authorization_ended_is_logged_out(world: World) -> None:
    with world.store.unit_of_work(write=True) as uow:
        uow.users.update(replace(world.service_user, end_date=dt.date(2026, 6, 14)))
        uow.commit()
    refused(
        world,
        NotAuthorized,
        lambda: world.services.organisations.units(world.service),
        "inte längre aktiv",
    )


def test_the_last_active_admin_cannot_be_removed_or_demoted(world: World) -> None:
    users = world.services.users
    admin = world.admin_user
    refused(
        world,
        RuleViolation,
        lambda: users.remove_user(world.admin, RemoveUser(admin.id, admin.version)),
        "minst en aktiv behörighetsadministratör",
    )
    demoted = draft_of_user(admin, role=T, end_date=dt.date(2027, 12, 31))
    refused(
        world,
        RuleViolation,
        lambda: users.change_user(world.admin, ChangeUser(admin.id, admin.version, demoted)),
        "nytt avtal",
    )


def test_with_two_admins_one_may_go_but_not_both(world: World) -> None:
    second = add_user(world.store, world.org, ADMIN2_PNR, "Fridolf", "Halldin", A)
    users = world.services.users
    users.remove_user(world.admin, RemoveUser(second.id, second.version))
    admin = world.admin_user
    refused(
        world,
        RuleViolation,
        lambda: users.remove_user(world.admin, RemoveUser(admin.id, admin.version)),
    )


def test_a_new_admin_does_not_count_until_activated(world: World) -> None:
    world.services.users.create_user(world.admin, CreateUser(draft(role=A, end=None)))
    admin = world.admin_user
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.remove_user(world.admin, RemoveUser(admin.id, admin.version)),
    )


def test_changing_a_user_edits_the_unsigned_change_it_names(world: World) -> None:
    users = world.services.users
    target = world.service_user
    first = users.change_user(
        world.admin,
        ChangeUser(
            target.id, target.version, draft_of_user(target, end_date=dt.date(2026, 12, 31))
        ),
    )
    second = users.change_user(
        world.admin,
        ChangeUser(
            target.id,
            target.version,
            draft_of_user(target, end_date=dt.date(2027, 6, 30)),
            pending=VersionedId(first.id, first.version),
        ),
    )
    pending = users.list_pending(world.admin)
    assert len(pending) == 1
    assert pending[0].draft.end_date == dt.date(2027, 6, 30)
    assert pending[0].current == target
    users.remove_user(
        world.admin,
        RemoveUser(target.id, target.version, pending=VersionedId(second.id, second.version)),
    )
    assert [p.action for p in users.list_pending(world.admin)] == [ChangeAction.BORTTAGEN]
    row = users.list_users(world.admin, UserQuery(text="Viking")).items[0]
    assert row.pending is ChangeAction.BORTTAGEN


def test_personnummer_cannot_be_changed_and_no_op_changes_are_refused(world: World) -> None:
    users = world.services.users
    target = world.service_user
    refused(
        world,
        RuleViolation,
        lambda: users.change_user(
            world.admin, ChangeUser(target.id, target.version, draft(pnr=NEW_PNR))
        ),
        "Personnumret kan inte ändras",
    )
    refused(
        world,
        RuleViolation,
        lambda: users.change_user(
            world.admin, ChangeUser(target.id, target.version, draft_of_user(target))
        ),
        "Inget är ändrat",
    )


def test_a_change_of_only_the_name_is_no_change(world: World) -> None:
    """The name is the person's (from BankID), not the admin's to type."""
    target = world.service_user
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.change_user(
            world.admin,
            ChangeUser(target.id, target.version, draft_of_user(target, first_name="Kalle")),
        ),
        "Inget är ändrat",
    )


def test_unknown_or_foreign_users_are_not_found(world: World) -> None:
    other_org, _unit = add_organisation(world.store, "Åsele kommun", "2120002262")
    foreign = add_user(world.store, other_org, READER_PNR, "Agda", "Andersson", Role.LASARE)
    users = world.services.users
    for user_id in (foreign.id, 9999):
        refused(world, NotFound, lambda i=user_id: users.get_user(world.admin, i))
        refused(world, NotFound, lambda i=user_id: users.remove_user(world.admin, RemoveUser(i, 1)))
        refused(
            world,
            NotFound,
            lambda i=user_id: users.change_user(
                world.admin, ChangeUser(i, 1, draft(pnr=READER_PNR))
            ),
        )
        refused(
            world,
            NotFound,
            lambda i=user_id: users.set_end_date(
                world.admin,
                SetEndDate((at(world.service_user), VersionedId(i, 1)), dt.date(2027, 1, 1)),
            ),
        )


def test_bulk_end_date_creates_one_pending_change_per_user(world: World) -> None:
    reader = add_user(world.store, world.org, READER_PNR, "Agda", "Andersson", Role.LASARE)
    changes = world.services.users.set_end_date(
        world.admin, SetEndDate((at(world.service_user), at(reader)), dt.date(2027, 6, 30))
    )
    assert {c.change.target_id for c in changes} == {world.service_user.id, reader.id}
    assert all(c.draft.end_date == dt.date(2027, 6, 30) for c in changes)
    assert all(c.action is ChangeAction.ANDRAD for c in changes)


def test_bulk_end_date_builds_on_an_earlier_unsigned_change(world: World) -> None:
    users = world.services.users
    target = world.service_user
    earlier = users.change_user(
        world.admin,
        ChangeUser(target.id, target.version, draft_of_user(target, role=Role.LASARE)),
    )
    (change,) = users.set_end_date(
        world.admin,
        SetEndDate(
            (at(target),),
            dt.date(2027, 6, 30),
            pending=(VersionedId(earlier.id, earlier.version),),
        ),
    )
    assert (change.draft.role, change.draft.end_date) == (Role.LASARE, dt.date(2027, 6, 30))
    assert len(users.list_pending(world.admin)) == 1


def test_bulk_end_date_refuses_a_user_about_to_be_removed(world: World) -> None:
    users = world.services.users
    target = world.service_user
    removal = users.remove_user(world.admin, RemoveUser(target.id, target.version))
    seen = (VersionedId(removal.id, removal.version),)
    refused(
        world,
        RuleViolation,
        lambda: users.set_end_date(
            world.admin, SetEndDate((at(target),), dt.date(2027, 6, 30), pending=seen)
        ),
        "ska tas bort",
    )


def test_bulk_end_date_including_an_admin_changes_nothing(world: World) -> None:
    error = refused(
        world,
        RuleViolation,
        lambda: world.services.users.set_end_date(
            world.admin,
            SetEndDate((at(world.service_user), at(world.admin_user)), dt.date(2027, 6, 30)),
        ),
    )
    assert "Arvid Aronsson är behörighetsadministratör" in error.message


def test_bulk_end_date_after_year_end_names_the_user(world: World) -> None:
    error = refused(
        world,
        RuleViolation,
        lambda: world.services.users.set_end_date(
            world.admin, SetEndDate((at(world.service_user),), dt.date(2028, 2, 1))
        ),
    )
    assert error.message.startswith("Viking Evertsson: ")


def test_bulk_end_date_needs_a_selection(world: World) -> None:
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.set_end_date(world.admin, SetEndDate((), dt.date(2027, 1, 1))),
        "Markera minst en",
    )


def test_pending_new_user_can_be_edited_and_discarded(world: World) -> None:
    users = world.services.users
    change = users.create_user(world.admin, CreateUser(draft()))
    edited = users.edit_pending(
        world.admin,
        EditPending(
            change.id, change.version, replace(draft(), email=EmailAddress("andrea@dorotea.se"))
        ),
    )
    assert edited.draft.email.value == "andrea@dorotea.se"
    assert edited.version == change.version + 1
    assert len(users.list_pending(world.admin)) == 1
    users.discard_pending(world.admin, DiscardPending(edited.id, edited.version))
    assert users.list_pending(world.admin) == []
    refused(
        world,
        NotFound,
        lambda: users.discard_pending(world.admin, DiscardPending(edited.id, edited.version)),
    )


def test_editing_a_pending_change_of_a_stored_user(world: World) -> None:
    users = world.services.users
    target = world.service_user
    change = users.change_user(
        world.admin,
        ChangeUser(
            target.id, target.version, draft_of_user(target, end_date=dt.date(2026, 12, 31))
        ),
    )
    edited = users.edit_pending(
        world.admin,
        EditPending(
            change.id,
            change.version,
            draft_of_user(target, first_name="Kalle", end_date=dt.date(2027, 3, 31)),
        ),
    )
    assert edited.action is ChangeAction.ANDRAD
    assert (edited.draft.first_name, edited.draft.end_date) == ("Viking", dt.date(2027, 3, 31))
    assert len(users.list_pending(world.admin)) == 1


def test_a_pending_removal_cannot_be_edited(world: World) -> None:
    users = world.services.users
    target = world.service_user
    change = users.remove_user(world.admin, RemoveUser(target.id, target.version))
    refused(
        world,
        RuleViolation,
        lambda: users.edit_pending(
            world.admin,
            EditPending(change.id, change.version, draft_of_user(target, role=Role.LASARE)),
        ),
        "borttagning kan inte ändras",
    )


def test_list_users_pages_sorts_searches_and_reports_status(world: World) -> None:
    for i, (first, last) in enumerate(
        [("Östen", "Åberg"), ("Beda", "Möller"), ("Olof", "Zetterberg")]
    ):
        pnr_body = f"19800101{i + 1:03d}"
        add_user(
            world.store,
            world.org,
            pnr_body + luhn.calc_check_digit(pnr_body[2:]),
            first,
            last,
            Role.LARARE,
        )
    users = world.services.users
    page = users.list_users(world.admin, UserQuery(sort=UserSort.LAST_NAME, limit=2))
    assert page.total == 5
    assert [r.user.last_name for r in page.items] == ["Aronsson", "Evertsson"]
    last_page = users.list_users(world.admin, UserQuery(sort=UserSort.LAST_NAME, offset=4, limit=2))
    assert [r.user.last_name for r in last_page.items] == ["Åberg"]
    found = users.list_users(world.admin, UserQuery(text="möller"))
    assert [r.user.first_name for r in found.items] == ["Beda"]
    assert all(r.status is AuthorizationStatus.AKTIV for r in page.items)


def test_registered_person_shows_the_name_the_person_has(world: World) -> None:
    users = world.services.users
    known = users.registered_person(world.admin, world.service_user.personnummer)
    assert known is not None
    assert (known.first_name, known.last_name) == ("Viking", "Evertsson")
    assert users.registered_person(world.admin, Personnummer(NEW_PNR)) is None


def test_logging_in_requires_an_active_authorization(world: World) -> None:
    add_user(
        world.store,
        world.org,
        READER_PNR,
        "Agda",
        "Andersson",
        Role.LASARE,
        start=dt.date(2026, 7, 1),
    )
    with pytest.raises(NotAuthorized, match="saknar aktiv behörighet"):
        login(world.services, world.simulator, world.clock, READER_PNR)
