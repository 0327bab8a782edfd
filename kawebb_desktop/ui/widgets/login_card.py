"""The login card: a card in the middle of a page with a title (the login page, the lock
screen and the page shown while the program starts). PySide6 only, so that the page
painted before the services load can use it (``ui.views.login_start``)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kawebb_desktop.ui.style import styled


def login_card(page: QWidget, title: str) -> QVBoxLayout:
    """A card in the middle of ``page`` with ``title``: the layout to fill."""
    outer = QVBoxLayout(page)
    outer.addStretch(1)
    row = QHBoxLayout()
    row.addStretch(1)
    card = QFrame()
    styled(card, "card")
    card.setMaximumWidth(560)
    card.setMinimumWidth(460)
    row.addWidget(card)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    layout = QVBoxLayout(card)
    layout.setSpacing(12)
    heading = QLabel(title)
    styled(heading, "pageTitle")
    layout.addWidget(heading)
    return layout
