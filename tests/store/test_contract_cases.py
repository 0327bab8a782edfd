"""Contract: cases (ärenden) — storage, bulk insert, events and the Översikt list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest

from kawebb_desktop.domain.entities import Case, CaseEvent, CaseStatus
from kawebb_desktop.domain.errors import Conflict, NotFound
from kawebb_desktop.domain.queries import CaseQuery, CaseSearchField, CaseSort, Page
from kawebb_desktop.store.base import Store
from tests.store.builders import case, organisation, personnummer, unit

D = dt.date
S = CaseStatus

#: number: first, last, birth, case number, status, start, end, last event, its date
CASES = {
    1: ("Kalle", "Karlsson", "20050607", 4711001, S.PLANERING, D(2026, 2, 1), D(2026, 12, 31),
        "Ärende uppdaterat", D(2026, 3, 1)),
    2: ("Åsa", "Öberg", "20040101", 4711002, S.PABORJAD, D(2026, 3, 1), None,
        "Påbörjad", D(2026, 3, 10)),
    3: ("Zlatan", "Åberg", "20030315", 4712000, S.OVERENSKOMMELSE, D(2026, 1, 15),
        D(2026, 6, 30), "Överenskommelse klar", D(2026, 2, 20)),
    4: ("Ebba", "Ägren", "20050762", 5800001, S.AVSLUTAD, D(2025, 9, 1), D(2026, 1, 31),
        "Avslutat", D(2026, 2, 1)),
    5: ("anders", "Zetterberg", "20060101", 47110, S.PLANERING, D(2026, 2, 1),
        D(2026, 12, 31), "Gemensam planering", D(2026, 3, 1)),
    6: ("Östen", "Berg", "20041224", 123, S.OVERENSKOMMELSE, D(2026, 1, 10), None,
        "Ärende uppdaterat", D(2026, 1, 5)),
}  # fmt: skip

#: Expected ascending orders (closed cases included), as numbers of CASES. Ties break
#: as documented: last event date, then id.
ASCENDING = {
    CaseSort.LAST_EVENT_ON: [6, 4, 3, 1, 5, 2],
    CaseSort.LAST_EVENT: [4, 5, 2, 6, 1, 3],
    CaseSort.CASE_NUMBER: [6, 5, 1, 2, 3, 4],
    CaseSort.FIRST_NAME: [5, 4, 1, 3, 2, 6],
    CaseSort.LAST_NAME: [6, 1, 5, 3, 4, 2],
    # In the order of the lifecycle: Påbörjad, Planering, Överenskommelse, Avslutad.
    CaseSort.STATUS: [2, 1, 5, 6, 3, 4],
    CaseSort.START_DATE: [4, 6, 3, 1, 5, 2],
    # Open-ended cases last.
    CaseSort.END_DATE: [4, 3, 1, 5, 2, 6],
}


@dataclass
class Seeded:
    org_id: int
    unit_id: int
    other_unit_id: int
    other_org_id: int
    other_org_unit_id: int
    cases: dict[int, Case]

    def numbers(self, cases: tuple[Case, ...] | list[Case]) -> list[int]:
        by_id = {c.id: n for n, c in self.cases.items()}
        return [by_id[c.id] for c in cases]


@pytest.fixture
def seeded(store: Store) -> Seeded:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation("Dorotea kommun"))
        ubk = uow.units.add(unit(org.id, "Dorotea UBK"))
        ersattning = uow.units.add(unit(org.id, "Dorotea ersättning"))
        other = uow.organisations.add(organisation("Åsele kommun"))
        other_unit = uow.units.add(unit(other.id, "Åsele UBK"))
        cases: dict[int, Case] = {}
        for n, (first, last, birth, number, status, start, end, event, on) in CASES.items():
            cases[n] = uow.cases.add(
                case(
                    org.id,
                    ubk.id,
                    first_name=first,
                    last_name=last,
                    birth=birth,
                    case_number=number,
                    status=status,
                    start_date=start,
                    end_date=end,
                    last_event=event,
                    last_event_on=on,
                )
            )
        # Namesakes elsewhere that must never show up in the unit's list.
        uow.cases.add(case(org.id, ersattning.id, first_name="Kalle", last_name="Karlsson"))
        uow.cases.add(case(other.id, other_unit.id, first_name="Kalle", last_name="Karlsson"))
        uow.commit()
    return Seeded(org.id, ubk.id, ersattning.id, other.id, other_unit.id, cases)


def listed(store: Store, seeded: Seeded, **query: object) -> list[int]:
    query.setdefault("unit_id", seeded.unit_id)
    query.setdefault("limit", 100)
    with store.unit_of_work() as uow:
        result = uow.cases.page(seeded.org_id, CaseQuery(**query))  # type: ignore[arg-type]
    assert result.total == len(result.items)
    return seeded.numbers(result.items)


# ----------------------------------------------------------------------- storage


def test_case_round_trips_with_every_field(store: Store, seeded: Seeded) -> None:
    with store.unit_of_work() as uow:
        for n, stored in seeded.cases.items():
            assert uow.cases.get(stored.id) == stored, n
        assert uow.cases.get(4711) is None
    samordning = seeded.cases[4]
    assert samordning.personnummer.is_samordningsnummer
    assert (samordning.first_name, samordning.last_name) == ("Ebba", "Ägren")
    assert seeded.cases[2].end_date is None


def test_duplicate_case_number_is_a_conflict(store: Store, seeded: Seeded) -> None:
    taken = seeded.cases[1]
    with store.unit_of_work() as uow:
        with pytest.raises(Conflict, match="4711001"):
            uow.cases.add(replace(taken, id=0, first_name="Ny"))
        with pytest.raises(Conflict):
            uow.cases.add_many([case(seeded.org_id, seeded.unit_id), replace(taken, id=0)])
        kept = uow.cases.add(case(seeded.org_id, seeded.unit_id, first_name="Efter"))
        uow.commit()
    with store.unit_of_work() as uow:
        assert uow.cases.get(kept.id) == kept
        assert uow.cases.get(seeded.cases[1].id) == taken


def test_case_in_an_unknown_unit_is_not_found(store: Store, seeded: Seeded) -> None:
    with store.unit_of_work() as uow, pytest.raises(NotFound):
        uow.cases.add(case(seeded.org_id, 4711))


def test_add_many_stores_every_case(store: Store, seeded: Seeded) -> None:
    many = [
        case(
            seeded.org_id,
            seeded.other_unit_id,
            first_name=f"Förnamn{'x' * (i % 7)}",
            last_name="Öst",
            birth="19991231",
            case_number=9_000_000 + i,
            status=S.AVSLUTAD if i % 10 == 0 else S.PLANERING,
            end_date=None if i % 3 == 0 else D(2026, 12, 31),
        )
        for i in range(2500)
    ]
    with store.unit_of_work() as uow:
        assert uow.cases.add_many(many) == 2500
        assert uow.cases.add_many([]) == 0
        uow.commit()

    with store.unit_of_work() as uow:
        result_query = CaseQuery(unit_id=seeded.other_unit_id, include_closed=True,
                                 sort=CaseSort.CASE_NUMBER, descending=False, offset=1000,
                                 limit=500)  # fmt: skip
        result = uow.cases.page(seeded.org_id, result_query)
        closed = uow.cases.page(
            seeded.org_id, CaseQuery(unit_id=seeded.other_unit_id, status=S.AVSLUTAD, limit=1)
        )
        named = uow.cases.page(
            seeded.org_id,
            CaseQuery(unit_id=seeded.other_unit_id, text="öst", include_closed=True,
                      offset=2400, limit=100),
        )  # fmt: skip
    # Counted 1 000 past the page; exactly, 2 501 (and the namesake added by the fixture).
    assert (result.total, result.total_exact) == (2500, False)
    with store.unit_of_work() as uow:
        assert uow.cases.count(seeded.org_id, replace(result_query, offset=0)) == 2501
    assert [c.case_number for c in result.items] == list(range(9_000_999, 9_001_499))
    assert [replace(c, id=0) for c in result.items] == many[999:1499]
    assert closed.total == 250
    assert (named.total, named.total_exact, len(named.items)) == (2500, True, 100)  # the keys
    # were computed for the bulk rows too (the search counts to the end from so far on)


# ------------------------------------------------------------------------ events


def test_events_are_listed_newest_first(store: Store, seeded: Seeded) -> None:
    kalle, asa = seeded.cases[1], seeded.cases[2]
    with store.unit_of_work() as uow:
        first = uow.cases.add_event(CaseEvent(0, kalle.id, D(2026, 3, 1), "Ärende uppdaterat"))
        older = uow.cases.add_event(CaseEvent(0, kalle.id, D(2026, 2, 1), "Påbörjad"))
        same_day = uow.cases.add_event(CaseEvent(0, kalle.id, D(2026, 3, 1), "Dokument: åäö"))
        uow.cases.add_event(CaseEvent(0, asa.id, D(2026, 3, 10), "Påbörjad"))
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.cases.events(kalle.id) == [same_day, first, older]
        assert uow.cases.events(4711) == []
        with pytest.raises(NotFound):
            uow.cases.add_event(CaseEvent(0, 4711, D(2026, 3, 1), "Finns inte"))


# ------------------------------------------------------------------ the list


@pytest.mark.parametrize("sort", list(CaseSort))
def test_every_sort_ascending(store: Store, seeded: Seeded, sort: CaseSort) -> None:
    assert (
        listed(store, seeded, sort=sort, descending=False, include_closed=True) == (ASCENDING[sort])
    )


@pytest.mark.parametrize("sort", list(CaseSort))
def test_every_sort_descending_is_the_exact_reverse(
    store: Store, seeded: Seeded, sort: CaseSort
) -> None:
    assert (
        listed(store, seeded, sort=sort, descending=True, include_closed=True)
        == (ASCENDING[sort][::-1])
    )


def test_default_list_is_newest_event_first_without_closed_cases(
    store: Store, seeded: Seeded
) -> None:
    with store.unit_of_work() as uow:
        result = uow.cases.page(seeded.org_id, CaseQuery(unit_id=seeded.unit_id))
    assert (result.total, result.offset, result.limit) == (5, 0, 50)
    assert seeded.numbers(result.items) == [2, 5, 1, 3, 6]
    assert list(result.items) == [seeded.cases[n] for n in (2, 5, 1, 3, 6)]


def test_status_filter(store: Store, seeded: Seeded) -> None:
    assert listed(store, seeded, status=S.PLANERING, sort=CaseSort.CASE_NUMBER,
                  descending=False) == [5, 1]  # fmt: skip
    assert listed(store, seeded, status=S.PABORJAD) == [2]
    # Asking for Avslutad shows the closed cases even without "Visa även avslutade".
    assert listed(store, seeded, status=S.AVSLUTAD) == [4]
    assert listed(store, seeded, status=S.AVSLUTAD, include_closed=True) == [4]


def test_paging_walks_the_list_once(store: Store, seeded: Seeded) -> None:
    with store.unit_of_work() as uow:
        pages = [
            uow.cases.page(
                seeded.org_id,
                CaseQuery(
                    unit_id=seeded.unit_id,
                    include_closed=True,
                    sort=CaseSort.STATUS,
                    descending=False,
                    offset=offset,
                    limit=4,
                ),
            )
            for offset in (0, 4, 8)
        ]
    assert [len(p.items) for p in pages] == [4, 2, 0]
    assert {p.total for p in pages} == {6}
    assert [(p.first_number, p.last_number) for p in pages[:2]] == [(1, 4), (5, 6)]
    assert seeded.numbers([c for p in pages for c in p.items]) == ASCENDING[CaseSort.STATUS]


def test_search_by_case_number_matches_the_digits_typed_so_far(
    store: Store, seeded: Seeded
) -> None:
    def by_number(text: str) -> list[int]:
        return listed(store, seeded, text=text, search_field=CaseSearchField.ARENDE,
                      include_closed=True, sort=CaseSort.CASE_NUMBER, descending=False)  # fmt: skip

    assert by_number("4711") == [5, 1, 2]
    assert by_number("47110") == [5, 1, 2]
    assert by_number("471100") == [1, 2]
    assert by_number("4711001") == [1]
    assert by_number(" 4712 000 ") == [3]
    assert by_number("12") == [6]
    assert by_number("58") == [4]
    assert by_number("9") == []
    assert by_number("47x") == []
    assert by_number("%") == []


def test_search_by_name_matches_every_word(store: Store, seeded: Seeded) -> None:
    def by_name(text: str) -> list[int]:
        return listed(store, seeded, text=text, search_field=CaseSearchField.NAMN,
                      include_closed=True, sort=CaseSort.LAST_NAME, descending=False)  # fmt: skip

    assert by_name("öberg") == [2]
    assert by_name("ÅSA") == [2]
    assert by_name("berg") == [6, 5, 3, 2]
    assert by_name("kalle karl") == [1]
    assert by_name("karlsson kalle") == [1]  # every word, in any order
    assert by_name("karlsson åsa") == []
    assert by_name("ägren") == [4]
    assert by_name("%") == []
    assert by_name("_") == []


def test_search_by_birth_date(store: Store, seeded: Seeded) -> None:
    def by_birth(text: str, include_closed: bool = True) -> list[int]:
        return listed(store, seeded, text=text, search_field=CaseSearchField.FODELSEDATUM,
                      include_closed=include_closed, sort=CaseSort.CASE_NUMBER,
                      descending=False)  # fmt: skip

    assert by_birth("2005") == [1, 4]
    assert by_birth("2005", include_closed=False) == [1]
    assert by_birth("200506") == [1]
    assert by_birth("20050607") == [1]
    assert by_birth("2005-07-02") == [4]  # a samordningsnummer's real birth date
    assert by_birth(seeded.cases[4].personnummer.value) == [4]
    assert by_birth(seeded.cases[4].personnummer.formatted) == [4]
    assert by_birth("0607") == []  # from the start only
    assert by_birth("juni") == []
    assert by_birth(personnummer("20050607").value) == []  # same birthday, other person


def test_list_stays_in_its_unit_and_organisation(store: Store, seeded: Seeded) -> None:
    everyone = listed(store, seeded, text="kalle", include_closed=True)
    assert everyone == [1]
    with store.unit_of_work() as uow:
        other_unit = uow.cases.page(seeded.org_id, CaseQuery(unit_id=seeded.other_unit_id))
        wrong_org = uow.cases.page(seeded.other_org_id, CaseQuery(unit_id=seeded.unit_id))
        other_org = uow.cases.page(seeded.other_org_id, CaseQuery(unit_id=seeded.other_org_unit_id))
    assert other_unit.total == 1
    assert {c.unit_id for c in other_unit.items} == {seeded.other_unit_id}
    assert (wrong_org.items, wrong_org.total) == ((), 0)
    assert [c.organisation_id for c in other_org.items] == [seeded.other_org_id]


def test_a_unit_of_work_lists_the_cases_it_has_added(store: Store) -> None:
    """A page and its count see what their own unit of work has added and not yet
    committed (the unit too), and only that unit of work does."""
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation("Dorotea kommun"))
        ubk = uow.units.add(unit(org.id, "Dorotea UBK"))
        for n in range(60):
            uow.cases.add(case(org.id, ubk.id, case_number=9000 + n, last_name=f"Berg{n}"))
        query = CaseQuery(unit_id=ubk.id, text="berg", limit=50)
        first = uow.cases.page(org.id, query)
        last = uow.cases.page(org.id, replace(query, offset=50))
        counted = uow.cases.count(org.id, query)
    assert (len(first.items), first.total, first.total_exact) == (50, 60, True)
    assert (len(last.items), last.total) == (10, 60)
    assert counted == 60
    with store.unit_of_work() as uow:  # rolled back: the unit is gone
        assert uow.cases.page(org.id, query) == Page((), 0, 0, 50)


@pytest.mark.parametrize("sort", list(CaseSort))
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_without_closed_cases_is_the_full_order_without_them(
    store: Store, seeded: Seeded, sort: CaseSort, descending: bool
) -> None:
    order = ASCENDING[sort][::-1] if descending else ASCENDING[sort]
    closed = [n for n, c in seeded.cases.items() if c.status is S.AVSLUTAD]
    assert listed(store, seeded, sort=sort, descending=descending) == [
        n for n in order if n not in closed
    ]


@pytest.mark.parametrize("sort", list(CaseSort))
@pytest.mark.parametrize("status", list(CaseStatus))
def test_every_status_filter_keeps_the_sort_order(
    store: Store, seeded: Seeded, sort: CaseSort, status: CaseStatus
) -> None:
    expected = [n for n in ASCENDING[sort] if seeded.cases[n].status is status]
    assert listed(store, seeded, sort=sort, descending=False, status=status) == expected
    assert listed(store, seeded, sort=sort, descending=True, status=status) == expected[::-1]


#: Case numbers of every length and at the edges of the column (a signed 64-bit integer):
#: the prefix search is ranges of numbers, which must find what "the digits begin with"
#: finds.
EDGE_NUMBERS = (
    0, 1, 3, 9, 10, 19, 35, 99, 100, 352, 353, 3519, 3520, 3529, 35200, 35299, 352999,
    3530000, 4_000_000, 35_200_000_000, 999_999_999_999, 1_000_000_000_000_000_000,
    3_520_000_000_000_000_000, 9_000_000_000_000_000_000, 9_199_999_999_999_999_999,
    9_223_372_036_854_775_806, 9_223_372_036_854_775_807, -352, -1,
)  # fmt: skip

TYPED = (
    "0", "00", "01", "1", "3", "9", "10", "35", "352", "3520", "3529", "353", "35200",
    "4", "99", "999999999999", "1000000000000000000", "922", "9223372036854775807",
    "9223372036854775806", "9223372036854775808", "92233720368547758070",
    "99999999999999999999", "123456789012345678901234567890", "-352", "352-0",
)  # fmt: skip


def test_search_by_case_number_prefix_at_every_length(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation("Storuman kommun"))
        home = uow.units.add(unit(org.id, "Storuman UBK"))
        uow.cases.add_many([case(org.id, home.id, case_number=n) for n in EDGE_NUMBERS])
        uow.commit()

    def by_number(text: str) -> list[int]:
        with store.unit_of_work() as uow:
            result = uow.cases.page(
                org.id,
                CaseQuery(unit_id=home.id, text=text, search_field=CaseSearchField.ARENDE,
                          include_closed=True, sort=CaseSort.CASE_NUMBER, descending=False,
                          limit=100),
            )  # fmt: skip
        assert result.total == len(result.items)
        return [c.case_number for c in result.items]

    for text in TYPED:
        digits = text.replace("-", "")
        expected = sorted(n for n in EDGE_NUMBERS if str(n).startswith(digits))
        assert by_number(text) == expected, text
    # What the first of these finds, spelled out.
    assert by_number("352") == [352, 3520, 3529, 35200, 35299, 352999, 35_200_000_000,
                                3_520_000_000_000_000_000]  # fmt: skip
    assert by_number("0") == [0]
    assert by_number("9223372036854775807") == [9_223_372_036_854_775_807]


def test_search_by_name_with_short_and_long_words(store: Store, seeded: Seeded) -> None:
    """Words too short for PostgreSQL's trigram index take another path in SQL; both
    find the same names."""

    def by_name(text: str) -> list[int]:
        return listed(store, seeded, text=text, search_field=CaseSearchField.NAMN,
                      include_closed=True, sort=CaseSort.LAST_NAME, descending=False)  # fmt: skip

    assert by_name("er") == [6, 5, 3, 2]
    assert by_name("ER BERG") == [6, 5, 3, 2]
    assert by_name("å") == [3, 2]
    assert by_name("sa öb") == [2]
    assert by_name("ka") == [1]
    assert by_name("lle kar") == [1]
    assert by_name("z") == [5, 3]
    assert by_name("x") == []
    assert by_name("ö_") == []
