"""*Nyheter från KA-Webb*: the panel beside *Mitt arbete > Översikt* (guide bild 2).

It lists the newest news items AF published — the date (bold when it is within the last
week, as recent cases are) and the title — and shows the chosen item's title, date and
text below the list. The list is reached with Tab or Alt+N; the arrow keys choose an
item, and the text below can be scrolled and read with the keyboard as well.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.entities import NewsItem
from kawebb_desktop.services.api import Services, caller_of, recent_since
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.widgets.forms import named
from kawebb_desktop.ui.worker import Worker

TITLE = QT_TR_NOOP("Nyheter från KA-Webb")
NEWS_FAILED = QT_TR_NOOP("Nyheterna kunde inte hämtas.")
NO_NEWS = QT_TR_NOOP("Det finns inga nyheter just nu.")
#: The accessible name of the chosen item's text (it has no label of its own).
TEXT_NAME = QT_TR_NOOP("Vald nyhet")
#: How many items the panel shows.
SHOWN = 10
#: The panel's width beside the cases (the cases' columns keep the rest; it can be
#: dragged wider).
WIDTH = 150


def item_line(item: NewsItem) -> str:
    """An entry of the list: the date, and the title below it."""
    return f"{item.published_on.isoformat()}\n{item.title}"


def item_html(item: NewsItem) -> str:
    """The chosen item below the list: its title in bold, its date, its text."""
    paragraphs = "".join(
        f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>"
        for part in item.text.split("\n\n")
        if part.strip()
    )
    return (
        f"<p><b>{html.escape(item.title)}</b><br>"
        f"<span>{item.published_on.isoformat()}</span></p>{paragraphs}"
    )


class NewsPanel(QWidget):
    """Loads the news on :meth:`reload`; the first (newest) item is chosen."""

    #: A failed load, for the view to report (it knows how to end a session).
    failed = Signal(object)

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._caller = caller_of(actor)
        self._worker = Worker(self)
        self._items: list[NewsItem] = []
        layout = QVBoxLayout(self)
        # The cases' side keeps its margins; this column only needs its right one.
        layout.setContentsMargins(0, 9, 9, 9)
        self.heading = QLabel(f"&{tr(TITLE)}")
        styled(self.heading, "sectionTitle")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.list = named(QListWidget(), tr(TITLE))
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.heading.setBuddy(self.list)
        layout.addWidget(self.list, 2)
        self.empty = QLabel(tr(NO_NEWS))
        styled(self.empty, "hint")
        self.empty.setWordWrap(True)
        self.empty.setVisible(False)
        layout.addWidget(self.empty)
        self.text = named(QTextBrowser(), tr(TEXT_NAME))
        self.text.setOpenLinks(False)
        self.text.setTabChangesFocus(True)
        layout.addWidget(self.text, 3)
        self.list.currentRowChanged.connect(self._show)
        self.setMinimumWidth(120)

    def sizeHint(self) -> QSize:
        return QSize(WIDTH, super().sizeHint().height())

    @property
    def items(self) -> list[NewsItem]:
        return list(self._items)

    def reload(self) -> None:
        news, caller = self._services.news, self._caller
        self._worker.run(lambda: news.news(caller, SHOWN), self._loaded, self.failed.emit)

    def _loaded(self, items: list[NewsItem]) -> None:
        self._items = list(items)
        recent = recent_since(self._services.clock)
        self.list.blockSignals(True)
        self.list.clear()
        for item in self._items:
            row = QListWidgetItem(item_line(item))
            row.setToolTip(item.title)
            row.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{item.published_on.isoformat()} {item.title}"
            )
            if is_recent(item, recent):
                font = row.font()
                font.setBold(True)
                row.setFont(font)
            self.list.addItem(row)
        self.list.blockSignals(False)
        self.empty.setVisible(not self._items)
        self.list.setVisible(bool(self._items))
        self.text.setVisible(bool(self._items))
        if self._items:
            self.list.setCurrentRow(0)
            self._show(0)
        else:
            self.text.clear()

    def _show(self, row: int) -> None:
        if 0 <= row < len(self._items):
            self.text.setHtml(item_html(self._items[row]))


def is_recent(item: NewsItem, since: dt.date) -> bool:
    """Whether ``item`` is shown in bold (published within the last week)."""
    return item.published_on >= since
