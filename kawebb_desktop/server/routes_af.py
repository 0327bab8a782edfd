"""AF's routes (``/api/v1/af/…``, ``docs/api.md``): agreements, account reviews and news.

They are Arbetsförmedlingen's, not a municipality's: the caller proves to be AF's operator
with the key configured on the server (``KAWEBB_SERVE_AF_KEY``), sent as
``Authorization: Bearer <key>`` and compared in constant time. A municipal session token
is no AF key (401), and the AF key is no session (401 on every municipal route). Without
a configured key the AF routes answer 404: the server offers no AF functions.

Each route is one call of :class:`~kawebb_desktop.services.af.AgreementService`, the
same one ``kawebb agreement …`` runs in process.
"""

# No ``from __future__ import annotations`` here: FastAPI reads these signatures.

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.errors import NotAuthenticated, NotFound
from kawebb_desktop.domain.queries import MAX_NEWS
from kawebb_desktop.domain.values import EmailAddress, OrgNumber
from kawebb_desktop.server.models import (
    MAX_ID,
    ActivateAgreementIn,
    PublishNewsIn,
    RegisterAgreementIn,
    ReviewAccountIn,
)
from kawebb_desktop.server.routes import ERROR_RESPONSES, PREFIX
from kawebb_desktop.server.routes_claims import ReviewClaimIn
from kawebb_desktop.server.routes_documents import ReviewDocumentIn
from kawebb_desktop.services.af import (
    AgreementService,
    RegisterAgreement,
    ReviewStatus,
    parse_document_decision,
)
from kawebb_desktop.services.claims import parse_claim_status
from kawebb_desktop.services.codec import to_json

NOT_OFFERED = "Arbetsförmedlingens funktioner är inte aktiverade på den här servern."
BAD_KEY = (
    "AF-operatörens nyckel saknas eller stämmer inte. Skicka den som "
    "Authorization: Bearer <nyckel>."
)

AgreementId = Annotated[int, Path(ge=1, le=MAX_ID, description="Avtalets nummer")]
AccountId = Annotated[int, Path(ge=1, le=MAX_ID, description="Kontots id")]
ClaimId = Annotated[int, Path(ge=1, le=MAX_ID, description="Begärans id")]
DocumentId = Annotated[int, Path(ge=1, le=MAX_ID, description="Handlingens id")]

af_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="af_operator",
    description="AF-operatörens nyckel (KAWEBB_SERVE_AF_KEY), inte en kommuns session.",
)


def af_router(service: AgreementService, clock: Clock, key: str | None) -> APIRouter:
    """The AF routes; ``key`` is the configured operator key (``None``: 404 for all)."""
    expected = key.encode("utf-8") if key else None

    def operator(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(af_bearer)],
    ) -> None:
        if expected is None:
            raise NotFound(NOT_OFFERED)
        given = credentials.credentials.encode("utf-8") if credentials is not None else b""
        if not hmac.compare_digest(given, expected):
            raise NotAuthenticated(BAD_KEY)

    router = APIRouter(
        prefix=f"{PREFIX}/af",
        tags=["Arbetsförmedlingen"],
        responses=ERROR_RESPONSES,
        dependencies=[Depends(operator)],
    )

    @router.get("/agreements", summary="Avtalen (overdue: ej aktiverade inom 14 dagar)")
    def list_agreements(overdue: Annotated[bool, Query()] = False) -> JSONResponse:
        return JSONResponse(to_json(service.list_agreements(overdue=overdue)))

    @router.post("/agreements", status_code=201, summary="Registrera ett inkommet avtal")
    def register(body: RegisterAgreementIn) -> JSONResponse:
        today = clock.today()
        command = RegisterAgreement.parse(
            org_number=body.org_number,
            organisation_name=body.name,
            street_address=body.street_address,
            postal_code=body.postal_code,
            city=body.city,
            admin_personnummer=body.admin_personnummer,
            admin_first_name=body.admin_first_name,
            admin_last_name=body.admin_last_name,
            admin_email=body.admin_email,
            received_on=body.received_on or today,
            concerns_new_admin=body.concerns_new_admin,
            today=today,
        )
        return JSONResponse(to_json(service.register(command)), status_code=201)

    @router.post("/agreements/{agreement_id}/activate", summary="Aktivera ett avtal")
    def activate(
        agreement_id: AgreementId,
        body: ActivateAgreementIn | None = None,
    ) -> JSONResponse:
        email = EmailAddress.parse(body.email) if body is not None and body.email else None
        return JSONResponse(to_json(service.activate(agreement_id, email)))

    @router.get("/accounts", summary="Konton att granska (org_number, status: valfria)")
    def list_accounts(
        org_number: Annotated[str | None, Query(max_length=20)] = None,
        status: Annotated[str | None, Query(max_length=40)] = None,
    ) -> JSONResponse:
        return JSONResponse(
            to_json(
                service.list_accounts(
                    OrgNumber.parse(org_number) if org_number else None,
                    ReviewStatus.parse(status) if status else None,
                )
            )
        )

    @router.post("/accounts/{account_id}/review", summary="Sätt ett kontos granskningsstatus")
    def review(
        account_id: AccountId,
        body: ReviewAccountIn,
    ) -> JSONResponse:
        account = service.review_account(
            OrgNumber.parse(body.org_number), account_id, ReviewStatus.parse(body.status)
        )
        return JSONResponse(to_json(account))

    @router.post("/claims/{claim_id}/review", summary="Besluta om en begäran om ersättning")
    def review_claim(claim_id: ClaimId, body: ReviewClaimIn) -> JSONResponse:
        claim = service.review_claim(
            OrgNumber.parse(body.org_number), claim_id, parse_claim_status(body.status)
        )
        return JSONResponse(to_json(claim))

    @router.post("/documents/{document_id}/review", summary="Godkänn eller returnera en handling")
    def review_document(document_id: DocumentId, body: ReviewDocumentIn) -> JSONResponse:
        document = service.review_document(
            OrgNumber.parse(body.org_number),
            document_id,
            parse_document_decision(body.status),
            body.comment,
        )
        return JSONResponse(to_json(document))

    @router.get("/news", summary="Nyheter från KA-Webb, nyaste först")
    def list_news(
        limit: Annotated[int, Query(ge=1, le=MAX_NEWS)] = MAX_NEWS,
    ) -> JSONResponse:
        return JSONResponse(to_json(service.list_news(limit)))

    @router.post("/news", status_code=201, summary="Publicera en nyhet för alla kommuner")
    def publish_news(body: PublishNewsIn) -> JSONResponse:
        item = service.publish_news(body.title, body.text, body.published_on or clock.today())
        return JSONResponse(to_json(item), status_code=201)

    return router


__all__ = ["af_router"]
