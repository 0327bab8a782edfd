"""The work behind the first-run dialog and *Arkiv > Inställningar…* (issue 12), kept out
of the UI, which must not learn about stores, the demo or the remote client: the
composition root (``app.py``) hands a :class:`FirstRunSetup` to the dialogs
(``kawebb_desktop.ui.dialogs.first_run_dialog.Setup``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kawebb_desktop.settings import Settings

if TYPE_CHECKING:  # made with the login window, before the data model loads (issue 12)
    from kawebb_desktop.store.base import Store

#: How long a test of a server's address may wait for an answer, in seconds.
PROBE_SECONDS = 5.0


class FirstRunSetup:
    """``open_store``: the store of some settings, made and migrated when new
    (``app.open_configured_store``); ``make_folder``: make a data folder
    (``app.prepare_data_dir``). Both raise ``DomainError`` when they cannot."""

    def __init__(
        self,
        open_store: Callable[[Settings], Store],
        make_folder: Callable[[Path], None],
    ) -> None:
        self._open_store = open_store
        self._make_folder = make_folder

    def probe_server(self, url: str) -> str:
        """Whether a KA Webb server answers at ``url`` (its ``/api/v1/health``): its
        description; ``DomainError`` with a Swedish message when not (a bad address,
        nothing answers, something that is not a KA Webb server)."""
        from kawebb_desktop.remote import close, connect

        services = connect(url.strip(), timeout=PROBE_SECONDS)
        try:
            return services.description
        finally:
            close(services)

    def make_data_dir(self, folder: Path) -> None:
        """Make the data folder; ``DomainError`` when it cannot be one."""
        self._make_folder(folder)

    def make_demo_store(self, settings: Settings, cases: int) -> dict[str, str | int | float]:
        """Fill the new store of ``settings`` with demo data, as ``kawebb demo`` does, and
        return the settings the demo needs; nothing when the store already has data."""
        from kawebb_desktop.demo import create_demo, store_is_empty
        from kawebb_desktop.domain.clock import SystemClock

        store = self._open_store(settings)
        try:
            if not store_is_empty(store):
                return {}
            summary = create_demo(store, SystemClock(), cases=cases)
        finally:
            store.close()
        return {"activation_delay_seconds": 0, "simulator_identity": summary.login_personnummer}
