"""The municipal route of *Nyheter från KA-Webb* (``docs/api.md``): the newest news
items AF published, for any active role of the organisation. AF publishes them through
its own routes (``server/routes_af.py``). Like every route, one call of the service API
(:class:`~kawebb_desktop.services.api.NewsApi`).
"""

# No ``from __future__ import annotations`` here: FastAPI reads these signatures.

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from kawebb_desktop.domain.queries import DEFAULT_NEWS, MAX_NEWS
from kawebb_desktop.server.routes import (
    ERROR_RESPONSES,
    PREFIX,
    OrgId,
    ServerState,
    Token,
    _json,
)
from kawebb_desktop.services.api import Caller

NewsLimit = Annotated[int, Query(ge=1, le=MAX_NEWS, description="Högst så många nyheter")]


def news_router(state: ServerState) -> APIRouter:
    """``GET /api/v1/organisations/{org_id}/news``."""
    router = APIRouter(prefix=PREFIX, responses=ERROR_RESPONSES)
    news = state.services.news

    @router.get(
        "/organisations/{org_id}/news",
        tags=["nyheter"],
        summary="Nyheter från KA-Webb, nyaste först",
    )
    def latest(token: Token, org_id: OrgId, limit: NewsLimit = DEFAULT_NEWS) -> JSONResponse:
        return _json(news.news(Caller(token, org_id), limit))

    return router


__all__ = ["news_router"]
