"""The *remote* backend: the service API over HTTP to ``kawebb serve``.

``connect(url)`` checks that a KA Webb server answers there and returns the same
:class:`~kawebb_desktop.services.api.Services` bundle the local backend gives, so the UI
cannot tell the two apart. The session token is never stored by the client: it lives in
the ``Actor``/``Caller`` the UI holds, in memory only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit

import httpx

from kawebb_desktop.domain.clock import Clock, SystemClock
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.remote.client import (
    RemoteAuth,
    RemoteCases,
    RemoteClaims,
    RemoteDocuments,
    RemoteNews,
    RemoteOrganisations,
    RemotePhone,
    RemoteSigning,
    RemoteSync,
    RemoteUsers,
)
from kawebb_desktop.remote.errors import (
    BAD_URL,
    NOT_KAWEBB,
    UNREACHABLE,
    RequestRefused,
    ServerUnavailable,
    TooManyRequests,
    UnexpectedAnswer,
)
from kawebb_desktop.remote.transport import (
    API_PREFIX,
    DEFAULT_TIMEOUT,
    RetryPolicy,
    Transport,
)
from kawebb_desktop.services.api import Services

__all__ = [
    "RequestRefused",
    "RetryPolicy",
    "ServerUnavailable",
    "TooManyRequests",
    "Transport",
    "UnexpectedAnswer",
    "close",
    "connect",
    "reachable",
]


def connect(
    base_url: str,
    *,
    clock: Clock | None = None,
    timeout: float = 10.0,
    transport: httpx.BaseTransport | None = None,
    retry: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    probe: bool = True,
) -> Services:
    """The service API of the KA Webb server at ``base_url`` (e.g. ``http://127.0.0.1:8000``).

    ``probe=False`` (the offline backend starting without the server, issue 11): no
    health check; the signer is called BankID and there is no simulated phone.

    Asks ``GET /api/v1/health`` first, waiting at most ``timeout`` seconds for it;
    raises :class:`ServerUnavailable` with a Swedish message if nothing answers or what
    answers is not a KA Webb server. Later calls use connect 5 s / read 15 s timeouts and
    retry as :mod:`kawebb_desktop.remote.transport` describes. ``transport`` replaces the
    network (tests). Release the connections with :func:`close` when done.
    """
    url = base_url.strip().rstrip("/")
    if url.endswith(API_PREFIX):
        url = url[: -len(API_PREFIX)]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ServerUnavailable(msg(BAD_URL, url=base_url))
    wire = Transport(
        url,
        timeout=DEFAULT_TIMEOUT,
        transport=transport,
        retry=retry or RetryPolicy(),
        sleep=sleep,
    )
    health: dict[str, object] = {"signer": "BankID", "demo": False}
    try:
        if probe:
            health = _health(wire, url, timeout)
    except BaseException:
        wire.close()
        raise
    clock = clock or SystemClock()
    signer, demo = str(health["signer"]), health["demo"] is True
    return Services(
        clock=clock,
        auth=RemoteAuth(wire),
        users=RemoteUsers(wire, clock),
        signing=RemoteSigning(wire),
        organisations=RemoteOrganisations(wire),
        cases=RemoteCases(wire),
        news=RemoteNews(wire),
        claims=RemoteClaims(wire),
        documents=RemoteDocuments(wire),
        sync=RemoteSync(wire),
        description=f"Server: {url}",
        signer_name=signer,
        demo_phone=RemotePhone(wire, API_PREFIX) if demo else None,
    )


def reachable(services: Services, timeout: float = 3.0) -> bool:
    """Whether the KA Webb server of a bundle made by :func:`connect` answers now."""
    auth = services.auth
    if not isinstance(auth, RemoteAuth):
        return True
    try:
        _health(auth.transport, auth.transport.base_url, timeout)
    except DomainError:
        return False
    return True


def close(services: Services) -> None:
    """Close the connections of a bundle made by :func:`connect` (others: nothing)."""
    auth = services.auth
    if isinstance(auth, RemoteAuth):
        auth.transport.close()


def _health(wire: Transport, url: str, timeout: float) -> dict[str, object]:
    probe = httpx.Timeout(timeout, connect=min(5.0, timeout))
    try:
        data = wire.call_json("GET", "/health", timeout=probe)
    except UnexpectedAnswer as exc:
        raise ServerUnavailable(msg(NOT_KAWEBB, url=url)) from exc
    except ServerUnavailable as exc:
        if isinstance(exc.__cause__, httpx.HTTPError):  # nothing answered at all
            raise ServerUnavailable(msg(UNREACHABLE, url=url)) from exc
        raise  # a KA Webb server that cannot serve now (503: its database…)
    except DomainError as exc:  # 404 and the like: something else lives there
        raise ServerUnavailable(msg(NOT_KAWEBB, url=url)) from exc
    if (
        not isinstance(data, dict)
        or data.get("status") != "ok"
        or not isinstance(data.get("signer"), str)
        or not isinstance(data.get("demo"), bool)
    ):
        raise ServerUnavailable(msg(NOT_KAWEBB, url=url))
    return data
