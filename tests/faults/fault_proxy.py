"""A fault proxy for the tests (issue 11): a real TCP proxy on loopback between an HTTP
client and the KA Webb server that breaks connections on a seeded random plan.

The client is given the proxy's address instead of the server's. The proxy reads each
HTTP/1.1 request whole (its head, then its body by ``Content-Length`` or chunks), asks the
:class:`FaultPlan` what to do with it, and either forwards it on its own keep-alive
connection to the server and the answer back, or does one of the :class:`Fault` s:

``drop``          close the client's connection without forwarding anything;
``delay``         wait a random while (up to the plan's ``max_delay``), then forward;
``cut_request``   send only part of the request's bytes to the server, then close both
                  connections (after the server has seen the part and closed its side);
``cut_response``  forward the request, read the server's whole answer, give the client
                  only part of it, then close the client's connection;
``duplicate``     send the same request bytes to the server on a new connection as well,
                  before or after the real one, and give the client only the real answer;
``duplicate_at_once``  the same, the copy sent at the same moment as the real one (as a
                  client's retry can reach a server still busy with the first try).

``down`` closes everything and stops listening (a connect is refused) until ``down`` is
set back; the port stays the same. ``upstream`` may be changed while running (a server
restarted elsewhere). :attr:`FaultProxy.counts` says how many requests met each fault,
and :attr:`FaultProxy.in_flight` how many were at the server waiting for their answer.

One thread accepts, one thread serves each client connection; :meth:`FaultProxy.stop`
closes every socket and joins them.
"""

from __future__ import annotations

import collections
import enum
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

#: How long the proxy waits for a server's answer or its close.
UPSTREAM_TIMEOUT = 30.0
#: How long a cut request waits for the server to close its side.
CUT_WAIT = 5.0
MAX_HEAD = 64 * 1024


class Fault(enum.StrEnum):
    DROP = "drop"
    DELAY = "delay"
    CUT_REQUEST = "cut_request"
    CUT_RESPONSE = "cut_response"
    DUPLICATE = "duplicate"
    #: The copy at the same time as the real one (not in :meth:`FaultPlan.uniform`).
    DUPLICATE_AT_ONCE = "duplicate_at_once"


#: The faults :meth:`FaultPlan.uniform` spreads its rate over.
USUAL_FAULTS = tuple(f for f in Fault if f is not Fault.DUPLICATE_AT_ONCE)


class ProtocolError(Exception):
    """What came over a connection is not HTTP/1.1 the proxy can frame."""


@dataclass(frozen=True)
class Request:
    method: str
    target: str
    #: Header names in lower case.
    headers: Mapping[str, str]
    raw: bytes

    @property
    def keyed(self) -> bool:
        """A write with an ``Idempotency-Key`` (one the client may retry)."""
        return "idempotency-key" in self.headers


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    raw: bytes
    body: bytes
    #: The server closes the connection after this answer.
    closes: bool


def every_request(request: Request) -> bool:
    return True


@dataclass
class FaultPlan:
    """Which fault, if any, each request meets: fault ``f`` with probability
    ``rates[f]`` (their sum at most 1), drawn from a generator seeded with ``seed``;
    requests ``applies`` says no to always pass untouched.

    With ``dealt`` the kinds are dealt like cards instead: a request meets a fault
    with the rates' sum, and which one comes from a shuffled deck of the rated kinds,
    so every run of as many faults as there are kinds (from the start, one deck at a
    time) holds each kind once. A run long enough to meet a handful of faults then
    meets every kind, which independent draws leave to chance. With ``first_each`` too,
    the first requests the plan applies to take the first deck whatever the draw: a run
    with that many such requests meets every kind however few faults the rate gives it."""

    seed: int
    rates: Mapping[Fault, float] = field(default_factory=dict)
    max_delay: float = 0.05
    min_delay: float = 0.0
    applies: Callable[[Request], bool] = every_request
    dealt: bool = False
    first_each: bool = False

    def __post_init__(self) -> None:
        if sum(self.rates.values()) > 1.0 + 1e-9 or any(r < 0 for r in self.rates.values()):
            raise ValueError(f"fault rates must be ≥ 0 and sum to at most 1: {self.rates}")
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()
        self._deck: list[Fault] = []
        first_kinds = [f for f in Fault if self.rates.get(f, 0.0) > 0]
        if self.first_each:
            self._deck = list(first_kinds)
            self._rng.shuffle(self._deck)
        self._forced = len(self._deck) if self.first_each else 0

    @classmethod
    def uniform(
        cls,
        seed: int,
        rate: float,
        *,
        applies: Callable[[Request], bool] = every_request,
        first_each: bool = False,
    ) -> FaultPlan:
        """Every usual fault equally likely, ``rate`` in all."""
        rates: dict[Fault, float] = dict.fromkeys(USUAL_FAULTS, rate / len(USUAL_FAULTS))
        return cls(seed, rates, applies=applies, dealt=True, first_each=first_each)

    def choose(self, request: Request) -> tuple[Fault | None, float]:
        """The fault for ``request`` (or None), and a number in [0, 1) that places it
        (where to cut, how long to wait, whether a duplicate goes first)."""
        if not self.applies(request):
            return None, 0.0
        with self._lock:
            draw, share = self._rng.random(), self._rng.random()
            if self.dealt:
                if self._forced > 0:
                    self._forced -= 1
                    return self._deck.pop(), share
                if draw >= sum(self.rates.values()):
                    return None, share
                if not self._deck:
                    self._deck = [f for f in Fault if self.rates.get(f, 0.0) > 0]
                    self._rng.shuffle(self._deck)
                return self._deck.pop(), share
        for fault in Fault:
            rate = self.rates.get(fault, 0.0)
            if draw < rate:
                return fault, share
            draw -= rate
        return None, share


# ---------------------------------------------------------------------- framing
class _Stream:
    """Buffered reads from a socket; every byte read is kept in :attr:`taken`."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._buffer = bytearray()
        self.taken = bytearray()

    def _fill(self) -> bool:
        chunk = self.sock.recv(65536)
        if not chunk:
            return False
        self._buffer += chunk
        return True

    def start(self) -> bool:
        """Wait for the first byte of a message: False if the peer closed first."""
        self.taken = bytearray()
        return bool(self._buffer) or self._fill()

    def until(self, marker: bytes, limit: int = MAX_HEAD) -> bytes:
        while (end := self._buffer.find(marker)) < 0:
            if len(self._buffer) > limit:
                raise ProtocolError("a head or chunk line is too long")
            if not self._fill():
                raise ProtocolError("the peer closed mid-message")
        return self.exactly(end + len(marker))

    def exactly(self, count: int) -> bytes:
        while len(self._buffer) < count:
            if not self._fill():
                raise ProtocolError("the peer closed mid-message")
        data = bytes(self._buffer[:count])
        del self._buffer[:count]
        self.taken += data
        return data

    def rest(self) -> bytes:
        while self._fill():
            pass
        return self.exactly(len(self._buffer))


def _head(stream: _Stream) -> tuple[str, dict[str, str]]:
    lines = stream.until(b"\r\n\r\n").decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    return lines[0], headers


def _body(stream: _Stream, headers: Mapping[str, str]) -> bytes:
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = bytearray()
        while True:
            size = int(stream.until(b"\r\n").split(b";")[0].strip(), 16)
            if size == 0:
                while stream.until(b"\r\n") != b"\r\n":  # trailers, then an empty line
                    pass
                return bytes(body)
            body += stream.exactly(size)
            stream.exactly(2)
    return stream.exactly(int(headers.get("content-length", "0")))


def read_request(stream: _Stream) -> Request | None:
    """The next whole request, or None if the client closed the connection first."""
    if not stream.start():
        return None
    start, headers = _head(stream)
    parts = start.split(" ")
    if len(parts) != 3:
        raise ProtocolError(f"not a request line: {start!r}")
    _body(stream, headers)
    return Request(parts[0], parts[1], headers, bytes(stream.taken))


def read_response(stream: _Stream, method: str) -> Response:
    """The whole answer to a request with ``method``."""
    if not stream.start():
        raise ProtocolError("the server closed the connection without answering")
    start, headers = _head(stream)
    try:
        status = int(start.split(" ")[1])
    except (IndexError, ValueError):
        raise ProtocolError(f"not a status line: {start!r}") from None
    closes = headers.get("connection", "").lower() == "close"
    if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
        body = b""
    elif "content-length" in headers or "chunked" in headers.get("transfer-encoding", ""):
        body = _body(stream, headers)
    else:  # the body runs to the end of the connection
        body, closes = stream.rest(), True
    return Response(status, headers, bytes(stream.taken), body, closes)


def _close(sock: socket.socket | None) -> None:
    if sock is None:
        return
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


# ---------------------------------------------------------------------- the proxy
class FaultProxy:
    """``with FaultProxy(("127.0.0.1", server_port), plan) as proxy:`` — then give the
    client ``proxy.url``."""

    def __init__(
        self, upstream: tuple[str, int], plan: FaultPlan | None = None, *, port: int = 0
    ) -> None:
        self.upstream = upstream
        self.plan = plan or FaultPlan(0)
        self.counts: collections.Counter[str] = collections.Counter()
        #: Keyed duplicates whose two answers differed (status or body).
        self.differing_duplicates: list[tuple[Request, Response, Response]] = []
        self._lock = threading.Lock()
        self._in_flight = 0
        self._stopped = False
        self._down = False
        self._sockets: set[socket.socket] = set()
        self._threads: set[threading.Thread] = set()
        self._listener: socket.socket | None = None
        self._acceptor: threading.Thread | None = None
        self.port = port
        self._listen()

    # -- life
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
        self._unlisten()
        self._close_all()
        for thread in list(self._threads):
            thread.join(timeout=10)

    @property
    def down(self) -> bool:
        return self._down

    @down.setter
    def down(self, value: bool) -> None:
        """Down: refuse new connections and close the open ones. Up: listen again."""
        with self._lock:
            if value == self._down:
                return
            self._down = value
        if value:
            self._unlisten()
            self._close_all()
        else:
            self._listen()

    @property
    def in_flight(self) -> int:
        """Requests forwarded to the server whose answers have not been read yet."""
        with self._lock:
            return self._in_flight

    def count(self, name: str) -> int:
        with self._lock:
            return self.counts[name]

    def _count(self, name: str) -> None:
        with self._lock:
            self.counts[name] += 1

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        self._acceptor = self._spawn(self._accept, listener)

    def _unlisten(self) -> None:
        listener, self._listener = self._listener, None
        _close(listener)
        acceptor, self._acceptor = self._acceptor, None
        if acceptor is not None and acceptor is not threading.current_thread():
            acceptor.join(timeout=10)

    def _close_all(self) -> None:
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _close(sock)

    def _spawn(self, target: Callable[..., None], *args: object) -> threading.Thread:
        thread = threading.Thread(target=self._run, args=(target, *args), daemon=True)
        with self._lock:
            self._threads.add(thread)
        thread.start()
        return thread

    def _run(self, target: Callable[..., None], *args: object) -> None:
        try:
            target(*args)
        finally:
            with self._lock:
                self._threads.discard(threading.current_thread())

    @contextmanager
    def _tracked(self, sock: socket.socket) -> Iterator[socket.socket]:
        with self._lock:
            if self._stopped or self._down:
                _close(sock)
                raise OSError("the proxy is down")
            self._sockets.add(sock)
        try:
            yield sock
        finally:
            with self._lock:
                self._sockets.discard(sock)
            _close(sock)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # the listener was closed
            self._count("connections")
            self._spawn(self._serve, client)

    def _connect_upstream(self) -> socket.socket:
        sock = socket.create_connection(self.upstream, timeout=UPSTREAM_TIMEOUT)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    # -- one client connection
    def _serve(self, client: socket.socket) -> None:
        try:
            with self._tracked(client):
                client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                self._relay(client)
        except (OSError, ProtocolError):
            pass

    def _relay(self, client: socket.socket) -> None:
        from_client = _Stream(client)
        upstream: socket.socket | None = None
        from_server: _Stream | None = None
        try:
            while True:
                request = read_request(from_client)
                if request is None:
                    return
                self._count("requests")
                fault, share = self.plan.choose(request)
                if fault is not None:
                    self._count(fault.value)
                if fault is Fault.DROP:
                    return
                if fault is Fault.DELAY:
                    plan = self.plan
                    time.sleep(plan.min_delay + share * (plan.max_delay - plan.min_delay))
                if upstream is None:
                    try:
                        upstream = self._connect_upstream()
                    except OSError:
                        self._count("upstream_refused")
                        return
                    with self._lock:
                        if self._stopped or self._down:
                            return
                        self._sockets.add(upstream)
                    from_server = _Stream(upstream)
                assert from_server is not None
                if fault is Fault.CUT_REQUEST:
                    self._cut_request(upstream, request.raw, share)
                    return
                first = None
                copy: list[Response | None] = []
                at_once = threading.Thread(
                    target=self._copy_into, args=(request, copy), daemon=True
                )
                if fault is Fault.DUPLICATE and share < 0.5:
                    first = self._exchange_apart(request)
                if fault is Fault.DUPLICATE_AT_ONCE:
                    at_once.start()
                answer = self._exchange(upstream, from_server, request)
                if fault is Fault.DUPLICATE and share >= 0.5:
                    first = self._exchange_apart(request)
                if fault is Fault.DUPLICATE_AT_ONCE:
                    at_once.join(UPSTREAM_TIMEOUT)
                    first = copy[0] if copy else None
                if (
                    first is not None
                    and request.keyed
                    and ((first.status, first.body) != (answer.status, answer.body))
                ):
                    with self._lock:
                        self.differing_duplicates.append((request, first, answer))
                if fault is Fault.CUT_RESPONSE:
                    client.sendall(answer.raw[: int(share * len(answer.raw))])
                    return
                client.sendall(answer.raw)
                self._count("answered")
                if answer.closes:
                    return
        finally:
            if upstream is not None:
                with self._lock:
                    self._sockets.discard(upstream)
                _close(upstream)

    def _exchange(self, upstream: socket.socket, stream: _Stream, request: Request) -> Response:
        with self._lock:
            self._in_flight += 1
        try:
            upstream.sendall(request.raw)
            self._count("forwarded")
            return read_response(stream, request.method)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _exchange_apart(self, request: Request) -> Response | None:
        """The request once more on a connection of its own; its answer is read whole
        and kept from the client (None if the server could not be reached)."""
        try:
            sock = self._connect_upstream()
        except OSError:
            return None
        with self._tracked(sock):
            return self._exchange(sock, _Stream(sock), request)

    def _copy_into(self, request: Request, answers: list[Response | None]) -> None:
        try:
            answers.append(self._exchange_apart(request))
        except (OSError, ProtocolError):
            answers.append(None)

    def _cut_request(self, upstream: socket.socket, raw: bytes, share: float) -> None:
        """Part of ``raw`` (at least a byte, never all) to the server, then the end of
        the stream; returns once the server has closed its side (it has read the part)."""
        part = raw[: 1 + int(share * (len(raw) - 1))]
        upstream.sendall(part)
        upstream.shutdown(socket.SHUT_WR)
        upstream.settimeout(CUT_WAIT)
        answered = False
        try:
            while upstream.recv(65536):
                answered = True
        except OSError:
            pass
        if answered:  # an error answer to the broken request, never a real one
            self._count("answers_to_cut_requests")


__all__ = [
    "USUAL_FAULTS",
    "Fault",
    "FaultPlan",
    "FaultProxy",
    "ProtocolError",
    "Request",
    "Response",
]
