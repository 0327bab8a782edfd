"""The SQL backend of the store: SQLAlchemy 2 over SQLite (a file, by default) or
PostgreSQL (by URL), migrated with Alembic when opened.

Only this package imports SQLAlchemy and Alembic; everything above it sees the
protocols of :mod:`kawebb_desktop.store.base`.
"""

from kawebb_desktop.store.sql.store import SqlStore, SqlUnitOfWork, make_engine, open_store

__all__ = ["SqlStore", "SqlUnitOfWork", "make_engine", "open_store"]
