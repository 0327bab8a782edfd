#!/usr/bin/env python3
"""Benchmark: the *Översikt* case list over the server (remote mode), PostgreSQL, 1M cases.

A demo store with ``--cases`` cases in its own PostgreSQL schema (made by ``create_demo``,
which writes the cases in batches of 5 000 with one multi-row INSERT each, then
``VACUUM ANALYZE``), the server on it as ``kawebb serve --workers 2`` runs it (uvicorn's
supervisor on a listening socket with TCP_NODELAY; the schema through
``KAWEBB_SERVE_SCHEMA``, which ``kawebb serve`` has no flag for), and ``--clients``
concurrent ``httpx`` clients, each logged in through the demo's BankID simulator, asking
for the case list with no pause:

  first_page    the main unit's open cases, newest event first, 50 rows (what Översikt
                shows when it opens)
  name_search   the same with the name search "berg"
  name_words    the same with a word that changes every request (berg, lind, ström, Öberg,
                sson, alva, Saga Holm, åsa, lindqvist, qxz): other counts, other pages

Before the load, the page and count statements the repository sends for the first page
and the name search are shown with ``EXPLAIN (ANALYZE, BUFFERS)``: the JSON says which
indexes they use and whether any reads ``cases`` with a sequential scan.

Usage:
  .venv/bin/python benchmarks/remote_cases.py                    # 1M cases, 10 clients
  .venv/bin/python benchmarks/remote_cases.py --cases 20000 --seconds 5   # smoke run

Prints JSON lines (times in ms). The schema is dropped at the end unless ``--keep``;
``--reuse`` keeps a schema that already holds exactly ``--cases`` cases. No other schema
is touched. A measurement script, not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import server_load as sl  # the set-up, server and login of server_load.py

DEFAULT_SCHEMA = "kawebb_remote_cases"
PHASES = ("first_page", "name_search", "name_words")
WORDS = ["berg", "lind", "ström", "Öberg", "sson", "alva", "Saga Holm", "åsa", "lindqvist", "qxz"]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary(latencies: list[float], seconds: float, errors: int) -> dict[str, Any]:
    ms = [x * 1000 for x in latencies]
    return {
        "requests": len(ms),
        "errors": errors,
        "req_per_s": round(len(ms) / seconds, 1),
        "p50_ms": round(pct(ms, 50), 1),
        "p95_ms": round(pct(ms, 95), 1),
        "p99_ms": round(pct(ms, 99), 1),
        "mean_ms": round(statistics.fmean(ms), 1) if ms else None,
        "max_ms": round(max(ms), 1) if ms else None,
    }


def query(phase: str, unit_id: int, i: int) -> dict[str, Any]:
    q: dict[str, Any] = {"unit_id": unit_id, "limit": 50, "offset": 0}
    if phase == "name_search":
        q.update(text="berg", search_field="namn")
    elif phase == "name_words":
        q.update(text=WORDS[i % len(WORDS)], search_field="namn")
    return q


# ----------------------------------------------------------------------------- EXPLAIN
def explain(store: Any, organisation_id: int, unit_id: int) -> dict[str, Any]:
    """EXPLAIN (ANALYZE, BUFFERS) of every statement one page of each kind sends, on a
    fresh count (the store's cached totals are forgotten first)."""
    from sqlalchemy import event

    from kawebb_desktop.domain.queries import CaseQuery, CaseSearchField

    out: dict[str, Any] = {}
    cases = {
        "first_page": CaseQuery(unit_id=unit_id, limit=50),
        "name_search": CaseQuery(
            unit_id=unit_id, text="berg", search_field=CaseSearchField.NAMN, limit=50
        ),
        "name_search_rare": CaseQuery(
            unit_id=unit_id, text="lindqvist", search_field=CaseSearchField.NAMN, limit=50
        ),
    }
    for name, case_query in cases.items():
        statements: list[tuple[str, Any]] = []

        def before(_c: Any, _cur: Any, statement: str, parameters: Any, *_a: Any) -> None:
            if "cases" in statement and statement.lstrip().upper().startswith("SELECT"):
                statements.append((statement, parameters))  # noqa: B023

        store.forget_cached_counts()
        event.listen(store.engine, "before_cursor_execute", before)
        try:
            with store.unit_of_work() as uow:
                t0 = time.perf_counter()
                page = uow.cases.page(organisation_id, case_query)
                took = time.perf_counter() - t0
        finally:
            event.remove(store.engine, "before_cursor_execute", before)
        plans = []
        with store.engine.connect() as connection:
            for statement, parameters in statements:
                if "FROM cases" not in statement and "JOIN cases" not in statement:
                    continue
                rows = connection.exec_driver_sql(
                    "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters
                ).all()
                plans.append("\n".join(r[0] for r in rows))
            connection.rollback()
        text = "\n\n".join(plans)
        indexes = sorted(
            {w for line in text.splitlines() for w in line.split() if w.startswith("ix_")}
        )
        out[name] = {
            "page_s": round(took, 4),
            "rows": len(page.items),
            "total": page.total,
            "total_exact": page.total_exact,
            "statements": len(plans),
            "seq_scan_on_cases": "Seq Scan on cases" in text,
            "indexes": indexes,
            "plan": text,
        }
    return out


def direct(store: Any, organisation_id: int, unit_id: int, reps: int) -> dict[str, Any]:
    """The same pages in this process (no HTTP), cold (totals forgotten) and warm."""
    from kawebb_desktop.domain.queries import CaseQuery, CaseSearchField

    out: dict[str, Any] = {}
    for phase in ("first_page", "name_search"):
        q = CaseQuery(unit_id=unit_id, limit=50)
        if phase == "name_search":
            q = CaseQuery(unit_id=unit_id, text="berg", search_field=CaseSearchField.NAMN, limit=50)
        for mode in ("cold", "warm"):
            times = []
            for _ in range(reps):
                if mode == "cold":
                    store.forget_cached_counts()
                with store.unit_of_work() as uow:
                    t0 = time.perf_counter()
                    uow.cases.page(organisation_id, q)
                    times.append(time.perf_counter() - t0)
            out[f"{phase}_{mode}_ms"] = round(statistics.median(times) * 1000, 1)
    # Each word of name_words once, cold: rare words are the slow ones (their matches are
    # far apart in the sort order, or looked up in the trigram index).
    words: dict[str, Any] = {}
    for word in WORDS:
        store.forget_cached_counts()
        q = CaseQuery(unit_id=unit_id, text=word, search_field=CaseSearchField.NAMN, limit=50)
        with store.unit_of_work() as uow:
            t0 = time.perf_counter()
            page = uow.cases.page(organisation_id, q)
            took = time.perf_counter() - t0
        total = f"{page.total}{'' if page.total_exact else '+'}"
        words[word] = {"cold_ms": round(took * 1000, 1), "total": total}
    out["words_cold"] = words
    return out


# ----------------------------------------------------------------------------- load
async def run_phase(
    base: str,
    phase: str,
    sessions: list[sl.Session],
    organisation_id: int,
    unit_id: int,
    seconds: float,
    warmup: float,
) -> dict[str, Any]:
    import httpx

    path = f"{sl.API}/organisations/{organisation_id}/cases"
    latencies: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    measure_from = start + warmup
    stop_at = measure_from + seconds

    async def client_loop(session: sl.Session, offset: int) -> None:
        auth = {"Authorization": f"Bearer {session.token}"}
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=base, timeout=15, limits=limits) as client:
            i = offset
            while time.perf_counter() < stop_at:
                t0 = time.perf_counter()
                try:
                    r = await client.get(path, params=query(phase, unit_id, i), headers=auth)
                    ok = r.status_code == 200
                    why = "" if ok else f"{r.status_code} {r.text[:200]}"
                except httpx.HTTPError as exc:
                    ok, why = False, f"{type(exc).__name__} {exc}"
                t1 = time.perf_counter()
                if t0 >= measure_from:
                    if ok:
                        latencies.append(t1 - t0)
                    else:
                        errors.append(why)
                i += 1

    await asyncio.gather(*(client_loop(s, k) for k, s in enumerate(sessions)))
    result = {"phase": phase, "clients": len(sessions), "seconds": seconds}
    result.update(summary(latencies, seconds, len(errors)))
    if errors:
        result["first_errors"] = errors[:3]
    return result


async def login_clients(base: str, facts: sl.DemoFacts, count: int) -> list[sl.Session]:
    """One session per client, each through its own simulator login (Dorotea's
    behörighetsadministratörer in turn), and each checked with one request."""
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        sessions = []
        for i in range(count):
            pnr = facts.admins[i % len(facts.admins)]
            sessions.append(await sl.login(client, pnr, facts.organisation_id))
        for session in sessions:
            r = await client.get(
                f"{sl.API}/organisations/{facts.organisation_id}/cases",
                params=query("first_page", facts.unit_ids[0], 0),
                headers={"Authorization": f"Bearer {session.token}"},
            )
            r.raise_for_status()
        return sessions


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--url", default=os.environ.get("KAWEBB_BENCH_URL", sl.DEFAULT_URL))
    ap.add_argument("--schema", default=DEFAULT_SCHEMA)
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=20.0, help="measured time per phase")
    ap.add_argument("--warmup", type=float, default=3.0, help="unrecorded seconds per phase")
    ap.add_argument("--workers", type=int, default=2, help="server worker processes")
    ap.add_argument("--direct-reps", type=int, default=5)
    ap.add_argument("--reuse", action="store_true", help="keep a schema with exactly --cases")
    ap.add_argument("--keep", action="store_true", help="do not drop the schema at the end")
    ap.add_argument("--quiet-wait", type=float, default=0.0, help="wait for a quiet machine")
    ap.add_argument("--plans", help="write the EXPLAIN plans to this file")
    args = ap.parse_args(argv)

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
        }
    )
    store, info = sl.setup_store(args.url, args.schema, args.cases, args.reuse)
    proc = None
    try:
        sl.emit(info)
        facts = sl.demo_facts(store)
        with store.engine.connect() as c:
            (unit_cases,) = c.exec_driver_sql(
                "SELECT count(*) FROM cases WHERE unit_id = %(u)s", {"u": facts.unit_ids[0]}
            ).one()
            (pg_version,) = c.exec_driver_sql("SHOW server_version").one()
            extensions = c.exec_driver_sql("SELECT extname FROM pg_extension").scalars().all()
        sl.emit(
            {
                "phase": "store",
                "postgresql": pg_version,
                "extensions": sorted(extensions),
                "unit_id": facts.unit_ids[0],
                "unit_cases": unit_cases,
            }
        )
        plans = explain(store, facts.organisation_id, facts.unit_ids[0])
        if args.plans:
            Path(args.plans).write_text(
                "\n\n".join(f"== {k}\n{v['plan']}" for k, v in plans.items()), encoding="utf-8"
            )
        sl.emit({"phase": "explain", **{k: {**v, "plan": None} for k, v in plans.items()}})
        sl.emit(
            {
                "phase": "direct",
                **direct(store, facts.organisation_id, facts.unit_ids[0], args.direct_reps),
            }
        )

        port = sl.free_port()
        base = f"http://127.0.0.1:{port}"
        log = Path(tempfile.gettempdir()) / f"kawebb_remote_cases_{port}.log"
        proc = sl.start_server(
            args.url, args.schema, port, args.workers, sl.default_server_env(), log, nodelay=True
        )
        sl.wait_healthy(base, proc)
        sessions = asyncio.run(login_clients(base, facts, args.clients))
        for phase in PHASES:
            if args.quiet_wait:
                sl.wait_quiet(args.quiet_wait)
            result = asyncio.run(
                run_phase(
                    base,
                    phase,
                    sessions,
                    facts.organisation_id,
                    facts.unit_ids[0],
                    args.seconds,
                    args.warmup,
                )
            )
            result["load_average"] = [round(x, 2) for x in os.getloadavg()]
            sl.emit(result)
    finally:
        if proc is not None:
            sl.stop_server(proc)
        store.close()
        if not args.keep:
            sl._drop_schema(args.url, args.schema)
            sl.note(f"schema {args.schema} dropped")
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
