"""Swedish sort and search keys.

Neither SQLite nor PostgreSQL (whose collation depends on the server's locale) sorts
Å, Ä, Ö after Z or matches "öberg" against "Öberg" reliably, so the names that lists
sort and search on get companion columns computed in Python: ``*_sort_key``,
``search_key``, and the ``birth_date`` (``YYYYMMDD``) that lists show and search. This
revision adds them, fills them from the rows already there, and indexes them the way the
list queries use them.

Written by hand and frozen like 0001: the functions that compute the keys are copies, made
here, of what :mod:`kawebb_desktop.domain.text` (``sort_key``, ``search_key``) and
``Personnummer.birth_date_text`` computed when this revision was written, so that a later
change of the domain cannot change what this revision does to a database.
``tests/store/test_migration_0002_frozen.py`` pins their outputs on a fixed table. Should the
live functions ever change, a new revision must recompute the keys (the same backfill), or
old and new rows would sort differently.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Rows updated per executemany round trip while backfilling.
BATCH = 2000

Row = Mapping[Any, Any]

#: table → the source columns read, and the key columns computed from them.
KEYS: dict[str, tuple[tuple[str, ...], dict[str, Callable[[Row], str]]]] = {}


# --------------------------------------------------------------------------- frozen keys

#: Swedish alphabet order: … X Y Z Å Ä Ö. ASCII "{", "|", "}" follow "z" bytewise.
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"})


def _fold(text: str) -> str:
    """Case-folded and trimmed; accents other than on å ä ö æ ø ü stripped (é → e)."""
    folded = text.casefold().strip()
    if folded.isascii():
        return folded
    out = []
    for ch in folded:
        if ch in "åäöæøü":
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


def sort_key(text: str) -> str:
    """A key whose byte order is Swedish alphabetical order, case-insensitive."""
    return _fold(text).translate(_SWEDISH)


def search_key(*parts: str) -> str:
    """The folded non-empty parts, joined by a space."""
    return " ".join(_fold(p) for p in parts if p)


#: A samordningsnummer adds 60 to the day of birth.
_SAMORDNING_DAY_OFFSET = 60


def _luhn_valid(number: str) -> bool:
    """Whether the digits 0–9 of ``number`` pass the Luhn check (any other character:
    not valid)."""
    total = 0
    for position, ch in enumerate(reversed(number)):
        if not ("0" <= ch <= "9"):
            return False
        digit = ord(ch) - ord("0")
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return bool(number) and total % 10 == 0


def _birth_date(personnummer: str) -> str:
    """The birth date ``YYYYMMDD`` of a valid personnummer (a samordningsnummer's day less
    60); a malformed legacy value still gets a usable key: its first eight characters.

    Valid as ``Personnummer`` was then: 12 characters that ``str.isdigit``, a real date on
    or after 1880, a birth number other than 000, and a Luhn check digit over the last ten
    (which only digits 0–9 pass).
    """
    if len(personnummer) != 12 or not personnummer.isdigit():
        return personnummer[:8]
    year, month, day = int(personnummer[0:4]), int(personnummer[4:6]), int(personnummer[6:8])
    if day > _SAMORDNING_DAY_OFFSET:
        day -= _SAMORDNING_DAY_OFFSET
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return personnummer[:8]
    if year < 1880 or personnummer[8:11] == "000" or not _luhn_valid(personnummer[2:]):
        return personnummer[:8]
    return born.strftime("%Y%m%d")


# --------------------------------------------------------------------------- the revision


KEYS["organisations"] = (("name",), {"name_sort_key": lambda r: sort_key(r["name"])})
KEYS["units"] = (("name",), {"name_sort_key": lambda r: sort_key(r["name"])})
KEYS["persons"] = (
    ("first_name", "last_name", "personnummer"),
    {
        "first_name_sort_key": lambda r: sort_key(r["first_name"]),
        "last_name_sort_key": lambda r: sort_key(r["last_name"]),
        "search_key": lambda r: search_key(r["first_name"], r["last_name"]),
        "birth_date": lambda r: _birth_date(r["personnummer"]),
    },
)
KEYS["authorizations"] = (
    ("email",),
    {
        "email_sort_key": lambda r: sort_key(r["email"]),
        "search_key": lambda r: search_key(r["email"]),
    },
)
KEYS["contact_persons"] = (
    ("first_name", "last_name"),
    {
        "first_name_sort_key": lambda r: sort_key(r["first_name"]),
        "last_name_sort_key": lambda r: sort_key(r["last_name"]),
    },
)
KEYS["cases"] = (
    ("first_name", "last_name", "last_event", "personnummer"),
    {
        "first_name_sort_key": lambda r: sort_key(r["first_name"]),
        "last_name_sort_key": lambda r: sort_key(r["last_name"]),
        "last_event_sort_key": lambda r: sort_key(r["last_event"]),
        "search_key": lambda r: search_key(r["first_name"], r["last_name"]),
        "birth_date": lambda r: _birth_date(r["personnummer"]),
    },
)

INDEXES: tuple[tuple[str, str, list[str]], ...] = (
    ("ix_organisations_name_sort_key", "organisations", ["name_sort_key"]),
    ("ix_units_organisation_id_name_sort_key", "units", ["organisation_id", "name_sort_key"]),
    ("ix_persons_last_name_sort_key", "persons", ["last_name_sort_key", "first_name_sort_key"]),
    ("ix_persons_first_name_sort_key", "persons", ["first_name_sort_key", "last_name_sort_key"]),
    ("ix_persons_birth_date", "persons", ["birth_date"]),
    (
        "ix_authorizations_organisation_id_email_sort_key",
        "authorizations",
        ["organisation_id", "email_sort_key"],
    ),
    ("ix_cases_unit_id_last_name_sort_key", "cases", ["unit_id", "last_name_sort_key"]),
    ("ix_cases_unit_id_first_name_sort_key", "cases", ["unit_id", "first_name_sort_key"]),
    ("ix_cases_unit_id_birth_date", "cases", ["unit_id", "birth_date"]),
)


def _key_type() -> sa.types.TypeEngine[str]:
    # Bytewise comparison on PostgreSQL, whatever the server's locale.
    return sa.String().with_variant(sa.String(collation="C"), "postgresql")


def upgrade() -> None:
    for table, (_sources, keys) in KEYS.items():
        for column in keys:
            op.add_column(
                table,
                sa.Column(column, _key_type(), nullable=False, server_default=sa.text("''")),
            )
    connection = op.get_bind()
    for table, (sources, keys) in KEYS.items():
        _backfill(connection, table, sources, keys)
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def _backfill(
    connection: sa.Connection,
    name: str,
    sources: tuple[str, ...],
    keys: dict[str, Callable[[Row], str]],
) -> None:
    table = sa.table(name, sa.column("id"), *(sa.column(c) for c in (*sources, *keys)))
    rows = connection.execute(
        sa.select(table.c.id, *(table.c[c] for c in sources)).order_by(table.c.id)
    ).mappings()
    # Bind names may not equal column names in an UPDATE's SET clause.
    statement = (
        sa.update(table)
        .where(table.c.id == sa.bindparam("row_id"))
        .values({column: sa.bindparam(f"new_{column}") for column in keys})
    )
    batch: list[dict[str, Any]] = []
    for row in rows.fetchall():
        values: dict[str, Any] = {f"new_{c}": compute(row) for c, compute in keys.items()}
        values["row_id"] = row["id"]
        batch.append(values)
        if len(batch) >= BATCH:
            connection.execute(statement, batch)
            batch = []
    if batch:
        connection.execute(statement, batch)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
    for table, (_sources, keys) in KEYS.items():
        with op.batch_alter_table(table) as batch:
            for column in keys:
                batch.drop_column(column)
