"""*Mitt arbete > Statusöversikt* (guide §5.1, issue 9): where every document the
organisation has sent stands.

A table of the sent documents, newest first (Ärendenummer, Namn, Handling, Status,
Inskickad, Beslutad), sortable by a click on a heading and filtered by status, exported
to CSV or Excel like the other lists; and a chart (QtCharts) of how many documents were
sent, approved and returned each month: stacked bars, one series per status. The list
and the counts come in one answer from the service (``status_overview``), read on the
worker when the tab is shown. Reading needs read access to *Hantera handlingar*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.documents import DocumentStatus
from kawebb_desktop.domain.queries import Page
from kawebb_desktop.services.api import Services, StatusCount, StatusOverview, StatusRow, caller_of
from kawebb_desktop.ui.errors import LIST_FAILED
from kawebb_desktop.ui.export import export_table
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.columns import SortRole
from kawebb_desktop.ui.models.documents import StatusTableModel, filtered
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.views.base import View
from kawebb_desktop.ui.widgets.feedback import SEARCHING, TableNote
from kawebb_desktop.ui.widgets.forms import add_heading, button, named
from kawebb_desktop.ui.widgets.tables import configure_table, fit_columns
from kawebb_desktop.ui.worker import Worker

TITLE = QT_TR_NOOP("Statusöversikt")
#: The most rows read at a time (the newest).
ROWS = 2000
#: The chart shows at most this many months (the latest).
MONTHS = 12
#: The statuses a sent document can have, in the chart's order.
SENT_STATUSES = (DocumentStatus.INSKICKAD, DocumentStatus.GODKAND, DocumentStatus.RETURNERAD)
COLOURS = {
    DocumentStatus.INSKICKAD: "#1d4f91",
    DocumentStatus.GODKAND: "#2e7d32",
    DocumentStatus.RETURNERAD: "#c77700",
}
NONE_SENT = QT_TR_NOOP("Kommunen har inte skickat in några handlingar.")
NO_MATCH = QT_TR_NOOP("Ingen inskickad handling har den statusen.")
MORE = QT_TR_NOOP("Visar de {shown} senast inskickade av {total} handlingar.")
CHART_TITLE = QT_TR_NOOP("Handlingar per status och månad")
CHART_NAME = QT_TR_NOOP("Diagram: handlingar per status och månad")
SHORT_MONTHS = (
    QT_TR_NOOP("jan"),
    QT_TR_NOOP("feb"),
    QT_TR_NOOP("mar"),
    QT_TR_NOOP("apr"),
    QT_TR_NOOP("maj"),
    QT_TR_NOOP("jun"),
    QT_TR_NOOP("jul"),
    QT_TR_NOOP("aug"),
    QT_TR_NOOP("sep"),
    QT_TR_NOOP("okt"),
    QT_TR_NOOP("nov"),
    QT_TR_NOOP("dec"),
)


def month_label(month: dt.date) -> str:
    """``jan 2026``."""
    return f"{tr(SHORT_MONTHS[month.month - 1])} {month.year}"


def months_of(counts: Sequence[StatusCount], latest: int = MONTHS) -> list[dt.date]:
    """Every month from the first counted to the last (none skipped), the latest
    ``latest`` of them."""
    if not counts:
        return []
    first = min(c.month for c in counts).replace(day=1)
    last = max(c.month for c in counts).replace(day=1)
    months = []
    month = first
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months[-latest:]


def chart_series(
    counts: Sequence[StatusCount], months: Sequence[dt.date]
) -> dict[DocumentStatus, list[int]]:
    """Per status, its count in each of ``months``."""
    index = {m: i for i, m in enumerate(months)}
    series = {s: [0] * len(months) for s in SENT_STATUSES}
    for count in counts:
        i = index.get(count.month.replace(day=1))
        if i is not None and count.status in series:
            series[count.status][i] += count.count
    return series


def chart_text(series: dict[DocumentStatus, list[int]], months: Sequence[dt.date]) -> str:
    """The chart in words, for screen readers: each month's counts."""
    if not months:
        return tr("Inga handlingar är inskickade än.")
    lines = []
    for i, month in enumerate(months):
        parts = [f"{tr(s.label)} {series[s][i]}" for s in SENT_STATUSES]
        lines.append(f"{month_label(month)}: " + ", ".join(parts))
    return "; ".join(lines) + "."


class StatusChart(QChartView):
    """Stacked bars per month, one series per status, with axis titles in the UI's language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.chart_ = QChart()
        super().__init__(self.chart_, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(tr(CHART_NAME))
        self.chart_.setTitle(tr(CHART_TITLE))
        self.chart_.setMargins(QMargins(4, 4, 4, 4))
        self.chart_.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.series = QStackedBarSeries()
        self.series.setBarWidth(0.6)
        self.chart_.addSeries(self.series)
        self.axis_x = QBarCategoryAxis()
        self.axis_x.setTitleText(tr("Månad"))
        self.axis_y = QValueAxis()
        self.axis_y.setTitleText(tr("Antal"))
        self.axis_y.setLabelFormat("%d")
        self.chart_.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        self.chart_.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.axis_x)
        self.series.attachAxis(self.axis_y)
        self.setMinimumHeight(240)
        self.show_counts(())

    def show_counts(self, counts: Sequence[StatusCount]) -> None:
        months = months_of(counts)
        values = chart_series(counts, months)
        self.series.clear()
        for status in SENT_STATUSES:
            bars = QBarSet(tr(status.label))
            bars.setColor(QColor(COLOURS[status]))
            bars.append([float(v) for v in values[status]])
            self.series.append(bars)
        self.axis_x.clear()
        self.axis_x.append([month_label(m) for m in months])
        most = max(
            (sum(values[s][i] for s in SENT_STATUSES) for i in range(len(months))), default=0
        )
        top = max(4, most + (-most % 4))  # whole numbers on the ticks
        self.axis_y.setRange(0, top)
        self.axis_y.setTickCount(5)
        self.setAccessibleDescription(chart_text(values, months))

    def series_names(self) -> list[str]:
        return [bars.label() for bars in self.series.barSets()]

    def values(self, name: str) -> list[int]:
        for bars in self.series.barSets():
            if bars.label() == name:
                return [int(bars.at(i)) for i in range(bars.count())]
        raise KeyError(name)

    def categories(self) -> list[str]:
        return list(self.axis_x.categories())


class StatusOverviewView(View):
    help_topic = "statusoversikt"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._caller = caller_of(actor)
        self._worker = Worker(self)
        self._reads = 0
        #: The answer shown (None before the first).
        self.overview: StatusOverview | None = None

        layout = QVBoxLayout(self)
        add_heading(
            layout,
            tr(TITLE),
            tr(
                "Status för de handlingar som kommunen har skickat in till Arbetsförmedlingen, "
                "de senast inskickade först, och i diagrammet hur många som skickades in, "
                "godkändes och returnerades varje månad."
            ),
        )

        filters = QHBoxLayout()
        status_label = QLabel(tr("S&tatus:"))
        self.status_box = named(QComboBox(), tr("Status"))
        status_label.setBuddy(self.status_box)
        self.status_box.addItem(tr("Alla"), None)
        for status in SENT_STATUSES:
            self.status_box.addItem(tr(status.label), status.value)
        self.status_box.currentIndexChanged.connect(lambda _i: self._show_rows())
        filters.addWidget(status_label)
        filters.addWidget(self.status_box)
        filters.addStretch(1)
        self.reload_button = button(tr("&Uppdatera"), tooltip=tr("Läs översikten igen."))
        self.reload_button.clicked.connect(self.reload)
        filters.addWidget(self.reload_button)
        self.export_button = button(
            tr("&Exportera…"),
            tooltip=tr("Spara de handlingar som filtret visar som CSV- eller Excel-fil."),
        )
        self.export_button.clicked.connect(self.export)
        filters.addWidget(self.export_button)
        layout.addLayout(filters)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        table_side = QWidget()
        table_layout = QVBoxLayout(table_side)
        table_layout.setContentsMargins(0, 0, 0, 0)
        self.model = StatusTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = named(QTableView(), tr("Inskickade handlingar"))
        self.table.setModel(self.proxy)
        configure_table(self.table, sortable=True, key="statusoversikt/lista")
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order
        self.note = TableNote(self.table)
        table_layout.addWidget(self.table, 1)
        self.more = QLabel()
        styled(self.more, "hint")
        self.more.setVisible(False)
        table_layout.addWidget(self.more)
        self.splitter.addWidget(table_side)
        self.chart = StatusChart()
        self.splitter.addWidget(self.chart)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)

    # ------------------------------------------------------------------ keyboard
    def first_field(self) -> QComboBox:
        return self.status_box

    def can_export(self) -> bool:
        return True

    @property
    def busy(self) -> bool:
        return self._worker.busy

    def showEvent(self, event: QShowEvent) -> None:
        """Documents are sent and decided elsewhere: read again when the tab is shown."""
        super().showEvent(event)
        if not event.spontaneous():
            self.reload()

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        self._reads += 1
        read = self._reads
        documents, caller = self._services.documents, self._caller
        self.note.start_busy(tr(SEARCHING))
        self._worker.run(
            lambda: documents.status_overview(caller, ROWS),
            lambda answer: self._loaded(read, answer),
            lambda exc: self._failed(read, exc),
        )

    def _loaded(self, read: int, answer: StatusOverview) -> None:
        if read != self._reads:
            return
        self.note.stop_busy()
        self.overview = answer
        self._show_rows()
        self.chart.show_counts(answer.counts)
        shown = len(answer.rows)
        self.more.setText(tr(MORE).format(shown=shown, total=answer.total))
        self.more.setVisible(answer.total > shown)

    def _failed(self, read: int, exc: BaseException) -> None:
        if read != self._reads:
            return
        self.note.stop_busy()
        self.report(exc, tr(LIST_FAILED))

    def chosen_status(self) -> DocumentStatus | None:
        data = self.status_box.currentData()
        return DocumentStatus(data) if data else None

    def rows(self) -> list[StatusRow]:
        """The rows the filter shows (in the service's order)."""
        answer = self.overview
        return filtered(answer.rows, self.chosen_status()) if answer is not None else []

    def _show_rows(self) -> None:
        status = self.chosen_status()
        self.note.set_empty_text(tr(NONE_SENT if status is None else NO_MATCH))
        self.model.set_rows(self.rows())
        fit_columns(self.table)

    def shown_texts(self) -> list[list[str]]:
        """The table's cells as shown (sorted as shown), top to bottom."""
        proxy = self.proxy
        return [
            [proxy.data(proxy.index(r, c)) for c in range(proxy.columnCount())]
            for r in range(proxy.rowCount())
        ]

    # ------------------------------------------------------------------ export
    def export(self, path: str | None = None) -> None:
        """Export the rows the filter shows (``path``: without asking where)."""
        rows = tuple(self.rows())

        def fetch(offset: int, limit: int) -> Page[StatusRow]:
            return Page(rows[offset : offset + limit], len(rows), offset, limit)

        export_table(
            self,
            tr("statusoversikt.csv"),
            self.model.column_titles(),
            self.model.row_texts,
            fetch,
            path,
            values=status_values,
        )


def status_values(row: StatusRow) -> list[object]:
    """A row's cells in Excel: the case number as a number, the days as dates."""
    return [
        row.case_number,
        row.person_name,
        tr(row.type.label),
        tr(row.status.label),
        row.sent_at.astimezone().date(),
        row.decided_at.astimezone().date() if row.decided_at is not None else None,
    ]
