"""*Mitt arbete > Översikt*: the cases of the chosen utförande verksamhet (bild 2, 12).

Search by Ärende, Namn or Födelsedatum (results as you type, after a short pause; Retur
searches at once), filter by status, include closed cases, choose hits per page (25, 50,
100 or Alla: one list that grows as it is scrolled), sort by clicking a header, export the
result to CSV or Excel. The store does all of it in SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from enum import Enum

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.entities import Case, CaseStatus, Unit
from kawebb_desktop.domain.queries import CaseQuery, CaseSearchField, CaseSort, Page
from kawebb_desktop.services.api import CaseDetail, Services, caller_of, recent_since
from kawebb_desktop.ui.dialogs.case_dialog import CaseDialog
from kawebb_desktop.ui.errors import LIST_FAILED
from kawebb_desktop.ui.export import export_table
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.cases import CaseTableModel
from kawebb_desktop.ui.models.paged import ALL
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.views.base import View
from kawebb_desktop.ui.views.news import NEWS_FAILED, NewsPanel
from kawebb_desktop.ui.widgets.feedback import TableNote
from kawebb_desktop.ui.widgets.forms import button, named, with_clear_button
from kawebb_desktop.ui.widgets.pager import Pager
from kawebb_desktop.ui.widgets.tables import configure_table
from kawebb_desktop.ui.worker import Worker

#: *Antal träffar per sida* (the guide's choices); ``ALL`` is *Alla*.
PAGE_SIZES = (25, 50, 100, ALL)
#: Results as you type: the search runs this long after the last keystroke.
SEARCH_DELAY_MS = 250
#: The radio buttons' texts, each with its Alt+letter.
FIELD_TEXTS = {
    CaseSearchField.ARENDE: QT_TR_NOOP("Ä&rende"),
    CaseSearchField.NAMN: QT_TR_NOOP("Na&mn"),
    CaseSearchField.FODELSEDATUM: QT_TR_NOOP("&Födelsedatum"),
}
NO_MATCH = QT_TR_NOOP("Inga ärenden matchar sökningen.")
NO_CASES = QT_TR_NOOP("Den utförande verksamheten har inga ärenden.")
NO_OPEN_CASES = QT_TR_NOOP("Den utförande verksamheten har inga pågående ärenden.")
NO_UNIT = QT_TR_NOOP("Välj en utförande verksamhet uppe till höger.")
CASE_FAILED = QT_TR_NOOP("Ärendet kunde inte öppnas.")


class OverviewView(View):
    help_topic = "oversikt"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._caller = caller_of(actor)
        self._unit: Unit | None = None
        #: How the signing of a document sent from a case polls BankID (the window's).
        self.collect_interval_ms = 2000
        self.phone_approve_ms = 3000
        # The cases on the left, *Nyheter från KA-Webb* on the right (bild 2).
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter)
        cases_side = QWidget()
        self.splitter.addWidget(cases_side)
        layout = QVBoxLayout(cases_side)
        margins = layout.contentsMargins()
        margins.setRight(0)  # the splitter's handle is the gap to the news
        layout.setContentsMargins(margins)
        title = QLabel(tr("Ärenden, handlingar och begärda ersättningar"))
        styled(title, "sectionTitle")
        layout.addWidget(title)

        search_row = QHBoxLayout()
        search_label = QLabel(tr("&Sök:"))
        self.search = named(QLineEdit(), tr("Sök"))
        with_clear_button(self.search)
        search_label.setBuddy(self.search)
        self.search.returnPressed.connect(self.run_search)
        # Results as you type: each keystroke starts the pause again; Retur does not wait.
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self._search_typed)
        self.search.textEdited.connect(lambda _t: self.search_timer.start())
        #: The query of the search shown (or under way); a pause that changed nothing
        #: asks nothing.
        self._searched: CaseQuery | None = None
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        self.field_group = QButtonGroup(self)
        self.field_buttons: dict[CaseSearchField, QRadioButton] = {}
        for field in CaseSearchField:
            radio = named(QRadioButton(tr(FIELD_TEXTS[field])), tr(field.label))
            self.field_group.addButton(radio)
            self.field_buttons[field] = radio
            search_row.addWidget(radio)
        self.field_buttons[CaseSearchField.ARENDE].setChecked(True)
        self.field_group.buttonToggled.connect(self._field_toggled)
        self.search_button = button(tr("Sök"), tooltip=tr("Sök (Retur i sökfältet)."))
        self.search_button.clicked.connect(self.run_search)
        search_row.addWidget(self.search_button)
        layout.addLayout(search_row)

        filters = QHBoxLayout()
        self.include_closed = named(
            QCheckBox(tr("&Visa även avslutade ärenden")), tr("Visa även avslutade ärenden")
        )
        self.include_closed.toggled.connect(lambda _c: self.run_search())
        status_label = QLabel(tr("S&tatus:"))
        self.status_box = named(QComboBox(), tr("Status"))
        status_label.setBuddy(self.status_box)
        self.status_box.addItem(tr("Alla"), None)
        for status in CaseStatus:
            self.status_box.addItem(tr(status.value), status.value)
        self.status_box.currentIndexChanged.connect(lambda _i: self.run_search())
        filters.addWidget(self.include_closed)
        filters.addSpacing(16)
        filters.addWidget(status_label)
        filters.addWidget(self.status_box)
        filters.addStretch(1)
        self.export_button = button(
            tr("&Exportera…"), tooltip=tr("Spara alla träffar som CSV- eller Excel-fil.")
        )
        self.export_button.clicked.connect(self.export)
        filters.addWidget(self.export_button)
        layout.addLayout(filters)

        clock = services.clock
        self.model = CaseTableModel(lambda: recent_since(clock), self)
        self.table = named(QTableView(), tr("Ärenden"))
        self.table.setModel(self.model)
        configure_table(self.table, sortable=True, key="oversikt/arenden")
        # A case opens with a double-click or Enter on its row.
        self.table.activated.connect(lambda index: self.open_case(index.row()))
        self._case_worker = Worker(self)
        #: The case dialog open now (or the last one).
        self.dialog: CaseDialog | None = None
        layout.addWidget(self.table, 1)
        self.note = TableNote(self.table)
        self.pager = Pager(
            self.model, noun=tr("ärenden"), sizes=PAGE_SIZES, settings_key="oversikt/per-sida"
        )
        # *Alla*: the next rows are asked for a little before the end is reached.
        scroll = self.table.verticalScrollBar()
        scroll.valueChanged.connect(self._scrolled)
        layout.addWidget(self.pager)
        self.model.load_failed.connect(lambda exc: self.report(exc, tr(LIST_FAILED)))
        #: Why the answer of the search under way would be empty.
        self._empty_reason = NO_UNIT
        self.model.page_loaded.connect(lambda: self.note.set_empty_text(tr(self._empty_reason)))
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        self._placeholder()
        # Made last, so that Tab reaches it after the cases.
        self.news = NewsPanel(services, actor)
        self.news.failed.connect(lambda exc: self.report(exc, tr(NEWS_FAILED)))
        self.splitter.addWidget(self.news)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.news.reload()

    def _field_toggled(self, _button: object, checked: bool) -> None:
        if not checked:
            return
        self._placeholder()
        if self.search.text().strip():
            self.search_timer.start()

    def _search_typed(self) -> None:
        if self._unit is not None and self._query(0, 1, None, True) == self._searched:
            return
        self.run_search()

    def _scrolled(self, value: int) -> None:
        scroll = self.table.verticalScrollBar()
        if value >= scroll.maximum() - scroll.pageStep() and self.model.canFetchMore():
            self.model.fetchMore()

    def _placeholder(self) -> None:
        field = self.search_field()
        self.search.setPlaceholderText(
            {
                CaseSearchField.ARENDE: tr("Ärendenummer"),
                CaseSearchField.NAMN: tr("För- och/eller efternamn"),
                CaseSearchField.FODELSEDATUM: tr("ÅÅÅÅMMDD"),
            }[field]
        )

    def show_unsynced(self, unsynced: frozenset[tuple[str, int]], synced: bool) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.show_unsynced(unsynced, synced)

    def first_field(self) -> QLineEdit:
        return self.search

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def can_export(self) -> bool:
        return self._unit is not None

    def search_field(self) -> CaseSearchField:
        for field, radio in self.field_buttons.items():
            if radio.isChecked():
                return field
        return CaseSearchField.ARENDE

    def set_unit(self, unit: Unit | None) -> None:
        self._unit = unit
        self.run_search()

    def _query(self, offset: int, limit: int, sort: Enum | None, descending: bool) -> CaseQuery:
        assert self._unit is not None
        return CaseQuery(
            unit_id=self._unit.id,
            text=self.search.text().strip(),
            search_field=self.search_field(),
            status=CaseStatus(self.status_box.currentData())
            if self.status_box.currentIndex() > 0
            else None,
            include_closed=self.include_closed.isChecked(),
            sort=sort if isinstance(sort, CaseSort) else CaseSort.LAST_EVENT_ON,
            descending=descending,
            offset=offset,
            limit=limit,
        )

    def run_search(self) -> None:
        self.search_timer.stop()
        if self._unit is None:
            self._searched = None
            self._empty_reason = NO_UNIT
            self.model.set_fetch(None)
            return
        # Read the widgets now, on the GUI thread; the fetch runs on a worker.
        snapshot = self._query(0, 1, None, True)
        self._searched = snapshot
        if snapshot.text or snapshot.status is not None:
            self._empty_reason = NO_MATCH
        else:
            self._empty_reason = NO_CASES if snapshot.include_closed else NO_OPEN_CASES
        cases, caller = self._services.cases, self._caller

        def fetch(offset: int, limit: int, sort: Enum | None, descending: bool) -> Page[Case]:
            key = sort if isinstance(sort, CaseSort) else CaseSort.LAST_EVENT_ON
            query = replace(snapshot, sort=key, descending=descending, offset=offset, limit=limit)
            return cases.list_cases(caller, query)

        # A search's page says "fler än N" (counted a little past the page, at once);
        # the exact number comes after it, from this, on a thread of its own.
        self.model.set_fetch(fetch, count=lambda: cases.count_cases(caller, snapshot))

    def open_case(self, row: int) -> None:
        """Read the case on ``row`` (with its history) and show it."""
        if not 0 <= row < self.model.rowCount() or self._case_worker.busy:
            return
        case_id = self.model.object_at(row).id
        cases, caller, clock = self._services.cases, self._caller, self._services.clock
        self._case_worker.run(
            lambda: cases.get_case(caller, case_id),
            lambda detail: self._show_case(detail, recent_since(clock)),
            lambda exc: self.report(exc, tr(CASE_FAILED)),
        )

    def _show_case(self, detail: CaseDetail, recent: dt.date) -> None:
        dialog = CaseDialog(
            detail,
            recent,
            parent=self,
            services=self._services,
            actor=self._actor,
            collect_interval_ms=self.collect_interval_ms,
            phone_approve_ms=self.phone_approve_ms,
        )
        dialog.open()
        self.dialog = dialog

    def export(self) -> None:
        if self._unit is None:
            return
        snapshot = self._query(0, 1, self.model.sort_key, self.model.descending)
        cases, caller = self._services.cases, self._caller
        # The exact total the pager shows (when it has come): the progress bar's end,
        # where a page alone would only say "fler än N".
        shown, same = self.model.page, self._query(0, 1, None, True) == self._searched
        exact = shown.total if same and shown is not None and shown.total_exact else None

        def fetch(offset: int, limit: int) -> Page[Case]:
            page = cases.list_cases(caller, replace(snapshot, offset=offset, limit=limit))
            if exact is not None and not page.total_exact and exact > page.total:
                return replace(page, total=exact, total_exact=True)
            return page

        export_table(
            self,
            tr("arenden.csv"),
            self.model.column_titles(),
            self.model.row_texts,
            fetch,
            values=case_values,
        )


def case_values(case: Case) -> list[object]:
    """A case's cells in Excel, in the list's column order: dates as dates, the case
    number as a number."""
    return [
        case.last_event_on,
        case.last_event,
        case.case_number,
        case.first_name,
        case.last_name,
        tr(case.status.value),
        case.start_date,
        case.end_date,
    ]
