"""Contract: reading organisation data and administering users (create → pending →
sign → receipt → listed), versions, and the store-free draft checks."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kawebb_desktop.domain.changes import ChangeAction
from kawebb_desktop.domain.entities import AuthorizationStatus, CaseStatus
from kawebb_desktop.domain.errors import (
    Conflict,
    InvalidDraft,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from kawebb_desktop.domain.queries import CaseQuery, CaseSearchField, UserQuery, UserSort
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.rules import next_year_end
from kawebb_desktop.domain.text import sort_key
from kawebb_desktop.domain.values import EmailAddress, Personnummer
from kawebb_desktop.services.api import (
    Caller,
    ChangeUser,
    CreateUser,
    DiscardPending,
    EditPending,
    RemoveUser,
    SetEndDate,
    StartSigning,
    UserRow,
    VersionedId,
)
from kawebb_desktop.signing.base import CollectStatus
from tests.services.backends import ARVID, DOROTEA, KARINA, Backend, new_draft

AGDA = "Agda Andersson"  # Läsare in Dorotea


def _row(backend: Backend, caller: Caller, personnummer: Personnummer) -> UserRow | None:
    page = backend.services.users.list_users(caller, UserQuery(text=personnummer.value))
    rows = [r for r in page.items if r.user.personnummer == personnummer]
    assert len(rows) <= 1
    return rows[0] if rows else None


# ---------------------------------------------------------------------- reading
def test_organisation_units_contacts_accounts_and_cases(backend: Backend) -> None:
    caller = backend.caller(ARVID, DOROTEA)
    services = backend.services
    organisation = services.organisations.organisation(caller)
    assert (organisation.id, organisation.name) == (caller.organisation_id, DOROTEA)
    assert organisation.org_number.value == "2120002809"
    units = services.organisations.units(caller)
    assert [u.name for u in units] == ["Dorotea UBK", "Dorotea UBK ersättning"]
    assert all(u.organisation_id == caller.organisation_id for u in units)
    contacts = services.organisations.contacts(caller)
    assert [c.last_name for c in contacts] == ["Aronsson"]
    accounts = services.organisations.accounts(caller)
    assert [a.number for a in accounts] == ["7620255"]

    cases = services.cases.list_cases(caller, CaseQuery(unit_id=units[0].id, limit=5))
    assert 0 < len(cases.items) <= 5 and cases.total >= len(cases.items)
    assert all(c.unit_id == units[0].id for c in cases.items)
    dates = [c.last_event_on for c in cases.items]
    assert dates == sorted(dates, reverse=True)
    found = services.cases.list_cases(
        caller,
        CaseQuery(unit_id=units[0].id, text="35181", search_field=CaseSearchField.ARENDE),
    )
    assert [c.case_number for c in found.items] == [35181]
    closed = services.cases.list_cases(
        caller, CaseQuery(unit_id=units[0].id, status=CaseStatus.AVSLUTAD, include_closed=True)
    )
    assert all(c.status is CaseStatus.AVSLUTAD for c in closed.items)


def test_list_users_paged_sorted_and_searched(backend: Backend) -> None:
    users = backend.services.users
    caller = backend.caller(ARVID, DOROTEA)
    first = users.list_users(caller, UserQuery(limit=10))
    assert len(first.items) == 10 and first.total >= 24
    assert (first.offset, first.limit) == (0, 10)
    second = users.list_users(caller, UserQuery(offset=10, limit=10))
    assert second.offset == 10 and second.total == first.total
    assert not {r.user.id for r in first.items} & {r.user.id for r in second.items}
    keys = [sort_key(r.user.last_name) for r in first.items + second.items]
    assert keys == sorted(keys)

    by_first = users.list_users(
        caller, UserQuery(sort=UserSort.FIRST_NAME, descending=True, limit=50)
    )
    firsts = [sort_key(r.user.first_name) for r in by_first.items]
    assert firsts == sorted(firsts, reverse=True)

    found = users.list_users(caller, UserQuery(text="aronsson arvid"))
    assert [r.user.full_name for r in found.items] == [ARVID]
    assert found.items[0].status is AuthorizationStatus.AKTIV
    assert found.items[0].user.organisation_id == caller.organisation_id
    by_birth = users.list_users(caller, UserQuery(text="19640326"))
    assert [r.user.full_name for r in by_birth.items] == [ARVID]
    expired = users.list_users(caller, UserQuery(text="Karina"))
    assert [(r.user.full_name, r.status) for r in expired.items] == [
        (KARINA, AuthorizationStatus.UTGANGEN)
    ]
    assert users.list_users(caller, UserQuery(text="zzzqqq")).total == 0


def test_get_user_and_registered_person(backend: Backend) -> None:
    users = backend.services.users
    caller = backend.caller(ARVID, DOROTEA)
    row = users.list_users(caller, UserQuery(text="Aronsson")).items[0]
    assert users.get_user(caller, row.user.id) == row.user
    person = users.registered_person(caller, row.user.personnummer)
    assert person is not None and person.full_name == ARVID
    assert users.registered_person(caller, new_draft().personnummer) is None
    with pytest.raises(NotFound):
        users.get_user(caller, 999_999)


def test_a_reader_may_not_administer_users(backend: Backend) -> None:
    caller = backend.caller(AGDA, DOROTEA)
    with pytest.raises(PermissionDenied) as caught:
        backend.services.users.list_users(caller, UserQuery())
    assert "Läsare" in caught.value.message
    with pytest.raises(PermissionDenied):
        backend.services.users.create_user(caller, CreateUser(new_draft()))
    # …but may read the organisation.
    assert backend.services.organisations.organisation(caller).name == DOROTEA


# ---------------------------------------------------------------------- the flow
def test_create_pending_sign_receipt_listed(backend: Backend) -> None:
    services = backend.services
    caller = backend.caller(ARVID, DOROTEA)
    draft = new_draft(first="Selma", last="Signerad")
    created = services.users.create_user(caller, CreateUser(draft))
    assert created.action is ChangeAction.NY
    assert created.draft == draft and created.current is None
    assert created.change.organisation_id == caller.organisation_id
    assert created.change.target_id is None and created.version == 1
    assert services.users.list_pending(caller) == [created]
    rows_before = _row(backend, caller, draft.personnummer)
    assert rows_before is None

    progress = backend.sign(caller)
    assert progress.status is CollectStatus.COMPLETE, progress
    receipt = progress.receipt
    assert receipt is not None
    assert receipt.organisation_id == caller.organisation_id
    assert receipt.signer_name == ARVID
    assert receipt.signer_personnummer.value == backend.personnummer(ARVID)
    assert receipt.change_count == 1
    assert "Selma Signerad" in receipt.summary
    assert len(receipt.digest) == 64
    assert draft.personnummer.value in receipt.document

    assert services.users.list_pending(caller) == []
    row = _row(backend, caller, draft.personnummer)
    assert row is not None
    assert row.user.full_name == "Selma Signerad"
    assert row.user.role is Role.TJANSTEADMINISTRATOR
    assert row.status is AuthorizationStatus.AKTIV  # activation delay 0
    assert row.pending is None
    receipts = services.signing.receipts(caller, 0, 500)
    assert receipt in receipts.items
    assert receipts.total >= 1

    # Collecting again reports the same completed order and its receipt.
    again = services.signing.collect(caller, receipt.order_ref)
    assert again.status is CollectStatus.COMPLETE and again.receipt == receipt

    # The new user can log in at once and works in Dorotea.
    login = backend.try_login(draft.personnummer.value)
    assert login.status is CollectStatus.COMPLETE and login.person is not None
    assert login.person.full_name == "Selma Signerad"
    assert [c.name for c in login.choices] == [DOROTEA]
    assert login.token is not None
    backend.services.auth.logout(login.token)


def test_change_remove_and_end_date_become_pending_and_apply(backend: Backend) -> None:
    users = backend.services.users
    caller = backend.caller(ARVID, DOROTEA)
    draft = new_draft(first="Ruth", last="Rörlig")
    users.create_user(caller, CreateUser(draft))
    assert backend.sign(caller).status is CollectStatus.COMPLETE
    row = _row(backend, caller, draft.personnummer)
    assert row is not None
    user = row.user

    new_end = dt.date.today() + dt.timedelta(days=30)
    ended = users.set_end_date(caller, SetEndDate((VersionedId(user.id, user.version),), new_end))
    assert [(c.action, c.draft.end_date, c.change.target_id) for c in ended] == [
        (ChangeAction.ANDRAD, new_end, user.id)
    ]
    assert ended[0].current == user
    listed = _row(backend, caller, draft.personnummer)
    assert listed is not None and listed.pending is ChangeAction.ANDRAD
    assert listed.pending_change == ended[0].change

    # A change of the same user that did not start from the unsigned one is refused
    # (nothing replaced silently); one naming it edits it.
    renamed = dataclasses.replace(
        draft, email=EmailAddress("ruth@example.se"), first_name="Någon", last_name="Annan"
    )
    with pytest.raises(Conflict, match="har redan en osignerad ändring av Ruth Rörlig"):
        users.change_user(caller, ChangeUser(user.id, user.version, renamed))
    seen = VersionedId(ended[0].id, ended[0].version)
    changed = users.change_user(caller, ChangeUser(user.id, user.version, renamed, pending=seen))
    assert changed.id == ended[0].id and changed.version == ended[0].version + 1
    # An admin never renames a registered person: the name stays Ruth Rörlig.
    assert (changed.draft.first_name, changed.draft.last_name) == ("Ruth", "Rörlig")
    assert changed.draft.email.value == "ruth@example.se"
    with pytest.raises(Conflict, match="har ändrats av dig sedan du läste den"):
        users.set_end_date(
            caller,
            SetEndDate((VersionedId(user.id, user.version),), new_end, pending=(seen,)),
        )

    removed = users.remove_user(
        caller,
        RemoveUser(user.id, user.version, pending=VersionedId(changed.id, changed.version)),
    )
    assert removed.action is ChangeAction.BORTTAGEN and removed.id == changed.id
    assert [p.id for p in users.list_pending(caller)] == [removed.id]
    with pytest.raises(RuleViolation):
        users.edit_pending(caller, EditPending(removed.id, removed.version, draft))
    assert backend.sign(caller).status is CollectStatus.COMPLETE
    with pytest.raises(NotFound):
        users.get_user(caller, user.id)
    assert _row(backend, caller, draft.personnummer) is None


def test_edit_and_discard_pending(backend: Backend) -> None:
    users = backend.services.users
    caller = backend.caller(ARVID, DOROTEA)
    created = users.create_user(caller, CreateUser(new_draft(first="Edit", last="Era")))
    edited_draft = dataclasses.replace(created.draft, role=Role.LASARE, first_name="Edvin")
    edited = users.edit_pending(caller, EditPending(created.id, created.version, edited_draft))
    assert edited.id == created.id and edited.version == created.version + 1
    assert edited.draft == edited_draft
    assert users.list_pending(caller) == [edited]
    users.discard_pending(caller, DiscardPending(edited.id, edited.version))
    assert users.list_pending(caller) == []
    with pytest.raises(NotFound):
        users.discard_pending(caller, DiscardPending(edited.id, edited.version))


def test_rules_are_enforced_with_swedish_messages(backend: Backend) -> None:
    users = backend.services.users
    caller = backend.caller(ARVID, DOROTEA)
    today = dt.date.today()
    too_late = dataclasses.replace(new_draft(), end_date=next_year_end(today) + dt.timedelta(1))
    with pytest.raises(RuleViolation) as caught:
        users.create_user(caller, CreateUser(too_late))
    assert caught.value.field == "end_date" and "årsskifte" in caught.value.message
    existing = users.list_users(caller, UserQuery(text="Aronsson")).items[0].user
    with pytest.raises(RuleViolation) as twice:
        users.create_user(caller, CreateUser(new_draft(existing.personnummer)))
    assert twice.value.field == "personnummer"
    with pytest.raises(RuleViolation) as nothing:
        backend.services.signing.start(caller, StartSigning())
    assert nothing.value.message == "Det finns inga ändringar att signera."
    assert users.list_pending(caller) == []


@pytest.mark.parametrize(
    ("first", "role", "end", "field"),
    [
        ("  Anna   Lisa ", Role.LASARE, "year", None),
        ("R2D2", Role.LASARE, "year", "first_name"),
        ("", Role.LASARE, "year", "first_name"),
        ("Anna", Role.BEHORIGHETSADMINISTRATOR, "year", "end_date"),
        ("Anna", Role.LASARE, None, "end_date"),
        ("Anna", Role.LASARE, "late", "end_date"),
    ],
    ids=["spaces", "digits", "empty", "admin-end", "no-end", "late-end"],
)
def test_validate_draft_is_the_services_check(
    backend: Backend, first: str, role: Role, end: str | None, field: str | None
) -> None:
    today = dt.date.today()
    end_date = {"year": next_year_end(today), "late": next_year_end(today) + dt.timedelta(1)}
    draft = dataclasses.replace(
        new_draft(role=Role.LASARE),
        first_name=first,
        role=role,
        end_date=end_date.get(end or ""),
    )
    if field is None:
        checked = backend.services.users.validate_draft(draft)
        assert checked == dataclasses.replace(draft, first_name="Anna Lisa")
        return
    with pytest.raises(RuleViolation) as caught:
        backend.services.users.validate_draft(draft)
    assert caught.value.field == field and caught.value.message


def test_validate_draft_names_every_rule_a_draft_breaks(backend: Backend) -> None:
    """A form shows each refusal under its field: the check names them all, each with
    its field, and reads as the first."""
    late = next_year_end(dt.date.today()) + dt.timedelta(days=1)
    draft = dataclasses.replace(new_draft(), first_name="", last_name="R2D2", end_date=late)
    with pytest.raises(InvalidDraft) as caught:
        backend.services.users.validate_draft(draft)
    fields = [v.field for v in caught.value.violations]
    assert fields == ["first_name", "last_name", "end_date"]
    assert all(v.message for v in caught.value.violations)
    assert (caught.value.field, caught.value.message) == ("first_name", "Ange förnamn.")


# ---------------------------------------------------------------------- versions
def test_a_stale_version_is_a_conflict_and_changes_nothing(backend: Backend) -> None:
    users = backend.services.users
    caller = backend.caller(ARVID, DOROTEA)
    draft = new_draft(first="Vera", last="Version")
    users.create_user(caller, CreateUser(draft))
    assert backend.sign(caller).status is CollectStatus.COMPLETE
    row = _row(backend, caller, draft.personnummer)
    assert row is not None
    read_at = row.user
    # Somebody else changes the user (signed): its version moves on.
    newer = dataclasses.replace(draft, email=EmailAddress("vera.ny@example.se"))
    users.change_user(caller, ChangeUser(read_at.id, read_at.version, newer))
    assert backend.sign(caller).status is CollectStatus.COMPLETE
    current = users.get_user(caller, read_at.id)
    assert current.version > read_at.version

    stale = dataclasses.replace(draft, email=EmailAddress("vera.gammal@example.se"))
    with pytest.raises(Conflict) as caught:
        users.change_user(caller, ChangeUser(read_at.id, read_at.version, stale))
    assert "ändrats av någon annan" in caught.value.message
    with pytest.raises(Conflict):
        users.remove_user(caller, RemoveUser(read_at.id, read_at.version))
    with pytest.raises(Conflict):
        users.set_end_date(
            caller,
            SetEndDate((VersionedId(read_at.id, read_at.version),), dt.date.today()),
        )
    assert users.list_pending(caller) == []
    assert users.get_user(caller, read_at.id) == current

    # The same for a pending change.
    created = users.create_user(caller, CreateUser(new_draft()))
    edited = users.edit_pending(
        caller,
        EditPending(
            created.id, created.version, dataclasses.replace(created.draft, role=Role.LARARE)
        ),
    )
    with pytest.raises(Conflict):
        users.edit_pending(caller, EditPending(created.id, created.version, created.draft))
    with pytest.raises(Conflict):
        users.discard_pending(caller, DiscardPending(created.id, created.version))
    assert users.list_pending(caller) == [edited]
