"""What every tab of the workspace shares: how it reports a failed call, how it says what
happened, where the keyboard starts and which page of the help belongs to it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kawebb_desktop.domain.errors import NotAuthenticated, NotAuthorized
from kawebb_desktop.ui.errors import ACTION_FAILED, show_error
from kawebb_desktop.ui.i18n import tr, tr_message


class View(QWidget):
    #: The session ended (expired or revoked) or the actor's authorization is no longer
    #: active: the main window goes back to the login page.
    session_ended = Signal(str)
    #: What just happened, for the status bar ("Andrea Sandin ligger nu under …").
    status = Signal(str)

    #: The section of the help (``HelpDialog`` topic) that describes this view.
    help_topic = ""

    def report(self, exc: BaseException, failed: str | None = None) -> None:
        """Show a refusal or error (``failed``, translated, says what did not happen;
        default: the action failed); an ended session or authorization ends the session
        instead."""
        if isinstance(exc, NotAuthorized | NotAuthenticated):
            self.session_ended.emit(tr_message(exc.message))
        else:
            show_error(self, exc, failed=failed if failed is not None else tr(ACTION_FAILED))

    def first_field(self) -> QWidget | None:
        """Where the keyboard starts on this view (its first field)."""
        return None

    def show_unsynced(self, unsynced: frozenset[tuple[str, int]], synced: bool) -> None:
        """Offline backend (issue 11): mark the rows of ``unsynced`` (``(kind, id)``)
        *Ej synkad*; ``synced``: something was confirmed since, read the lists again
        (their provisional rows are the server's now). Views without such rows ignore it."""

    def can_export(self) -> bool:
        """Whether *Arkiv > Exportera…* has a list to export here."""
        return False

    def export(self) -> None:
        """Export the view's list (only when :meth:`can_export`)."""
