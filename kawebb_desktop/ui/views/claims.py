"""*Mitt arbete > Begärda ersättningar* (guide §5.1, issue 9): the organisation's sent
requests for compensation, newest first, with their case, person, period, kind, field of
work, extent, amount, AF's status and the day they were sent.

Filter by status (Alla, Inskickad, Godkänd, Avslagen, Utbetald) and, from a marked row,
by its case; page through the list; the total row sums every claim the filter matches
(all pages, from the store). Export to CSV or Excel like Översikt. Reading the list needs
read access to *Uppföljning begärda ersättningar*.
"""

from __future__ import annotations

from dataclasses import replace
from enum import Enum

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.compensation import format_kronor
from kawebb_desktop.domain.entities import ClaimLine, ClaimQuery, ClaimStatus
from kawebb_desktop.domain.queries import Page
from kawebb_desktop.services.api import Services, caller_of
from kawebb_desktop.ui.errors import LIST_FAILED
from kawebb_desktop.ui.export import export_table
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.claims import ClaimPage, ClaimTableModel
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.views.base import View
from kawebb_desktop.ui.widgets.feedback import TableNote
from kawebb_desktop.ui.widgets.forms import add_heading, button, named
from kawebb_desktop.ui.widgets.pager import Pager
from kawebb_desktop.ui.widgets.tables import configure_table

TITLE = QT_TR_NOOP("Begärda ersättningar")
PAGE_SIZES = (25, 50, 100)
NO_CLAIMS = QT_TR_NOOP("Kommunen har inte skickat någon begäran om ersättning.")
NO_MATCH = QT_TR_NOOP("Ingen begäran om ersättning har den statusen.")
NO_MATCH_CASE = QT_TR_NOOP("Ärendet har ingen begäran om ersättning med den statusen.")


def total_text(page: ClaimPage | None) -> str:
    """The total row: "Summa: 12 345,00 kr" for every claim the filter matches."""
    if page is None:
        return ""
    return tr("Summa: {amount}").format(amount=format_kronor(page.total_amount))


class ClaimsView(View):
    help_topic = "begarda-ersattningar"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._caller = caller_of(actor)
        #: The case the list is narrowed to (its id and number), if any.
        self._case: tuple[int, int] | None = None

        layout = QVBoxLayout(self)
        add_heading(
            layout,
            tr(TITLE),
            tr(
                "De begäranden om ersättning som kommunen har skickat till Arbetsförmedlingen, "
                "de senast inskickade först. Summan gäller alla som filtret visar, på alla sidor."
            ),
        )

        filters = QHBoxLayout()
        status_label = QLabel(tr("S&tatus:"))
        self.status_box = named(QComboBox(), tr("Status"))
        status_label.setBuddy(self.status_box)
        self.status_box.addItem(tr("Alla"), None)
        for status in ClaimStatus:
            self.status_box.addItem(tr(status.value), status.value)
        self.status_box.currentIndexChanged.connect(lambda _i: self.reload())
        filters.addWidget(status_label)
        filters.addWidget(self.status_box)
        filters.addSpacing(16)
        self.case_button = button(
            tr("Bara &detta ärende"),
            tooltip=tr("Visa bara begärandena i den markerade radens ärende."),
        )
        self.case_button.setCheckable(True)
        self.case_button.toggled.connect(self._case_toggled)
        filters.addWidget(self.case_button)
        filters.addStretch(1)
        self.export_button = button(
            tr("&Exportera…"),
            tooltip=tr("Spara alla begäranden som filtret visar som CSV- eller Excel-fil."),
        )
        self.export_button.clicked.connect(self.export)
        filters.addWidget(self.export_button)
        layout.addLayout(filters)

        self.model = ClaimTableModel(self)
        self.table = named(QTableView(), tr(TITLE))
        self.table.setModel(self.model)
        configure_table(self.table, key="begarda-ersattningar/lista")
        layout.addWidget(self.table, 1)
        self.note = TableNote(self.table)
        self.total = QLabel()
        styled(self.total, "totalRow")
        self.total.setAccessibleName(tr("Summa"))
        total_row = QHBoxLayout()
        total_row.addStretch(1)
        total_row.addWidget(self.total)
        layout.addLayout(total_row)
        self.pager = Pager(
            self.model,
            noun=tr("begäranden"),
            sizes=PAGE_SIZES,
            settings_key="begarda-ersattningar/per-sida",
        )
        layout.addWidget(self.pager)
        self.model.load_failed.connect(lambda exc: self.report(exc, tr(LIST_FAILED)))
        self.model.page_loaded.connect(self._page_loaded)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_case())
        self._update_case()

    # ------------------------------------------------------------------ keyboard
    def first_field(self) -> QComboBox:
        return self.status_box

    def can_export(self) -> bool:
        return True

    def showEvent(self, event: QShowEvent) -> None:
        """Claims are sent and decided elsewhere: read the list when the tab is shown."""
        super().showEvent(event)
        if not event.spontaneous():
            self.reload()

    # ------------------------------------------------------------------ the list
    def chosen_status(self) -> ClaimStatus | None:
        data = self.status_box.currentData()
        return ClaimStatus(data) if data else None

    def query(self) -> ClaimQuery:
        """The filter shown (first page; the model asks for the others)."""
        return ClaimQuery(
            status=self.chosen_status(), case_id=self._case[0] if self._case else None, limit=1
        )

    def reload(self) -> None:
        """Read the list again with the filter shown, from its first page."""
        snapshot = self.query()
        if snapshot.case_id is not None:
            empty = NO_MATCH_CASE
        else:
            empty = NO_CLAIMS if snapshot.status is None else NO_MATCH
        self.note.set_empty_text(tr(empty))
        claims, caller = self._services.claims, self._caller

        def fetch(offset: int, limit: int, _sort: Enum | None, _descending: bool) -> ClaimPage:
            answer = claims.claims(caller, replace(snapshot, offset=offset, limit=limit))
            page = answer.page
            return ClaimPage(
                page.items,
                page.total,
                page.offset,
                page.limit,
                page.total_exact,
                answer.total_amount,
            )

        self.model.set_fetch(fetch)

    def _page_loaded(self) -> None:
        page = self.model.page
        self.total.setText(total_text(page if isinstance(page, ClaimPage) else None))
        self._update_case()

    # ------------------------------------------------------------------ one case
    def _selected(self) -> ClaimLine | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.object_at(rows[0].row()) if rows else None

    def _update_case(self) -> None:
        if self._case is not None:
            self.case_button.setText(tr("Bara ärende {number}").format(number=self._case[1]))
            self.case_button.setEnabled(True)
        else:
            self.case_button.setText(tr("Bara &detta ärende"))
            self.case_button.setEnabled(self._selected() is not None)
        named(self.case_button, self.case_button.text())

    def _case_toggled(self, checked: bool) -> None:
        line = self._selected()
        if checked and line is None:
            self.case_button.setChecked(False)  # nothing marked: nothing to narrow to
            return
        self._case = (line.claim.case_id, line.case_number) if checked and line else None
        self._update_case()
        self.reload()

    # ------------------------------------------------------------------ export
    def export(self) -> None:
        snapshot = self.query()
        claims, caller = self._services.claims, self._caller

        def fetch(offset: int, limit: int) -> Page[ClaimLine]:
            return claims.claims(caller, replace(snapshot, offset=offset, limit=limit)).page

        export_table(
            self,
            tr("begarda-ersattningar.csv"),
            self.model.column_titles(),
            self.model.row_texts,
            fetch,
            values=claim_values,
        )


def claim_values(line: ClaimLine) -> list[object]:
    """A claim's cells in Excel, in the list's column order: numbers as numbers, the
    day it was sent as a date."""
    claim = line.claim
    return [
        line.case_number,
        line.person_name,
        f"{claim.start_date.isoformat()} – {claim.end_date.isoformat()}",
        tr(claim.kind.label),
        tr(claim.field_of_work.label),
        claim.extent,
        claim.amount,
        tr(claim.status.value),
        claim.submitted_on,
    ]
