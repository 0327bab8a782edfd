"""Migration 0005: the audit entries and receipts a store already holds are chained, in
the order they were written, and verify; the triggers come and go with the revision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from kawebb_desktop.domain import audit_chain
from kawebb_desktop.domain.entities import AuditEntry
from kawebb_desktop.services.proof import chain_links, check_chains
from kawebb_desktop.store.sql import make_engine, migrate, open_store
from tests.store.builders import personnummer
from tests.store.databases import EmptyDatabase

ANNA = personnummer("19800101", 123).value
LATER = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)


@pytest.fixture
def engine(empty_database: EmptyDatabase) -> Iterator[Engine]:
    engine = make_engine(empty_database.url, schema=empty_database.schema)
    try:
        yield engine
    finally:
        engine.dispose()


def _fill_at_0004(engine: Engine) -> dict[str, int]:
    """An organisation, a person, audit entries (one without organisation) and a receipt
    written at the same moment as the entry that records it."""
    with engine.begin() as c:
        c.execute(
            text(
                "INSERT INTO organisations (org_number, name, street_address, postal_code,"
                " city, phone, fax, website) VALUES ('2120002809', 'Åre kommun', '', '', '',"
                " '', '', '')"
            )
        )
        org = c.execute(text("SELECT id FROM organisations")).scalar_one()
        c.execute(
            text(
                "INSERT INTO persons (personnummer, first_name, last_name)"
                " VALUES (:pnr, 'Åsa', 'Öberg')"
            ),
            {"pnr": ANNA},
        )
        person = c.execute(text("SELECT id FROM persons")).scalar_one()
        rows = [
            # (organisation, at, action) in id order; not in time order on purpose.
            (org, "2026-03-01 10:00:05", "signering.klar"),
            (org, "2026-03-01 09:00:00", "inloggning"),
            (None, "2026-03-01 11:00:00", "utloggning"),
            (org, "2026-03-01 10:30:00", "anvandare.ny"),
        ]
        for organisation, at, action in rows:
            c.execute(
                text(
                    "INSERT INTO audit_entries (organisation_id, at, actor_person_id,"
                    " actor_name, action, details) VALUES (:org, :at, :person, 'Åsa Öberg',"
                    " :action, 'detaljer åäö')"
                ),
                {"org": organisation, "at": at, "person": person, "action": action},
            )
        c.execute(
            text(
                "INSERT INTO receipts (organisation_id, order_ref, signed_at, signer_person_id,"
                " signer_name, signer_personnummer, summary, document, digest, signature,"
                " ocsp_response, change_count) VALUES (:org, 'o-1', '2026-03-01 10:00:05',"
                " :person, 'Åsa Öberg', :pnr, 'Ny: Bo', '{}', :digest, 'c2ln', 'b2NzcA==', 1)"
            ),
            {"org": org, "person": person, "pnr": ANNA, "digest": "ab" * 32},
        )
    return {"org": org}


def test_upgrade_chains_the_rows_already_there(
    engine: Engine, empty_database: EmptyDatabase
) -> None:
    migrate.upgrade(engine, "0004")
    ids = _fill_at_0004(engine)
    assert migrate.upgrade(engine, "0005") is True

    store = open_store(empty_database.url, schema=empty_database.schema)
    with store.unit_of_work() as uow:
        results = check_chains(uow)
        order = [getattr(link, "action", "kvittens") for link in chain_links(uow, ids["org"])]
    assert [(r.chain_id, r.ok, r.links) for r in results] == [
        (audit_chain.SYSTEM_CHAIN, True, 1),
        (ids["org"], True, 4),
    ], [r.message for r in results]
    # By time; the receipt before the entry of the same moment that records it.
    assert order == ["inloggning", "kvittens", "signering.klar", "anvandare.ny"]
    # New links continue the chain.
    with store.unit_of_work(write=True) as uow:
        added = uow.audit.add(AuditEntry(0, ids["org"], LATER, None, "", "ny", ""))
        uow.commit()
    assert added.seq == 5
    with store.unit_of_work() as uow:
        assert all(r.ok for r in check_chains(uow))
    store.close()


def test_the_triggers_come_and_go_with_the_revision(engine: Engine) -> None:
    migrate.upgrade(engine, "0004")
    _fill_at_0004(engine)
    migrate.upgrade(engine, "0005")
    for table in ("audit_entries", "receipts"):
        with pytest.raises(DBAPIError), engine.begin() as c:
            c.execute(text(f"DELETE FROM {table}"))

    migrate.downgrade(engine, "0004")
    with engine.begin() as c:
        c.execute(text("UPDATE audit_entries SET details = 'ändrad'"))
        c.execute(text("DELETE FROM receipts"))
    assert migrate.upgrade(engine) is True
    with engine.begin() as c:
        count = c.execute(text("SELECT count(*) FROM audit_chains")).scalar_one()
    assert count == 2
    with pytest.raises(DBAPIError), engine.begin() as c:
        c.execute(text("UPDATE audit_entries SET details = 'igen'"))
