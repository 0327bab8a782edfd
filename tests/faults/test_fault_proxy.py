"""The fault proxy itself (``fault_proxy.py``): it forwards what it should, and each fault
happens, is counted, and does to the server and the client what it says.

The server here is a small HTTP/1.1 server on loopback that records every whole request
it got and every connection that ended mid-request, and answers with a running number,
so that an answer can be told from another."""

from __future__ import annotations

import json
import socketserver
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from tests.faults.fault_proxy import USUAL_FAULTS, Fault, FaultPlan, FaultProxy, Request

BODY = json.dumps({"text": "x" * 400}).encode()
KEY = {"Idempotency-Key": "k-1"}


@dataclass
class Seen:
    requests: list[tuple[str, str, bytes]] = field(default_factory=list)
    #: Bytes received on connections that ended mid-request.
    partials: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    release: threading.Event = field(default_factory=threading.Event)


class _Handler(socketserver.StreamRequestHandler):
    seen: Seen

    def handle(self) -> None:
        while True:
            got = bytearray()
            line = self.rfile.readline()
            if not line:
                return
            got += line
            method, path, _ = line.decode("latin-1").split(" ", 2)
            length = 0
            while True:
                line = self.rfile.readline()
                got += line
                if not line.endswith(b"\n"):
                    self._partial(got)
                    return
                if line == b"\r\n":
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            body = self.rfile.read(length)
            if len(body) < length:
                self._partial(got + body)
                return
            with self.seen.lock:
                self.seen.requests.append((method, path, body))
                number = len(self.seen.requests)
            if path == "/slow":
                self.seen.release.wait(10)
            answer = json.dumps({"n": number, "path": path}).encode()
            if path == "/chunked":
                half = len(answer) // 2
                self.wfile.write(
                    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + b"%x\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n"
                    % (half, answer[:half], len(answer) - half, answer[half:])
                )
            elif path == "/close":
                self.wfile.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + answer)
                return
            else:
                self.wfile.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(answer), answer)
                )

    def _partial(self, got: bytes | bytearray) -> None:
        with self.seen.lock:
            self.seen.partials.append(len(got))


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@dataclass
class Backend:
    seen: Seen
    port: int


@pytest.fixture
def backend() -> Iterator[Backend]:
    yield from _backend()


def _backend() -> Iterator[Backend]:
    seen = Seen()
    handler = type("Handler", (_Handler,), {"seen": seen})
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield Backend(seen, server.server_address[1])
    finally:
        seen.release.set()
        server.shutdown()
        server.server_close()
        thread.join(10)


def only(fault: Fault, **options: float) -> FaultPlan:
    return FaultPlan(7, {fault: 1.0}, **options)  # type: ignore[arg-type]


def proxy_to(backend: Backend, plan: FaultPlan | None = None) -> FaultProxy:
    return FaultProxy(("127.0.0.1", backend.port), plan)


def test_forwards_requests_and_answers_of_every_framing(backend: Backend) -> None:
    with proxy_to(backend) as proxy, httpx.Client(base_url=proxy.url) as client:
        assert client.post("/a", content=BODY).json() == {"n": 1, "path": "/a"}
        assert client.get("/chunked").json() == {"n": 2, "path": "/chunked"}
        assert client.post("/b", content=BODY, headers=KEY).json() == {"n": 3, "path": "/b"}
        assert client.get("/close").json() == {"n": 4, "path": "/close"}
        assert client.get("/c").json() == {"n": 5, "path": "/c"}
    assert [r[:2] for r in backend.seen.requests] == [
        ("POST", "/a"),
        ("GET", "/chunked"),
        ("POST", "/b"),
        ("GET", "/close"),
        ("GET", "/c"),
    ]
    assert backend.seen.requests[0][2] == BODY
    assert backend.seen.partials == []
    # One kept-alive connection until the server closed it after /close.
    assert (proxy.counts["connections"], proxy.counts["requests"]) == (2, 5)
    assert proxy.counts["answered"] == proxy.counts["forwarded"] == 5
    assert not proxy._threads


def test_drop_closes_before_anything_reaches_the_server(backend: Backend) -> None:
    with (
        proxy_to(backend, only(Fault.DROP)) as proxy,
        httpx.Client(base_url=proxy.url) as client,
        pytest.raises(httpx.TransportError),
    ):
        client.post("/a", content=BODY)
    assert backend.seen.requests == [] and backend.seen.partials == []
    assert proxy.counts[Fault.DROP] == 1 and proxy.counts["forwarded"] == 0


def test_delay_waits_then_forwards(backend: Backend) -> None:
    plan = only(Fault.DELAY, min_delay=0.3, max_delay=0.3)
    with proxy_to(backend, plan) as proxy, httpx.Client(base_url=proxy.url) as client:
        started = time.monotonic()
        assert client.post("/a", content=BODY).json()["n"] == 1
        assert time.monotonic() - started >= 0.3
    assert proxy.counts[Fault.DELAY] == 1 and len(backend.seen.requests) == 1


@pytest.mark.parametrize("seed", range(6))
def test_cut_request_leaves_the_server_a_part_and_no_request(backend: Backend, seed: int) -> None:
    plan = FaultPlan(seed, {Fault.CUT_REQUEST: 1.0})
    with (
        proxy_to(backend, plan) as proxy,
        httpx.Client(base_url=proxy.url) as client,
        pytest.raises(httpx.TransportError),
    ):
        client.post("/a", content=BODY)
    assert backend.seen.requests == []
    assert len(backend.seen.partials) == 1
    assert 1 <= backend.seen.partials[0] < 200 + len(BODY)
    assert proxy.counts[Fault.CUT_REQUEST] == 1


def test_cut_response_comes_after_the_server_answered(backend: Backend) -> None:
    with (
        proxy_to(backend, only(Fault.CUT_RESPONSE)) as proxy,
        httpx.Client(base_url=proxy.url) as client,
        pytest.raises(httpx.TransportError),
    ):
        client.post("/a", content=BODY)
    assert [r[:2] for r in backend.seen.requests] == [("POST", "/a")]
    assert proxy.counts[Fault.CUT_RESPONSE] == 1 and proxy.counts["answered"] == 0


@pytest.mark.parametrize(("seed", "client_gets"), [(7, 2), (1, 1)])
def test_duplicate_reaches_the_server_twice_and_the_client_once(
    backend: Backend, seed: int, client_gets: int
) -> None:
    """Seed 7 sends the copy first, seed 1 after: the client gets the other answer."""
    plan = FaultPlan(seed, {Fault.DUPLICATE: 1.0})
    with proxy_to(backend, plan) as proxy, httpx.Client(base_url=proxy.url) as client:
        assert client.post("/a", content=BODY, headers=KEY).json()["n"] == client_gets
    assert backend.seen.requests == [("POST", "/a", BODY)] * 2
    assert proxy.counts[Fault.DUPLICATE] == 1 and proxy.counts["answered"] == 1
    # The server answered the two differently (a running number), which is noted for
    # a keyed request: an idempotent server would have answered the same.
    assert len(proxy.differing_duplicates) == 1


def test_duplicate_at_once_reaches_the_server_while_the_real_one_does(
    backend: Backend,
) -> None:
    """The copy is at the server while the real request still is (the server holds
    ``/slow`` until both have come), and the client gets one answer."""
    plan = FaultPlan(1, {Fault.DUPLICATE_AT_ONCE: 1.0})
    with proxy_to(backend, plan) as proxy, httpx.Client(base_url=proxy.url) as client:
        answers: list[int] = []
        thread = threading.Thread(
            target=lambda: answers.append(client.post("/slow", content=BODY).json()["n"])
        )
        thread.start()
        deadline = time.monotonic() + 10
        while len(backend.seen.requests) < 2:
            assert time.monotonic() < deadline, backend.seen.requests
            time.sleep(0.005)
        assert proxy.in_flight == 2
        backend.seen.release.set()
        thread.join(10)
    assert answers in ([1], [2])
    assert backend.seen.requests == [("POST", "/slow", BODY)] * 2
    assert proxy.counts[Fault.DUPLICATE_AT_ONCE] == 1 and proxy.counts["answered"] == 1


def test_faults_only_where_the_plan_applies(backend: Backend) -> None:
    plan = FaultPlan(3, {Fault.DROP: 1.0}, applies=lambda request: request.keyed)
    with proxy_to(backend, plan) as proxy, httpx.Client(base_url=proxy.url) as client:
        assert client.get("/plain").status_code == 200
        with pytest.raises(httpx.TransportError):
            client.post("/keyed", content=BODY, headers=KEY)
    assert [r[1] for r in backend.seen.requests] == ["/plain"]
    assert proxy.counts[Fault.DROP] == 1


def test_down_refuses_connections_until_up_again(backend: Backend) -> None:
    with proxy_to(backend) as proxy, httpx.Client(base_url=proxy.url) as client:
        assert client.get("/a").status_code == 200
        port = proxy.port
        proxy.down = True
        with pytest.raises(httpx.ConnectError):
            client.get("/b")
        with pytest.raises(httpx.ConnectError):
            client.get("/c")
        proxy.down = False
        assert proxy.port == port
        assert client.get("/d").json()["path"] == "/d"
    assert [r[1] for r in backend.seen.requests] == ["/a", "/d"]


def test_a_new_upstream_takes_the_new_connections(backend: Backend) -> None:
    with proxy_to(backend) as proxy:
        for other in _backend():
            proxy.upstream = ("127.0.0.1", other.port)
            with httpx.Client(base_url=proxy.url) as client:
                assert client.get("/there").status_code == 200
            assert [r[1] for r in other.seen.requests] == ["/there"]
    assert backend.seen.requests == []


def test_in_flight_counts_requests_waiting_at_the_server(backend: Backend) -> None:
    with proxy_to(backend) as proxy, httpx.Client(base_url=proxy.url) as client:
        answers: list[int] = []
        thread = threading.Thread(target=lambda: answers.append(client.get("/slow").status_code))
        thread.start()
        deadline = time.monotonic() + 10
        while proxy.in_flight != 1:
            assert time.monotonic() < deadline, "the request never reached the server"
            time.sleep(0.005)
        backend.seen.release.set()
        thread.join(10)
        assert answers == [200] and proxy.in_flight == 0


def test_a_seeded_mix_meets_every_fault_and_the_server_sees_what_it_should(
    backend: Backend,
) -> None:
    plan = FaultPlan.uniform(2026, 0.5)
    plan.max_delay = 0.002
    calls, errors = 300, 0
    with proxy_to(backend, plan) as proxy, httpx.Client(base_url=proxy.url) as client:
        for n in range(calls):
            try:
                client.post(f"/{n}", content=BODY)
            except httpx.TransportError:
                errors += 1
    counts = proxy.counts
    assert all(counts[f] > 0 for f in USUAL_FAULTS), counts
    assert counts["requests"] == calls
    assert errors == counts[Fault.DROP] + counts[Fault.CUT_REQUEST] + counts[Fault.CUT_RESPONSE]
    assert len(backend.seen.partials) == counts[Fault.CUT_REQUEST]
    reached = calls - counts[Fault.DROP] - counts[Fault.CUT_REQUEST] + counts[Fault.DUPLICATE]
    assert len(backend.seen.requests) == reached


def test_the_same_seed_plans_the_same_faults() -> None:
    request = Request("POST", "/", {}, b"")
    first, second = FaultPlan.uniform(5, 0.6), FaultPlan.uniform(5, 0.6)
    assert [first.choose(request) for _ in range(50)] == [second.choose(request) for _ in range(50)]
    with pytest.raises(ValueError):
        FaultPlan(1, {Fault.DROP: 0.7, Fault.DELAY: 0.7})


@pytest.mark.parametrize("seed", range(20))
def test_a_uniform_plan_deals_every_fault_in_each_round(seed: int) -> None:
    """The exactly-once runs assert that every usual fault happened: with a few dozen
    faults, independent draws missed one kind now and then (CI, stop 18); dealt from a
    shuffled deck, every round of len(USUAL_FAULTS) faults holds each kind once."""
    plan, request = FaultPlan.uniform(seed, 0.3), Request("POST", "/", {}, b"")
    faults = [f for f in (plan.choose(request)[0] for _ in range(400)) if f is not None]
    assert 60 < len(faults) < 180  # still about the rate
    size = len(USUAL_FAULTS)
    for start in range(0, len(faults) - size + 1, size):
        assert sorted(faults[start : start + size]) == sorted(USUAL_FAULTS)


@pytest.mark.parametrize("seed", range(10))
def test_first_each_meets_every_fault_in_the_first_requests_even_at_a_low_rate(seed: int) -> None:
    plan, request = FaultPlan.uniform(seed, 0.01, first_each=True), Request("POST", "/", {}, b"")
    first = [plan.choose(request)[0] for _ in range(len(USUAL_FAULTS))]
    assert sorted(f for f in first if f is not None) == sorted(USUAL_FAULTS)
    later = [plan.choose(request)[0] for _ in range(200)]
    assert sum(f is not None for f in later) < 15  # then the rate again
