#!/usr/bin/env python3
"""Benchmark: several admins of one municipality writing at once (issue 6, "Checks that
keep it so").

For every backend (``--backends``: a SQLite file, PostgreSQL) and every level of
``--levels`` processes (default 2, 4, 8), on a fresh demo store each time:

  set-up   ``create_demo`` (no cases) in a new SQLite file under ``--dir``, or in the
           PostgreSQL schema ``--schema`` (default ``kawebb_concurrent``; dropped and made
           again for every level, and dropped at the end).
  workers  N processes (``multiprocessing``, spawned), process i one of Dorotea's
           behörighetsadministratörer (the demo has eight). Each opens the store, logs in
           through the real services with the demo's BankID simulator and phone, waits
           for the others, and then for ``--seconds`` (default 30) picks, seeded, one of:

           create  ``CreateUser``: a pending *Ny* for a new person;
           edit    ``EditPending`` of a pending *Ny* (anybody's), read just before;
           change  ``ChangeUser`` of a user an earlier signing made (a pending *Ändrad*,
                   or the user's unsigned change edited: the command names it);
           sign    ``StartSigning``, the phone approves, collect until settled.

           ``--mix`` weighs them (default create=3,edit=3,change=1,sign=1).
  check    after the workers have stopped: every write the services acknowledged is in
           the store (see ``lost_writes``), and every *Ny* a receipt lists is a user.

Every refused call is classified by what refused it:

  rule      ``RuleViolation`` / ``ValidationError`` (e.g. "nothing to sign");
  conflict  ``Conflict`` / ``NotFound``: the data changed under the caller (a stale
            version, a change signed meanwhile, a change set changed during signing)
            and nothing was written — the rules working as meant;
  locking   the database refused: an ``OperationalError`` ("database is locked", a
            deadlock or serialization failure, a lock timeout) raised or behind the
            refusal (its ``__cause__``), or a ``Conflict`` whose message says the
            database was busy or written from elsewhere at the same moment;
  other     anything else (a bug).

Target: 0 locking refusals on both backends, 0 lost writes.

Prints one JSON object per line (backend, processes, writes/s, refusals by cause and by
operation, the most common refusal messages, lost writes); progress notes go to stderr
and start with ``#``; ``--table`` also prints a Markdown table to stderr.

  .venv/bin/python benchmarks/concurrent_admins.py                  # ~4 min
  .venv/bin/python benchmarks/concurrent_admins.py --backends sqlite --levels 2 --seconds 5
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DEFAULT_SCHEMA = "kawebb_concurrent"
DEFAULT_MIX = "create=3,edit=3,change=1,sign=1"
DOROTEA = "2120002809"
OPERATIONS = ("create", "edit", "change", "sign")
CAUSES = ("rule", "conflict", "locking", "other")
#: The benchmark's people: a last name nobody in the demo has (searchable), and birth
#: dates from 1930 on, 30 days per worker, serials 10–979 (the demo's are 980–999).
LAST_NAME = "Parallellsson"
FIRST_BIRTH = dt.date(1930, 1, 1)
DAYS_PER_WORKER = 30
SERIALS = range(10, 980)
#: Words of a refusal that is about locks or concurrent writers, not rules: the
#: drivers' own, and the store's Swedish "busy" messages (a ``Conflict`` the store makes
#: of SQLITE_BUSY, or of two writers appending to the audit chain at once).
LOCK_WORDS = (
    "database is locked",
    "database table is locked",
    "deadlock",
    "could not serialize",
    "lock timeout",
    "lock not available",
    "låst",
    "upptagen",
    "samtidigt från ett annat håll",
)
LOGIN_TIMEOUT_S = 120.0


def note(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


def emit(record: dict[str, Any]) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


def parse_mix(text: str) -> dict[str, int]:
    mix: dict[str, int] = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        if name.strip() not in OPERATIONS or not weight.strip().isdigit():
            raise SystemExit(f"--mix: {part!r} is not one of {OPERATIONS} = a whole number")
        mix[name.strip()] = int(weight)
    if not any(mix.values()):
        raise SystemExit("--mix: every weight is 0")
    return mix


# ----------------------------------------------------------------------------- set-up
@dataclass(frozen=True)
class Database:
    backend: str
    url: str
    schema: str | None = None


def _admin_engine(url: str) -> Any:
    from sqlalchemy import create_engine, make_url
    from sqlalchemy.pool import NullPool

    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, poolclass=NullPool, connect_args={"connect_timeout": 5})


def drop_schema(url: str, schema: str) -> None:
    from sqlalchemy import text

    engine = _admin_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        engine.dispose()


def make_store(database: Database) -> list[str]:
    """A fresh demo store; returns the personnummer of Dorotea's admins (by id)."""
    from kawebb_desktop.demo import create_demo
    from kawebb_desktop.domain.clock import SystemClock
    from kawebb_desktop.domain.roles import Role
    from kawebb_desktop.domain.values import OrgNumber
    from kawebb_desktop.services.demo import mark_demo_store
    from kawebb_desktop.store.sql import open_store

    if database.schema is not None:
        drop_schema(database.url, database.schema)
    store = open_store(
        database.url, schema=database.schema, create_schema=database.schema is not None
    )
    try:
        create_demo(store, SystemClock(), cases=0)
        mark_demo_store(store)
        with store.unit_of_work() as uow:
            org = uow.organisations.by_org_number(OrgNumber(DOROTEA))
            assert org is not None
            admins = uow.users.with_role(org.id, Role.BEHORIGHETSADMINISTRATOR)
        return [u.personnummer.value for u in sorted(admins, key=lambda u: u.id)]
    finally:
        store.close()


# ----------------------------------------------------------------------------- workers
@dataclass
class WorkerResult:
    worker: int
    seconds: float = 0.0
    #: operation → outcome ("ok" or a cause) → count.
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: "cause: Type: message" → count.
    messages: dict[str, int] = field(default_factory=dict)
    #: Acknowledged writes (see ``_check``); ``unknown``: writes that failed in a way that
    #: may have committed (not a domain refusal), with what they would have written.
    acked: list[dict[str, Any]] = field(default_factory=list)
    unknown: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None


def classify(exc: BaseException) -> str:
    from sqlalchemy.exc import OperationalError

    from kawebb_desktop.domain.errors import (
        Conflict,
        NotFound,
        RuleViolation,
        ValidationError,
    )

    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(chain) < 10:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(isinstance(e, OperationalError) for e in chain):
        return "locking"
    if any(word in str(exc).lower() for word in LOCK_WORDS):
        return "locking"
    if isinstance(exc, RuleViolation | ValidationError):
        return "rule"
    if isinstance(exc, Conflict | NotFound):
        return "conflict"
    return "other"


def personnummer_of(worker: int, n: int) -> Any:
    from kawebb_desktop.demo import personnummer_for

    days, serial = divmod(n, len(SERIALS))
    if days >= DAYS_PER_WORKER:
        raise RuntimeError(f"worker {worker} ran out of personnummer after {n}")
    birth = FIRST_BIRTH + dt.timedelta(days=worker * DAYS_PER_WORKER + days)
    return personnummer_for(birth.strftime("%Y%m%d"), SERIALS[serial])


def worker_main(
    database: Database,
    worker: int,
    admin: str,
    seconds: float,
    mix: dict[str, int],
    seed: int,
    barrier: Any,
    out: str,
) -> None:
    result = WorkerResult(worker)
    try:
        _work(database, worker, admin, seconds, mix, seed, barrier, result)
    except BaseException:
        result.error = traceback.format_exc()
        barrier.abort()
    Path(out).write_text(json.dumps(result.__dict__, ensure_ascii=False), encoding="utf-8")


def _work(
    database: Database,
    worker: int,
    admin: str,
    seconds: float,
    mix: dict[str, int],
    seed: int,
    barrier: Any,
    result: WorkerResult,
) -> None:
    from dataclasses import replace

    from kawebb_desktop.domain.changes import ChangeAction, UserDraft, draft_of
    from kawebb_desktop.domain.clock import SystemClock
    from kawebb_desktop.domain.errors import DomainError
    from kawebb_desktop.domain.queries import UserQuery
    from kawebb_desktop.domain.roles import Role
    from kawebb_desktop.domain.rules import next_year_end
    from kawebb_desktop.domain.values import EmailAddress
    from kawebb_desktop.services import build_services
    from kawebb_desktop.services.api import (
        ChangeUser,
        CreateUser,
        EditPending,
        StartSigning,
        VersionedId,
        caller_of,
    )
    from kawebb_desktop.services.demo import SimulatedPhone, demo_simulator
    from kawebb_desktop.signing.base import CollectStatus
    from kawebb_desktop.store.sql import open_store

    rng = random.Random(seed)
    clock = SystemClock()
    store = open_store(database.url, schema=database.schema)
    simulator = demo_simulator(store, clock)
    phone = SimulatedPhone(store, simulator)
    services = build_services(store, simulator, clock, dt.timedelta(0), demo_phone=phone)
    order = services.auth.start_login()
    phone.approve(order.order_ref, admin)
    progress = services.auth.collect_login(order.order_ref)
    assert progress.token is not None, progress
    org = next(c for c in progress.choices if c.org_number.value == DOROTEA)
    caller = caller_of(services.auth.enter(progress.token, org.organisation_id))
    today = clock.today()
    names = list(mix)
    weights = [mix[n] for n in names]
    counts = {op: dict.fromkeys(("ok", *CAUSES), 0) for op in OPERATIONS}
    messages: collections.Counter[str] = collections.Counter()
    made = 0
    edits = 0
    known_users = 0  # the benchmark's users found by the last search

    def draft(number: Any, email: str) -> UserDraft:
        return UserDraft(
            "Bänk",
            LAST_NAME,
            number,
            EmailAddress(email),
            Role.TJANSTEADMINISTRATOR,
            today,
            next_year_end(today),
        )

    barrier.wait(timeout=LOGIN_TIMEOUT_S)
    started = time.monotonic()
    deadline = started + seconds
    while time.monotonic() < deadline:
        op = rng.choices(names, weights)[0]
        attempt: dict[str, Any] | None = None
        try:
            if op == "create":
                number = personnummer_of(worker, made)
                made += 1
                email = f"w{worker}.{number.value}@bench.example"
                attempt = {"op": "ny", "pnr": number.value, "email": email}
                change = services.users.create_user(caller, CreateUser(draft(number, email)))
                result.acked.append({**attempt, "version": change.version})
            elif op == "edit":
                pending = [
                    c
                    for c in services.users.list_pending(caller)
                    if c.action is ChangeAction.NY and c.draft.last_name == LAST_NAME
                ]
                if not pending:
                    continue
                chosen = rng.choice(pending)
                edits += 1
                email = f"w{worker}.e{edits}.{chosen.draft.personnummer.value}@bench.example"
                attempt = {"op": "ny", "pnr": chosen.draft.personnummer.value, "email": email}
                edited = services.users.edit_pending(
                    caller,
                    EditPending(
                        chosen.id,
                        chosen.version,
                        replace(chosen.draft, email=EmailAddress(email)),
                    ),
                )
                result.acked.append({**attempt, "version": edited.version})
            elif op == "change":
                offset = rng.randrange(known_users) if known_users else 0
                page = services.users.list_users(
                    caller, UserQuery(text=LAST_NAME, offset=offset, limit=1)
                )
                known_users = page.total
                if not page.items:
                    continue
                row = page.items[0]
                user = row.user
                # The form starts from the user's unsigned change, if any, and names it.
                earlier = row.pending_change
                base = earlier.user_draft() if earlier is not None else draft_of(user)
                edits += 1
                email = f"w{worker}.c{edits}.{user.personnummer.value}@bench.example"
                attempt = {"op": "andrad", "pnr": user.personnummer.value, "email": email}
                changed = services.users.change_user(
                    caller,
                    ChangeUser(
                        user.id,
                        user.version,
                        replace(base, email=EmailAddress(email)),
                        pending=(
                            VersionedId(earlier.id, earlier.version)
                            if earlier is not None
                            else None
                        ),
                    ),
                )
                result.acked.append(
                    {**attempt, "user_version": user.version, "version": changed.version}
                )
            else:
                start = services.signing.start(caller, StartSigning())
                phone.approve(start.order_ref)
                while True:
                    signed = services.signing.collect(caller, start.order_ref)
                    if signed.status is not CollectStatus.PENDING:
                        break
                if signed.status is not CollectStatus.COMPLETE or signed.receipt is None:
                    raise RuntimeError(f"signing ended {signed.status}: {signed.message}")
                result.acked.append(
                    {"op": "receipt", "id": signed.receipt.id, "order": start.order_ref}
                )
            counts[op]["ok"] += 1
        except Exception as exc:
            cause = classify(exc)
            counts[op][cause] += 1
            message = exc.message if isinstance(exc, DomainError) else str(exc)
            messages[f"{cause}: {type(exc).__name__}: {message.splitlines()[0][:120]}"] += 1
            if cause in ("locking", "other") and attempt is not None:
                result.unknown.append(attempt)
    result.seconds = time.monotonic() - started
    result.counts = counts
    result.messages = dict(messages)
    store.close()


# ----------------------------------------------------------------------------- the check
def check(database: Database, results: list[WorkerResult]) -> tuple[int, list[str]]:
    """Every acknowledged write is in the store: the last acknowledged content of each
    *Ny* and each *Ändrad* is what the store holds now (pending, or applied by a receipt
    that lists it), unless a write that may have committed unacknowledged came after it;
    every acknowledged receipt is there; every *Ny* a receipt lists is a user.
    Returns the number of lost writes and what they are."""
    from kawebb_desktop.domain.changes import ChangeAction
    from kawebb_desktop.domain.entities import Receipt
    from kawebb_desktop.domain.queries import MAX_PAGE_SIZE, UserQuery
    from kawebb_desktop.domain.values import OrgNumber
    from kawebb_desktop.store.sql import open_store

    problems: list[str] = []
    acked = [a for r in results for a in r.acked]
    maybe: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    for r in results:
        for a in r.unknown:
            maybe[a["op"], a["pnr"]].add(a["email"])
    store = open_store(database.url, schema=database.schema)
    try:
        with store.unit_of_work() as uow:
            org = uow.organisations.by_org_number(OrgNumber(DOROTEA))
            assert org is not None
            pending = {
                (c.action.value, str(c.payload["personnummer"])): c
                for c in uow.pending.for_organisation(org.id)
            }
            users: dict[str, str] = {}
            offset = 0
            while True:
                page = uow.users.page(org.id, UserQuery(offset=offset, limit=MAX_PAGE_SIZE))
                users.update({u.personnummer.value: u.email.value for u in page.items})
                offset += len(page.items)
                if not page.items or offset >= page.total:
                    break
            receipts: list[Receipt] = []
            while True:
                receipt_page = uow.receipts.page(org.id, len(receipts), MAX_PAGE_SIZE)
                receipts += receipt_page.items
                if not receipt_page.items or len(receipts) >= receipt_page.total:
                    break
    finally:
        store.close()
    signed_ny: dict[str, str] = {}
    for receipt in receipts:
        for change in json.loads(receipt.document)["changes"]:
            payload = change["payload"]
            if change["action"] == ChangeAction.NY.value:
                signed_ny[payload["personnummer"]] = payload["email"]
                if payload["personnummer"] not in users:
                    problems.append(f"receipt {receipt.id}: its Ny {payload} is no user")
    # The last acknowledged write of every Ny (by the pending change's version) and of
    # every user's Ändrad (by the user's version, then the pending change's).
    last: dict[tuple[str, str], dict[str, Any]] = {}
    for a in acked:
        if a["op"] == "receipt":
            continue
        key = (a["op"], a["pnr"])
        order = (a.get("user_version", 0), a["version"])
        earlier = last.get(key)
        if earlier is None or order > (earlier.get("user_version", 0), earlier["version"]):
            last[key] = a
    for (op, number), a in sorted(last.items()):
        allowed = {a["email"]} | maybe[op, number]
        stored = pending.get((op, number))
        if stored is not None:
            now = str(stored.payload["email"])
            if op == "ny" and stored.version < a["version"]:
                problems.append(f"{op} {number}: version {stored.version} < {a['version']}")
        elif op == "ny":
            now = signed_ny.get(number, "(neither pending nor signed)")
        else:
            now = users.get(number, "(no such user)")
        if now not in allowed:
            problems.append(f"{op} {number}: the store has {now!r}, not {a['email']!r}")
    ids = {(r.id, r.order_ref) for r in receipts}
    for a in acked:
        if a["op"] == "receipt" and (a["id"], a["order"]) not in ids:
            problems.append(f"receipt {a['id']} (order {a['order']}) is missing")
    return len(problems), problems


# ----------------------------------------------------------------------------- a level
def run_level(
    database: Database,
    admins: list[str],
    processes: int,
    seconds: float,
    mix: dict[str, int],
    seed: int,
    directory: Path,
) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    outs = [directory / f"{database.backend}-{processes}-{i}.json" for i in range(processes)]
    workers = [
        context.Process(
            target=worker_main,
            args=(database, i, admins[i], seconds, mix, seed * 1000 + i, barrier, str(outs[i])),
        )
        for i in range(processes)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    results = []
    for i, out in enumerate(outs):
        if not out.exists():
            raise SystemExit(f"worker {i} wrote no result (exit code {workers[i].exitcode})")
        data = json.loads(out.read_text(encoding="utf-8"))
        result = WorkerResult(**data)
        if result.error:
            raise SystemExit(f"worker {i} failed:\n{result.error}")
        results.append(result)
    lost, problems = check(database, results)
    for problem in problems[:20]:
        note(f"LOST: {problem}")
    by_op = {
        op: {k: sum(r.counts[op][k] for r in results) for k in ("ok", *CAUSES)} for op in OPERATIONS
    }
    refusals = {cause: sum(by_op[op][cause] for op in OPERATIONS) for cause in CAUSES}
    writes = sum(by_op[op]["ok"] for op in OPERATIONS)
    wall = max(r.seconds for r in results)
    messages: collections.Counter[str] = collections.Counter()
    for r in results:
        messages.update(r.messages)
    return {
        "backend": database.backend,
        "processes": processes,
        "seconds": round(wall, 1),
        "writes": writes,
        "writes_per_s": round(writes / wall, 1),
        "receipts": by_op["sign"]["ok"],
        "refusals": refusals,
        "by_op": by_op,
        "top_refusals": dict(messages.most_common(8)),
        "lost_writes": lost,
    }


def markdown(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| backend | processes | writes/s | writes | receipts | rule | conflict | locking "
        "| other | lost writes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        f = r["refusals"]
        lines.append(
            f"| {r['backend']} | {r['processes']} | {r['writes_per_s']} | {r['writes']} "
            f"| {r['receipts']} | {f['rule']} | {f['conflict']} | {f['locking']} "
            f"| {f['other']} | {r['lost_writes']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--url", default=os.environ.get("KAWEBB_BENCH_URL", DEFAULT_URL))
    ap.add_argument("--schema", default=DEFAULT_SCHEMA, help="the benchmark's own schema")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--levels", default="2,4,8", help="processes (admins) per level")
    ap.add_argument("--seconds", type=float, default=30, help="per level")
    ap.add_argument("--mix", default=DEFAULT_MIX)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--dir", default=None, help="where the SQLite files go (default: a temp dir)")
    ap.add_argument("--table", action="store_true", help="also print a Markdown table to stderr")
    a = ap.parse_args(argv)

    levels = [int(x) for x in a.levels.split(",") if x.strip()]
    backends = [b.strip() for b in a.backends.split(",") if b.strip()]
    if any(b not in ("sqlite", "postgresql") for b in backends):
        raise SystemExit("--backends: sqlite and/or postgresql")
    mix = parse_mix(a.mix)
    rows = []
    with tempfile.TemporaryDirectory(prefix="kawebb_concurrent_", dir=a.dir) as tmp:
        directory = Path(tmp)
        for backend in backends:
            try:
                for processes in levels:
                    if backend == "sqlite":
                        path = directory / f"concurrent-{processes}.sqlite3"
                        database = Database("sqlite", f"sqlite:///{path}")
                    else:
                        database = Database("postgresql", a.url, a.schema)
                    admins = make_store(database)
                    if not 1 <= processes <= len(admins):
                        raise SystemExit(f"levels must be within 1..{len(admins)} (the admins)")
                    note(f"{backend}: {processes} admins for {a.seconds} s")
                    row = run_level(database, admins, processes, a.seconds, mix, a.seed, directory)
                    emit(row)
                    rows.append(row)
            finally:
                if backend == "postgresql":
                    drop_schema(a.url, a.schema)
                    note(f"dropped schema {a.schema}")
    if a.table:
        print(markdown(rows), file=sys.stderr, flush=True)
    return 1 if any(r["lost_writes"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
