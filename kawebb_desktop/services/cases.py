"""Cases (ärenden) for *Mitt arbete > Översikt*: paged, sorted and filtered by the store;
one case with its event history for the detail view."""

from __future__ import annotations

from kawebb_desktop.domain.entities import Case, CaseEvent
from kawebb_desktop.domain.errors import NotFound
from kawebb_desktop.domain.queries import CaseQuery, Page
from kawebb_desktop.domain.roles import Access, Function
from kawebb_desktop.services.api import Caller, CaseDetail
from kawebb_desktop.services.common import ServiceBase

NO_SUCH_UNIT = "Den utförande verksamheten finns inte i organisationen."
NO_SUCH_CASE = "Ärendet finns inte i organisationen."


class CaseService(ServiceBase):
    def list_cases(self, caller: Caller, query: CaseQuery) -> Page[Case]:
        with self._acting(caller, Function.HANTERA_HANDLINGAR, Access.READ) as (uow, me):
            unit = uow.units.get(query.unit_id)
            if unit is None or unit.organisation_id != me.organisation_id:
                raise NotFound(NO_SUCH_UNIT)
            return uow.cases.page(me.organisation_id, query)

    def count_cases(self, caller: Caller, query: CaseQuery) -> int:
        with self._acting(caller, Function.HANTERA_HANDLINGAR, Access.READ) as (uow, me):
            unit = uow.units.get(query.unit_id)
            if unit is None or unit.organisation_id != me.organisation_id:
                raise NotFound(NO_SUCH_UNIT)
            return uow.cases.count(me.organisation_id, query)

    def get_case(self, caller: Caller, case_id: int) -> CaseDetail:
        with self._acting(caller, Function.HANTERA_HANDLINGAR, Access.READ) as (uow, me):
            case = uow.cases.get(case_id)
            # The case's own organisation and its unit's: both must be the caller's (a
            # case is only ever the organisation's through one of its units).
            if case is None or case.organisation_id != me.organisation_id:
                raise NotFound(NO_SUCH_CASE)
            unit = uow.units.get(case.unit_id)
            if unit is None or unit.organisation_id != me.organisation_id:
                raise NotFound(NO_SUCH_CASE)
            events = tuple(uow.cases.events(case.id)) or _latest_only(case)
            return CaseDetail(case, unit.name, unit.case_kind, events)


def _latest_only(case: Case) -> tuple[CaseEvent, ...]:
    """The history of a case whose events were not kept (cases imported in bulk carry
    only their latest event, on the case itself): that one event (id 0)."""
    return (CaseEvent(0, case.id, case.last_event_on, case.last_event),)
