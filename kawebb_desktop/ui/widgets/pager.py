"""The paging bar under a table: "Föregående 1 2 Nästa" and "Visar 1-10 av 24".

With ``sizes`` it offers *Antal träffar per sida*; a size of :data:`~kawebb_desktop.ui.
models.paged.ALL` is *Alla* (one list that grows as it is scrolled). With ``settings_key``
the choice is remembered in ``QSettings``."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.paged import ALL, PagedTableModel

#: At most this many numbered page buttons; the rest are elided around the current one.
MAX_PAGE_BUTTONS = 7


def page_numbers(current: int, count: int, most: int = MAX_PAGE_BUTTONS) -> list[int | None]:
    """0-based page indexes to show as buttons; ``None`` marks an elided stretch."""
    if count <= most:
        return list(range(count))
    inner = most - 2
    start = max(1, min(current - inner // 2, count - 1 - inner))
    middle = list(range(start, start + inner))
    result: list[int | None] = [0]
    if middle[0] > 1:
        result.append(None)
    result += middle
    if middle[-1] < count - 2:
        result.append(None)
    result.append(count - 1)
    return result


def range_text(first: int, last: int, total: int, noun: str = "", exact: bool = True) -> str:
    """ "Visar 1-50 av 120 ärenden"; a list counted only so far: "av fler än 1050".

    ``noun`` is in the UI's language already (the caller's ``tr("ärenden")``)."""
    if total == 0:
        return tr("Inga träffar")
    suffix = f" {noun}" if noun else ""
    of = str(total) if exact else tr("fler än {count}").format(count=total)
    return tr("Visar {first}-{last} av {total}").format(first=first, last=last, total=of) + suffix


#: Said (tooltip, screen readers) while the exact count of a list is on its way; not in
#: the text itself, which beside seven page numbers already fills 1024 px.
COUNTING = QT_TR_NOOP("Räknar alla {noun} …")


class Pager(QWidget):
    def __init__(
        self,
        model: PagedTableModel,  # type: ignore[type-arg]
        *,
        noun: str = "",
        sizes: tuple[int, ...] = (),
        settings_key: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._noun = noun
        self._settings_key = settings_key
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setAccessibleName(tr("Visar"))

        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.previous_button = QPushButton(tr("Föregående"))
        self.previous_button.setAccessibleName(tr("Föregående"))
        self.previous_button.clicked.connect(model.previous_page)
        layout.addWidget(self.previous_button)
        self._numbers = QHBoxLayout()
        self._numbers.setSpacing(2)
        layout.addLayout(self._numbers)
        self.next_button = QPushButton(tr("Nästa"))
        self.next_button.setAccessibleName(tr("Nästa"))
        self.next_button.clicked.connect(model.next_page)
        layout.addWidget(self.next_button)
        self.size_box: QComboBox | None = None
        if sizes:
            label = QLabel(tr("Antal träffar per sida:"))
            self.size_box = QComboBox()
            self.size_box.setAccessibleName(tr("Antal träffar per sida"))
            label.setBuddy(self.size_box)
            for size in sizes:
                self.size_box.addItem(tr("Alla") if size == ALL else str(size), size)
            if settings_key is not None:
                remembered = QSettings().value(settings_key)
                try:
                    size = int(str(remembered))
                except (TypeError, ValueError):
                    size = -1
                if size in sizes:
                    model.set_page_size(size)
            self.size_box.setCurrentIndex(max(0, self.size_box.findData(model.page_size)))
            self.size_box.currentIndexChanged.connect(self._size_chosen)
            layout.addSpacing(12)
            layout.addWidget(label)
            layout.addWidget(self.size_box)
        #: The page and page count the numbered buttons were made for.
        self._numbered: tuple[int, int] | None = None
        # Every reset of a paged model ends in page_loaded: one refresh per page.
        model.page_loaded.connect(self.refresh)
        model.total_changed.connect(self.refresh)
        self.refresh()

    def _size_chosen(self, _index: int) -> None:
        assert self.size_box is not None
        size = int(self.size_box.currentData())
        if self._settings_key is not None:
            QSettings().setValue(self._settings_key, size)
        self._model.set_page_size(size)

    def refresh(self) -> None:
        page = self._model.page
        total = page.total if page else 0
        first = page.first_number if page else 0
        last = page.last_number if page else 0
        exact = page.total_exact if page else True
        self.summary.setText(range_text(first, last, total, self._noun, exact))
        counting = self._model.counting and not exact
        note = tr(COUNTING).format(noun=self._noun or tr("träffar")) if counting else ""
        self.summary.setToolTip(note)
        self.summary.setAccessibleDescription(note)
        current = page.page_index if page else 0
        count = page.page_count if page else 1
        self.previous_button.setEnabled(current > 0)
        self.next_button.setEnabled(current < count - 1)
        # *Alla* has no pages: the list grows as it is scrolled.
        paged = not self._model.shows_all
        self.previous_button.setVisible(paged)
        self.next_button.setVisible(paged)
        if self._numbered == (current, count):
            return  # the same buttons (another sort, or the same page again)
        self._numbered = (current, count)
        while self._numbers.count():
            item = self._numbers.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.hide()  # out of the tab order now, gone at the next turn
                widget.deleteLater()
        if count <= 1:
            return
        previous: QWidget = self.previous_button
        for number in page_numbers(current, count):
            if number is None:
                gap = QLabel("…")
                gap.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self._numbers.addWidget(gap)
                continue
            button = QPushButton(str(number + 1))
            button.setAccessibleName(str(number + 1))
            button.setAccessibleDescription(tr("Gå till sida {number}").format(number=number + 1))
            button.setToolTip(tr("Sida {number}").format(number=number + 1))
            button.setCheckable(True)
            button.setChecked(number == current)
            button.setMaximumWidth(40)
            button.clicked.connect(lambda _c=False, n=number: self._model.go_to_page(n))
            self._numbers.addWidget(button)
            # Tab visits the numbers where they are, between Föregående and Nästa (new
            # widgets would otherwise come last in the window's tab order).
            QWidget.setTabOrder(previous, button)
            previous = button
        QWidget.setTabOrder(previous, self.next_button)

    def page_button(self, number: int) -> QPushButton | None:
        """The button of 1-based page ``number`` (for tests and keyboard focus)."""
        for i in range(self._numbers.count()):
            item = self._numbers.itemAt(i)
            widget = item.widget() if item else None
            if isinstance(widget, QPushButton) and widget.text() == str(number):
                return widget
        return None
