"""An ärende, opened from *Översikt* (double-click or Enter on its row).

The person (name, personnummer, birth date), the case's number, status and dates, the
utförande verksamhet, the event history as a timeline (newest first; the last week's
events in bold, as in *Översikt*), and its documents (handlingar) by the types its kind
has, each with its status (and AF's comment on one returned for completion). Opening a
line (double-click, Enter or *Öppna*) shows the document's form
(:class:`~kawebb_desktop.ui.dialogs.document_dialog.DocumentDialog`); *Ny handling*
writes another of the marked line's type. The list is read on the worker and again after
each save, send or signing.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.documents import CASE_CLOSED, DocumentType, document_types
from kawebb_desktop.domain.entities import CaseEvent, CaseKind
from kawebb_desktop.services.api import CaseDetail, DocumentView, Services, caller_of
from kawebb_desktop.ui.dialogs.document_dialog import READ_ONLY_ROLE, DocumentDialog, may_write
from kawebb_desktop.ui.errors import LIST_FAILED, show_error
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.documents import CaseDocumentsModel, DocumentEntry, case_entries
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.widgets.feedback import SEARCHING, TableNote
from kawebb_desktop.ui.widgets.forms import button, named
from kawebb_desktop.ui.widgets.screen import fit_to_screen
from kawebb_desktop.ui.widgets.tables import configure_table, fit_columns
from kawebb_desktop.ui.worker import Worker

#: Marked for translation, shown with tr().
DOCUMENTS_HINT = QT_TR_NOOP(
    "Öppna en handling med dubbelklick eller Retur. Ny handling skriver en till av den "
    "markerade typen."
)
DOCUMENTS_READ_ONLY = QT_TR_NOOP("Din roll ({role}) kan läsa handlingarna men inte skriva dem.")
DOCUMENTS_SOME = QT_TR_NOOP("Din roll ({role}) skriver bara {types}.")
CLAIM_ELSEWHERE = QT_TR_NOOP("Ersättning begärs under fliken Mitt arbete > Begär ersättning.")
TIMELINE_NOTE = QT_TR_NOOP("Den senaste händelsen först; den senaste veckans händelser i fetstil.")
NO_END_DATE = QT_TR_NOOP("Inget slutdatum")
KIND_NAMES = {
    CaseKind.HUVUDARENDE: QT_TR_NOOP("Huvudärende"),
    CaseKind.ERSATTNINGSARENDE: QT_TR_NOOP("Ersättningsärende"),
}


def event_text(event: CaseEvent) -> str:
    """One line of the timeline: its date and what happened."""
    return f"{event.occurred_on.isoformat()}   {tr(event.text)}"


class CaseDialog(QDialog):
    """``recent_since``: events on or after this day are shown in bold. Without
    ``services`` (and ``actor``) the documents list only the types of the case's kind."""

    def __init__(
        self,
        detail: CaseDetail,
        recent_since: dt.date,
        parent: QWidget | None = None,
        *,
        services: Services | None = None,
        actor: Actor | None = None,
        collect_interval_ms: int = 2000,
        phone_approve_ms: int = 3000,
    ) -> None:
        super().__init__(parent)
        case = detail.case
        self.detail = detail
        self._services = services
        self._actor = actor
        self._collect_interval_ms = collect_interval_ms
        self._phone_approve_ms = phone_approve_ms
        self._worker = Worker(self)
        #: The number of the latest read of the documents (older answers are dropped).
        self._reads = 0
        #: The document form open now (or the last one).
        self.document_dialog: DocumentDialog | None = None
        self.setWindowTitle(tr("Ärende {number}").format(number=case.case_number))
        self.setModal(True)
        layout = QVBoxLayout(self)
        heading = QLabel(
            tr("Ärende {number} – {name}").format(
                number=case.case_number, name=f"{case.first_name} {case.last_name}"
            )
        )
        styled(heading, "dialogTitle")
        heading.setWordWrap(True)
        layout.addWidget(heading)

        columns = QHBoxLayout()
        person = QGroupBox(tr("Person"))
        person_form = QFormLayout(person)
        self.fields: dict[str, QLabel] = {}
        self._add(person_form, QT_TR_NOOP("Namn"), f"{case.first_name} {case.last_name}")
        self._add(person_form, QT_TR_NOOP("Personnummer"), case.personnummer.formatted)
        self._add(person_form, QT_TR_NOOP("Födelsedatum"), case.personnummer.birth_date.isoformat())
        columns.addWidget(person, 1)
        about = QGroupBox(tr("Ärende"))
        case_form = QFormLayout(about)
        self._add(case_form, QT_TR_NOOP("Ärendenummer"), str(case.case_number))
        self._add(case_form, QT_TR_NOOP("Ärendetyp"), tr(KIND_NAMES[detail.case_kind]))
        self._add(case_form, QT_TR_NOOP("Status"), tr(case.status.value))
        self._add(case_form, QT_TR_NOOP("Startdatum"), case.start_date.isoformat())
        self._add(
            case_form,
            QT_TR_NOOP("Slutdatum"),
            case.end_date.isoformat() if case.end_date else tr(NO_END_DATE),
        )
        self._add(case_form, QT_TR_NOOP("Utförande verksamhet"), detail.unit_name)
        columns.addWidget(about, 1)
        layout.addLayout(columns)

        lists = QHBoxLayout()
        history_layout = QVBoxLayout()
        caption = QLabel(tr("&Händelser:"))
        self.timeline = named(QListWidget(), tr("Händelser"))
        caption.setBuddy(self.timeline)
        self.timeline.setAlternatingRowColors(True)
        for event in detail.events:
            item = QListWidgetItem(event_text(event))
            if event.occurred_on >= recent_since:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.timeline.addItem(item)
        if self.timeline.count():
            # The keyboard starts on the newest event; nothing is selected (a selected
            # row would hide its bold face).
            self.timeline.setCurrentRow(0, QItemSelectionModel.SelectionFlag.NoUpdate)
        history_note = QLabel(tr(TIMELINE_NOTE))
        history_note.setWordWrap(True)
        history_layout.addWidget(caption)
        history_layout.addWidget(self.timeline, 1)
        history_layout.addWidget(history_note)
        lists.addLayout(history_layout, 2)

        documents_layout = QVBoxLayout()
        documents_caption = QLabel(tr("Ha&ndlingar:"))
        self.model = CaseDocumentsModel(self)
        self.documents = named(QTableView(), tr("Handlingar"))
        self.documents.setModel(self.model)
        configure_table(self.documents)
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        documents_caption.setBuddy(self.documents)
        self.documents_busy = TableNote(self.documents)
        self.documents.activated.connect(lambda index: self.open_entry(index.row()))
        self.documents_note = QLabel(self._documents_hint())
        styled(self.documents_note, "hint")
        self.documents_note.setWordWrap(True)
        self.documents_note.setAccessibleName(tr("Om handlingarna"))
        document_buttons = QHBoxLayout()
        self.open_button = button(
            tr("Ö&ppna"), tooltip=tr("Öppna den markerade handlingen (Retur).")
        )
        self.open_button.clicked.connect(lambda: self.open_entry(self._selected_row()))
        self.new_button = button(
            tr("N&y handling"), tooltip=tr("Skriv en ny handling av den markerade radens typ.")
        )
        self.new_button.clicked.connect(self.new_document)
        document_buttons.addWidget(self.open_button)
        document_buttons.addWidget(self.new_button)
        document_buttons.addStretch(1)
        documents_layout.addWidget(documents_caption)
        documents_layout.addWidget(self.documents, 1)
        documents_layout.addLayout(document_buttons)
        documents_layout.addWidget(self.documents_note)
        lists.addLayout(documents_layout, 3)
        layout.addLayout(lists, 1)

        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton(
            tr("&Stäng"), QDialogButtonBox.ButtonRole.RejectRole
        )
        named(self.close_button, tr("Stäng"))
        self.close_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.documents.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.timeline.setFocus()
        fit_to_screen(self, QSize(980, 600))
        if services is None or actor is None:
            self._show_documents([])
        else:
            self.reload_documents()

    def _add(self, form: QFormLayout, caption: str, value: str) -> None:
        """A row ``caption`` (Swedish, marked; shown translated, the key of :attr:`fields`)."""
        label = QLabel(value)
        label.setAccessibleName(tr(caption))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(f"{tr(caption)}:", label)
        self.fields[caption] = label

    def event_texts(self) -> list[str]:
        """The timeline's lines, top to bottom."""
        return [self.timeline.item(row).text() for row in range(self.timeline.count())]

    def bold_rows(self) -> list[int]:
        return [
            row for row in range(self.timeline.count()) if self.timeline.item(row).font().bold()
        ]

    # ------------------------------------------------------------------ documents
    def _documents_hint(self) -> str:
        actor = self._actor
        if actor is None:
            return ""
        if self.detail.case.status.is_closed:
            return CASE_CLOSED.format(number=self.detail.case.case_number)
        kinds = document_kinds(self.detail.case_kind)
        mine = [t for t in kinds if may_write(actor, t)]
        if not mine:
            return tr(DOCUMENTS_READ_ONLY).format(role=tr(actor.role.label))
        hint = tr(DOCUMENTS_HINT)
        if len(mine) < len(kinds):
            types = ", ".join(tr(t.label).lower() for t in mine)
            hint += " " + tr(DOCUMENTS_SOME).format(role=tr(actor.role.label), types=types)
        return hint

    def show_unsynced(self, unsynced: frozenset[tuple[str, int]], synced: bool) -> None:
        """*Ej synkad* drafts (issue 11); confirmed since: the documents are read again."""
        self.model.set_unsynced(unsynced)
        fit_columns(self.documents)
        if synced:
            self.reload_documents()

    def reload_documents(self) -> None:
        """Read the case's documents (on the worker)."""
        services, actor = self._services, self._actor
        if services is None or actor is None:
            return
        self._reads += 1
        read = self._reads
        documents, caller, case_id = services.documents, caller_of(actor), self.detail.case.id
        self.documents_busy.start_busy(tr(SEARCHING))
        self._worker.run(
            lambda: documents.documents(caller, case_id),
            lambda found: self._loaded(read, found),
            lambda exc: self._load_failed(read, exc),
        )

    def _loaded(self, read: int, found: list[DocumentView]) -> None:
        if read != self._reads:
            return
        self.documents_busy.stop_busy()
        self._show_documents(found)

    def _load_failed(self, read: int, exc: BaseException) -> None:
        if read != self._reads:
            return
        self.documents_busy.stop_busy()
        show_error(self, exc, failed=LIST_FAILED)

    def _show_documents(self, found: list[DocumentView]) -> None:
        chosen = self._selected_entry()
        entries = case_entries(self.detail.case_kind, found)
        self.model.set_rows(entries)
        fit_columns(self.documents)
        row = 0
        if chosen is not None:
            row = next((i for i, e in enumerate(entries) if _same(e, chosen)), 0)
        if entries:
            self.documents.selectRow(row)
        self._update()

    @property
    def busy(self) -> bool:
        return self._worker.busy

    def entries(self) -> tuple[DocumentEntry, ...]:
        return self.model.objects()

    def entry_texts(self) -> list[tuple[str, str]]:
        """Each line's type and status, top to bottom."""
        return [(e.label, e.status_text) for e in self.entries()]

    def _selected_row(self) -> int:
        rows = self.documents.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _selected_entry(self) -> DocumentEntry | None:
        row = self._selected_row()
        return self.model.object_at(row) if 0 <= row < self.model.rowCount() else None

    def _may_create(self, kind: DocumentType | None) -> bool:
        actor = self._actor
        return (
            kind is not None
            and actor is not None
            and self._services is not None
            and may_write(actor, kind)
            and not self.detail.case.status.is_closed
        )

    def _update(self) -> None:
        entry = self._selected_entry()
        interactive = self._services is not None
        self.open_button.setVisible(interactive)
        self.new_button.setVisible(
            interactive and any(self._may_create(t) for t in document_kinds(self.detail.case_kind))
        )
        self.open_button.setEnabled(entry is not None and entry.type is not None)
        self.new_button.setEnabled(entry is not None and self._may_create(entry.type))

    def open_entry(self, row: int) -> None:
        """Open the line ``row``: its document, or (a type without one) a new one."""
        if not 0 <= row < self.model.rowCount() or self._services is None:
            return
        entry = self.model.object_at(row)
        if entry.type is None:
            self.documents_note.setText(tr(CLAIM_ELSEWHERE))
            return
        if entry.document is not None:
            self._open(entry.type, entry.document)
        elif self._may_create(entry.type):
            self._open(entry.type, None)
        elif self._actor is not None and not may_write(self._actor, entry.type):
            self.documents_note.setText(
                tr(READ_ONLY_ROLE).format(
                    role=tr(self._actor.role.label), type=tr(entry.type.label).lower()
                )
            )
        else:
            self.documents_note.setText(self._documents_hint())

    def new_document(self) -> None:
        """*Ny handling*: a new document of the marked line's type."""
        entry = self._selected_entry()
        if entry is not None and entry.type is not None and self._may_create(entry.type):
            self._open(entry.type, None)

    def _open(self, kind: DocumentType, document: DocumentView | None) -> None:
        assert self._services is not None and self._actor is not None
        dialog = DocumentDialog(
            self._services,
            self._actor,
            self.detail.case,
            kind,
            document,
            collect_interval_ms=self._collect_interval_ms,
            phone_approve_ms=self._phone_approve_ms,
            parent=self,
        )
        dialog.changed.connect(lambda _d: self.reload_documents())
        dialog.removed.connect(self.reload_documents)
        dialog.open()
        self.document_dialog = dialog


def document_kinds(kind: CaseKind) -> tuple[DocumentType, ...]:
    """The types a case of ``kind`` has (its claims are not documents)."""
    return document_types(kind)


def _same(a: DocumentEntry, b: DocumentEntry) -> bool:
    if a.document is not None and b.document is not None:
        return a.document.id == b.document.id
    return a.document is None and b.document is None and a.type is b.type
