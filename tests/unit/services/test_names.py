"""A person's name is not one municipality's to change (issue 5, point 11): it comes
from BankID at login (or from AF). An admin who creates an authorization for a person
already registered sees the registered name, and what they type renames nobody."""

from __future__ import annotations

import pytest

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.queries import UserQuery
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services import Services
from kawebb_desktop.services.api import CreateUser, EditPending, caller_of
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.signing.simulator import BankIdSimulator
from kawebb_desktop.store.base import Store
from tests.helpers import (
    ADMIN2_PNR,
    ADMIN_PNR,
    READER_PNR,
    add_organisation,
    add_user,
    draft,
    login,
    sign_all,
)

A = Role.BEHORIGHETSADMINISTRATOR


@pytest.fixture
def municipalities(store: Store) -> dict[str, int]:
    """Arvid Aronsson works in Dorotea and Vilhelmina; Åsele has its own admin."""
    ids = {}
    for name, number in (
        ("Dorotea kommun", "2120002809"),
        ("Vilhelmina kommun", "2120002460"),
        ("Åsele kommun", "2120002262"),
    ):
        org, _unit = add_organisation(store, name, number)
        ids[name.split()[0]] = org.id
    with store.unit_of_work() as uow:
        dorotea = uow.organisations.get(ids["Dorotea"])
        vilhelmina = uow.organisations.get(ids["Vilhelmina"])
        asele = uow.organisations.get(ids["Åsele"])
    assert dorotea and vilhelmina and asele
    add_user(store, dorotea, ADMIN_PNR, "Arvid", "Aronsson", A)
    add_user(store, vilhelmina, ADMIN_PNR, "Arvid", "Aronsson", Role.TJANSTEADMINISTRATOR)
    add_user(store, vilhelmina, READER_PNR, "Agda", "Andersson", A)
    add_user(store, asele, ADMIN2_PNR, "Fridolf", "Halldin", A)
    return ids


def _names_of_arvid(services: Services, caller: object) -> set[str]:
    page = services.users.list_users(caller, UserQuery(limit=100))  # type: ignore[arg-type]
    return {r.user.full_name for r in page.items if r.user.personnummer.value == ADMIN_PNR}


def test_kalle_anka_renames_nobody(
    store: Store,
    services: Services,
    simulator: BankIdSimulator,
    clock: FixedClock,
    municipalities: dict[str, int],
) -> None:
    asele_admin = caller_of(login(services, simulator, clock, ADMIN2_PNR))
    known = services.users.registered_person(asele_admin, Personnummer(ADMIN_PNR))
    assert known is not None and known.full_name == "Arvid Aronsson"

    change = services.users.create_user(
        asele_admin, CreateUser(draft(pnr=ADMIN_PNR, first="Kalle", last="Anka"))
    )
    assert change.draft.full_name == "Arvid Aronsson"
    assert (change.change.payload["first_name"], change.change.payload["last_name"]) == (
        "Arvid",
        "Aronsson",
    )
    edited = services.users.edit_pending(
        asele_admin,
        EditPending(change.id, change.version, draft(pnr=ADMIN_PNR, first="Kalle", last="Anka")),
    )
    assert edited.draft.full_name == "Arvid Aronsson"
    assert [p.draft.full_name for p in services.users.list_pending(asele_admin)] == [
        "Arvid Aronsson"
    ]

    asele_actor = login(services, simulator, clock, ADMIN2_PNR)
    progress = sign_all(services, clock, asele_actor)
    assert progress.status is CollectStatus.COMPLETE
    assert progress.receipt is not None and "Kalle" not in progress.receipt.document

    with store.unit_of_work() as uow:
        person = uow.persons.by_personnummer(Personnummer(ADMIN_PNR))
    assert person is not None and person.full_name == "Arvid Aronsson"
    assert _names_of_arvid(services, caller_of(asele_actor)) == {"Arvid Aronsson"}
    arvid = login(services, simulator, clock, ADMIN_PNR, municipalities["Dorotea"])
    assert arvid.name == "Arvid Aronsson"
    assert services.auth.me(arvid.token).person.full_name == "Arvid Aronsson"
    assert _names_of_arvid(services, caller_of(arvid)) == {"Arvid Aronsson"}
    agda = login(services, simulator, clock, READER_PNR, municipalities["Vilhelmina"])
    assert _names_of_arvid(services, caller_of(agda)) == {"Arvid Aronsson"}


def test_a_new_person_is_named_as_the_admin_typed(
    services: Services,
    simulator: BankIdSimulator,
    clock: FixedClock,
    municipalities: dict[str, int],
) -> None:
    """Until BankID says otherwise, a person nobody knows yet has the typed name."""
    asele = login(services, simulator, clock, ADMIN2_PNR)
    number = draft().personnummer
    assert services.users.registered_person(caller_of(asele), number) is None
    change = services.users.create_user(
        caller_of(asele), CreateUser(draft(first="Andrea", last="Sandin"))
    )
    assert change.draft.full_name == "Andrea Sandin"
    sign_all(services, clock, asele)
    page = services.users.list_users(caller_of(asele), UserQuery(text="Sandin"))
    assert [r.user.full_name for r in page.items] == ["Andrea Sandin"]
