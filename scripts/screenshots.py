"""Save a PNG of every screen and dialog, at 1024×768 and at 1400×900.

    .venv/bin/python scripts/screenshots.py docs/screenshots      (make screenshots)

The pictures are those of the layout test (tests/ui/test_layout.py): it opens each screen
of its list on an offscreen 1024×768 and 1400×900 screen, on demo data at the tests' fixed
date, checks that nothing is cut off or off the screen, and saves what it checked as
``<folder>/<size>/<name>.png``. A screen that does not fit makes this fail (exit status
1); its picture is saved all the same, to look at. Pictures of screens no longer listed
are removed first.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEST = "tests/ui/test_layout.py::test_the_screen_fits"
SIZE_FOLDER = re.compile(r"\d+x\d+")


def main(out: Path) -> int:
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    for folder in out.iterdir():
        if folder.is_dir() and SIZE_FOLDER.fullmatch(folder.name):
            for old in folder.glob("*.png"):
                old.unlink()
    env = dict(os.environ, KAWEBB_SCREENSHOTS=str(out))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    status = subprocess.call([sys.executable, "-m", "pytest", "-q", TEST], cwd=ROOT, env=env)
    saved = sorted(out.glob("*/*.png"))
    print(f"{len(saved)} pictures in {out}")
    return status


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
