"""PySide6 reads the source of every module imported after it, to look for its
``__feature__`` options (which this app does not use); ``kawebb_desktop.ui`` spares
those reads (start-up, issue 12)."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest

import kawebb_desktop.ui


def test_a_module_imported_after_pyside_is_not_read_for_feature_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert kawebb_desktop.ui.spare_pyside_source_reads()
    (tmp_path / "kawebb_probe_module.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    read: list[object] = []
    real = inspect.getsource

    def getsource(obj: object) -> str:
        read.append(obj)
        return real(obj)  # type: ignore[arg-type]

    monkeypatch.setattr(inspect, "getsource", getsource)
    try:
        # An import statement (the hook sees those, not importlib.import_module).
        import kawebb_probe_module as module  # type: ignore[import-not-found]
    finally:
        sys.modules.pop("kawebb_probe_module", None)
    assert module.VALUE == 1
    assert not [m for m in read if getattr(m, "__name__", "") == "kawebb_probe_module"]
    table = sys.modules["shibokensupport.feature"].pyside_feature_dict
    assert table["kawebb_probe_module"] == 0  # as PySide6 takes any module it has not noted
