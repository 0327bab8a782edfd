"""Columns of *Översikt* (cases), in the guide's order (bild 2 and 12)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject

from kawebb_desktop.domain.entities import Case
from kawebb_desktop.domain.queries import CaseSort
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.columns import Column
from kawebb_desktop.ui.models.paged import PagedTableModel


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


CASE_COLUMNS: list[Column[Case]] = [
    Column(
        QT_TR_NOOP("Datum"),
        lambda c: _date(c.last_event_on),
        CaseSort.LAST_EVENT_ON,
        sort_value=lambda c: c.last_event_on,
    ),
    Column(QT_TR_NOOP("Senaste händelse"), lambda c: tr(c.last_event), CaseSort.LAST_EVENT),
    Column(
        QT_TR_NOOP("Ärendenummer"),
        lambda c: str(c.case_number),
        CaseSort.CASE_NUMBER,
        sort_value=lambda c: c.case_number,
        align_right=True,
    ),
    Column(QT_TR_NOOP("Förnamn"), lambda c: c.first_name, CaseSort.FIRST_NAME),
    Column(QT_TR_NOOP("Efternamn"), lambda c: c.last_name, CaseSort.LAST_NAME),
    Column(QT_TR_NOOP("Status"), lambda c: tr(c.status.value), CaseSort.STATUS),
    Column(QT_TR_NOOP("Startdatum"), lambda c: _date(c.start_date), CaseSort.START_DATE),
    Column(QT_TR_NOOP("Slutdatum"), lambda c: _date(c.end_date), CaseSort.END_DATE),
]


class CaseTableModel(PagedTableModel[Case]):
    """Cases whose latest event is recent are bold (guide §5.1)."""

    def __init__(
        self,
        recent_since: Callable[[], dt.date],
        parent: QObject | None = None,
        page_size: int = 50,
    ) -> None:
        # ``recent_since`` is asked once per page (the model decides bold rows on load).
        super().__init__(
            CASE_COLUMNS,
            page_size=page_size,
            sort=CaseSort.LAST_EVENT_ON,
            descending=True,
            bold=lambda c: c.last_event_on >= recent_since(),
            parent=parent,
        )
