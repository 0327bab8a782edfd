"""Alembic environment of the SQL store.

The application never reads an ``alembic.ini``: :mod:`kawebb_desktop.store.sql.migrate`
builds the configuration in code and hands over an open connection in
``config.attributes["connection"]``, already inside a transaction (and, on SQLite, with
foreign keys switched off so that batch migrations may rebuild tables). Without one —
a developer running the ``alembic`` command with ``sqlalchemy.url`` set — an engine is
made the same way the application makes it.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from kawebb_desktop.store.sql.migrate import foreign_keys_off
from kawebb_desktop.store.sql.orm import Base, include_object
from kawebb_desktop.store.sql.store import make_engine

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # Autogenerate leaves out the indexes made only where the database can.
        include_object=include_object,
        # SQLite can alter little in place; batch mode rebuilds the table when needed.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    shared = config.attributes.get("connection")
    if shared is not None:
        _run(shared)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("Ange sqlalchemy.url eller skicka in en anslutning.")
    engine = make_engine(url)
    try:
        with (
            engine.connect() as connection,
            foreign_keys_off(connection),
            connection.begin(),
        ):
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    # Revision 0002 computes its keys in Python from the rows, which needs a database.
    raise RuntimeError("Migreringarna kan inte skrivas ut som SQL (offline-läge).")
_run_online()
