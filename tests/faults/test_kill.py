"""The kill test (issue 6): an admin's process is killed at random moments, again and again,
on one store; after every kill the store must be whole.

A child (``kill_child.py``, a fresh ``python`` each time) logs in through the real services
with the demo's BankID simulator and loops: create pending users (sometimes editing one),
sign them, collect. It journals every write the services acknowledged. The parent kills
it with SIGKILL after a random delay — mostly while it works, sometimes while it opens the
store or logs in — starts the next child on the same store, and after every kill opens the
store itself and checks:

* SQLite: ``PRAGMA integrity_check`` and ``PRAGMA foreign_key_check`` are clean;
* no acknowledged write is lost: every acknowledged pending change is still pending (at
  its acknowledged version or a later one that was being written) or was applied by a
  receipt with the acknowledged content; every acknowledged receipt is there;
* no change set is half-applied: every receipt's document is its digest, its order is
  complete and points back at it, every *Ny* it lists exists as a user with the signed
  e-mail, no change it lists is still pending, and no user exists that neither the demo
  nor a receipt made.

Sign and login orders a killed child left pending are counted, and so are the
``alreadyInProgress`` refusals the next child got from BankID for them.

Seeded: ``KAWEBB_FAULT_SEED`` replays a run (the seed is in every failure message);
``KAWEBB_FAULT_KILLS`` sets the kills per backend (default 50 on SQLite, 30 on
PostgreSQL). ``make faults`` runs this test alone and shows its figures.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import json
import os
import queue
import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kawebb_desktop.demo import create_demo
from kawebb_desktop.domain.changes import digest_of
from kawebb_desktop.domain.clock import SystemClock
from kawebb_desktop.domain.entities import Person, Receipt, User
from kawebb_desktop.domain.orders import OrderState
from kawebb_desktop.domain.queries import MAX_PAGE_SIZE, UserQuery
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.rules import next_year_end
from kawebb_desktop.domain.values import EmailAddress, OrgNumber, Personnummer
from kawebb_desktop.services.demo import mark_demo_store
from kawebb_desktop.store.base import UnitOfWork
from kawebb_desktop.store.sql import SqlStore, open_store
from tests.store.databases import drop_schema, find_postgres, new_schema_name

CHILD = Path(__file__).with_name("kill_child.py")
DOROTEA = "2120002809"
KILLS = {"sqlite": 50, "postgresql": 30}
#: When the kills land: while the child starts (imports, opens and migrates the store),
#: while it logs in, or while it works (the loop of creating and signing).
PHASES = ("starting", "logging in", "working")
PHASE_WEIGHTS = (0.1, 0.15, 0.75)
#: Once ready, the child works for a random time up to this long before it is killed.
WORK_WINDOW_S = 0.8
#: A child that has not opened the store, or logged in, after this long is a failure.
READY_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Database:
    backend: str
    url: str
    schema: str | None = None

    def args(self) -> list[str]:
        return ["--url", self.url] + (["--schema", self.schema] if self.schema else [])

    def open(self) -> SqlStore:
        return open_store(self.url, schema=self.schema)


@dataclass
class Figures:
    """What one backend's run did, for the report (printed as one JSON line)."""

    backend: str
    seed: int
    kills: int = 0
    kills_while: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PHASES, 0))
    acknowledged_creates: int = 0
    acknowledged_edits: int = 0
    acknowledged_receipts: int = 0
    already_in_progress: int = 0
    receipts_in_store: int = 0
    users_made: int = 0
    pending_changes_left: int = 0
    sign_orders_left_pending: int = 0
    login_orders_left_pending: int = 0
    corrupt_stores: int = 0
    lost_writes: int = 0
    half_applied: int = 0
    seconds: float = 0.0


@dataclass
class Acked:
    """The acknowledged state of one pending *Ny*, from the journals."""

    change_id: int
    version: int
    email: str
    #: E-mails an edit after the last acknowledgement was about to write.
    intents: list[str] = field(default_factory=list)


@dataclass
class Journals:
    #: By the new user's personnummer: SQLite reuses the id of a signed (deleted)
    #: pending change, so an id alone does not name one change for ever.
    changes: dict[str, Acked] = field(default_factory=dict)
    #: Acknowledged receipts: id → order ref.
    receipts: dict[int, str] = field(default_factory=dict)
    creates: int = 0
    edits: int = 0
    already_in_progress: int = 0


# ----------------------------------------------------------------------- the databases
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A demo store of its own: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        database = Database("sqlite", f"sqlite:///{tmp_path / 'kawebb.sqlite3'}")
        _make_demo(database)
        yield database
        return
    url, why_not = find_postgres()
    if url is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true, men PostgreSQL behövs: {why_not}", pytrace=False)
        pytest.skip(why_not)
    database = Database("postgresql", url, new_schema_name())
    try:
        store = open_store(url, schema=database.schema, create_schema=True)
        store.close()
        _make_demo(database)
        yield database
    finally:
        assert database.schema is not None
        drop_schema(url, database.schema)


def _make_demo(database: Database) -> None:
    """The demo without its unsigned changes: every change signed here is a child's."""
    store = database.open()
    try:
        create_demo(store, SystemClock(), cases=0)
        mark_demo_store(store)
        with store.unit_of_work(write=True) as uow:
            for organisation in uow.organisations.list_all():
                for change in uow.pending.for_organisation(organisation.id):
                    uow.pending.remove(change.id)
            uow.commit()
    finally:
        store.close()


@dataclass(frozen=True)
class Demo:
    """What the demo made in Dorotea before any child ran."""

    #: The personnummer of its first behörighetsadministratör (the children's admin).
    admin: str
    #: The personnummer of its users.
    people: frozenset[str]
    #: The ids of its receipts (its history).
    receipts: frozenset[int]


def _demo_facts(database: Database) -> Demo:
    store = database.open()
    try:
        with store.unit_of_work() as uow:
            org = uow.organisations.by_org_number(OrgNumber(DOROTEA))
            assert org is not None
            admins = uow.users.with_role(org.id, Role.BEHORIGHETSADMINISTRATOR)
            users = _all_users(uow, org.id)
            receipts = _all_receipts(uow, org.id)
        return Demo(
            min(admins, key=lambda u: u.id).personnummer.value,
            frozenset(users),
            frozenset(r.id for r in receipts),
        )
    finally:
        store.close()


# ----------------------------------------------------------------------- the test
@pytest.mark.faults
@pytest.mark.slow
def test_killed_admins_leave_a_whole_store(database: Database, tmp_path: Path) -> None:
    seed = int(os.environ.get("KAWEBB_FAULT_SEED") or random.SystemRandom().randrange(2**32))
    kills = int(os.environ.get("KAWEBB_FAULT_KILLS") or KILLS[database.backend])
    rng = random.Random(seed)
    figures = Figures(database.backend, seed)
    demo = _demo_facts(database)
    print(f"\nkill test on {database.backend}: seed {seed} (KAWEBB_FAULT_SEED={seed} replays)")
    started = time.monotonic()
    # How long a child takes to open the store, and then to log in: refined by each child.
    opening_s, login_s = 1.0, 0.1
    for child in range(kills):
        phase = rng.choices(PHASES, PHASE_WEIGHTS)[0]
        share = rng.random()
        child_seed = rng.randrange(2**31)
        where = f"seed {seed}, child {child}, {database.backend}, killed while {phase}"
        log = tmp_path / f"child-{child:03d}.log"
        with log.open("wb") as err:
            process = subprocess.Popen(
                [
                    sys.executable,
                    str(CHILD),
                    *database.args(),
                    "--journal",
                    str(tmp_path / f"journal-{child:03d}.jsonl"),
                    "--admin",
                    demo.admin,
                    "--org-number",
                    DOROTEA,
                    "--child",
                    str(child),
                    "--seed",
                    str(child_seed),
                ],
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
        child_output = _Lines(process, log, where)
        try:
            spawned = time.monotonic()
            if phase == "starting":  # importing, migrating, opening the store
                _run_for(process, (0.5 + 0.6 * share) * opening_s, log, where)
            else:
                child_output.wait_for("opened")
                opened = time.monotonic()
                opening_s = opened - spawned
                if phase == "logging in":
                    _run_for(process, 1.5 * share * login_s, log, where)
                else:
                    child_output.wait_for("ready")
                    login_s = time.monotonic() - opened
                    _run_for(process, share * WORK_WINDOW_S, log, where)
        finally:
            process.kill()
            process.wait()
        figures.kills += 1
        figures.kills_while[phase] += 1
        journals = _read_journals(tmp_path)
        problems = _check(database, journals, demo, figures)
        assert not problems, f"after kill {child + 1} ({where}):\n" + "\n".join(problems)
    figures.seconds = round(time.monotonic() - started, 1)
    journals = _read_journals(tmp_path)
    figures.acknowledged_creates = journals.creates
    figures.acknowledged_edits = journals.edits
    figures.acknowledged_receipts = len(journals.receipts)
    figures.already_in_progress = journals.already_in_progress
    print(json.dumps(dataclasses.asdict(figures)))
    assert figures.kills >= kills
    # The children must have done real work between the kills, or this proves nothing
    # (a loaded machine does about a third of the usual; these bounds are lower still).
    assert figures.acknowledged_creates >= kills // 3, figures
    assert figures.acknowledged_receipts >= kills // 6, figures


class _Lines:
    """The child's stdout, read line by line on a thread, so that waiting for a line
    can time out."""

    def __init__(self, process: subprocess.Popen[str], log: Path, where: str) -> None:
        self._process = process
        self._log = log
        self._where = where
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        with stdout:
            for line in stdout:
                self._lines.put(line.strip())
        self._lines.put("")  # the end: the child has closed its stdout (or died)

    def wait_for(self, expected: str) -> None:
        """Wait until the child prints ``expected``; fail if it ends first."""
        try:
            line = self._lines.get(timeout=READY_TIMEOUT_S)
        except queue.Empty:
            pytest.fail(
                f"the child did not say {expected!r} in {READY_TIMEOUT_S} s ({self._where})"
            )
        if line != expected:
            self._process.wait()
            pytest.fail(
                f"the child said {line!r}, not {expected!r} ({self._where}):\n{_tail(self._log)}"
            )


def _run_for(process: subprocess.Popen[str], seconds: float, log: Path, where: str) -> None:
    """Let the child run for ``seconds``; it must not end by itself meanwhile."""
    try:
        code = process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return
    pytest.fail(f"the child ended by itself with code {code} ({where}):\n{_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-4000:]


def test_the_checks_see_lost_and_half_applied_writes(tmp_path: Path) -> None:
    """The checks themselves can fail: acknowledged writes that are not in the store and
    a user that no receipt made are reported."""
    database = Database("sqlite", f"sqlite:///{tmp_path / 'kawebb.sqlite3'}")
    _make_demo(database)
    demo = _demo_facts(database)
    figures = Figures("sqlite", 0)
    assert _check(database, Journals(), demo, figures) == []
    lost = "194001010109"
    made_outside = "194001010117"
    journals = Journals(
        changes={lost: Acked(1, 1, f"kill.{lost}@example.se")}, receipts={7: "an-order"}
    )
    store = database.open()
    try:
        with store.unit_of_work(write=True) as uow:
            org = uow.organisations.by_org_number(OrgNumber(DOROTEA))
            assert org is not None
            person = uow.persons.add(Person(0, Personnummer(made_outside), "Ulla", "Utan"))
            today = dt.date.today()
            uow.users.add(
                User(
                    0,
                    org.id,
                    person,
                    EmailAddress("ulla.utan@example.se"),
                    Role.TJANSTEADMINISTRATOR,
                    today,
                    next_year_end(today),
                )
            )
            uow.commit()
    finally:
        store.close()
    assert _check(database, journals, demo, figures) == [
        f"lost write: the Ny of {lost} (acknowledged) is neither pending nor signed",
        "lost write: receipt 7 (acknowledged, order an-order) is missing",
        f"half-applied: user {made_outside} exists, but no receipt made it",
    ]
    assert (figures.lost_writes, figures.half_applied) == (2, 1)


# ----------------------------------------------------------------------- the journals
def _read_journals(directory: Path) -> Journals:
    """Every acknowledged write of every child. A last line without its newline was cut
    by the kill: that write was not acknowledged yet."""
    result = Journals()
    for path in sorted(directory.glob("journal-*.jsonl")):
        text = path.read_text(encoding="utf-8")
        complete = text if text.endswith("\n") else text[: text.rfind("\n") + 1]
        for line in complete.splitlines():
            _note(result, json.loads(line))
    return result


def _note(journals: Journals, record: dict[str, Any]) -> None:
    op = record["op"]
    if op == "create":
        journals.creates += 1
        journals.changes[record["pnr"]] = Acked(
            record["change"], record["version"], record["email"]
        )
    elif op == "edit_intent":
        journals.changes[record["pnr"]].intents.append(record["email"])
    elif op == "edit":
        journals.edits += 1
        journals.changes[record["pnr"]] = Acked(
            record["change"], record["version"], record["email"]
        )
    elif op == "signed":
        journals.receipts[record["receipt"]] = record["order"]
    elif op == "already_in_progress":
        journals.already_in_progress += 1


# ----------------------------------------------------------------------- the checks
def _all_users(uow: UnitOfWork, organisation_id: int) -> dict[str, str]:
    """Personnummer → e-mail of every user of the organisation."""
    result: dict[str, str] = {}
    offset = 0
    while True:
        page = uow.users.page(organisation_id, UserQuery(offset=offset, limit=MAX_PAGE_SIZE))
        result.update({u.personnummer.value: u.email.value for u in page.items})
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return result


def _all_receipts(uow: UnitOfWork, organisation_id: int) -> list[Receipt]:
    receipts: list[Receipt] = []
    while True:
        page = uow.receipts.page(organisation_id, len(receipts), MAX_PAGE_SIZE)
        receipts += page.items
        if not page.items or len(receipts) >= page.total:
            return receipts


def _check(database: Database, journals: Journals, demo: Demo, figures: Figures) -> list[str]:
    """Open the store as a restarted app would and list everything wrong with it."""
    problems: list[str] = []
    store = database.open()
    try:
        if database.backend == "sqlite":
            with store.engine.connect() as connection:
                integrity = connection.exec_driver_sql("PRAGMA integrity_check").scalars().all()
                foreign = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            if integrity != ["ok"] or foreign:
                figures.corrupt_stores += 1
                problems.append(f"corrupt store: {integrity[:5]} {foreign[:5]}")
        with store.unit_of_work() as uow:
            problems += _check_contents(uow, journals, demo, figures)
    finally:
        store.close()
    return problems


def _check_contents(uow: UnitOfWork, journals: Journals, demo: Demo, figures: Figures) -> list[str]:
    lost: list[str] = []
    half: list[str] = []
    org = uow.organisations.by_org_number(OrgNumber(DOROTEA))
    assert org is not None
    pending_changes = uow.pending.for_organisation(org.id)
    pending_ids = {c.id for c in pending_changes}
    #: The pending *Ny* by personnummer (every change the children make is a *Ny*).
    pending = {str(c.payload["personnummer"]): c for c in pending_changes}
    users = _all_users(uow, org.id)
    receipts = [r for r in _all_receipts(uow, org.id) if r.id not in demo.receipts]
    # Every receipt is whole: its document, its order, its users. A change it lists is
    # gone from the pending list (its id may have been given to a newer change since).
    signed: dict[str, dict[str, Any]] = {}
    for receipt in sorted(receipts, key=lambda r: r.id):
        document = json.loads(receipt.document)
        if digest_of(receipt.document) != receipt.digest:
            half.append(f"receipt {receipt.id}: the document is not its digest")
        if len(document["changes"]) != receipt.change_count:
            half.append(f"receipt {receipt.id}: {receipt.change_count} changes said, not listed")
        order = uow.orders.get(receipt.order_ref)
        if (
            order is None
            or order.state is not OrderState.COMPLETE
            or order.receipt_id != receipt.id
        ):
            half.append(f"receipt {receipt.id}: its order is {order}")
        for change in document["changes"]:
            payload = change["payload"]
            number = payload["personnummer"]
            if change["action"] != "ny":
                half.append(f"receipt {receipt.id}: change {change['id']} is no Ny: {change}")
                continue
            if number in signed:
                half.append(f"the Ny of {number} signed twice (receipt {receipt.id})")
            signed[number] = change
            if number in pending:
                half.append(f"the Ny of {number} signed (receipt {receipt.id}) yet pending")
            if users.get(number) != payload["email"]:
                half.append(
                    f"the Ny of {number} signed (receipt {receipt.id}) but its user is "
                    f"{users.get(number)!r}, not {payload['email']!r}"
                )
    for number in sorted(set(users) - demo.people - set(signed)):
        half.append(f"user {number} exists, but no receipt made it")
    # Every acknowledged write is there.
    for number, acked in sorted(journals.changes.items()):
        allowed = {acked.email, *acked.intents}
        stored = pending.get(number)
        if stored is not None:
            email = stored.payload["email"]
            if stored.id != acked.change_id:
                lost.append(f"the Ny of {number}: pending as {stored.id}, not {acked.change_id}")
            if stored.version < acked.version:
                lost.append(f"the Ny of {number}: version {stored.version} < {acked.version}")
            elif stored.version == acked.version and email != acked.email:
                lost.append(f"the Ny of {number}: e-mail {email!r}, not {acked.email!r}")
            elif email not in allowed:
                lost.append(f"the Ny of {number}: e-mail {email!r} was never written")
        elif number in signed:
            email = signed[number]["payload"]["email"]
            if signed[number]["id"] != acked.change_id:
                lost.append(f"the Ny of {number}: signed as {signed[number]['id']}")
            if email not in allowed:
                lost.append(f"the Ny of {number}: signed with {email!r}, not {acked.email!r}")
        else:
            lost.append(f"the Ny of {number} (acknowledged) is neither pending nor signed")
    by_id = {r.id: r for r in receipts}
    for receipt_id, order_ref in sorted(journals.receipts.items()):
        if receipt_id not in by_id or by_id[receipt_id].order_ref != order_ref:
            lost.append(f"receipt {receipt_id} (acknowledged, order {order_ref}) is missing")
    # What killed children left behind.
    left = collections.Counter(
        o.purpose.value for o in uow.orders.stale_pending(dt.datetime.now(dt.UTC))
    )
    figures.sign_orders_left_pending = left["sign"]
    figures.login_orders_left_pending = left["login"]
    figures.receipts_in_store = len(receipts)
    figures.users_made = len(signed)
    figures.pending_changes_left = len(pending_ids)
    figures.lost_writes += len(lost)
    figures.half_applied += len(half)
    return [f"lost write: {p}" for p in lost] + [f"half-applied: {p}" for p in half]
