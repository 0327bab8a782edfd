"""Tampering behind the app's back (issue 6, "Proof"): a history made through the real
services — logins, new users, two signed change sets, a logout — is then changed with
raw SQL, as someone with access to the database could. Plain UPDATE and DELETE are
refused by the triggers; with the triggers dropped or disabled first, ``kawebb audit
verify`` and ``kawebb receipt verify`` still find the change and name the first entry or
the receipt that does not match (exit code 1). On SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from kawebb_desktop.cli import main
from kawebb_desktop.domain import audit_chain
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.entities import AuditEntry, Receipt
from kawebb_desktop.services import build_services
from kawebb_desktop.services.api import CreateUser, caller_of
from kawebb_desktop.services.demo import SimulatedPhone
from kawebb_desktop.services.proof import chain_links
from kawebb_desktop.signing.simulator import BankIdSimulator
from kawebb_desktop.store.sql import SqlStore, open_store
from tests.conftest import ACTIVATION_DELAY, APPROVE_AFTER, NOW
from tests.helpers import (
    ADMIN_PNR,
    SERVICE_PNR,
    directory_of,
    draft,
    login,
    sign_all,
    standard_org,
)
from tests.store.databases import drop_schema, find_postgres, new_schema_name

APPEND_ONLY = ("audit_entries", "receipts")


@dataclass
class History:
    backend: str
    store: SqlStore
    #: The store's URL as ``--store`` takes it (the schema in it, on PostgreSQL).
    url: str
    data_dir: Path
    org_id: int
    receipts: list[Receipt]

    def links(self) -> list[AuditEntry | Receipt]:
        with self.store.unit_of_work() as uow:
            return list(chain_links(uow, self.org_id))

    def entries(self) -> list[AuditEntry]:
        return [link for link in self.links() if isinstance(link, AuditEntry)]

    def behind_the_apps_back(self, *statements: tuple[str, dict[str, object]]) -> None:
        """Run ``statements`` with the append-only triggers out of the way."""
        with self.store.engine.begin() as connection:
            self._triggers(connection, on=False)
            for statement, values in statements:
                connection.execute(text(statement), values)
            self._triggers(connection, on=True)

    def _triggers(self, connection: Connection, *, on: bool) -> None:
        if self.backend == "postgresql":
            for table in APPEND_ONLY:
                verb = "ENABLE" if on else "DISABLE"
                connection.execute(text(f"ALTER TABLE {table} {verb} TRIGGER USER"))
        elif not on:  # SQLite cannot disable a trigger: drop them for good
            for table in APPEND_ONLY:
                for operation in ("update", "delete"):
                    connection.execute(text(f"DROP TRIGGER IF EXISTS {table}_no_{operation}"))

    def cli(self, *args: str) -> int:
        return main([*args, "--data-dir", str(self.data_dir), "--store", self.url])


def _make_history(store: SqlStore) -> tuple[int, list[Receipt]]:
    clock = FixedClock(NOW)
    simulator = BankIdSimulator(clock, approve_after=APPROVE_AFTER, directory=directory_of(store))
    services = build_services(
        store, simulator, clock, ACTIVATION_DELAY, demo_phone=SimulatedPhone(store, simulator)
    )
    org, _unit, _admin, _service = standard_org(store)
    admin = login(services, simulator, clock, ADMIN_PNR)
    viewer = login(services, simulator, clock, SERVICE_PNR)
    receipts = []
    for pnr, email in (("197810172424", "a@dorotea.se"), ("198112289874", "b@dorotea.se")):
        clock.advance(dt.timedelta(minutes=1))
        services.users.create_user(caller_of(admin), CreateUser(draft(pnr=pnr, email=email)))
        progress = sign_all(services, clock, admin)
        assert progress.receipt is not None, progress
        receipts.append(progress.receipt)
    services.auth.logout(viewer.token)
    return org.id, receipts


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def history(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[History]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'kawebb.sqlite3'}"
        store = open_store(url)
        schema = None
        base_url = url
    else:
        base_url, why_not = find_postgres()
        if base_url is None:
            pytest.skip(why_not)
        schema = new_schema_name()
        store = open_store(base_url, schema=schema, create_schema=True)
        url = f"{base_url}?options={quote(f'-csearch_path={schema}')}"
    try:
        org_id, receipts = _make_history(store)
        yield History(request.param, store, url, tmp_path, org_id, receipts)
    finally:
        store.close()
        if schema is not None:
            drop_schema(base_url, schema)


def test_the_untouched_history_verifies(
    history: History, capsys: pytest.CaptureFixture[str]
) -> None:
    assert history.cli("audit", "verify") == 0
    out = capsys.readouterr().out
    assert "Granskningsloggen håller" in out
    for receipt in history.receipts:
        assert history.cli("receipt", "verify", str(receipt.id)) == 0
        out = capsys.readouterr().out
        assert f"Kvittens {receipt.id} håller." in out
        assert out.count("OK ") == 5


@pytest.mark.parametrize("table", APPEND_ONLY)
def test_plain_update_and_delete_are_refused(history: History, table: str) -> None:
    for statement in (f"UPDATE {table} SET hash = 'x'", f"DELETE FROM {table}"):
        with pytest.raises(DBAPIError, match="ändras aldrig"), history.store.engine.begin() as c:
            c.execute(text(statement))
    if history.backend == "postgresql":
        with pytest.raises(DBAPIError, match="ändras aldrig"), history.store.engine.begin() as c:
            c.execute(text(f"TRUNCATE {table} CASCADE"))
    assert history.cli("audit", "verify") == 0


def _expect_audit_failure(history: History, capsys: pytest.CaptureFixture[str], named: str) -> str:
    assert history.cli("audit", "verify") == 1
    out = capsys.readouterr().out
    assert "håller INTE" in out
    assert named in out, out
    return out


def test_a_changed_entry_is_found(history: History, capsys: pytest.CaptureFixture[str]) -> None:
    victim = history.entries()[1]
    history.behind_the_apps_back(
        ("UPDATE audit_entries SET details = 'ingenting hände' WHERE id = :id", {"id": victim.id})
    )
    out = _expect_audit_failure(history, capsys, f"loggpost {victim.id}")
    assert "har ändrats efter att den skrevs" in out


def test_a_changed_entry_with_its_hash_recomputed_is_found_at_the_next_link(
    history: History, capsys: pytest.CaptureFixture[str]
) -> None:
    links = history.links()
    victim, after = links[1], links[2]
    assert isinstance(victim, AuditEntry)
    forged = AuditEntry(
        victim.id,
        victim.organisation_id,
        victim.at,
        victim.actor_person_id,
        victim.actor_name,
        victim.action,
        "ingenting hände",
    )
    digest = audit_chain.entry_hash(forged, victim.seq, victim.prev_hash)
    history.behind_the_apps_back(
        (
            "UPDATE audit_entries SET details = 'ingenting hände', hash = :hash WHERE id = :id",
            {"hash": digest, "id": victim.id},
        )
    )
    kind = "kvittens" if isinstance(after, Receipt) else "loggpost"
    out = _expect_audit_failure(history, capsys, f"{kind} {after.id}")
    assert "pekar inte på" in out


def test_a_deleted_entry_is_found(history: History, capsys: pytest.CaptureFixture[str]) -> None:
    links = history.links()
    victim, after = links[2], links[3]
    assert isinstance(victim, AuditEntry)
    history.behind_the_apps_back(("DELETE FROM audit_entries WHERE id = :id", {"id": victim.id}))
    kind = "kvittens" if isinstance(after, Receipt) else "loggpost"
    out = _expect_audit_failure(history, capsys, f"{kind} {after.id}")
    assert f"länk {victim.seq} före" in out and "saknas" in out


def test_deleted_last_entries_are_found(
    history: History, capsys: pytest.CaptureFixture[str]
) -> None:
    last = history.entries()[-1]
    history.behind_the_apps_back(("DELETE FROM audit_entries WHERE id = :id", {"id": last.id}))
    assert history.cli("audit", "verify") == 1
    out = capsys.readouterr().out
    assert "de sista posterna har tagits bort" in out


def test_an_entry_slipped_in_is_found(history: History, capsys: pytest.CaptureFixture[str]) -> None:
    history.behind_the_apps_back(
        (
            "INSERT INTO audit_entries (organisation_id, at, actor_person_id, actor_name,"
            " action, details, chain_id) VALUES (:org, :at, NULL, 'Någon', 'smyg', '', :org)",
            {"org": history.org_id, "at": NOW},
        )
    )
    out = _expect_audit_failure(history, capsys, "loggpost")
    assert "ingen egen plats" in out


def test_a_changed_receipt_is_found_by_both_commands(
    history: History, capsys: pytest.CaptureFixture[str]
) -> None:
    receipt = history.receipts[0]
    history.behind_the_apps_back(
        ("UPDATE receipts SET signer_name = 'Någon Annan' WHERE id = :id", {"id": receipt.id})
    )
    _expect_audit_failure(history, capsys, f"kvittens {receipt.id}")
    assert history.cli("receipt", "verify", str(receipt.id)) == 1
    out = capsys.readouterr().out
    assert "FEL kedja: Kvittensen har ändrats" in out
    # The other receipt is untouched.
    assert history.cli("receipt", "verify", str(history.receipts[1].id)) == 0


def test_a_changed_change_set_fails_the_receipt(
    history: History, capsys: pytest.CaptureFixture[str]
) -> None:
    receipt = history.receipts[1]
    history.behind_the_apps_back(
        (
            "UPDATE receipts SET document = replace(document, 'a@dorotea.se', 'x@dorotea.se')"
            " WHERE id = :id",
            {"id": receipt.id},
        ),
        (
            "UPDATE receipts SET document = replace(document, 'b@dorotea.se', 'x@dorotea.se')"
            " WHERE id = :id",
            {"id": receipt.id},
        ),
    )
    assert history.cli("receipt", "verify", str(receipt.id)) == 1
    out = capsys.readouterr().out
    assert "FEL dokument" in out
    assert "håller INTE" in out


def test_usage_and_store_errors_exit_2(
    history: History, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert history.cli("receipt", "verify", "999999") == 2
    assert "finns inte" in capsys.readouterr().err
    assert history.cli("audit", "verify", "--organisation", "424242") == 2
    assert "finns inte" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["receipt", "verify", "inte-ett-nummer"])
    assert usage.value.code == 2
    missing = tmp_path / "ingen"
    assert main(["audit", "verify", "--data-dir", str(missing)]) == 2
    assert "ingen databas" in capsys.readouterr().err
    not_a_cert = tmp_path / "ca.pem"
    not_a_cert.write_text("hej", encoding="utf-8")
    assert history.cli("receipt", "verify", "1", "--ca", str(not_a_cert)) == 2
    assert "X.509" in capsys.readouterr().err
