"""*Ändra behörighetsperiod* (guide bild 6–7): one new end date for the checked users.

Behörighetsadministratörer are listed but cannot be checked (rule 6). The list pages
through the same store query as *Sökresultat*; checked users survive paging. The change
carries the version each checked user was read at and the unsigned change each had then
(the new end date goes into it); pressing Bekräfta again with the same content (after an
error) sends the same command.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from enum import Enum

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.domain.queries import Page
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.rules import check_period, next_year_end
from kawebb_desktop.services.api import SetEndDate, UserRow, VersionedId
from kawebb_desktop.ui.dialogs.user_dialog import date_edit, to_date, to_qdate
from kawebb_desktop.ui.errors import SAVE_UNCERTAIN, message_of
from kawebb_desktop.ui.i18n import tr, tr_message
from kawebb_desktop.ui.models.users import CheckableUserModel
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.widgets.feedback import SAVING, BusyLabel
from kawebb_desktop.ui.widgets.forms import FieldError, named, set_invalid
from kawebb_desktop.ui.widgets.pager import Pager
from kawebb_desktop.ui.widgets.screen import fit_to_screen, widen_for_table
from kawebb_desktop.ui.widgets.tables import configure_table
from kawebb_desktop.ui.worker import Worker

PageFetch = Callable[[int, int, Enum | None, bool], Page[UserRow]]
#: The keys that tick or untick the current row of the table (nothing else).
TOGGLE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


class EndDateDialog(QDialog):
    def __init__(
        self,
        today: dt.date,
        fetch: PageFetch,
        save: Callable[[SetEndDate], object],
        *,
        preselected: Iterable[UserRow] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Ändra behörighetsperiod"))
        self.setModal(True)
        self._today = today
        self._save = save
        self._worker = Worker(self)
        self._attempt: SetEndDate | None = None
        layout = QVBoxLayout(self)
        heading = QLabel(tr("Ändra behörighetsperiod"))
        styled(heading, "dialogTitle")
        layout.addWidget(heading)
        intro = QLabel(
            tr(
                "Ange ett slutdatum och markera de användare som ska få det. En "
                "behörighetsadministratör kan inte få något slutdatum, och slutdatumet får "
                "vara senast nästa årsskifte ({date})."
            ).format(date=next_year_end(today).isoformat())
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.end_date = named(date_edit(), tr("Ange nytt slutdatum"))
        self.end_date.setDate(to_qdate(next_year_end(today)))
        caption = QLabel(tr("Ange nytt &slutdatum:"))
        caption.setBuddy(self.end_date)
        form.addRow(caption, self.end_date)
        layout.addLayout(form)
        self.date_error = FieldError()
        layout.addWidget(self.date_error)

        self.model = CheckableUserModel(self)
        chosen = list(preselected)
        self.model.checked.update(r.user.id for r in chosen)
        self.model.remember(chosen)
        self.table = named(QTableView(), tr("Användare"))
        self.table.setModel(self.model)
        configure_table(self.table, sortable=True, key="behorighetsperiod/anvandare")
        self.table.activated.connect(self._toggle)
        # Enter and Space on a row tick or untick it, and only that (Enter would
        # otherwise also press Bekräfta, the dialog's default button).
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)
        self.pager = Pager(self.model)
        layout.addWidget(self.pager)
        self.count_label = QLabel()
        self.count_label.setAccessibleName(tr("Antal markerade"))
        layout.addWidget(self.count_label)
        self.error = FieldError()
        layout.addWidget(self.error)
        #: "Sparar…" when the service takes a while to answer.
        self.progress = BusyLabel(self)
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox()
        self.confirm_button = self.buttons.addButton(
            tr("&Bekräfta"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            tr("Avbryt"), QDialogButtonBox.ButtonRole.RejectRole
        )
        named(self.confirm_button, tr("Bekräfta"))
        named(self.cancel_button, tr("Avbryt"))
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.end_date.dateChanged.connect(lambda _d: self.validate())
        self.model.dataChanged.connect(lambda *_a: self.validate())
        self.model.page_loaded.connect(self._page_loaded)
        self.model.set_fetch(fetch)
        self.validate()
        fit_to_screen(self, QSize(960, 600))
        self._widened = False

    def _page_loaded(self) -> None:
        self.validate()
        if not self._widened and self.model.rowCount():
            # The columns are fitted to the first page's rows now: show them all, if the
            # screen has room (else the table scrolls sideways).
            self._widened = True
            widen_for_table(self, self.table)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in TOGGLE_KEYS
            and event.modifiers() in PLAIN
        ):
            index = self.table.currentIndex()
            if index.isValid():
                self._toggle(index)
            event.accept()
            return True
        return super().eventFilter(watched, event)

    def _toggle(self, index: QModelIndex) -> None:
        first = self.model.index(index.row(), 0)
        if not self.model.flags(first) & Qt.ItemFlag.ItemIsUserCheckable:
            return
        state = self.model.data(first, Qt.ItemDataRole.CheckStateRole)
        new = (
            Qt.CheckState.Unchecked
            if state == Qt.CheckState.Checked.value
            else Qt.CheckState.Checked
        )
        self.model.setData(first, new.value, Qt.ItemDataRole.CheckStateRole)

    def validate(self) -> bool:
        end = to_date(self.end_date.date())
        message = None
        try:
            check_period(Role.TJANSTEADMINISTRATOR, dt.date.min, end, self._today)
        except DomainError as exc:
            message = tr_message(exc.message)
        if message is None:
            # Start dates of the checked users on this page: end ≥ start.
            for row in self.model.objects():
                if row.user.id in self.model.checked and end < row.user.start_date:
                    message = tr(
                        "{name}: slutdatumet får inte vara före startdatumet ({date})."
                    ).format(name=row.user.full_name, date=row.user.start_date.isoformat())
                    break
        self.date_error.show_message(message)
        set_invalid(self.end_date, message is not None)
        count = len(self.model.checked)
        self.count_label.setText(
            tr("Ingen användare markerad.")
            if count == 0
            else tr("1 användare markerad.")
            if count == 1
            else tr("{count} användare markerade.").format(count=count)
        )
        self.confirm_button.setEnabled(message is None and count > 0)
        return message is None and count > 0

    def _accept(self) -> None:
        if not self.validate():
            return
        command = self.command()
        if command is None:
            self.error.show_message(
                tr("Några av de markerade användarna är inte inlästa längre. Läs in listan igen.")
            )
            return
        save = self._save
        self.confirm_button.setEnabled(False)
        self.error.show_message(None)
        self.progress.start(tr(SAVING))
        self._worker.run(lambda: save(command), self._saved, self._refused)

    def _saved(self, _answer: object) -> None:
        self.progress.stop()
        self.accept()

    def command(self) -> SetEndDate | None:
        """The command for what is checked now (the one of the attempt before, when the
        content is the same); None if a checked user's version is unknown."""
        versions = self.model.versions
        if any(i not in versions for i in self.model.checked):
            return None
        users = tuple(VersionedId(i, versions[i]) for i in sorted(self.model.checked))
        seen = tuple(
            change
            for i in sorted(self.model.checked)
            if (change := self.model.pending.get(i)) is not None
        )
        end = to_date(self.end_date.date())
        attempt = self._attempt
        if attempt is None or (attempt.users, attempt.end_date, attempt.pending) != (
            users,
            end,
            seen,
        ):
            self._attempt = attempt = SetEndDate(users, end, pending=seen)
        return attempt

    def _refused(self, exc: BaseException) -> None:
        self.progress.stop()
        self.validate()
        self.error.show_message(message_of(exc, SAVE_UNCERTAIN))
