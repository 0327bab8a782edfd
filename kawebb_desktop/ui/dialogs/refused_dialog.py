"""*Ej synkade ändringar* (issue 11): the changes made here that the server refused, each
with the server's reason (in the UI's language: i18n.tr_message). What the user typed
stays until they decide: *Visa konflikt…* opens the two versions side by side for a change
refused because its data changed meanwhile; *Ta bort* (asked first) drops a change. Every
call runs on a worker.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.services.api import Caller
from kawebb_desktop.services.offline_api import OfflineApi, RefusedCommand, SyncState
from kawebb_desktop.ui.dialogs.conflict_dialog import ConflictDialog
from kawebb_desktop.ui.errors import show_error
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr, tr_message
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.widgets.forms import button, confirm_box, name_header, named
from kawebb_desktop.ui.worker import Worker

#: Marked for translation, shown with tr().
TITLE = QT_TR_NOOP("Ej synkade ändringar")
COLUMNS = (QT_TR_NOOP("Ändring"), QT_TR_NOOP("Gjord"), QT_TR_NOOP("Skäl"))
CONFLICT = QT_TR_NOOP("Konflikt")
REFUSED = QT_TR_NOOP("Nekad")
NONE_LEFT = QT_TR_NOOP("Servern har tagit emot alla ändringar.")


class RefusedDialog(QDialog):
    """Emits :attr:`changed` with the new state after each decision."""

    changed = Signal(object)

    def __init__(
        self,
        offline: OfflineApi,
        caller: Caller,
        state: SyncState,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._offline = offline
        self._caller = caller
        self._worker = Worker(self)
        self.commands: tuple[RefusedCommand, ...] = ()
        self.conflict: ConflictDialog | None = None
        self.setObjectName("refusedDialog")
        self.setWindowTitle(tr(TITLE))
        layout = QVBoxLayout(self)
        heading = QLabel(tr(TITLE))
        styled(heading, "sectionTitle")
        layout.addWidget(heading)
        self.hint = QLabel(
            tr(
                "Servern tog inte emot de här ändringarna. Det du skrev finns kvar tills du "
                "bestämmer vad som ska hända med det."
            )
        )
        styled(self.hint, "hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.table = named(QTableWidget(0, len(COLUMNS)), tr(TITLE))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        name_header(self.table, header)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.show_conflict())
        layout.addWidget(self.table, 1)
        # The server's reason for the chosen change, whole (it may be long).
        self.reason = named(QLabel(), tr("Serverns skäl"))
        self.reason.setWordWrap(True)
        self.reason.setObjectName("refusalReason")
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.reason)
        actions = QHBoxLayout()
        self.conflict_button = button(
            tr("Visa &konflikt…"), tooltip=tr("Deras och mina uppgifter sida vid sida.")
        )
        self.remove_button = button(
            tr("Ta &bort"), tooltip=tr("Ta bort ändringen; det du skrev försvinner.")
        )
        self.conflict_button.clicked.connect(self.show_conflict)
        self.remove_button.clicked.connect(self.ask_remove)
        actions.addWidget(self.conflict_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        layout.addLayout(actions)
        closing = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = closing.button(QDialogButtonBox.StandardButton.Close)
        close.setText(tr("Stäng"))
        named(close, tr("Stäng"))
        closing.rejected.connect(self.reject)
        layout.addWidget(closing)
        self.show_state(state)
        self.resize(760, 380)

    # ------------------------------------------------------------------ showing
    def show_state(self, state: SyncState) -> None:
        chosen = self.selected()
        self.commands = state.refused
        self.table.setRowCount(len(self.commands))
        for r, command in enumerate(self.commands):
            made = command.made_at.astimezone() if command.made_at.tzinfo else command.made_at
            kind = tr(CONFLICT if command.conflict else REFUSED)
            for c, text in enumerate((command.title, f"{made:%Y-%m-%d %H:%M}", kind)):
                item = QTableWidgetItem(text)
                item.setToolTip(tr_message(command.reason))
                self.table.setItem(r, c, item)
        if self.commands:
            seqs = [c.seq for c in self.commands]
            row = seqs.index(chosen.seq) if chosen is not None and chosen.seq in seqs else 0
            self.table.selectRow(row)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.hint.setText(tr(NONE_LEFT))
        self._update_buttons()

    def selected(self) -> RefusedCommand | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.commands):
            return None
        return self.commands[rows[0].row()]

    def _update_buttons(self) -> None:
        command = self.selected()
        reason = (
            tr("Serverns skäl: {reason}").format(reason=tr_message(command.reason))
            if command is not None
            else ""
        )
        self.reason.setText(reason)
        named(self.reason, reason or tr("Serverns skäl"))
        self.remove_button.setEnabled(command is not None)
        self.conflict_button.setEnabled(command is not None and command.conflict)

    # ------------------------------------------------------------------ acting
    def show_conflict(self) -> None:
        command = self.selected()
        if command is None or not command.conflict:
            return
        self.conflict = ConflictDialog(command, self)
        self.conflict.use_mine.connect(self.use_mine)
        self.conflict.drop_mine.connect(self.remove)
        self.conflict.open()

    def ask_remove(self) -> None:
        command = self.selected()
        if command is None:
            return
        box, act = confirm_box(
            self,
            tr("Ta bort ändring"),
            tr("Ta bort ändringen ”{change}”?\n\nDet du skrev försvinner och skickas inte.").format(
                change=command.title
            ),
            tr("Ta bort"),
            tr("Behåll"),
        )

        def answered(_result: int) -> None:
            if box.clickedButton() is act:
                self.remove(command.seq)

        box.finished.connect(answered)
        box.open()
        self.confirm = box

    def remove(self, seq: int) -> None:
        offline, caller = self._offline, self._caller
        self._act(lambda: offline.discard(caller, seq))

    def use_mine(self, seq: int) -> None:
        offline, caller = self._offline, self._caller
        self._act(lambda: offline.apply_again(caller, seq))

    def _act(self, call: Callable[[], None]) -> None:
        offline, caller = self._offline, self._caller
        self.setEnabled(False)

        def run() -> SyncState:
            call()
            return offline.state(caller)

        def failed(exc: BaseException) -> None:
            self.setEnabled(True)
            self.error = show_error(self, exc)
            self._worker.run(lambda: offline.state(caller), self._done, lambda _e: None)

        self._worker.run(run, self._done, failed)

    def _done(self, state: SyncState) -> None:
        self.setEnabled(True)
        self.show_state(state)
        self.changed.emit(state)


__all__ = ["COLUMNS", "TITLE", "RefusedDialog"]
