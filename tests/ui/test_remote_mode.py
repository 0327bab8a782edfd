"""The user-administration flow of ``test_users`` in remote mode: the main window over
``kawebb_desktop.remote.connect()`` to a real ``kawebb serve`` process (uvicorn, on a free
loopback port, over a demo SQLite store with an activation delay of 0).

One server per module; each window ("workstation") has its own client of it. The phone
is the server's simulated BankID app (``services.demo_phone``, over HTTP); the window's
own phone never approves by itself. Waits are ``qtbot.waitUntil`` with room for server
round trips, never sleeps. The tests share the server's data, so each makes a person
nobody has, and nothing is pending in any municipality when a test starts.

Not marked ``slow`` or ``postgres``: it runs in the normal suite (a few seconds).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.roles import Role
from kawebb_desktop.remote import close, connect
from kawebb_desktop.services.api import Services
from kawebb_desktop.settings import Settings
from kawebb_desktop.ui.dialogs.signing_dialog import SigningDialog
from kawebb_desktop.ui.dialogs.user_dialog import UserDialog
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.users import UsersView
from tests.services.backends import (
    Backend,
    ServerProcess,
    make_demo_store,
    new_personnummer,
    remote_backend,
    start_server,
)
from tests.services.conftest import SERVER_ENV
from tests.ui.conftest import Driver, press_sign
from tests.ui.test_users import LEFT, column_texts, fill_user_dialog, pending_rows, search

#: A server round trip or several (login, save, sign, reload): generous, not a sleep.
ROUND_TRIP_MS = 15_000
#: Status column of the user list.
STATUS = 7


# ---------------------------------------------------------------------- the server
@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """``kawebb serve`` over a fresh demo store, for this module. ``start_server``
    raises (the test errors with the server's log) if it exits or does not answer
    ``/api/v1/health`` in time; it is always stopped afterwards."""
    directory = tmp_path_factory.mktemp("remote-ui")
    store_url = f"sqlite:///{directory / 'kawebb.sqlite3'}"
    make_demo_store(store_url)
    env = {**SERVER_ENV, "KAWEBB_SERVE_STORE": store_url}
    started = start_server(env, directory / "server.log")
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="module")
def admin(server: ServerProcess) -> Iterator[Backend]:
    """The tests' own client of the server (not a window's), for housekeeping."""
    backend = remote_backend("remote-sqlite", server)
    try:
        yield backend
    finally:
        close(backend.services)


@pytest.fixture(autouse=True)
def nothing_pending(admin: Backend) -> None:
    """The demo's pending Andrea Sandin, or what an earlier test left: discarded."""
    admin.discard_all_pending()


# ---------------------------------------------------------------------- workstations
Workstation = Callable[[str], Driver]


def remote_driver(qtbot: QtBot, window: MainWindow) -> Driver:
    """A ``Driver`` of a remote window: its clock and store are the server's, out of
    reach; nothing it is used for here touches them."""
    return Driver(qtbot, window, None, None)  # type: ignore[arg-type]


@pytest.fixture
def workstation(qtbot: QtBot, server: ServerProcess, tmp_path: Path) -> Iterator[Workstation]:
    """``workstation(name)``: a shown main window with its own client of the server."""
    clients: list[Services] = []

    def start(name: str) -> Driver:
        services = connect(server.url)
        clients.append(services)
        settings = Settings(
            data_dir=tmp_path / name,
            server_url=server.url,
            collect_interval_seconds=0.05,
            simulator_approve_seconds=3600.0,  # the test's phone approves, not the window's
        )
        window = MainWindow(services, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        assert window.services.description == f"Server: {server.url}"
        return remote_driver(qtbot, window)

    yield start
    # pytest-qt has closed the windows; let their calls still on the wire finish
    # before their clients go.
    QThreadPool.globalInstance().waitForDone(ROUND_TRIP_MS)
    for services in clients:
        close(services)


# ---------------------------------------------------------------------- steps
def new_person() -> tuple[str, str, str, str]:
    """First name, a last name nobody has, a valid personnummer nobody has, e-mail."""
    suffix = "".join(chr(ord("a") + int(digit, 16)) for digit in uuid.uuid4().hex[:8])
    last = f"Fjärr{suffix}"
    return "Greta", last, new_personnummer().formatted, f"greta.fjarr{suffix}@dorotea.se"


def open_users(driver: Driver) -> UsersView:
    driver.login()  # Arvid Aronsson, Dorotea kommun, by the picker and the phone
    window = driver.window
    assert window.actor is not None
    assert (window.actor.name, window.actor.organisation_name) == (
        "Arvid Aronsson",
        "Dorotea kommun",
    )
    return driver.open_users()


def create_user(qtbot: QtBot, view: UsersView, first: str, last: str, pnr: str, email: str) -> None:
    """Skapa, fill in, Spara: the new user waits under Användare att signera."""
    qtbot.mouseClick(view.create_button, LEFT)
    dialog = view.dialog
    assert isinstance(dialog, UserDialog)
    assert dialog.windowTitle() == "Skapa användare"
    fill_user_dialog(
        qtbot, dialog, first=first, last=last, pnr=pnr, email=email, role=Role.REGISTRERARE
    )
    # The registered-name lookup (a server call) finds nobody: the typed name stays.
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=ROUND_TRIP_MS)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=ROUND_TRIP_MS)
    assert dialog.registered_person is None
    qtbot.waitUntil(lambda: pending_rows(view) == [(first, last, "Ny")], timeout=ROUND_TRIP_MS)


def sign(qtbot: QtBot, driver: Driver, view: UsersView) -> SigningDialog:
    """Signera, Signera med BankID, the phone approves: the receipt shows."""
    qtbot.waitUntil(lambda: view.sign_button.isEnabled(), timeout=ROUND_TRIP_MS)
    qtbot.mouseClick(view.sign_button, LEFT)
    # The list to sign is read from the server first.
    qtbot.waitUntil(lambda: isinstance(view.dialog, SigningDialog), timeout=ROUND_TRIP_MS)
    dialog = view.dialog
    assert isinstance(dialog, SigningDialog)
    press_sign(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.flow.order is not None, timeout=ROUND_TRIP_MS)
    # The animated QR data comes from the server (its qrStartSecret never leaves it).
    qtbot.waitUntil(lambda: dialog.qr.content.startswith("bankid."), timeout=ROUND_TRIP_MS)
    shown_digest = dialog.order_digest.text()  # the order's SHA-256, from the server
    driver.approve_signing(dialog)
    qtbot.waitUntil(lambda: dialog.flow.receipt is not None, timeout=ROUND_TRIP_MS)
    assert dialog.flow.receipt is not None
    assert shown_digest == dialog.flow.receipt.digest
    return dialog


def wait_listed_as(qtbot: QtBot, view: UsersView, last: str, status: str) -> None:
    search(qtbot, view, last)
    qtbot.waitUntil(
        lambda: column_texts(view, 1) == [last] and column_texts(view, STATUS) == [status],
        timeout=ROUND_TRIP_MS,
    )


# ---------------------------------------------------------------------- tests
def test_create_pending_sign_receipt_then_active(
    qtbot: QtBot, workstation: Workstation, tmp_path: Path
) -> None:
    driver = workstation("a")
    view = open_users(driver)
    first, last, pnr, email = new_person()

    create_user(qtbot, view, first, last, pnr, email)
    search(qtbot, view, last)
    assert view.pager.summary.text() == "Inga träffar"  # not a user before signing

    signing = sign(qtbot, driver, view)
    assert signing.windowTitle() == "Kvittens"
    assert signing.receipt_fields["Antal ändringar"].text() == "1"
    assert signing.receipt_fields["Signerad av"].text().startswith("Arvid Aronsson")
    assert len(signing.receipt_fields["Kontrollsumma (SHA-256)"].text()) == 64
    receipt_file = tmp_path / "kvittens.txt"
    signing.write_receipt(str(receipt_file))
    assert f"{first} {last}" in receipt_file.read_text(encoding="utf-8")
    qtbot.mouseClick(signing.close_button, LEFT)

    qtbot.waitUntil(lambda: view.pending_model.rowCount() == 0, timeout=ROUND_TRIP_MS)
    qtbot.waitUntil(view.pending_note.isVisible, timeout=ROUND_TRIP_MS)
    wait_listed_as(qtbot, view, last, "Aktiv")  # activation delay 0 on the demo server


def test_a_change_signed_on_one_workstation_shows_on_the_other_after_reload(
    qtbot: QtBot, workstation: Workstation
) -> None:
    a, b = workstation("a"), workstation("b")
    view_a, view_b = open_users(a), open_users(b)
    first, last, pnr, email = new_person()
    search(qtbot, view_b, last)
    assert view_b.pager.summary.text() == "Inga träffar"

    create_user(qtbot, view_a, first, last, pnr, email)
    with qtbot.waitSignal(view_b.model.page_loaded, timeout=ROUND_TRIP_MS):
        view_b.reload()
    qtbot.waitUntil(lambda: pending_rows(view_b) == [(first, last, "Ny")], timeout=ROUND_TRIP_MS)
    assert view_b.pager.summary.text() == "Inga träffar"  # pending, not yet a user

    signing = sign(qtbot, a, view_a)
    qtbot.mouseClick(signing.close_button, LEFT)
    wait_listed_as(qtbot, view_a, last, "Aktiv")

    assert column_texts(view_b, 1) == []  # B still shows what it last fetched
    with qtbot.waitSignal(view_b.model.page_loaded, timeout=ROUND_TRIP_MS):
        view_b.reload()
    assert column_texts(view_b, 1) == [last]
    assert column_texts(view_b, STATUS) == ["Aktiv"]
    qtbot.waitUntil(lambda: pending_rows(view_b) == [], timeout=ROUND_TRIP_MS)
    assert view_b.pending_note.text() == "Inga ändringar väntar på signering."
