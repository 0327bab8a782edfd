#!/usr/bin/env python3
"""Benchmark: the offline sync's speed (issue 11, "Speed").

A demo store with ``--cases`` cases in its own PostgreSQL schema (and a second one with a
tenth of them, for the memory comparison), the server on each as ``kawebb serve`` runs it
(uvicorn with the server's app factory, a real process on a loopback port), the demo's
BankID simulator for the logins. Then, each beside the plain remote calls that would do
the same work without a replica, in the same run:

  initial_pull      a fresh replica pulls the organisation's feeds (``SyncEngine.pull``,
                    pages of 1 000) — the main unit's N cases with their events, and the
                    rest of Dorotea's data — in a subprocess of its own per size (N/10,
                    then N), so that each peak RSS (``ru_maxrss``) is that pull's alone.
  remote_pages      the plain remote path: ``cases.list_cases`` pages of 50 of the same
                    unit (closed cases included), ``--pages`` of them spread evenly over
                    the whole list; time per case.
  remote_writes     another client (a second admin's session) saves ``--changes``
                    document drafts (*Informativ rapport*), one ``save_draft`` call each:
                    the plain remote write, time per item.
  incremental_pull  the replica of the first pull pulls those changes (``SyncEngine.pull``).
  remote_gets       ``documents.get_document`` of each of those drafts, one call each.
  offline_queue     the offline backend (``OfflineBackend`` over that replica) with its
                    network cut saves ``--commands`` drafts: each is a command in the
                    outbox, applied to the replica at once.
  push              the network back, one ``SyncEngine.sync``: the push of the queued
                    commands (timed up to the first feed request) and the pull that
                    follows it (their results coming back through the feed).

Usage:
  .venv/bin/python benchmarks/sync.py                     # 100 000 cases; set-up ~2 min
  .venv/bin/python benchmarks/sync.py --reuse --keep      # keep the loaded schemas
  .venv/bin/python benchmarks/sync.py --cases 2000 --changes 100 --commands 100  # smoke

Prints JSON lines (``phase``: machine, setup, store, initial_pull, remote_pages,
remote_writes, incremental_pull, remote_gets, offline_queue, push, summary); times in
seconds unless the name says ``_ms``. Progress notes go to stderr and start with ``#``.
The schemas are dropped at the end unless ``--keep``; ``--reuse`` keeps a schema that
already holds exactly that many cases (the drafts of an earlier run are deleted first).
No other schema is touched. A measurement script, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import server_load as sl  # the set-up, server and login of server_load.py

DEFAULT_SCHEMA = "kawebb_sync"
#: The text of every draft this benchmark saves (how an earlier run's are recognised).
MARK = "Synkbänk"


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def per_item(seconds: float, items: int) -> dict[str, Any]:
    return {
        "seconds": round(seconds, 3),
        "items": items,
        "ms_per_item": round(seconds / max(items, 1) * 1000, 3),
        "items_per_s": round(items / max(seconds, 1e-9), 1),
    }


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


class Switch(httpx.BaseTransport):
    """The workstation's network, which can be cut."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.down = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("nätverket är nere", request=request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class TimedFeed:
    """The remote feed, noting when it is first asked (the push has ended then)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.first_call: float | None = None
        self.pages = 0

    def changes(self, caller: Any, feed: str, since: int, limit: int = 1000) -> Any:
        if self.first_call is None:
            self.first_call = time.perf_counter()
        self.pages += 1
        return self._inner.changes(caller, feed, since, limit)


# ----------------------------------------------------------------------------- set-up
def forget_drafts(store: Any) -> int:
    """Delete the drafts an earlier run saved (in the benchmark's own schema only)."""
    from sqlalchemy import text

    with store.engine.begin() as c:
        gone = c.execute(
            text("DELETE FROM documents WHERE field_values LIKE :mark"), {"mark": f"%{MARK}%"}
        )
        return int(gone.rowcount or 0)


def prepare(url: str, schema: str, cases: int, reuse: bool) -> tuple[Any, sl.DemoFacts]:
    store, info = sl.setup_store(url, schema, cases, reuse)
    info["drafts_removed"] = forget_drafts(store) if info.get("reused") else 0
    sl.emit(info)
    return store, sl.demo_facts(store)


def unit_counts(store: Any, facts: sl.DemoFacts) -> dict[str, int]:
    from sqlalchemy import text

    with store.engine.connect() as c:
        org = {"o": facts.organisation_id}
        return {
            "unit_cases": int(
                c.execute(
                    text("SELECT count(*) FROM cases WHERE unit_id = :u"), {"u": facts.unit_ids[0]}
                ).scalar_one()
            ),
            "organisation_cases": int(
                c.execute(
                    text("SELECT count(*) FROM cases WHERE organisation_id = :o"), org
                ).scalar_one()
            ),
            "organisation_feed_entries": int(
                c.execute(
                    text("SELECT count(*) FROM change_index WHERE feed_id = :o"), org
                ).scalar_one()
            ),
        }


def start(url: str, schema: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = sl.free_port()
    base = f"http://127.0.0.1:{port}"
    log = Path(tempfile.gettempdir()) / f"kawebb_sync_bench_{port}.log"
    proc = sl.start_server(url, schema, port, workers, sl.default_server_env(), log, nodelay=True)
    sl.wait_healthy(base, proc)
    return proc, base


def login(base: str, personnummer: str, organisation_id: int) -> str:
    async def run() -> str:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            return (await sl.login(client, personnummer, organisation_id)).token

    return asyncio.run(run())


# ----------------------------------------------------------------------------- the pull
def pull_child(spec: dict[str, Any]) -> int:
    """In a process of its own: a fresh replica at ``spec['replica']`` pulls the feeds."""
    from sqlalchemy import text

    from kawebb_desktop.domain.clock import SystemClock
    from kawebb_desktop.offline.outbox import Outbox
    from kawebb_desktop.offline.replica import Replica
    from kawebb_desktop.offline.sync import SyncEngine
    from kawebb_desktop.remote import close, connect
    from kawebb_desktop.services.api import Caller

    clock = SystemClock()
    remote = connect(spec["base"])
    path = Path(spec["replica"])
    replica = Replica.open(path)
    outbox = Outbox(replica, clock)
    feed = TimedFeed(remote.sync)
    engine = SyncEngine(replica, outbox, remote, feed, clock)
    caller = Caller(spec["token"], spec["organisation_id"])
    rss_before = rss_mb()
    t0 = time.perf_counter()
    engine.pull(caller)
    took = time.perf_counter() - t0
    with replica.reading() as c:
        counts = {
            table: int(c.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
            for table in ("cases", "case_events", "documents", "authorizations")
        }
    replica.close()
    close(remote)
    print(
        json.dumps(
            {
                "seconds": round(took, 2),
                "feed_pages": feed.pages,
                "replica_rows": counts,
                "rss_before_pull_mb": rss_before,
                "peak_rss_mb": rss_mb(),
                "replica_mb": round(path.stat().st_size / 1e6, 1),
            }
        ),
        flush=True,
    )
    return 0


def initial_pull(
    base: str, token: str, organisation_id: int, replica: Path, size: int
) -> dict[str, Any]:
    spec = {"base": base, "token": token, "organisation_id": organisation_id}
    spec["replica"] = str(replica)
    sl.note(f"initial pull of {size} cases into {replica} …")
    done = subprocess.run(
        [sys.executable, __file__, "--pull-child", json.dumps(spec)],
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    cases = result["replica_rows"]["cases"]
    return {
        "phase": "initial_pull",
        "cases": size,
        **result,
        "cases_per_s": round(cases / max(result["seconds"], 1e-9)),
        "load_average": load_average(),
    }


# ----------------------------------------------------------------------------- remote baselines
def remote_pages(
    remote: Any, caller: Any, unit_id: int, total: int, pages: int
) -> tuple[dict[str, Any], list[int]]:
    """``pages`` pages of 50, evenly over the list; also the open cases of the first
    pages (where the drafts go)."""
    from kawebb_desktop.domain.queries import CaseQuery

    last = max(0, (total - 1) // 50)
    offsets = sorted({round(i * last / max(pages - 1, 1)) * 50 for i in range(pages)})
    times: list[float] = []
    rows = 0
    for offset in offsets:
        t0 = time.perf_counter()
        page = remote.cases.list_cases(
            caller, CaseQuery(unit_id=unit_id, include_closed=True, offset=offset, limit=50)
        )
        times.append(time.perf_counter() - t0)
        rows += len(page.items)
    open_ids: list[int] = []
    offset = 0
    while len(open_ids) < 4000:
        page = remote.cases.list_cases(caller, CaseQuery(unit_id=unit_id, offset=offset, limit=50))
        open_ids += [c.id for c in page.items]
        offset += 50
        if offset >= page.total:
            break
    seconds = sum(times)
    result = {
        "phase": "remote_pages",
        "pages": len(times),
        "page_ms_median": round(statistics.median(times) * 1000, 1),
        "page_ms_max": round(max(times) * 1000, 1),
        **per_item(seconds, rows),
        "full_walk_s_estimate": round(seconds / max(rows, 1) * total, 1),
        "load_average": load_average(),
    }
    return result, open_ids


def save_command(case_id: int, n: int) -> Any:
    from kawebb_desktop.domain.documents import DocumentType
    from kawebb_desktop.services.api import SaveDocument

    return SaveDocument(case_id, DocumentType.INFORMATIV_RAPPORT, {"comment": f"{MARK} {n}."})


def timed_calls(name: str, calls: list[Any]) -> tuple[dict[str, Any], list[Any]]:
    times: list[float] = []
    answers = []
    for call in calls:
        t0 = time.perf_counter()
        answers.append(call())
        times.append(time.perf_counter() - t0)
    return (
        {
            "phase": name,
            **per_item(sum(times), len(times)),
            "call_ms_median": round(statistics.median(times) * 1000, 2),
            "load_average": load_average(),
        },
        answers,
    )


# ----------------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--url", default=os.environ.get("KAWEBB_BENCH_URL", sl.DEFAULT_URL))
    ap.add_argument("--schema", default=DEFAULT_SCHEMA, help="N/10 goes to <schema>_tenth")
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--changes", type=int, default=1000, help="drafts of another client")
    ap.add_argument("--commands", type=int, default=1000, help="commands queued offline")
    ap.add_argument("--pages", type=int, default=200, help="remote list pages sampled")
    ap.add_argument("--workers", type=int, default=1, help="server worker processes")
    ap.add_argument("--reuse", action="store_true", help="keep schemas with exactly --cases")
    ap.add_argument("--keep", action="store_true", help="do not drop the schemas at the end")
    ap.add_argument("--pull-child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.pull_child:
        return pull_child(json.loads(args.pull_child))
    if args.changes + args.commands > 4000:
        raise SystemExit("--changes + --commands: at most 4 000 (one draft per open case)")

    import psycopg
    import sqlalchemy

    sl.emit(
        {
            "phase": "machine",
            "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "sqlalchemy": sqlalchemy.__version__,
            "psycopg": psycopg.__version__,
            "url": sl._safe_url(args.url),
            "schema": args.schema,
            "load_average": load_average(),
        }
    )
    tenth_schema = f"{args.schema}_tenth"
    tenth = max(1, args.cases // 10)
    work = Path(tempfile.mkdtemp(prefix="kawebb-sync-bench-"))
    stores: list[Any] = []
    procs: list[subprocess.Popen[bytes]] = []
    summary: dict[str, Any] = {"phase": "summary", "cases": args.cases}
    try:
        # --- the initial pull at N/10, then at N, each from its own server
        pulls = {}
        for schema, size in ((tenth_schema, tenth), (args.schema, args.cases)):
            store, facts = prepare(args.url, schema, size, args.reuse)
            stores.append(store)
            counts = unit_counts(store, facts)
            sl.emit({"phase": "store", "schema": schema, **counts})
            proc, base = start(args.url, schema, args.workers)
            procs.append(proc)
            token = login(base, facts.admins[0], facts.organisation_id)
            replica = work / f"replica_{size}.sqlite"
            pulls[size] = initial_pull(base, token, facts.organisation_id, replica, size)
            sl.emit(pulls[size])
            if size == tenth:
                sl.stop_server(proc)
                procs.remove(proc)
        summary["initial_pull_s"] = pulls[args.cases]["seconds"]
        summary["peak_rss_ratio_n_over_tenth"] = round(
            pulls[args.cases]["peak_rss_mb"] / pulls[tenth]["peak_rss_mb"], 2
        )

        # --- from here on: the N store, its server, the replica of the N pull
        from kawebb_desktop.domain.clock import SystemClock
        from kawebb_desktop.offline.backend import OfflineBackend
        from kawebb_desktop.offline.replica import replica_path
        from kawebb_desktop.offline.sync import SyncEngine
        from kawebb_desktop.remote import RetryPolicy, close, connect
        from kawebb_desktop.services.api import Caller

        clock = SystemClock()
        mine = Caller(token, facts.organisation_id)
        other_pnr = facts.admins[1 % len(facts.admins)]
        other = Caller(login(base, other_pnr, facts.organisation_id), facts.organisation_id)
        plain = connect(base)
        pages, open_ids = remote_pages(
            plain, mine, facts.unit_ids[0], counts["unit_cases"], args.pages
        )
        sl.emit(pages)
        if len(open_ids) < args.changes + args.commands:
            raise SystemExit(f"only {len(open_ids)} open cases for the drafts")
        theirs, mine_ids = open_ids[: args.changes], open_ids[args.changes :]

        # The N pull's replica, where the offline backend looks for this person's.
        data_dir = work / "data"
        network = Switch()
        remote = connect(base, transport=network, retry=RetryPolicy(attempts=1))
        path = replica_path(data_dir, base, facts.admins[0])
        path.parent.mkdir(mode=0o700, parents=True)
        os.replace(work / f"replica_{args.cases}.sqlite", path)
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.replace(work / f"replica_{args.cases}.sqlite{suffix}", f"{path}{suffix}")
        backend = OfflineBackend(remote, base, data_dir)
        # Entering opens that replica, syncs it (nothing new yet) and gives it the session.
        backend.services.auth.enter(mine.token, mine.organisation_id)
        workspace = backend.workspace(mine)
        assert workspace is not None and workspace.replica.path == path

        # --- another client's changes: plain remote writes, then the incremental pull
        writes, saved = timed_calls(
            "remote_writes",
            [
                lambda c=c, n=n: plain.documents.save_draft(other, save_command(c, n))
                for n, c in enumerate(theirs)
            ],
        )
        sl.emit(writes)
        feed = TimedFeed(remote.sync)
        engine = SyncEngine(workspace.replica, workspace.outbox, remote, feed, clock)
        t0 = time.perf_counter()
        engine.pull(mine)
        took = time.perf_counter() - t0
        incremental = {
            "phase": "incremental_pull",
            **per_item(took, len(saved)),
            "feed_pages": feed.pages,
            "load_average": load_average(),
        }
        sl.emit(incremental)
        gets, _ = timed_calls(
            "remote_gets",
            [lambda d=d: plain.documents.get_document(mine, d.id) for d in saved],
        )
        sl.emit(gets)
        summary["incremental_speedup"] = round(gets["ms_per_item"] / incremental["ms_per_item"], 1)

        # --- commands queued offline, then pushed
        network.down = True
        queued, _ = timed_calls(
            "offline_queue",
            [
                lambda c=c, n=n: backend.services.documents.save_draft(
                    mine, save_command(c, 100_000 + n)
                )
                for n, c in enumerate(mine_ids[: args.commands])
            ],
        )
        queued["outbox_queued"] = backend.status(mine).queued
        sl.emit(queued)
        network.down = False
        feed = TimedFeed(remote.sync)
        engine = SyncEngine(workspace.replica, workspace.outbox, remote, feed, clock)
        t0 = time.perf_counter()
        report = engine.sync(mine)
        t1 = time.perf_counter()
        pushed = feed.first_call or t1
        push = {
            "phase": "push",
            **per_item(pushed - t0, len(report.sent)),
            "refused": len(report.refused),
            "waiting": len(report.waiting),
            "stopped": report.stopped.message if report.stopped else None,
            "pull_after_s": round(t1 - pushed, 3),
            "synced": len(report.synced),
            "sync_ms_per_item": round((t1 - t0) / max(len(report.sent), 1) * 1000, 3),
            "load_average": load_average(),
        }
        sl.emit(push)
        summary["push_speedup"] = round(writes["ms_per_item"] / max(push["ms_per_item"], 1e-9), 2)
        summary["targets"] = {
            "initial_pull_under_30_s": summary["initial_pull_s"] < 30,
            "memory_flat_ratio_under_1_5": summary["peak_rss_ratio_n_over_tenth"] < 1.5,
            "incremental_10x": summary["incremental_speedup"] >= 10,
            "push_10x": summary["push_speedup"] >= 10,
        }
        sl.emit(summary)
        backend.close()
        close(remote)
        close(plain)
    finally:
        for proc in procs:
            sl.stop_server(proc)
        shutil.rmtree(work, ignore_errors=True)
        for store in stores:
            store.close()
        if not args.keep:
            for schema in (tenth_schema, args.schema):
                sl._drop_schema(args.url, schema)
                sl.note(f"schema {schema} dropped")
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
