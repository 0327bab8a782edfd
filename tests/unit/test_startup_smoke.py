"""``kawebb --smoke-test --data-dir DIR`` (issue 12), run as the packaged app is: the real
entry point in a subprocess, headless, on a new temporary data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from kawebb_desktop.services.api import Services
from kawebb_desktop.settings import Settings
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.smoke import SmokeTest


def _kawebb(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    # No display; HOME elsewhere, so that nothing the run remembers lands in the user's.
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
    }
    return subprocess.run(
        [sys.executable, "-m", "kawebb_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


@pytest.mark.slow
def test_the_smoke_test_makes_a_demo_store_and_logs_in_through_the_login_page(
    tmp_path: Path,
) -> None:
    data = tmp_path / "new" / "data"
    done = _kawebb("--smoke-test", "--data-dir", str(data), home=tmp_path)
    assert done.returncode == 0, done.stderr
    # The login page's simulated phone identified the demo's login person, who chose the
    # first of their organisations, and every tab of the workspace was opened.
    assert "röktest ok: inloggad som Arvid Aronsson, Behörighetsadministratör" in done.stdout
    assert "Statusöversikt" in done.stdout
    assert "Kvittenser" in done.stdout
    assert (data / "kawebb.sqlite3").is_file()
    assert "simulator_identity" in (data / "settings.toml").read_text(encoding="utf-8")
    assert (data / "logs").is_dir()  # its log, beside its data, not in the user's folder
    # Again, on the store it made (``run`` named, as ``kawebb run --smoke-test``).
    again = _kawebb("run", "--smoke-test", "--data-dir", str(data), home=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "inloggad som Arvid Aronsson" in again.stdout


@pytest.mark.slow
def test_the_smoke_test_needs_a_data_folder_of_its_own(tmp_path: Path) -> None:
    done = _kawebb("--smoke-test", home=tmp_path)
    assert done.returncode == 2
    assert "--smoke-test kräver --data-dir" in done.stderr


@pytest.mark.slow
def test_the_smoke_test_fails_with_a_clear_line_when_the_folder_cannot_be_one(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    done = _kawebb("--smoke-test", "--data-dir", str(blocker), home=tmp_path)
    assert done.returncode == 2
    assert f"Datamappen {blocker} är en fil" in done.stderr


@pytest.mark.slow
def test_the_smoke_test_never_hangs_past_its_time_limit(tmp_path: Path) -> None:
    # Making the demo store's signed history alone takes far longer than this.
    done = _kawebb(
        "--smoke-test", "--data-dir", str(tmp_path / "d"), "--smoke-timeout", "0.05", home=tmp_path
    )
    assert done.returncode == 1
    assert "röktestet misslyckades" in done.stderr
    assert "inte klart inom 0.05 s" in done.stderr


def test_an_exception_in_the_event_loop_fails_the_smoke_test(
    qtbot: QtBot, services: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    window = MainWindow(services, Settings(data_dir=tmp_path))
    qtbot.addWidget(window)
    ended: list[int] = []
    smoke = SmokeTest(window, finish=ended.append)
    smoke.start()
    try:
        QTimer.singleShot(0, window, lambda: 1 / 0)  # a slot that raises, as a bug would
        qtbot.waitUntil(lambda: smoke.status is not None)
    finally:
        smoke.stop()
    assert smoke.status == 1 and ended == [1]
    err = capsys.readouterr().err
    assert "kawebb: röktestet misslyckades" in err
    assert "ZeroDivisionError" in err
