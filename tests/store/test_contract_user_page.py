"""Contract: the Användare list — search, every sort in both directions, paging.

Seven users whose names, birth dates, e-mails, roles and periods are chosen so that each
sort gives a different order, with ties that only the documented secondary keys (last
name, first name, then id) break. The expected orders are written out by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from kawebb_desktop.domain.entities import Person, User
from kawebb_desktop.domain.queries import UserQuery, UserSort
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.store.base import Store
from tests.store.builders import organisation, person, user

D = dt.date
ADMIN, TJANST, REG, LARARE, LASARE = (
    Role.BEHORIGHETSADMINISTRATOR,
    Role.TJANSTEADMINISTRATOR,
    Role.REGISTRERARE,
    Role.LARARE,
    Role.LASARE,
)

#: number: first, last, birth (YYYYMMDD, day + 60 = samordningsnummer), e-mail, role,
#: start, end
PEOPLE = {
    1: ("Anna", "Zetterberg", "19800101", "info@zorn.se", TJANST, D(2026, 1, 5), D(2026, 12, 31)),
    2: ("Bo", "Öberg", "19750505", "info@åre.se", REG, D(2026, 2, 1), D(2027, 6, 30)),
    3: ("Cecilia", "Åberg", "19900220", "a@dorotea.se", LASARE, D(2026, 1, 1), D(2026, 6, 30)),
    4: ("David", "Ägren", "19651111", "info@öland.se", ADMIN, D(2025, 6, 1), None),
    5: ("Erik", "Andersson", "20010303", "b@dorotea.se", LARARE, D(2026, 3, 1), D(2026, 9, 30)),
    6: ("Östen", "Berg", "19850762", "info@ärla.se", TJANST, D(2026, 1, 5), D(2026, 12, 31)),
    7: ("Frida", "andersson", "19991212", "c@dorotea.se", ADMIN, D(2026, 1, 1), None),
}

#: The expected order of each sort, ascending, as numbers of PEOPLE.
ASCENDING = {
    UserSort.LAST_NAME: [5, 7, 6, 1, 3, 4, 2],
    UserSort.FIRST_NAME: [1, 2, 3, 4, 5, 7, 6],
    UserSort.BIRTH_DATE: [4, 2, 1, 6, 3, 7, 5],
    UserSort.EMAIL: [3, 5, 7, 1, 2, 6, 4],
    UserSort.ROLE: [7, 4, 6, 1, 2, 5, 3],
    UserSort.START_DATE: [4, 7, 3, 6, 1, 2, 5],
    # Without an end date (the admins) last.
    UserSort.END_DATE: [3, 5, 6, 1, 2, 7, 4],
}


@dataclass
class Seeded:
    org_id: int
    other_org_id: int
    users: dict[int, User]

    def numbers(self, users: tuple[User, ...] | list[User]) -> list[int]:
        by_id = {u.id: n for n, u in self.users.items()}
        return [by_id[u.id] for u in users]


@pytest.fixture
def seeded(store: Store) -> Seeded:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation("Dorotea kommun"))
        other = uow.organisations.add(organisation("Åsele kommun"))
        users: dict[int, User] = {}
        for n, (first, last, birth, email, role, start, end) in PEOPLE.items():
            stored = uow.persons.add(person(first, last, birth))
            users[n] = uow.users.add(
                user(org.id, stored, role=role, email=email, start_date=start, end_date=end)
            )
        # The other organisation: a namesake, and Bo Öberg again (one person, two orgs).
        namesake = uow.persons.add(person("Bo", "Öberg", "19600101"))
        uow.users.add(user(other.id, namesake, email="bo@asele.se"))
        uow.users.add(user(other.id, users[2].person, email="bo.oberg@asele.se"))
        uow.commit()
    return Seeded(org.id, other.id, users)


def page(store: Store, org_id: int, **query: object) -> tuple[list[User], int]:
    with store.unit_of_work() as uow:
        result = uow.users.page(org_id, UserQuery(**query))  # type: ignore[arg-type]
    return list(result.items), result.total


def found(store: Store, seeded: Seeded, text: str) -> list[int]:
    users, total = page(store, seeded.org_id, text=text, limit=50)
    assert total == len(users)
    return seeded.numbers(users)


@pytest.mark.parametrize("sort", list(UserSort))
def test_every_sort_ascending(store: Store, seeded: Seeded, sort: UserSort) -> None:
    users, total = page(store, seeded.org_id, sort=sort, limit=50)
    assert total == 7
    assert seeded.numbers(users) == ASCENDING[sort]


@pytest.mark.parametrize("sort", list(UserSort))
def test_every_sort_descending_is_the_exact_reverse(
    store: Store, seeded: Seeded, sort: UserSort
) -> None:
    users, _ = page(store, seeded.org_id, sort=sort, descending=True, limit=50)
    assert seeded.numbers(users) == ASCENDING[sort][::-1]


def test_users_come_back_whole(store: Store, seeded: Seeded) -> None:
    users, _ = page(store, seeded.org_id, sort=UserSort.LAST_NAME, limit=50)
    assert users == [seeded.users[n] for n in ASCENDING[UserSort.LAST_NAME]]


def test_default_query_sorts_by_last_name_ten_per_page(store: Store, seeded: Seeded) -> None:
    with store.unit_of_work() as uow:
        result = uow.users.page(seeded.org_id, UserQuery())
    assert (result.offset, result.limit, result.total) == (0, 10, 7)
    assert seeded.numbers(result.items) == ASCENDING[UserSort.LAST_NAME]


def test_paging_walks_the_whole_list_once(store: Store, seeded: Seeded) -> None:
    with store.unit_of_work() as uow:
        pages = [
            uow.users.page(seeded.org_id, UserQuery(sort=UserSort.ROLE, offset=o, limit=3))
            for o in (0, 3, 6, 9)
        ]
    assert [len(p.items) for p in pages] == [3, 3, 1, 0]
    assert {p.total for p in pages} == {7}
    assert [(p.offset, p.limit) for p in pages] == [(0, 3), (3, 3), (6, 3), (9, 3)]
    assert [(p.first_number, p.last_number) for p in pages[:3]] == [(1, 3), (4, 6), (7, 7)]
    assert pages[0].page_count == 3
    walked = [u for p in pages for u in p.items]
    assert seeded.numbers(walked) == ASCENDING[UserSort.ROLE]


def test_search_matches_names_case_insensitively_with_swedish_letters(
    store: Store, seeded: Seeded
) -> None:
    assert found(store, seeded, "öberg") == [2]
    assert found(store, seeded, "ÖBERG") == [2]
    assert found(store, seeded, "åBerG") == [3]
    assert found(store, seeded, "östen") == [6]
    # Substrings, in the default (last name) order: Berg, Zetterberg, Åberg, Öberg.
    assert found(store, seeded, "berg") == [6, 1, 3, 2]
    assert found(store, seeded, "ANDERS") == [5, 7]


def test_search_matches_email(store: Store, seeded: Seeded) -> None:
    assert found(store, seeded, "zorn") == [1]
    assert found(store, seeded, "ÅRE.SE") == [2]
    assert found(store, seeded, "@dorotea") == [5, 7, 3]


def test_search_matches_birth_date_and_personnummer(store: Store, seeded: Seeded) -> None:
    anna = seeded.users[1].personnummer
    assert found(store, seeded, "19800101") == [1]
    assert found(store, seeded, "1980-01-01") == [1]
    assert found(store, seeded, anna.value) == [1]
    assert found(store, seeded, anna.formatted) == [1]  # 19800101-NNNN
    assert found(store, seeded, anna.formatted[2:]) == [1]  # 800101-NNNN
    # A samordningsnummer: lists show (and search) the real birth date.
    osten = seeded.users[6].personnummer
    assert found(store, seeded, "19850702") == [6]
    assert found(store, seeded, osten.formatted) == [6]
    assert found(store, seeded, "1990-02-20") == [3]


def test_every_word_must_match(store: Store, seeded: Seeded) -> None:
    assert found(store, seeded, "bo öberg") == [2]
    assert found(store, seeded, "  Öberg   bo ") == [2]
    assert found(store, seeded, "anna öberg") == []
    assert found(store, seeded, "berg 19850702") == [6]
    assert found(store, seeded, "andersson frida") == [7]


def test_like_wildcards_in_the_search_are_literal(store: Store, seeded: Seeded) -> None:
    assert found(store, seeded, "%") == []
    assert found(store, seeded, "_") == []
    assert found(store, seeded, "a%a") == []
    assert found(store, seeded, "\\") == []
    with store.unit_of_work() as uow:
        hundra = uow.persons.add(Person(0, person().personnummer, "Hundra%", "Procent"))
        under = uow.persons.add(Person(0, person().personnummer, "Under_", "Streck"))
        back = uow.persons.add(Person(0, person().personnummer, "Back\\", "Slash"))
        hundra_user = uow.users.add(user(seeded.org_id, hundra, email="h@dorotea.se"))
        under_user = uow.users.add(user(seeded.org_id, under, email="u@dorotea.se"))
        back_user = uow.users.add(user(seeded.org_id, back, email="s@dorotea.se"))
        uow.commit()
    seeded.users.update({8: hundra_user, 9: under_user, 10: back_user})
    assert found(store, seeded, "%") == [8]
    assert found(store, seeded, "_") == [9]
    assert found(store, seeded, "\\") == [10]
    assert found(store, seeded, "a%") == [8]


def test_blank_search_lists_everyone(store: Store, seeded: Seeded) -> None:
    assert len(found(store, seeded, "   ")) == 7


def test_search_without_hits_is_an_empty_page(store: Store, seeded: Seeded) -> None:
    with store.unit_of_work() as uow:
        result = uow.users.page(seeded.org_id, UserQuery(text="Xerxes"))
    assert (result.items, result.total, result.first_number) == ((), 0, 0)


def test_page_never_shows_another_organisations_users(store: Store, seeded: Seeded) -> None:
    assert found(store, seeded, "bo") == [2]
    others, total = page(store, seeded.other_org_id, limit=50)
    assert total == 2
    assert {u.organisation_id for u in others} == {seeded.other_org_id}
    assert {u.email.value for u in others} == {"bo@asele.se", "bo.oberg@asele.se"}
    users, total = page(store, 4711)
    assert (users, total) == ([], 0)


@pytest.mark.parametrize("sort", list(UserSort))
def test_complete_ties_are_broken_by_id_in_both_directions(store: Store, sort: UserSort) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation())
        twins = [
            uow.users.add(user(org.id, uow.persons.add(person("Lars", "Lund", "19900101"))))
            for _ in range(3)
        ]
        uow.commit()
    ids = [u.id for u in twins]
    up, _ = page(store, org.id, sort=sort)
    down, _ = page(store, org.id, sort=sort, descending=True)
    assert [u.id for u in up] == ids
    assert [u.id for u in down] == ids[::-1]
