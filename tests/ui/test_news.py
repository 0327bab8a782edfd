"""*Nyheter från KA-Webb* beside *Mitt arbete > Översikt*: the demo's items newest first,
the last week's in bold, the chosen item's text below the list, reached and read with
the keyboard; no news and a failed load are said, an ended session ends the session."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from kawebb_desktop.demo import DEMO_NEWS
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.entities import NewsItem
from kawebb_desktop.domain.errors import NotAuthenticated
from kawebb_desktop.services.api import Caller, Services
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.news import NO_NEWS, TEXT_NAME, TITLE, NewsPanel, item_html
from tests.conftest import NOW
from tests.ui.conftest import Driver, WindowFactory, replace_services
from tests.ui.test_keyboard import ALT, focus, press

TODAY = NOW.date()


def panel_after_login(driver: Driver, window: MainWindow) -> NewsPanel:
    driver.login()
    assert window.workspace is not None
    panel = window.workspace.overview.news
    driver.qtbot.waitUntil(lambda: panel.list.count() > 0)
    return panel


def test_the_demo_news_newest_first_the_last_week_in_bold(
    driver: Driver, window: MainWindow
) -> None:
    panel = panel_after_login(driver, window)
    expected = [(days, title) for days, title, _text in reversed(DEMO_NEWS)]
    assert [item.title for item in panel.items] == [title for _d, title in expected]
    for row, (days, title) in enumerate(expected):
        entry = panel.list.item(row)
        day = (TODAY - dt.timedelta(days=days)).isoformat()
        assert entry.text() == f"{day}\n{title}"
        assert entry.font().bold() == (days <= 7), (days, title)
    # The newest is chosen and its text shown.
    assert panel.list.currentRow() == 0
    newest = panel.items[0]
    assert newest.title in panel.text.toPlainText()
    assert newest.text.split("\n")[0][:40] in panel.text.toPlainText()
    assert panel.empty.isHidden()


def test_choosing_an_item_with_the_keyboard_shows_its_text(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    panel = panel_after_login(driver, window)
    focus(qtbot, panel.list)
    qtbot.keyClick(panel.list, Qt.Key.Key_Down)
    assert panel.list.currentRow() == 1
    assert panel.items[1].title in panel.text.toPlainText()
    qtbot.keyClick(panel.list, Qt.Key.Key_End)
    last = panel.items[-1]
    # The demo's oldest item has two paragraphs: both are shown.
    for paragraph in last.text.split("\n\n"):
        assert paragraph in panel.text.toPlainText()


def test_tab_reaches_the_news_after_the_cases_and_the_text_after_the_list(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    panel = panel_after_login(driver, window)
    assert window.workspace is not None
    search = window.workspace.overview.search
    focus(qtbot, search)
    reached: list[QWidget] = []
    for _ in range(60):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        reached.append(now)
        if now is panel.text:
            break
    assert panel.list in reached and panel.text in reached
    assert reached.index(panel.list) < reached.index(panel.text)


def test_alt_n_goes_to_the_news(qtbot: QtBot, driver: Driver, window: MainWindow) -> None:
    panel = panel_after_login(driver, window)
    assert window.workspace is not None
    search = window.workspace.overview.search
    focus(qtbot, search)
    press(search, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.list)


def test_accessible_names_are_the_labels(driver: Driver, window: MainWindow) -> None:
    panel = panel_after_login(driver, window)
    assert panel.heading.buddy() is panel.list
    assert panel.heading.text().replace("&", "") == TITLE
    assert panel.list.accessibleName() == TITLE
    assert panel.text.accessibleName() == TEXT_NAME
    assert panel.text.isReadOnly()


class FixedNews:
    def __init__(self, items: list[NewsItem] | None = None, error: Exception | None = None):
        self.items, self.error = items or [], error
        self.asked: list[int] = []

    def news(self, caller: Caller, limit: int = 10) -> list[NewsItem]:
        self.asked.append(limit)
        if self.error is not None:
            raise self.error
        return list(self.items)


def test_no_news_is_said(
    qtbot: QtBot, make_window: WindowFactory, services: Services, clock: FixedClock, demo: Store
) -> None:
    news = FixedNews()
    window = make_window(replace_services(services, news=news))
    driver = Driver(qtbot, window, clock, demo)
    driver.login()
    assert window.workspace is not None
    panel = window.workspace.overview.news
    qtbot.waitUntil(lambda: news.asked and panel.empty.isVisible())
    assert panel.empty.text() == NO_NEWS
    assert panel.list.isHidden() and panel.text.isHidden()


def test_an_ended_session_while_loading_the_news_ends_the_session(
    qtbot: QtBot, make_window: WindowFactory, services: Services, clock: FixedClock, demo: Store
) -> None:
    news = FixedNews(error=NotAuthenticated("Sessionen har gått ut. Logga in igen."))
    window = make_window(replace_services(services, news=news))
    driver = Driver(qtbot, window, clock, demo)
    driver.start_login("Viking", "Evertsson")  # works in one organisation: no choice
    driver.approve_login()
    # The workspace opens, the news fail with the ended session: back to the login page.
    qtbot.waitUntil(lambda: bool(news.asked) and window.workspace is None, timeout=10_000)


def test_the_text_is_shown_as_text_not_markup(qtbot: QtBot) -> None:
    item = NewsItem(1, "<b>Rubrik</b> & mer", "Rad <i>ett</i>\nrad två\n\nStycke två", TODAY)
    page = item_html(item)
    assert "&lt;b&gt;Rubrik&lt;/b&gt; &amp; mer" in page
    assert "Rad &lt;i&gt;ett&lt;/i&gt;<br>rad två" in page
    assert page.count("<p>") == 3  # the heading, two paragraphs
