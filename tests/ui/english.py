"""The English catalogue for the UI tests: compiled from the .ts sources when needed, and
installed for one test by the ``english`` fixture (``tests/ui/conftest.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from kawebb_desktop.ui.i18n import TRANSLATIONS, translation_file


def compile_catalogue() -> Path:
    """``kawebb_en.qm``, built from the .ts sources if it is missing or older (written
    whole, so that parallel workers never read half a file)."""
    sources = sorted(TRANSLATIONS.glob("kawebb_en*.ts"))
    target = translation_file("en")
    newest = max(s.stat().st_mtime for s in sources)
    if target.exists() and target.stat().st_mtime >= newest:
        return target
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    handle, temporary = tempfile.mkstemp(suffix=".qm", dir=TRANSLATIONS)
    os.close(handle)
    try:
        subprocess.run(
            [str(lrelease), "-silent", *map(str, sources), "-qm", temporary],
            check=True,
            capture_output=True,
        )
        os.chmod(temporary, 0o644)  # as make builds it (mkstemp makes it private)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return target
