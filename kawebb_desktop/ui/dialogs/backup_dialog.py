"""*Arkiv > Säkerhetskopiera…* and *Arkiv > Återställ…*: the local store to a file and back.

The work itself is the composition root's (``app.py`` passes a :class:`StoreBackup`,
``kawebb_desktop.backup.LocalBackup``): the UI never learns which store is behind it, only
whether a backup can be made here (not against a server or PostgreSQL: then the menu
says why and what to use). The copy runs on a worker; :class:`BackupDialog` shows its
progress. A restore asks first, and the window logs out after it: the session is not in
the restored store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.ui.errors import show_error, show_info
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr, tr_message
from kawebb_desktop.ui.widgets.forms import name_message_box
from kawebb_desktop.ui.worker import Worker

#: Called with (done, in all) as the copy goes on.
Progress = Callable[[int, int], None]

#: Marked for translation, shown with tr().
FILTER = QT_TR_NOOP("KA Webb-säkerhetskopior (*.kawebb);;Alla filer (*)")
BACKUP_TITLE = QT_TR_NOOP("Säkerhetskopiera")
RESTORE_TITLE = QT_TR_NOOP("Återställ")
CONFIRM_RESTORE = QT_TR_NOOP(
    "Databasen ersätts med säkerhetskopian {name}. Det som har ändrats sedan "
    "säkerhetskopian gjordes finns då bara kvar i kopian av nuvarande databas, som sparas "
    "bredvid den. Du loggas ut efter återställningen.\n\nVill du återställa?"
)


class StoreBackup(Protocol):
    """What the app can do with its store's file (``kawebb_desktop.backup.LocalBackup``)."""

    def unavailable(self) -> str | None:
        """Why there is no backup here (Swedish), or ``None``."""

    def backup(self, target: Path, progress: Progress) -> str:
        """Copy the store to ``target``; what to tell the user."""

    def restore(self, source: Path, progress: Progress) -> str:
        """Replace the store with ``source``; what to tell the user."""


class _Progress(QObject):
    """Carries the worker thread's progress to the GUI thread (a queued signal)."""

    moved = Signal(int, int)


class BackupDialog(QDialog):
    """A progress bar while ``work`` runs on a worker; ``succeeded`` (the message) or
    ``failed`` (the exception) when it ends. It cannot be cancelled: a restore half
    done is not a state to leave."""

    succeeded = Signal(str)
    failed = Signal(object)

    def __init__(
        self, parent: QWidget | None, title: str, text: str, work: Callable[[Progress], str]
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle(title)
        self.setModal(True)
        layout = QVBoxLayout(self)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        layout.addWidget(self.label)
        self.bar = QProgressBar()
        self.bar.setAccessibleName(text)
        self.bar.setRange(0, 0)  # until the first step says how many pages
        layout.addWidget(self.bar)
        self._progress = _Progress(self)
        self._progress.moved.connect(self._moved)
        self._worker = Worker(self)
        self.setMinimumWidth(420)
        moved = self._progress.moved
        self._worker.run(lambda: work(moved.emit), self._finished, self._failed)

    def _moved(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(done)

    def _finished(self, message: str) -> None:
        self.accept()
        self.succeeded.emit(message)

    def _failed(self, exc: BaseException) -> None:
        self.reject()
        self.failed.emit(exc)

    def reject(self) -> None:
        if self._worker.busy:
            return  # Esc while copying: the copy goes on
        super().reject()


def _unavailable(parent: QWidget, backup: StoreBackup | None, title: str) -> bool:
    reason = (
        backup.unavailable()
        if backup is not None
        else tr("Den här KA Webb-installationen kan inte säkerhetskopiera sin databas.")
    )
    if reason is None:
        return False
    show_info(parent, title, reason)
    return True


def _failed(parent: QWidget, title: str, exc: BaseException) -> None:
    if isinstance(exc, DomainError):
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            title,
            tr_message(exc.message),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setObjectName("backupFailedBox")
        name_message_box(box)
        box.open()
        return
    show_error(parent, exc, title)


def start_backup(
    parent: QWidget, backup: StoreBackup | None, target: Path | None = None
) -> BackupDialog | None:
    """*Säkerhetskopiera…*: asks where (unless ``target``), then copies."""
    if _unavailable(parent, backup, tr(BACKUP_TITLE)):
        return None
    assert backup is not None
    if target is None:
        suggested = f"kawebb-{dt.date.today().isoformat()}.kawebb"
        name, _ = QFileDialog.getSaveFileName(
            parent, tr("Spara säkerhetskopia"), str(Path.home() / suggested), tr(FILTER)
        )
        if not name:
            return None
        target = Path(name)
    chosen = target
    dialog = BackupDialog(
        parent,
        tr(BACKUP_TITLE),
        tr("Säkerhetskopierar databasen till {path}…").format(path=chosen),
        lambda progress: backup.backup(chosen, progress),
    )
    dialog.succeeded.connect(lambda message: show_info(parent, tr(BACKUP_TITLE), message))
    dialog.failed.connect(lambda exc: _failed(parent, tr(BACKUP_TITLE), exc))
    dialog.open()
    return dialog


def confirm_restore(parent: QWidget, source: Path) -> QMessageBox:
    """The question before a restore; *Avbryt* is the default."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        tr(RESTORE_TITLE),
        tr(CONFIRM_RESTORE).format(name=source.name),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("confirmRestore")
    restore = box.addButton(tr("Återställ"), QMessageBox.ButtonRole.AcceptRole)
    restore.setObjectName("restoreButton")
    restore.setAccessibleName(tr("Återställ"))
    cancel = box.addButton(tr("Avbryt"), QMessageBox.ButtonRole.RejectRole)
    cancel.setAccessibleName(tr("Avbryt"))
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box


def start_restore(
    parent: QWidget,
    backup: StoreBackup | None,
    on_restored: Callable[[str], None],
    source: Path | None = None,
) -> QMessageBox | None:
    """*Återställ…*: asks for the file (unless ``source``) and for a yes, then restores;
    ``on_restored`` gets the message to show. Returns the question (tests answer it)."""
    if _unavailable(parent, backup, tr(RESTORE_TITLE)):
        return None
    assert backup is not None
    if source is None:
        name, _ = QFileDialog.getOpenFileName(
            parent, tr("Återställ från säkerhetskopia"), str(Path.home()), tr(FILTER)
        )
        if not name:
            return None
        source = Path(name)
    chosen = source
    box = confirm_restore(parent, chosen)

    def answered() -> None:
        if box.buttonRole(box.clickedButton()) != QMessageBox.ButtonRole.AcceptRole:
            return
        dialog = BackupDialog(
            parent,
            tr(RESTORE_TITLE),
            tr("Återställer databasen från {path}…").format(path=chosen),
            lambda progress: backup.restore(chosen, progress),
        )
        dialog.succeeded.connect(on_restored)
        dialog.failed.connect(lambda exc: _failed(parent, tr(RESTORE_TITLE), exc))
        dialog.open()
        parent.setProperty("restoreDialog", dialog)

    box.finished.connect(lambda _result: answered())
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box
