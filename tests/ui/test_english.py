"""The English UI (issue 12): every screen of the layout test, with the English translation
installed, shows no Swedish chrome, still fits a 1024×768 workstation unclipped, and its
interactive widgets' accessible names are their English labels.

Each screen of :data:`tests.ui.test_layout.SCREENS` is opened as the layout test opens it
(its tour finds widgets by attribute and the tabs by their Swedish keys, so it walks the
English UI as well) and its chrome is read: labels, buttons, group box titles, tab texts,
the headers of its tables, its window title, the menus and their actions, placeholders
and the choices of its combo boxes. A text is still Swedish when it is a Swedish source
text of the catalogue (resources/translations/*.ts) whose English differs, or when a word
of it has å, ä or ö. Data is not chrome and is not read: table cells, lists, the status
bar, a label that shows a value (its accessible name is its field's, not its text), and
— for å/ä/ö — a capitalised word after the first (a person's or a place's name in a
title). The messages of the domain and the services are shown in English too
(``i18n.tr_message``, kawebb_en_messages.ts) and are read like any text; only the tour's
long stand-ins for them (a server's reason, an ended session's message) are taken out of
a text before its words are looked at. All offenders of a screen are reported at once.

The compiled catalogue (``kawebb_en.qm``) is built from the .ts sources when it is missing
or older than them, as ``make translations`` does; the Swedish translator is installed
again after each test, since the other tests run in the same process.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTabBar,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.services.api import Services
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.i18n import (
    TRANSLATIONS,
)
from tests.ui.conftest import Driver
from tests.ui.layout import layout_problems
from tests.ui.test_accessibility import problems as accessibility_problems
from tests.ui.test_layout import SCREENS, SIDEWAYS, Screen, Tour, open_window, screen_named, settle

SIZE = "1024x768"
SWEDISH_LETTERS = re.compile("[åäöÅÄÖ]")
#: A literal of the tour shorter than this is not taken for a stand-in of a message (it
#: could hide a word of the UI's own).
SHORTEST_STAND_IN = 30
TOUR = Path(__file__).with_name("test_layout.py")


def plain(text: str) -> str:
    """A text as compared: no markup, no accelerator ``&``, one space between words, no
    trailing colon or ellipsis."""
    text = re.sub(r"<[^>]*>", " ", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.split()).rstrip(":…").strip()


@cache
def swedish_sources() -> frozenset[str]:
    """The catalogue's Swedish texts whose English is another text."""
    found = set()
    for source in TRANSLATIONS.glob("kawebb_en*.ts"):
        for message in ET.parse(source).iter("message"):
            swedish = plain(message.findtext("source") or "")
            english = plain(message.findtext("translation") or "")
            if swedish and english and swedish != english:
                found.add(swedish)
    return frozenset(found)


@cache
def stand_ins() -> tuple[str, ...]:
    """The tour's long Swedish text literals (f-strings' parts too), longest first: its
    stand-ins for a server's reason or an ended session's message."""
    found = set()
    for node in ast.walk(ast.parse(TOUR.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            literal = " ".join(node.value.split())
            if len(literal) >= SHORTEST_STAND_IN and SWEDISH_LETTERS.search(literal):
                found.add(literal)
    return tuple(sorted(found, key=len, reverse=True))


def swedish(text: str) -> bool:
    """Whether ``text`` (chrome) is still Swedish."""
    shown = plain(text)
    if not shown:
        return False
    if shown in swedish_sources():
        return True
    for message in stand_ins():
        if message in shown:
            shown = shown.replace(message, " ")
    words = shown.split()
    return any(
        SWEDISH_LETTERS.search(word) and (i == 0 or not word[:1].isupper())
        for i, word in enumerate(words)
    )


def value_label(label: QLabel) -> bool:
    """A label that shows a value: its accessible name is its field's, not its text."""
    name = label.accessibleName()
    return bool(name) and plain(name) != plain(label.text())


def chrome(window: QWidget) -> list[tuple[str, str]]:
    """The chrome texts of the shown ``window``: (where, text), data left out."""
    texts: list[tuple[str, str]] = [("window title", window.windowTitle())]
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            texts.append(("menu", action.text()))
            menu = action.menu()
            if isinstance(menu, QMenu):
                texts += [("menu item", a.text()) for a in menu.actions() if not a.isSeparator()]
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisible():
            continue
        kind = type(widget).__name__
        if isinstance(widget, QLabel):
            if not value_label(widget):
                texts.append((kind, widget.text()))
        elif isinstance(widget, QAbstractButton):
            texts.append((kind, widget.text()))
        elif isinstance(widget, QGroupBox):
            texts.append((kind, widget.title()))
        elif isinstance(widget, QTabBar):
            texts += [(kind, widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QLineEdit) and not isinstance(
            widget.parentWidget(), QComboBox | QAbstractSpinBox
        ):
            texts.append((f"{kind} placeholder", widget.placeholderText()))
        elif isinstance(widget, QTableView):
            texts += [(f"header of {widget.accessibleName()}", t) for t in _headers(widget)]
    return texts


def combo_choices(window: QWidget) -> list[tuple[str, str]]:
    """The choices of the window's combo boxes (chrome such as *Alla*, domain labels, but
    also data such as unit names: compared with the catalogue only)."""
    return [
        (f"choice of {box.accessibleName()}", box.itemText(i))
        for box in window.findChildren(QComboBox)
        if box.window() is window and box.isVisible()
        for i in range(box.count())
    ]


def _headers(table: QAbstractItemView) -> list[str]:
    model = table.model()
    if model is None or not isinstance(table, QTableView):
        return []
    header = table.horizontalHeader()
    if header.isHidden():
        return []
    return [
        str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        for c in range(model.columnCount())
        if not table.isColumnHidden(c)
    ]


def still_swedish(window: QWidget) -> list[str]:
    """Every Swedish chrome text of ``window``, once each, with where it is."""
    offenders = [(where, text) for where, text in chrome(window) if swedish(text)]
    offenders += [
        (where, text) for where, text in combo_choices(window) if plain(text) in swedish_sources()
    ]
    return sorted({f"{where}: {' '.join(text.split())!r}" for where, text in offenders})


# The walk reads every part of the catalogue: the views' (kawebb_en_views.ts), the
# dialogs', widgets' and models' (kawebb_en_dialogs.ts) and the texts both show
# (kawebb_en_shared.ts); a text missing from any fails it.
@pytest.mark.parametrize("shown", SCREENS, ids=lambda s: s.name)
def test_the_english_screen_has_no_swedish_chrome_and_fits(
    qtbot: QtBot,
    services: Services,
    demo: Store,
    clock: FixedClock,
    tmp_path: Path,
    english: None,
    shown: Screen,
) -> None:
    target = screen_named(SIZE)
    window = open_window(qtbot, services, tmp_path, target, language="en")
    driver = Driver(qtbot, window, clock, demo)
    if shown.logged_in:
        driver.login(*shown.person)
    checked = shown.open(Tour(qtbot, window, driver))
    settle()
    offenders = still_swedish(checked)
    problems = layout_problems(checked, target, sideways=SIDEWAYS[SIZE])
    # Every interactive widget is named, by its English label (the Swedish ones are named
    # by the same calls: tests/ui/test_accessibility.py walks fewer screens in Swedish).
    problems += accessibility_problems(checked)
    if isinstance(checked, QDialog | QMessageBox):
        checked.reject()
    assert not offenders and not problems, f"{shown.name} in English at {SIZE}:\n  " + "\n  ".join(
        [f"still Swedish: {o}" for o in offenders] + problems
    )


def test_the_check_sees_swedish_chrome_and_leaves_data(qtbot: QtBot, english: None) -> None:
    """The check can fail: a Swedish label, button or tab is an offender; a value label
    and a name in a title are data."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    dialog.setWindowTitle("Case 17 – Åsa Öberg")
    QLabel("Ändringar att signera", dialog).move(0, 0)  # a source text of the catalogue
    QLabel("Något glömt", dialog).move(0, 20)  # not in the catalogue, but å/ä/ö
    value = QLabel("Östersund", dialog)
    value.setAccessibleName("City")
    value.move(0, 40)
    QLabel("Pending changes", dialog).move(0, 60)
    # the tour's stand-in for a server's reason: left out
    QLabel(f"Reason: {stand_ins()[-1]}", dialog).move(0, 80)
    # a service's message shown as it is (not through tr_message): Swedish
    QLabel("Kontot finns inte.", dialog).move(0, 100)
    dialog.show()
    qtbot.waitExposed(dialog)
    offenders = still_swedish(dialog)
    assert offenders == [
        "QLabel: 'Kontot finns inte.'",
        "QLabel: 'Något glömt'",
        "QLabel: 'Ändringar att signera'",
    ]
