"""The QApplication: Swedish locale and Qt's own Swedish texts, font, style, icons; and
the log file (``kawebb_desktop.logs``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from kawebb_desktop import APP_NAME, __version__
from kawebb_desktop.ui.i18n import DEFAULT_LANGUAGE, RESOURCES, install_language

ORGANISATION = "KA Webb"
#: DejaVu Sans at 9 pt clips the dots of Å/Ä/Ö in tab labels (ENVIRONMENT.md).
FONT_POINT_SIZE = 10


def start_log_file(path: Path) -> Path | None:
    """Log (INFO and up, errors with their tracebacks, personnummer masked) to ``path``
    as well; error dialogs name it. None, and nothing changed, when the file cannot be
    written: the app runs on without it (``kawebb_desktop.logs.open_log_file``)."""
    from kawebb_desktop.logs import open_log_file  # not before the first window (issue 12)

    return open_log_file(path)


def icon(name: str) -> QIcon:
    return QIcon(str(RESOURCES / "icons" / f"{name}.svg"))


def configure(app: QApplication, language: str = DEFAULT_LANGUAGE) -> None:
    """Settings shared by the real app and the tests (QSettings names, locale, font)."""
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    font = app.font()
    if font.pointSize() < FONT_POINT_SIZE:
        font.setPointSize(FONT_POINT_SIZE)
        app.setFont(font)
    install_language(app, language)
    stylesheet = RESOURCES / "style.qss"
    if stylesheet.is_file():
        app.setStyleSheet(stylesheet.read_text(encoding="utf-8"))
    app.setWindowIcon(icon("kawebb"))


def create_application(argv: list[str], language: str = DEFAULT_LANGUAGE) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv)
    app.setStyle("Fusion")
    app.setFont(QFont(app.font().family(), FONT_POINT_SIZE))
    configure(app, language)
    return app
