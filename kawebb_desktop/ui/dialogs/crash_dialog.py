"""The dialog for an unexpected exception, and the hooks that catch one.

:func:`install_crash_handler` puts a hook in ``sys.excepthook`` (an exception in a slot or
a virtual method ends there under PySide6), ``threading.excepthook`` (a thread of ours
that dies) and Qt's message handler (a fatal Qt message, after which Qt aborts). Each
logs the exception with its traceback (personnummer masked, ``kawebb_desktop.logs``),
saves the drafts of open document forms whose input passes the rules
(:func:`save_open_drafts`), and shows :class:`CrashDialog`: a short Swedish message,
*Visa detaljer* (the traceback), the log file's path, *Kopiera* and *Stäng*. A second
exception while the dialog is open is added to its details instead of opening another.
The app keeps running: the user decides whether to go on or close it.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.ui.errors import log_file
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.style import set_read_only

log = logging.getLogger(__name__)

#: Marked for translation, shown with tr().
TITLE = QT_TR_NOOP("KA Webb – ett oväntat fel")
MESSAGE = QT_TR_NOOP(
    "Ett oväntat fel inträffade i KA Webb. Det du redan har sparat finns kvar. "
    "Försök igen; om felet kommer tillbaka, kontakta support och skicka med loggfilen."
)
DRAFTS_SAVED = QT_TR_NOOP("Öppna utkast har sparats ({count} st).")
SHOW, HIDE = QT_TR_NOOP("Visa detaljer"), QT_TR_NOOP("Dölj detaljer")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class CrashDialog(QDialog):
    """The message, the log file and, behind *Visa detaljer*, the traceback(s)."""

    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(tr(TITLE))
        layout = QVBoxLayout(self)
        self.message = QLabel(tr(MESSAGE))
        self.message.setObjectName("crashMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(tr(MESSAGE))
        layout.addWidget(self.message)
        self.drafts = QLabel("")
        self.drafts.setWordWrap(True)
        self.drafts.hide()
        layout.addWidget(self.drafts)
        where = (
            tr("Loggfil: {path}").format(path=log_path)
            if log_path
            else tr("Ingen loggfil kunde skrivas.")
        )
        self.log_label = QLabel(where)
        self.log_label.setObjectName("crashLogFile")
        self.log_label.setWordWrap(True)
        self.log_label.setAccessibleName(where)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.log_label)
        self.details = QPlainTextEdit(details)
        self.details.setObjectName("crashDetails")
        set_read_only(self.details)
        self.details.setAccessibleName(tr("Detaljer"))
        self.details.setMinimumHeight(200)
        self.details.hide()
        layout.addWidget(self.details, 1)
        buttons = QHBoxLayout()
        self.toggle = self._button(buttons, tr(SHOW), self._toggle)
        buttons.addStretch(1)
        self.copy = self._button(buttons, tr("Kopiera"), self.copy_to_clipboard)
        self.close_button = self._button(buttons, tr("Stäng"), self.accept)
        self.close_button.setDefault(True)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

    def _button(self, row: QHBoxLayout, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _toggle(self) -> None:
        shown = not self.details.isVisible()
        self.details.setVisible(shown)
        text = tr(HIDE if shown else SHOW)
        self.toggle.setText(text)
        self.toggle.setAccessibleName(text)
        self.adjustSize()

    def add_details(self, details: str) -> None:
        self.details.appendPlainText("\n" + details)

    def saved_drafts(self, count: int) -> None:
        if count:
            text = tr(DRAFTS_SAVED).format(count=count)
            self.drafts.setText(text)
            self.drafts.setAccessibleName(text)
            self.drafts.show()

    def text(self) -> str:
        """What *Kopiera* puts on the clipboard: for a support case."""
        return f"{tr(MESSAGE)}\n{self.log_label.text()}\n\n{self.details.toPlainText()}"

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(self.text())


def save_open_drafts() -> int:
    """*Spara utkast* of every open document form that may be written and whose input
    passes the rules for a draft; returns how many were asked to save."""
    from kawebb_desktop.ui.dialogs.document_dialog import DocumentDialog

    count = 0
    for widget in QApplication.topLevelWidgets():
        if not isinstance(widget, DocumentDialog) or not widget.isVisible():
            continue
        try:
            if widget.writable and not widget.busy and not widget.check(complete=False):
                widget.save()
                count += 1
        except Exception:  # one form that cannot save must not stop the others
            log.exception("Saving the draft of an open document failed")
    return count


class CrashHandler(QObject):
    """Shows :class:`CrashDialog` on the GUI thread for exceptions from any thread."""

    caught = Signal(str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        self.caught.connect(self._show)
        self._previous_message_handler: Callable[..., object] | None = None
        self._previous_hooks: tuple[Callable[..., object], Callable[..., object]] = (
            sys.__excepthook__,
            threading.__excepthook__,
        )

    def handle(self, exc_info: ExcInfo, where: str) -> None:
        kind, exc, tb = exc_info
        log.critical("Unexpected error (%s)", where, exc_info=(kind, exc, tb))
        self.caught.emit("".join(traceback.format_exception(kind, exc, tb)).rstrip())

    def _show(self, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_details(details)
            return
        parent = QApplication.activeWindow()
        self.dialog = CrashDialog(details, log_file(), parent)
        self.dialog.saved_drafts(save_open_drafts())
        self.dialog.open()

    # --------------------------------------------------------------- the hooks
    def excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(kind, exc, tb)
            return
        self.handle((kind, exc, tb), "GUI")

    def threading_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        self.handle((args.exc_type, args.exc_value, args.exc_traceback), f"tråd {name}")

    def qt_message(self, kind: QtMsgType, context: object, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            log.critical("Qt fatal: %s", message)
            for handler in logging.getLogger().handlers:
                handler.flush()
            dialog = CrashDialog(f"Qt: {message}", log_file())
            dialog.exec()  # Qt aborts when this handler returns
        elif kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtWarningMsg):
            log.warning("Qt: %s", message)
        if self._previous_message_handler is not None:
            self._previous_message_handler(kind, context, message)


def install_crash_handler(app: QApplication) -> CrashHandler:
    """Catch unexpected exceptions in ``app`` from now on (see the module's docstring)."""
    handler = CrashHandler(app)
    handler._previous_hooks = (sys.excepthook, threading.excepthook)
    sys.excepthook = handler.excepthook
    threading.excepthook = handler.threading_hook
    handler._previous_message_handler = qInstallMessageHandler(handler.qt_message)
    return handler


def uninstall_crash_handler(handler: CrashHandler) -> None:
    """The hooks as they were before :func:`install_crash_handler` (at exit)."""
    if sys.excepthook == handler.excepthook:
        sys.excepthook = handler._previous_hooks[0]
    if threading.excepthook == handler.threading_hook:
        threading.excepthook = handler._previous_hooks[1]
    qInstallMessageHandler(handler._previous_message_handler)
