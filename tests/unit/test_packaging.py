"""What the wheel and the packaged app must carry: every package, the migrations and
the resources the UI asks for."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from importlib.resources import files
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"


def _setuptools() -> dict[str, Any]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools: dict[str, Any] = config["tool"]["setuptools"]
    return setuptools


def _resource_folders() -> dict[str, Path]:
    """resources/ and each folder in it, by the package name it installs as."""
    folders = {"kawebb_desktop.resources": RESOURCES}
    for folder in RESOURCES.rglob("*"):
        if folder.is_dir() and folder.name != "__pycache__":
            name = ".".join(("kawebb_desktop.resources", *folder.relative_to(RESOURCES).parts))
            folders[name] = folder
    return folders


def test_every_package_is_listed_for_setuptools() -> None:
    """Every package, and every folder of resources/ (setuptools warns about each folder
    of data files that is not listed: Python could import it as a namespace package)."""
    listed = set(_setuptools()["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "kawebb_desktop").rglob("__init__.py")
    }
    assert on_disk | set(_resource_folders()) == listed


def test_every_resource_file_goes_into_the_wheel() -> None:
    """Whatever a folder of resources/ holds is packaged, but code (packaged as such) and
    the README.md that says what a folder is for."""
    package_data: dict[str, list[str]] = _setuptools()["package-data"]
    for package, folder in _resource_folders().items():
        for path in folder.iterdir():
            if path.is_file() and path.suffix not in (".py", ".pyc") and path.name != "README.md":
                patterns = package_data.get(package, [])
                assert any(fnmatch(path.name, p) for p in patterns), path.relative_to(ROOT)


def test_the_resources_the_ui_uses_are_there() -> None:
    resources = files("kawebb_desktop.resources")
    for name in ("style.qss", "icons/magnifier.svg", "icons/cross.svg", "icons/kawebb.svg"):
        assert resources.joinpath(name).is_file(), name
    ui_code = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "kawebb_desktop" / "ui").rglob("*.py")
    )
    for used in ("magnifier", "cross", "kawebb"):
        assert f'icon("{used}")' in ui_code
