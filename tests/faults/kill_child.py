"""The child of the kill test (``test_kill.py``): an admin at work until it is killed.

Run as ``python tests/faults/kill_child.py --url … --journal … --admin … --child N``. It
opens the store (then prints ``opened`` on stdout), logs in the admin through the real
services with the demo's BankID simulator and simulated phone (then prints ``ready``),
and then loops for ever:

* create one to three pending users (``CreateUser``), sometimes editing one of them
  (``EditPending``);
* start signing, let the phone approve, collect until the order is settled.

Every write the services *acknowledged* (returned without an error) is appended to the
journal after it returned, one JSON object a line, and forced to disk (``fsync``) before
the next call. Before an edit its intended e-mail is journalled too: if the child dies
between the commit and the acknowledgement, the parent still knows what it may find.

The parent kills this process with SIGKILL at a random moment; it never ends by itself.
Anything unexpected (a refusal, a failed signing) ends it with a traceback and a non-zero
exit code, which fails the test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
from typing import Any

from kawebb_desktop.demo import personnummer_for
from kawebb_desktop.domain.changes import UserDraft
from kawebb_desktop.domain.clock import SystemClock
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.rules import next_year_end
from kawebb_desktop.domain.values import EmailAddress, Personnummer
from kawebb_desktop.services import build_services
from kawebb_desktop.services.api import (
    Caller,
    CreateUser,
    EditPending,
    Services,
    SignProgress,
    StartSigning,
    caller_of,
)
from kawebb_desktop.services.demo import SimulatedPhone, demo_simulator, require_demo_store
from kawebb_desktop.signing.base import CollectStatus, SignerError
from kawebb_desktop.store.sql import open_store

#: Where the children's new people are born: child ``k`` gets ten days of its own from
#: this date, each with serials 10–979 (the demo's own people have serials 980–999).
FIRST_BIRTH = dt.date(1940, 1, 1)
SERIALS = range(10, 980)
DAYS_PER_CHILD = 10
#: A signing is collected at most this many times (the phone approves at once).
MAX_COLLECTS = 50


class Journal:
    """Append-only JSON lines, each forced to disk before :meth:`write` returns."""

    def __init__(self, path: str) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        os.write(self._fd, line.encode("utf-8"))
        os.fsync(self._fd)


def personnummer_of(child: int, n: int) -> Personnummer:
    """The ``n``-th new person of child ``child``: unique across children."""
    days, serial = divmod(n, len(SERIALS))
    if days >= DAYS_PER_CHILD:
        raise RuntimeError(f"child {child} ran out of personnummer after {n}")
    birth = FIRST_BIRTH + dt.timedelta(days=child * DAYS_PER_CHILD + days)
    return personnummer_for(birth.strftime("%Y%m%d"), SERIALS[serial])


def draft_for(number: Personnummer, today: dt.date, email: str) -> UserDraft:
    return UserDraft(
        "Kill",
        "Testsson",
        number,
        EmailAddress(email),
        Role.TJANSTEADMINISTRATOR,
        today,
        next_year_end(today),
    )


def login(services: Services, admin: str, org_number: str) -> Caller:
    phone = services.demo_phone
    assert phone is not None
    order = services.auth.start_login()
    phone.approve(order.order_ref, admin)
    progress = services.auth.collect_login(order.order_ref)
    if progress.status is not CollectStatus.COMPLETE or progress.token is None:
        raise RuntimeError(f"login did not complete: {progress}")
    chosen = [c for c in progress.choices if c.org_number.value == org_number]
    if not chosen:
        raise RuntimeError(f"the admin may not work in {org_number}: {progress.choices}")
    return caller_of(services.auth.enter(progress.token, chosen[0].organisation_id))


def sign(services: Services, caller: Caller, journal: Journal) -> SignProgress:
    phone = services.demo_phone
    assert phone is not None
    try:
        order = services.signing.start(caller, StartSigning())
    except SignerError as exc:
        if exc.error_code != "alreadyInProgress":
            raise
        # A killed child's sign order was still pending at BankID (the simulator); BankID
        # aborts it on this refusal, so a second start goes through.
        journal.write({"op": "already_in_progress"})
        order = services.signing.start(caller, StartSigning())
    journal.write({"op": "sign_started", "order": order.order_ref, "count": order.change_count})
    phone.approve(order.order_ref)
    for _ in range(MAX_COLLECTS):
        progress = services.signing.collect(caller, order.order_ref)
        if progress.status is not CollectStatus.PENDING:
            return progress
    raise RuntimeError(f"signing {order.order_ref} still pending after {MAX_COLLECTS} collects")


def run(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    journal = Journal(args.journal)
    clock = SystemClock()
    store = open_store(args.url, schema=args.schema)
    print("opened", flush=True)
    require_demo_store(store)
    simulator = demo_simulator(store, clock)
    services = build_services(
        store, simulator, clock, dt.timedelta(0), demo_phone=SimulatedPhone(store, simulator)
    )
    caller = login(services, args.admin, args.org_number)
    print("ready", flush=True)
    n = 0
    while True:
        for _ in range(rng.randint(1, 3)):
            number = personnummer_of(args.child, n)
            n += 1
            email = f"kill.{number.value}@example.se"
            change = services.users.create_user(
                caller, CreateUser(draft_for(number, clock.today(), email))
            )
            journal.write(
                {
                    "op": "create",
                    "change": change.id,
                    "version": change.version,
                    "pnr": number.value,
                    "email": email,
                }
            )
            if rng.random() < 0.3:
                email = f"kill.{number.value}.v{change.version + 1}@example.se"
                journal.write(
                    {"op": "edit_intent", "change": change.id, "pnr": number.value, "email": email}
                )
                edited = services.users.edit_pending(
                    caller,
                    EditPending(change.id, change.version, draft_for(number, clock.today(), email)),
                )
                journal.write(
                    {
                        "op": "edit",
                        "change": edited.id,
                        "version": edited.version,
                        "pnr": number.value,
                        "email": email,
                    }
                )
        progress = sign(services, caller, journal)
        if progress.status is not CollectStatus.COMPLETE or progress.receipt is None:
            raise RuntimeError(f"signing did not complete: {progress}")
        journal.write(
            {
                "op": "signed",
                "receipt": progress.receipt.id,
                "order": progress.receipt.order_ref,
                "count": progress.receipt.change_count,
            }
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True)
    parser.add_argument("--schema", default=None)
    parser.add_argument("--journal", required=True)
    parser.add_argument("--admin", required=True, help="the admin's personnummer")
    parser.add_argument("--org-number", required=True)
    parser.add_argument("--child", type=int, required=True, help="0, 1, 2, … (new people)")
    parser.add_argument("--seed", type=int, default=0)
    run(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
