"""The app's QApplication: Qt's Fusion style on every platform, whatever the platform's or
the user's default (``QT_STYLE_OVERRIDE``); chosen by Qt's own ``-style`` option."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
from kawebb_desktop.ui.application import create_application
app = create_application(["kawebb"], window_icon=False)
app.setStyleSheet("")  # the style sheet's style wraps the base style; this shows it
print(app.style().name())
"""


def test_the_application_runs_in_fusion_whatever_the_default() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_STYLE_OVERRIDE": "windows"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "fusion"
