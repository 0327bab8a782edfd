"""Demo data: municipalities, units, users of all five roles, and synthetic cases.

Dorotea kommun carries the people and numbers of the guide's screenshots (bild 2–8), so
the app can be compared with the guide side by side. Names, personnummer and case
numbers are deterministic (a fixed seed); dates are laid out relative to ``today`` so
that end dates stay within the year-end rule and some events fall in the last week.

What comes from Arbetsförmedlingen and the agreement — organisations, units, contacts,
accounts, cases and each municipality's first Behörighetsadministratör — is written
into the store directly. Every other authorization has a history, made the way a
municipality makes one: on the day of each change set an admin logs in with BankID (the
demo store's simulator, approved by its simulated phone), makes the changes through the
services, signs them and logs out, so the store holds the receipts and the audit trail
of those days. :func:`plan_history` decides what happens on which day. Dorotea's
requests for compensation are sent (and decided by AF) the same way, among those days
(``demo_claims.py``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial

from stdnum import luhn

from kawebb_desktop.demo_claims import ClaimSet, Review, compensation_cases, plan_claims
from kawebb_desktop.demo_documents import plan_documents, review_documents, send_documents
from kawebb_desktop.domain.changes import UserDraft, draft_of
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.documents import DocumentType
from kawebb_desktop.domain.entities import (
    Account,
    AccountUpdater,
    Agreement,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    ClaimStatus,
    ContactPerson,
    NewsItem,
    Organisation,
    Person,
    Receipt,
    Service,
    Unit,
    User,
    address_of,
)
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.queries import MAX_PAGE_SIZE, UserQuery
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.rules import next_year_end
from kawebb_desktop.domain.sessions import META_DEMO
from kawebb_desktop.domain.values import (
    AccountKind,
    EmailAddress,
    OrgNumber,
    Personnummer,
    PhoneNumber,
)
from kawebb_desktop.services import Services, build_services
from kawebb_desktop.services.af import AgreementService
from kawebb_desktop.services.api import (
    Caller,
    ChangeUser,
    CreateClaim,
    CreateUser,
    DemoPhone,
    SetEndDate,
    StartSigning,
    VersionedId,
    caller_of,
)
from kawebb_desktop.services.common import Env
from kawebb_desktop.services.demo import SimulatedPhone, demo_simulator, require_demo_store
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.store.base import Store

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
    #: The address given at registration, if ``email`` replaced it later …
    earlier_email: str = ""
    #: … on this day (ISO date), in a change set of its own.
    email_changed: str = ""


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
    DemoUser(
        "Evert",
        "Wessman",
        "19570512",
        "servicedesk@harnosand.com",
        T,
        "2016-02-09",
        earlier_email="evert.wessman@dorotea.se",
        email_changed="2019-03-18",
    ),
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
    DemoUser(
        "Nils",
        "Persson",
        "19840117",
        "nils.persson@vilhelmina.se",
        T,
        "2018-05-14",
        earlier_email="nils.persson@telia.com",
        email_changed="2019-09-16",
    ),
    DemoUser("Rut", "Blom", "19920306", "rut.blom@vilhelmina.se", L, "2021-08-16"),
]

ASELE_USERS = [
    DemoUser("Märta", "Grahn", "19710519", "marta.grahn@asele.se", A, "2016-09-01", ""),
    DemoUser(
        "Jon",
        "Sandström",
        "19890228",
        "jon.sandstrom@asele.se",
        T,
        "2019-02-11",
        earlier_email="jon.sandstrom@hotmail.com",
        email_changed="2021-03-08",
    ),
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


#: A new colleague is registered about two weeks before starting …
REGISTER_AHEAD = dt.timedelta(days=14)
#: … together with the colleagues who start within this long after that day.
REGISTER_TOGETHER = dt.timedelta(days=240)
#: In January the admins extend the periods to the next year-end (rule 4: no further).
RENEWAL_DAY = (1, 15)
#: An authorization that is to end gets its end date three weeks ahead.
NOTICE = dt.timedelta(days=21)
#: The "past" end date: this many days before today.
ENDED_DAYS_AGO = 81
#: Change sets are made at 09:30 Swedish (winter) time.
OFFICE_HOURS = dt.time(8, 30)
#: AF activates a signed new authorization this long after the signing (the app's default).
ACTIVATION_DELAY = dt.timedelta(minutes=2)


@dataclass(frozen=True)
class DemoSummary:
    organisations: int
    users: int
    cases: int
    login_hint: str
    #: Who the simulated BankID identifies as by default.
    login_personnummer: str
    #: Signed change sets (receipts) of the users' history.
    receipts: int = 0


@dataclass
class PlannedChangeSet:
    """One signed change set of a municipality's history: its day, who signs it and what
    it holds."""

    day: dt.date
    signer: DemoUser
    #: *Ny*: each new user with the end date given at registration.
    new: list[tuple[DemoUser, dt.date | None]] = field(default_factory=list)
    #: *Ändrad* (the e-mail address becomes ``email``), with the end date it carries.
    emails: list[tuple[DemoUser, dt.date | None]] = field(default_factory=list)
    #: *Ändra behörighetsperiod*: each new end date with the users given it.
    end_dates: dict[dt.date, list[DemoUser]] = field(default_factory=dict)

    def users(self) -> list[DemoUser]:
        """Everybody the change set concerns."""
        ended = [u for users in self.end_dates.values() for u in users]
        return [u for u, _ in self.new] + [u for u, _ in self.emails] + ended


MUNICIPALITY_USERS = (DOROTEA_USERS, VILHELMINA_USERS, ASELE_USERS)


#: *Nyheter från KA-Webb* as AF published them: (days ago, title, text), oldest first.
DEMO_NEWS: tuple[tuple[int, str, str], ...] = (
    (
        45,
        "Nya rutiner för periodisk rapport",
        "Från och med nästa månad lämnas den periodiska rapporten senast den femte "
        "vardagen i månaden efter perioden.\n\nRapporter som kommer in senare handläggs "
        "i mån av tid.",
    ),
    (
        16,
        "Planerat underhåll av KA Webb",
        "KA Webb är stängd för underhåll lördag kl. 06.00–10.00. Handlingar som sparats "
        "som utkast finns kvar efteråt.",
    ),
    (
        2,
        "Ersättningsnivåer för anställning och praktik",
        "Ersättningen för anställning är högst 11 000 kr i månaden och för praktik högst "
        "3 300 kr i månaden, vid en omfattning om minst 50 procent. Vid lägre omfattning "
        "minskas ersättningen i proportion till omfattningen.",
    ),
)


def store_is_empty(store: Store) -> bool:
    with store.unit_of_work() as uow:
        return not uow.organisations.list_all()


def demo_personnummer() -> dict[str, Personnummer]:
    """Every demo person's personnummer, by birth date (one person in several
    municipalities keeps the number of their first list)."""
    numbers: dict[str, Personnummer] = {}
    for people in MUNICIPALITY_USERS:
        for index, demo in enumerate(people):
            numbers.setdefault(demo.birth, personnummer_for(demo.birth, 980 + index % 20))
    return numbers


def create_demo(store: Store, clock: Clock, cases: int = 60, seed: int = SEED) -> DemoSummary:
    """Fill an empty store. Raises ``ValueError`` if it already holds organisations."""
    if cases < 0:
        raise ValueError("cases must be >= 0")
    if not store_is_empty(store):
        raise ValueError("store is not empty")
    today = clock.today()
    rng = random.Random(seed)
    numbers = demo_personnummer()
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
        municipalities = list(zip((dorotea, vilhelmina, asele), MUNICIPALITY_USERS, strict=True))
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
                        street_address="Volgsjövägen 18",
                        postal_code="912 81",
                        city="Vilhelmina",
                    )
                ),
                uow.units.add(
                    Unit(
                        0,
                        vilhelmina.id,
                        "Vilhelmina ersättningsärenden",
                        CaseKind.ERSATTNINGSARENDE,
                        street_address="Volgsjövägen 18",
                        postal_code="912 81",
                        city="Vilhelmina",
                    )
                ),
            ],
            asele.id: [
                uow.units.add(
                    Unit(
                        0,
                        asele.id,
                        "Åsele UBK",
                        CaseKind.HUVUDARENDE,
                        street_address="Torget 1",
                        postal_code="919 80",
                        city="Åsele",
                    )
                ),
            ],
        }
        # AF's Tjänsteutbud: studies are delivered by the main-case units, internships
        # and work by the compensation-case units.
        for org_units in units.values():
            for service, kind in (
                ("Utbildningskontrakt – studier", CaseKind.HUVUDARENDE),
                ("Utbildningskontrakt – praktik och arbete", CaseKind.ERSATTNINGSARENDE),
            ):
                delivering = tuple(u.id for u in org_units if u.case_kind is kind)
                if delivering:
                    organisation_id = org_units[0].organisation_id
                    uow.services.add(Service(0, organisation_id, service, delivering))
        for org, people in municipalities:
            # The agreement names the first Behörighetsadministratör; AF registers them.
            admin = people[0]
            if admin.birth not in persons:
                persons[admin.birth] = uow.persons.add(
                    Person(0, numbers[admin.birth], admin.first, admin.last)
                )
            uow.users.add(_user(org.id, persons[admin.birth], admin, today))
            uow.agreements.add(
                Agreement(
                    0,
                    org.id,
                    numbers[admin.birth],
                    received_on=_day(admin.start) - dt.timedelta(days=12),
                    activated_on=_day(admin.start),
                )
            )
        arvid = persons["19640326"]
        # Kontaktpersoner and konton name real units and addresses: the organisation's
        # own address or its units' (phones normalised, as the form stores them).
        uow.contacts.add(
            ContactPerson(
                0,
                dorotea.id,
                "Arvid",
                "Aronsson",
                EmailAddress("arvid.aronsson@dorotea.se"),
                PhoneNumber.parse("0942-140 00").value,
                "",
                unit_ids=tuple(u.id for u in units[dorotea.id]),
                addresses=(address_of(dorotea),),
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
                unit_ids=tuple(u.id for u in units[dorotea.id]),
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
                PhoneNumber.parse("0940-140 10").value,
                PhoneNumber.parse("070-214 33 90").value,
                unit_ids=tuple(u.id for u in units[vilhelmina.id]),
                addresses=tuple(
                    sorted({address_of(vilhelmina), *map(address_of, units[vilhelmina.id])})
                ),
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
                PhoneNumber.parse("0941-140 20").value,
                "",
                unit_ids=(units[asele.id][0].id,),
                addresses=(address_of(units[asele.id][0]),),
                administrative=True,
            )
        )
        case_units = list(units[dorotea.id]) + units[vilhelmina.id] + units[asele.id]
        guide_cases = list(_guide_cases(dorotea.id, units[dorotea.id][0].id, today))
        for guide_case in guide_cases[: min(cases, len(guide_cases))]:
            added = uow.cases.add(guide_case)
            for days_ago, text in GUIDE_HISTORIES.get(guide_case.case_number, ()):
                day = today - dt.timedelta(days=days_ago)
                uow.cases.add_event(CaseEvent(0, added.id, day, text))
        # Dorotea's ersättningsärenden, where the history below requests compensation.
        claim_cases = {
            c.case_number: uow.cases.add(c).id
            for c in compensation_cases(
                dorotea.id, units[dorotea.id][1].id, today, personnummer_for
            )[: max(0, cases - len(guide_cases))]
        }
        for days_ago, title, text in DEMO_NEWS:
            uow.news.add(NewsItem(0, title, text, today - dt.timedelta(days=days_ago)))
        # Only a store made here may be used with the BankID simulator.
        uow.meta.set(META_DEMO, "1")
        uow.commit()

    history_clock = HistoryClock(clock)
    administration = _Administration(_demo_services(store, history_clock), history_clock, numbers)
    # The municipalities' histories, day by day (on one day in the order above).
    history = sorted(
        (
            (change_set, org)
            for org, people in municipalities
            for change_set in plan_history(people, today)
        ),
        key=lambda pair: pair[0].day,
    )
    # Dorotea's requests for compensation and AF's decisions, on their days among them.
    claim_sets, reviews = plan_claims(today, claim_cases)
    steps: list[tuple[dt.date, int, Callable[[], object]]] = [
        (change_set.day, 0, partial(administration.carry_out, org.id, change_set))
        for change_set, org in history
    ]
    steps += [
        (s.day, 1, partial(administration.send_claims, dorotea.id, s, claim_cases))
        for s in claim_sets
    ]
    af = AgreementService(Env(store, history_clock))
    steps += [
        (
            r.day,
            2 + (r.status is ClaimStatus.UTBETALD),
            partial(_review, store, af, dorotea.org_number, r, claim_cases),
        )
        for r in reviews
    ]
    # Documents in those cases, sent and decided by AF the same way (demo_documents.py).
    document_sets, document_reviews = plan_documents(today, claim_cases)
    made_documents: dict[tuple[int, DocumentType, int], int] = {}
    steps += [
        (
            s.day,
            1,
            partial(
                send_documents,
                administration.services,
                partial(administration.logged_in, DOROTEA_USERS[0], dorotea.id),
                partial(administration._sign, signer=DOROTEA_USERS[0]),
                s,
                claim_cases,
                made_documents,
                today,
            ),
        )
        for s in document_sets
    ]
    steps += [
        (r.day, 2, partial(review_documents, af, dorotea.org_number, r, made_documents))
        for r in document_reviews
    ]
    for step_day, _order, step in sorted(steps, key=lambda s: (s[0], s[1])):
        history_clock.travel(step_day)
        step()
    # Bild 8: a new user waiting in "Användare att signera", made today and not signed.
    history_clock.back_to_present()
    andrea = UserDraft(
        "Andrea",
        "Sandin",
        personnummer_for("19781017", 242),
        EmailAddress("andrea.sandin@dorotea.se"),
        T,
        today,
        next_year_end(today),
    )
    with administration.logged_in(DOROTEA_USERS[0], dorotea.id) as caller:
        administration.services.users.create_user(caller, CreateUser(andrea))

    # The ersättningsärenden above come on top: the synthetic spread stays as it was.
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
        users=sum(len(people) for people in MUNICIPALITY_USERS),
        cases=cases + len(claim_cases),
        login_hint=f"Arvid Aronsson ({arvid.personnummer.formatted}), behörighetsadministratör "
        "i Dorotea och Vilhelmina kommun",
        login_personnummer=arvid.personnummer.value,
        receipts=len(history) + len(claim_sets) + sum(s.sends for s in document_sets),
    )


# ---------------------------------------------------------------------- the history
def plan_history(people: Sequence[DemoUser], today: dt.date) -> list[PlannedChangeSet]:
    """How a municipality's users came to be as ``people`` has them on ``today``.

    ``people[0]`` is the agreement's Behörighetsadministratör, registered by AF on the
    agreement's day (no change set). Everybody else is registered in a change set about
    two weeks before they start (the initial staff on the agreement's day, colleagues who
    start soon after in the same set), with a period up to the next year-end; in January
    of ``today``'s year the periods are extended to the next year-end, except for those
    whose authorization is to end sooner; an authorization that ends ("past") gets its
    end date three weeks ahead; an e-mail address that changed (``email_changed``) does
    so in a change set of its own, which extends the period too. The admins active on a
    day take turns to sign.
    """
    first = people[0]
    agreement = _day(first.start)
    arrivals: dict[dt.date, list[DemoUser]] = {}
    for day, demo in _registrations(people[1:], agreement, today):
        arrivals.setdefault(day, []).append(demo)
    moves: dict[dt.date, list[DemoUser]] = {}
    for demo in people[1:]:
        if demo.email_changed:
            moves.setdefault(min(_day(demo.email_changed), today), []).append(demo)
    renewals = {min(_weekday(dt.date(today.year, *RENEWAL_DAY)), today)}
    notice = _notice_day(today)
    days = set(arrivals) | set(moves) | renewals
    if any(demo.end == "past" for demo in people):
        days.add(notice)

    registered: dict[DemoUser, dt.date] = {}
    ends: dict[DemoUser, dt.date | None] = {}
    plan: list[PlannedChangeSet] = []
    for day in sorted(days):

        def due(demo: DemoUser, day: dt.date = day) -> bool:
            """Whether the admins look at ``demo``'s period on ``day``."""
            return day in renewals or (day == notice and demo.end == "past")

        signers = [first] + [
            u for u in registered if u.role.is_admin and _day(u.start) <= day and not u.end
        ]
        change_set = PlannedChangeSet(day, signers[len(plan) % len(signers)])
        for demo in arrivals.get(day, []):
            ends[demo] = period_end(demo, day, today)
            change_set.new.append((demo, ends[demo]))
        for demo in moves.get(day, []):
            if demo not in registered:
                raise ValueError(
                    f"{demo.first} {demo.last}: e-postadressen kan inte ändras innan "
                    "användaren har registrerats."
                )
            ends[demo] = period_end(demo, day, today)  # the period is extended as well
            change_set.emails.append((demo, ends[demo]))
        touched = set(change_set.users())
        for demo in registered:
            if demo in touched or demo.role.is_admin or not due(demo):
                continue
            target = period_end(demo, day, today)
            if target is not None and target != ends[demo]:
                change_set.end_dates.setdefault(target, []).append(demo)
                ends[demo] = target
        for demo in arrivals.get(day, []):
            registered[demo] = day
        if change_set.users():
            plan.append(change_set)
    return plan


def period_end(demo: DemoUser, day: dt.date, today: dt.date) -> dt.date | None:
    """The end date ``demo``'s admins give on ``day``: as far as rule 4 allows (the next
    year-end), but not past the day ``demo``'s authorization is to end."""
    final = final_end(demo, today)
    if final is None:
        return None
    limit = next_year_end(day)
    if demo.end == "past" and day < _notice_day(today):
        return limit  # nobody knows yet that it will end
    return min(limit, final)


def final_end(demo: DemoUser, today: dt.date) -> dt.date | None:
    """``demo``'s end date as the demo has it on ``today``."""
    return {
        "": None,
        "year": next_year_end(today),
        "this": dt.date(today.year, 12, 31),
        "past": today - dt.timedelta(days=ENDED_DAYS_AGO),
    }[demo.end]


def _registrations(
    people: Sequence[DemoUser], agreement: dt.date, today: dt.date
) -> list[tuple[dt.date, DemoUser]]:
    """The day each of ``people`` is registered: two weeks before the start (not before
    the agreement, nor after ``today``), together with the colleagues who start soon
    after (within REGISTER_TOGETHER; rule 4 would allow up to the next year-end)."""
    due = sorted(
        ((min(max(agreement, _weekday(_day(u.start) - REGISTER_AHEAD)), today), u) for u in people),
        key=lambda pair: pair[0],
    )
    result: list[tuple[dt.date, DemoUser]] = []
    for day, demo in due:
        if result and _day(demo.start) - result[-1][0] <= REGISTER_TOGETHER:
            day = result[-1][0]
        result.append((day, demo))
    return result


def _notice_day(today: dt.date) -> dt.date:
    return _weekday(today - dt.timedelta(days=ENDED_DAYS_AGO) - NOTICE)


def _weekday(day: dt.date) -> dt.date:
    """``day``, or the Friday before if it is a weekend."""
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class HistoryClock:
    """The demo services' clock: a day of the history while its change set is made
    (office hours, moved on by :meth:`advance`), then the ``present`` clock again."""

    def __init__(self, present: Clock) -> None:
        self._present = present
        self._day: dt.date | None = None
        self._now = dt.datetime.min.replace(tzinfo=dt.UTC)  # no moment of the history yet

    def now(self) -> dt.datetime:
        return self._present.now() if self._day is None else self._now

    def today(self) -> dt.date:
        return self._present.today() if self._day is None else self._day

    def travel(self, day: dt.date) -> None:
        """To ``day`` at office hours, or on from where that day's history got to (time
        only moves on); but a while before the present, if that is earlier."""
        moment = max(dt.datetime.combine(day, OFFICE_HOURS, dt.UTC), self._now)
        # Never back, even when two steps fall on a day whose office hours are still ahead.
        self._now = max(self._now, min(moment, self._present.now() - dt.timedelta(minutes=30)))
        self._day = day

    def advance(self, delta: dt.timedelta) -> None:
        """Time passes within a day of the history (the present keeps its own time)."""
        if self._day is not None:
            self._now += delta

    def back_to_present(self) -> None:
        self._day = None


def _demo_services(store: Store, clock: Clock) -> Services:
    """The services the app builds on a demo store (local mode), on ``clock``."""
    require_demo_store(store)
    simulator = demo_simulator(store, clock)
    return build_services(
        store, simulator, clock, ACTIVATION_DELAY, demo_phone=SimulatedPhone(store, simulator)
    )


class DemoHistoryError(DomainError):
    """A step of the demo's history did not go through (a defect of the demo data)."""


class _Administration:
    """The demo's admins at work, like anybody's: log in with BankID (the simulated
    phone approves), make changes in the Användare view, sign them, log out."""

    #: How often a collect is repeated before the history gives up on an order.
    COLLECTS = 5

    def __init__(
        self, services: Services, clock: HistoryClock, numbers: Mapping[str, Personnummer]
    ) -> None:
        if services.demo_phone is None:
            raise DemoHistoryError("Demodatabasens BankID-simulator saknar sin telefon.")
        self.services = services
        self._phone: DemoPhone = services.demo_phone
        self._clock = clock
        self._numbers = numbers

    @contextmanager
    def logged_in(self, who: DemoUser, organisation_id: int) -> Iterator[Caller]:
        """A session of ``who`` working in ``organisation_id``, logged out after."""
        auth = self.services.auth
        order = auth.start_login()
        self._clock.advance(dt.timedelta(seconds=4))
        self._phone.approve(order.order_ref, self._numbers[who.birth].value)
        progress = auth.collect_login(order.order_ref)
        if progress.token is None:
            raise DemoHistoryError(
                f"Demohistorien kunde inte byggas: {who.first} {who.last} kunde inte logga in "
                f"({progress.message})."
            )
        actor = auth.enter(progress.token, organisation_id)
        yield caller_of(actor)
        self._clock.advance(dt.timedelta(minutes=1))
        auth.logout(actor.token)

    def carry_out(self, organisation_id: int, change_set: PlannedChangeSet) -> Receipt:
        self._clock.travel(change_set.day)
        users = self.services.users
        with self.logged_in(change_set.signer, organisation_id) as caller:
            for demo, end in change_set.new:
                self._clock.advance(dt.timedelta(minutes=1))
                email = EmailAddress(demo.earlier_email or demo.email)
                draft = UserDraft(
                    demo.first,
                    demo.last,
                    self._numbers[demo.birth],
                    email,
                    demo.role,
                    _day(demo.start),
                    end,
                )
                users.create_user(caller, CreateUser(draft))
            stored = self._stored_users(caller) if change_set.emails or change_set.end_dates else {}
            for demo, end in change_set.emails:
                self._clock.advance(dt.timedelta(minutes=1))
                user = stored[self._numbers[demo.birth]]
                draft = replace(draft_of(user), email=EmailAddress(demo.email), end_date=end)
                users.change_user(caller, ChangeUser(user.id, user.version, draft))
            for end, ending in change_set.end_dates.items():
                self._clock.advance(dt.timedelta(minutes=1))
                chosen = [stored[self._numbers[demo.birth]] for demo in ending]
                versioned = tuple(VersionedId(user.id, user.version) for user in chosen)
                users.set_end_date(caller, SetEndDate(versioned, end))
            return self._sign(caller, change_set.signer)

    def send_claims(
        self, organisation_id: int, claim_set: ClaimSet, case_ids: Mapping[int, int]
    ) -> Receipt:
        """The Behörighetsadministratör requests compensation and signs the set."""
        self._clock.travel(claim_set.day)
        signer = DOROTEA_USERS[0]
        with self.logged_in(signer, organisation_id) as caller:
            for case_number, draft in claim_set.claims:
                self._clock.advance(dt.timedelta(minutes=2))
                command = CreateClaim(case_ids[case_number], draft)
                self.services.claims.create_claim(caller, command)
            return self._sign(caller, signer)

    def _stored_users(self, caller: Caller) -> dict[Personnummer, User]:
        found: dict[Personnummer, User] = {}
        offset = 0
        while True:
            page = self.services.users.list_users(
                caller, UserQuery(offset=offset, limit=MAX_PAGE_SIZE)
            )
            found.update((row.user.personnummer, row.user) for row in page.items)
            offset += len(page.items)
            if not page.items or offset >= page.total:
                return found

    def _sign(self, caller: Caller, signer: DemoUser) -> Receipt:
        """Signera med BankID: the phone approves as ``signer``; collect until done."""
        signing = self.services.signing
        self._clock.advance(dt.timedelta(minutes=1))
        order = signing.start(caller, StartSigning())
        self._clock.advance(dt.timedelta(seconds=6))
        self._phone.approve(order.order_ref, self._numbers[signer.birth].value)
        for _ in range(self.COLLECTS):
            progress = signing.collect(caller, order.order_ref)
            if progress.status is CollectStatus.COMPLETE and progress.receipt is not None:
                return progress.receipt
            if progress.status is CollectStatus.FAILED:
                break
            self._clock.advance(dt.timedelta(seconds=2))
        raise DemoHistoryError(
            f"Demohistorien kunde inte byggas: {signer.first} {signer.last} kunde inte "
            f"signera ({progress.message})."
        )


def _review(
    store: Store,
    af: AgreementService,
    org_number: OrgNumber,
    review: Review,
    case_ids: Mapping[int, int],
) -> None:
    """AF decides on (or pays) the request of the review's case and period."""
    with store.unit_of_work() as uow:
        (claim,) = [
            c
            for c in uow.claims.for_case(case_ids[review.case_number])
            if c.start_date == review.start
        ]
    af.review_claim(org_number, claim.id, review.status)


def _user(organisation_id: int, person: Person, demo: DemoUser, today: dt.date) -> User:
    start = _day(demo.start)
    return User(
        0,
        organisation_id,
        person,
        EmailAddress(demo.email),
        demo.role,
        start,
        final_end(demo, today),
    )


#: The event histories of bild 2's cases (days before today, text), oldest first; the
#: last one is the case's latest event. Cases made in bulk keep only their latest event.
GUIDE_HISTORIES: dict[int, tuple[tuple[int, str], ...]] = {
    35181: ((2, "Påbörjad"),),
    35167: (
        (40, "Påbörjad"),
        (33, "Gemensam planering inskickad"),
        (26, "Handling godkänd"),
        (12, "Periodisk rapport inskickad"),
        (4, "Ärende uppdaterat"),
    ),
}


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
