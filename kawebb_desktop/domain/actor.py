"""Who is acting, as the UI shows it: the signed-in person in one organisation.

An ``Actor`` is a receipt of a login, not a credential: services use only its session
``token`` and ``organisation_id`` (see ``services.api.Caller``) and read the person, the
organisation and the role from the store on every call. Changing the other fields grants
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import Personnummer


@dataclass(frozen=True, slots=True)
class Actor:
    #: The opaque session token from the completed BankID login (memory only).
    token: str
    person_id: int
    personnummer: Personnummer
    name: str
    organisation_id: int
    organisation_name: str
    authorization_id: int
    #: The role at login, for the UI only.
    role: Role
