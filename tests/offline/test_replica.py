"""The replica file: where it lives, who may read it, and how feed pages land in it."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    Table,
    select,
)

from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.offline import replica as replica_module
from kawebb_desktop.offline.replica import (
    Replica,
    ReplicaError,
    SchemaChanged,
    cursor_key,
    replica_path,
)
from kawebb_desktop.services.api import FEED_ORGANISATION, FeedEntity, FeedPage
from kawebb_desktop.store.sql import orm
from kawebb_desktop.store.sql.orm import UtcDateTime

SCHEMA = "0014"
KEY = cursor_key(FEED_ORGANISATION, 1)
PNR = "198001019804"


def _org(name: str = "Dorotea kommun") -> dict[str, object]:
    return {
        "id": 1,
        "org_number": "2120000001",
        "name": name,
        "street_address": "Storgatan 1",
        "postal_code": "91770",
        "city": "Dorotea",
        "phone": "",
        "fax": "",
        "website": "",
        "name_sort_key": name.lower(),
    }


def _unit(unit_id: int) -> dict[str, object]:
    return {
        "id": unit_id,
        "organisation_id": 1,
        "name": f"Enhet {unit_id}",
        "case_kind": "huvudarende",
        "street_address": "",
        "postal_code": "",
        "city": "",
        "name_sort_key": f"enhet {unit_id}",
    }


def _person(first: str = "Anna") -> dict[str, object]:
    return {
        "id": 7,
        "personnummer": PNR,
        "first_name": first,
        "last_name": "Andersson",
        "first_name_sort_key": first.lower(),
        "last_name_sort_key": "andersson",
        "search_key": f"{first.lower()} andersson",
        "birth_date": "19800101",
    }


def _authorization() -> dict[str, object]:
    return {
        "id": 3,
        "organisation_id": 1,
        "person_id": 7,
        "email": "anna@example.se",
        "role": "behorighetsadministrator",
        "start_date": "2026-01-01",
        "end_date": None,
        "activates_at": "2026-01-01T08:00:00+00:00",
        "version": 2,
        "email_sort_key": "anna@example.se",
        "search_key": "anna andersson",
    }


def _contact(addresses: int) -> FeedEntity:
    contact = {
        "id": 11,
        "organisation_id": 1,
        "first_name": "Kim",
        "last_name": "Kontakt",
        "email": "kim@example.se",
        "phone1": "",
        "phone2": "",
        "administrative": True,
        "first_name_sort_key": "kim",
        "last_name_sort_key": "kontakt",
        "version": 1,
    }
    rows = tuple(
        {
            "id": 20 + i,
            "contact_id": 11,
            "street_address": f"Väg {i}",
            "postal_code": "",
            "city": "",
        }
        for i in range(addresses)
    )
    return FeedEntity(
        "contact_persons",
        11,
        10,
        {
            "contact_persons": (contact,),
            "contact_addresses": rows,
            "contact_units": tuple(
                {"contact_id": 11, "unit_id": 5} for _ in range(min(1, addresses))
            ),
        },
    )


def _page(*entities: FeedEntity, cursor: int = 10, schema: str = SCHEMA) -> FeedPage:
    return FeedPage(schema, entities, cursor, more=False)


def _entity(kind: str, row: dict[str, object], seq: int = 1) -> FeedEntity:
    return FeedEntity(kind, int(row["id"]), seq, {kind: (row,)})  # type: ignore[call-overload]


@pytest.fixture
def replica(tmp_path: Path) -> Iterator[Replica]:
    opened = Replica.open(replica_path(tmp_path, "http://server", PNR))
    yield opened
    opened.close()


def _filled(replica: Replica) -> None:
    replica.apply(
        KEY,
        _page(
            _entity("authorizations", _authorization(), 1),  # before its person and org
            _entity("organisations", _org(), 2),
            _entity("units", _unit(5), 3),
            _entity("units", _unit(6), 4),
            _entity("persons", _person(), 5),
            cursor=5,
        ),
    )


def _count(replica: Replica, name: str) -> int:
    table = orm.Base.metadata.tables[name]
    with replica.reading() as connection:
        return len(connection.execute(select(table)).all())


# ---------------------------------------------------------------------- the file
def test_one_file_per_server_and_person_named_by_neither(tmp_path: Path) -> None:
    a = replica_path(tmp_path, "http://a", PNR)
    assert a.parent == tmp_path / "replicas"
    assert a != replica_path(tmp_path, "http://b", PNR)
    assert a != replica_path(tmp_path, "http://a", "198002029802")
    assert PNR not in a.name and "http" not in a.name
    assert len(a.stem) == 16


def test_replica_is_owner_only_and_mended_on_open(tmp_path: Path) -> None:
    path = replica_path(tmp_path, "http://server", PNR)
    Replica.open(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    path.chmod(0o644)
    path.parent.chmod(0o755)
    replica = Replica.open(path)
    try:
        replica.set_meta("written", "1")  # SQLite's -wal and -shm files exist now
        for suffix in ("", "-wal", "-shm"):
            assert stat.S_IMODE(Path(f"{path}{suffix}").stat().st_mode) == 0o600, suffix
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    finally:
        replica.close()


# ---------------------------------------------------------------------- applying
def test_a_page_is_upserted_in_any_order_and_its_cursor_saved(replica: Replica) -> None:
    _filled(replica)
    assert replica.cursor(KEY) == 5
    with replica.store.unit_of_work() as uow:
        person = uow.persons.by_personnummer(Personnummer(PNR))
        assert person is not None and person.first_name == "Anna"
        user = uow.users.find(1, 7)
        assert user is not None
        assert user.start_date == dt.date(2026, 1, 1)
        assert user.version == 2
    # A later change of the person comes with its authorization (the row it refers to
    # is upserted, not replaced): both are updated in place.
    changed = FeedEntity(
        "authorizations",
        3,
        6,
        {"authorizations": (_authorization(),), "persons": (_person("Annika"),)},
    )
    replica.apply(KEY, _page(changed, cursor=6))
    with replica.store.unit_of_work() as uow:
        person = uow.persons.by_personnummer(Personnummer(PNR))
        assert person is not None and person.first_name == "Annika"
        assert uow.users.find(1, 7) is not None
    assert replica.cursor(KEY) == 6


def test_an_aggregates_child_rows_are_replaced(replica: Replica) -> None:
    _filled(replica)
    replica.apply(KEY, _page(_contact(addresses=2)))
    assert _count(replica, "contact_addresses") == 2
    assert _count(replica, "contact_units") == 1
    replica.apply(KEY, _page(_contact(addresses=0), cursor=11))
    assert _count(replica, "contact_addresses") == 0
    assert _count(replica, "contact_units") == 0
    assert _count(replica, "contact_persons") == 1


def test_a_tombstone_deletes_the_root_and_what_cascades_from_it(replica: Replica) -> None:
    _filled(replica)
    replica.apply(KEY, _page(_contact(addresses=2)))
    replica.apply(KEY, _page(FeedEntity("organisations", 1, 12), cursor=12))
    for name in ("organisations", "units", "authorizations", "contact_persons"):
        assert _count(replica, name) == 0, name
    assert _count(replica, "contact_addresses") == 0
    assert _count(replica, "persons") == 1


def test_a_failed_page_changes_nothing_not_even_the_cursor(replica: Replica) -> None:
    _filled(replica)
    bad = FeedEntity("persons", 8, 7, {"persons": ({**_person("Bo"), "id": 8, "nope": 1},)})
    with pytest.raises(ReplicaError):
        replica.apply(KEY, _page(_entity("units", _unit(9), 6), bad, cursor=7))
    assert replica.cursor(KEY) == 5
    assert _count(replica, "units") == 2


def test_every_column_type_is_decoded_from_json() -> None:
    table = Table(
        "kinds",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("amount", Numeric(12, 2)),
        Column("blob", LargeBinary),
        Column("flag", Boolean),
        Column("day", Date),
        Column("at", UtcDateTime()),
    )
    row = replica_module._decode_row(
        table,
        {
            "id": 1,
            "amount": "12.50",
            "blob": "AAH/",
            "flag": False,
            "day": "2026-11-27",
            "at": "2026-11-27T10:00:00+00:00",
        },
    )
    assert row == {
        "id": 1,
        "amount": Decimal("12.50"),
        "blob": b"\x00\x01\xff",
        "flag": False,
        "day": dt.date(2026, 11, 27),
        "at": dt.datetime(2026, 11, 27, 10, tzinfo=dt.UTC),
    }


def test_a_feed_of_another_schema_is_refused_and_the_replica_rebuilt(replica: Replica) -> None:
    _filled(replica)
    with pytest.raises(SchemaChanged):
        replica.apply(KEY, _page(_entity("units", _unit(9), 6), cursor=6, schema="0015"))
    assert _count(replica, "units") == 2
    replica.rebuild()
    assert replica.cursor(KEY) == 0
    assert _count(replica, "units") == 0 and _count(replica, "persons") == 0
    replica.apply(KEY, _page(_entity("units", _unit(9), 1), cursor=1, schema="0015"))
    assert replica.meta("schema") == "0015"
