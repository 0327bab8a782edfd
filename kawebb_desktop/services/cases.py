"""Cases (ärenden) for *Mitt arbete > Översikt*: paged, sorted and filtered by the store."""

from __future__ import annotations

import datetime as dt

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.entities import Case
from kawebb_desktop.domain.errors import NotFound
from kawebb_desktop.domain.queries import CaseQuery, Page
from kawebb_desktop.domain.roles import Access, Function
from kawebb_desktop.services.common import authorize
from kawebb_desktop.store.base import Store

#: Events this recent are shown in bold (guide §5.1: "den senaste veckan").
RECENT = dt.timedelta(days=7)


class CaseService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def list_cases(self, actor: Actor, query: CaseQuery) -> Page[Case]:
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, Function.HANTERA_HANDLINGAR, Access.READ)
            unit = uow.units.get(query.unit_id)
            if unit is None or unit.organisation_id != actor.organisation_id:
                raise NotFound("Den utförande verksamheten finns inte i organisationen.")
            return uow.cases.page(actor.organisation_id, query)

    def recent_since(self) -> dt.date:
        """Cases whose latest event is on or after this date are shown in bold."""
        return self._clock.today() - RECENT
