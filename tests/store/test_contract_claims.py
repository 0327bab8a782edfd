"""Contract: *Begärda ersättningar* in the store — a sent claim is kept exactly (the
extent's decimals, the amount to the öre), read per case by period and per organisation
newest first with its case's number and person, filtered by status and case, summed over
every page; a status change is version-checked; an unknown case is refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from kawebb_desktop.domain.compensation import CompensationKind, FieldOfWork
from kawebb_desktop.domain.entities import CaseKind, Claim, ClaimQuery, ClaimStatus
from kawebb_desktop.domain.errors import Conflict, NotFound
from kawebb_desktop.store.base import Store
from tests.store import builders

DAY = dt.date(2026, 3, 31)


def _claim(
    organisation_id: int,
    case_id: int,
    start: dt.date,
    end: dt.date,
    *,
    amount: str = "11000.00",
    extent: str = "50",
    status: ClaimStatus = ClaimStatus.INSKICKAD,
    submitted_on: dt.date = DAY,
) -> Claim:
    return Claim(
        id=0,
        organisation_id=organisation_id,
        case_id=case_id,
        kind=CompensationKind.EMPLOYMENT,
        field_of_work=FieldOfWork.ELDERLY_CARE,
        extent=Decimal(extent),
        start_date=start,
        end_date=end,
        amount=Decimal(amount),
        status=status,
        submitted_on=submitted_on,
    )


def _setup(store: Store) -> tuple[int, int, int, int]:
    """An organisation with an ersättningsärende unit and two cases; another
    organisation with one case. Returns (org, case A, case B, other org's case)."""
    with store.unit_of_work(write=True) as uow:
        org = uow.organisations.add(builders.organisation())
        unit = uow.units.add(
            builders.unit(org.id, "Ersättning", case_kind=CaseKind.ERSATTNINGSARENDE)
        )
        a = uow.cases.add(builders.case(org.id, unit.id, first_name="Åsa", last_name="Öberg"))
        b = uow.cases.add(builders.case(org.id, unit.id, first_name="Bo", last_name="Ek"))
        other = uow.organisations.add(builders.organisation("Åsele kommun"))
        other_unit = uow.units.add(builders.unit(other.id, "Åsele ersättning"))
        c = uow.cases.add(builders.case(other.id, other_unit.id))
        uow.commit()
    return org.id, a.id, b.id, c.id


def _add(store: Store, *claims: Claim) -> list[Claim]:
    with store.unit_of_work(write=True) as uow:
        added = [uow.claims.add(c) for c in claims]
        uow.commit()
    return added


def test_a_claim_round_trips_exactly(store: Store) -> None:
    org, a, _b, _c = _setup(store)
    claim = _claim(
        org, a, dt.date(2026, 3, 10), dt.date(2026, 4, 9), amount="2299.35", extent="37.25"
    )
    (added,) = _add(store, claim)
    assert added.id > 0 and added.version == 1
    assert replace(added, id=0) == claim
    with store.unit_of_work() as uow:
        read = uow.claims.get(added.id)
    assert read == added
    assert read is not None
    assert str(read.amount) == "2299.35" and read.extent == Decimal("37.25")


def test_whole_extents_and_round_amounts_keep_their_form(store: Store) -> None:
    org, a, _b, _c = _setup(store)
    (added,) = _add(store, _claim(org, a, DAY, DAY, amount="11000", extent="100"))
    with store.unit_of_work() as uow:
        read = uow.claims.get(added.id)
    assert read is not None
    assert str(read.amount) == "11000.00" and str(read.extent) == "100"


def test_claims_of_a_case_by_period(store: Store) -> None:
    org, a, b, _c = _setup(store)
    late, early, other = _add(
        store,
        _claim(org, a, dt.date(2026, 5, 1), dt.date(2026, 5, 31)),
        _claim(org, a, dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
        _claim(org, b, dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
    )
    with store.unit_of_work() as uow:
        assert uow.claims.for_case(a) == [early, late]
        assert uow.claims.for_case(b) == [other]
        assert uow.claims.for_case(987654) == []
        assert uow.claims.for_case(2**40) == []


def test_the_list_is_newest_first_with_case_number_and_person(store: Store) -> None:
    org, a, b, c = _setup(store)
    first, second, third, _elsewhere = _add(
        store,
        _claim(org, a, dt.date(2026, 2, 1), dt.date(2026, 2, 28), submitted_on=DAY),
        _claim(org, b, dt.date(2026, 2, 1), dt.date(2026, 2, 28), submitted_on=DAY),
        _claim(org, a, dt.date(2026, 1, 1), dt.date(2026, 1, 31), submitted_on=DAY.replace(day=1)),
        _claim(org + 1, c, dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
    )
    with store.unit_of_work() as uow:
        page = uow.claims.page(org, ClaimQuery())
        case_a = uow.cases.get(a)
    assert [line.claim for line in page.items] == [second, first, third]
    assert page.total == 3
    assert case_a is not None
    line = page.items[1]
    assert (line.case_number, line.person_name) == (case_a.case_number, "Åsa Öberg")
    assert page.items[0].person_name == "Bo Ek"


def test_filters_paging_and_the_total_of_every_page(store: Store) -> None:
    org, a, b, _c = _setup(store)
    claims = _add(
        store,
        _claim(org, a, dt.date(2026, 2, 1), dt.date(2026, 2, 28), amount="100.01"),
        _claim(
            org,
            a,
            dt.date(2026, 3, 1),
            dt.date(2026, 3, 31),
            amount="200.02",
            status=ClaimStatus.GODKAND,
        ),
        _claim(org, b, dt.date(2026, 2, 1), dt.date(2026, 2, 28), amount="300.03"),
        _claim(org + 1, _c, dt.date(2026, 2, 1), dt.date(2026, 2, 28), amount="999.99"),
    )
    with store.unit_of_work() as uow:
        assert uow.claims.total_amount(org, ClaimQuery()) == Decimal("600.06")
        assert uow.claims.total_amount(org, ClaimQuery(limit=1)) == Decimal("600.06")
        only_a = uow.claims.page(org, ClaimQuery(case_id=a))
        assert {line.claim.id for line in only_a.items} == {claims[0].id, claims[1].id}
        assert uow.claims.total_amount(org, ClaimQuery(case_id=a)) == Decimal("300.03")
        sent = uow.claims.page(org, ClaimQuery(status=ClaimStatus.INSKICKAD))
        assert {line.claim.id for line in sent.items} == {claims[0].id, claims[2].id}
        approved = ClaimQuery(status=ClaimStatus.GODKAND, case_id=b)
        assert uow.claims.page(org, approved).items == ()
        assert uow.claims.total_amount(org, approved) == Decimal("0.00")
        window = uow.claims.page(org, ClaimQuery(offset=1, limit=1))
        assert (len(window.items), window.total, window.offset) == (1, 3, 1)
        assert uow.claims.page(org, ClaimQuery(case_id=2**40)).total == 0
        # Another organisation's case names none of this one's claims.
        assert uow.claims.page(org, ClaimQuery(case_id=_c)).total == 0


def test_a_status_change_is_version_checked(store: Store) -> None:
    org, a, _b, _c = _setup(store)
    (added,) = _add(store, _claim(org, a, DAY, DAY))
    with store.unit_of_work(write=True) as uow:
        approved = uow.claims.update(replace(added, status=ClaimStatus.GODKAND))
        uow.commit()
    assert (approved.status, approved.version) == (ClaimStatus.GODKAND, 2)
    with store.unit_of_work(write=True) as uow, pytest.raises(Conflict):
        uow.claims.update(replace(added, status=ClaimStatus.AVSLAGEN))
    with store.unit_of_work(write=True) as uow, pytest.raises(NotFound):
        uow.claims.update(replace(added, id=987654))
    with store.unit_of_work() as uow:
        assert uow.claims.get(added.id) == approved


def test_a_claim_of_an_unknown_case_is_refused(store: Store) -> None:
    org, _a, _b, _c = _setup(store)
    with store.unit_of_work(write=True) as uow:
        with pytest.raises(NotFound):
            uow.claims.add(_claim(org, 987654, DAY, DAY))
        with pytest.raises(ValueError):
            uow.claims.add(replace(_claim(org, _a, DAY, DAY), id=5))


def test_a_claim_not_committed_is_not_stored(store: Store) -> None:
    org, a, _b, _c = _setup(store)
    with store.unit_of_work(write=True) as uow:
        uow.claims.add(_claim(org, a, DAY, DAY))
    with store.unit_of_work() as uow:
        assert uow.claims.for_case(a) == []
        assert uow.claims.get(2**40) is None
