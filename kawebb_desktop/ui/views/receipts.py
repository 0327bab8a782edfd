"""*Organisationen > Kvittenser* (issue 10): the municipality's receipts, newest first —
Kvittensnummer, Signerad, Signerad av, Antal ändringar, Vad — paged, searched (by
kvittensnummer, the signer's name or the signed text) and exported to CSV or Excel.

Retur or a double-click opens a receipt (:class:`ReceiptDialog`): the whole change set,
its SHA-256, the BankID data, *Verifiera*, *Skriv ut* and *Spara som PDF*.

Who sees it: every role that reads some kind of the organisation's changes (the tab
*Ändringar att signera* shows the same roles); the service lists only the receipts whose
every change the role may read (the matrix's row of each kind), so a receipt of users'
changes is a Behörighetsadministratör's alone.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.entities import Receipt
from kawebb_desktop.domain.queries import Page
from kawebb_desktop.services.api import Services, caller_of
from kawebb_desktop.ui.dialogs.receipt_dialog import ReceiptDialog
from kawebb_desktop.ui.errors import LIST_FAILED
from kawebb_desktop.ui.export import export_table
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.receipts import ReceiptTableModel, what_text
from kawebb_desktop.ui.views.base import View
from kawebb_desktop.ui.widgets.feedback import TableNote
from kawebb_desktop.ui.widgets.forms import add_heading, button, named, with_clear_button
from kawebb_desktop.ui.widgets.pager import Pager
from kawebb_desktop.ui.widgets.tables import configure_table

TITLE = QT_TR_NOOP("Kvittenser")
PAGE_SIZES = (25, 50, 100)
NO_RECEIPTS = QT_TR_NOOP("Kommunen har inga kvittenser som du får se ännu.")
NO_MATCH = QT_TR_NOOP("Ingen kvittens matchar sökningen.")


class ReceiptsView(View):
    help_topic = "kvittenser"

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._actor = actor
        self._caller = caller_of(actor)
        self._query_text = ""
        #: The receipt dialog open now (tests reach it here).
        self.dialog: ReceiptDialog | None = None

        layout = QVBoxLayout(self)
        add_heading(
            layout,
            tr(TITLE),
            tr(
                "Kvittenserna på kommunens signeringar, de senaste först: vem som signerade, "
                "när och vad. Öppna en kvittens (Retur) för att se alla ändringar, verifiera "
                "den, skriva ut den eller spara den som PDF."
            ),
        )

        search_row = QHBoxLayout()
        search_label = QLabel(tr("&Sök:"))
        self.search = named(QLineEdit(), tr("Sök"))
        self.search.setPlaceholderText(tr("Kvittensnummer, namn på den som signerade eller text"))
        with_clear_button(self.search)
        search_label.setBuddy(self.search)
        self.search.returnPressed.connect(self.run_search)
        self.search_button = button(tr("Sök"), tooltip=tr("Sök (Retur i sökfältet)."))
        self.search_button.clicked.connect(self.run_search)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_button)
        layout.addLayout(search_row)

        self.model = ReceiptTableModel(self)
        self.table = named(QTableView(), tr(TITLE))
        self.table.setModel(self.model)
        configure_table(self.table, key="kvittenser/lista")
        self.table.activated.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)
        self.note = TableNote(self.table)
        self.pager = Pager(
            self.model, noun=tr("kvittenser"), sizes=PAGE_SIZES, settings_key="kvittenser/per-sida"
        )
        layout.addWidget(self.pager)

        actions = QHBoxLayout()
        self.open_button = button(
            tr("Ö&ppna…"), tooltip=tr("Visa den markerade kvittensen (Retur).")
        )
        self.open_button.clicked.connect(self.open_selected)
        self.export_button = button(
            tr("&Exportera…"),
            tooltip=tr("Spara alla kvittenser som sökningen visar som CSV eller Excel."),
        )
        self.export_button.clicked.connect(self.export)
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        layout.addLayout(actions)

        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        self.model.load_failed.connect(lambda exc: self.report(exc, tr(LIST_FAILED)))
        self.model.page_loaded.connect(self._page_loaded)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    # ------------------------------------------------------------------ keyboard, menu
    def first_field(self) -> QLineEdit:
        return self.search

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def can_export(self) -> bool:
        return True

    @property
    def busy(self) -> bool:
        return self.model.loading

    def showEvent(self, event: QShowEvent) -> None:
        """Receipts come with every signing, in any tab or window: read the list each
        time the tab is shown."""
        super().showEvent(event)
        if not event.spontaneous():
            self.reload()

    # ------------------------------------------------------------------ the list
    def run_search(self) -> None:
        self._query_text = self.search.text().strip()
        self.reload()

    def reload(self) -> None:
        self.note.set_empty_text("")
        signing, caller, text = self._services.signing, self._caller, self._query_text

        def fetch(offset: int, limit: int, _sort: Enum | None, _desc: bool) -> Page[Receipt]:
            return signing.receipts(caller, offset, limit, text)

        self.model.set_fetch(fetch)

    def _page_loaded(self) -> None:
        self.note.set_empty_text(tr(NO_MATCH if self._query_text else NO_RECEIPTS))
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self._selected() is not None)

    def _selected(self) -> Receipt | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.object_at(rows[0].row()) if rows else None

    # ------------------------------------------------------------------ one receipt
    def open_selected(self) -> None:
        receipt = self._selected()
        if receipt is None:
            return
        dialog = ReceiptDialog(self._services, self._actor, receipt, parent=self)
        dialog.open()
        self.dialog = dialog

    # ------------------------------------------------------------------ export
    def export(self) -> None:
        signing, caller, text = self._services.signing, self._caller, self._query_text

        def fetch(offset: int, limit: int) -> Page[Receipt]:
            return signing.receipts(caller, offset, limit, text)

        export_table(
            self,
            tr("kvittenser.csv"),
            self.model.column_titles(),
            self.model.row_texts,
            fetch,
            values=receipt_values,
        )


def receipt_values(receipt: Receipt) -> list[object]:
    """A receipt's cells in Excel, in the list's column order: the number as a number,
    the time as a date and time (in the computer's time zone, without it: Excel has
    none)."""
    return [
        receipt.id,
        receipt.signed_at.astimezone().replace(tzinfo=None),
        receipt.signer_name,
        receipt.change_count,
        what_text(receipt, length=32_000),
    ]
