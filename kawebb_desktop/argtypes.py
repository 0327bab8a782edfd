"""Argument types shared by the command line's subcommands (argparse ``type=``)."""

from __future__ import annotations

import argparse


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
