"""Contract: case documents (issue 9) on every backend (local, remote over SQLite and over
PostgreSQL): a draft is saved incomplete and cannot be sent until it is completed, then
sent (a pending change) and signed with BankID, AF returns it with a comment, it is
corrected and sent again, and Statusöversikt shows it; another organisation's case and
document are not found. The rules in detail are tested on the local backend
(``tests/unit/services/test_documents.py``) and in the domain
(``tests/unit/domain/test_documents.py``)."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterator

import pytest

from kawebb_desktop.domain.changes import ChangeKind
from kawebb_desktop.domain.clock import SystemClock
from kawebb_desktop.domain.documents import DocumentStatus, DocumentType
from kawebb_desktop.domain.entities import Case, CaseKind, CaseStatus
from kawebb_desktop.domain.errors import Conflict, NotFound, RuleViolation
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.af import AgreementService
from kawebb_desktop.services.api import (
    DiscardDocument,
    DiscardPending,
    SaveDocument,
    SendDocument,
)
from kawebb_desktop.services.common import Env
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import open_store
from tests.services.backends import ARVID, ASELE, DOROTEA, MARTA, Backend
from tests.services.conftest import Deployments

_numbers = itertools.count(uuid.uuid4().int % 1_000_000 * 1000 + 800_000_000)

REPORT = {
    "period_from": "2026-03-01",
    "period_to": "2026-03-31",
    "attended_hours": "96,5",
    "absent_hours": "8",
    "comment": "Sjuk två dagar.\nI övrigt närvarande.",
}


@pytest.fixture
def db(backend: Backend, deployments: Deployments) -> Iterator[Store]:
    """The backend's own database (for adding cases and AF's decisions)."""
    url, schema = deployments.database(backend.name)
    store = open_store(url, schema=schema)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(autouse=True)
def no_sends_left_waiting(backend: Backend) -> Iterator[None]:
    """No test leaves a document waiting to be signed by another test's Signera."""
    _discard_sends(backend)
    yield
    _discard_sends(backend)


def _discard_sends(backend: Backend) -> None:
    for name, organisation in ((ARVID, DOROTEA), (MARTA, ASELE)):
        caller = backend.caller(name, organisation)
        for change in backend.services.documents.pending_documents(caller):
            backend.services.organisations.discard_pending(
                caller, DiscardPending(change.id, change.version)
            )


def new_case(db: Store, organisation_id: int) -> Case:
    with db.unit_of_work(write=True) as uow:
        unit = next(
            u
            for u in uow.units.for_organisation(organisation_id)
            if u.case_kind is CaseKind.HUVUDARENDE
        )
        case = uow.cases.add(
            Case(
                0,
                organisation_id,
                unit.id,
                next(_numbers),
                "Åsa",
                "Öberg",
                Personnummer("200506071232"),
                CaseStatus.PLANERING,
                dt.date(2026, 1, 1),
                dt.date(2026, 12, 31),
                "Påbörjad",
                dt.date(2026, 1, 1),
            )
        )
        uow.commit()
    return case


def test_a_document_from_draft_to_returned_and_sent_again(backend: Backend, db: Store) -> None:
    caller = backend.caller(ARVID, DOROTEA)
    docs = backend.services.documents
    case = new_case(db, caller.organisation_id)
    half = {k: v for k, v in REPORT.items() if k != "absent_hours"}
    draft = docs.save_draft(caller, SaveDocument(case.id, DocumentType.PERIODISK_RAPPORT, half))
    assert draft.status is DocumentStatus.UTKAST and draft.values["attended_hours"] == "96.5"
    assert draft.values["comment"] == REPORT["comment"] and draft.updated_by == ARVID
    assert draft.values["absent_hours"] == ""  # a draft may be incomplete; a send may not
    with pytest.raises(RuleViolation, match="Ange frånvaro, timmar") as incomplete:
        docs.send_document(caller, SendDocument(draft.id, draft.version))
    assert incomplete.value.field == "absent_hours"
    changed = docs.save_draft(
        caller,
        SaveDocument(
            case.id,
            DocumentType.PERIODISK_RAPPORT,
            {**REPORT, "absent_hours": "6"},
            draft.id,
            draft.version,
        ),
    )
    with pytest.raises(Conflict):
        docs.send_document(caller, SendDocument(draft.id, draft.version))
    pending = docs.send_document(caller, SendDocument(changed.id, changed.version))
    assert pending.change.kind is ChangeKind.DOCUMENT and pending.case_number == case.case_number
    assert docs.get_document(caller, draft.id).waiting_change_id == pending.id

    progress = backend.sign(caller)
    assert progress.status is CollectStatus.COMPLETE, progress
    sent = docs.documents(caller, case.id)[0]
    assert sent.status is DocumentStatus.INSKICKAD and sent.sent_at is not None

    with db.unit_of_work() as uow:
        organisation = uow.organisations.get(caller.organisation_id)
    assert organisation is not None
    AgreementService(Env(db, SystemClock())).review_document(
        organisation.org_number, draft.id, DocumentStatus.RETURNERAD, "Ange frånvarons orsak."
    )
    backend.settle(caller)  # AF returned it behind the caller's back
    returned = docs.get_document(caller, draft.id)
    assert returned.status is DocumentStatus.RETURNERAD
    assert returned.return_comment == "Ange frånvarons orsak."
    fixed = docs.save_draft(
        caller,
        SaveDocument(
            case.id,
            DocumentType.PERIODISK_RAPPORT,
            {**REPORT, "comment": "Sjukdom (intyg finns)."},
            draft.id,
            returned.version,
        ),
    )
    docs.send_document(caller, SendDocument(fixed.id, fixed.version))
    assert backend.sign(caller).status is CollectStatus.COMPLETE

    overview = docs.status_overview(caller, 50)
    row = next(r for r in overview.rows if r.document_id == draft.id)
    assert (row.case_number, row.person_name, row.status) == (
        case.case_number,
        "Åsa Öberg",
        DocumentStatus.INSKICKAD,
    )
    counted = {(c.status, c.count) for c in overview.counts}
    assert any(status is DocumentStatus.RETURNERAD for status, _n in counted)


def test_another_organisations_case_and_document_are_not_found(backend: Backend, db: Store) -> None:
    dorotea = backend.caller(ARVID, DOROTEA)
    asele = backend.caller(MARTA, ASELE)
    docs = backend.services.documents
    case = new_case(db, dorotea.organisation_id)
    draft = docs.save_draft(
        dorotea,
        SaveDocument(
            case.id, DocumentType.INFORMATIV_RAPPORT, {"subject": "Möte", "text": "Bokat."}
        ),
    )
    with pytest.raises(NotFound):
        docs.documents(asele, case.id)
    with pytest.raises(NotFound):
        docs.get_document(asele, draft.id)
    with pytest.raises(NotFound):
        docs.send_document(asele, SendDocument(draft.id, draft.version))
    with pytest.raises(NotFound):
        docs.discard_draft(asele, DiscardDocument(draft.id, draft.version))
    with pytest.raises(RuleViolation, match="utanför ärendets datum") as refused:
        docs.save_draft(
            dorotea,
            SaveDocument(
                case.id,
                DocumentType.SLUTREDOVISNING,
                {"end_date": "2027-02-01", "result": "Klar", "next_step": "Arbete"},
            ),
        )
    assert refused.value.field == "end_date"
    docs.discard_draft(dorotea, DiscardDocument(draft.id, draft.version))
    assert docs.documents(dorotea, case.id) == []
