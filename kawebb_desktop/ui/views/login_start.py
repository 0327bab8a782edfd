"""The login page while the program starts (issue 12): what the main window shows from its
first paint until the store is open and the services are built behind it.

It is the login page's card (the same title, the same *Logga in med BankID* button,
disabled) with a short status text, made of PySide6 and light modules only, so that the
window is painted before SQLAlchemy, the data model and the services are imported and
the store is opened and checked (``kawebb_desktop.app.run``). When they are ready the
main window puts the real :class:`~kawebb_desktop.ui.views.login.LoginPage` in its place
(:meth:`~kawebb_desktop.ui.main_window.MainWindow.attach`).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.widgets.login_card import login_card

#: The status text while the program starts.
STARTING_TEXT = QT_TR_NOOP("Startar…")


class StartingPage(QWidget):
    """The login page's card, its button disabled, saying that the program starts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startingPage")
        layout = login_card(self, tr("Logga in i KA Webb"))
        self.message = QLabel(tr(STARTING_TEXT))
        self.message.setObjectName("loginMessage")
        self.message.setWordWrap(True)
        self.message.setAccessibleName(tr("Meddelande"))
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.start_button = QPushButton(tr("&Logga in med BankID"))
        self.start_button.setAccessibleName(tr("&Logga in med BankID").replace("&", ""))
        self.start_button.setEnabled(False)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)
