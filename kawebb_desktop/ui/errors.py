"""Showing errors: one plain sentence that is true, never a traceback on screen.

A refusal (a rule, a permission, a conflict, BankID saying no) is shown as its own
message, in the UI's language (``i18n.tr_message``). Anything else failed us — the store,
the server, or a bug: the sentence says what did not happen (``failed``: "Listan kunde
inte hämtas."), then why as far as it is known; the technical text is in the log file and
behind *Visa detaljer*, and the dialog says where the log file is.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from kawebb_desktop.domain.errors import (
    Conflict,
    DomainError,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    RuleViolation,
    SigningFailed,
    ValidationError,
)
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr, tr_message
from kawebb_desktop.ui.widgets.forms import name_message_box

log = logging.getLogger(__name__)

#: What did not happen, for the sentence that starts an error message (marked for
#: translation: the functions below show a ``failed`` given to them with tr()).
ACTION_FAILED = QT_TR_NOOP("Åtgärden kunde inte genomföras.")
LIST_FAILED = QT_TR_NOOP("Listan kunde inte hämtas.")
#: A write whose answer did not come: it may or may not have been made.
SAVE_UNCERTAIN = QT_TR_NOOP("Det är inte säkert att ändringen sparades.")
UNEXPECTED = QT_TR_NOOP(
    "Ett oväntat fel inträffade. Försök igen; om felet kvarstår, kontakta support."
)
ERROR_TITLE = QT_TR_NOOP("Det gick inte")

#: Errors that are an answer, not a failure: their message is all there is to say.
REFUSALS = (
    ValidationError,
    RuleViolation,
    PermissionDenied,
    NotAuthenticated,
    NotFound,
    Conflict,
    SigningFailed,
)


#: The name of the handler that writes the app's log file.
LOG_HANDLER = "kawebb-log-file"


def log_file() -> Path | None:
    """The file the app logs to (``application.start_log_file``), if there is one."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.FileHandler) and handler.get_name() == LOG_HANDLER:
            return Path(handler.baseFilename)
    return None


def is_refusal(exc: BaseException) -> bool:
    return isinstance(exc, REFUSALS)


def message_of(exc: BaseException, failed: str = ACTION_FAILED) -> str:
    """The sentence to show for ``exc`` (a failure is logged, with its traceback);
    ``failed`` in Swedish (one of the constants above) or in the UI's language already."""
    if is_refusal(exc):
        assert isinstance(exc, DomainError)
        return tr_message(exc.message)
    if isinstance(exc, DomainError):  # the store or the server failed
        log.warning("%s %s", failed, exc.message, exc_info=exc)
        return f"{tr(failed)} {tr_message(exc.message)}"
    log.error("%s Unexpected error", failed, exc_info=exc)
    return f"{tr(failed)} {tr(UNEXPECTED)}"


def technical_text(exc: BaseException) -> str:
    """What a developer needs (type, message, traceback): behind *Visa detaljer*."""
    return "".join(traceback.format_exception(exc)).rstrip()


def log_text() -> str:
    path = log_file()
    return tr("Loggfilen med detaljer om felet: {path}").format(path=path) if path else ""


def show_error(
    parent: QWidget | None,
    exc: BaseException,
    title: str = ERROR_TITLE,
    *,
    failed: str = ACTION_FAILED,
) -> QMessageBox:
    """A modal error box over ``parent``: the sentence; for a failure also where the log
    file is and, behind *Visa detaljer*, the technical text."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        tr(title),
        message_of(exc, failed),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("errorBox")
    if not is_refusal(exc):
        box.setInformativeText(log_text())
        box.setDetailedText(technical_text(exc))
    name_message_box(box)
    box.open()
    return box


def show_fatal(title: str, text: str) -> None:
    """A blocking error before any window exists (e.g. the database can't be opened)."""
    print(f"kawebb: {text}", file=sys.stderr)
    QMessageBox.critical(None, title, text)


def show_info(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("infoBox")
    name_message_box(box)
    box.open()
    return box
