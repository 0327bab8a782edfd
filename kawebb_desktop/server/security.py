"""The server's security basics: request size limit, JSON-only bodies, a rate limit on
login starts, and an access log that never shows a personnummer.

What is deliberately absent: CORS (no browser front end is served, so no cross-origin
request is allowed), and uvicorn's own access log (it would print paths with
personnummer in them; :class:`AccessLog` replaces it).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from urllib.parse import unquote_plus

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from stdnum import luhn

from kawebb_desktop.domain.messages import msg
from kawebb_desktop.server.errors import (
    BAD_LENGTH,
    NOT_JSON,
    TOO_LARGE,
    TooManyRequests,
    error_body,
    send_json,
)

access_log = logging.getLogger("kawebb.access")

#: Methods whose body the routes read.
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

# ------------------------------------------------------------------ personnummer masking
_TWELVE = re.compile(r"(?<![0-9])([0-9]{8})[-+ ]?[0-9]{4}(?![0-9])")
_TEN_SEPARATED = re.compile(r"(?<![0-9])([0-9]{6})[-+ ][0-9]{4}(?![0-9])")
_TEN_BARE = re.compile(r"(?<![0-9])[0-9]{10}(?![0-9])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def mask_personnummer(text: str) -> str:
    """``text`` with every personnummer-looking token masked: 12 digits (with or
    without a ``-``, ``+`` or space before the last four) become ``YYYYMMDD-****``,
    10 digits with a separator ``YYMMDD-****``, and 10 bare digits whose check digit is
    right ``YYMMDD****``."""
    text = _TWELVE.sub(r"\1-****", text)
    text = _TEN_SEPARATED.sub(r"\1-****", text)
    return _TEN_BARE.sub(lambda m: m[0][:6] + "****" if luhn.is_valid(m[0]) else m[0], text)


def loggable_target(path: str, query: bytes | str) -> str:
    """The request target for the access log: decoded, masked, one line."""
    query_text = query.decode("latin-1") if isinstance(query, bytes) else query
    # Masked before decoding too: a "+" in a query is a space once decoded.
    query_text = unquote_plus(mask_personnummer(query_text))
    target = path + (f"?{query_text}" if query_text else "")
    return _CONTROL.sub("?", mask_personnummer(target))


class AccessLog:
    """ASGI middleware: one line per request on logger ``kawebb.access`` —
    client, method, masked target, status and time taken. Bodies, headers and tokens are
    never logged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        began = time.perf_counter()

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            client = scope.get("client")
            access_log.info(
                '%s "%s %s" %d %.1f ms',
                client[0] if client else "-",
                scope.get("method", "-"),
                loggable_target(scope.get("path", ""), scope.get("query_string", b"")),
                status,
                (time.perf_counter() - began) * 1000,
            )


# ------------------------------------------------------------------ body limits
def _is_json(content_type: str | None) -> bool:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


class BodyLimits:
    """ASGI middleware: a request body is at most ``max_bytes`` (413) and, when a write
    carries one, JSON (415).

    The declared Content-Length is checked before anything is read; the bytes actually
    streamed are counted as well (a chunked body, or one longer than declared). The body
    is read here in full — it is small by definition — and handed on unchanged.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        declared = headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                await send_json(send, 400, error_body("bad_request", BAD_LENGTH))
                return
            if int(declared) > self.max_bytes:
                await self._too_large(send)
                return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if (
            body
            and scope.get("method") in BODY_METHODS
            and not _is_json(headers.get("content-type"))
        ):
            await send_json(send, 415, error_body("unsupported_media_type", NOT_JSON))
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send) -> None:
        message = msg(TOO_LARGE, limit=self.max_bytes)
        await send_json(
            send, 413, error_body("too_large", message), headers={"Connection": "close"}
        )


# ------------------------------------------------------------------ rate limit
class SlidingWindowLimiter:
    """At most ``limit`` events per ``window`` seconds per key (a client IP).

    **Per process**: each server process counts on its own, so with N workers or N
    instances behind a load balancer a client may get up to N × ``limit`` starts per
    window. Put a limit in the reverse proxy too if that matters.
    """

    def __init__(
        self,
        limit: int,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._max_keys = max_keys
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        """Count one event for ``key``; TooManyRequests (nothing counted) if over."""
        now = self._clock()
        with self._lock:
            events = self._events.get(key)
            if events is None:
                if len(self._events) >= self._max_keys:
                    self._forget_idle(now)
                events = self._events[key] = deque()
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= self.limit:
                retry = max(1, int(events[0] + self.window - now) + 1)
                raise TooManyRequests(
                    "För många inloggningsförsök från din dator. Vänta en minut och försök igen.",
                    retry,
                )
            events.append(now)

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, v in self._events.items() if not v or v[-1] <= now - self.window]:
            del self._events[key]
