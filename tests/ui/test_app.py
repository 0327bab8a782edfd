"""The composition root builds the whole window without an event loop."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from kawebb_desktop.app import build, build_context
from kawebb_desktop.cli import main
from kawebb_desktop.settings import load_settings
from kawebb_desktop.ui.main_window import MainWindow


def test_build_returns_the_main_window_on_demo_data(qtbot: QtBot, tmp_path: Path) -> None:
    assert main(["demo", "--data-dir", str(tmp_path), "--cases", "3"]) == 0
    settings = load_settings(tmp_path)
    context = build_context(settings)
    try:
        window = build(settings, context=context)
        qtbot.addWidget(window)
        assert isinstance(window, MainWindow)
        box = window.login.person_box
        assert box is not None  # a demo store: the simulated phone's test person
        qtbot.waitUntil(lambda: box.count() > 0)  # read off the GUI thread
        assert box.currentText().startswith("Arvid Aronsson")
        assert str(tmp_path) in window.services.description
    finally:
        context.close()
