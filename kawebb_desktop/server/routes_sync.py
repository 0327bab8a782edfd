"""The change feeds of the offline replicas (issue 11, ``docs/api.md``): what changed in
the organisation (or in the global feed: news) after a cursor, each object once as it
is now, filtered by the caller's role. Like every route, one call of the service API
(:class:`~kawebb_desktop.services.api.SyncApi`).
"""

# No ``from __future__ import annotations`` here: FastAPI reads these signatures.

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

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
    MAX_PUSH,
    Caller,
    PushCommand,
)

Feed = Annotated[
    Literal["organisation", "global"],
    Query(description="Organisationens flöde, eller det gemensamma (nyheter)"),
]
Since = Annotated[int, Query(ge=0, le=MAX_FEED_SEQ, description="Hämta det som ändrats efter")]
Limit = Annotated[int, Query(ge=1, le=MAX_FEED_LIMIT, description="Högst så många objekt")]

assert (FEED_ORGANISATION, FEED_GLOBAL) == ("organisation", "global")


class PushCommandIn(BaseModel):
    """One queued write: its ``type`` (``api.method``, e.g. ``documents.save_draft``), its
    idempotency ``key`` and the ``command`` as the service API's JSON."""

    model_config = ConfigDict(extra="forbid")

    type: str = Field(min_length=1, max_length=100)
    key: str = Field(min_length=1, max_length=200)
    command: dict[str, Any]


class PushIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    commands: list[PushCommandIn] = Field(min_length=1, max_length=MAX_PUSH)


BatchKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="Valfri: varje ändring har sin egen nyckel (``key``), så ett omförsök "
        "av hela begäran besvaras från dem.",
    ),
]


def sync_router(state: ServerState) -> APIRouter:
    """``GET …/sync/changes`` and ``POST …/sync/commands``."""
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

    @router.post(
        "/organisations/{org_id}/sync/commands",
        tags=["synkronisering"],
        summary="Skicka köade ändringar i ordning; varje ändring besvaras för sig",
    )
    def push(
        token: Token,
        org_id: OrgId,
        body: Annotated[PushIn, Body()],
        key: BatchKey = None,
    ) -> JSONResponse:
        commands = [PushCommand(c.type, c.key, c.command) for c in body.commands]
        return _json(sync.push(Caller(token, org_id), commands))

    return router


__all__ = ["sync_router"]
