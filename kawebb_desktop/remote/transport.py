"""The HTTP transport of the remote backend: one thread-safe ``httpx.Client``, timeouts,
bounded retries with backoff, and the mapping of every failure to a typed domain error.

What may be retried
    GETs, and writes that carry an ``Idempotency-Key`` (the server stores key → answer,
    so a retried write applies once and gets the first answer again), and the few POSTs
    that change nothing (the QR code) or are idempotent by nature (cancelling). A retry
    happens on a connection error, a timeout, or 502/503/504 — never on an answer the
    server meant (4xx, 500). Starting a login and collecting an order are never retried:
    a repeated collect could consume a one-time completion.

What the caller sees
    A decoded value of the requested type, or a :class:`DomainError`: the server's own
    refusals as the domain's typed errors (with the server's Swedish message), anything
    else as :class:`~kawebb_desktop.remote.errors.ServerUnavailable`. Never a raw httpx or
    JSON exception.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from kawebb_desktop.domain.errors import (
    Conflict,
    DomainError,
    NotAuthenticated,
    NotAuthorized,
    NotFound,
    PermissionDenied,
    RuleViolation,
    SigningFailed,
    ValidationError,
)
from kawebb_desktop.domain.messages import message_from_json, msg
from kawebb_desktop.remote.errors import (
    NOT_UNDERSTOOD,
    SERVER_DOWN,
    SERVER_DOWN_BECAUSE,
    RequestRefused,
    ServerUnavailable,
    TooManyRequests,
    UnexpectedAnswer,
)
from kawebb_desktop.services import codec

T = TypeVar("T")

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
#: Connect 5 s, read 15 s (a collect makes the server call BankID; that takes a while).
DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=15.0, write=15.0, pool=5.0)
RETRY_STATUSES = frozenset({502, 503, 504})


#: The header naming who made a change sent from an offline replica (issue 11).
MADE_BY_HEADER = "X-Kawebb-Made-By"
#: The maker of the writes sent in this context (see :func:`made_by`).
MADE_BY: contextvars.ContextVar[str | None] = contextvars.ContextVar("made_by", default=None)


@contextlib.contextmanager
def made_by(personnummer: str) -> Iterator[None]:
    """Writes sent inside name ``personnummer`` as their maker (the server checks that
    the session's person is that person)."""
    token = MADE_BY.set(personnummer)
    try:
        yield
    finally:
        MADE_BY.reset(token)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """At most ``attempts`` tries; before try n+1 wait ``delays[n-1]`` (the last delay
    repeats if there are more tries than delays), never longer than ``max_delay``."""

    attempts: int = 3
    delays: tuple[float, ...] = (0.2, 0.5, 1.0)
    max_delay: float = 1.0

    def delay(self, retry: int) -> float:
        """The wait before retry number ``retry`` (1 = the second try)."""
        if not self.delays:
            return 0.0
        return min(self.delays[min(retry, len(self.delays)) - 1], self.max_delay)


NO_RETRY = RetryPolicy(attempts=1)


class Transport:
    """JSON over HTTP to one KA Webb server. Safe to use from several threads at once:
    it holds nothing but the ``httpx.Client`` (whose connection pool is thread-safe)."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
        retry: RetryPolicy = RetryPolicy(),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retry = retry
        self._sleep = sleep
        self._client = httpx.Client(
            base_url=self.base_url,
            timeout=timeout,
            transport=transport,
            headers={"Accept": "application/json", "User-Agent": "kawebb-desktop"},
            follow_redirects=False,
        )

    def close(self) -> None:
        self._client.close()

    # ------------------------------------------------------------------ calls
    def call(
        self,
        method: str,
        path: str,
        *,
        answer: Any = None,
        token: str | None = None,
        body: object = None,
        params: Mapping[str, str | int | bool | None] | None = None,
        key: str | None = None,
        retry: bool | None = None,
        timeout: httpx.Timeout | None = None,
    ) -> Any:
        """Send one request (retrying as allowed) and decode the answer as ``answer``
        (``None``: the answer is not read). ``retry`` defaults to: GETs and keyed writes."""
        headers: dict[str, str] = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if key is not None:
            headers["Idempotency-Key"] = key
            maker = MADE_BY.get()
            if maker is not None:  # a change from an offline replica names its maker
                headers[MADE_BY_HEADER] = maker
        may_retry = retry if retry is not None else (method == "GET" or key is not None)
        query = {k: _param(v) for k, v in (params or {}).items() if v is not None}
        response = self._send(
            method,
            API_PREFIX + path,
            headers=headers,
            body=body,
            params=query,
            policy=self.retry if may_retry else NO_RETRY,
            timeout=timeout,
        )
        if response.status_code >= 400:
            raise error_of(response)
        if answer is None:
            return None
        return decode(answer, _json_of(response), response.status_code)

    def call_json(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        body: object = None,
        retry: bool | None = None,
        timeout: httpx.Timeout | None = None,
        prefix: str = API_PREFIX,
    ) -> Any:
        """Like :meth:`call` but the answer is returned as plain JSON (for the few
        answers whose shape is not one of the service API's types)."""
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        may_retry = retry if retry is not None else method == "GET"
        response = self._send(
            method,
            prefix + path,
            headers=headers,
            body=body,
            params={},
            policy=self.retry if may_retry else NO_RETRY,
            timeout=timeout,
        )
        if response.status_code >= 400:
            raise error_of(response)
        if response.status_code == 204:
            return None
        return _json_of(response)

    def _send(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str],
        body: object,
        params: dict[str, str],
        policy: RetryPolicy,
        timeout: httpx.Timeout | None,
    ) -> httpx.Response:
        content = None
        if body is not None:
            content = codec.dumps(body).encode("utf-8")
            headers = {**headers, "Content-Type": "application/json"}
        extra: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        attempt = 1
        while True:
            try:
                response = self._client.request(
                    method, path, content=content, params=params, headers=headers, **extra
                )
            except (httpx.TransportError, httpx.StreamError) as exc:
                # Connection refused/reset, timeouts, a dropped answer, a broken proxy.
                if attempt >= policy.attempts:
                    log.info("%s %s: %s (try %d, giving up)", method, path, exc, attempt)
                    raise ServerUnavailable(SERVER_DOWN) from exc
                log.info("%s %s: %s (try %d, retrying)", method, path, exc, attempt)
            except httpx.HTTPError as exc:  # anything else httpx may raise (a bad URL…)
                raise ServerUnavailable(SERVER_DOWN) from exc
            else:
                if response.status_code not in RETRY_STATUSES or attempt >= policy.attempts:
                    return response
                log.info(
                    "%s %s: HTTP %d (try %d, retrying)",
                    method,
                    path,
                    response.status_code,
                    attempt,
                )
            self._sleep(policy.delay(attempt))
            attempt += 1


# ---------------------------------------------------------------------- decoding
def decode(kind: Any, data: Any, status: int = 200) -> Any:
    """``data`` as a value of ``kind``, or ServerUnavailable if it has another shape."""
    try:
        return codec.from_json(kind, data)
    except (codec.DecodeError, TypeError, ValueError, KeyError, DomainError) as exc:
        log.warning("Undecodable answer for %s: %s", getattr(kind, "__name__", kind), exc)
        raise UnexpectedAnswer(msg(NOT_UNDERSTOOD, status=status)) from exc


def _json_of(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError) as exc:
        raise UnexpectedAnswer(msg(NOT_UNDERSTOOD, status=response.status_code)) from exc


def _param(value: str | int | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def error_of(response: httpx.Response) -> DomainError:
    """The typed domain error for an error answer ``{code, message, field?, hintCode?,
    template?, params?}`` (its message translatable again when it has the last two)."""
    status = response.status_code
    try:
        body = response.json()
    except (ValueError, UnicodeDecodeError):
        body = None
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("code"), str)
        or not isinstance(body.get("message"), str)
    ):
        if status >= 500:
            return ServerUnavailable(SERVER_DOWN)
        return UnexpectedAnswer(msg(NOT_UNDERSTOOD, status=status))
    code: str = body["code"]
    message = message_from_json(body["message"], body.get("template"), body.get("params"))
    field = body.get("field") if isinstance(body.get("field"), str) else None
    hint = body.get("hintCode") if isinstance(body.get("hintCode"), str) else None
    if status == 401:
        return NotAuthenticated(message)
    if status == 403:
        if code == "not_authorized":  # the person's authorization is no longer active
            return NotAuthorized(message)
        return PermissionDenied(message)
    if status == 404:
        return NotFound(message)
    if status == 409:
        if code == "bankid":
            return SigningFailed(message, hint)
        return Conflict(message)
    if status == 422:
        if code == "rule":
            return RuleViolation(message, field)
        return ValidationError(message, field)
    if status == 429:
        return TooManyRequests(message)
    if status == 503:
        return ServerUnavailable(msg(SERVER_DOWN_BECAUSE, message=message))
    if status >= 500:
        return ServerUnavailable(SERVER_DOWN)
    return RequestRefused(message)
