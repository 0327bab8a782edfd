"""The Alembic migrations: they build exactly the ORM's schema and keep existing data.

Revision 0002 fills the new sort and search keys from rows that 0001 databases already
hold, and 0003 versions pending changes and signing orders; these tests write such rows
with plain SQL at the older revision and check what the newer one made of them.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, event, inspect, text
from sqlalchemy.dialects import postgresql

from kawebb_desktop.domain.entities import CaseStatus
from kawebb_desktop.domain.errors import Conflict
from kawebb_desktop.domain.orders import OrderState
from kawebb_desktop.domain.queries import CaseQuery, CaseSort, UserQuery, UserSort
from kawebb_desktop.domain.text import search_key, sort_key
from kawebb_desktop.store.sql import make_engine, migrate, open_store
from kawebb_desktop.store.sql.orm import Base, include_object
from kawebb_desktop.store.sql.repositories import STATUS_RANK
from tests.store.builders import (
    org_number,
    organisation,
    pending_user_change,
    personnummer,
)
from tests.store.databases import EmptyDatabase, drop_schema, new_schema_name

#: Valid personnummer: an ordinary one, a samordningsnummer (day + 60), a third.
ANNA = personnummer("19800101", 123).value
OSTEN = personnummer("19850762", 1).value
BO = personnummer("19750505", 2).value


@pytest.fixture
def engine(empty_database: EmptyDatabase) -> Iterator[Engine]:
    engine = make_engine(empty_database.url, schema=empty_database.schema)
    try:
        yield engine
    finally:
        engine.dispose()


PERSONS = ((ANNA, "Anna", "Zetterberg"), (OSTEN, "Östen", "öberg"), (BO, "Bo", "Åberg"))
#: personnummer, e-mail, role, end date (as SQL)
AUTHORIZATIONS = (
    (ANNA, "anna@zorn.se", "lasare", "'2026-12-31'"),
    (OSTEN, "osten@åre.se", "behorighetsadministrator", "NULL"),
    (BO, "bo@dorotea.se", "larare", "'2026-06-30'"),
)
#: case number, first name, last name, personnummer, last event
CASES = (
    (101, "Ärla", "Öst", OSTEN, "Ärende uppdaterat"),
    (102, "Zorn", "Berg", ANNA, "Påbörjad"),
)


def _fill_at_0001(engine: Engine) -> dict[str, int]:
    """Rows as a 0001 database holds them, written with plain SQL; returns their ids."""
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO organisations (org_number, name, street_address, postal_code,"
                " city, phone, fax, website) VALUES ('2120002809', 'Östra kommun',"
                " 'Storgatan 1', '917 81', 'Dorotea', '0942-140 00', '', '')"
            )
        )
        org = c.execute(text("SELECT id FROM organisations")).scalar_one()
        c.execute(
            text(
                "INSERT INTO units (organisation_id, name, case_kind, service, street_address,"
                " postal_code, city) VALUES (:org, 'Älvdalens UBK', 'huvudarende',"
                " 'Utbildningskontrakt', '', '', '')"
            ),
            {"org": org},
        )
        unit = c.execute(text("SELECT id FROM units")).scalar_one()
        for pnr, first, last in PERSONS:
            c.execute(
                text(
                    "INSERT INTO persons (personnummer, first_name, last_name)"
                    " VALUES (:pnr, :first, :last)"
                ),
                {"pnr": pnr, "first": first, "last": last},
            )
        ids = dict(c.execute(text("SELECT personnummer, id FROM persons")).all())
        for pnr, email, role, end in AUTHORIZATIONS:
            c.execute(
                text(
                    "INSERT INTO authorizations (organisation_id, person_id, email, role,"
                    " start_date, end_date, activates_at, version) VALUES (:org, :person,"
                    f" :email, :role, '2026-01-01', {end}, NULL, 3)"
                ),
                {"org": org, "person": ids[pnr], "email": email, "role": role},
            )
        c.execute(
            text(
                "INSERT INTO contact_persons (organisation_id, first_name, last_name, email,"
                " phone1, phone2, unit_count, address_count, administrative) VALUES"
                " (:org, 'Åke', 'Ödman', 'ake@dorotea.se', '', '', 1, 0, TRUE)"
            ),
            {"org": org},
        )
        for number, first, last, pnr, last_event in CASES:
            c.execute(
                text(
                    "INSERT INTO cases (organisation_id, unit_id, case_number, first_name,"
                    " last_name, personnummer, status, start_date, end_date, last_event,"
                    " last_event_on) VALUES (:org, :unit, :number, :first, :last, :pnr,"
                    " 'Planering', '2026-02-01', NULL, :event, '2026-03-01')"
                ),
                {"org": org, "unit": unit, "number": number, "first": first, "last": last,
                 "pnr": pnr, "event": last_event},
            )  # fmt: skip
    return {"org": org, "unit": unit}


def _rows(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(text(sql))]


def test_upgrade_from_0001_keeps_the_rows_and_fills_the_keys(
    engine: Engine, empty_database: EmptyDatabase
) -> None:
    migrate.upgrade(engine, "0001")
    assert migrate.current_revision(engine) == "0001"
    ids = _fill_at_0001(engine)

    assert migrate.upgrade(engine, "0002") is True
    assert migrate.current_revision(engine) == "0002"

    assert _rows(engine, "SELECT name, name_sort_key FROM organisations") == [
        ("Östra kommun", sort_key("Östra kommun"))
    ]
    assert _rows(engine, "SELECT name, name_sort_key FROM units") == [
        ("Älvdalens UBK", sort_key("Älvdalens UBK"))
    ]
    persons = _rows(
        engine,
        "SELECT personnummer, first_name, last_name, first_name_sort_key,"
        " last_name_sort_key, search_key, birth_date FROM persons ORDER BY personnummer",
    )
    assert persons == [
        (BO, "Bo", "Åberg", "bo", "{berg", "bo åberg", "19750505"),
        (ANNA, "Anna", "Zetterberg", "anna", "zetterberg", "anna zetterberg", "19800101"),
        (OSTEN, "Östen", "öberg", "}sten", "}berg", "östen öberg", "19850702"),
    ]
    users = _rows(
        engine,
        "SELECT email, role, end_date IS NULL, version, email_sort_key, search_key"
        " FROM authorizations ORDER BY email",
    )
    assert users == [
        ("anna@zorn.se", "lasare", False, 3, "anna@zorn.se", "anna@zorn.se"),
        ("bo@dorotea.se", "larare", False, 3, "bo@dorotea.se", "bo@dorotea.se"),
        ("osten@åre.se", "behorighetsadministrator", True, 3, sort_key("osten@åre.se"),
         "osten@åre.se"),
    ]  # fmt: skip
    assert _rows(engine, "SELECT first_name_sort_key, last_name_sort_key FROM contact_persons") == [
        (sort_key("Åke"), sort_key("Ödman"))
    ]
    cases = _rows(
        engine,
        "SELECT case_number, first_name_sort_key, last_name_sort_key, last_event_sort_key,"
        " search_key, birth_date FROM cases ORDER BY case_number",
    )
    assert cases == [
        (101, "|rla", "}st", sort_key("Ärende uppdaterat"), search_key("Ärla", "Öst"),
         "19850702"),
        (102, "zorn", "berg", "p{b}rjad", "zorn berg", "19800101"),
    ]  # fmt: skip

    # And the store works on the migrated data: Swedish order, search, versions.
    store = open_store(empty_database.url, schema=empty_database.schema)
    try:
        with store.unit_of_work() as uow:
            page = uow.users.page(ids["org"], UserQuery(sort=UserSort.LAST_NAME))
            found = uow.users.page(ids["org"], UserQuery(text="ÖBERG"))
            by_birth = uow.users.page(ids["org"], UserQuery(text="19850702"))
            cases_page = uow.cases.page(
                ids["org"],
                CaseQuery(unit_id=ids["unit"], sort=CaseSort.FIRST_NAME, descending=False),
            )
        assert [u.last_name for u in page.items] == ["Zetterberg", "Åberg", "öberg"]
        assert [u.version for u in page.items] == [3, 3, 3]
        assert [u.first_name for u in found.items] == ["Östen"]
        assert [u.first_name for u in by_birth.items] == ["Östen"]
        assert [c.case_number for c in cases_page.items] == [102, 101]
    finally:
        store.close()


def _fill_changes_and_orders_at_0002(engine: Engine, org: int) -> tuple[str, dict[str, int]]:
    """Pending changes and a signing order as a 0002 database holds them (plain SQL).

    Returns the personnummer of the *Ny* changes, and the change ids by name.
    """
    new_user = pending_user_change(org, 0)
    payload = json.dumps(dict(new_user.payload), sort_keys=True, ensure_ascii=False)
    with engine.begin() as c:
        other = c.execute(
            text(
                "INSERT INTO organisations (org_number, name, street_address, postal_code,"
                " city, phone, fax, website) VALUES (:number, 'Åsele kommun', '', '',"
                " 'Åsele', '', '', '') RETURNING id"
            ),
            {"number": org_number(9999).value},
        ).scalar_one()
        anna = c.execute(text("SELECT id FROM persons WHERE personnummer = :p"), {"p": ANNA})
        person = anna.scalar_one()
        #: name, organisation, action, target, payload
        changes = (
            ("ny", org, "ny", None, payload),
            ("ny_again", org, "ny", None, payload),  # a duplicate from before the constraint
            ("ny_elsewhere", other, "ny", None, payload),
            ("andrad", org, "andrad", person, payload),
            ("odd", org, "ny", None, "[]"),
        )
        ids: dict[str, int] = {}
        for name, organisation_id, action, target, data in changes:
            ids[name] = c.execute(
                text(
                    "INSERT INTO pending_changes (organisation_id, kind, action, target_id,"
                    " payload, created_by_person_id, created_at) VALUES (:org, 'anvandare',"
                    " :action, :target, :payload, :person, '2026-03-01 09:30:00') RETURNING id"
                ),
                {"org": organisation_id, "action": action, "target": target,
                 "payload": data, "person": person},
            ).scalar_one()  # fmt: skip
        c.execute(
            text(
                "INSERT INTO signing_orders (order_ref, purpose, started_at, state,"
                " auto_start_token, qr_start_token, qr_start_secret, organisation_id,"
                " person_id, summary) VALUES ('order-1', 'sign', '2026-03-01 09:31:00',"
                " 'pending', 'a', 'b', 'c', :org, :person, 'Jag signerar')"
            ),
            {"org": org, "person": person},
        )
    pnr = new_user.payload["personnummer"]
    assert isinstance(pnr, str)
    return pnr, ids


def test_upgrade_from_0002_keeps_changes_and_orders_at_version_1(
    engine: Engine, empty_database: EmptyDatabase
) -> None:
    migrate.upgrade(engine, "0002")
    org = _fill_at_0001(engine)["org"]
    pnr, ids = _fill_changes_and_orders_at_0002(engine, org)

    assert migrate.upgrade(engine, "0003") is True
    assert migrate.current_revision(engine) == "0003"

    # Every row kept, at version 1; only the oldest Ny per person and organisation
    # carries the key of the new unique constraint.
    assert _rows(
        engine,
        "SELECT id, action, version, new_user_personnummer FROM pending_changes ORDER BY id",
    ) == [
        (ids["ny"], "ny", 1, pnr),
        (ids["ny_again"], "ny", 1, None),
        (ids["ny_elsewhere"], "ny", 1, pnr),
        (ids["andrad"], "andrad", 1, None),
        (ids["odd"], "ny", 1, None),
    ]
    assert _rows(engine, "SELECT order_ref, state, version FROM signing_orders") == [
        ("order-1", "pending", 1)
    ]
    for table in ("sessions", "idempotency_keys", "store_meta", "simulator_orders"):
        assert _rows(engine, f"SELECT count(*) FROM {table}") == [(0,)]

    # And the store works on them: versions count on from 1, the constraint holds.
    store = open_store(empty_database.url, schema=empty_database.schema)
    try:
        with store.unit_of_work(write=True) as uow:
            change = uow.pending.get(ids["ny"])
            order = uow.orders.get("order-1")
            assert change is not None
            assert order is not None
            assert (change.version, order.version) == (1, 1)
            assert uow.pending.update(replace(change, payload={**change.payload})).version == 2
            done = uow.orders.update(replace(order, state=OrderState.COMPLETE))
            assert done.version == 2
            with pytest.raises(Conflict):
                uow.pending.add(replace(change, id=0))  # a second Ny for the same person
            uow.commit()
        with store.unit_of_work() as uow:
            assert [c.version for c in uow.pending.for_organisation(org)[:2]] == [2, 1]
    finally:
        store.close()


def test_upgrade_to_0007_keeps_users_and_changes_and_never_gives_their_ids_again(
    engine: Engine, empty_database: EmptyDatabase
) -> None:
    migrate.upgrade(engine, "0002")
    org = _fill_at_0001(engine)["org"]
    _pnr, ids = _fill_changes_and_orders_at_0002(engine, org)
    migrate.upgrade(engine, "0006")
    users = "SELECT id, person_id, email, version FROM authorizations ORDER BY id"
    changes = "SELECT id, action, payload, version FROM pending_changes ORDER BY id"
    before = (_rows(engine, users), _rows(engine, changes))

    assert migrate.upgrade(engine, "0007") is True
    assert (_rows(engine, users), _rows(engine, changes)) == before
    migrate.upgrade(engine)  # and on to the head
    assert not compare_metadata(
        MigrationContext.configure(engine.connect(), opts={"include_object": include_object}),
        Base.metadata,
    )

    # The newest change is signed or discarded: a new one gets a new id.
    store = open_store(empty_database.url, schema=empty_database.schema)
    try:
        newest = max(ids.values())
        ((maker,),) = _rows(engine, "SELECT created_by_person_id FROM pending_changes LIMIT 1")
        with store.unit_of_work(write=True) as uow:
            uow.pending.remove(newest)
            uow.commit()
        with store.unit_of_work(write=True) as uow:
            again = uow.pending.add(pending_user_change(org, maker, first_name="Pia"))
            uow.commit()
        assert again.id > newest
    finally:
        store.close()


def test_a_new_database_is_migrated_to_head_when_opened(
    empty_database: EmptyDatabase,
) -> None:
    store = open_store(empty_database.url, schema=empty_database.schema)
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
    finally:
        store.close()


def test_opening_a_migrated_store_again_is_a_no_op(empty_database: EmptyDatabase) -> None:
    first = open_store(empty_database.url, schema=empty_database.schema)
    with first.unit_of_work() as uow:
        uow.organisations.add(organisation("Östra kommun"))  # a row to keep
        uow.commit()
    first.close()

    statements: list[str] = []
    engine = make_engine(empty_database.url, schema=empty_database.schema)
    try:
        event.listen(engine, "before_cursor_execute", lambda *args: statements.append(str(args[2])))
        assert migrate.upgrade(engine) is False
    finally:
        engine.dispose()
    assert not [s for s in statements if s.lstrip().upper().startswith(("CREATE", "ALTER"))]

    again = open_store(empty_database.url, schema=empty_database.schema)
    try:
        with again.unit_of_work() as uow:
            assert [o.name for o in uow.organisations.list_all()] == ["Östra kommun"]
        assert migrate.current_revision(again.engine) == migrate.head_revision()
    finally:
        again.close()


def test_the_orm_matches_the_migrated_schema(engine: Engine) -> None:
    """Alembic's autogenerate diff between head and the ORM finds nothing to do."""
    migrate.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                # As env.py: the trigram index is made where it can be, not declared.
                "include_object": include_object,
            },
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


#: case number, status, last event date: one case of every status.
CASES_AT_0003 = (
    (201, "Avslutad", "2026-03-02"),
    (202, "Påbörjad", "2026-03-03"),
    (203, "Överenskommelse", "2026-03-04"),
    (204, "Planering", "2026-03-05"),
)
#: The list's indexes before 0004.
INDEXES_AT_0003 = {
    "ix_cases_organisation_id",
    "ix_cases_unit_id_birth_date",
    "ix_cases_unit_id_end_date",
    "ix_cases_unit_id_first_name_sort_key",
    "ix_cases_unit_id_last_event_on",
    "ix_cases_unit_id_last_name_sort_key",
    "ix_cases_unit_id_start_date",
    "ix_cases_unit_id_status",
}


def _case_indexes(engine: Engine) -> set[str]:
    indexes = inspect(engine).get_indexes("cases")
    return {str(i["name"]) for i in indexes if not i.get("duplicates_constraint")}


def _pg_trgm_available(engine: Engine) -> bool:
    with engine.connect() as c:
        found = c.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"))
        return found.first() is not None


def test_upgrade_from_0003_ranks_every_case_by_its_status(
    engine: Engine, empty_database: EmptyDatabase
) -> None:
    migrate.upgrade(engine, "0001")
    ids = _fill_at_0001(engine)
    migrate.upgrade(engine, "0003")  # 0002 fills their keys
    with engine.begin() as c:
        for number, status, on in CASES_AT_0003:
            c.execute(
                text(
                    "INSERT INTO cases (organisation_id, unit_id, case_number, first_name,"
                    " last_name, personnummer, status, start_date, end_date, last_event,"
                    " last_event_on) VALUES (:org, :unit, :number, 'Bo', 'Ek', :pnr, :status,"
                    " '2026-02-01', NULL, 'Påbörjad', :on)"
                ),
                {"org": ids["org"], "unit": ids["unit"], "number": number, "pnr": BO,
                 "status": status, "on": on},
            )  # fmt: skip
    assert _case_indexes(engine) == INDEXES_AT_0003

    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(str(args[2])))
    assert migrate.upgrade(engine, "0004") is True
    assert migrate.current_revision(engine) == "0004"
    # The rewritten table is vacuumed after the commit, on PostgreSQL.
    vacuums = [s for s in statements if s.startswith("VACUUM")]
    assert vacuums == (['VACUUM (ANALYZE) "cases"'] if empty_database.schema else [])
    ranks = _rows(engine, "SELECT case_number, status, status_rank FROM cases ORDER BY 1")
    assert ranks == [
        (101, "Planering", 1),
        (102, "Planering", 1),
        (201, "Avslutad", 3),
        (202, "Påbörjad", 0),
        (203, "Överenskommelse", 2),
        (204, "Planering", 1),
    ]
    # The numbers the store writes for new cases.
    assert all(rank == STATUS_RANK[CaseStatus(status)] for _n, status, rank in ranks)
    indexes = _case_indexes(engine)
    assert "ix_cases_page_last_event_on" in indexes
    assert "ix_cases_unit_id_last_event_on" not in indexes
    if empty_database.backend == "postgresql" and _pg_trgm_available(engine):
        assert "ix_cases_search_key_trgm" in indexes

    store = open_store(empty_database.url, schema=empty_database.schema)
    try:
        with store.unit_of_work() as uow:
            by_status = uow.cases.page(
                ids["org"], CaseQuery(unit_id=ids["unit"], sort=CaseSort.STATUS, descending=False)
            )
            closed = uow.cases.page(
                ids["org"], CaseQuery(unit_id=ids["unit"], status=CaseStatus.AVSLUTAD)
            )
            named = uow.cases.page(ids["org"], CaseQuery(unit_id=ids["unit"], text="zorn berg"))
        assert [c.case_number for c in by_status.items] == [202, 101, 102, 204, 203]
        assert [c.case_number for c in closed.items] == [201]
        assert [c.case_number for c in named.items] == [102]
    finally:
        store.close()

    migrate.downgrade(engine, "0003")
    assert _case_indexes(engine) == INDEXES_AT_0003
    assert _rows(engine, "SELECT count(*) FROM cases") == [(6,)]


@pytest.mark.postgres
def test_without_the_trigram_index_the_migration_goes_on(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Whatever keeps the trigram index from being made (here: its name is taken), the
    rest of the migration stands, and the name search still works (without it)."""
    schema = new_schema_name()
    engine = make_engine(postgres_url, schema=schema, create_schema=True)
    try:
        migrate.upgrade(engine, "0001")
        ids = _fill_at_0001(engine)
        migrate.upgrade(engine, "0003")
        with engine.begin() as c:
            c.execute(text("CREATE TABLE ix_cases_search_key_trgm (taken INTEGER)"))
        assert migrate.upgrade(engine) is True
        assert migrate.current_revision(engine) == migrate.head_revision()
        indexes = _case_indexes(engine)
        assert "ix_cases_page_last_event_on" in indexes
        assert "ix_cases_search_key_trgm" not in indexes
        if _pg_trgm_available(engine):
            assert "no trigram index" in caplog.text
        store = open_store(postgres_url, schema=schema)
        try:
            with store.unit_of_work() as uow:
                named = uow.cases.page(ids["org"], CaseQuery(unit_id=ids["unit"], text="zorn"))
            assert [c.case_number for c in named.items] == [102]
        finally:
            store.close()
    finally:
        engine.dispose()
        drop_schema(postgres_url, schema)


def test_downgrade_to_0001_and_up_again(engine: Engine) -> None:
    migrate.upgrade(engine, "0001")
    _fill_at_0001(engine)
    migrate.upgrade(engine)
    migrate.downgrade(engine, "0001")
    assert migrate.current_revision(engine) == "0001"
    assert _rows(engine, "SELECT count(*) FROM persons") == [(3,)]
    migrate.upgrade(engine)
    assert _rows(engine, "SELECT last_name_sort_key FROM persons ORDER BY last_name_sort_key") == [
        ("zetterberg",), ("{berg",), ("}berg",)
    ]  # fmt: skip
    migrate.downgrade(engine, "base")
    assert migrate.current_revision(engine) is None


@pytest.mark.postgres
def test_the_schema_is_created_and_holds_alembic_version_too(postgres_url: str) -> None:
    schema = new_schema_name()
    store = open_store(postgres_url, schema=schema, create_schema=True)
    try:
        assert store.description == f"PostgreSQL: 127.0.0.1:5432/test (schema {schema})"
        with store.engine.connect() as c:
            # Other schemas of the shared test database (other runs, a benchmark) may hold
            # these tables too; what counts is that this store's went into its own schema
            # and none into the default one.
            found = c.execute(
                text(
                    "SELECT table_schema, table_name FROM information_schema.tables"
                    " WHERE table_name IN ('alembic_version', 'authorizations')"
                    " AND table_schema IN (:schema, 'public')"
                ),
                {"schema": schema},
            ).all()
            assert sorted(found) == [(schema, "alembic_version"), (schema, "authorizations")]
    finally:
        store.close()
        drop_schema(postgres_url, schema)


def _key_columns() -> set[tuple[str, str]]:
    return {
        (table.name, column.name)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if column.name.endswith("sort_key") or column.name in ("search_key", "birth_date")
    }


def test_the_orm_declares_key_columns_bytewise_on_postgresql() -> None:
    """Alembic's diff does not compare collations, so this is checked separately."""
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    assert len(_key_columns()) == 15
    for table_name, column_name in _key_columns():
        column = Base.metadata.tables[table_name].c[column_name]
        assert column.type.compile(dialect=dialect) == 'VARCHAR COLLATE "C"', column


@pytest.mark.postgres
def test_the_migrated_key_columns_compare_bytewise(postgres_url: str) -> None:
    schema = new_schema_name()
    store = open_store(postgres_url, schema=schema, create_schema=True)
    try:
        with store.engine.connect() as c:
            rows = c.execute(
                text(
                    "SELECT table_name, column_name, collation_name"
                    " FROM information_schema.columns WHERE table_schema = :schema"
                    " AND collation_name IS NOT NULL"
                ),
                {"schema": schema},
            ).all()
    finally:
        store.close()
        drop_schema(postgres_url, schema)
    assert {(t, col) for t, col, collation in rows if collation == "C"} == _key_columns()


def test_stores_opened_at_the_same_time_migrate_once(empty_database: EmptyDatabase) -> None:
    """Server instances (or two app windows) starting together take turns migrating."""
    start = threading.Barrier(3)

    def open_one() -> str:
        start.wait()
        store = open_store(empty_database.url, schema=empty_database.schema)
        try:
            with store.unit_of_work() as uow:
                uow.organisations.list_all()
            return str(migrate.current_revision(store.engine))
        finally:
            store.close()

    with ThreadPoolExecutor(max_workers=3) as pool:
        revisions = [f.result(timeout=60) for f in [pool.submit(open_one) for _ in range(3)]]
    assert revisions == [migrate.head_revision()] * 3


def test_upgrade_to_0008_makes_each_units_service_an_entity_and_downgrade_gives_it_back(
    engine: Engine,
) -> None:
    migrate.upgrade(engine, "0001")
    filled = _fill_at_0001(engine)
    org, first = filled["org"], filled["unit"]
    with engine.begin() as c:
        for name, service in (("Åby skola", "Praktik"), ("Ärla", "Utbildningskontrakt")):
            c.execute(
                text(
                    "INSERT INTO units (organisation_id, name, case_kind, service,"
                    " street_address, postal_code, city) VALUES (:org, :name,"
                    " 'ersattningsarende', :service, '', '', '')"
                ),
                {"org": org, "name": name, "service": service},
            )
    migrate.upgrade(engine, "0007")
    units = _rows(engine, "SELECT id, service FROM units ORDER BY id")

    assert migrate.upgrade(engine, "0008") is True
    services = dict(_rows(engine, "SELECT name, id FROM services"))
    assert set(services) == {"Praktik", "Utbildningskontrakt"}
    links = _rows(engine, "SELECT unit_id, service_id FROM service_units ORDER BY unit_id")
    assert links == [(unit_id, services[service]) for unit_id, service in units]
    assert units[0][0] == first

    migrate.downgrade(engine, "0007")
    assert _rows(engine, "SELECT id, service FROM units ORDER BY id") == units


def _insert(engine: Engine, sql: str, **params: Any) -> int:
    with engine.begin() as c:
        return int(c.execute(text(f"{sql} RETURNING id"), params).scalar_one())


def test_upgrade_to_0009_turns_the_counts_into_links_and_normalises_phones(
    engine: Engine, empty_database: EmptyDatabase
) -> None:
    migrate.upgrade(engine, "0001")
    filled = _fill_at_0001(engine)  # Åke Ödman: 1 unit, no address, no phones
    org, first = filled["org"], filled["unit"]
    migrate.upgrade(engine, "0008")
    second = _insert(
        engine,
        "INSERT INTO units (organisation_id, name, case_kind, street_address, postal_code,"
        " city) VALUES (:org, 'Åby skola', 'ersattningsarende', '', '', '')",
        org=org,
    )
    bare = _insert(
        engine,
        "INSERT INTO organisations (org_number, name, street_address, postal_code, city,"
        " phone, fax, website) VALUES (:number, 'Åsele kommun', '', '', '', '', '', '')",
        number=org_number(9999).value,
    )
    contact = (
        "INSERT INTO contact_persons (organisation_id, first_name, last_name, email, phone1,"
        " phone2, unit_count, address_count, administrative, first_name_sort_key,"
        " last_name_sort_key) VALUES (:org, :first, 'Berg', 'x@y.se', :phone1, :phone2,"
        " :units, :addresses, FALSE, '', '')"
    )
    many = _insert(engine, contact, org=org, first="Mona", phone1="070-123 45 67",
                   phone2="ring växeln", units=5, addresses=2)  # fmt: skip
    foreign = _insert(engine, contact, org=org, first="Nils", phone1="+46 8 123 456 78",
                      phone2="+1 202 555 0143", units=0, addresses=0)  # fmt: skip
    homeless = _insert(engine, contact, org=bare, first="Olle", phone1="0046941-140 20",
                       phone2="", units=1, addresses=1)  # fmt: skip
    account = (
        "INSERT INTO accounts (organisation_id, kind, number, review_status, updated_on,"
        " updated_by, unit_count, is_default) VALUES (:org, 'bankgiro', '7620255',"
        " 'Ej granskad', '2026-01-15', 'Leverantör', :units, TRUE)"
    )
    none_counted = _insert(engine, account, org=org, units=0)
    both = _insert(engine, account, org=org, units=2)
    unitless = _insert(engine, account, org=bare, units=3)
    ((ake,),) = _rows(engine, "SELECT id FROM contact_persons WHERE first_name = 'Åke'")

    assert migrate.upgrade(engine, "0009") is True
    assert _rows(engine, "SELECT contact_id, unit_id FROM contact_units ORDER BY 1, 2") == sorted(
        [(ake, first), (many, first), (many, second)]
    )
    assert _rows(
        engine, "SELECT contact_id, street_address, postal_code, city FROM contact_addresses"
    ) == [(many, "Storgatan 1", "917 81", "Dorotea")]
    assert _rows(engine, "SELECT account_id, unit_id FROM account_units ORDER BY 1, 2") == [
        (none_counted, first),
        (both, first),
        (both, second),
    ]
    assert _rows(engine, "SELECT id, phone1, phone2, version FROM contact_persons ORDER BY id") == [
        (ake, "", "", 1),
        (many, "+46701234567", "ring växeln", 1),
        (foreign, "+46812345678", "+1 202 555 0143", 1),
        (homeless, "+4694114020", "", 1),
    ]
    assert _rows(engine, "SELECT id, version FROM accounts ORDER BY id") == [
        (none_counted, 1),
        (both, 1),
        (unitless, 1),
    ]
    migrate.upgrade(engine)
    assert not compare_metadata(
        MigrationContext.configure(engine.connect(), opts={"include_object": include_object}),
        Base.metadata,
    )

    # The store reads them, and versions count on from 1.
    store = open_store(empty_database.url, schema=empty_database.schema)
    try:
        with store.unit_of_work(write=True) as uow:
            mona = uow.contacts.get(many)
            assert mona is not None
            assert (mona.unit_ids, mona.address_count, mona.phone1_text) == (
                (first, second),
                1,
                "070-123 45 67",
            )
            assert uow.contacts.update(replace(mona, unit_ids=(second,))).version == 2
            unused = uow.accounts.get(unitless)
            assert unused is not None
            assert (unused.unit_ids, unused.version) == ((), 1)
            uow.commit()
    finally:
        store.close()

    migrate.downgrade(engine, "0008")
    assert _rows(
        engine, "SELECT id, unit_count, address_count FROM contact_persons ORDER BY id"
    ) == [(ake, 1, 0), (many, 1, 1), (foreign, 0, 0), (homeless, 0, 0)]
    assert _rows(engine, "SELECT id, unit_count FROM accounts ORDER BY id") == [
        (none_counted, 1),
        (both, 2),
        (unitless, 0),
    ]
    migrate.upgrade(engine)  # and up again
    assert _rows(engine, "SELECT count(*) FROM contact_units") == [(2,)]
