"""Every error as ``{"code", "message"}`` JSON with a Swedish message (``docs/api.md``);
a message with values in it (``domain/messages.py``) adds its ``template`` and ``params``,
so that a workstation can show it in its own language.

One table maps the domain's typed errors to HTTP statuses; FastAPI's and Starlette's own
errors (a malformed request, an unknown route, a wrong method) are translated so that no
English default body ever reaches a client; anything unforeseen is a 500 ``internal``
whose traceback is logged (logger ``kawebb.server``) and never sent.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kawebb_desktop.domain.errors import (
    Conflict,
    DomainError,
    NotAuthenticated,
    NotAuthorized,
    NotFound,
    PermissionDenied,
    RuleViolation,
    SigningFailed,
    StoreUnavailable,
    ValidationError,
)
from kawebb_desktop.domain.messages import Message as Text
from kawebb_desktop.domain.messages import message_json, msg
from kawebb_desktop.signing.base import SignerError

log = logging.getLogger("kawebb.server")

INTERNAL = (
    "Ett oväntat fel inträffade i servern. Felet har loggats; försök igen senare eller "
    "kontakta supporten."
)
UNAVAILABLE = "Databasen kan inte nås just nu. Försök igen om en stund."
NOT_A_ROUTE = "Adressen finns inte i KA Webbs API."
WRONG_METHOD = "Metoden {method} kan inte användas för den här adressen."
MALFORMED_JSON = "Begärans innehåll är inte giltig JSON."
INVALID_CONTENT = "Ogiltig begäran: innehållet {problem}."
INVALID_FIELD = "Ogiltig begäran: fältet ”{name}” {problem}."
INVALID_FIELDS = "Ogiltig begäran: fältet ”{name}” {problem}. Kontrollera också {others}."
MISSING_KEY = (
    "Huvudet Idempotency-Key saknas. Varje ändring ska ha en nyckel (1–200 tecken) som "
    "är densamma om begäran skickas igen."
)
TOO_LARGE = "Begäran är för stor (högst {limit} byte)."
NOT_JSON = "Begärans innehåll ska vara JSON (Content-Type: application/json)."
BAD_LENGTH = "Huvudet Content-Length är ogiltigt."

#: Generic Swedish texts for HTTP statuses raised by the framework itself.
STATUS_TEXTS: Mapping[int, tuple[str, str]] = {
    400: ("bad_request", msg("Begäran kunde inte läsas.")),
    401: ("unauthenticated", msg("Du är inte inloggad. Logga in med BankID.")),
    403: ("forbidden", msg("Du har inte behörighet till det här.")),
    404: ("not_found", msg(NOT_A_ROUTE)),
    405: ("method_not_allowed", msg("Metoden kan inte användas för den här adressen.")),
    406: ("not_acceptable", msg("Servern kan bara svara med JSON.")),
    409: ("conflict", msg("Begäran krockar med en annan ändring.")),
    413: ("too_large", msg("Begäran är för stor.")),
    415: ("unsupported_media_type", msg(NOT_JSON)),
    422: ("invalid", msg("Begäran innehåller ogiltiga värden.")),
    429: ("too_many_requests", msg("För många försök. Vänta en stund och försök igen.")),
    503: ("unavailable", UNAVAILABLE),
}


class TooManyRequests(DomainError):
    """Over a rate limit (HTTP 429); ``retry_after`` is in whole seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class BadRequest(DomainError):
    """A request the server cannot read (HTTP 400)."""


def error_body(
    code: str, message: str, *, field: str | None = None, hint_code: str | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message, **message_json(message)}
    if field:
        body["field"] = field
    if hint_code:
        body["hintCode"] = hint_code
    return body


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    field: str | None = None,
    hint_code: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        error_body(code, message, field=field, hint_code=hint_code),
        status_code=status,
        headers=dict(headers) if headers else None,
    )


def domain_error_response(exc: DomainError) -> JSONResponse:
    """The answer to a refusal by the services (``docs/api.md``, Errors)."""
    field = getattr(exc, "field", None)
    if isinstance(exc, NotAuthenticated):
        return error_response(
            401, "unauthenticated", exc.message, headers={"WWW-Authenticate": "Bearer"}
        )
    if isinstance(exc, NotAuthorized):  # the authorization itself ended: log in again
        return error_response(403, "not_authorized", exc.message)
    if isinstance(exc, PermissionDenied):
        return error_response(403, "forbidden", exc.message)
    if isinstance(exc, NotFound):
        return error_response(404, "not_found", exc.message)
    if isinstance(exc, SigningFailed):
        return error_response(409, "bankid", exc.message, hint_code=exc.hint_code)
    if isinstance(exc, SignerError):
        return error_response(409, "bankid", exc.message, hint_code=exc.error_code)
    if isinstance(exc, Conflict):
        return error_response(409, "conflict", exc.message)
    if isinstance(exc, ValidationError):
        return error_response(422, "invalid", exc.message, field=field)
    if isinstance(exc, RuleViolation):
        return error_response(422, "rule", exc.message, field=field)
    if isinstance(exc, TooManyRequests):
        return error_response(
            429, "too_many_requests", exc.message, headers={"Retry-After": str(exc.retry_after)}
        )
    if isinstance(exc, StoreUnavailable):
        return error_response(503, "unavailable", exc.message, headers={"Retry-After": "5"})
    if isinstance(exc, BadRequest):
        return error_response(400, "bad_request", exc.message)
    # A refusal of a kind this table does not know yet: still the client's request.
    return error_response(400, "bad_request", exc.message, field=field)


# ------------------------------------------------------------------ validation errors
def _field_name(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(parts)


def _is_idempotency_key(loc: Sequence[Any]) -> bool:
    return len(loc) == 2 and loc[0] == "header" and str(loc[1]).lower() == "idempotency-key"


def _describe(error: Mapping[str, Any]) -> Text:
    """One pydantic error in Swedish (the predicate after the field name)."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return msg("saknas")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return msg("ska vara ett heltal")
    if kind in ("float_parsing", "float_type"):
        return msg("ska vara ett tal")
    if kind in ("bool_parsing", "bool_type"):
        return msg("ska vara true eller false")
    if kind in ("string_type", "string_sub_type"):
        return msg("ska vara en text")
    if kind == "string_unicode":
        return msg("innehåller ogiltiga tecken")
    if kind in ("greater_than_equal", "greater_than"):
        limit = ctx.get("ge", ctx.get("gt"))
        if kind == "greater_than_equal":
            return msg("ska vara minst {limit}", limit=limit)
        return msg("ska vara > {limit}", limit=limit)
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt"))
        if kind == "less_than_equal":
            return msg("får vara högst {limit}", limit=limit)
        return msg("ska vara < {limit}", limit=limit)
    if kind == "string_too_long":
        return msg("får vara högst {limit} tecken", limit=ctx.get("max_length"))
    if kind == "string_too_short":
        return msg("ska ha minst {limit} tecken", limit=ctx.get("min_length"))
    if kind == "too_long":
        return msg("får ha högst {limit} element", limit=ctx.get("max_length"))
    if kind == "too_short":
        return msg("ska ha minst {limit} element", limit=ctx.get("min_length"))
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace(" or ", " eller ")
        if expected:
            return msg("ska vara ett av {expected}", expected=expected)
        return msg("har ett otillåtet värde")
    if kind.startswith("date"):  # date_parsing, datetime_type, …
        return msg("ska vara ett datum (ÅÅÅÅ-MM-DD)")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return msg("ska vara ett JSON-objekt")
    if kind in ("list_type", "tuple_type"):
        return msg("ska vara en lista")
    if kind == "text_invalid":
        return msg("innehåller otillåtna tecken")
    if kind == "extra_forbidden":
        return msg("är inte tillåtet")
    return msg("har ett ogiltigt värde")


def validation_response(errors: Iterable[Mapping[str, Any]]) -> JSONResponse:
    """A FastAPI validation error as 400 (unreadable JSON, no Idempotency-Key) or 422."""
    listed = list(errors)
    for error in listed:
        if error.get("type") == "json_invalid":
            return error_response(400, "bad_request", MALFORMED_JSON)
    for error in listed:
        if _is_idempotency_key(error.get("loc", ())) and error.get("type") in (
            "missing",
            "string_too_short",
        ):
            return error_response(400, "bad_request", MISSING_KEY)
    if not listed:
        return error_response(422, "invalid", "Ogiltig begäran.")
    first = listed[0]
    name = _field_name(first.get("loc", ()))
    if not name:
        sentence = msg(INVALID_CONTENT, problem=_describe(first))
        return error_response(422, "invalid", sentence)
    sentence = msg(INVALID_FIELD, name=name, problem=_describe(first))
    others = sorted({_field_name(e.get("loc", ())) for e in listed[1:]} - {name, ""})
    if others:
        listing = ", ".join(f"”{o}”" for o in others)
        sentence = msg(INVALID_FIELDS, name=name, problem=_describe(first), others=listing)
    return error_response(422, "invalid", sentence, field=name)


# ------------------------------------------------------------------ installing
def install_error_handlers(app: FastAPI) -> None:
    async def on_domain_error(_request: Request, exc: DomainError) -> Response:
        return domain_error_response(exc)

    async def on_validation_error(_request: Request, exc: RequestValidationError) -> Response:
        return validation_response(exc.errors())

    async def on_http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers) if exc.headers else None
        if exc.status_code == 405:
            wrong = msg(WRONG_METHOD, method=request.method)
            return error_response(405, "method_not_allowed", wrong, headers=headers)
        code, message = STATUS_TEXTS.get(
            exc.status_code,
            ("bad_request", msg("Begäran kunde inte utföras."))
            if exc.status_code < 500
            else ("internal", INTERNAL),
        )
        return error_response(exc.status_code, code, message, headers=headers)

    async def on_database_down(_request: Request, exc: Exception) -> Response:
        log.warning("Databasen svarar inte: %s", str(exc).splitlines()[0] if str(exc) else exc)
        return error_response(503, "unavailable", UNAVAILABLE, headers={"Retry-After": "5"})

    app.add_exception_handler(DomainError, on_domain_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, on_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, on_http_error)  # type: ignore[arg-type]
    for kind in (OperationalError, InterfaceError, PoolTimeout):
        app.add_exception_handler(kind, on_database_down)


class InternalErrors:
    """ASGI middleware: an exception nobody handled becomes a 500 ``internal`` in Swedish,
    its traceback logged (never sent). Inside the app's own error handling, so that
    Starlette's English plain-text 500 is never reached."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            log.exception("Oväntat fel vid %s %s", scope.get("method"), scope.get("path"))
            if started:  # too late to answer anything else: the connection is cut
                raise
            await send_json(send, 500, error_body("internal", INTERNAL))


async def send_json(
    send: Send, status: int, body: Mapping[str, Any], headers: Mapping[str, str] | None = None
) -> None:
    """Send a whole JSON answer from ASGI middleware (before the app has answered)."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    raw = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(data)).encode()),
    ]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": data, "more_body": False})
