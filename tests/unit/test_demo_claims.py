"""The demo's *Begärda ersättningar* (issue 9): Dorotea's ersättningsärenden have requests
in every status, sent and signed in the history (receipts in order) and decided by AF."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from kawebb_desktop.demo import create_demo
from kawebb_desktop.demo_claims import DEMO_CLAIMS, plan_claims
from kawebb_desktop.domain.changes import ChangeKind
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.entities import ClaimQuery, ClaimStatus
from kawebb_desktop.store.sql import open_store
from tests.conftest import NOW


def kinds(document: str) -> set[str]:
    return {change["kind"] for change in json.loads(document)["changes"]}


@pytest.mark.parametrize("now", [NOW, dt.datetime(2027, 1, 1, 0, 10, tzinfo=dt.UTC)])
def test_the_demo_has_requests_in_every_status(tmp_path: Path, now: dt.datetime) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'kawebb.sqlite3'}")
    try:
        summary = create_demo(store, FixedClock(now), cases=10)
        with store.unit_of_work() as uow:
            (dorotea,) = [o for o in uow.organisations.list_all() if o.name == "Dorotea kommun"]
            lines = uow.claims.page(dorotea.id, ClaimQuery(limit=100)).items
            receipts = uow.receipts.page(dorotea.id, 0, 500).items
            pending = uow.pending.for_organisation(dorotea.id, ChangeKind.CLAIM)
        wanted = Counter(c.status for c in DEMO_CLAIMS)
        assert Counter(line.claim.status for line in lines) == wanted
        assert set(wanted) == set(ClaimStatus)
        assert pending == []
        today = now.date()
        assert all(line.claim.submitted_on <= today for line in lines)
        # Each set of requests was signed on its day, among the users' history.
        sent = [r for r in receipts if ChangeKind.CLAIM.value in kinds(r.document)]
        claim_sets, _reviews = plan_claims(today)
        assert len(sent) == len(claim_sets)
        by_id = sorted(receipts, key=lambda r: r.id)
        assert [r.signed_at for r in by_id] == sorted(r.signed_at for r in receipts)
        assert summary.receipts >= len(sent)
        for receipt in sent:
            assert kinds(receipt.document) == {ChangeKind.CLAIM.value}
    finally:
        store.close()
