"""The routes of ``docs/api.md``, each one call of the service API.

A route only translates: HTTP in (path, query, body, ``Authorization``,
``Idempotency-Key``) → a :class:`~kawebb_desktop.services.api.Caller` and a command →
the service → :func:`~kawebb_desktop.services.codec.to_json` out. Who the caller is, what
the role allows and which organisation's objects exist for them is decided by the
services alone; a route never checks a permission itself.

The handlers are plain functions: FastAPI runs them on its thread pool, as the services
block on the database.
"""

# No ``from __future__ import annotations`` here: FastAPI reads these signatures.

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator

from kawebb_desktop import __version__
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.entities import CaseStatus
from kawebb_desktop.domain.errors import NotAuthenticated
from kawebb_desktop.domain.queries import CaseQuery, CaseSearchField, CaseSort, UserQuery, UserSort
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.server.models import (
    MAX_ID,
    MAX_OFFSET,
    MAX_PAGE,
    MAX_TEXT,
    ApproveIn,
    ChangeUserIn,
    CreateUserIn,
    EditPendingIn,
    EnterIn,
    ErrorOut,
    OrderRefIn,
    RemoveUserIn,
    ResumeIn,
    SetEndDateIn,
    StartSigningIn,
    VersionedIdIn,
    VersionIn,
    _clean_text,
)
from kawebb_desktop.server.security import SlidingWindowLimiter
from kawebb_desktop.services import LocalServices
from kawebb_desktop.services.api import (
    Caller,
    ChangeUser,
    CreateUser,
    DiscardPending,
    EditPending,
    LoginProgress,
    OrderView,
    RemoveUser,
    SetEndDate,
    StartSigning,
    VersionedId,
)
from kawebb_desktop.services.codec import to_json
from kawebb_desktop.services.common import NOT_LOGGED_IN
from kawebb_desktop.services.demo import SimulatedPhone
from kawebb_desktop.signing.base import CollectStatus

PREFIX = "/api/v1"

#: The errors any route may answer, for the OpenAPI document.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": text}
    for status, text in (
        (400, "Oläsbar begäran (ogiltig JSON, Idempotency-Key saknas)"),
        (401, "Ingen, okänd, utgången eller avslutad session"),
        (403, "Rollen ger inte behörighet, eller behörigheten är inte längre aktiv"),
        (404, "Finns inte — eller tillhör en annan organisation"),
        (409, "Ändrat under tiden, återanvänd nyckel, eller BankID sa nej"),
        (413, "För stor begäran"),
        (415, "Innehållet är inte JSON"),
        (422, "Ogiltigt värde eller bruten regel"),
        (503, "Databasen kan inte nås"),
    )
}


@dataclass(frozen=True)
class ServerState:
    """What the routes work with, built once per process by ``create_app``."""

    services: LocalServices
    clock: Clock
    signer_name: str
    login_limiter: SlidingWindowLimiter
    #: Whether the store is a demo store (``GET /health``), read from the store.
    is_demo: Callable[[], bool]
    #: Only with the simulator on a demo store.
    phone: SimulatedPhone | None = None


# ------------------------------------------------------------------ parameters
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="session",
    description="Sessionens token från en slutförd inloggning (POST /auth/collect).",
)


def session_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    """The bearer token; 401 when there is none (a malformed header counts as none)."""
    if credentials is None or not credentials.credentials:
        raise NotAuthenticated(NOT_LOGGED_IN)
    return credentials.credentials


Token = Annotated[str, Depends(session_token)]
IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="Samma nyckel vid omförsök av samma ändring; en annan ändring, en ny nyckel.",
    ),
    AfterValidator(_clean_text),
]
OrgId = Annotated[int, Path(ge=1, le=MAX_ID, description="Organisationens id")]
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]
OrderRef = Annotated[str, Path(min_length=1, max_length=100), AfterValidator(_clean_text)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
SearchText = Annotated[str, Query(max_length=MAX_TEXT), AfterValidator(_clean_text)]


def _json(value: object, status_code: int = 200) -> JSONResponse:
    return JSONResponse(to_json(value), status_code=status_code)


def _versioned(pending: VersionedIdIn | None) -> VersionedId | None:
    return None if pending is None else VersionedId(pending.id, pending.version)


def _no_content() -> Response:
    return Response(status_code=204)


def _order_start(view: OrderView) -> dict[str, Any]:
    """An order as BankID's RP API names things (camelCase)."""
    return {
        "orderRef": view.order_ref,
        "autoStartToken": view.auto_start_token,
        "qrData": view.qr_data,
        "startedAt": view.started_at.isoformat(),
    }


def _login_progress(progress: LoginProgress) -> dict[str, Any]:
    body: dict[str, Any] = {
        "status": progress.status.value,
        "hintCode": progress.hint_code,
        "message": progress.message,
        "qrData": progress.qr_data,
    }
    if progress.status is CollectStatus.COMPLETE:
        body["token"] = progress.token
        body["person"] = to_json(progress.person)
        body["organisations"] = to_json(progress.choices)
    return body


# ------------------------------------------------------------------ the routers
def api_router(state: ServerState) -> APIRouter:
    """Every route of ``docs/api.md`` under ``/api/v1`` (the simulator's separately)."""
    router = APIRouter(prefix=PREFIX, responses=ERROR_RESPONSES)
    services = state.services
    auth, users, signing = services.auth, services.users, services.signing
    organisations, cases = services.organisations, services.cases
    clock = state.clock

    # -------------------------------------------------------------- health and login
    @router.get("/health", tags=["drift"], summary="Svarar servern?")
    def health() -> JSONResponse:
        return JSONResponse(
            {
                "status": "ok",
                "version": __version__,
                "signer": state.signer_name,
                "demo": state.is_demo(),
            }
        )

    @router.post(
        "/auth/start",
        tags=["inloggning"],
        summary="Starta inloggning med BankID",
        responses={429: {"model": ErrorOut, "description": "För många inloggningar"}},
    )
    def start_login(request: Request) -> JSONResponse:
        client = request.client.host if request.client else "-"
        state.login_limiter.hit(client)
        return JSONResponse(_order_start(auth.start_login()))

    @router.post("/auth/collect", tags=["inloggning"], summary="Hur går inloggningen?")
    def collect_login(body: OrderRefIn) -> JSONResponse:
        return JSONResponse(_login_progress(auth.collect_login(body.orderRef)))

    @router.post("/auth/qr", tags=["inloggning"], summary="QR-kodens innehåll just nu")
    def login_qr(body: OrderRefIn) -> JSONResponse:
        return JSONResponse({"qrData": auth.login_qr(body.orderRef)})

    @router.post("/auth/cancel", tags=["inloggning"], status_code=204, summary="Avbryt")
    def cancel_login(body: OrderRefIn) -> Response:
        auth.cancel_login(body.orderRef)
        return _no_content()

    @router.post("/auth/enter", tags=["inloggning"], summary="Arbeta i en organisation")
    def enter(token: Token, body: EnterIn) -> JSONResponse:
        actor = auth.enter(token, body.organisation_id)
        return _json(dataclasses.replace(actor, token=""))

    @router.post(
        "/auth/resume", tags=["inloggning"], summary="Lås upp efter inaktivitet (samma person)"
    )
    def resume(token: Token, body: ResumeIn) -> JSONResponse:
        actor = auth.resume(token, body.session_token, body.organisation_id)
        return _json(dataclasses.replace(actor, token=""))

    @router.post("/auth/logout", tags=["inloggning"], status_code=204, summary="Logga ut")
    def logout(token: Token) -> Response:
        auth.logout(token)
        return _no_content()

    @router.get("/me", tags=["inloggning"], summary="Den inloggade och dess behörigheter")
    def me(token: Token) -> JSONResponse:
        return _json(auth.me(token))

    # -------------------------------------------------------------- organisation data
    org = "/organisations/{org_id}"

    @router.get(org, tags=["organisation"])
    def organisation(token: Token, org_id: OrgId) -> JSONResponse:
        return _json(organisations.organisation(Caller(token, org_id)))

    @router.get(f"{org}/units", tags=["organisation"])
    def units(token: Token, org_id: OrgId) -> JSONResponse:
        return _json(organisations.units(Caller(token, org_id)))

    @router.get(f"{org}/contacts", tags=["organisation"])
    def contacts(token: Token, org_id: OrgId) -> JSONResponse:
        return _json(organisations.contacts(Caller(token, org_id)))

    @router.get(f"{org}/accounts", tags=["organisation"])
    def accounts(token: Token, org_id: OrgId) -> JSONResponse:
        return _json(organisations.accounts(Caller(token, org_id)))

    @router.get(f"{org}/service-offering", tags=["organisation"], summary="Tjänsteutbud")
    def service_offering(token: Token, org_id: OrgId) -> JSONResponse:
        return _json(organisations.service_offering(Caller(token, org_id)))

    @router.get(f"{org}/agreements", tags=["organisation"], summary="Avtal")
    def agreements(token: Token, org_id: OrgId) -> JSONResponse:
        return _json(organisations.agreements(Caller(token, org_id)))

    @router.get(f"{org}/cases", tags=["ärenden"])
    def list_cases(
        token: Token,
        org_id: OrgId,
        unit_id: Annotated[int, Query(ge=1, le=MAX_ID)],
        text: SearchText = "",
        search_field: CaseSearchField = CaseSearchField.NAMN,
        status: CaseStatus | None = None,
        include_closed: bool = False,
        sort: CaseSort = CaseSort.LAST_EVENT_ON,
        descending: bool = True,
        offset: Offset = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    ) -> JSONResponse:
        query = CaseQuery(
            unit_id=unit_id,
            text=text,
            search_field=search_field,
            status=status,
            include_closed=include_closed,
            sort=sort,
            descending=descending,
            offset=offset,
            limit=limit,
        )
        return _json(cases.list_cases(Caller(token, org_id), query))

    # Before ``cases/{case_id}``, which would otherwise take "count" for an id.
    @router.get(f"{org}/cases/count", tags=["ärenden"], summary="Antal ärenden, exakt")
    def count_cases(
        token: Token,
        org_id: OrgId,
        unit_id: Annotated[int, Query(ge=1, le=MAX_ID)],
        text: SearchText = "",
        search_field: CaseSearchField = CaseSearchField.NAMN,
        status: CaseStatus | None = None,
        include_closed: bool = False,
    ) -> JSONResponse:
        query = CaseQuery(
            unit_id=unit_id,
            text=text,
            search_field=search_field,
            status=status,
            include_closed=include_closed,
        )
        return _json(cases.count_cases(Caller(token, org_id), query))

    @router.get(f"{org}/cases/{{case_id}}", tags=["ärenden"], summary="Ett ärende")
    def get_case(token: Token, org_id: OrgId, case_id: ObjectId) -> JSONResponse:
        return _json(cases.get_case(Caller(token, org_id), case_id))

    # -------------------------------------------------------------- users
    @router.get(f"{org}/users", tags=["användare"])
    def list_users(
        token: Token,
        org_id: OrgId,
        text: SearchText = "",
        sort: UserSort = UserSort.LAST_NAME,
        descending: bool = False,
        offset: Offset = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 10,
    ) -> JSONResponse:
        query = UserQuery(text, sort, descending, offset, limit)
        return _json(users.list_users(Caller(token, org_id), query))

    @router.get(f"{org}/users/{{user_id}}", tags=["användare"])
    def get_user(token: Token, org_id: OrgId, user_id: ObjectId) -> JSONResponse:
        return _json(users.get_user(Caller(token, org_id), user_id))

    @router.post(f"{org}/users", tags=["användare"], status_code=201)
    def create_user(
        token: Token, org_id: OrgId, key: IdempotencyKey, body: CreateUserIn
    ) -> JSONResponse:
        command = CreateUser(body.draft.to_draft(clock), key)
        return _json(users.create_user(Caller(token, org_id), command), 201)

    @router.put(f"{org}/users/{{user_id}}", tags=["användare"])
    def change_user(
        token: Token, org_id: OrgId, user_id: ObjectId, key: IdempotencyKey, body: ChangeUserIn
    ) -> JSONResponse:
        draft = body.draft.to_draft(clock)
        command = ChangeUser(user_id, body.version, draft, key, pending=_versioned(body.pending))
        return _json(users.change_user(Caller(token, org_id), command))

    @router.post(f"{org}/users/{{user_id}}/remove", tags=["användare"])
    def remove_user(
        token: Token, org_id: OrgId, user_id: ObjectId, key: IdempotencyKey, body: RemoveUserIn
    ) -> JSONResponse:
        command = RemoveUser(user_id, body.version, key, pending=_versioned(body.pending))
        return _json(users.remove_user(Caller(token, org_id), command))

    @router.post(f"{org}/users/end-date", tags=["användare"])
    def set_end_date(
        token: Token, org_id: OrgId, key: IdempotencyKey, body: SetEndDateIn
    ) -> JSONResponse:
        chosen = tuple(VersionedId(u.id, u.version) for u in body.users)
        seen = tuple(VersionedId(p.id, p.version) for p in body.pending)
        command = SetEndDate(chosen, body.end_date, key, pending=seen)
        return _json(users.set_end_date(Caller(token, org_id), command))

    @router.get(f"{org}/registered-persons/{{personnummer}}", tags=["användare"])
    def registered_person(
        token: Token,
        org_id: OrgId,
        personnummer: Annotated[str, Path(max_length=30), AfterValidator(_clean_text)],
    ) -> JSONResponse:
        number = Personnummer.parse(personnummer, clock.today())
        return JSONResponse(
            {"person": to_json(users.registered_person(Caller(token, org_id), number))}
        )

    @router.get(f"{org}/pending", tags=["användare"])
    def list_pending(token: Token, org_id: OrgId) -> JSONResponse:
        return _json(users.list_pending(Caller(token, org_id)))

    @router.put(f"{org}/pending/{{change_id}}", tags=["användare"])
    def edit_pending(
        token: Token, org_id: OrgId, change_id: ObjectId, key: IdempotencyKey, body: EditPendingIn
    ) -> JSONResponse:
        command = EditPending(change_id, body.version, body.draft.to_draft(clock), key)
        return _json(users.edit_pending(Caller(token, org_id), command))

    @router.post(f"{org}/pending/{{change_id}}/discard", tags=["användare"], status_code=204)
    def discard_pending(
        token: Token, org_id: OrgId, change_id: ObjectId, key: IdempotencyKey, body: VersionIn
    ) -> Response:
        users.discard_pending(Caller(token, org_id), DiscardPending(change_id, body.version, key))
        return _no_content()

    # -------------------------------------------------------------- signing
    @router.post(
        f"{org}/signing/preview",
        tags=["signering"],
        summary="Kontrollsumman för en ändringsmängd (ingen order startas)",
    )
    def preview_signing(token: Token, org_id: OrgId, body: StartSigningIn) -> JSONResponse:
        confirmed = (
            None
            if body.changes is None
            else tuple(VersionedId(c.id, c.version) for c in body.changes)
        )
        return _json(signing.preview(Caller(token, org_id), confirmed))

    @router.post(f"{org}/signing", tags=["signering"])
    def start_signing(
        token: Token, org_id: OrgId, key: IdempotencyKey, body: StartSigningIn
    ) -> JSONResponse:
        confirmed = (
            None
            if body.changes is None
            else tuple(VersionedId(c.id, c.version) for c in body.changes)
        )
        command = StartSigning(key, changes=confirmed)
        view = signing.start(Caller(token, org_id), command)
        return _json(view)

    @router.get(f"{org}/signing/{{order_ref}}/qr", tags=["signering"])
    def signing_qr(token: Token, org_id: OrgId, order_ref: OrderRef) -> JSONResponse:
        return JSONResponse({"qrData": signing.qr(Caller(token, org_id), order_ref)})

    @router.post(f"{org}/signing/{{order_ref}}/collect", tags=["signering"])
    def collect_signing(token: Token, org_id: OrgId, order_ref: OrderRef) -> JSONResponse:
        return _json(signing.collect(Caller(token, org_id), order_ref))

    @router.post(f"{org}/signing/{{order_ref}}/cancel", tags=["signering"], status_code=204)
    def cancel_signing(token: Token, org_id: OrgId, order_ref: OrderRef) -> Response:
        signing.cancel(Caller(token, org_id), order_ref)
        return _no_content()

    @router.get(f"{org}/receipts", tags=["signering"])
    def receipts(
        token: Token,
        org_id: OrgId,
        offset: Offset = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
        search: SearchText = "",
    ) -> JSONResponse:
        return _json(signing.receipts(Caller(token, org_id), offset, limit, search))

    @router.get(f"{org}/receipts/{{receipt_id}}/verification", tags=["signering"])
    def verify_receipt(token: Token, org_id: OrgId, receipt_id: ObjectId) -> JSONResponse:
        return _json(signing.verify_receipt(Caller(token, org_id), receipt_id))

    return router


def simulator_router(phone: SimulatedPhone, prefix: str = PREFIX) -> APIRouter:
    """The simulated BankID app (only with the simulator, only on demo stores). Served at
    ``/simulator/…`` (the issue's name for it) and at ``/api/v1/simulator/…``."""
    router = APIRouter(
        prefix=f"{prefix}/simulator", tags=["simulator (demo)"], responses=ERROR_RESPONSES
    )

    @router.get("/people", summary="Testpersonerna")
    def people() -> JSONResponse:
        return JSONResponse(
            [{"personnummer": p.personnummer, "name": p.name} for p in phone.people()]
        )

    @router.post("/orders/{order_ref}/approve", status_code=204, summary="Telefonen godkänner")
    def approve(order_ref: OrderRef, body: ApproveIn | None = None) -> Response:
        phone.approve(order_ref, body.personnummer if body else None)
        return _no_content()

    @router.post("/orders/{order_ref}/cancel", status_code=204, summary="Användaren avbryter")
    def cancel(order_ref: OrderRef) -> Response:
        phone.cancel(order_ref)
        return _no_content()

    return router


__all__ = ["PREFIX", "ServerState", "api_router", "simulator_router"]
