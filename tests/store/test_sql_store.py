"""What is particular to the SQL backend: URLs, connection settings, threads, time zones."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import event, make_url, text
from sqlalchemy.exc import StatementError

from kawebb_desktop.domain import text as text_keys
from kawebb_desktop.domain.errors import Conflict, ValidationError
from kawebb_desktop.domain.orders import OrderPurpose, OrderState, SigningOrder
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import SqlStore, make_engine, open_store, repositories
from kawebb_desktop.store.sql.store import describe
from tests.store.builders import add_organisation_with_admin, organisation, pending_user_change


def _add_organisations(store: Store, names: list[str]) -> None:
    for name in names:
        with store.unit_of_work() as uow:
            uow.organisations.add(organisation(name))
            uow.commit()


def _names(store: Store) -> list[str]:
    with store.unit_of_work() as uow:
        return [o.name for o in uow.organisations.list_all()]


# ----------------------------------------------------------------------- URLs


def test_descriptions_never_show_a_password(tmp_path: Path) -> None:
    assert describe(make_url("postgresql://kalle:hemligt@db.kommun.se:5433/kaweb")) == (
        "PostgreSQL: db.kommun.se:5433/kaweb"
    )
    assert describe(make_url("postgresql+psycopg://kalle:hemligt@db/kaweb"), "t1") == (
        "PostgreSQL: db:5432/kaweb (schema t1)"
    )
    path = tmp_path / "data" / "kawebb.sqlite3"
    store = open_store(f"sqlite:///{path}")
    try:
        assert store.description == f"SQLite: {path}"
        assert path.exists()  # the folder was made
    finally:
        store.close()


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    engine = make_engine("postgresql://postgres@127.0.0.1:5432/test")
    try:
        assert engine.dialect.driver == "psycopg"
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("url", "schema", "message"),
    [
        ("mysql://x@y/z", None, "stöds inte"),
        ("sqlite://", "s", "bara anges för PostgreSQL"),
        ("postgresql://x@y/z", 'x"; DROP SCHEMA public; --', "Ogiltigt schemanamn"),
        ("postgresql://x@y/z", "Stora", "Ogiltigt schemanamn"),
    ],
)
def test_bad_settings_are_refused(url: str, schema: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_engine(url, schema=schema)


# ------------------------------------------------------------------ SQLite


def test_sqlite_connections_are_set_up(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    try:
        with store.engine.connect() as c:
            assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert c.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    finally:
        store.close()


def test_file_store_takes_writers_from_several_threads(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    try:
        batches = [[f"Kommun {t}-{i}" for i in range(10)] for t in range(4)]
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda names: _add_organisations(store, names), batches))
        assert sorted(_names(store)) == sorted(n for b in batches for n in b)
    finally:
        store.close()


def test_a_reader_does_not_wait_for_an_open_writer(tmp_path: Path) -> None:
    """WAL: the UI can page through lists while a worker's unit of work writes."""
    store = open_store(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    _add_organisations(store, ["Åre kommun"])
    try:
        with store.unit_of_work() as writer:
            writer.organisations.add(organisation("Berg kommun"))
            with ThreadPoolExecutor(max_workers=1) as pool:
                seen = pool.submit(_names, store).result(timeout=10)
            writer.commit()
        assert seen == ["Åre kommun"]
        assert _names(store) == ["Berg kommun", "Åre kommun"]
    finally:
        store.close()


def test_writing_units_of_work_begin_immediate(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    begun: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.startswith("BEGIN"):
            begun.append(statement)

    event.listen(store.engine, "before_cursor_execute", seen)
    try:
        for write in (False, True):
            with store.unit_of_work(write=write) as uow:
                uow.organisations.list_all()
        with store.unit_of_work() as uow:
            uow.organisations.list_all()
    finally:
        store.close()
    assert begun == ["BEGIN DEFERRED", "BEGIN IMMEDIATE", "BEGIN DEFERRED"]


def test_writing_units_of_work_on_a_file_take_turns(tmp_path: Path) -> None:
    """Two writers that both read first: the second waits for the first's commit (busy
    timeout) and then reads what it wrote. Deferred, the second would have read at once
    and written first, and the first writer's write would have failed (stale snapshot)."""
    store = open_store(f"sqlite:///{tmp_path / 'k.sqlite3'}")
    entered = threading.Event()

    def second() -> list[str]:
        entered.set()
        with store.unit_of_work(write=True) as uow:
            seen = [o.name for o in uow.organisations.list_all()]
            uow.organisations.add(organisation("Andra kommun"))
            uow.commit()
        return seen

    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            with store.unit_of_work(write=True) as first:
                assert first.organisations.list_all() == []  # holds the write lock now
                pending = pool.submit(second)
                assert entered.wait(10)
                with pytest.raises(TimeoutError):  # still waiting for the write lock
                    pending.result(timeout=0.2)
                first.organisations.add(organisation("Första kommun"))
                first.commit()
            assert pending.result(timeout=10) == ["Första kommun"]
        assert _names(store) == ["Andra kommun", "Första kommun"]
    finally:
        store.close()


def test_in_memory_store_is_shared_by_units_of_work_and_threads() -> None:
    store = open_store("sqlite://")
    try:
        assert store.description == "SQLite: i minnet"
        _add_organisations(store, ["Först"])
        batches = [[f"Tråd {t}-{i}" for i in range(10)] for t in range(4)]
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda names: _add_organisations(store, names), batches))
        assert len(_names(store)) == 41
    finally:
        store.close()


def test_in_memory_units_of_work_take_turns() -> None:
    """The one shared connection holds one transaction: a second thread waits for it."""
    store = open_store("sqlite://")
    entered = threading.Event()

    def second() -> list[str]:
        entered.set()
        return _names(store)

    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            with store.unit_of_work() as first:
                first.organisations.add(organisation("Först"))
                pending = pool.submit(second)
                assert entered.wait(10)
                with pytest.raises(TimeoutError):  # still waiting for its turn
                    pending.result(timeout=0.2)
                first.commit()
            assert pending.result(timeout=10) == ["Först"]
    finally:
        store.close()


# ------------------------------------------------------------------ everywhere


def test_naive_datetimes_are_refused(store: Store) -> None:
    order = SigningOrder(
        "x", OrderPurpose.LOGIN, dt.datetime(2026, 1, 1), OrderState.PENDING, "a", "b", "c"
    )
    with store.unit_of_work() as uow, pytest.raises(StatementError, match="naive datetime"):
        uow.orders.add(order)


def test_a_unit_of_work_must_be_entered(store: Store) -> None:
    uow = store.unit_of_work()
    with pytest.raises(RuntimeError, match="not open"):
        uow.commit()
    with uow:
        pass
    with pytest.raises(RuntimeError, match="not open"):
        uow.rollback()


def test_added_objects_must_be_new(store: Store) -> None:
    with store.unit_of_work() as uow, pytest.raises(ValueError, match="id 0"):
        uow.organisations.add(organisation(id=7))


def test_the_store_is_a_store(store: Store) -> None:
    assert isinstance(store, SqlStore)
    assert store.description.startswith(("SQLite: ", "PostgreSQL: "))


@pytest.mark.parametrize(
    "parts",
    [("Åsa", "Öberg"), ("", "Éva"), ("ANNA-KARIN", ""), ("  Zoë ", "Straße"), ("a", "b", "c")],
)
def test_cached_keys_agree_with_the_domain(parts: tuple[str, ...]) -> None:
    """The repositories cache keys per name part; they must equal the domain's keys."""
    assert repositories.search_key(*parts) == text_keys.search_key(*parts)
    for part in parts:
        assert repositories.sort_key(part) == text_keys.sort_key(part)


@pytest.mark.postgres
def test_values_too_long_for_postgresql_are_a_validation_error(
    postgres_module_store: SqlStore,
) -> None:
    with postgres_module_store.unit_of_work() as uow:
        kept = uow.organisations.add(organisation("Kvar"))
        with pytest.raises(ValidationError, match="för långt"):
            uow.organisations.add(organisation("Lång", phone="0" * 51))
        uow.commit()
    with postgres_module_store.unit_of_work() as uow:
        assert uow.organisations.get(kept.id) == kept


# ------------------------------------------------- versioned updates, everywhere


@contextmanager
def _committed_before_the_update(store: Store, table: str, change: str) -> Iterator[None]:
    """Just before the store's next UPDATE of ``table``, another connection commits
    ``change`` to it: the race that only the UPDATE's own ``WHERE version = <old>`` can
    catch (the version it checked when loading the row was still current)."""
    assert isinstance(store, SqlStore)
    engine = store.engine
    fired: list[str] = []

    def before(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if not fired and statement.startswith(f"UPDATE {table} "):
            fired.append(statement)
            with engine.begin() as other:
                other.execute(text(f"UPDATE {table} SET {change}, version = version + 1"))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", before)
    assert fired and "version" in fired[0].split("WHERE", 1)[1]


def test_order_update_loses_to_a_write_between_its_read_and_its_update(store: Store) -> None:
    order = SigningOrder(
        "o", OrderPurpose.SIGN, dt.datetime(2026, 3, 1, tzinfo=dt.UTC), OrderState.PENDING,
        "a", "b", "c",
    )  # fmt: skip
    with store.unit_of_work() as uow:
        uow.orders.add(order)
        uow.commit()

    with store.unit_of_work() as uow:
        with (
            _committed_before_the_update(store, "signing_orders", "state = 'failed'"),
            pytest.raises(Conflict) as raised,
        ):
            uow.orders.update(replace(order, state=OrderState.COMPLETE))
        uow.commit()
    # PostgreSQL: the UPDATE matched no row. SQLite: this unit of work's snapshot is
    # older than the other write, so SQLite refuses the write itself ("read again").
    assert isinstance(store, SqlStore)
    postgres = store.engine.dialect.name == "postgresql"
    assert raised.value.message == (repositories.STALE_ORDER if postgres else repositories.BUSY)

    with store.unit_of_work() as uow:
        stored = uow.orders.get("o")
    assert stored == replace(order, state=OrderState.FAILED, version=2)


def test_pending_update_loses_to_a_write_between_its_read_and_its_update(store: Store) -> None:
    with store.unit_of_work() as uow:
        admin = add_organisation_with_admin(uow)
        added = uow.pending.add(pending_user_change(admin.organisation_id, admin.person.id))
        uow.commit()

    with store.unit_of_work() as uow:
        with (
            _committed_before_the_update(store, "pending_changes", f"target_id = {admin.id}"),
            pytest.raises(Conflict),
        ):
            uow.pending.update(replace(added, payload={**added.payload, "first_name": "Bo"}))
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.pending.get(added.id) == replace(added, target_id=admin.id, version=2)
