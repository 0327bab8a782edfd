"""The conflict view (issue 11): a change made here was refused because what it changes
was changed on the server meanwhile. The two versions side by side — *Deras* (the
server's, as the replica holds it now) and *Mina* (what the user typed) — and two ways
out: *Använd mina igen* (the same change once more, on top of theirs) or *Släpp mina*
(asked first: what was typed is then gone). Closing decides nothing; the change stays
among the unsynced ones.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.services.offline_api import FieldValue, RefusedCommand
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.widgets.forms import button, confirm_box, name_header, named

#: Marked for translation, shown with tr().
TITLE = QT_TR_NOOP("Konflikt")
USE_MINE = QT_TR_NOOP("Använd &mina igen")
DROP_MINE = QT_TR_NOOP("&Släpp mina")
COLUMNS = (QT_TR_NOOP("Fält"), QT_TR_NOOP("Deras"), QT_TR_NOOP("Mina"))


def side_by_side(
    theirs: tuple[FieldValue, ...], mine: tuple[FieldValue, ...]
) -> list[tuple[str, str, str]]:
    """Rows of (label, theirs, mine): mine's fields in their order, then any field only
    theirs has."""
    their_values = {f.label: f.value for f in theirs}
    rows = [(f.label, their_values.get(f.label, ""), f.value) for f in mine]
    seen = {f.label for f in mine}
    rows += [(f.label, f.value, "") for f in theirs if f.label not in seen]
    return rows


class ConflictDialog(QDialog):
    """Emits :attr:`use_mine` or :attr:`drop_mine` with the command's number."""

    use_mine = Signal(int)
    drop_mine = Signal(int)

    def __init__(self, command: RefusedCommand, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.command = command
        self.setObjectName("conflictDialog")
        self.setWindowTitle(f"{tr(TITLE)} – {command.title}")
        layout = QVBoxLayout(self)
        heading = QLabel(command.title)
        styled(heading, "sectionTitle")
        layout.addWidget(heading)
        self.reason = named(QLabel(command.reason), tr("Serverns skäl"))
        self.reason.setWordWrap(True)
        layout.addWidget(self.reason)
        hint = QLabel(
            tr(
                "Någon annan har ändrat samma uppgifter medan din ändring väntade. "
                "Jämför versionerna och välj vilken som ska gälla."
            )
        )
        styled(hint, "hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = named(QTableWidget(0, len(COLUMNS)), tr("Deras och mina uppgifter"))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        name_header(self.table, header)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self._fill()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox()
        self.use_button = button(
            tr(USE_MINE), tooltip=tr("Gör din ändring igen, ovanpå deras version.")
        )
        self.drop_button = button(
            tr(DROP_MINE), tooltip=tr("Ta bort din ändring; deras version gäller.")
        )
        self.close_button = button(tr("Stäng"), tooltip=tr("Bestäm senare; ändringen finns kvar."))
        buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.drop_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.use_button.clicked.connect(self._use)
        self.drop_button.clicked.connect(self._ask_drop)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.close_button.setDefault(True)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(720, 420)

    def _fill(self) -> None:
        rows = side_by_side(self.command.theirs, self.command.mine)
        self.table.setRowCount(len(rows))
        for r, (label, theirs, mine) in enumerate(rows):
            differs = theirs != mine
            for c, text in enumerate((tr(label), theirs, mine)):
                item = QTableWidgetItem(text)
                if differs:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                    item.setToolTip(tr("Skiljer sig"))
                self.table.setItem(r, c, item)

    def _use(self) -> None:
        self.use_mine.emit(self.command.seq)
        self.accept()

    def _ask_drop(self) -> None:
        box, act = confirm_box(
            self,
            tr("Släpp mina"),
            tr(
                "Släppa din ändring ”{change}”?\n\nDet du skrev tas bort och deras version gäller."
            ).format(change=self.command.title),
            tr("Släpp mina"),
            tr("Behåll"),
        )

        def answered(_result: int) -> None:
            if box.clickedButton() is act:
                self.drop_mine.emit(self.command.seq)
                self.accept()

        box.finished.connect(answered)
        box.open()
        self.confirm = box


__all__ = ["COLUMNS", "DROP_MINE", "USE_MINE", "ConflictDialog", "side_by_side"]
