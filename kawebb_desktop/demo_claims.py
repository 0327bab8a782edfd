"""The demo's *Begärda ersättningar* (issue 9): a few ersättningsärenden of Dorotea and the
requests for compensation sent in them, in each of AF's statuses.

The cases come from AF (written into the store, as all cases are). The requests are made
the way a municipality makes them: on the day after each month ends (the first working
day four days on) Dorotea's Behörighetsadministratör logs in, requests that month for
each person, and signs the set with BankID; AF then decides (Godkänd or Avslagen about a
week later) and pays (Utbetald about twelve days after approval). :func:`plan_claims`
lays this out relative to ``today``; ``demo.py`` carries it out with its history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from decimal import Decimal

from kawebb_desktop.domain.changes import ClaimDraft
from kawebb_desktop.domain.compensation import CompensationKind, FieldOfWork
from kawebb_desktop.domain.entities import Case, CaseStatus, ClaimStatus
from kawebb_desktop.domain.values import Personnummer

E = CompensationKind.EMPLOYMENT
P = CompensationKind.INTERNSHIP


@dataclass(frozen=True)
class CompensationCase:
    number: int
    first: str
    last: str
    birth: str
    serial: int
    status: CaseStatus


#: Dorotea's ersättningsärenden; the last has no request yet (for trying the form).
COMPENSATION_CASES = (
    CompensationCase(35171, "Hanna", "Lindgren", "20030914", 402, CaseStatus.OVERENSKOMMELSE),
    CompensationCase(35172, "Yusuf", "Ahmadi", "20020417", 537, CaseStatus.OVERENSKOMMELSE),
    CompensationCase(35173, "Emil", "Öhman", "20040102", 615, CaseStatus.OVERENSKOMMELSE),
    CompensationCase(35174, "Sara", "Nilsson", "20011123", 828, CaseStatus.OVERENSKOMMELSE),
    CompensationCase(35175, "Oskar", "Berg", "20050630", 311, CaseStatus.PLANERING),
)
#: How long before ``today`` the cases began (months), and how long they run on (days).
CASE_MONTHS_BACK = 6
CASE_DAYS_AHEAD = 420


@dataclass(frozen=True)
class DemoClaim:
    case_number: int
    #: The calendar month requested, counted back from ``today``'s (1: the last one).
    months_ago: int
    kind: CompensationKind
    field_of_work: FieldOfWork
    extent: Decimal
    #: Where AF's review has got to.
    status: ClaimStatus
    #: The period begins on this day of the month (the rest of the month is requested).
    first_day: int = 1


DEMO_CLAIMS = (
    DemoClaim(35171, 4, E, FieldOfWork.SCHOOL, Decimal(50), ClaimStatus.UTBETALD),
    DemoClaim(35171, 3, E, FieldOfWork.SCHOOL, Decimal(50), ClaimStatus.UTBETALD),
    DemoClaim(35171, 2, E, FieldOfWork.SCHOOL, Decimal(50), ClaimStatus.GODKAND),
    DemoClaim(35171, 1, E, FieldOfWork.SCHOOL, Decimal(50), ClaimStatus.INSKICKAD),
    DemoClaim(35172, 3, P, FieldOfWork.ELDERLY_CARE, Decimal(100), ClaimStatus.UTBETALD),
    DemoClaim(35172, 2, P, FieldOfWork.ELDERLY_CARE, Decimal(40), ClaimStatus.AVSLAGEN),
    DemoClaim(35172, 1, P, FieldOfWork.ELDERLY_CARE, Decimal(40), ClaimStatus.INSKICKAD),
    DemoClaim(35173, 2, E, FieldOfWork.HEALTH_CARE, Decimal(25), ClaimStatus.GODKAND, 10),
    DemoClaim(35173, 1, E, FieldOfWork.HEALTH_CARE, Decimal(25), ClaimStatus.INSKICKAD),
    DemoClaim(35174, 3, P, FieldOfWork.LEISURE_CENTRE, Decimal("37.5"), ClaimStatus.AVSLAGEN),
    DemoClaim(35174, 2, E, FieldOfWork.DISABILITY_CARE, Decimal(75), ClaimStatus.UTBETALD),
)
#: AF decides this many days after a request is sent, and pays this long after approval.
DECIDE_AFTER = dt.timedelta(days=8)
PAY_AFTER = dt.timedelta(days=12)


def month_start(today: dt.date, months_ago: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - months_ago
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(first: dt.date) -> dt.date:
    return month_start(first, -1) - dt.timedelta(days=1)


def working_day(day: dt.date) -> dt.date:
    """``day``, or the Monday after if it is a weekend."""
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() > 4 else 0)


def compensation_cases(
    organisation_id: int,
    unit_id: int,
    today: dt.date,
    personnummer_for: Callable[[str, int], Personnummer],
) -> list[Case]:
    """The ersättningsärenden, as AF sends them (to be added to the store);
    ``personnummer_for(birth, serial)`` is the demo's numbering."""
    start = month_start(today, CASE_MONTHS_BACK)
    return [
        Case(
            0,
            organisation_id,
            unit_id,
            case.number,
            case.first,
            case.last,
            personnummer_for(case.birth, case.serial),
            case.status,
            start,
            today + dt.timedelta(days=CASE_DAYS_AHEAD),
            "Ärende uppdaterat",
            start + dt.timedelta(days=14),
        )
        for case in COMPENSATION_CASES
    ]


@dataclass
class ClaimSet:
    """Requests sent together on ``day`` (one signing, one receipt)."""

    day: dt.date
    claims: list[tuple[int, ClaimDraft]] = field(default_factory=list)


@dataclass(frozen=True)
class Review:
    """AF's decision on ``day`` on the request of ``case_number`` that starts on ``start``."""

    day: dt.date
    case_number: int
    start: dt.date
    status: ClaimStatus


def plan_claims(
    today: dt.date, cases: Collection[int] | None = None
) -> tuple[list[ClaimSet], list[Review]]:
    """What is sent when, and what AF decides when; never after ``today``. Only the
    requests of ``cases`` (case numbers; default: all) are planned."""
    sets: dict[dt.date, ClaimSet] = {}
    reviews: list[Review] = []
    for claim in DEMO_CLAIMS:
        if cases is not None and claim.case_number not in cases:
            continue
        first = month_start(today, claim.months_ago)
        start, end = first.replace(day=claim.first_day), month_end(first)
        sent = min(working_day(end + dt.timedelta(days=4)), today)
        draft = ClaimDraft(claim.kind, claim.field_of_work, claim.extent, start, end)
        sets.setdefault(sent, ClaimSet(sent)).claims.append((claim.case_number, draft))
        if claim.status is ClaimStatus.INSKICKAD:
            continue
        decided = min(working_day(sent + DECIDE_AFTER), today)
        first_step = ClaimStatus.AVSLAGEN if claim.status is ClaimStatus.AVSLAGEN else None
        reviews.append(Review(decided, claim.case_number, start, first_step or ClaimStatus.GODKAND))
        if claim.status is ClaimStatus.UTBETALD:
            paid = min(working_day(decided + PAY_AFTER), today)
            reviews.append(Review(paid, claim.case_number, start, ClaimStatus.UTBETALD))
    return sorted(sets.values(), key=lambda s: s.day), reviews


__all__ = [
    "COMPENSATION_CASES",
    "DEMO_CLAIMS",
    "ClaimSet",
    "Review",
    "compensation_cases",
    "plan_claims",
]
