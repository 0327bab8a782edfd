"""What every tab of the workspace shares: how it reports a failed call."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kawebb_desktop.domain.errors import NotAuthenticated, NotAuthorized
from kawebb_desktop.ui.errors import show_error


class View(QWidget):
    #: The session ended (expired or revoked) or the actor's authorization is no longer
    #: active: the main window goes back to the login page.
    session_ended = Signal(str)

    def report(self, exc: BaseException) -> None:
        """Show a refusal or error; an ended session or authorization ends the session
        instead."""
        if isinstance(exc, NotAuthorized | NotAuthenticated):
            self.session_ended.emit(exc.message)
        else:
            show_error(self, exc)
