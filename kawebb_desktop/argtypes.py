"""Argument types shared by the command line's subcommands (argparse ``type=``), and the
options that name the local store."""

from __future__ import annotations

import argparse
from pathlib import Path


def non_negative(text: str) -> int:
    """A whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"”{text}” är inget heltal") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"”{text}” är negativt: ange 0 eller mer")
    return value


def positive(text: str) -> int:
    """A whole number, 1 or more."""
    value = non_negative(text)
    if value == 0:
        raise argparse.ArgumentTypeError("ange 1 eller mer")
    return value


def positive_seconds(text: str) -> float:
    """A number of seconds, more than 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"”{text}” är inget tal") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"”{text}” är inte större än 0")
    return value


def store_options(
    parser: argparse.ArgumentParser,
    store_help: str = "databas-URL (standard: SQLite-filen i datamappen)",
) -> None:
    """``--data-dir DIR`` and ``--store URL``: the store a command reads, as the app finds it
    (``load_settings(args.data_dir, store_url=args.store)``)."""
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="datamapp (standard: användarens datamapp för programmet)",
    )
    parser.add_argument("--store", metavar="URL", help=store_help)
