"""``kawebb backup`` / ``kawebb restore`` and :mod:`kawebb_desktop.backup` on real stores."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from kawebb_desktop import backup as backup_module
from kawebb_desktop.backup import BackupRefused, backup, inspect, restore, store_file
from kawebb_desktop.cli import main
from kawebb_desktop.services.proof import check_chains
from kawebb_desktop.settings import STORE_FILE, load_settings
from kawebb_desktop.store.sql import migrate, open_store
from kawebb_desktop.store.sql.store import sqlite_url


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo store with signed changes (an audit chain of many links), made once."""
    folder = tmp_path_factory.mktemp("demo")
    assert main(["demo", "--data-dir", str(folder), "--cases", "3"]) == 0
    return folder / STORE_FILE


@pytest.fixture
def data_dir(tmp_path: Path, demo_file: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(demo_file, folder / STORE_FILE)
    return folder


def _mark(path: Path, value: str) -> None:
    """A row only this test writes, to tell one store from another."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS test_mark (value TEXT)")
        connection.execute("DELETE FROM test_mark")
        connection.execute("INSERT INTO test_mark VALUES (?)", (value,))
    connection.close()


def _read_mark(path: Path) -> str | None:
    connection = sqlite3.connect(path)
    try:
        row = connection.execute("SELECT value FROM test_mark").fetchone()
    except sqlite3.OperationalError:
        return None
    finally:
        connection.close()
    return None if row is None else str(row[0])


def _chains_hold(path: Path) -> int:
    store = open_store(sqlite_url(path))
    try:
        with store.unit_of_work() as uow:
            results = check_chains(uow)
    finally:
        store.close()
    assert results
    assert all(r.ok for r in results)
    return sum(r.links for r in results)


def test_backup_while_a_writer_writes_is_consistent_and_opens(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = data_dir / STORE_FILE
    with sqlite3.connect(store) as setup:
        setup.execute("CREATE TABLE test_pairs (n INTEGER)")
        setup.execute("INSERT INTO test_pairs VALUES (0)")
    setup.close()
    # Small steps: many chances for the writer to write between two of them.
    monkeypatch.setattr(backup_module, "PAGES_PER_STEP", 2)
    steps: list[tuple[int, int]] = []
    started = threading.Event()
    stop = threading.Event()
    written = [0]

    def writer() -> None:
        connection = sqlite3.connect(store, timeout=30, isolation_level=None)
        try:
            while not stop.is_set():
                # Two rows per transaction: a torn copy would hold an odd count.
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("INSERT INTO test_pairs VALUES (1)")
                connection.execute("INSERT INTO test_pairs VALUES (2)")
                connection.execute("COMMIT")
                written[0] += 1
                started.set()
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert started.wait(30)
        target = tmp_path / "kopia.kawebb"
        pages = backup(store, target, lambda done, total: steps.append((done, total)))
    finally:
        stop.set()
        thread.join()
    assert written[0] > 1
    assert pages > 10
    assert len(steps) > 5
    assert steps[-1] == (pages, pages)
    with sqlite3.connect(target) as copy:
        count = copy.execute("SELECT count(*) FROM test_pairs").fetchone()[0]
        mode = copy.execute("PRAGMA journal_mode").fetchone()[0]
    copy.close()
    assert (count - 1) % 2 == 0
    assert mode == "delete"
    assert _chains_hold(target) > 50
    assert not list(tmp_path.glob(".kopia*"))


def test_restore_of_a_good_file_keeps_the_store_before_aside(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = data_dir / STORE_FILE
    _mark(store, "i säkerhetskopian")
    target = tmp_path / "kopia.kawebb"
    assert main(["backup", str(target), "--data-dir", str(data_dir)]) == 0
    assert "är sparad i" in capsys.readouterr().out
    _mark(store, "efter säkerhetskopian")

    assert main(["restore", str(target), "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "granskningskedjan håller" in out
    assert _read_mark(store) == "i säkerhetskopian"
    (aside,) = data_dir.glob(f"{STORE_FILE}.före-återställning-*")
    assert str(aside) in out
    assert _read_mark(aside) == "efter säkerhetskopian"
    assert _chains_hold(store) > 50
    assert not list(data_dir.glob(".*återställs*"))


def test_an_older_schema_is_migrated_after_restoring(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "gammal.kawebb"
    backup(data_dir / STORE_FILE, target)
    old = open_store(sqlite_url(target))
    try:
        migrate.downgrade(old.engine, "0013")
    finally:
        old.close()
    assert inspect(target) == "0013"
    result = restore(data_dir / STORE_FILE, target)
    assert result.revision == "0013"
    assert result.migrated
    with sqlite3.connect(data_dir / STORE_FILE) as connection:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    connection.close()
    assert revision == migrate.head_revision()


def test_a_newer_schema_is_refused_naming_both_revisions(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = data_dir / STORE_FILE
    target = tmp_path / "framtid.kawebb"
    backup(store, target)
    with sqlite3.connect(target) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0099'")
    connection.close()
    _mark(store, "nu")
    assert main(["restore", str(target), "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert "nyare version av KA Webb" in err
    assert "0099" in err
    assert migrate.head_revision() in err
    assert _read_mark(store) == "nu"
    assert not list(data_dir.glob(f"{STORE_FILE}.före-*"))


@pytest.mark.parametrize("kind", ["text", "other-sqlite", "empty"])
def test_a_file_that_is_no_ka_webb_store_is_refused(
    data_dir: Path, tmp_path: Path, kind: str
) -> None:
    store = data_dir / STORE_FILE
    _mark(store, "nu")
    other = tmp_path / "annat.db"
    if kind == "text":
        other.write_text("Hej, detta är ingen databas.\n", encoding="utf-8")
    elif kind == "other-sqlite":
        with sqlite3.connect(other) as connection:
            connection.execute("CREATE TABLE inkop (vara TEXT)")
        connection.close()
    else:
        other.write_bytes(b"")
    with pytest.raises(BackupRefused, match="inte en KA Webb-databas"):
        restore(store, other)
    assert _read_mark(store) == "nu"


def test_a_broken_audit_chain_is_refused_and_the_store_stays(
    data_dir: Path, tmp_path: Path
) -> None:
    store = data_dir / STORE_FILE
    target = tmp_path / "manipulerad.kawebb"
    backup(store, target)
    with sqlite3.connect(target) as connection:
        # Somebody who edits the file can drop the triggers that keep the trail unchanged.
        triggers = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entries'"
        ).fetchall()
        for (name,) in triggers:
            connection.execute(f'DROP TRIGGER "{name}"')
        connection.execute(
            "UPDATE audit_entries SET details = details || ' (ändrad)' "
            "WHERE id = (SELECT min(id) FROM audit_entries)"
        )
    connection.close()
    _mark(store, "nu")
    with pytest.raises(BackupRefused, match=r"Granskningskedjan .* håller inte"):
        restore(store, target)
    assert _read_mark(store) == "nu"
    assert not list(data_dir.glob(".*återställs*"))


def test_a_chain_broken_after_the_copy_puts_the_old_store_back(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chain is walked again in the restored store; when that fails (here: made to
    fail), the store kept aside is copied back."""
    store = data_dir / STORE_FILE
    target = tmp_path / "kopia.kawebb"
    _mark(store, "i kopian")
    backup(store, target)
    _mark(store, "före")
    real = backup_module._open_and_verify
    calls: list[Path] = []

    def second_fails(path: Path, what: str) -> int:
        calls.append(path)
        if len(calls) == 2:
            assert _read_mark(store) == "i kopian"  # the restored store was in place
            raise BackupRefused("Granskningskedjan i kopian håller inte.")
        return real(path, what)

    monkeypatch.setattr(backup_module, "_open_and_verify", second_fails)
    with pytest.raises(BackupRefused, match="håller inte"):
        restore(store, target)
    assert calls[1] == store.resolve()
    assert _read_mark(store) == "före"
    assert _chains_hold(store) > 50


def test_restore_while_the_app_has_the_store_open(data_dir: Path, tmp_path: Path) -> None:
    """A running app's store (its engine and pooled connections stay open) reads the
    restored data at its next unit of work; nothing was renamed under it."""
    from kawebb_desktop.app import open_configured_store

    settings = load_settings(data_dir)
    running = open_configured_store(settings)
    try:
        with running.unit_of_work() as uow:
            people_before = len(uow.persons.list_all())
        target = tmp_path / "kopia.kawebb"
        backup(store_file(settings), target)
        _mark(settings.store_path, "medan appen körde")
        # A reader holds a snapshot meanwhile: the restore waits for nobody.
        with running.unit_of_work() as reading:
            reading.persons.list_all()
            result = restore(settings.store_path, target, after=running.forget_cached_counts)
        assert result.aside is not None
        with running.unit_of_work() as uow:
            assert len(uow.persons.list_all()) == people_before
            assert all(r.ok for r in check_chains(uow))
    finally:
        running.close()
    assert _read_mark(settings.store_path) is None
    assert _read_mark(result.aside) == "medan appen körde"


def test_a_postgresql_store_is_refused_with_pg_dump(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    assert main(["backup", str(tmp_path / "x"), "--data-dir", str(tmp_path), "--store", url]) == 2
    assert "pg_dump" in capsys.readouterr().err


def test_a_missing_store_is_not_backed_up(tmp_path: Path) -> None:
    with pytest.raises(BackupRefused, match="Det finns ingen databas"):
        backup(tmp_path / STORE_FILE, tmp_path / "kopia")
