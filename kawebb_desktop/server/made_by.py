"""Who made a change pushed from an offline replica (issue 11).

A change entered offline is sent later, under the maker's next BankID session; the
client names the maker in ``X-Kawebb-Made-By`` (a personnummer, 12 digits). The server
does not take the client's word for it: when the header is there, the session's own
person must be that person, or the change is refused (403 ``forbidden``) with a Swedish
reason — a change made by one person is never applied in another's name.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Request

from kawebb_desktop.domain.errors import NotAuthenticated, PermissionDenied
from kawebb_desktop.services.common import NOT_LOGGED_IN

MADE_BY_HEADER = "X-Kawebb-Made-By"
MADE_BY_OTHER = (
    "Ändringen gjordes av en annan person än den som är inloggad. Den kan bara skickas "
    "när den som gjorde den loggar in med BankID."
)


def check_made_by(
    request: Request,
    made_by: Annotated[
        str | None,
        Header(
            alias=MADE_BY_HEADER,
            max_length=20,
            # Sent by the app's sync only, not part of the public API's description.
            include_in_schema=False,
            description="Personnumret på den som gjorde ändringen (offline-ändringar); "
            "måste vara sessionens person.",
        ),
    ] = None,
) -> None:
    if made_by is None:
        return
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise NotAuthenticated(NOT_LOGGED_IN)
    me = request.app.state.kawebb.services.auth.me(token)
    if me.person.personnummer.value != made_by.strip():
        raise PermissionDenied(MADE_BY_OTHER)


__all__ = ["MADE_BY_HEADER", "MADE_BY_OTHER", "check_made_by"]
