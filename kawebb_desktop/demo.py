"""Demo data: municipalities, units, users of all five roles, and synthetic cases.

Dorotea kommun carries the people and numbers of the guide's screenshots (bild 2–8), so
the app can be compared with the guide side by side. Names, personnummer and case
numbers are deterministic (a fixed seed); dates are laid out relative to ``today`` so
that end dates stay within the year-end rule and some events fall in the last week.
This is AF's side seeding a store: it writes through the repositories directly, not
through the signing flow.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from stdnum import luhn

from kawebb_desktop.domain.changes import ChangeAction, ChangeKind, PendingChange, UserDraft
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.entities import (
    Account,
    AccountUpdater,
    Agreement,
    Case,
    CaseKind,
    CaseStatus,
    ContactPerson,
    Organisation,
    Person,
    Unit,
    User,
)
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.rules import next_year_end
from kawebb_desktop.domain.sessions import META_DEMO
from kawebb_desktop.domain.values import AccountKind, EmailAddress, OrgNumber, Personnummer
from kawebb_desktop.store.base import Store, UnitOfWork

SEED = 20160923  # the guide's date

A = Role.BEHORIGHETSADMINISTRATOR
T = Role.TJANSTEADMINISTRATOR
R = Role.REGISTRERARE
L = Role.LARARE
S = Role.LASARE


def personnummer_for(birth: str, serial: int) -> Personnummer:
    """A valid personnummer for birth date ``YYYYMMDD`` and a 3-digit serial."""
    body = f"{birth[2:]}{serial % 1000:03d}"
    return Personnummer(f"{birth[:2]}{body}{luhn.calc_check_digit(body)}")


def org_number_for(first_nine: str) -> OrgNumber:
    return OrgNumber(first_nine + luhn.calc_check_digit(first_nine))


@dataclass(frozen=True)
class DemoUser:
    first: str
    last: str
    birth: str
    email: str
    role: Role
    start: str
    #: "year" = next year-end, "this" = this year's end, "past" = already ended,
    #: "" = none (admins).
    end: str = "year"


# People of the guide's bild 2-8 (Dorotea kommun / Aratron AB / Miroi AB), gathered in
# Dorotea kommun, plus enough colleagues for the paging of bild 7 ("1 - 10 av 24").
DOROTEA_USERS = [
    DemoUser("Arvid", "Aronsson", "19640326", "arvid.aronsson@dorotea.se", A, "2015-11-03", ""),
    DemoUser("Laban", "Maier", "19480403", "laban.maier@hotmail.com", R, "2016-03-11"),
    DemoUser("Fridolf", "Halldin", "19870629", "fridolf.halldin@test.se", A, "2016-05-16", ""),
    DemoUser("Viking", "Evertsson", "19900720", "viking.evertsson@test.se", T, "2016-05-12"),
    DemoUser("Anselm", "Zachrisson", "19820129", "anselm.zachrisson@test.se", A, "2016-05-10", ""),
    DemoUser("Beda", "Möller", "19830408", "beda.moller@test.se", A, "2015-10-29", ""),
    DemoUser("Jens", "Castberg", "19760916", "jens@jens.se", A, "2014-02-20", ""),
    DemoUser("Leila", "Storm", "19941225", "leila.storm@test.se", A, "2016-03-03", ""),
    DemoUser("Agda", "Andersson", "18880309", "agda.andersson@cyberspace.org", S, "2013-11-11"),
    DemoUser("Paulina", "Elfström", "19841010", "paulina.elfstrom@test.se", A, "2016-07-04", ""),
    DemoUser(
        "Albertina", "Robertsson", "19640414", "albertina.robertsson@test.se", A, "2016-08-10", ""
    ),
    DemoUser("Testa", "Testdotter", "19941201", "testa@testdotir.se", T, "2016-01-15"),
    DemoUser("Evert", "Wessman", "19570512", "servicedesk@harnosand.com", T, "2016-02-09"),
    DemoUser("Karina", "Asp", "19870507", "karina.asp@test.se", T, "2015-05-07", "past"),
    DemoUser("Tove", "Lindqvist", "19790214", "tove.lindqvist@dorotea.se", L, "2017-08-21"),
    DemoUser("Östen", "Åberg", "19680930", "osten.aberg@dorotea.se", T, "2018-01-08"),
    DemoUser("Ängla", "Sjöström", "19910611", "angla.sjostrom@dorotea.se", R, "2019-09-02", "this"),
    DemoUser("Gunnel", "Ekström", "19730105", "gunnel.ekstrom@dorotea.se", L, "2020-08-17"),
    DemoUser("Hampus", "Nordin", "19880822", "hampus.nordin@dorotea.se", S, "2021-01-11"),
    DemoUser("Ida", "Wallin", "19950317", "ida.wallin@dorotea.se", T, "2022-03-01"),
    DemoUser("Olof", "Zetterberg", "19661129", "olof.zetterberg@dorotea.se", R, "2022-10-03"),
    DemoUser("Siv", "Lundgren", "19590704", "siv.lundgren@dorotea.se", S, "2023-04-24", "this"),
    DemoUser("Malte", "Håkansson", "19931018", "malte.hakansson@dorotea.se", L, "2024-01-15"),
    DemoUser("Elsa", "Öhman", "19860402", "elsa.ohman@dorotea.se", T, "2025-02-03"),
]

VILHELMINA_USERS = [
    DemoUser("Arvid", "Aronsson", "19640326", "arvid.aronsson@vilhelmina.se", A, "2017-01-09", ""),
    DemoUser("Signe", "Karlberg", "19770823", "signe.karlberg@vilhelmina.se", A, "2017-01-09", ""),
    DemoUser("Nils", "Persson", "19840117", "nils.persson@vilhelmina.se", T, "2018-05-14"),
    DemoUser("Rut", "Blom", "19920306", "rut.blom@vilhelmina.se", L, "2021-08-16"),
]

ASELE_USERS = [
    DemoUser("Märta", "Grahn", "19710519", "marta.grahn@asele.se", A, "2016-09-01", ""),
    DemoUser("Jon", "Sandström", "19890228", "jon.sandstrom@asele.se", T, "2019-02-11"),
]

FIRST_NAMES = [
    "Alva",
    "Elsa",
    "Maja",
    "Wilma",
    "Ebba",
    "Astrid",
    "Saga",
    "Alice",
    "Ella",
    "Vera",
    "Klara",
    "Stella",
    "Selma",
    "Signe",
    "Agnes",
    "Ellen",
    "Freja",
    "Tyra",
    "Nora",
    "Linnéa",
    "Hugo",
    "Lucas",
    "Liam",
    "William",
    "Oscar",
    "Elias",
    "Noah",
    "Adam",
    "Viktor",
    "Alexander",
    "Isak",
    "Olle",
    "Axel",
    "Ludvig",
    "Edvin",
    "Melvin",
    "Vincent",
    "Arvid",
    "Måns",
    "Sixten",
    "Patrik",
    "Gunhild",
    "Åsa",
    "Örjan",
    "Jönsi",
    "Emir",
    "Amira",
    "Yasmin",
    "Ali",
    "Mohammed",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Olofsson",
    "Lindström",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Lundqvist",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Forsberg",
    "Sjöberg",
    "Wallin",
    "Engström",
    "Eklund",
    "Danielsson",
    "Lundin",
    "Håkansson",
    "Björk",
    "Bergman",
    "Gunnarsson",
    "Holm",
    "Wikström",
    "Samuelsson",
    "Isaksson",
    "Fransson",
    "Bergqvist",
    "Nyström",
    "Holmberg",
    "Arvidsson",
    "Löfgren",
    "Söderberg",
    "Nyberg",
    "Blomqvist",
    "Claesson",
    "Nordström",
    "Sundén",
    "Karlén",
    "Åberg",
    "Öberg",
    "Ström",
    "Hedlund",
    "Ågren",
    "Östlund",
    "Zetterlund",
]
EVENTS = [
    "Påbörjad",
    "Ärende uppdaterat",
    "Gemensam planering inskickad",
    "Periodisk rapport inskickad",
    "Informativ rapport inskickad",
    "Förändringsrapport inskickad",
    "Handling godkänd",
]
STATUS_WEIGHTS = [
    (CaseStatus.PABORJAD, 10),
    (CaseStatus.PLANERING, 35),
    (CaseStatus.OVERENSKOMMELSE, 40),
    (CaseStatus.AVSLUTAD, 15),
]


@dataclass(frozen=True)
class DemoSummary:
    organisations: int
    users: int
    cases: int
    login_hint: str
    #: Who the simulated BankID identifies as by default.
    login_personnummer: str


def store_is_empty(store: Store) -> bool:
    with store.unit_of_work() as uow:
        return not uow.organisations.list_all()


def create_demo(store: Store, clock: Clock, cases: int = 60, seed: int = SEED) -> DemoSummary:
    """Fill an empty store. Raises ``ValueError`` if it already holds organisations."""
    if cases < 0:
        raise ValueError("cases must be >= 0")
    if not store_is_empty(store):
        raise ValueError("store is not empty")
    today = clock.today()
    rng = random.Random(seed)
    user_count = 0
    with store.unit_of_work() as uow:
        persons: dict[str, Person] = {}
        dorotea = uow.organisations.add(
            Organisation(
                0,
                OrgNumber("2120002809"),
                "Dorotea kommun",
                "Storgatan 13",
                "917 81",
                "Dorotea",
                "0942-140 00",
                "0942-100 81",
                "www.dorotea.se",
            )
        )
        vilhelmina = uow.organisations.add(
            Organisation(
                0,
                org_number_for("212000246"),
                "Vilhelmina kommun",
                "Torget 2",
                "912 81",
                "Vilhelmina",
                "0940-140 00",
                "",
                "www.vilhelmina.se",
            )
        )
        asele = uow.organisations.add(
            Organisation(
                0,
                org_number_for("212000244"),
                "Åsele kommun",
                "Järnvägsgatan 4",
                "919 80",
                "Åsele",
                "0941-140 00",
                "",
                "www.asele.se",
            )
        )
        units = {
            dorotea.id: [
                uow.units.add(
                    Unit(
                        0,
                        dorotea.id,
                        "Dorotea UBK",
                        CaseKind.HUVUDARENDE,
                        street_address="Storgatan 13",
                        postal_code="917 81",
                        city="Dorotea",
                    )
                ),
                uow.units.add(
                    Unit(
                        0,
                        dorotea.id,
                        "Dorotea UBK ersättning",
                        CaseKind.ERSATTNINGSARENDE,
                        street_address="Storgatan 13",
                        postal_code="917 81",
                        city="Dorotea",
                    )
                ),
            ],
            vilhelmina.id: [
                uow.units.add(
                    Unit(
                        0,
                        vilhelmina.id,
                        "Vilhelmina utbildningskontrakt",
                        CaseKind.HUVUDARENDE,
                        city="Vilhelmina",
                    )
                ),
                uow.units.add(
                    Unit(
                        0,
                        vilhelmina.id,
                        "Vilhelmina ersättningsärenden",
                        CaseKind.ERSATTNINGSARENDE,
                        city="Vilhelmina",
                    )
                ),
            ],
            asele.id: [
                uow.units.add(Unit(0, asele.id, "Åsele UBK", CaseKind.HUVUDARENDE, city="Åsele")),
            ],
        }
        for org, people in (
            (dorotea, DOROTEA_USERS),
            (vilhelmina, VILHELMINA_USERS),
            (asele, ASELE_USERS),
        ):
            for index, demo in enumerate(people):
                person = _person(uow, persons, demo, index)
                uow.users.add(_user(org.id, person, demo, today))
                user_count += 1
            admin = people[0]
            uow.agreements.add(
                Agreement(
                    0,
                    org.id,
                    _person(uow, persons, admin, 0).personnummer,
                    received_on=dt.date.fromisoformat(admin.start) - dt.timedelta(days=12),
                    activated_on=dt.date.fromisoformat(admin.start),
                )
            )
        arvid = persons["19640326"]
        uow.contacts.add(
            ContactPerson(
                0,
                dorotea.id,
                "Arvid",
                "Aronsson",
                EmailAddress("arvid.aronsson@dorotea.se"),
                "+46094214000",
                "",
                unit_count=2,
                address_count=1,
                administrative=True,
            )
        )
        uow.accounts.add(
            Account(
                0,
                dorotea.id,
                AccountKind.BANKGIRO,
                "7620255",
                "Granskad, Godkänd",
                dt.date(2015, 11, 3),
                AccountUpdater.LEVERANTOR,
                unit_count=2,
                is_default=True,
            )
        )
        uow.contacts.add(
            ContactPerson(
                0,
                vilhelmina.id,
                "Signe",
                "Karlberg",
                EmailAddress("signe.karlberg@vilhelmina.se"),
                "0940-140 10",
                "",
                unit_count=2,
                address_count=1,
                administrative=True,
            )
        )
        uow.contacts.add(
            ContactPerson(
                0,
                asele.id,
                "Märta",
                "Grahn",
                EmailAddress("marta.grahn@asele.se"),
                "0941-140 20",
                "",
                unit_count=1,
                address_count=1,
                administrative=True,
            )
        )
        # Bild 8: a new user waiting in "Användare att signera".
        andrea = UserDraft(
            "Andrea",
            "Sandin",
            personnummer_for("19781017", 242),
            EmailAddress("andrea.sandin@dorotea.se"),
            T,
            today,
            next_year_end(today),
        )
        uow.pending.add(
            PendingChange(
                0,
                dorotea.id,
                ChangeKind.USER,
                ChangeAction.NY,
                None,
                andrea.to_payload(),
                arvid.id,
                clock.now(),
            )
        )
        case_units = list(units[dorotea.id]) + units[vilhelmina.id] + units[asele.id]
        guide_cases = list(_guide_cases(dorotea.id, units[dorotea.id][0].id, today))
        uow.cases.add_many(guide_cases[: min(cases, len(guide_cases))])
        # Only a store made here may be used with the BankID simulator.
        uow.meta.set(META_DEMO, "1")
        uow.commit()
    remaining = max(0, cases - len(guide_cases))
    # Weight Dorotea's main unit so the first screen has plenty to show.
    weights = [6, 2, 2, 1, 1][: len(case_units)]
    batch: list[Case] = []
    for n, case in enumerate(_synthetic_cases(rng, case_units, weights, today, remaining)):
        batch.append(case)
        if len(batch) == 5000 or n == remaining - 1:
            with store.unit_of_work() as uow:
                uow.cases.add_many(batch)
                uow.commit()
            batch = []
    return DemoSummary(
        organisations=3,
        users=user_count,
        cases=cases,
        login_hint=f"Arvid Aronsson ({arvid.personnummer.formatted}), behörighetsadministratör "
        "i Dorotea och Vilhelmina kommun",
        login_personnummer=arvid.personnummer.value,
    )


def _person(uow: UnitOfWork, persons: dict[str, Person], demo: DemoUser, index: int) -> Person:
    if demo.birth not in persons:
        number = personnummer_for(demo.birth, 980 + index % 20)
        persons[demo.birth] = uow.persons.add(Person(0, number, demo.first, demo.last))
    return persons[demo.birth]


def _user(organisation_id: int, person: Person, demo: DemoUser, today: dt.date) -> User:
    start = dt.date.fromisoformat(demo.start)
    end = {
        "": None,
        "year": next_year_end(today),
        "this": dt.date(today.year, 12, 31),
        "past": today - dt.timedelta(days=81),
    }[demo.end]
    return User(0, organisation_id, person, EmailAddress(demo.email), demo.role, start, end)


def _guide_cases(organisation_id: int, unit_id: int, today: dt.date) -> Iterator[Case]:
    """Bild 2's two cases, moved to recent dates."""
    yield Case(
        0,
        organisation_id,
        unit_id,
        35181,
        "Patrik",
        "Sundén",
        personnummer_for("20010512", 213),
        CaseStatus.PLANERING,
        today - dt.timedelta(days=3),
        today + dt.timedelta(days=545),
        "Påbörjad",
        today - dt.timedelta(days=2),
    )
    yield Case(
        0,
        organisation_id,
        unit_id,
        35167,
        "Gunhild",
        "Karlen",
        personnummer_for("20000229", 826),
        CaseStatus.OVERENSKOMMELSE,
        today - dt.timedelta(days=40),
        today + dt.timedelta(days=1600),
        "Ärende uppdaterat",
        today - dt.timedelta(days=4),
    )


def _synthetic_cases(
    rng: random.Random, units: list[Unit], weights: list[int], today: dt.date, count: int
) -> Iterator[Case]:
    numbers = rng.sample(range(35200, 35200 + max(count * 3, 1000)), count)
    statuses, status_weights = zip(*STATUS_WEIGHTS, strict=True)
    for number in numbers:
        unit = rng.choices(units, weights)[0]
        age_days = rng.randint(20 * 365, 24 * 365)
        start = today - dt.timedelta(days=rng.randint(0, 900))
        birth = start - dt.timedelta(days=age_days)
        status = rng.choices(statuses, status_weights)[0]
        end = start + dt.timedelta(days=rng.randint(180, 1460))
        if status is CaseStatus.AVSLUTAD:
            end = max(start, min(end, today - dt.timedelta(days=rng.randint(1, 200))))
        else:
            end = max(end, today + dt.timedelta(days=rng.randint(30, 900)))
        last = min(today, start + dt.timedelta(days=rng.randint(0, 120)))
        if rng.random() < 0.15:
            last = today - dt.timedelta(days=rng.randint(0, 6))
        event = "Påbörjad" if status is CaseStatus.PABORJAD else rng.choice(EVENTS[1:])
        if status is CaseStatus.AVSLUTAD:
            event = "Ärende avslutat"
        yield Case(
            0,
            unit.organisation_id,
            unit.id,
            number,
            rng.choice(FIRST_NAMES),
            rng.choice(LAST_NAMES),
            personnummer_for(birth.strftime("%Y%m%d"), rng.randint(1, 999)),
            status,
            start,
            end,
            event,
            max(last, start),
        )
