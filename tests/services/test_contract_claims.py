"""Contract: *Begär ersättning* and *Begärda ersättningar* (issue 9) on every backend
(local, remote over SQLite and over PostgreSQL).

A claim is made for an open ersättningsärende of the caller's organisation; the service
computes the amount (DOMAIN.md §5) and the claim waits as a pending change until the
organisation's set is signed, which stores it as *Inskickad*. Periods overlapping one
already requested (stored or waiting), outside the case's dates or longer than a year,
huvudärenden and closed cases are refused in Swedish; another organisation's case is not
found; the roles follow the matrix.

The demo has no case of its own to spend on these tests: each test adds fresh cases to
Dorotea's units straight in the backend's database (what AF's systems do).
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest

from kawebb_desktop.domain.changes import ChangeAction, ChangeKind, ClaimDraft
from kawebb_desktop.domain.compensation import (
    CompensationKind,
    FieldOfWork,
    compute_compensation,
)
from kawebb_desktop.domain.entities import (
    Case,
    CaseKind,
    CaseStatus,
    ClaimQuery,
    ClaimStatus,
)
from kawebb_desktop.domain.errors import (
    InvalidDraft,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationError,
)
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.api import Caller, CreateClaim, DiscardPending
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import open_store
from tests.services.backends import ARVID, ASELE, DOROTEA, MARTA, Backend
from tests.services.conftest import Deployments

#: Dorotea's Tjänsteadministratör, Registrerare, Lärare and Läsare (demo people).
TJANSTEADMIN = "Ida Wallin"
REGISTRERARE = "Olof Zetterberg"
LARARE = "Malte Håkansson"
LASARE = "Agda Andersson"

CASE_START = dt.date(2026, 1, 1)
CASE_END = dt.date(2026, 12, 31)
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))

_numbers = itertools.count(uuid.uuid4().int % 1_000_000 * 1000 + 700_000_000)


def draft(
    start: dt.date = MARCH[0],
    end: dt.date = MARCH[1],
    *,
    kind: CompensationKind = CompensationKind.EMPLOYMENT,
    field: FieldOfWork = FieldOfWork.ELDERLY_CARE,
    extent: Decimal = Decimal(50),
) -> ClaimDraft:
    return ClaimDraft(kind, field, extent, start, end)


@pytest.fixture
def db(backend: Backend, deployments: Deployments) -> Iterator[Store]:
    """The backend's own database (for adding cases, as AF's systems do)."""
    url, schema = deployments.database(backend.name)
    store = open_store(url, schema=schema)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(autouse=True)
def no_claims_left_waiting(backend: Backend) -> Iterator[None]:
    """No test leaves a claim waiting to be signed by another test's Signera."""
    _discard_claims(backend)
    yield
    _discard_claims(backend)


def _discard_claims(backend: Backend) -> None:
    for name, organisation in ((ARVID, DOROTEA), (MARTA, ASELE)):
        caller = backend.caller(name, organisation)
        for change in backend.services.claims.pending_claims(caller):
            backend.services.organisations.discard_pending(
                caller, DiscardPending(change.id, change.version)
            )


def new_case(
    db: Store,
    organisation_id: int,
    *,
    kind: CaseKind = CaseKind.ERSATTNINGSARENDE,
    status: CaseStatus = CaseStatus.PLANERING,
    start: dt.date = CASE_START,
    end: dt.date | None = CASE_END,
) -> Case:
    with db.unit_of_work(write=True) as uow:
        unit = next(u for u in uow.units.for_organisation(organisation_id) if u.case_kind is kind)
        case = uow.cases.add(
            Case(
                0,
                organisation_id,
                unit.id,
                next(_numbers),
                "Elsa",
                "Åkesson",
                Personnummer("200506071232"),
                status,
                start,
                end,
                "Påbörjad",
                start,
            )
        )
        uow.commit()
    return case


def dorotea(backend: Backend, name: str = ARVID) -> Caller:
    return backend.caller(name, DOROTEA)


def sign(backend: Backend, caller: Caller) -> None:
    progress = backend.sign(caller)
    assert progress.status is CollectStatus.COMPLETE, progress


# ---------------------------------------------------------------------- the flow
def test_a_claim_waits_then_is_sent_when_signed(backend: Backend, db: Store) -> None:
    caller = dorotea(backend)
    case = new_case(db, caller.organisation_id)
    claims = backend.services.claims
    expected = compute_compensation("anstallning", "aldreomsorg", 50, *MARCH).total
    assert expected == Decimal("11000.00")

    pending = claims.create_claim(caller, CreateClaim(case.id, draft()))
    assert pending.change.kind is ChangeKind.CLAIM and pending.action is ChangeAction.NY
    assert (pending.case_id, pending.case_number) == (case.id, case.case_number)
    assert pending.person_name == "Elsa Åkesson"
    assert pending.amount == expected and pending.made_by == ARVID
    assert pending.draft == draft()
    assert [p.id for p in claims.pending_claims(caller)] == [pending.id]
    # Not sent yet: nothing in Begärda ersättningar.
    assert claims.claims(caller, ClaimQuery(case_id=case.id)).page.items == ()

    sign(backend, caller)
    assert claims.pending_claims(caller) == []
    listed = claims.claims(caller, ClaimQuery(case_id=case.id))
    (line,) = listed.page.items
    assert listed.total_amount == expected
    assert (line.case_number, line.person_name) == (case.case_number, "Elsa Åkesson")
    claim = line.claim
    assert claim.status is ClaimStatus.INSKICKAD
    assert claim.submitted_on == backend.services.clock.today()
    assert (claim.start_date, claim.end_date) == MARCH
    assert (claim.kind, claim.field_of_work, claim.extent, claim.amount) == (
        CompensationKind.EMPLOYMENT,
        FieldOfWork.ELDERLY_CARE,
        Decimal(50),
        expected,
    )
    # The newest first among every claim of the organisation, with the total row.
    everything = claims.claims(caller, ClaimQuery(limit=500))
    assert everything.page.items[0].claim.id == claim.id
    assert everything.total_amount >= expected
    sent = claims.claims(caller, ClaimQuery(status=ClaimStatus.INSKICKAD, limit=500))
    assert claim.id in {line.claim.id for line in sent.page.items}
    approved = claims.claims(caller, ClaimQuery(status=ClaimStatus.GODKAND, case_id=case.id))
    assert approved.page.items == () and approved.total_amount == Decimal("0.00")


def test_the_amount_is_computed_by_the_service(backend: Backend, db: Store) -> None:
    caller = dorotea(backend)
    case = new_case(db, caller.organisation_id)
    wanted = draft(
        dt.date(2026, 2, 15),
        dt.date(2026, 4, 10),
        kind=CompensationKind.INTERNSHIP,
        field=FieldOfWork.SCHOOL,
        extent=Decimal("37.5"),
    )
    computed = compute_compensation(
        wanted.kind, wanted.field_of_work, wanted.extent, wanted.start_date, wanted.end_date
    )
    preview = backend.services.claims.preview_claim(caller, case.id, wanted)
    assert preview == computed
    assert len(preview.months) == 3 and preview.monthly_cap == Decimal("2475.00")
    pending = backend.services.claims.create_claim(caller, CreateClaim(case.id, wanted))
    assert pending.amount == computed.total
    assert pending.draft.extent == Decimal("37.5")
    # A preview saves nothing.
    assert [p.id for p in backend.services.claims.pending_claims(caller)] == [pending.id]


def test_a_repeated_create_is_made_once(backend: Backend, db: Store) -> None:
    caller = dorotea(backend)
    case = new_case(db, caller.organisation_id)
    command = CreateClaim(case.id, draft())
    first = backend.services.claims.create_claim(caller, command)
    again = backend.services.claims.create_claim(caller, command)
    assert again == first
    assert len(backend.services.claims.pending_claims(caller)) == 1


def test_a_waiting_claim_can_be_discarded(backend: Backend, db: Store) -> None:
    caller = dorotea(backend)
    case = new_case(db, caller.organisation_id)
    pending = backend.services.claims.create_claim(caller, CreateClaim(case.id, draft()))
    backend.services.organisations.discard_pending(
        caller, DiscardPending(pending.id, pending.version)
    )
    assert backend.services.claims.pending_claims(caller) == []
    # Its period is free again.
    backend.services.claims.create_claim(caller, CreateClaim(case.id, draft()))


# ---------------------------------------------------------------------- periods
def _refusal(excinfo: pytest.ExceptionInfo[RuleViolation]) -> set[str | None]:
    error = excinfo.value
    if isinstance(error, InvalidDraft):
        return {v.field for v in error.violations}
    return {error.field}


def test_a_period_overlapping_a_waiting_claim_is_refused(backend: Backend, db: Store) -> None:
    caller = dorotea(backend)
    case = new_case(db, caller.organisation_id)
    claims = backend.services.claims
    claims.create_claim(caller, CreateClaim(case.id, draft()))
    last_day = draft(dt.date(2026, 3, 31), dt.date(2026, 4, 15))
    with pytest.raises(RuleViolation) as refused:
        claims.create_claim(caller, CreateClaim(case.id, last_day))
    assert _refusal(refused) == {"period"}
    assert "överlappar" in refused.value.message
    with pytest.raises(RuleViolation):
        claims.preview_claim(caller, case.id, last_day)
    # The next day is fine, and so is the same period in another case.
    claims.create_claim(
        caller, CreateClaim(case.id, draft(dt.date(2026, 4, 1), MARCH[1].replace(month=4, day=30)))
    )
    other = new_case(db, caller.organisation_id)
    claims.create_claim(caller, CreateClaim(other.id, draft()))
    assert len(claims.pending_claims(caller)) == 3


def test_a_period_overlapping_a_sent_claim_is_refused(backend: Backend, db: Store) -> None:
    caller = dorotea(backend)
    case = new_case(db, caller.organisation_id)
    backend.services.claims.create_claim(caller, CreateClaim(case.id, draft()))
    sign(backend, caller)
    with pytest.raises(RuleViolation) as refused:
        backend.services.claims.create_claim(
            caller, CreateClaim(case.id, draft(dt.date(2026, 2, 20), dt.date(2026, 3, 5)))
        )
    assert _refusal(refused) == {"period"}


def test_periods_outside_the_case_or_too_long_are_refused(backend: Backend, db: Store) -> None:
    caller = dorotea(backend)
    case = new_case(db, caller.organisation_id, start=dt.date(2026, 2, 1), end=dt.date(2026, 6, 30))
    claims = backend.services.claims
    for start, end, fields in (
        (dt.date(2026, 1, 15), dt.date(2026, 2, 15), {"start_date"}),
        (dt.date(2026, 6, 1), dt.date(2026, 7, 15), {"end_date"}),
        (dt.date(2026, 5, 1), dt.date(2026, 4, 1), {"end_date"}),
    ):
        with pytest.raises(RuleViolation) as refused:
            claims.create_claim(caller, CreateClaim(case.id, draft(start, end)))
        assert _refusal(refused) == fields, (start, end)
    open_ended = new_case(db, caller.organisation_id, start=dt.date(2026, 1, 1), end=None)
    with pytest.raises(RuleViolation) as refused:
        claims.create_claim(
            caller, CreateClaim(open_ended.id, draft(dt.date(2026, 1, 1), dt.date(2027, 1, 1)))
        )
    assert "högst ett år" in refused.value.message
    assert claims.pending_claims(caller) == []


# ---------------------------------------------------------------------- cases
def test_a_huvudarende_or_a_closed_case_is_refused(backend: Backend, db: Store) -> None:
    caller = dorotea(backend)
    main = new_case(db, caller.organisation_id, kind=CaseKind.HUVUDARENDE)
    closed = new_case(db, caller.organisation_id, status=CaseStatus.AVSLUTAD)
    for case, words in ((main, "huvudärende"), (closed, "avslutat")):
        with pytest.raises(RuleViolation) as refused:
            backend.services.claims.create_claim(caller, CreateClaim(case.id, draft()))
        assert words in refused.value.message and refused.value.field == "case_id"
        with pytest.raises(RuleViolation):
            backend.services.claims.preview_claim(caller, case.id, draft())
    assert backend.services.claims.pending_claims(caller) == []


def test_another_organisations_case_is_not_found(backend: Backend, db: Store) -> None:
    caller = dorotea(backend)
    case = new_case(db, caller.organisation_id)
    asele = backend.caller(MARTA, ASELE)
    with pytest.raises(NotFound):
        backend.services.claims.create_claim(asele, CreateClaim(case.id, draft()))
    with pytest.raises(NotFound):
        backend.services.claims.preview_claim(asele, case.id, draft())
    with pytest.raises(NotFound):
        backend.services.claims.claims(asele, ClaimQuery(case_id=case.id))
    with pytest.raises(NotFound):
        backend.services.claims.create_claim(caller, CreateClaim(2_000_000_000, draft()))
    assert backend.services.claims.pending_claims(asele) == []


@pytest.mark.parametrize(
    ("changed", "field"),
    [
        ({"extent": "abc"}, "extent"),
        ({"extent": Decimal(0)}, "extent"),
        ({"extent": Decimal(101)}, "extent"),
        ({"extent": Decimal("-5")}, "extent"),
        ({"field_of_work": "byggnation"}, "field_of_work"),
        ({"kind": "lönebidrag"}, "kind"),
    ],
)
def test_malformed_values_are_refused_at_their_field(
    backend: Backend, db: Store, changed: dict[str, object], field: str
) -> None:
    caller = dorotea(backend)
    case = new_case(db, caller.organisation_id)
    values: dict[str, object] = {
        "kind": CompensationKind.EMPLOYMENT,
        "field_of_work": FieldOfWork.SCHOOL,
        "extent": Decimal(50),
        "start_date": MARCH[0],
        "end_date": MARCH[1],
    }
    bad = ClaimDraft(**{**values, **changed})  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as refused:
        backend.services.claims.create_claim(caller, CreateClaim(case.id, bad))
    assert refused.value.field == field
    with pytest.raises(ValidationError):
        backend.services.claims.preview_claim(caller, case.id, bad)
    assert backend.services.claims.pending_claims(caller) == []


def test_labels_and_text_are_understood(backend: Backend, db: Store) -> None:
    caller = dorotea(backend)
    case = new_case(db, caller.organisation_id)
    typed = ClaimDraft(
        "Praktik",  # type: ignore[arg-type]
        "Funktionshinderomsorg",  # type: ignore[arg-type]
        "25,5",  # type: ignore[arg-type]
        MARCH[0],
        MARCH[1],
    )
    pending = backend.services.claims.create_claim(caller, CreateClaim(case.id, typed))
    assert pending.draft == draft(
        kind=CompensationKind.INTERNSHIP,
        field=FieldOfWork.DISABILITY_CARE,
        extent=Decimal("25.5"),
    )
    assert pending.amount == Decimal("1683.00")  # 3 300 × 25,5/50


# ---------------------------------------------------------------------- roles
def test_a_tjansteadministrator_requests_and_signs(backend: Backend, db: Store) -> None:
    caller = dorotea(backend, TJANSTEADMIN)
    case = new_case(db, caller.organisation_id)
    backend.services.claims.create_claim(caller, CreateClaim(case.id, draft()))
    sign(backend, caller)
    listed = backend.services.claims.claims(caller, ClaimQuery(case_id=case.id))
    assert [line.claim.status for line in listed.page.items] == [ClaimStatus.INSKICKAD]


@pytest.mark.parametrize("name", [REGISTRERARE, LARARE, LASARE])
def test_other_roles_may_not_request(backend: Backend, db: Store, name: str) -> None:
    caller = dorotea(backend, name)
    case = new_case(db, caller.organisation_id)
    with pytest.raises(PermissionDenied):
        backend.services.claims.create_claim(caller, CreateClaim(case.id, draft()))


def test_who_reads_what(backend: Backend, db: Store) -> None:
    case = new_case(db, dorotea(backend).organisation_id)
    claims = backend.services.claims
    # Läsare: reads the form (preview, waiting claims) and the list.
    reader = dorotea(backend, LASARE)
    assert claims.preview_claim(reader, case.id, draft()).total == Decimal("11000.00")
    assert claims.pending_claims(reader) == []
    claims.claims(reader, ClaimQuery())
    # Registrerare: the list (○) but not the form (–).
    registrar = dorotea(backend, REGISTRERARE)
    claims.claims(registrar, ClaimQuery())
    with pytest.raises(PermissionDenied):
        claims.preview_claim(registrar, case.id, draft())
    # Lärare: neither.
    teacher = dorotea(backend, LARARE)
    with pytest.raises(PermissionDenied):
        claims.claims(teacher, ClaimQuery())
    with pytest.raises(PermissionDenied):
        claims.pending_claims(teacher)
