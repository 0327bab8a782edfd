"""Two admins requesting compensation at once, on SQLite and on PostgreSQL (issue 9):
claims of one organisation take turns on its list, so of overlapping periods sent at
once exactly one waits to be signed and the others hear the overlap rule in Swedish."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kawebb_desktop.domain.changes import ClaimDraft
from kawebb_desktop.domain.compensation import CompensationKind, FieldOfWork
from kawebb_desktop.domain.entities import Case, CaseKind, CaseStatus, Unit
from kawebb_desktop.domain.errors import RuleViolation
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.api import CreateClaim
from tests.faults import test_races
from tests.faults.test_races import Office, at_once, only_domain_errors

#: The fixtures of the race tests: a database of each backend, Dorotea with two admins.
database = test_races.database
office = test_races.office


def test_overlapping_claims_sent_at_once_leave_one(office: Office) -> None:
    with office.admins[0].store.unit_of_work(write=True) as uow:
        unit = uow.units.add(Unit(0, office.org.id, "Ersättning", CaseKind.ERSATTNINGSARENDE))
        case = uow.cases.add(
            Case(
                0,
                office.org.id,
                unit.id,
                9_700_001,
                "Elsa",
                "Åkesson",
                Personnummer("200506071232"),
                CaseStatus.PLANERING,
                dt.date(2026, 1, 1),
                dt.date(2026, 12, 31),
                "Påbörjad",
                dt.date(2026, 1, 1),
            )
        )
        uow.commit()
    windows = office.four_windows()
    starts = [dt.date(2026, 3, d) for d in (1, 5, 10, 15)]
    outcomes = at_once(
        *(
            lambda a=a, s=s: a.services.claims.create_claim(
                a.caller,
                CreateClaim(
                    case.id,
                    ClaimDraft(
                        CompensationKind.INTERNSHIP,
                        FieldOfWork.HEALTH_CARE,
                        Decimal(50),
                        s,
                        dt.date(2026, 3, 31),
                    ),
                ),
            )
            for a, s in zip(windows, starts, strict=True)
        )
    )
    only_domain_errors(outcomes)
    made = [o for o in outcomes if o.error is None]
    refused = [o.error for o in outcomes if o.error is not None]
    assert len(made) == 1
    assert all(isinstance(e, RuleViolation) and e.field == "period" for e in refused)
    admin = office.admins[0]
    assert len(admin.services.claims.pending_claims(admin.caller)) == 1
