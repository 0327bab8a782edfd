"""*Begär ersättning* and *Begärda ersättningar* (guide §5.1, DOMAIN.md §5, issue 9).

A municipality requests compensation for an **ersättningsärende** (a case of a unit whose
case kind is Ersättningsärenden) over a period: the kind (anställning or praktik), the
field of work and the extent. The amount is computed **here**, by the rule of
:mod:`kawebb_desktop.domain.compensation`, never taken from a client.

Like every change of the organisation's data, a request does not take effect when it is
made (rule 5): :meth:`ClaimService.create_claim` makes a pending change (kind
``ersattning``, action Ny) that is sent when the organisation's set is signed with BankID
— with the users', contact persons' and accounts' changes, one receipt
(``services/signing.py``, which stores the claim with status *Inskickad*). It is checked
when made and again when signed:

* the case is the organisation's (else NotFound), an ersättningsärende and not closed;
* the period lies within the case's dates, is at most a year long and overlaps no period
  already requested in the case (stored claims other than rejected ones, and the claims
  waiting to be signed).

The claims made by one organisation take turns (the list's lock, PostgreSQL advisory):
two overlapping periods sent at once leave exactly one waiting.
"""

from __future__ import annotations

from collections.abc import Iterable

from kawebb_desktop.domain.changes import (
    ChangeAction,
    ChangeKind,
    ClaimDraft,
    PendingChange,
    claim_payload,
    normalised_draft,
)
from kawebb_desktop.domain.compensation import (
    Compensation,
    Period,
    check_period,
)
from kawebb_desktop.domain.entities import Case, CaseKind, ClaimQuery, ClaimStatus
from kawebb_desktop.domain.errors import NotFound, RuleViolation, ValidationError
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.domain.roles import Access, Function
from kawebb_desktop.services.api import Caller, ClaimList, CreateClaim, PendingClaimChange
from kawebb_desktop.services.common import Principal, ServiceBase, audit
from kawebb_desktop.services.users import made_by
from kawebb_desktop.store.base import UnitOfWork

REQUEST = Function.BEGARA_ERSATTNING
FOLLOW_UP = Function.UPPFOLJNING_ERSATTNINGAR

NO_SUCH_CASE = "Ärendet finns inte i organisationen."
NOT_A_COMPENSATION_CASE = (
    "Ärende {number} är ett huvudärende. Ersättning kan bara begäras i ett ersättningsärende."
)
CASE_CLOSED = "Ärende {number} är avslutat. Ersättning kan inte begäras i ett avslutat ärende."

#: Rejected requests do not hold their period: it may be requested again.
HOLDS_PERIOD = frozenset(s for s in ClaimStatus if s is not ClaimStatus.AVSLAGEN)

#: AF's review (``kawebb claim review``): a sent claim is approved or rejected, an
#: approved one paid; nothing else.
REVIEW_STEPS: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    ClaimStatus.INSKICKAD: frozenset({ClaimStatus.GODKAND, ClaimStatus.AVSLAGEN}),
    ClaimStatus.GODKAND: frozenset({ClaimStatus.UTBETALD}),
}
_STATUS_CODES = {
    ClaimStatus.INSKICKAD: "inskickad",
    ClaimStatus.GODKAND: "godkand",
    ClaimStatus.AVSLAGEN: "avslagen",
    ClaimStatus.UTBETALD: "utbetald",
}
BAD_STATUS = "Ange status godkand, avslagen eller utbetald."


def parse_claim_status(text: object) -> ClaimStatus:
    """A status by its code (``godkand``) or its Swedish text (``Godkänd``), in any case."""
    if isinstance(text, str):
        key = text.strip().casefold()
        for status, code in _STATUS_CODES.items():
            if key in (code, status.value.casefold()):
                return status
    raise ValidationError(BAD_STATUS, "status")


def check_review_step(current: ClaimStatus, wanted: ClaimStatus) -> None:
    """RuleViolation unless AF may move a claim from ``current`` to ``wanted``."""
    if wanted not in REVIEW_STEPS.get(current, frozenset()):
        allowed = ", ".join(sorted(s.value for s in REVIEW_STEPS.get(current, ())))
        then = (
            msg(" Från {current} kan den bli: {allowed}.", current=current.value, allowed=allowed)
            if allowed
            else ""
        )
        raise RuleViolation(
            msg(
                "En begäran som är {current} kan inte bli {wanted}.{then}",
                current=current.value,
                wanted=wanted.value,
                then=then,
            ),
            "status",
        )


def compensation_case(uow: UnitOfWork, organisation_id: int, case_id: object) -> Case:
    """The open ersättningsärende ``case_id`` of the organisation, else NotFound (not the
    organisation's) or RuleViolation (a huvudärende, a closed case)."""
    if isinstance(case_id, bool) or not isinstance(case_id, int):
        raise NotFound(NO_SUCH_CASE)
    case = uow.cases.get(case_id)
    if case is None or case.organisation_id != organisation_id:
        raise NotFound(NO_SUCH_CASE)
    unit = uow.units.get(case.unit_id)
    if unit is None or unit.organisation_id != organisation_id:
        raise NotFound(NO_SUCH_CASE)
    if unit.case_kind is not CaseKind.ERSATTNINGSARENDE:
        raise RuleViolation(msg(NOT_A_COMPENSATION_CASE, number=case.case_number), "case_id")
    if case.status.is_closed:
        raise RuleViolation(msg(CASE_CLOSED, number=case.case_number), "case_id")
    return case


def requested_periods(
    uow: UnitOfWork, case: Case, *, excluding_change: int | None = None
) -> list[Period]:
    """The periods already requested in ``case``: its stored claims that hold their
    period, and the claims of it waiting to be signed (but ``excluding_change``)."""
    periods = [c.period for c in uow.claims.for_case(case.id) if c.status in HOLDS_PERIOD]
    for change in _pending_claims(uow, case.organisation_id):
        if change.claim_case_id == case.id and change.id != excluding_change:
            draft = change.claim_draft()
            periods.append(Period(draft.start_date, draft.end_date))
    return periods


def check_claim(
    uow: UnitOfWork,
    organisation_id: int,
    case_id: int,
    draft: ClaimDraft,
    *,
    excluding_change: int | None = None,
) -> tuple[Case, Compensation]:
    """Every check of a request (see the module), and its computation."""
    case = compensation_case(uow, organisation_id, case_id)
    check_period(
        draft.start_date,
        draft.end_date,
        case.start_date,
        case.end_date,
        requested_periods(uow, case, excluding_change=excluding_change),
    )
    return case, draft.compute()


def check_claims_after(uow: UnitOfWork, changes: Iterable[PendingChange]) -> None:
    """Signing's re-check of the claims in a set, each against the case as it stands
    and every other period requested or waiting."""
    for change in changes:
        if change.kind is ChangeKind.CLAIM and change.action is ChangeAction.NY:
            check_claim(
                uow,
                change.organisation_id,
                change.claim_case_id,
                change.claim_draft(),
                excluding_change=change.id,
            )


def _pending_claims(uow: UnitOfWork, organisation_id: int) -> list[PendingChange]:
    return uow.pending.for_organisation(organisation_id, ChangeKind.CLAIM)


def typed_claim_change(uow: UnitOfWork, change: PendingChange) -> PendingClaimChange:
    case = uow.cases.get(change.claim_case_id)
    number = (
        case.case_number if case is not None else int(str(change.payload.get("case_number") or 0))
    )
    name = f"{case.first_name} {case.last_name}" if case is not None else ""
    return PendingClaimChange(
        change=change,
        draft=change.claim_draft(),
        case_id=change.claim_case_id,
        case_number=number,
        person_name=name,
        amount=change.claim_amount,
        made_by=made_by(uow, change),
    )


class ClaimService(ServiceBase):
    """:class:`~kawebb_desktop.services.api.ClaimsApi` over the store."""

    def claims(self, caller: Caller, query: ClaimQuery) -> ClaimList:
        with self._acting(caller, FOLLOW_UP, Access.READ) as (uow, me):
            if query.case_id is not None:
                case = uow.cases.get(query.case_id)
                if case is None or case.organisation_id != me.organisation_id:
                    raise NotFound(NO_SUCH_CASE)
            return ClaimList(
                uow.claims.page(me.organisation_id, query),
                uow.claims.total_amount(me.organisation_id, query),
            )

    def pending_claims(self, caller: Caller) -> list[PendingClaimChange]:
        with self._acting(caller, REQUEST, Access.READ) as (uow, me):
            return [typed_claim_change(uow, c) for c in _pending_claims(uow, me.organisation_id)]

    def preview_claim(self, caller: Caller, case_id: int, draft: ClaimDraft) -> Compensation:
        checked = normalised_draft(draft)
        with self._acting(caller, REQUEST, Access.READ) as (uow, me):
            _case, computation = check_claim(uow, me.organisation_id, case_id, checked)
            return computation

    def create_claim(self, caller: Caller, command: CreateClaim) -> PendingClaimChange:
        draft = normalised_draft(command.draft)
        with self._acting(caller, REQUEST, Access.WRITE, write=True) as (uow, me):

            def run() -> PendingClaimChange:
                uow.pending.lock_list(me.organisation_id, ChangeKind.CLAIM)
                return self._create(uow, me, command.case_id, draft)

            result = self._once(
                uow, me, command.key, "create_claim", command, PendingClaimChange, run
            )
            uow.commit()
            return result

    def _create(
        self, uow: UnitOfWork, me: Principal, case_id: int, draft: ClaimDraft
    ) -> PendingClaimChange:
        case, computation = check_claim(uow, me.organisation_id, case_id, draft)
        change = uow.pending.add(
            PendingChange(
                id=0,
                organisation_id=me.organisation_id,
                kind=ChangeKind.CLAIM,
                action=ChangeAction.NY,
                target_id=None,
                payload=claim_payload(draft, case.id, case.case_number, computation.total),
                created_by_person_id=me.person_id,
                created_at=self._clock.now(),
            )
        )
        audit(
            uow,
            self._clock.now(),
            f"{ChangeKind.CLAIM.value}.{ChangeAction.NY.value}",
            f"Ändring att signera: {change.describe()}",
            actor=me,
        )
        return typed_claim_change(uow, change)


__all__ = [
    "CASE_CLOSED",
    "NOT_A_COMPENSATION_CASE",
    "NO_SUCH_CASE",
    "ClaimService",
    "check_claim",
    "check_claims_after",
    "check_review_step",
    "compensation_case",
    "normalised_draft",
    "parse_claim_status",
]
