"""AF's side (``services/af.py``): registering and activating agreements, the overdue
list and account reviews — each rule, and that a refusal changes nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from kawebb_desktop.demo import create_demo
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.errors import (
    Conflict,
    DomainError,
    NotFound,
    RuleViolation,
    ValidationError,
)
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import EmailAddress, OrgNumber, Personnummer
from kawebb_desktop.services.af import (
    AF_ACTOR,
    AgreementService,
    RegisterAgreement,
    ReviewStatus,
)
from kawebb_desktop.services.common import Env
from kawebb_desktop.store.sql import SqlStore, open_store
from tests.conftest import copy_store_file
from tests.store.databases import drop_schema, find_postgres, new_schema_name

NOW = dt.datetime(2026, 6, 15, 8, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
LYCKSELE = OrgNumber("2120002411")
ADMIN = Personnummer("198001011231")
DOROTEA = OrgNumber("2120002809")
#: What AF's operations may change; a refusal leaves all of them as they were.
TABLES = (
    "organisations",
    "agreements",
    "persons",
    "authorizations",
    "contact_persons",
    "accounts",
    "audit_entries",
)


def snapshot(store: SqlStore) -> dict[str, list[tuple[Any, ...]]]:
    with store.engine.connect() as connection:
        return {
            table: [tuple(r) for r in connection.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]
            for table in TABLES
        }


def demo_store(url: str, clock: FixedClock, schema: str | None = None) -> SqlStore:
    store = open_store(url, schema=schema, create_schema=schema is not None)
    create_demo(store, clock, cases=0)
    return store


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@contextlib.contextmanager
def demo_on(backend: str, folder: Path, template: Path) -> Iterator[SqlStore]:
    """The demo on SQLite (a copy of the session's), or on PostgreSQL in a throwaway schema."""
    if backend == "sqlite":
        store = open_store(f"sqlite:///{copy_store_file(template, folder)}")
        yield store
        store.close()
        return
    url, why_not = find_postgres()
    if url is None:
        pytest.skip(why_not)
    schema = new_schema_name()
    try:
        store = demo_store(url, FixedClock(NOW), schema=schema)
        yield store
        store.close()
    finally:
        drop_schema(url, schema)


@pytest.fixture(params=BACKENDS)
def store(
    request: pytest.FixtureRequest, tmp_path: Path, demo_at_now_database: Path
) -> Iterator[SqlStore]:
    """A fresh demo for a test that changes it."""
    with demo_on(request.param, tmp_path, demo_at_now_database) as made:
        yield made


@pytest.fixture(scope="module", params=BACKENDS)
def unchanged_store(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    demo_at_now_database: Path,
) -> Iterator[SqlStore]:
    """One demo per module for the tests of refusals, which must leave it as it was (each
    checks that it does): a PostgreSQL demo per test would cost seconds each."""
    with demo_on(request.param, tmp_path_factory.mktemp("af"), demo_at_now_database) as made:
        yield made


@pytest.fixture
def service(store: SqlStore, clock: FixedClock) -> AgreementService:
    return AgreementService(Env(store, clock))


@pytest.fixture
def refusing_service(unchanged_store: SqlStore, clock: FixedClock) -> AgreementService:
    return AgreementService(Env(unchanged_store, clock))


def lycksele(**changes: Any) -> RegisterAgreement:
    values: dict[str, Any] = {
        "org_number": LYCKSELE,
        "organisation_name": "  Lycksele   kommun ",
        "street_address": "Torget 1",
        "postal_code": "92181",
        "city": "Lycksele",
        "admin_personnummer": ADMIN,
        "admin_first_name": "Tove",
        "admin_last_name": "Lindqvist",
        "admin_email": EmailAddress("tove.lindqvist@lycksele.se"),
        "received_on": TODAY - dt.timedelta(days=3),
    }
    values.update(changes)
    return RegisterAgreement(**values)


def test_register_creates_the_organisation_the_person_the_agreement_and_the_contact(
    service: AgreementService, store: SqlStore
) -> None:
    info = service.register(lycksele(concerns_new_admin=True))
    assert info.organisation.name == "Lycksele kommun"
    assert info.organisation.postal_code == "921 81"
    assert info.starting_admin_name == "Tove Lindqvist"
    assert info.agreement.activated_on is None
    assert info.agreement.concerns_new_admin
    assert info.agreement.activation_due == TODAY + dt.timedelta(days=11)
    assert not info.overdue
    with store.unit_of_work() as uow:
        person = uow.persons.by_personnummer(ADMIN)
        assert person is not None and person.full_name == "Tove Lindqvist"
        (contact,) = uow.contacts.for_organisation(info.organisation.id)
        assert contact.administrative
        assert contact.email.value == "tove.lindqvist@lycksele.se"
        assert uow.users.find(info.organisation.id, person.id) is None  # not before activation
        entry = uow.audit.page(info.organisation.id, 0, 1).items[0]
    assert (entry.actor_name, entry.actor_person_id) == (AF_ACTOR, None)
    assert entry.action == "Avtal registrerat"


def test_activate_gives_the_first_behorighetsadministrator_authorization(
    service: AgreementService, store: SqlStore, clock: FixedClock
) -> None:
    info = service.register(lycksele())
    clock.advance(dt.timedelta(days=2))
    activation = service.activate(info.agreement.id)
    today = clock.today()
    assert activation.agreement.activated_on == today
    user = activation.user
    assert user.role is Role.BEHORIGHETSADMINISTRATOR
    assert (user.start_date, user.end_date) == (today, None)
    assert user.email.value == "tove.lindqvist@lycksele.se"
    assert user.is_active(clock.now(), today)
    with store.unit_of_work() as uow:
        actions = [e.action for e in uow.audit.page(info.organisation.id, 0, 5).items]
    assert actions[:2] == ["Avtal aktiverat", "Avtal registrerat"]


def test_an_activated_agreement_is_not_activated_again(
    service: AgreementService, store: SqlStore
) -> None:
    info = service.register(lycksele())
    service.activate(info.agreement.id)
    before = snapshot(store)
    with pytest.raises(Conflict, match="aktiverades redan"):
        service.activate(info.agreement.id)
    assert snapshot(store) == before


def test_a_second_agreement_waiting_for_activation_is_refused(
    service: AgreementService, store: SqlStore
) -> None:
    service.register(lycksele())
    before = snapshot(store)
    with pytest.raises(Conflict, match="väntar på aktivering"):
        service.register(lycksele())
    assert snapshot(store) == before


def test_a_new_admin_agreement_for_a_known_municipality_promotes_an_existing_user(
    service: AgreementService, store: SqlStore
) -> None:
    """Dorotea exists (with a contact); the new admin is one of its tjänsteadministratörer."""
    with store.unit_of_work() as uow:
        dorotea = uow.organisations.by_org_number(DOROTEA)
        assert dorotea is not None
        colleague = uow.users.with_role(dorotea.id, Role.TJANSTEADMINISTRATOR)[0]
        contacts_before = uow.contacts.for_organisation(dorotea.id)
    info = service.register(
        lycksele(
            org_number=DOROTEA,
            organisation_name="Dorotea kommun",
            admin_personnummer=colleague.personnummer,
            admin_first_name=colleague.first_name,
            admin_last_name=colleague.last_name,
            admin_email=colleague.email,
            concerns_new_admin=True,
        )
    )
    assert info.organisation.id == dorotea.id
    activation = service.activate(info.agreement.id)
    assert activation.user.id == colleague.id
    assert activation.user.role is Role.BEHORIGHETSADMINISTRATOR
    assert activation.user.end_date is None
    with store.unit_of_work() as uow:
        contacts = uow.contacts.for_organisation(dorotea.id)
    added = [c for c in contacts if c not in contacts_before]
    assert [c.administrative for c in added] == [False]  # one administrative contact stays


def test_the_overdue_list_has_the_agreements_not_activated_within_14_days(
    service: AgreementService,
) -> None:
    due = service.register(lycksele(received_on=TODAY - dt.timedelta(days=14)))
    assert not due.overdue  # the 14th day is still in time
    assert service.list_agreements(overdue=True) == []
    late = service.register(
        lycksele(
            org_number=OrgNumber("2120002437"),
            organisation_name="Storuman kommun",
            received_on=TODAY - dt.timedelta(days=15),
        )
    )
    overdue = service.list_agreements(overdue=True)
    assert [i.agreement.id for i in overdue] == [late.agreement.id]
    assert overdue[0].overdue
    assert len(service.list_agreements()) == 5  # the demo's three and these two
    service.activate(late.agreement.id)
    assert service.list_agreements(overdue=True) == []


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"received_on": TODAY + dt.timedelta(days=1)}, RuleViolation, "received_on"),
        ({"organisation_name": "   "}, ValidationError, "name"),
        ({"admin_first_name": ""}, ValidationError, "first_name"),
        ({"admin_last_name": "x" * 201}, ValidationError, "last_name"),
        ({"postal_code": "9218"}, ValidationError, "postal_code"),
        ({"city": "Ly\x07cksele"}, ValidationError, "city"),
    ],
)
def test_bad_registrations_are_refused_and_change_nothing(
    refusing_service: AgreementService,
    unchanged_store: SqlStore,
    changes: dict[str, Any],
    error: type[DomainError],
    field: str,
) -> None:
    before = snapshot(unchanged_store)
    with pytest.raises(error) as caught:
        refusing_service.register(lycksele(**changes))
    assert getattr(caught.value, "field", None) == field
    assert snapshot(unchanged_store) == before


def test_an_unknown_agreement_is_not_found(
    refusing_service: AgreementService, unchanged_store: SqlStore
) -> None:
    before = snapshot(unchanged_store)
    with pytest.raises(NotFound, match="inget avtal med nummer 999"):
        refusing_service.activate(999)
    assert snapshot(unchanged_store) == before


def test_a_review_sets_the_status_the_day_and_af_as_updater(
    service: AgreementService, store: SqlStore
) -> None:
    with store.unit_of_work() as uow:
        dorotea = uow.organisations.by_org_number(DOROTEA)
        assert dorotea is not None
        account = uow.accounts.for_organisation(dorotea.id)[0]
    reviewed = service.review_account(DOROTEA, account.id, ReviewStatus.EJ_GODKAND)
    assert reviewed.review_status == "Granskad, Ej godkänd"
    assert reviewed.updated_on == TODAY
    assert reviewed.updated_by.value == "Arbetsförmedlingen"
    with store.unit_of_work() as uow:
        assert uow.accounts.get(account.id) == reviewed
        entry = uow.audit.page(dorotea.id, 0, 1).items[0]
    assert (entry.action, entry.actor_name) == ("Konto granskat", AF_ACTOR)


def test_a_review_of_another_organisations_account_is_refused(
    refusing_service: AgreementService, unchanged_store: SqlStore
) -> None:
    with unchanged_store.unit_of_work() as uow:
        dorotea = uow.organisations.by_org_number(DOROTEA)
        assert dorotea is not None
        account = uow.accounts.for_organisation(dorotea.id)[0]
    before = snapshot(unchanged_store)
    with pytest.raises(NotFound, match="inget konto"):
        refusing_service.review_account(OrgNumber("2120002460"), account.id, ReviewStatus.GODKAND)
    with pytest.raises(NotFound, match="ingen organisation"):
        refusing_service.review_account(LYCKSELE, account.id, ReviewStatus.GODKAND)
    assert snapshot(unchanged_store) == before


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("godkänd", ReviewStatus.GODKAND),
        ("GODKAND", ReviewStatus.GODKAND),
        ("ej-godkand", ReviewStatus.EJ_GODKAND),
        ("Granskad,  Ej godkänd", ReviewStatus.EJ_GODKAND),
        ("ny", ReviewStatus.NY),
        ("Ny – ej granskad", ReviewStatus.NY),
    ],
)
def test_review_statuses_are_read_by_code_or_text(typed: str, status: ReviewStatus) -> None:
    assert ReviewStatus.parse(typed) is status


def test_an_unknown_review_status_names_the_possible_ones() -> None:
    with pytest.raises(ValidationError, match=r"Möjliga: ny .*godkänd .*ej-godkänd"):
        ReviewStatus.parse("bra")
