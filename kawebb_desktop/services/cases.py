"""Cases (ärenden) for *Mitt arbete > Översikt*: paged, sorted and filtered by the store."""

from __future__ import annotations

from kawebb_desktop.domain.entities import Case
from kawebb_desktop.domain.errors import NotFound
from kawebb_desktop.domain.queries import CaseQuery, Page
from kawebb_desktop.domain.roles import Access, Function
from kawebb_desktop.services.api import Caller
from kawebb_desktop.services.common import ServiceBase

NO_SUCH_UNIT = "Den utförande verksamheten finns inte i organisationen."


class CaseService(ServiceBase):
    def list_cases(self, caller: Caller, query: CaseQuery) -> Page[Case]:
        with self._acting(caller, Function.HANTERA_HANDLINGAR, Access.READ) as (uow, me):
            unit = uow.units.get(query.unit_id)
            if unit is None or unit.organisation_id != me.organisation_id:
                raise NotFound(NO_SUCH_UNIT)
            return uow.cases.page(me.organisation_id, query)
