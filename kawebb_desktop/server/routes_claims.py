"""The routes of ``docs/api.md`` for *Begär ersättning* and *Begärda ersättningar*
(issue 9): the sent claims with their total, the unsigned ones, a preview of the
computation and the command that makes a claim (a pending change, signed with the
organisation's other changes, ``POST …/signing``; discarded with ``POST
…/changes/{id}/discard``). Like every route, each is one call of the service API
(:class:`~kawebb_desktop.services.api.ClaimsApi`); the amount is always the service's.
"""

# No ``from __future__ import annotations`` here: FastAPI reads these signatures.

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from kawebb_desktop.domain.changes import ClaimDraft
from kawebb_desktop.domain.compensation import (
    CompensationKind,
    FieldOfWork,
    parse_date,
    parse_extent,
)
from kawebb_desktop.domain.entities import MAX_CLAIM_PAGE, ClaimQuery, ClaimStatus
from kawebb_desktop.server.models import MAX_ID, _clean_text
from kawebb_desktop.server.routes import (
    ERROR_RESPONSES,
    PREFIX,
    IdempotencyKey,
    Offset,
    OrgId,
    ServerState,
    Token,
    _json,
)
from kawebb_desktop.services.api import Caller, CreateClaim

ORG = "/organisations/{org_id}"

Short = Annotated[str, Field(max_length=60), AfterValidator(_clean_text)]


class ClaimDraftIn(BaseModel):
    """What the *Begär ersättning* form holds, as typed: the kind and the field of work
    by code or Swedish label, the extent in percent (``50``, ``"37,5"``), the dates as
    ``ÅÅÅÅ-MM-DD``. Each is parsed by the domain (a malformed value is 422 with
    ``field`` and the same Swedish sentence as in the local app)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    kind: Short
    field_of_work: Short
    extent: Annotated[str, Field(max_length=20), AfterValidator(_clean_text)] | int
    start_date: Annotated[str, Field(max_length=20), AfterValidator(_clean_text)]
    end_date: Annotated[str, Field(max_length=20), AfterValidator(_clean_text)]

    def to_draft(self) -> ClaimDraft:
        return ClaimDraft(
            kind=CompensationKind.parse(self.kind),
            field_of_work=FieldOfWork.parse(self.field_of_work),
            extent=parse_extent(self.extent),
            start_date=parse_date(self.start_date, "start_date"),
            end_date=parse_date(self.end_date, "end_date"),
        )


class ClaimIn(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    case_id: Annotated[int, Field(ge=1, le=MAX_ID, description="Ersättningsärendets id")]
    draft: ClaimDraftIn


class ReviewClaimIn(BaseModel):
    """AF's decision (``POST /af/claims/{claim_id}/review``)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    org_number: Annotated[str, Field(max_length=30), AfterValidator(_clean_text)]
    status: Annotated[
        str,
        Field(max_length=50, description="godkand, avslagen eller utbetald (eller statusens text)"),
        AfterValidator(_clean_text),
    ]


def claims_router(state: ServerState) -> APIRouter:
    """*Begär ersättning* under ``/api/v1/organisations/{org_id}/claims``."""
    router = APIRouter(prefix=PREFIX, responses=ERROR_RESPONSES)
    claims = state.services.claims

    @router.get(f"{ORG}/claims", tags=["ersättning"], summary="Begärda ersättningar")
    def list_claims(
        token: Token,
        org_id: OrgId,
        status: ClaimStatus | None = None,
        case_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
        offset: Offset = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_CLAIM_PAGE)] = 50,
    ) -> JSONResponse:
        query = ClaimQuery(status=status, case_id=case_id, offset=offset, limit=limit)
        return _json(claims.claims(Caller(token, org_id), query))

    @router.get(f"{ORG}/claims/pending", tags=["ersättning"], summary="Osignerade begäranden")
    def pending_claims(token: Token, org_id: OrgId) -> JSONResponse:
        return _json(claims.pending_claims(Caller(token, org_id)))

    @router.post(
        f"{ORG}/claims/preview",
        tags=["ersättning"],
        summary="Beräkna ersättningen utan att spara",
    )
    def preview_claim(token: Token, org_id: OrgId, body: ClaimIn) -> JSONResponse:
        return _json(
            claims.preview_claim(Caller(token, org_id), body.case_id, body.draft.to_draft())
        )

    @router.post(f"{ORG}/claims", tags=["ersättning"], status_code=201, summary="Begär ersättning")
    def create_claim(
        token: Token, org_id: OrgId, key: IdempotencyKey, body: ClaimIn
    ) -> JSONResponse:
        command = CreateClaim(body.case_id, body.draft.to_draft(), key)
        return _json(claims.create_claim(Caller(token, org_id), command), 201)

    return router


__all__ = ["ClaimDraftIn", "ClaimIn", "ReviewClaimIn", "claims_router"]
