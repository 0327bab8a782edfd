"""``kawebb sync status [--server URL] [--data-dir DIR]``: the offline replicas of this
workstation for support staff (issue 11) — whether the server answers, and for each
person's replica: the changes waiting to be sent, those the server refused (with its
reason), the last sync and where the file is. It reads the replicas only; nothing is
sent, and no personnummer is printed whole.

Exit codes: 0 shown, 2 a usage error (no server given, or the data folder is missing).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kawebb_desktop.domain.clock import SystemClock
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.settings import SettingsError, load_settings

COMMANDS = ("sync",)
HEALTH_TIMEOUT_S = 5.0


def add_sync_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = sub.add_parser("sync", help="lokala kopior och synkronisering (offline-läge)")
    actions = sync.add_subparsers(dest="sync_command", required=True)
    status = actions.add_parser(
        "status",
        help="väntande och nekade ändringar, senaste synkronisering, den lokala kopians fil",
    )
    status.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="datamapp (standard: användarens datamapp för programmet)",
    )
    status.add_argument(
        "--server", metavar="URL", help="servern (standard: server_url i inställningarna)"
    )


def run_sync(args: argparse.Namespace) -> int:
    try:
        settings = load_settings(args.data_dir, server_url=args.server)
    except SettingsError as exc:
        print(f"kawebb sync: {exc}", file=sys.stderr)
        return 2
    if not settings.server_url:
        print("kawebb sync: ange servern med --server URL.", file=sys.stderr)
        return 2
    if not settings.data_dir.is_dir():
        print(f"kawebb sync: datamappen {settings.data_dir} finns inte.", file=sys.stderr)
        return 2
    print(
        status_text(settings.server_url, settings.data_dir, online=reachable(settings.server_url))
    )
    return 0


def reachable(server_url: str) -> bool:
    """Whether the server's ``/api/v1/health`` answers now."""
    import httpx  # not at the app's start (``kawebb`` imports this module's parser)

    try:
        response = httpx.get(f"{server_url.rstrip('/')}/api/v1/health", timeout=HEALTH_TIMEOUT_S)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def _when(value: str | None) -> str:
    if not value:
        return "aldrig"
    return dt.datetime.fromisoformat(value).astimezone().strftime("%Y-%m-%d %H:%M")


def _masked(personnummer: str) -> str:
    """The birth date only ("19800101-****"): enough for support, not the whole number."""
    return f"{personnummer[:8]}-****" if len(personnummer) == 12 else "okänt"


def status_text(server_url: str, data_dir: Path, *, online: bool) -> str:
    """What ``kawebb sync status`` prints (Swedish)."""
    from kawebb_desktop.offline.control import (
        META_LAST_SYNC,
        META_NAME,
        META_PERSONNUMMER,
        META_SERVER,
        TITLES,
    )
    from kawebb_desktop.offline.outbox import Outbox, Status
    from kawebb_desktop.offline.replica import Replica
    from kawebb_desktop.services.offline_api import waiting_text

    lines = [f"Server: {server_url} – {'online' if online else 'offline (svarar inte)'}"]
    files = sorted((data_dir / "replicas").glob("*.sqlite"))
    shown = 0
    for path in files:
        try:
            replica = Replica.open(path)
        except DomainError as exc:
            lines.append(f"Lokal kopia: {path} – kan inte läsas: {exc.message}")
            continue
        try:
            if replica.meta(META_SERVER) not in (server_url, None):
                continue
            shown += 1
            entries = Outbox(replica, SystemClock()).entries((Status.QUEUED, Status.REFUSED))
            queued = sum(1 for e in entries if e.status is Status.QUEUED)
            refused = [e for e in entries if e.status is Status.REFUSED]
            name = replica.meta(META_NAME) or "okänd person"
            lines += [
                "",
                f"Lokal kopia: {path}",
                f"  Person: {name} ({_masked(replica.meta(META_PERSONNUMMER) or '')})",
                f"  Senast synkad: {_when(replica.meta(META_LAST_SYNC))}",
                f"  Väntande: {waiting_text(queued)}",
                f"  Nekade av servern: {len(refused)}",
            ]
            for entry in refused:
                title = TITLES.get(entry.operation.name, entry.operation.name)
                made = entry.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
                lines.append(f"    – {title} ({made}): {entry.refusal_message or 'inget skäl'}")
        finally:
            replica.close()
    if shown == 0:
        lines.append(f"Ingen lokal kopia för servern i {data_dir}.")
    return "\n".join(lines)


__all__ = ["COMMANDS", "add_sync_parsers", "run_sync", "status_text"]
