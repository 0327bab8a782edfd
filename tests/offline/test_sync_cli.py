"""``kawebb sync status``: what support staff see of a workstation's replicas — the
server unreachable, one change waiting and one refused with the server's reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kawebb_desktop.cli import main
from kawebb_desktop.offline.control import META_LAST_SYNC, META_NAME, META_PERSONNUMMER
from kawebb_desktop.offline.outbox import OPERATIONS
from kawebb_desktop.services.api import CreateUser
from tests.offline.conftest import Workstation
from tests.services.backends import new_draft

#: Nothing listens here: the health check fails at once.
NOBODY = "http://127.0.0.1:9"


def create_user(ws: Workstation, last: str) -> int:
    command = CreateUser(new_draft(last=last))
    seq, _ = ws.outbox.apply(
        OPERATIONS["users.create_user"],
        command,
        ws.caller,
        ws.personnummer,
        lambda: ws.local.users.create_user(ws.caller, command),
    )
    assert seq is not None
    return seq


def test_sync_status_lists_waiting_and_refused_changes(
    workstation: Workstation, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = workstation
    create_user(ws, "Väntarsson")
    refused = create_user(ws, "Nekadsson")
    ws.outbox.refuse(refused, "rule", "Personen har redan en behörighet i organisationen.")
    ws.replica.set_meta(META_NAME, "Arvid Aronsson")
    ws.replica.set_meta(META_PERSONNUMMER, ws.personnummer)
    synced = dt.datetime(2026, 11, 27, 14, 2, tzinfo=dt.UTC)
    ws.replica.set_meta(META_LAST_SYNC, synced.isoformat())

    assert main(["sync", "status", "--server", NOBODY, "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Server: {NOBODY} – offline (svarar inte)"
    assert f"Lokal kopia: {ws.replica.path}" in out
    assert f"  Person: Arvid Aronsson ({ws.personnummer[:8]}-****)" in out
    assert ws.personnummer not in "\n".join(out)  # never the whole number
    local = synced.astimezone().strftime("%Y-%m-%d %H:%M")
    assert f"  Senast synkad: {local}" in out
    assert "  Väntande: 1 ändring väntar" in out
    assert "  Nekade av servern: 1" in out
    [reason] = [line for line in out if line.startswith("    – Ny användare")]
    assert reason.endswith(": Personen har redan en behörighet i organisationen.")


def test_sync_status_needs_a_server(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", "status", "--data-dir", str(tmp_path)]) == 2
    assert "ange servern med --server URL" in capsys.readouterr().err


def test_sync_status_says_when_there_is_no_replica(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sync", "status", "--server", NOBODY, "--data-dir", str(tmp_path)]) == 0
    assert f"Ingen lokal kopia för servern i {tmp_path}." in capsys.readouterr().out
