"""The test databases: the PostgreSQL server on 127.0.0.1:5432 and throwaway schemas."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

PG_HOST = "127.0.0.1:5432"
PG_DATABASE = "test"
#: Trust authentication: whichever of these roles the server knows.
PG_USERS = ("postgres", "root")


def pg_url_for(user: str) -> str:
    return f"postgresql+psycopg://{user}@{PG_HOST}/{PG_DATABASE}"


def find_postgres() -> tuple[str | None, str]:
    """A URL that connects, or ``None`` and why none did."""
    errors: list[str] = []
    for user in PG_USERS:
        engine = create_engine(
            pg_url_for(user), poolclass=NullPool, connect_args={"connect_timeout": 3}
        )
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return pg_url_for(user), ""
        except OperationalError as exc:
            errors.append(f"{user}: {str(exc.orig).strip().splitlines()[0]}")
        finally:
            engine.dispose()
    return None, f"PostgreSQL på {PG_HOST} nås inte: {'; '.join(errors)}"


def new_schema_name() -> str:
    return f"kw_test_{uuid.uuid4().hex[:12]}"


def create_schema(url: str, schema: str) -> None:
    _run(url, f'CREATE SCHEMA "{schema}"')


def drop_schema(url: str, schema: str) -> None:
    _run(url, f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def _run(url: str, statement: str) -> None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


@dataclass(frozen=True)
class EmptyDatabase:
    """Where a test may create a database from nothing (for migration tests)."""

    backend: str
    url: str
    schema: str | None = None
