"""Showing errors: a domain error's Swedish message as it is, anything else as an
unexpected error with its type (logged with traceback), never a traceback on screen."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QMessageBox, QWidget

from kawebb_desktop.domain.errors import DomainError

log = logging.getLogger(__name__)

UNEXPECTED = (
    "Ett oväntat fel inträffade och åtgärden genomfördes inte. Inga ändringar har sparats. "
    "Försök igen; om felet kvarstår, kontakta support och uppge: {detail}"
)


def message_of(exc: BaseException) -> str:
    if isinstance(exc, DomainError):
        return exc.message
    log.error("Unexpected error", exc_info=exc)
    return UNEXPECTED.format(detail=f"{type(exc).__name__}: {exc}")


def show_error(parent: QWidget | None, exc: BaseException, title: str = "Det gick inte") -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message_of(exc), QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("errorBox")
    box.open()


def show_fatal(title: str, text: str) -> None:
    """A blocking error before any window exists (e.g. the database can't be opened)."""
    print(f"kawebb: {text}", file=sys.stderr)
    QMessageBox.critical(None, title, text)


def show_info(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.setObjectName("infoBox")
    box.open()
    return box
