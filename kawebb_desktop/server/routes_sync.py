"""The change feeds of the offline replicas (issue 11, ``docs/api.md``): what changed in
the organisation (or in the global feed: news) after a cursor, each object once as it
is now, filtered by the caller's role. Like every route, one call of the service API
(:class:`~kawebb_desktop.services.api.SyncApi`).
"""

# No ``from __future__ import annotations`` here: FastAPI reads these signatures.

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from kawebb_desktop.server.routes import (
    ERROR_RESPONSES,
    PREFIX,
    OrgId,
    ServerState,
    Token,
    _json,
)
from kawebb_desktop.services.api import (
    FEED_GLOBAL,
    FEED_ORGANISATION,
    MAX_FEED_LIMIT,
    MAX_FEED_SEQ,
    Caller,
)

Feed = Annotated[
    Literal["organisation", "global"],
    Query(description="Organisationens flöde, eller det gemensamma (nyheter)"),
]
Since = Annotated[int, Query(ge=0, le=MAX_FEED_SEQ, description="Hämta det som ändrats efter")]
Limit = Annotated[int, Query(ge=1, le=MAX_FEED_LIMIT, description="Högst så många objekt")]

assert (FEED_ORGANISATION, FEED_GLOBAL) == ("organisation", "global")


def sync_router(state: ServerState) -> APIRouter:
    """``GET /api/v1/organisations/{org_id}/sync/changes``."""
    router = APIRouter(prefix=PREFIX, responses=ERROR_RESPONSES)
    sync = state.services.sync

    @router.get(
        "/organisations/{org_id}/sync/changes",
        tags=["synkronisering"],
        summary="Det som ändrats efter en position i ändringsflödet, äldsta först",
    )
    def changes(
        token: Token,
        org_id: OrgId,
        feed: Feed = "organisation",
        since: Since = 0,
        limit: Limit = 1000,
    ) -> JSONResponse:
        return _json(sync.changes(Caller(token, org_id), feed, since, limit))

    return router


__all__ = ["sync_router"]
