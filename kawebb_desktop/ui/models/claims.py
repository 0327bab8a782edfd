"""Columns of *Begärda ersättningar* (guide §5.1, issue 9), and the months of a computation
in *Begär ersättning*.

The list is paged by the store, newest first (``ClaimQuery`` has no other order, so no
column sorts); each page also carries the sum of every claim the filter matches, for the
total row (:class:`ClaimPage`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QLocale, QObject

from kawebb_desktop.domain.compensation import MonthLine, format_kronor, format_number
from kawebb_desktop.domain.entities import ClaimLine
from kawebb_desktop.domain.queries import Page
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.columns import Column
from kawebb_desktop.ui.models.lists import ListTableModel
from kawebb_desktop.ui.models.paged import PagedTableModel


@dataclass(frozen=True, slots=True)
class ClaimPage(Page[ClaimLine]):
    """A page of *Begärda ersättningar* with the filter's total amount (all pages)."""

    total_amount: Decimal = Decimal("0.00")


def _month(month: dt.date) -> str:
    """E.g. ``mars 2026`` (the month's name in the UI's language, by QLocale)."""
    return f"{QLocale().standaloneMonthName(month.month)} {month.year}"


def period_text(start: dt.date, end: dt.date) -> str:
    return f"{start.isoformat()} – {end.isoformat()}"


#: The guide's *Begärda ersättningar* names period, amount and status first: they come
#: before the details, so a 1024-pixel screen shows them without scrolling sideways.
CLAIM_COLUMNS: list[Column[ClaimLine]] = [
    Column(
        QT_TR_NOOP("Ärendenummer"),
        lambda c: str(c.case_number),
        sort_value=lambda c: c.case_number,
        align_right=True,
    ),
    Column(QT_TR_NOOP("Namn"), lambda c: c.person_name),
    Column(
        QT_TR_NOOP("Period"),
        lambda c: period_text(c.claim.start_date, c.claim.end_date),
        sort_value=lambda c: (c.claim.start_date, c.claim.end_date),
    ),
    Column(
        QT_TR_NOOP("Belopp"),
        lambda c: format_kronor(c.claim.amount),
        sort_value=lambda c: c.claim.amount,
        align_right=True,
    ),
    Column(QT_TR_NOOP("Status"), lambda c: tr(c.claim.status.value)),
    Column(QT_TR_NOOP("Typ"), lambda c: tr(c.claim.kind.label)),
    Column(QT_TR_NOOP("Verksamhetsområde"), lambda c: tr(c.claim.field_of_work.label)),
    Column(
        QT_TR_NOOP("Omfattning"),
        lambda c: f"{format_number(c.claim.extent)} %",
        sort_value=lambda c: c.claim.extent,
        align_right=True,
    ),
    Column(
        QT_TR_NOOP("Inskickad"),
        lambda c: c.claim.submitted_on.isoformat(),
        sort_value=lambda c: c.claim.submitted_on,
    ),
]


class ClaimTableModel(PagedTableModel[ClaimLine]):
    """The claims of one page; :attr:`total_amount` is the filter's sum."""

    def __init__(self, parent: QObject | None = None, page_size: int = 50) -> None:
        super().__init__(CLAIM_COLUMNS, page_size=page_size, parent=parent)

    @property
    def total_amount(self) -> Decimal | None:
        """The sum of every claim the filter matches (None before the first answer)."""
        page = self.page
        return page.total_amount if isinstance(page, ClaimPage) else None


MONTH_COLUMNS: list[Column[MonthLine]] = [
    Column(QT_TR_NOOP("Månad"), lambda m: _month(m.month)),
    Column(
        QT_TR_NOOP("Dagar"),
        lambda m: tr("{days} av {total}").format(days=m.days, total=m.days_in_month),
        sort_value=lambda m: m.days,
        align_right=True,
    ),
    Column(
        QT_TR_NOOP("Tak per månad"),
        lambda m: format_kronor(m.monthly_cap),
        sort_value=lambda m: m.monthly_cap,
        align_right=True,
    ),
    Column(
        QT_TR_NOOP("Belopp"),
        lambda m: format_kronor(m.amount),
        sort_value=lambda m: m.amount,
        align_right=True,
    ),
]


class MonthTableModel(ListTableModel[MonthLine]):
    """The months of a computation (at most 13: a period is at most a year)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(MONTH_COLUMNS, parent)
