"""The PySide6 user interface: the only package that imports Qt."""

from __future__ import annotations

import sys
from types import ModuleType


def _uses_pyside_without_options(_module: ModuleType) -> bool:
    return True


def spare_pyside_source_reads() -> bool:
    """PySide6 reads the whole source of every Python module imported after it
    (``shibokensupport.feature.feature_imported`` → ``_mod_uses_pyside`` →
    ``inspect.getsource``) to learn whether the module may use its ``__feature__``
    options (``snake_case``, ``true_property``), noting 0 (it may, options off) or -1
    (it does not) in ``pyside_feature_dict``. This app uses none of those options, yet
    the reads cost its start some milliseconds before the login window's first paint and
    tens of milliseconds while the backend is built (about 500 modules: SQLAlchemy,
    cryptography, phonenumbers…). Every module is noted as 0 instead, which is what
    PySide6 assumes of a module it has not noted. Returns whether that hook was found
    (another PySide6 version may not have it: nothing changes then)."""
    import PySide6  # noqa: F401  (loads shiboken, which installs the import hook)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside_without_options  # type: ignore[attr-defined]
    return True


spare_pyside_source_reads()
