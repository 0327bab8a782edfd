"""The child of the client-kill test (``test_exactly_once.py``): a workstation on the
offline backend, killed with SIGKILL while it pushes its outbox.

Run as ``python tests/faults/offline_child.py --server URL --data DIR --journal FILE
--admin PNR --org-number N --mode write|resume``.

``write``: log in (through the backend: its replica is opened and synced), cut its own
network, make ``--count`` writes — pending *Ny* users, each then edited (an edit reads the
change from the replica first, as a form does) — journalling each write's e-mail after the
backend accepted it; print ``queued``; restore the network, print ``pushing`` and push
(``sync_now``); print ``synced`` and wait to be killed.

``resume`` (the restarted workstation): log in again (which syncs), ``sync_now`` until the
outbox is empty, and print one JSON line: the replica's pending users (personnummer →
id, version, e-mail) and the sync status; exit 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from kawebb_desktop.offline.backend import OfflineBackend
from kawebb_desktop.remote import RetryPolicy, connect
from kawebb_desktop.services.api import Caller, CreateUser, EditPending
from tests.faults.kill_child import Journal, draft_for, login, personnummer_of

#: Each object is made and then edited this many times.
EDITS = 2
#: The child's people are ``personnummer_of(CHILD, n)`` (the test's workstations use 0, 1).
CHILD = 5
RESUME_SYNCS = 20


class Switch(httpx.BaseTransport):
    """The workstation's own network, which it can cut."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.down = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("nätverket är nere", request=request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def pending_by_personnummer(backend: OfflineBackend, caller: Caller) -> dict[str, Any]:
    return {
        p.draft.personnummer.value: [p.id, p.version, p.draft.email.value]
        for p in backend.services.users.list_pending(caller)
    }


def write(backend: OfflineBackend, caller: Caller, count: int, journal: Journal) -> None:
    today = dt.date.today()
    made: dict[str, int] = {}
    for n in range(count):
        number = personnummer_of(CHILD, n // (1 + EDITS))
        step = made.get(number.value, 0)
        email = f"off.{number.value}.{step}@example.se"
        draft = draft_for(number, today, email)
        if step == 0:
            backend.services.users.create_user(caller, CreateUser(draft))
        else:
            change = next(
                p
                for p in backend.services.users.list_pending(caller)
                if p.draft.personnummer == number
            )
            backend.services.users.edit_pending(
                caller, EditPending(change.id, change.version, draft)
            )
        made[number.value] = step + 1
        journal.write({"pnr": number.value, "email": email})


def run(args: argparse.Namespace) -> None:
    network = Switch()
    remote = connect(args.server, transport=network, retry=RetryPolicy(attempts=2, delays=(0.0,)))
    backend = OfflineBackend(remote, args.server, Path(args.data))
    caller = login(backend.services, args.admin, args.org_number)
    if args.mode == "write":
        journal = Journal(args.journal)
        network.down = True
        write(backend, caller, args.count, journal)
        print("queued", flush=True)
        network.down = False
        print("pushing", flush=True)
        backend.sync_now(caller)
        print("synced", flush=True)
        while True:  # the parent kills this process
            time.sleep(1)
    for _ in range(RESUME_SYNCS):
        report = backend.sync_now(caller)
        if report.stopped is None and backend.status(caller).queued == 0:
            break
    status = backend.status(caller)
    print(
        json.dumps(
            {
                "pending": pending_by_personnummer(backend, caller),
                "queued": status.queued,
                "refused": len(status.refused),
                "problem": status.problem,
            }
        ),
        flush=True,
    )
    backend.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--server", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--journal", required=True)
    parser.add_argument("--admin", required=True, help="the admin's personnummer")
    parser.add_argument("--org-number", required=True)
    parser.add_argument("--mode", choices=("write", "resume"), required=True)
    parser.add_argument("--count", type=int, default=30)
    run(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    os.umask(0o077)
    sys.exit(main())
