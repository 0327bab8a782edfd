"""Who is acting: the signed-in person, in one organisation, with one role."""

from __future__ import annotations

from dataclasses import dataclass

from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import Personnummer


@dataclass(frozen=True, slots=True)
class Actor:
    person_id: int
    personnummer: Personnummer
    name: str
    organisation_id: int
    organisation_name: str
    authorization_id: int
    #: The role at login, for the UI. Services re-read the role from the store on
    #: every call, so a stale or forged value here grants nothing.
    role: Role
