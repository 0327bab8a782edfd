"""What the wheel and the packaged app must carry: every package, the migrations and
the resources the UI asks for."""

from __future__ import annotations

import tomllib
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_is_listed_for_setuptools() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "kawebb_desktop").rglob("__init__.py")
    }
    assert on_disk | {"kawebb_desktop.resources"} == listed


def test_the_resources_the_ui_uses_are_there() -> None:
    resources = files("kawebb_desktop.resources")
    for name in ("style.qss", "icons/magnifier.svg", "icons/cross.svg", "icons/kawebb.svg"):
        assert resources.joinpath(name).is_file(), name
    ui_code = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "kawebb_desktop" / "ui").rglob("*.py")
    )
    for used in ("magnifier", "cross", "kawebb"):
        assert f'icon("{used}")' in ui_code
