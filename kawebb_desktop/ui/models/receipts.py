"""The models of *Kvittenser*: the organisation's receipts, one page at a time, and the
changes of one receipt (its signed change set, one line per change)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject

from kawebb_desktop.domain.changes import ChangeAction, ChangeKind, PendingChange
from kawebb_desktop.domain.entities import Receipt
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.columns import Column
from kawebb_desktop.ui.models.lists import ListTableModel
from kawebb_desktop.ui.models.paged import PagedTableModel

#: How the summary's lines of changes start (``domain.changes.visible_summary``).
BULLET = "• "
#: The list's *Vad* shows at most this many characters of the changes.
WHAT_LENGTH = 70


def signed_text(at: dt.datetime) -> str:
    """*Signerad*: the date and time in the computer's time zone, to the second."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def what_text(receipt: Receipt, length: int = WHAT_LENGTH) -> str:
    """*Vad*: the changes the signed text lists, on one line ("Ny: …; Ändrad: …")."""
    lines = [
        line.removeprefix(BULLET).strip()
        for line in receipt.summary.splitlines()
        if line.startswith((BULLET, "… och"))
    ]
    text = "; ".join(lines) or receipt.summary.strip()
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _number(receipt: Receipt) -> str:
    return str(receipt.id)


RECEIPT_COLUMNS: list[Column[Receipt]] = [
    Column(QT_TR_NOOP("Kvittensnummer"), _number, align_right=True),
    Column(QT_TR_NOOP("Signerad"), lambda r: signed_text(r.signed_at)),
    Column(QT_TR_NOOP("Signerad av"), lambda r: r.signer_name),
    Column(QT_TR_NOOP("Antal ändringar"), lambda r: str(r.change_count), align_right=True),
    Column(QT_TR_NOOP("Vad"), what_text),
]


class ReceiptTableModel(PagedTableModel[Receipt]):
    """*Kvittenser*: newest first, in the order the service gives (no sorting by
    heading: a receipt archive is read by time)."""

    def __init__(self, parent: QObject | None = None, page_size: int = 25) -> None:
        super().__init__(RECEIPT_COLUMNS, page_size=page_size, parent=parent)


# ---------------------------------------------------------------------- one receipt
@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One change of a receipt's change set as the receipt shows it."""

    number: int
    kind: str
    action: str
    text: str


def change_lines(receipt: Receipt) -> list[ChangeLine]:
    """Every change of the signed change set (``receipt.document``), in the signed order,
    each described as when it was signed; a change that cannot be read is shown as its
    JSON (the receipt's *Verifiera* says whether the set is as signed)."""
    try:
        changes = json.loads(receipt.document).get("changes", [])
    except (ValueError, AttributeError):
        return [ChangeLine(1, "", "", tr("Ändringarna kan inte läsas (dokumentet är skadat)."))]
    lines = []
    for number, item in enumerate(changes if isinstance(changes, list) else [], start=1):
        lines.append(_line(number, item, receipt))
    return lines


def _line(number: int, item: Any, receipt: Receipt) -> ChangeLine:
    try:
        change = PendingChange(
            id=int(item["id"]),
            organisation_id=receipt.organisation_id,
            kind=ChangeKind(item["kind"]),
            action=ChangeAction(item["action"]),
            target_id=item.get("target_id"),
            payload=dict(item["payload"]),
            created_by_person_id=receipt.signer_person_id,
            created_at=receipt.signed_at,
        )
        text = change.describe().removeprefix(f"{change.action.label}: ")
        return ChangeLine(number, change.kind.label, change.action.label, text)
    except (KeyError, TypeError, ValueError, AttributeError, ArithmeticError):
        text = json.dumps(item, ensure_ascii=False, sort_keys=True)
        return ChangeLine(number, "", "", text)


CHANGE_COLUMNS: list[Column[ChangeLine]] = [
    Column(QT_TR_NOOP("Nr"), lambda c: str(c.number), align_right=True),
    Column(QT_TR_NOOP("Typ"), lambda c: tr(c.kind) if c.kind else ""),
    Column(QT_TR_NOOP("Åtgärd"), lambda c: tr(c.action) if c.action else ""),
    Column(QT_TR_NOOP("Ändring"), lambda c: c.text),
]


class ChangeLineModel(ListTableModel[ChangeLine]):
    """The changes of one receipt, held whole."""

    def __init__(self, lines: Sequence[ChangeLine] = (), parent: QObject | None = None) -> None:
        super().__init__(CHANGE_COLUMNS, parent)
        self.set_rows(lines)
