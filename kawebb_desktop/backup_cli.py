"""``kawebb backup FIL`` and ``kawebb restore FIL``: the local store to a file and back.

``kawebb backup FIL [--data-dir DIR] [--store URL]`` copies the store with SQLite's online
backup API, so the app may keep running; ``kawebb restore FIL [--data-dir DIR] [--store
URL]`` checks the file, restores it and walks its audit chains, keeping the store as it
was next to it (see :mod:`kawebb_desktop.backup`). A PostgreSQL store is refused with a
pointer to ``pg_dump``.

Exit codes: 0 done, 1 refused (not a KA Webb file, a newer schema, a broken audit
chain), 2 a usage error or a store that cannot be read.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TextIO

from kawebb_desktop.argtypes import store_options
from kawebb_desktop.settings import SettingsError, load_settings

COMMANDS = ("backup", "restore")

OK, REFUSED, UNUSABLE = 0, 1, 2

log = logging.getLogger(__name__)


def add_backup_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser(
        "backup",
        help="säkerhetskopiera den lokala databasen till en fil (programmet får vara igång)",
    )
    backup.add_argument("file", type=Path, metavar="FIL", help="säkerhetskopians fil")
    store_options(backup)
    restore = sub.add_parser(
        "restore",
        help="återställ den lokala databasen från en säkerhetskopia (den nuvarande sparas bredvid)",
    )
    restore.add_argument("file", type=Path, metavar="FIL", help="säkerhetskopian")
    store_options(restore)


def run_backup(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from kawebb_desktop.backup import BackupRefused, backup, restore, store_file

    out = out or sys.stdout
    try:
        settings = load_settings(args.data_dir, store_url=args.store)
    except SettingsError as exc:
        print(f"kawebb: {exc}", file=sys.stderr)
        return UNUSABLE
    try:
        store = store_file(settings)
    except BackupRefused as exc:
        print(f"kawebb {args.command}: {exc.message}", file=sys.stderr)
        return UNUSABLE
    try:
        if args.command == "backup":
            pages = backup(store, args.file)
            print(f"Säkerhetskopian av {store} är sparad i {args.file} ({pages} sidor).", file=out)
            return OK
        result = restore(store, args.file)
    except BackupRefused as exc:
        log.warning("%s refused: %s", args.command, exc.message)
        print(f"kawebb {args.command}: {exc.message}", file=sys.stderr)
        return REFUSED
    migrated = " och uppdaterad till programmets schema" if result.migrated else ""
    print(
        f"{store} är återställd från {args.file}{migrated}; granskningskedjan håller "
        f"({result.links} länkar).",
        file=out,
    )
    if result.aside is not None:
        print(f"Databasen som den var före återställningen finns kvar i {result.aside}.", file=out)
    print("Den som var inloggad i ett öppet KA Webb behöver logga in igen.", file=out)
    return OK
