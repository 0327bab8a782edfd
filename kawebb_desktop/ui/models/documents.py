"""The documents (*handlingar*) of a case, by type, and *Statusöversikt*'s sent documents
(issue 9, DOMAIN.md §5).

A case lists every type its kind has, in the guide's order; a type with documents has a
line for each, a type without one line that says so (opening it writes the first). An
ersättningsärende's *Begär ersättning* is a claim, made on its own tab: its line says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt

from kawebb_desktop.domain.documents import DocumentStatus, DocumentType, document_types
from kawebb_desktop.domain.entities import CaseKind
from kawebb_desktop.services.api import DocumentView, StatusRow
from kawebb_desktop.services.offline_api import KIND_DOCUMENT
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.columns import AnyIndex, Column
from kawebb_desktop.ui.models.lists import ListTableModel
from kawebb_desktop.ui.models.unsynced import UNSYNCED_TIP, UnsyncedMarks

#: The line of an ersättningsärende's claims (after Periodisk rapport, as in the guide).
CLAIM_LABEL = QT_TR_NOOP("Begär ersättning")
CLAIM_STATUS = QT_TR_NOOP("Under fliken Begär ersättning")
NONE_YET = QT_TR_NOOP("Ingen ännu")
WAITING = QT_TR_NOOP("Väntar på signering")


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """A line of the case's *Handlingar*: ``document`` of ``type``, or (``document``
    None) the type with none yet. ``type`` None is the line of *Begär ersättning*."""

    type: DocumentType | None
    document: DocumentView | None = None

    @property
    def label(self) -> str:
        return tr(self.type.label if self.type is not None else CLAIM_LABEL)

    @property
    def status_text(self) -> str:
        if self.type is None:
            return tr(CLAIM_STATUS)
        if self.document is None:
            return tr(NONE_YET)
        if self.document.waiting_change_id is not None:
            return tr(WAITING)
        return tr(self.document.status.label)


def case_entries(kind: CaseKind, documents: Sequence[DocumentView]) -> list[DocumentEntry]:
    """Every type of a case of ``kind`` with its documents (oldest first), in order."""
    entries: list[DocumentEntry] = []
    for document_type in document_types(kind):
        mine = [d for d in documents if d.type is document_type]
        entries += [DocumentEntry(document_type, d) for d in mine] or [DocumentEntry(document_type)]
        if kind is CaseKind.ERSATTNINGSARENDE and document_type is DocumentType.PERIODISK_RAPPORT:
            entries.append(DocumentEntry(None))
    return entries


def summary(values: Mapping[str, str]) -> str:
    """What a document is about, in one short line: its period, date or heading."""
    if values.get("period_from") and values.get("period_to"):
        return f"{values['period_from']} – {values['period_to']}"
    if values.get("change_date"):
        change = values.get("change", "")
        return f"{tr(change) if change else ''} {values['change_date']}".strip()
    if values.get("end_date"):
        return tr("Slutdatum {date}").format(date=values["end_date"])
    subject = values.get("subject", "")
    return subject if len(subject) <= 40 else subject[:39] + "…"


def day(value: dt.datetime | None) -> str:
    """A time as the day it was (local time), or "" for none."""
    return value.astimezone().date().isoformat() if value is not None else ""


def _changed(entry: DocumentEntry) -> str:
    document = entry.document
    if document is None:
        return ""
    who = f", {document.updated_by}" if document.updated_by else ""
    return f"{day(document.updated_at)}{who}"


STATUS_COLUMN = 1
DOCUMENT_COLUMNS: list[Column[DocumentEntry]] = [
    Column(QT_TR_NOOP("Handling"), lambda e: e.label),
    Column(QT_TR_NOOP("Status"), lambda e: e.status_text),
    Column(QT_TR_NOOP("Avser"), lambda e: summary(e.document.values) if e.document else ""),
    Column(QT_TR_NOOP("Senast ändrad"), _changed),
    Column(
        QT_TR_NOOP("Kommentar från AF"), lambda e: e.document.return_comment if e.document else ""
    ),
]


class CaseDocumentsModel(ListTableModel[DocumentEntry]):
    """The lines of a case's *Handlingar* (:func:`case_entries`); a draft saved on this
    workstation that the server has not confirmed says *Ej synkad* in its status."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(DOCUMENT_COLUMNS, parent)
        self.unsynced = UnsyncedMarks(KIND_DOCUMENT)

    def set_unsynced(self, unsynced: frozenset[tuple[str, int]]) -> None:
        if self.unsynced.update(unsynced) and self._rows:
            last = self.index(len(self._rows) - 1, len(self._columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == STATUS_COLUMN:
            document = self._rows[index.row()].document
            if document is not None and self.unsynced.marked(document.id):
                if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                    return self.unsynced.text(document.id, super().data(index, role))
                if role == Qt.ItemDataRole.ToolTipRole:
                    return tr(UNSYNCED_TIP)
        return super().data(index, role)


# ---------------------------------------------------------------------- Statusöversikt
STATUS_COLUMNS: list[Column[StatusRow]] = [
    Column(
        QT_TR_NOOP("Ärendenummer"),
        lambda r: str(r.case_number),
        sort_value=lambda r: r.case_number,
        align_right=True,
    ),
    Column(QT_TR_NOOP("Namn"), lambda r: r.person_name),
    Column(QT_TR_NOOP("Handling"), lambda r: tr(r.type.label)),
    Column(QT_TR_NOOP("Status"), lambda r: tr(r.status.label)),
    # Times sort as seconds: Qt orders no Python datetime with a time zone (it keeps it
    # as an opaque object, and the proxy left the rows as they were).
    Column(
        QT_TR_NOOP("Inskickad"),
        lambda r: day(r.sent_at),
        sort_value=lambda r: r.sent_at.timestamp(),
    ),
    Column(
        QT_TR_NOOP("Beslutad"),
        lambda r: day(r.decided_at),
        sort_value=lambda r: r.decided_at.timestamp() if r.decided_at else float("-inf"),
    ),
]


class StatusTableModel(ListTableModel[StatusRow]):
    """The sent documents *Statusöversikt* shows (those of the chosen status)."""

    SORT_VALUES = True  # Statusöversikt's proxy sorts by them

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(STATUS_COLUMNS, parent)


def filtered(rows: Sequence[StatusRow], status: DocumentStatus | None) -> list[StatusRow]:
    return [r for r in rows if status is None or r.status is status]


__all__ = [
    "CLAIM_LABEL",
    "CaseDocumentsModel",
    "DocumentEntry",
    "StatusTableModel",
    "case_entries",
    "filtered",
    "summary",
]
