"""An ärende, opened from *Översikt* (double-click or Enter on its row).

The person (name, personnummer, birth date), the case's number, status and dates, the
utförande verksamhet, the event history as a timeline (newest first; the last week's
events in bold, as in *Översikt*), and the documents (handlingar) a case of its kind has.
Documents are not written here yet: the list says which there are, nothing pretends to
open them.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.entities import CaseEvent, CaseKind
from kawebb_desktop.services.api import CaseDetail
from kawebb_desktop.ui.widgets.forms import named
from kawebb_desktop.ui.widgets.screen import fit_to_screen

#: The documents of a case, by the kind of its utförande verksamhet (DOMAIN.md §5).
DOCUMENTS: dict[CaseKind, tuple[str, ...]] = {
    CaseKind.HUVUDARENDE: (
        "Gemensam planering",
        "Periodisk rapport",
        "Förändringsrapport",
        "Informativ rapport",
        "Slutredovisning",
    ),
    CaseKind.ERSATTNINGSARENDE: (
        "Gemensam planering",
        "Periodisk rapport",
        "Begär ersättning",
        "Informativ rapport",
    ),
}
DOCUMENTS_LATER = "Handlingar skapas och skickas in i en senare version."
TIMELINE_NOTE = "Den senaste händelsen först; den senaste veckans händelser i fetstil."
NO_END_DATE = "Inget slutdatum"
KIND_NAMES = {CaseKind.HUVUDARENDE: "Huvudärende", CaseKind.ERSATTNINGSARENDE: "Ersättningsärende"}


def event_text(event: CaseEvent) -> str:
    """One line of the timeline: its date and what happened."""
    return f"{event.occurred_on.isoformat()}   {event.text}"


class CaseDialog(QDialog):
    """``recent_since``: events on or after this day are shown in bold."""

    def __init__(
        self, detail: CaseDetail, recent_since: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        case = detail.case
        self.detail = detail
        self.setWindowTitle(f"Ärende {case.case_number}")
        self.setModal(True)
        layout = QVBoxLayout(self)
        heading = QLabel(f"Ärende {case.case_number} – {case.first_name} {case.last_name}")
        heading.setObjectName("dialogTitle")
        heading.setWordWrap(True)
        layout.addWidget(heading)

        columns = QHBoxLayout()
        person = QGroupBox("Person")
        person_form = QFormLayout(person)
        self.fields: dict[str, QLabel] = {}
        self._add(person_form, "Namn", f"{case.first_name} {case.last_name}")
        self._add(person_form, "Personnummer", case.personnummer.formatted)
        self._add(person_form, "Födelsedatum", case.personnummer.birth_date.isoformat())
        columns.addWidget(person, 1)
        about = QGroupBox("Ärende")
        case_form = QFormLayout(about)
        self._add(case_form, "Ärendenummer", str(case.case_number))
        self._add(case_form, "Ärendetyp", KIND_NAMES[detail.case_kind])
        self._add(case_form, "Status", case.status.value)
        self._add(case_form, "Startdatum", case.start_date.isoformat())
        self._add(
            case_form,
            "Slutdatum",
            case.end_date.isoformat() if case.end_date else NO_END_DATE,
        )
        self._add(case_form, "Utförande verksamhet", detail.unit_name)
        columns.addWidget(about, 1)
        layout.addLayout(columns)

        lists = QHBoxLayout()
        history_layout = QVBoxLayout()
        caption = QLabel("&Händelser:")
        self.timeline = named(QListWidget(), "Händelser")
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
        history_note = QLabel(TIMELINE_NOTE)
        history_note.setWordWrap(True)
        history_layout.addWidget(caption)
        history_layout.addWidget(self.timeline, 1)
        history_layout.addWidget(history_note)
        lists.addLayout(history_layout, 3)

        documents_layout = QVBoxLayout()
        documents_caption = QLabel("Ha&ndlingar:")
        self.documents = named(QListWidget(), "Handlingar")
        documents_caption.setBuddy(self.documents)
        self.documents.addItems(list(DOCUMENTS[detail.case_kind]))
        self.documents.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.documents_note = QLabel(
            f"De handlingar som hör till ett {KIND_NAMES[detail.case_kind].lower()}. "
            + DOCUMENTS_LATER
        )
        self.documents_note.setWordWrap(True)
        documents_layout.addWidget(documents_caption)
        documents_layout.addWidget(self.documents, 1)
        documents_layout.addWidget(self.documents_note)
        lists.addLayout(documents_layout, 2)
        layout.addLayout(lists, 1)

        self.buttons = QDialogButtonBox()
        self.close_button = self.buttons.addButton("&Stäng", QDialogButtonBox.ButtonRole.RejectRole)
        named(self.close_button, "Stäng")
        self.close_button.setDefault(True)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.timeline.setFocus()
        fit_to_screen(self, QSize(760, 560))

    def _add(self, form: QFormLayout, caption: str, value: str) -> None:
        label = QLabel(value)
        label.setAccessibleName(caption)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(f"{caption}:", label)
        self.fields[caption] = label

    def event_texts(self) -> list[str]:
        """The timeline's lines, top to bottom."""
        return [self.timeline.item(row).text() for row in range(self.timeline.count())]

    def bold_rows(self) -> list[int]:
        return [
            row for row in range(self.timeline.count()) if self.timeline.item(row).font().bold()
        ]
