"""The demo's case documents (*handlingar*, issue 9): a few documents in Dorotea's
ersättningsärenden (``demo_claims.py``), in every status, spread over the last months so
that *Statusöversikt*'s chart has a history.

They are made the way a municipality makes them: a few days after the month a document
is about, Dorotea's Behörighetsadministratör logs in, writes it, sends it and signs the
set with BankID; AF approves it or returns it for completion (with a comment) about a
week later. One report is left as a draft (never sent). :func:`plan_documents` lays this
out relative to ``today``; ``demo.py`` carries it out with its history
(:func:`send_documents`, :func:`review_documents`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, MutableMapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from kawebb_desktop.demo_claims import month_end, month_start, working_day
from kawebb_desktop.domain.documents import DocumentStatus, DocumentType
from kawebb_desktop.domain.entities import Receipt
from kawebb_desktop.domain.values import OrgNumber
from kawebb_desktop.services.af import AgreementService
from kawebb_desktop.services.api import Caller, SaveDocument, SendDocument, Services

GP = DocumentType.GEMENSAM_PLANERING
PR = DocumentType.PERIODISK_RAPPORT
IR = DocumentType.INFORMATIV_RAPPORT


@dataclass(frozen=True)
class DemoDocument:
    case_number: int
    type: DocumentType
    #: The month the document is about, counted back from ``today``'s (1: the last one).
    months_ago: int
    #: Where it ends up (Utkast: never sent).
    status: DocumentStatus
    #: AF's comment when it returns the document.
    comment: str = ""

    @property
    def key(self) -> tuple[int, DocumentType, int]:
        return self.case_number, self.type, self.months_ago


RETURNED_REPORT = "Frånvaron i rapporten saknar orsak. Komplettera kommentaren och skicka igen."
RETURNED_PLAN = "Studieplanen saknar kurser och omfattning per termin. Komplettera planen."

DEMO_DOCUMENTS = (
    DemoDocument(35171, GP, 5, DocumentStatus.GODKAND),
    DemoDocument(35171, PR, 4, DocumentStatus.GODKAND),
    DemoDocument(35171, PR, 3, DocumentStatus.GODKAND),
    DemoDocument(35171, PR, 2, DocumentStatus.RETURNERAD, RETURNED_REPORT),
    DemoDocument(35171, PR, 1, DocumentStatus.INSKICKAD),
    DemoDocument(35172, GP, 5, DocumentStatus.GODKAND),
    DemoDocument(35172, PR, 3, DocumentStatus.GODKAND),
    DemoDocument(35172, IR, 2, DocumentStatus.GODKAND),
    DemoDocument(35172, PR, 1, DocumentStatus.UTKAST),
    DemoDocument(35173, GP, 4, DocumentStatus.RETURNERAD, RETURNED_PLAN),
    DemoDocument(35174, GP, 3, DocumentStatus.GODKAND),
    DemoDocument(35174, PR, 1, DocumentStatus.INSKICKAD),
)
#: A document is written this long after its month ends; AF decides this long after.
WRITE_AFTER = dt.timedelta(days=3)
DECIDE_AFTER = dt.timedelta(days=6)


def values_of(document: DemoDocument, today: dt.date) -> dict[str, str]:
    """The form's values, as the administrator types them."""
    first = month_start(today, document.months_ago)
    if document.type is GP:
        return {
            "period_from": first.isoformat(),
            "period_to": (month_start(first, -6) - dt.timedelta(days=1)).isoformat(),
            "extent": "50",
            "hours_per_week": "20",
            "study_plan": "Svenska som andraspråk 1 och Vård och omsorg 1 på Dorotea lärcentrum.",
            "goals": "Gymnasiekompetens inom vård och omsorg, därefter anställning som "
            "undersköterska.",
        }
    if document.type is PR:
        absent = "8" if document.status is DocumentStatus.RETURNERAD else "2"
        return {
            "period_from": first.isoformat(),
            "period_to": month_end(first).isoformat(),
            "attended_hours": "72",
            "absent_hours": absent,
            "comment": "",
        }
    return {
        "subject": "Byte av praktikplats",
        "text": f"Från och med {first.isoformat()} praktiserar deltagaren på Dorotea "
        "äldreboende i stället för på förskolan.\nHandledare: Karin Lund.",
    }


@dataclass
class DocumentSet:
    """Documents written (and, unless drafts, sent and signed together) on ``day``."""

    day: dt.date
    documents: list[DemoDocument] = field(default_factory=list)

    @property
    def sends(self) -> bool:
        return any(d.status is not DocumentStatus.UTKAST for d in self.documents)


@dataclass(frozen=True)
class DocumentReview:
    day: dt.date
    document: DemoDocument


def plan_documents(
    today: dt.date, cases: Collection[int]
) -> tuple[list[DocumentSet], list[DocumentReview]]:
    """What is written and sent when, and what AF decides when; never after ``today``.
    Only the documents of ``cases`` (case numbers the demo has) are planned."""
    sets: dict[dt.date, DocumentSet] = {}
    reviews: list[DocumentReview] = []
    for document in DEMO_DOCUMENTS:
        if document.case_number not in cases:
            continue
        first = month_start(today, document.months_ago)
        written = min(working_day(month_end(first) + WRITE_AFTER), today)
        sets.setdefault(written, DocumentSet(written)).documents.append(document)
        if document.status in (DocumentStatus.GODKAND, DocumentStatus.RETURNERAD):
            decided = min(working_day(written + DECIDE_AFTER), today)
            reviews.append(DocumentReview(decided, document))
    return sorted(sets.values(), key=lambda s: s.day), reviews


def send_documents(
    services: Services,
    logged_in: Callable[[], AbstractContextManager[Caller]],
    sign: Callable[[Caller], Receipt],
    document_set: DocumentSet,
    case_ids: Mapping[int, int],
    made: MutableMapping[tuple[int, DocumentType, int], int],
    today: dt.date,
) -> None:
    """Write the set's documents, send those that are not drafts, and sign them."""
    documents = services.documents
    with logged_in() as caller:
        for document in document_set.documents:
            case_id = case_ids[document.case_number]
            draft = documents.save_draft(
                caller, SaveDocument(case_id, document.type, values_of(document, today))
            )
            made[document.key] = draft.id
            if document.status is not DocumentStatus.UTKAST:
                documents.send_document(caller, SendDocument(draft.id, draft.version))
        if document_set.sends:
            sign(caller)


def review_documents(
    af: AgreementService,
    org_number: OrgNumber,
    review: DocumentReview,
    made: Mapping[tuple[int, DocumentType, int], int],
) -> None:
    """AF approves the document, or returns it with the comment."""
    document = review.document
    af.review_document(org_number, made[document.key], document.status, document.comment)


__all__ = [
    "DEMO_DOCUMENTS",
    "DemoDocument",
    "DocumentReview",
    "DocumentSet",
    "plan_documents",
    "review_documents",
    "send_documents",
    "values_of",
]
