#!/usr/bin/env python3
"""Benchmark: ``kawebb serve`` on PostgreSQL under concurrent clients (issue 5, "Speed").

What it does, in one run:

  set-up   a PostgreSQL schema of its own (``--schema``, default ``kawebb_bench``) filled
           by ``create_demo`` (so it is marked as a demo store and the BankID simulator
           may be used) with ``--cases`` cases (default 1 000 000), then ``VACUUM ANALYZE``
           of its tables (what autovacuum would soon do).
           ``--reuse`` keeps a schema that already holds a demo store with exactly that
           many cases. No other schema is touched.
  server   uvicorn with the server's app factory
           (``kawebb_desktop.server.app:create_app_from_env``), ``--workers`` processes on
           a free loopback port, the simulator as signer; waits for ``/api/v1/health``.
  login    ``--sessions`` sessions over HTTP as Dorotea's behörighetsadministratörer
           (auth/start → simulator approve → auth/collect → auth/enter); clients share
           them round-robin.
  direct   the floor: the same service calls, in process (``LocalServices`` over the same
           PostgreSQL store), one at a time, for ``--direct-seconds``.
  serial   one HTTP client, one request at a time, for ``--serial-seconds``: with the
           direct run, the server's overhead per request (ratio server/direct).
  levels   ``--levels`` concurrent clients (default 10, 50, 200), each a loop of the mix
           below; ``--seconds`` per level, ``--last-seconds`` for the last (highest) level.
           A request counts if it *started* in the window (the ones still running at its
           end are waited for); throughput counts the answers within the window. The
           client's read timeout is the app's own (15 s): a slower answer is an error.

Every measured run also reports the CPU used (cores) by the server's processes, by
PostgreSQL, by this load generator and by everything else on the machine, and the
server's own time per request (its access log). On a shared machine ``--quiet-wait``
waits for the others to go quiet before each run. ``--nodelay`` starts uvicorn with
TCP_NODELAY on its listening socket (see ``NODELAY_LAUNCHER``).

The mix (per client, seeded, so the direct and the serial run make the same calls):
  cases    ``GET /organisations/{org}/cases`` — unit, name/case-number/birth-date search,
           status filter, closed cases shown or not, every sort in both directions, page
           offsets 0 … 10 000 (see ``case_query``)
  users    ``GET /organisations/{org}/users`` — search text, sort, page
  create   ``POST /organisations/{org}/users`` (a pending *Ny* with a fresh personnummer
           and Idempotency-Key) followed at once by
  discard  ``POST /organisations/{org}/pending/{id}/discard``

Prints one JSON object per line (``phase``: setup, server, login, direct, serial, level,
summary); times in milliseconds unless the name ends in ``_s``. Progress notes go to
stderr and start with ``#``. ``--table`` also prints Markdown tables to stderr.
This is a measurement script, not a test: it asserts nothing about time.

  .venv/bin/python benchmarks/server_load.py             # set-up (1-2 min), then ~7 min
  .venv/bin/python benchmarks/server_load.py --reuse     # keep the loaded schema
  .venv/bin/python benchmarks/server_load.py --schema kawebb_bench_small --cases 20000 \\
      --levels 5,20 --seconds 5 --last-seconds 5 --direct-seconds 3 --serial-seconds 3
      --drop-after                                       # smoke run, ~1 min
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_SCHEMA = "kawebb_bench"
DOROTEA_ORG_NUMBER = "2120002809"
API = "/api/v1"
KINDS = ("cases", "users", "create", "discard")
#: Mix weights per iteration of a client: a case page, a user list, a write pair.
DEFAULT_MIX = "cases=6,users=3,write=1"
#: The e-mail domain of the benchmark's pending users (how leftovers are recognised).
MARK = "@bench.example"
#: No level may have more clients than this (the benchmark stays bounded).
MAX_CLIENTS = 500


def note(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def emit(record: dict[str, Any]) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


# ----------------------------------------------------------------------------- set-up
def _admin_engine(url: str) -> Any:
    from sqlalchemy import create_engine, make_url
    from sqlalchemy.pool import NullPool

    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, poolclass=NullPool)


def _schema_exists(url: str, schema: str) -> bool:
    from sqlalchemy import text

    engine = _admin_engine(url)
    try:
        with engine.connect() as c:
            return bool(
                c.execute(
                    text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :s"),
                    {"s": schema},
                ).first()
            )
    finally:
        engine.dispose()


def _drop_schema(url: str, schema: str) -> None:
    from sqlalchemy import text

    engine = _admin_engine(url)
    try:
        with engine.begin() as c:
            c.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        engine.dispose()


def _count_cases(store: Any) -> int:
    from sqlalchemy import text

    with store.engine.connect() as c:
        return int(c.execute(text("SELECT count(*) FROM cases")).scalar_one())


def _clean_leftovers(store: Any) -> int:
    """Pending changes left by an interrupted earlier run of this benchmark (they would
    make a reused personnummer a rule violation). Only in the benchmark's own schema."""
    from sqlalchemy import text

    with store.engine.begin() as c:
        removed = c.execute(
            text("DELETE FROM pending_changes WHERE payload LIKE :mark"), {"mark": f"%{MARK}%"}
        )
        return int(removed.rowcount or 0)


def setup_store(url: str, schema: str, cases: int, reuse: bool) -> tuple[Any, dict[str, Any]]:
    from kawebb_desktop.demo import create_demo
    from kawebb_desktop.domain.clock import SystemClock
    from kawebb_desktop.services.demo import is_demo_store
    from kawebb_desktop.store.sql import open_store

    info: dict[str, Any] = {"phase": "setup", "schema": schema, "cases": cases}
    if reuse and _schema_exists(url, schema):
        t0 = time.perf_counter()
        store = open_store(url, schema=schema)
        have = _count_cases(store)
        if is_demo_store(store) and have == cases:
            info.update(
                reused=True,
                open_s=round(time.perf_counter() - t0, 3),
                leftover_pending_removed=_clean_leftovers(store),
            )
            return store, info
        note(f"schema {schema} holds {have} cases (demo={is_demo_store(store)}): rebuilding")
        store.close()
    t0 = time.perf_counter()
    _drop_schema(url, schema)
    store = open_store(url, schema=schema, create_schema=True)
    t_schema = time.perf_counter()
    note(f"create_demo with {cases} cases into schema {schema} …")
    create_demo(store, SystemClock(), cases=cases)
    t_demo = time.perf_counter()
    from sqlalchemy import text

    # What autovacuum would soon do after a bulk load; without it PostgreSQL plans the
    # first queries with no statistics at all.
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        tables = c.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}
        ).scalars()
        for table in list(tables):
            c.execute(text(f'VACUUM ANALYZE "{schema}"."{table}"'))
    t_analyze = time.perf_counter()
    info.update(
        reused=False,
        migrate_s=round(t_schema - t0, 2),
        create_demo_s=round(t_demo - t_schema, 2),
        cases_per_s=round(cases / max(t_demo - t_schema, 1e-9)),
        vacuum_analyze_s=round(t_analyze - t_demo, 2),
        total_s=round(t_analyze - t0, 2),
        demo_store=is_demo_store(store),
        counted=_count_cases(store),
    )
    return store, info


@dataclass(frozen=True)
class DemoFacts:
    organisation_id: int
    #: Dorotea's two units, the main one first.
    unit_ids: tuple[int, ...]
    admins: tuple[str, ...]  # personnummer of Dorotea's active behörighetsadministratörer


def demo_facts(store: Any) -> DemoFacts:
    from kawebb_desktop.domain.roles import Role

    with store.unit_of_work() as uow:
        org = next(
            o for o in uow.organisations.list_all() if o.org_number.value == DOROTEA_ORG_NUMBER
        )
        units = sorted(uow.units.for_organisation(org.id), key=lambda u: u.id)
        from kawebb_desktop.domain.queries import UserQuery

        users = uow.users.page(org.id, UserQuery(limit=500)).items
    admins = tuple(u.personnummer.value for u in users if u.role is Role.BEHORIGHETSADMINISTRATOR)
    return DemoFacts(org.id, tuple(u.id for u in units), admins)


# ----------------------------------------------------------------------------- the mix
NAME_WORDS = ["berg", "lind", "ström", "Öberg", "sson", "alva", "Saga Holm", "åsa", "ali", "q"]
CASE_SORTS = [
    "last_event_on",
    "last_event",
    "case_number",
    "first_name",
    "last_name",
    "status",
    "start_date",
    "end_date",
]
CASE_STATUSES = ["Påbörjad", "Planering", "Överenskommelse", "Avslutad"]  # by value
USER_SORTS = ["first_name", "last_name", "birth_date", "email", "role", "start_date", "end_date"]
USER_TEXTS = ["", "", "", "a", "berg", "dorotea", "19", "anders"]


def _pick_offset(rng: random.Random, limit: int) -> int:
    r = rng.random()
    if r < 0.6:
        return 0  # the first page
    if r < 0.85:
        return limit * rng.randint(1, 10)  # paging on
    return limit * rng.randint(20, 200)  # far into the list (1 000 … 10 000)


def case_query(rng: random.Random, unit_ids: tuple[int, ...]) -> dict[str, Any]:
    """One *Översikt* request: mostly the main unit, a search in 45 % of them."""
    unit = unit_ids[0] if rng.random() < 0.8 or len(unit_ids) == 1 else rng.choice(unit_ids[1:])
    q: dict[str, Any] = {"unit_id": unit, "limit": 50}
    r = rng.random()
    if r < 0.30:
        q["text"], q["search_field"] = rng.choice(NAME_WORDS), "namn"
    elif r < 0.38:
        q["text"], q["search_field"] = str(rng.randint(352, 399)), "arende"
    elif r < 0.45:
        q["text"], q["search_field"] = str(rng.randint(1995, 2005)), "fodelsedatum"
    if rng.random() < 0.15:
        q["status"] = rng.choice(CASE_STATUSES)
    elif rng.random() < 0.2:
        q["include_closed"] = True
    q["sort"] = rng.choice(CASE_SORTS)
    q["descending"] = rng.random() < 0.5
    q["offset"] = _pick_offset(rng, 50)
    return q


def case_shape(q: dict[str, Any]) -> str:
    """What decides a case page's cost: the filter, and how far into the list."""
    what = q.get("search_field", "") if q.get("text") else ""
    what = what or ("status" if "status" in q else "all" if q.get("include_closed") else "open")
    where = "first" if q["offset"] == 0 else "near" if q["offset"] <= 500 else "far"
    return f"{what}/{where}"


def user_query(rng: random.Random) -> dict[str, Any]:
    return {
        "text": rng.choice(USER_TEXTS),
        "sort": rng.choice(USER_SORTS),
        "descending": rng.random() < 0.3,
        "offset": rng.choice([0, 0, 0, 10]),
        "limit": 10,
    }


class Personnummers:
    """Fresh, valid personnummer for the write mix (born 1930–1999, serials 100–899:
    never a demo person's). ``start`` varies per run so that a leftover from an earlier
    run cannot collide."""

    def __init__(self, start: int) -> None:
        self._n = start

    def next(self) -> str:
        from kawebb_desktop.demo import personnummer_for

        self._n += 1
        day, serial = divmod(self._n, 800)
        birth = dt.date(1930, 1, 1) + dt.timedelta(days=day % (70 * 365))
        return personnummer_for(birth.strftime("%Y%m%d"), 100 + serial).value


def user_draft(pnr: str, today: dt.date) -> dict[str, Any]:
    return {
        "first_name": "Bänk",
        "last_name": "Testsson",
        "personnummer": pnr,
        "email": f"bank.{pnr}{MARK}",
        "role": "lasare",
        "start_date": today.isoformat(),
        "end_date": dt.date(today.year + 1, 12, 31).isoformat(),
    }


def parse_mix(text: str) -> list[tuple[str, int]]:
    out = []
    for part in text.split(","):
        name, _, weight = part.partition("=")
        if name not in ("cases", "users", "write"):
            raise SystemExit(f"unknown mix kind {name!r} (cases, users, write)")
        out.append((name, int(weight)))
    return out


def operations(
    seed: int, facts: DemoFacts, mix: list[tuple[str, int]]
) -> Iterator[tuple[str, dict[str, Any] | None]]:
    rng = random.Random(seed)
    names, weights = zip(*mix, strict=True)
    while True:
        kind = rng.choices(names, weights)[0]
        if kind == "cases":
            yield kind, case_query(rng, facts.unit_ids)
        elif kind == "users":
            yield kind, user_query(rng)
        else:
            yield kind, None


# ----------------------------------------------------------------------------- stats
def pct(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(-(-p * len(sorted_values) // 100)) - 1))
    return sorted_values[k]


def summarize(latencies: list[float], seconds: float, done: int | None = None) -> dict[str, Any]:
    """``rps`` counts the requests answered within the window (``done``, default all)."""
    v = sorted(latencies)
    if not v:
        return {"n": 0}
    return {
        "n": len(v),
        "rps": round((len(v) if done is None else done) / seconds, 1),
        "mean": round(statistics.fmean(v) * 1000, 2),
        "p50": round(pct(v, 50) * 1000, 2),
        "p90": round(pct(v, 90) * 1000, 2),
        "p99": round(pct(v, 99) * 1000, 2),
        "max": round(v[-1] * 1000, 2),
    }


@dataclass
class Recorder:
    """Latencies and errors of the requests *started* within the window [start, stop)
    (those still running at ``stop`` are waited for, so a slow tail is not cut off);
    throughput counts the answers that came within the window."""

    start: float = 0.0
    stop: float = float("inf")
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    done: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    #: Case pages by the shape of their query (see ``case_shape``).
    shapes: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    #: Time from a request's start to its first byte on the wire (the client's connection
    #: pool and, for a new connection, the TCP connect), and the new connections made.
    before_send: list[float] = field(default_factory=list)
    connects: int = 0

    def client_side(self, t0: float, t_sent: float, connects: int) -> None:
        if self.start <= t0 < self.stop:
            self.before_send.append(t_sent - t0)
            self.connects += connects

    def ok(self, kind: str, t0: float, t1: float, shape: str | None = None) -> None:
        if not self.start <= t0 < self.stop:
            return
        self.latencies[kind].append(t1 - t0)
        if t1 <= self.stop:
            self.done[kind] += 1
        if shape is not None:
            self.shapes[shape].append(t1 - t0)

    def error(self, kind: str, t0: float, what: str) -> None:
        if not self.start <= t0 < self.stop:
            return
        self.errors[f"{kind}:{what.split(' ', 1)[0]}"] += 1
        if len(self.error_samples) < 10:
            self.error_samples.append(f"{kind}: {what[:300]}")

    def report(self, seconds: float) -> dict[str, Any]:
        kinds = {
            k: summarize(self.latencies[k], seconds, self.done[k])
            for k in KINDS
            if self.latencies[k]
        }
        everything = [x for k in KINDS for x in self.latencies[k]]
        return {
            "overall": summarize(everything, seconds, sum(self.done.values())),
            "kinds": kinds,
            "errors": sum(self.errors.values()),
            "errors_by_kind": dict(self.errors),
            "error_samples": self.error_samples,
            "case_shapes": {k: summarize(v, seconds) for k, v in sorted(self.shapes.items())},
            **(
                {
                    "client_before_send": summarize(self.before_send, seconds),
                    "new_connections": self.connects,
                }
                if self.before_send
                else {}
            ),
        }


# ----------------------------------------------------------------------------- CPU use
CLK_TCK = os.sysconf("SC_CLK_TCK")


def _proc_stat(pid: int) -> tuple[str, int, float, float] | None:
    """``comm``, parent pid, CPU seconds of the process, and of its reaped children."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            raw = f.read()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1 : raw.rindex(")")]
    rest = raw[raw.rindex(")") + 2 :].split()
    ppid = int(rest[1])
    cpu = (int(rest[11]) + int(rest[12])) / CLK_TCK  # utime + stime
    children = (int(rest[13]) + int(rest[14])) / CLK_TCK  # cutime + cstime
    return comm, ppid, cpu, children


def cpu_snapshot(server_pid: int | None) -> dict[str, float]:
    """CPU seconds so far: the whole machine, this process, the server's process tree,
    and PostgreSQL (every postgres process, plus what the postmaster's ended children —
    backends, parallel workers — used, so that nothing is lost when one ends)."""
    with open("/proc/stat", encoding="ascii") as f:
        fields_ = [int(x) for x in f.readline().split()[1:]]
    idle = fields_[3] + fields_[4]
    busy = sum(fields_[:8]) - idle
    procs: dict[int, tuple[str, int, float, float]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = _proc_stat(int(name))
            if st:
                procs[int(name)] = st
    server = 0.0
    if server_pid is not None:
        tree = {server_pid}
        changed = True
        while changed:
            changed = False
            for pid, (_c, ppid, _cpu, _ch) in procs.items():
                if ppid in tree and pid not in tree:
                    tree.add(pid)
                    changed = True
        server = sum(procs[p][2] + procs[p][3] for p in tree if p in procs)
    postgres = 0.0
    for comm, ppid, cpu, children in procs.values():
        if comm.startswith("postgres"):
            postgres += cpu
            if not procs.get(ppid, ("",))[0].startswith("postgres"):  # the postmaster
                postgres += children
    own = procs.get(os.getpid(), ("", 0, 0.0, 0.0))[2]
    return {"machine": busy / CLK_TCK, "client": own, "server": server, "postgres": postgres}


def cpu_used(before: dict[str, float], after: dict[str, float], wall: float) -> dict[str, float]:
    """Cores used on average over ``wall`` seconds (2.0 = both cores of this machine).
    ``other`` is the rest of the machine: other programs running meanwhile."""
    out = {k: round((after[k] - before[k]) / wall, 2) for k in before}
    out["other"] = round(out["machine"] - out["client"] - out["server"] - out["postgres"], 2)
    return out


def wait_quiet(max_wait: float, threshold: float = 0.3, window: float = 3.0) -> float:
    """Wait (at most ``max_wait`` seconds) until the machine is nearly idle — less than
    ``threshold`` cores busy over ``window`` seconds — before a measured run, as other
    programs on a shared machine would otherwise be measured too. Returns the wait."""
    began = time.monotonic()
    while True:
        before = cpu_snapshot(None)
        time.sleep(window)
        busy = (cpu_snapshot(None)["machine"] - before["machine"]) / window
        waited = time.monotonic() - began
        if busy < threshold or waited >= max_wait:
            if waited > window:
                note(f"waited {waited:.0f} s for a quiet machine (now {busy:.2f} cores busy)")
            return round(waited, 1)


# ----------------------------------------------------------------------------- server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


#: ``python -c`` program: uvicorn's command line, with TCP_NODELAY set on the listening
#: socket (Linux passes it on to every accepted connection). uvicorn's multi-worker path
#: binds the socket itself with ``proto`` 0, so asyncio never sets TCP_NODELAY on the
#: connections and every keep-alive response after the first waits ~40 ms for the
#: client's delayed ACK (uvicorn issue #3149). ``--nodelay`` measures the server with it.
NODELAY_LAUNCHER = """
import socket, sys, uvicorn
from uvicorn.config import Config
_bind = Config.bind_socket
def bind_socket(self):
    sock = _bind(self)
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock
Config.bind_socket = bind_socket
sys.argv[0] = "uvicorn"
sys.exit(uvicorn.main())
"""


def start_server(
    url: str,
    schema: str,
    port: int,
    workers: int,
    env_map: dict[str, str],
    log_path: Path,
    nodelay: bool = False,
) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update({k: v.format(url=url, schema=schema) for k, v in env_map.items()})
    launcher = ["-c", NODELAY_LAUNCHER] if nodelay else ["-m", "uvicorn"]
    cmd = [
        sys.executable,
        *launcher,
        "--factory",
        "kawebb_desktop.server.app:create_app_from_env",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        # As ``kawebb serve`` runs it: uvicorn's access log off (the app logs its own).
        "--no-access-log",
        "--no-server-header",
    ]
    note(
        f"server: uvicorn {' '.join(cmd[3:])}{' (TCP_NODELAY)' if nodelay else ''} (log {log_path})"
    )
    log = open(log_path, "wb")  # noqa: SIM115 - the child keeps it
    return subprocess.Popen(
        cmd, env=env, cwd=str(ROOT), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()  # uvicorn's manager stops its workers on SIGTERM
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def wait_healthy(base: str, proc: subprocess.Popen[bytes], timeout: float = 90) -> dict[str, Any]:
    import httpx

    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode} before it was healthy")
        try:
            r = httpx.get(f"{base}{API}/health", timeout=2)
            if r.status_code == 200:
                return dict(r.json())
            last = f"{r.status_code} {r.text[:200]}"
        except httpx.HTTPError as exc:
            last = repr(exc)
        time.sleep(0.3)
    raise SystemExit(f"the server did not answer /health within {timeout} s: {last}")


# ----------------------------------------------------------------------------- login
@dataclass(frozen=True)
class Session:
    token: str
    personnummer: str


async def login(client: Any, personnummer: str, organisation_id: int) -> Session:
    """One BankID login through the simulator, as the app's login screen does it."""
    for _attempt in range(120):
        r = await client.post(f"{API}/auth/start")
        if r.status_code != 429:
            break
        await asyncio.sleep(float(r.headers.get("Retry-After", "1") or 1))
    r.raise_for_status()
    ref = r.json()["orderRef"]
    for prefix in (f"{API}/simulator", "/simulator"):  # the code's path, then the doc's
        r = await client.post(f"{prefix}/orders/{ref}/approve", json={"personnummer": personnummer})
        if r.status_code != 404 or "BankID-ordern" in r.text:
            break
    r.raise_for_status()
    for _ in range(100):
        r = await client.post(f"{API}/auth/collect", json={"orderRef": ref})
        r.raise_for_status()
        body = r.json()
        if body["status"] == "complete":
            break
        if body["status"] == "failed":
            raise RuntimeError(f"login failed: {body}")
        await asyncio.sleep(0.1)
    else:
        raise RuntimeError("login did not complete")
    token = body["token"]
    r = await client.post(
        f"{API}/auth/enter",
        json={"organisation_id": organisation_id},
        headers={"Authorization": f"Bearer {token}"},
    )
    r.raise_for_status()
    return Session(token, personnummer)


async def login_all(base: str, facts: DemoFacts, count: int) -> list[Session]:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        sessions = []
        for i in range(count):
            pnr = facts.admins[i % len(facts.admins)]
            sessions.append(await login(client, pnr, facts.organisation_id))
        return sessions


# ----------------------------------------------------------------------------- HTTP load
def _change_ref(body: dict[str, Any]) -> tuple[int, int]:
    change = body.get("change", body)
    return int(change["id"]), int(change["version"])


async def http_client_loop(
    client: Any,
    session: Session,
    facts: DemoFacts,
    ops: Iterator[tuple[str, dict[str, Any] | None]],
    pnrs: Personnummers,
    today: dt.date,
    rec: Recorder,
    stop_at: float,
    think: float = 0.0,
    rng: random.Random | None = None,
) -> None:
    import httpx

    org = facts.organisation_id
    auth = {"Authorization": f"Bearer {session.token}"}
    clock = time.perf_counter

    async def call(
        kind: str, method: str, path: str, shape: str | None = None, **kw: Any
    ) -> httpx.Response | None:
        sent: list[float] = []
        connects: list[float] = []

        async def trace(event: str, _info: Any) -> None:
            if event == "http11.send_request_headers.started":
                sent.append(clock())
            elif event == "connection.connect_tcp.started":
                connects.append(clock())

        t0 = clock()
        try:
            r: httpx.Response = await client.request(
                method, path, extensions={"trace": trace}, **kw
            )
        except httpx.HTTPError as exc:
            rec.error(kind, t0, f"{type(exc).__name__} {exc}")
            return None
        t1 = clock()
        rec.client_side(t0, sent[0] if sent else t0, len(connects))
        if r.status_code >= 400:
            rec.error(kind, t0, f"{r.status_code} {r.text}")
            return None
        rec.ok(kind, t0, t1, shape)
        return r

    while clock() < stop_at:
        if think > 0 and rng is not None:
            await asyncio.sleep(min(rng.expovariate(1 / think), max(0.0, stop_at - clock())))
        kind, params = next(ops)
        if kind == "cases":
            assert params is not None
            await call(
                "cases",
                "GET",
                f"{API}/organisations/{org}/cases",
                case_shape(params),
                params=params,
                headers=auth,
            )
        elif kind == "users":
            await call(
                "users", "GET", f"{API}/organisations/{org}/users", params=params, headers=auth
            )
        else:
            r = await call(
                "create",
                "POST",
                f"{API}/organisations/{org}/users",
                json={"draft": user_draft(pnrs.next(), today)},
                headers={**auth, "Idempotency-Key": str(uuid.uuid4())},
            )
            if r is not None:
                change_id, version = _change_ref(r.json())
                await call(
                    "discard",
                    "POST",
                    f"{API}/organisations/{org}/pending/{change_id}/discard",
                    json={"version": version},
                    headers={**auth, "Idempotency-Key": str(uuid.uuid4())},
                )


async def run_level(
    base: str,
    clients: int,
    seconds: float,
    warmup: float,
    sessions: list[Session],
    facts: DemoFacts,
    mix: list[tuple[str, int]],
    seed: int,
    pnrs: Personnummers,
    timeout: float,
    on_record: Callable[[], None] = lambda: None,
    think: float = 0.0,
) -> tuple[Recorder, float]:
    import httpx

    rec = Recorder(start=float("inf"))
    # One client with one connection per simulated workstation, as the app has. (A pool
    # shared by all of them costs the load generator CPU that grows with the number of
    # connections, and evicts idle ones: reconnects that are not the server's doing.)
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    today = dt.date.today()
    timeouts = httpx.Timeout(timeout, connect=min(5.0, timeout))
    async with contextlib.AsyncExitStack() as stack:
        workstations = [
            await stack.enter_async_context(
                httpx.AsyncClient(base_url=base, timeout=timeouts, limits=limits)
            )
            for _ in range(clients)
        ]
        start = time.perf_counter()
        stop_at = start + warmup + seconds
        tasks = [
            asyncio.create_task(
                http_client_loop(
                    workstations[i],
                    sessions[i % len(sessions)],
                    facts,
                    operations(seed * 1000 + i, facts, mix),
                    pnrs,
                    today,
                    rec,
                    stop_at,
                    think,
                    random.Random(seed * 7919 + i),
                )
            )
            for i in range(clients)
        ]
        await asyncio.sleep(max(0.0, start + warmup - time.perf_counter()))
        on_record()
        rec.start, rec.stop = time.perf_counter(), stop_at
        await asyncio.gather(*tasks)
        # Requests still running at stop_at were waited for (and are counted, by start).
        drain = time.perf_counter() - stop_at
    return rec, drain


# ----------------------------------------------------------------------------- server's own times
ACCESS_LINE = re.compile(r'kawebb\.access: \S+ "(\w+) ([^"]+)" (\d+) ([\d.]+) ms')


def server_times(log_path: Path, offset: int) -> dict[str, Any]:
    """The server's own time per request kind (its access log: from the request's
    arrival in the app to the end of the response), from ``offset`` of the log on."""
    times: dict[str, list[float]] = defaultdict(list)
    with open(log_path, encoding="utf-8", errors="replace") as f:
        f.seek(offset)
        for line in f:
            m = ACCESS_LINE.search(line)
            if not m:
                continue
            method, path, _status, ms = m.groups()
            path = path.split("?", 1)[0]
            if path.endswith("/cases"):
                kind = "cases"
            elif path.endswith("/users"):
                kind = "users" if method == "GET" else "create"
            elif path.endswith("/discard"):
                kind = "discard"
            else:
                continue
            times[kind].append(float(ms) / 1000)
    out = {}
    for kind in KINDS:
        if times[kind]:
            v = sorted(times[kind])
            out[kind] = {
                "n": len(v),
                "mean": round(statistics.fmean(v) * 1000, 2),
                "p50": round(pct(v, 50) * 1000, 2),
                "p99": round(pct(v, 99) * 1000, 2),
            }
    return out


# ----------------------------------------------------------------------------- direct floor
def run_direct(
    store: Any,
    facts: DemoFacts,
    mix: list[tuple[str, int]],
    seed: int,
    seconds: float,
    pnrs: Personnummers,
) -> tuple[Recorder, float]:
    """The floor: the same service calls in process, one at a time, over the same store."""
    from kawebb_desktop.domain.changes import UserDraft
    from kawebb_desktop.domain.clock import SystemClock
    from kawebb_desktop.domain.entities import CaseStatus
    from kawebb_desktop.domain.queries import (
        CaseQuery,
        CaseSearchField,
        CaseSort,
        UserQuery,
        UserSort,
    )
    from kawebb_desktop.domain.roles import Role
    from kawebb_desktop.domain.values import EmailAddress, Personnummer
    from kawebb_desktop.services import LocalServices
    from kawebb_desktop.services.api import Caller, CreateUser, DiscardPending
    from kawebb_desktop.services.demo import SimulatedPhone, demo_simulator

    clock = SystemClock()
    simulator = demo_simulator(store, clock)
    local = LocalServices(store, simulator, clock, dt.timedelta(seconds=120))
    phone = SimulatedPhone(store, simulator)
    order = local.auth.start_login()
    phone.approve(order.order_ref, facts.admins[0])
    for _ in range(100):
        progress = local.auth.collect_login(order.order_ref)
        if progress.token:
            break
        time.sleep(0.1)
    else:
        raise RuntimeError("direct login did not complete")
    local.auth.enter(progress.token, facts.organisation_id)
    caller = Caller(progress.token, facts.organisation_id)

    def to_case_query(p: dict[str, Any]) -> CaseQuery:
        return CaseQuery(
            unit_id=p["unit_id"],
            text=p.get("text", ""),
            search_field=CaseSearchField(p.get("search_field", "namn")),
            status=CaseStatus(p["status"]) if "status" in p else None,
            include_closed=bool(p.get("include_closed", False)),
            sort=CaseSort(p["sort"]),
            descending=p["descending"],
            offset=p["offset"],
            limit=p["limit"],
        )

    def to_user_query(p: dict[str, Any]) -> UserQuery:
        return UserQuery(p["text"], UserSort(p["sort"]), p["descending"], p["offset"], p["limit"])

    rec = Recorder()
    ops = operations(seed * 1000, facts, mix)
    today = dt.date.today()
    perf = time.perf_counter
    start = perf()
    stop_at = start + seconds
    while perf() < stop_at:
        kind, params = next(ops)
        t0 = perf()
        try:
            if kind == "cases":
                assert params is not None
                q = to_case_query(params)
                t0 = perf()
                local.cases.list_cases(caller, q)
                rec.ok("cases", t0, perf(), case_shape(params))
            elif kind == "users":
                assert params is not None
                q2 = to_user_query(params)
                t0 = perf()
                local.users.list_users(caller, q2)
                rec.ok("users", t0, perf())
            else:
                d = user_draft(pnrs.next(), today)
                t0 = perf()
                # What the server does with the body: parse the typed-in values.
                draft = UserDraft(
                    d["first_name"],
                    d["last_name"],
                    Personnummer.parse(d["personnummer"]),
                    EmailAddress.parse(d["email"]),
                    Role.parse(d["role"]),
                    dt.date.fromisoformat(d["start_date"]),
                    dt.date.fromisoformat(d["end_date"]),
                )
                pending = local.users.create_user(caller, CreateUser(draft))
                rec.ok("create", t0, perf())
                t0 = perf()
                local.users.discard_pending(caller, DiscardPending(pending.id, pending.version))
                rec.ok("discard", t0, perf())
        except Exception as exc:
            rec.error(kind, t0, f"{type(exc).__name__} {exc}")
    return rec, perf() - start


# ----------------------------------------------------------------------------- tables
def markdown(results: dict[str, Any]) -> str:
    lines = [
        "| run | clients | req/s | overall p50 | overall p99 | cases p50 / p99 | users p50 / p99 "
        "| create p50 / p99 | discard p50 / p99 | errors | cores: app / PG / load / other |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]

    def kind(k: dict[str, Any], name: str) -> str:
        s = k.get(name)
        return f"{s['p50']:.1f} / {s['p99']:.1f}" if s else "–"

    def cores(r: dict[str, Any]) -> str:
        c = r.get("cores_used")
        if not c:
            return "–"
        if r["run"] == "direct":  # the app is this process; no load generator
            return f"{c['client']:.2f} / {c['postgres']:.2f} / – / {c['other']:.2f}"
        return f"{c['server']:.2f} / {c['postgres']:.2f} / {c['client']:.2f} / {c['other']:.2f}"

    for r in results["runs"]:
        o = r["overall"]
        lines.append(
            f"| {r['run']} | {r['clients']} | {o['rps']:.0f} | {o['p50']:.1f} | {o['p99']:.1f} "
            f"| {kind(r['kinds'], 'cases')} | {kind(r['kinds'], 'users')} "
            f"| {kind(r['kinds'], 'create')} | {kind(r['kinds'], 'discard')} | {r['errors']} "
            f"| {cores(r)} |"
        )
    lines += [
        "",
        "| kind | direct mean / p50 / p99 | server (1 client) mean / p50 / p99 "
        "| ratio mean | ratio p50 |",
        "|---|---|---|---|---|",
    ]
    for name, ratio in results["ratios"].items():
        d, s = ratio["direct"], ratio["server"]
        lines.append(
            f"| {name} | {d['mean']:.1f} / {d['p50']:.1f} / {d['p99']:.1f} "
            f"| {s['mean']:.1f} / {s['p50']:.1f} / {s['p99']:.1f} "
            f"| {ratio['mean']:.2f}× | {ratio['p50']:.2f}× |"
        )
    return "\n".join(lines)


# ----------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--url", default=os.environ.get("KAWEBB_BENCH_URL", DEFAULT_URL))
    ap.add_argument("--schema", default=DEFAULT_SCHEMA, help="the benchmark's own schema")
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument(
        "--reuse", action="store_true", help="keep a schema already loaded with N cases"
    )
    ap.add_argument("--setup-only", action="store_true")
    ap.add_argument("--drop-after", action="store_true", help="drop the schema at the end")
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    ap.add_argument("--levels", default="10,50,200", help="concurrent clients per level")
    ap.add_argument("--seconds", type=float, default=20, help="per level, but the last")
    ap.add_argument("--last-seconds", type=float, default=60, help="the last (highest) level")
    ap.add_argument("--warmup", type=float, default=3, help="unrecorded seconds before a level")
    ap.add_argument("--direct-seconds", type=float, default=20)
    ap.add_argument("--serial-seconds", type=float, default=20, help="one HTTP client")
    ap.add_argument("--sessions", type=int, default=8, help="logged-in sessions, shared")
    ap.add_argument("--mix", default=DEFAULT_MIX)
    ap.add_argument(
        "--timeout",
        type=float,
        default=15,
        help="read timeout per request, seconds (connect: at most 5); 15 is the app's own "
        "remote client's, so a slower answer is an error the user would see",
    )
    ap.add_argument(
        "--think",
        type=float,
        default=0,
        metavar="SECONDS",
        help="mean pause of a client between two requests (exponential); 0 = none",
    )
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="environment of the server ({url} and {schema} are filled in); replaces the "
        "defaults when given",
    )
    ap.add_argument(
        "--nodelay",
        action="store_true",
        help="start uvicorn with TCP_NODELAY on its listening socket (the fix of the "
        "multi-worker delayed-ACK stall; see NODELAY_LAUNCHER)",
    )
    ap.add_argument(
        "--quiet-wait",
        type=float,
        default=0,
        metavar="SECONDS",
        help="before each measured run, wait up to this long for other programs on the "
        "machine to go quiet (under 0.3 cores busy); 0 = do not wait",
    )
    ap.add_argument("--table", action="store_true", help="also print Markdown tables to stderr")
    ap.add_argument("--log", default=None, help="server log file (default: a temp file)")
    a = ap.parse_args(argv)

    levels = [int(x) for x in a.levels.split(",") if x.strip()]
    if any(not 1 <= n <= MAX_CLIENTS for n in levels):
        raise SystemExit(f"levels must be within 1..{MAX_CLIENTS}")
    mix = parse_mix(a.mix)

    store, setup = setup_store(a.url, a.schema, a.cases, a.reuse)
    emit(setup)
    if a.setup_only:
        store.close()
        return 0
    try:
        return _measure(a, store, levels, mix)
    finally:
        store.close()
        if a.drop_after:
            _drop_schema(a.url, a.schema)
            note(f"dropped schema {a.schema}")


def _measure(
    a: argparse.Namespace, store: Any, levels: list[int], mix: list[tuple[str, int]]
) -> int:
    facts = demo_facts(store)
    note(
        f"Dorotea: organisation {facts.organisation_id}, units {facts.unit_ids}, "
        f"{len(facts.admins)} admins"
    )
    pnrs = Personnummers(random.Random().randrange(0, 70 * 365 * 800))

    server_env = dict(s.split("=", 1) for s in a.server_env) or default_server_env()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = Path(a.log or f"/tmp/kawebb_server_load_{port}.log")
    t0 = time.perf_counter()
    proc = start_server(a.url, a.schema, port, a.workers, server_env, log_path, a.nodelay)
    results: dict[str, Any] = {"runs": [], "ratios": {}}
    try:
        health = wait_healthy(base, proc)
        emit(
            {
                "phase": "server",
                "workers": a.workers,
                "nodelay": a.nodelay,
                "port": port,
                "start_s": round(time.perf_counter() - t0, 2),
                "health": health,
                "env": {
                    k: v.format(url=_safe_url(a.url), schema=a.schema)
                    for k, v in server_env.items()
                },
            }
        )
        t0 = time.perf_counter()
        sessions = asyncio.run(login_all(base, facts, a.sessions))
        emit(
            {
                "phase": "login",
                "sessions": len(sessions),
                "as": sorted({s.personnummer for s in sessions}),
                "seconds": round(time.perf_counter() - t0, 2),
            }
        )

        note(f"direct floor, {a.direct_seconds} s …")
        waited = wait_quiet(a.quiet_wait) if a.quiet_wait else 0.0
        before = cpu_snapshot(proc.pid)
        rec, wall = run_direct(store, facts, mix, a.seed, a.direct_seconds, pnrs)
        after = cpu_snapshot(proc.pid)
        direct = {
            "phase": "direct",
            "run": "direct",
            "clients": 1,
            "seconds": round(wall, 1),
            **rec.report(wall),
            "cores_used": cpu_used(before, after, wall),
            "quiet_wait_s": waited,
        }
        emit(direct)

        plan = [("serial", 1, a.serial_seconds)]
        plan += [
            ("level", n, a.last_seconds if i == len(levels) - 1 else a.seconds)
            for i, n in enumerate(levels)
        ]
        server_runs: list[dict[str, Any]] = []
        for phase, clients, seconds in plan:
            if proc.poll() is not None:
                raise SystemExit(f"the server died (exit {proc.returncode}); see {log_path}")
            note(f"{phase}: {clients} clients, {seconds} s (+{a.warmup} s warm-up) …")
            waited = wait_quiet(a.quiet_wait) if a.quiet_wait else 0.0
            before = cpu_snapshot(proc.pid)
            log_at = [log_path.stat().st_size]

            def mark(log_at: list[int] = log_at) -> None:
                log_at[0] = log_path.stat().st_size

            began = time.perf_counter()
            rec, drain = asyncio.run(
                run_level(
                    base,
                    clients,
                    seconds,
                    a.warmup,
                    sessions,
                    facts,
                    mix,
                    a.seed,
                    pnrs,
                    a.timeout,
                    mark,
                    a.think,
                )
            )
            after = cpu_snapshot(proc.pid)
            wall = time.perf_counter() - began
            time.sleep(0.2)  # the last access-log lines
            record = {
                "phase": phase,
                "run": "server",
                "clients": clients,
                "workers": a.workers,
                "seconds": seconds,
                # Waiting for the requests still running at the end of the window.
                "drain_s": round(drain, 1),
                **rec.report(seconds),
                # Averages over the run, warm-up and drain included; 2.0 = both cores.
                "cores_used": cpu_used(before, after, wall),
                # The same requests as the server's access log timed them.
                "server_side": server_times(log_path, log_at[0]),
                "quiet_wait_s": waited,
            }
            emit(record)
            server_runs.append(record)
            o = record["overall"]
            note(
                f"  {o.get('rps')} req/s, p50 {o.get('p50')} ms, p99 {o.get('p99')} ms, "
                f"errors {record['errors']}"
            )

        results["runs"] = [direct, *server_runs]
        serial = server_runs[0]
        for name in KINDS:
            d, s = direct["kinds"].get(name), serial["kinds"].get(name)
            if d and s:
                results["ratios"][name] = {
                    "direct": d,
                    "server": s,
                    "mean": round(s["mean"] / d["mean"], 2),
                    "p50": round(s["p50"] / d["p50"], 2),
                }
        by_clients = {r["clients"]: r for r in server_runs[1:]}
        targets: dict[str, Any] = {}
        if 50 in by_clients:
            p99 = by_clients[50]["overall"]["p99"]
            targets["p99_at_50_clients_under_100ms"] = {"p99_ms": p99, "met": p99 < 100}
        if 200 in by_clients:
            r200 = by_clients[200]
            targets["zero_errors_at_200_clients"] = {
                "errors": r200["errors"],
                "seconds": r200["seconds"],
                "met": r200["errors"] == 0 and r200["seconds"] >= 60,
            }
        worst = max((r["mean"] for r in results["ratios"].values()), default=float("nan"))
        targets["overhead_under_3x"] = {"worst_mean_ratio": worst, "met": worst < 3}
        emit(
            {
                "phase": "summary",
                "date": dt.date.today().isoformat(),
                "machine": {
                    "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                },
                "cases": a.cases,
                "workers": a.workers,
                "nodelay": a.nodelay,
                "timeout_s": a.timeout,
                "think_s": a.think,
                "sessions": len(sessions),
                "mix": a.mix,
                "ratios": {
                    k: {"mean": v["mean"], "p50": v["p50"]} for k, v in results["ratios"].items()
                },
                "targets": targets,
            }
        )
        if a.table:
            print(markdown(results), file=sys.stderr, flush=True)
    finally:
        stop_server(proc)
    return 0


def _safe_url(url: str) -> str:
    """``url`` without its password, for the output."""
    from sqlalchemy import make_url

    return make_url(url).render_as_string(hide_password=True)


def default_server_env() -> dict[str, str]:
    """The server's configuration through its environment (see server/app.py)."""
    return {
        "KAWEBB_SERVE_STORE": "{url}",
        "KAWEBB_SERVE_SCHEMA": "{schema}",
        "KAWEBB_SERVE_SIGNER": "simulator",
    }


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
