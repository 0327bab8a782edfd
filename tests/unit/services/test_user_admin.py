"""User administration: changes become pending, rules refuse bad input, and a refused
call leaves the store as it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pytest

from kawebb_desktop.domain.changes import ChangeAction
from kawebb_desktop.domain.entities import AuthorizationStatus
from kawebb_desktop.domain.errors import (
    DomainError,
    NotAuthorized,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from kawebb_desktop.domain.queries import UserQuery, UserSort
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import EmailAddress
from tests.helpers import ADMIN2_PNR, NEW_PNR, READER_PNR, SAMORDNING_PNR, add_user, draft, login
from tests.unit.services.conftest import World

A = Role.BEHORIGHETSADMINISTRATOR
T = Role.TJANSTEADMINISTRATOR


def refused(
    world: World, error: type[DomainError], call: Callable[[], object], match: str | None = None
) -> DomainError:
    before = world.snapshot()
    with pytest.raises(error, match=match) as caught:
        call()
    assert world.snapshot() == before, "a refused call changed the store"
    return caught.value


def test_creating_a_user_only_adds_a_pending_new_row(world: World) -> None:
    users = world.services.users
    change = users.create_user(world.admin, draft())
    assert change.action is ChangeAction.NY
    assert change.current is None
    pending = users.list_pending(world.admin)
    assert [(p.action, p.draft.personnummer.value) for p in pending] == [(ChangeAction.NY, NEW_PNR)]
    page = users.list_users(world.admin, UserQuery())
    assert page.total == 2  # Andrea is not a user until signed


def test_samordningsnummer_users_can_be_created(world: World) -> None:
    world.services.users.create_user(world.admin, draft(pnr=SAMORDNING_PNR))
    assert world.services.users.list_pending(world.admin)[0].draft.personnummer.is_samordningsnummer


def test_end_date_on_an_admin_is_refused(world: World) -> None:
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.create_user(world.admin, draft(role=A)),
        "inte ha något slutdatum",
    )


def test_end_date_after_next_year_end_is_refused(world: World) -> None:
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.create_user(world.admin, draft(end=dt.date(2028, 1, 1))),
        "nästa årsskifte",
    )


def test_end_before_start_is_refused(world: World) -> None:
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.create_user(
            world.admin, draft(start=dt.date(2026, 9, 1), end=dt.date(2026, 8, 31))
        ),
        "före startdatumet",
    )


def test_empty_names_are_refused(world: World) -> None:
    error = refused(
        world,
        RuleViolation,
        lambda: world.services.users.create_user(world.admin, draft(first=" ")),
        "Ange förnamn",
    )
    assert getattr(error, "field", None) == "first_name"


def test_a_person_gets_at_most_one_authorization_per_organisation(world: World) -> None:
    existing = world.service_user.personnummer.value
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.create_user(world.admin, draft(pnr=existing)),
        "redan en behörighet",
    )
    world.services.users.create_user(world.admin, draft())
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.create_user(world.admin, draft(first="Annan")),
        "redan en ny användare",
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda w: w.services.users.list_users(w.service, UserQuery()),
        lambda w: w.services.users.list_pending(w.service),
        lambda w: w.services.users.create_user(w.service, draft()),
        lambda w: w.services.users.change_user(
            w.service, w.service_user.id, draft(pnr=w.service_user.personnummer.value)
        ),
        lambda w: w.services.users.remove_user(w.service, w.admin_user.id),
        lambda w: w.services.users.set_end_date(
            w.service, [w.service_user.id], dt.date(2026, 12, 31)
        ),
        lambda w: w.services.signing.start(w.service),
    ],
)
def test_a_tjansteadministrator_cannot_use_user_administration(world: World, call) -> None:  # type: ignore[no-untyped-def]
    error = refused(world, PermissionDenied, lambda: call(world))
    assert "Tjänsteadministratör" in error.message
    assert "Hantera användare" in error.message


def test_a_forged_role_in_the_actor_grants_nothing(world: World) -> None:
    forged = replace(world.service, role=A)
    refused(world, PermissionDenied, lambda: world.services.users.create_user(forged, draft()))


def test_an_actor_whose_authorization_ended_is_logged_out(world: World) -> None:
    world.clock.advance(dt.timedelta(days=600))  # past the tjänsteadministratör's end date
    refused(world, NotAuthorized, lambda: world.services.organisations.units(world.service))


def test_the_last_active_admin_cannot_be_removed_or_demoted(world: World) -> None:
    users = world.services.users
    refused(
        world,
        RuleViolation,
        lambda: users.remove_user(world.admin, world.admin_user.id),
        "minst en aktiv behörighetsadministratör",
    )
    demoted = replace(
        draft(pnr=world.admin_user.personnummer.value, role=T, start=world.admin_user.start_date),
        first_name="Arvid",
        last_name="Aronsson",
        email=world.admin_user.email,
    )
    refused(
        world,
        RuleViolation,
        lambda: users.change_user(world.admin, world.admin_user.id, demoted),
        "nytt avtal",
    )


def test_with_two_admins_one_may_go_but_not_both(world: World) -> None:
    second = add_user(world.store, world.org, ADMIN2_PNR, "Fridolf", "Halldin", A)
    users = world.services.users
    users.remove_user(world.admin, second.id)
    refused(world, RuleViolation, lambda: users.remove_user(world.admin, world.admin_user.id))


def test_a_new_admin_does_not_count_until_activated(world: World) -> None:
    world.services.users.create_user(world.admin, draft(role=A, end=None))
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.remove_user(world.admin, world.admin_user.id),
    )


def test_changing_a_user_replaces_its_earlier_unsigned_change(world: World) -> None:
    users = world.services.users
    target = world.service_user
    base = draft(
        pnr=target.personnummer.value,
        first="Viking",
        last="Evertsson",
        email=target.email.value,
        start=target.start_date,
    )
    users.change_user(world.admin, target.id, replace(base, end_date=dt.date(2026, 12, 31)))
    users.change_user(world.admin, target.id, replace(base, end_date=dt.date(2027, 6, 30)))
    pending = users.list_pending(world.admin)
    assert len(pending) == 1
    assert pending[0].draft.end_date == dt.date(2027, 6, 30)
    users.remove_user(world.admin, target.id)
    assert [p.action for p in users.list_pending(world.admin)] == [ChangeAction.BORTTAGEN]
    row = users.list_users(world.admin, UserQuery(text="Viking")).items[0]
    assert row.pending is ChangeAction.BORTTAGEN


def test_personnummer_cannot_be_changed_and_no_op_changes_are_refused(world: World) -> None:
    users = world.services.users
    target = world.service_user
    refused(
        world,
        RuleViolation,
        lambda: users.change_user(world.admin, target.id, draft(pnr=NEW_PNR)),
        "Personnumret kan inte ändras",
    )
    same = draft(
        pnr=target.personnummer.value,
        first="Viking",
        last="Evertsson",
        email=target.email.value,
        start=target.start_date,
        end=target.end_date,
    )
    refused(
        world,
        RuleViolation,
        lambda: users.change_user(world.admin, target.id, same),
        "Inget är ändrat",
    )


def test_unknown_or_foreign_users_are_not_found(world: World) -> None:
    from tests.helpers import add_organisation

    other_org, _unit = add_organisation(world.store, "Åsele kommun", "2120002262")
    foreign = add_user(world.store, other_org, READER_PNR, "Agda", "Andersson", Role.LASARE)
    refused(world, NotFound, lambda: world.services.users.remove_user(world.admin, foreign.id))
    refused(world, NotFound, lambda: world.services.users.remove_user(world.admin, 9999))


def test_bulk_end_date_creates_one_pending_change_per_user(world: World) -> None:
    reader = add_user(world.store, world.org, READER_PNR, "Agda", "Andersson", Role.LASARE)
    changes = world.services.users.set_end_date(
        world.admin, [world.service_user.id, reader.id], dt.date(2027, 6, 30)
    )
    assert {c.change.target_id for c in changes} == {world.service_user.id, reader.id}
    assert all(c.draft.end_date == dt.date(2027, 6, 30) for c in changes)
    assert all(c.action is ChangeAction.ANDRAD for c in changes)


def test_bulk_end_date_including_an_admin_changes_nothing(world: World) -> None:
    error = refused(
        world,
        RuleViolation,
        lambda: world.services.users.set_end_date(
            world.admin, [world.service_user.id, world.admin_user.id], dt.date(2027, 6, 30)
        ),
    )
    assert "Arvid Aronsson är behörighetsadministratör" in error.message


def test_bulk_end_date_after_year_end_names_the_user(world: World) -> None:
    error = refused(
        world,
        RuleViolation,
        lambda: world.services.users.set_end_date(
            world.admin, [world.service_user.id], dt.date(2028, 2, 1)
        ),
    )
    assert error.message.startswith("Viking Evertsson: ")


def test_bulk_end_date_needs_a_selection(world: World) -> None:
    refused(
        world,
        RuleViolation,
        lambda: world.services.users.set_end_date(world.admin, [], dt.date(2027, 1, 1)),
        "Markera minst en",
    )


def test_pending_new_user_can_be_edited_and_discarded(world: World) -> None:
    users = world.services.users
    change = users.create_user(world.admin, draft())
    edited = users.edit_pending(
        world.admin, change.id, replace(draft(), email=EmailAddress("andrea@dorotea.se"))
    )
    assert edited.draft.email.value == "andrea@dorotea.se"
    assert len(users.list_pending(world.admin)) == 1
    users.discard_pending(world.admin, change.id)
    assert users.list_pending(world.admin) == []
    refused(world, NotFound, lambda: users.discard_pending(world.admin, change.id))


def test_a_pending_removal_cannot_be_edited(world: World) -> None:
    users = world.services.users
    change = users.remove_user(world.admin, world.service_user.id)
    refused(
        world,
        RuleViolation,
        lambda: users.edit_pending(
            world.admin, change.id, draft(pnr=world.service_user.personnummer.value)
        ),
        "borttagning kan inte ändras",
    )


def test_list_users_pages_sorts_searches_and_reports_status(world: World) -> None:
    for i, (first, last) in enumerate(
        [("Östen", "Åberg"), ("Beda", "Möller"), ("Olof", "Zetterberg")]
    ):
        pnr_body = f"19800101{i + 1:03d}"
        from stdnum import luhn

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
