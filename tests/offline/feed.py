"""A stand-in for the server's changes feed in the offline tests: the rows of a store
dumped as :class:`FeedEntity` values, encoded as the feed contract says (dates and times
ISO 8601, ``Decimal`` as text, bytes base64)."""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select

from kawebb_desktop.offline.replica import replicated_tables
from kawebb_desktop.services.api import FEED_GLOBAL, Caller, FeedEntity, FeedPage
from kawebb_desktop.store.sql import migrate

#: Composite-key tables travel as children of their aggregate's root.
CHILDREN = {
    "services": ("service_units",),
    "contact_persons": ("contact_units", "contact_addresses"),
    "accounts": ("account_units",),
}
CHILD_TABLES = {name for names in CHILDREN.values() for name in names}
#: Tables a real feed would never send (the server's own business).
SERVER_ONLY = {"idempotency_keys", "audit_entries", "audit_chains", "receipts"}


def encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def row_json(row: Mapping[Any, Any]) -> dict[str, Any]:
    return {str(k): encode(v) for k, v in row.items()}


def dump(engine: Engine) -> list[FeedEntity]:
    """Every object of the store, as the feed would send it at ``since=0``."""
    entities: list[FeedEntity] = []
    tables = {t.name: t for t in replicated_tables()}
    with engine.connect() as connection:
        for table in tables.values():
            if table.name in CHILD_TABLES or table.name in SERVER_ONLY:
                continue
            key = next(iter(table.primary_key.columns))
            for row in connection.execute(select(table)).mappings():
                rows: dict[str, tuple[Mapping[str, object], ...]] = {table.name: (row_json(row),)}
                for child_name in CHILDREN.get(table.name, ()):
                    child = tables[child_name]
                    fk = next(f for f in child.foreign_keys if f.column.table is table)
                    children = connection.execute(
                        select(child).where(fk.parent == row[key.name])
                    ).mappings()
                    rows[child_name] = tuple(row_json(c) for c in children)
                entities.append(FeedEntity(table.name, int(row[key.name]), len(entities) + 1, rows))
    return entities


class StoreFeed:
    """A SyncApi over a store: both feeds return, in pages, every object there is now
    (the global one nothing: the dump already holds the news)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.calls = 0
        self.schema = migrate.head_revision()

    def changes(self, caller: Caller, feed: str, since: int, limit: int = 1000) -> FeedPage:
        self.calls += 1
        entities = [] if feed == FEED_GLOBAL else dump(self.engine)
        chunk = [e for e in entities if e.seq > since][:limit]
        cursor = chunk[-1].seq if chunk else since
        return FeedPage(self.schema, tuple(chunk), cursor, more=cursor < len(entities))
