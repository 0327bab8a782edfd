"""The QApplication: Swedish locale and Qt's own Swedish texts, font, style, icons; and
the log file (``kawebb_desktop.logs``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from kawebb_desktop import APP_NAME, __version__
from kawebb_desktop.ui.i18n import DEFAULT_LANGUAGE, RESOURCES, install_language

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

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
    from PySide6.QtGui import QIcon

    return QIcon(str(RESOURCES / "icons" / f"{name}.svg"))


def configure(
    app: QApplication, language: str = DEFAULT_LANGUAGE, *, window_icon: bool = True
) -> None:
    """Settings shared by the real app and the tests (QSettings names, locale, font);
    ``window_icon=False``: the caller sets it later (:func:`set_window_icon`)."""
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    font = app.font()
    if font.pointSize() < FONT_POINT_SIZE:
        font.setPointSize(FONT_POINT_SIZE)
        app.setFont(font)
    install_language(app, language)
    # No style sheet on the application: it is given to the widgets it styles
    # (kawebb_desktop.ui.style), so that the tables paint with Fusion alone.
    if window_icon:
        set_window_icon(app)


def set_window_icon(app: QApplication) -> None:
    app.setWindowIcon(icon("kawebb"))


#: Qt's Fusion style on every platform, chosen by the command-line option Qt reads
#: itself: ``QApplication.setStyle("Fusion")`` hands the style back to Python, and
#: PySide6 then makes the ~20 enums of ``QStyle`` (some milliseconds before the first
#: paint).
STYLE_ARGUMENTS = ("-style", "Fusion")


def create_application(
    argv: list[str], language: str = DEFAULT_LANGUAGE, *, window_icon: bool = True
) -> QApplication:
    """The QApplication (the existing one if there is one). ``window_icon=False``: the
    caller sets it with :func:`set_window_icon` (``app.run`` does, after the first
    paint: ``QIcon`` costs PySide6 its enums, ``ThemeIcon`` among them)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([*(argv[:1] or [APP_NAME]), *STYLE_ARGUMENTS, *argv[1:]])
    app.setFont(QFont(app.font().family(), FONT_POINT_SIZE))
    configure(app, language, window_icon=window_icon)
    return app
