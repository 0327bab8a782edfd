"""The demo's case documents (issue 9): Dorotea's ersättningsärenden have documents in
every status (one returned with AF's comment, one draft), sent and signed in the history
over several months (receipts in order, the chart has months) and decided by AF."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from kawebb_desktop.demo import create_demo
from kawebb_desktop.demo_documents import DEMO_DOCUMENTS, plan_documents
from kawebb_desktop.domain.changes import ChangeKind
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.documents import DocumentStatus
from kawebb_desktop.domain.queries import CaseQuery
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import open_store
from tests.conftest import NOW


def kinds(document: str) -> set[str]:
    return {change["kind"] for change in json.loads(document)["changes"]}


@pytest.mark.parametrize("now", [NOW, dt.datetime(2027, 1, 4, 0, 10, tzinfo=dt.UTC)])
def test_the_demo_has_documents_in_every_status(tmp_path: Path, now: dt.datetime) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'kawebb.sqlite3'}")
    try:
        summary = create_demo(store, FixedClock(now), cases=10)
        with store.unit_of_work() as uow:
            (dorotea,) = [o for o in uow.organisations.list_all() if o.name == "Dorotea kommun"]
            cases = {
                c.case_number: c.id
                for unit in uow.units.for_organisation(dorotea.id)
                for c in uow.cases.page(dorotea.id, _all(unit.id)).items
            }
            documents = [d for case_id in cases.values() for d in uow.documents.for_case(case_id)]
            receipts = uow.receipts.page(dorotea.id, 0, 500).items
            pending = uow.pending.for_organisation(dorotea.id, ChangeKind.DOCUMENT)
            months = uow.documents.monthly_counts(dorotea.id)
        assert Counter(d.status for d in documents) == Counter(d.status for d in DEMO_DOCUMENTS)
        assert {d.status for d in documents} == set(DocumentStatus)
        returned = [d for d in documents if d.status is DocumentStatus.RETURNERAD]
        assert returned and all(d.return_comment for d in returned)
        assert pending == []
        assert len({month for month, _status, _n in months}) >= 4
        sent = [r for r in receipts if ChangeKind.DOCUMENT.value in kinds(r.document)]
        document_sets, _reviews = plan_documents(now.date(), cases)
        assert len(sent) == sum(s.sends for s in document_sets)
        by_id = sorted(receipts, key=lambda r: r.id)
        assert [r.signed_at for r in by_id] == sorted(r.signed_at for r in receipts)
        assert summary.receipts == len(receipts) + _other_receipts(store, dorotea.id)
    finally:
        store.close()


def _all(unit_id: int) -> CaseQuery:
    return CaseQuery(unit_id=unit_id, include_closed=True, limit=500)


def _other_receipts(store: Store, organisation_id: int) -> int:
    with store.unit_of_work() as uow:
        return sum(
            len(uow.receipts.page(o.id, 0, 500).items)
            for o in uow.organisations.list_all()
            if o.id != organisation_id
        )
