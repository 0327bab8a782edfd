"""A case opens (issue 9): ``cases.get_case`` on every backend (local, remote over SQLite
and over PostgreSQL) — the case, its utförande verksamhet and its history newest first,
for every role of the organisation; another organisation's case is not found."""

from __future__ import annotations

import dataclasses

import pytest

from kawebb_desktop.domain.entities import CaseKind
from kawebb_desktop.domain.errors import NotFound
from kawebb_desktop.domain.queries import CaseQuery, CaseSearchField
from kawebb_desktop.services.api import Caller
from tests.services.backends import ARVID, ASELE, DOROTEA, MARTA, Backend

#: Läsare, Lärare and Registrerare of Dorotea (the demo's).
READERS = ("Agda Andersson", "Tove Lindqvist", "Laban Maier")


def guide_case_id(backend: Backend, caller: Caller, number: int) -> int:
    """The id of one of bild 2's cases (in Dorotea's first unit)."""
    unit = backend.services.organisations.units(caller)[0]
    found = backend.services.cases.list_cases(
        caller, CaseQuery(unit_id=unit.id, text=str(number), search_field=CaseSearchField.ARENDE)
    )
    (case,) = found.items
    return case.id


def test_a_case_opens_with_its_history_newest_first(backend: Backend) -> None:
    caller = backend.caller(ARVID, DOROTEA)
    case_id = guide_case_id(backend, caller, 35167)
    detail = backend.services.cases.get_case(caller, case_id)
    assert detail.case.id == case_id and detail.case.case_number == 35167
    assert (detail.case.first_name, detail.case.last_name) == ("Gunhild", "Karlen")
    unit = backend.services.organisations.units(caller)[0]
    assert detail.unit_name == unit.name
    assert detail.case_kind is unit.case_kind is CaseKind.HUVUDARENDE
    texts = [e.text for e in detail.events]
    assert texts == [
        "Ärende uppdaterat",
        "Periodisk rapport inskickad",
        "Handling godkänd",
        "Gemensam planering inskickad",
        "Påbörjad",
    ]
    days = [e.occurred_on for e in detail.events]
    assert days == sorted(days, reverse=True)
    # The newest event is the one the list shows as the case's latest.
    assert (days[0], texts[0]) == (detail.case.last_event_on, detail.case.last_event)
    assert all(e.case_id == case_id for e in detail.events)


def test_a_case_without_kept_events_shows_its_latest(backend: Backend) -> None:
    """Cases made in bulk keep only their latest event: that is their history."""
    caller = backend.caller(ARVID, DOROTEA)
    unit = backend.services.organisations.units(caller)[0]
    page = backend.services.cases.list_cases(caller, CaseQuery(unit_id=unit.id, limit=50))
    bulk = next(c for c in page.items if c.case_number not in (35167, 35181))
    detail = backend.services.cases.get_case(caller, bulk.id)
    assert detail.case == bulk
    assert [(e.occurred_on, e.text) for e in detail.events] == [
        (bulk.last_event_on, bulk.last_event)
    ]


@pytest.mark.parametrize("reader", READERS)
def test_every_role_reads_a_case_of_its_organisation(backend: Backend, reader: str) -> None:
    caller = backend.caller(reader, DOROTEA)
    case_id = guide_case_id(backend, caller, 35181)
    detail = backend.services.cases.get_case(caller, case_id)
    assert detail.case.case_number == 35181
    assert [e.text for e in detail.events] == ["Påbörjad"]


def test_another_organisations_case_is_not_found(backend: Backend) -> None:
    dorotea = backend.caller(ARVID, DOROTEA)
    case_id = guide_case_id(backend, dorotea, 35167)
    asele = backend.caller(MARTA, ASELE)
    with pytest.raises(NotFound):
        backend.services.cases.get_case(asele, case_id)
    # Nor with her own session naming Dorotea's organisation.
    with pytest.raises(NotFound):
        backend.services.cases.get_case(Caller(asele.token, dorotea.organisation_id), case_id)
    # An Åsele case asked for in Dorotea: not found either.
    asele_unit = backend.services.organisations.units(asele)[0]
    asele_cases = backend.services.cases.list_cases(
        asele, CaseQuery(unit_id=asele_unit.id, include_closed=True, limit=1)
    )
    assert asele_cases.items, "the demo has Åsele cases"
    with pytest.raises(NotFound):
        backend.services.cases.get_case(dorotea, asele_cases.items[0].id)


@pytest.mark.parametrize("case_id", [2_000_000_000, 987_654_321])
def test_a_case_that_does_not_exist_is_not_found(backend: Backend, case_id: int) -> None:
    with pytest.raises(NotFound) as raised:
        backend.services.cases.get_case(backend.caller(ARVID, DOROTEA), case_id)
    assert "Ärendet finns inte" in str(raised.value.message)


def test_the_exact_count_of_a_search_and_its_refusals(backend: Backend) -> None:
    """``count_cases`` counts what the list lists, exactly, whatever the page's bounded
    total said; another organisation's unit is not found, as for the list."""
    caller = backend.caller(ARVID, DOROTEA)
    unit = backend.services.organisations.units(caller)[0]
    query = CaseQuery(unit_id=unit.id, text="a", include_closed=True, limit=100)
    every = backend.services.cases.list_cases(caller, query)
    assert every.total_exact and 0 < every.total < 100  # the demo's unit: one page
    cases = backend.services.cases
    assert cases.count_cases(caller, dataclasses.replace(query, limit=1, offset=7)) == every.total
    open_only = dataclasses.replace(query, include_closed=False)
    assert cases.count_cases(caller, open_only) == cases.list_cases(caller, open_only).total
    asele = backend.caller(MARTA, ASELE)
    with pytest.raises(NotFound):
        cases.count_cases(asele, query)
