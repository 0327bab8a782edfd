"""Case documents (*handlingar*) and their history in SQL (migration 0013).

The values are stored as canonical JSON text (sorted keys, UTF-8 kept), the same on
both backends. ``update`` and ``delete`` check the version (optimistic locking): a
stale one is a Conflict and nothing changes. The chart's counts per month are grouped
in Python over the organisation's events: a few per document, so a handful of rows
per case, and the same month on both backends (UTC).

In a batch whose new documents wait (:mod:`.batch`), ``add`` takes the id and holds the
row; every other method inserts the held rows first, so it sees them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm.exc import StaleDataError

from kawebb_desktop.domain.documents import (
    Document,
    DocumentEvent,
    DocumentLine,
    DocumentStatus,
    DocumentType,
)
from kawebb_desktop.domain.errors import Conflict, NotFound
from kawebb_desktop.store.sql.batch import batch_of
from kawebb_desktop.store.sql.orm import CaseRow, DocumentEventRow, DocumentRow
from kawebb_desktop.store.sql.repositories import (
    _assign,
    _Repository,
    _require_new,
    _storable,
)

DOCUMENT_GONE = "Handlingen finns inte längre."
STALE_DOCUMENT = (
    "Handlingen har ändrats av någon annan sedan du läste den. Läs in den igen och försök på nytt."
)
_MISSING = "Ärendet, organisationen eller personen finns inte."

#: Statuses a document has once it was sent (what Statusöversikt lists).
SENT = (DocumentStatus.INSKICKAD, DocumentStatus.GODKAND, DocumentStatus.RETURNERAD)


def _values_text(values: Mapping[str, str]) -> str:
    return json.dumps(dict(values), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _row_values(d: Document) -> dict[str, Any]:
    return {
        "organisation_id": d.organisation_id,
        "case_id": d.case_id,
        "type": d.type.value,
        "status": d.status.value,
        "field_values": _values_text(d.values),
        "created_at": d.created_at,
        "updated_at": d.updated_at,
        "updated_by": d.updated_by_person_id,
        "sent_at": d.sent_at,
        "decided_at": d.decided_at,
        "return_comment": d.return_comment,
    }


def _document(row: DocumentRow) -> Document:
    values = json.loads(row.field_values)
    return Document(
        id=row.id,
        organisation_id=row.organisation_id,
        case_id=row.case_id,
        type=DocumentType(row.type),
        status=DocumentStatus(row.status),
        values={str(k): str(v) for k, v in values.items()},
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        updated_by_person_id=row.updated_by,
        sent_at=row.sent_at,
        decided_at=row.decided_at,
        return_comment=row.return_comment,
    )


def _event(row: DocumentEventRow) -> DocumentEvent:
    return DocumentEvent(
        id=row.id,
        document_id=row.document_id,
        status=DocumentStatus(row.status),
        at=row.at,
        by_person_id=row.by_person_id,
    )


class SqlDocumentRepository(_Repository):
    """:class:`~kawebb_desktop.store.base.DocumentRepository` in SQL."""

    def add(self, document: Document) -> Document:
        _require_new(document.id, "document")
        row = DocumentRow(**_row_values(document), version=1)
        gathering = batch_of(self._session)
        if gathering is not None and gathering.waiting:
            # Inserted with the batch's other new documents, at the next read of
            # documents or commit (:mod:`.batch`); its id is taken now.
            row.id = gathering.document_id(self._session)
            gathering.held.append(row)
            return _document(row)
        with self._write(missing=_MISSING):
            self._session.add(row)
        return _document(row)

    def _release(self) -> None:
        """A batch's new documents that wait, inserted before a read of documents."""
        gathering = batch_of(self._session)
        if gathering is not None:
            gathering.release(self._session)

    def get(self, document_id: int) -> Document | None:
        if not _storable(document_id):
            return None
        self._release()
        row = self._session.get(DocumentRow, document_id)
        return _document(row) if row is not None else None

    def _current(self, document: Document) -> DocumentRow:
        self._release()
        row = self._session.get(DocumentRow, document.id) if _storable(document.id) else None
        if row is None:
            raise NotFound(DOCUMENT_GONE)
        if row.version != document.version:
            raise Conflict(STALE_DOCUMENT)
        return row

    def update(self, document: Document) -> Document:
        row = self._current(document)
        try:
            with self._write(missing=_MISSING):
                _assign(row, _row_values(document))
                row.version = document.version + 1
                self._session.flush()
        except StaleDataError as exc:
            raise Conflict(STALE_DOCUMENT) from exc
        return _document(row)

    def delete(self, document: Document) -> None:
        row = self._current(document)
        try:
            with self._write():
                self._session.execute(
                    delete(DocumentEventRow).where(DocumentEventRow.document_id == row.id)
                )
                self._session.delete(row)
                self._session.flush()
        except StaleDataError as exc:
            raise Conflict(STALE_DOCUMENT) from exc

    def for_case(self, case_id: int) -> list[Document]:
        if not _storable(case_id):
            return []
        self._release()
        rows = self._session.scalars(
            select(DocumentRow).where(DocumentRow.case_id == case_id).order_by(DocumentRow.id)
        )
        return [_document(r) for r in rows]

    def add_event(self, event: DocumentEvent) -> DocumentEvent:
        _require_new(event.id, "document event")
        self._release()
        row = DocumentEventRow(
            document_id=event.document_id,
            status=event.status.value,
            at=event.at,
            by_person_id=event.by_person_id,
        )
        with self._write(missing=DOCUMENT_GONE):
            self._session.add(row)
        return _event(row)

    def events(self, document_id: int) -> list[DocumentEvent]:
        if not _storable(document_id):
            return []
        self._release()
        rows = self._session.scalars(
            select(DocumentEventRow)
            .where(DocumentEventRow.document_id == document_id)
            .order_by(DocumentEventRow.at, DocumentEventRow.id)
        )
        return [_event(r) for r in rows]

    def sent(self, organisation_id: int, limit: int) -> tuple[list[DocumentLine], int]:
        self._release()
        sent = DocumentRow.status.in_([s.value for s in SENT])
        where = (DocumentRow.organisation_id == organisation_id, sent)
        total = int(self._session.scalar(select(func.count(DocumentRow.id)).where(*where)) or 0)
        rows = self._session.execute(
            select(DocumentRow, CaseRow.case_number, CaseRow.first_name, CaseRow.last_name)
            .join(CaseRow, CaseRow.id == DocumentRow.case_id)
            .where(*where)
            .order_by(DocumentRow.sent_at.desc(), DocumentRow.id.desc())
            .limit(limit)
        ).all()
        return [DocumentLine(_document(r[0]), r[1], r[2], r[3]) for r in rows], total

    def monthly_counts(self, organisation_id: int) -> list[tuple[dt.date, DocumentStatus, int]]:
        self._release()
        rows = self._session.execute(
            select(DocumentEventRow.at, DocumentEventRow.status)
            .join(DocumentRow, DocumentRow.id == DocumentEventRow.document_id)
            .where(DocumentRow.organisation_id == organisation_id)
        ).all()
        counts: Counter[tuple[dt.date, DocumentStatus]] = Counter()
        for at, status in rows:
            day = at.astimezone(dt.UTC) if at.tzinfo else at
            counts[(dt.date(day.year, day.month, 1), DocumentStatus(status))] += 1
        order = list(DocumentStatus)
        return sorted(
            ((month, status, n) for (month, status), n in counts.items()),
            key=lambda item: (item[0], order.index(item[1])),
        )


__all__ = ["DOCUMENT_GONE", "STALE_DOCUMENT", "SqlDocumentRepository"]
