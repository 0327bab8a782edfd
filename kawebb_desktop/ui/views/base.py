"""What every tab of the workspace shares: how it reports a failed call."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kawebb_desktop.domain.errors import NotAuthorized
from kawebb_desktop.ui.errors import show_error


class View(QWidget):
    #: The actor's authorization is no longer active: the main window logs out.
    session_ended = Signal(str)

    def report(self, exc: BaseException) -> None:
        """Show a refusal or error; an ended authorization ends the session instead."""
        if isinstance(exc, NotAuthorized):
            self.session_ended.emit(exc.message)
        else:
            show_error(self, exc)
