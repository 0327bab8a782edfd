"""Faults at start-up and at run time end in a Swedish message, never a traceback (issue 6).

Each fault is tried the way a user meets it: the real ``kawebb`` entry point in a
subprocess (``kawebb demo``, ``kawebb``, ``kawebb serve``), or in process where that is
the same code and cheaper. A refused start exits with status 2, says why in Swedish on
stderr (the GUI shows a dialog; offscreen it prints), and changes nothing: the files in
the data folder are compared byte for byte before and after.
"""

from __future__ import annotations

import os
import select
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from kawebb_desktop.app import build_context
from kawebb_desktop.cli import main
from kawebb_desktop.domain.errors import StoreUnavailable
from kawebb_desktop.server.config import ConfigError, ServerConfig, config_from_env
from kawebb_desktop.settings import SETTINGS_FILE, STORE_FILE, load_settings
from kawebb_desktop.store.sql import open_store
from kawebb_desktop.store.sql.store import sqlite_url
from tests.store.databases import drop_schema, find_postgres, new_schema_name

#: The console script the package installs, next to this interpreter.
KAWEBB = Path(sys.executable).with_name("kawebb")
PASSWORD = "hemligt123"
NEWER_SCHEMA = "skapad av en nyare version av KA Webb"
#: A revision id no migration of this program has.
UNKNOWN_REVISION = "ffff00000000"


# ------------------------------------------------------------------------ helpers
def kawebb(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``kawebb ARGS`` as a user runs it (headless: the app prints instead of a dialog)."""
    command = [str(KAWEBB)] if KAWEBB.exists() else [sys.executable, "-m", "kawebb_desktop"]
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    environment.pop("KAWEBB_STORE_URL", None)
    if env and "KAWEBB_STORE_URL" in env:
        environment["KAWEBB_STORE_URL"] = env["KAWEBB_STORE_URL"]
    return subprocess.run(
        [*command, *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def assert_refused(done: subprocess.CompletedProcess[str], *phrases: str) -> None:
    """Exit status 2, no traceback, and each phrase in the message on stderr."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    for phrase in phrases:
        assert phrase in done.stderr, (phrase, done.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes. An empty ``-wal``/``-shm`` left by a
    reader is SQLite's bookkeeping, not a change to the data, and is left out."""
    files: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name.endswith(("-wal", "-shm")) and not data.strip(b"\0"):
                continue
            files[str(path.relative_to(folder))] = data
    return files


def demo_folder(folder: Path, cases: int = 3) -> Path:
    """A data folder with a demo store (made in process: cheaper than a subprocess)."""
    assert main(["demo", "--data-dir", str(folder), "--cases", str(cases)]) == 0
    return folder / STORE_FILE


def url_of(path: Path) -> str:
    return sqlite_url(path).render_as_string(hide_password=False)


def _chattr(flag: str, path: Path) -> bool:
    chattr = shutil.which("chattr")
    if chattr is None:
        return False
    return (
        subprocess.run([chattr, flag, str(path)], capture_output=True, check=False).returncode == 0
    )


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` (a file or a folder) read-only for this process too.

    Without write permission bits; when that is not enough — root writes anyway — the
    file system's immutable attribute (``chattr +i``), which binds root as well. Skips,
    saying why, when neither makes the path read-only here.
    """
    mode = path.stat().st_mode
    path.chmod(mode & ~0o222)
    immutable = False
    try:
        if os.access(path, os.W_OK):
            immutable = _chattr("+i", path)
            if not immutable or os.access(path, os.W_OK):
                pytest.skip(
                    f"{path} stays writable for this process (uid {os.geteuid()}): write "
                    "permission bits do not bind root, and chattr +i is not available here"
                )
        yield
    finally:
        if immutable:
            _chattr("-i", path)
        path.chmod(mode)


# -------------------------------------------------------------- a newer schema
def _set_revision(path: Path, revision: str) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        connection.commit()
    finally:
        connection.close()


def test_a_store_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = demo_folder(tmp_path)
    _set_revision(path, UNKNOWN_REVISION)
    before = snapshot(tmp_path)

    assert_refused(kawebb("demo", "--data-dir", str(tmp_path), "--if-empty"), NEWER_SCHEMA)
    assert_refused(kawebb("--data-dir", str(tmp_path)), NEWER_SCHEMA)
    assert_refused(kawebb("serve", "--store", url_of(path), "--port", "1"), NEWER_SCHEMA)

    assert snapshot(tmp_path) == before


@pytest.mark.postgres
def test_a_postgresql_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    url, why_not = find_postgres()
    if url is None:
        pytest.skip(why_not)
    schema = new_schema_name()
    open_store(url, schema=schema, create_schema=True).close()
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(f'UPDATE "{schema}".alembic_version SET version_num = :v'),
                {"v": UNKNOWN_REVISION},
            )
        # The password of the URL stays out of the message (trust auth ignores it).
        with_password = url.replace("@", f":{PASSWORD}@", 1)
        with pytest.raises(StoreUnavailable) as refused:
            open_store(with_password, schema=schema)
        assert NEWER_SCHEMA in refused.value.message
        assert PASSWORD not in refused.value.message
        with engine.connect() as connection:
            revision = connection.execute(
                text(f'SELECT version_num FROM "{schema}".alembic_version')
            ).scalar_one()
        assert revision == UNKNOWN_REVISION
    finally:
        engine.dispose()
        drop_schema(url, schema)


# ------------------------------------------------------- bad addresses of a store
@pytest.mark.parametrize(
    ("url", "phrase"),
    [
        (f"postgresql://kawebb:{PASSWORD}@127.0.0.1:99999/kawebb", "Porten"),
        (f"postgresql://kawebb:{PASSWORD}@127.0.0.1:0/kawebb", "Porten"),
        (f"postgresql://kawebb:{PASSWORD}@127.0.0.1:abc/kawebb", "Porten"),
        (f"postgresql://kawebb:{PASSWORD}@värd-som-inte-finns.invalid/kawebb", "hittades inte"),
        (f"postgresql://kawebb:{PASSWORD}@127.0.0.1:9/kawebb", "ingen databasserver svarar"),
        (f"postgresql+nosuchdriver://kawebb:{PASSWORD}@127.0.0.1/kawebb", "inte giltig"),
    ],
)
def test_a_bad_store_address_is_a_swedish_message_without_the_password(
    tmp_path: Path, url: str, phrase: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (["demo"], ["run"]):
        assert main([*command, "--data-dir", str(tmp_path), "--store", url]) == 2
        err = capsys.readouterr().err
        assert phrase in err and PASSWORD not in err, err
    assert list(tmp_path.iterdir()) == []


def test_a_bad_store_address_in_a_subprocess_and_for_the_server(tmp_path: Path) -> None:
    url = f"postgresql://kawebb:{PASSWORD}@127.0.0.1:99999/kawebb"
    for done in (
        kawebb("demo", "--data-dir", str(tmp_path), "--store", url),
        kawebb("--data-dir", str(tmp_path), "--store", url),
        kawebb("serve", "--store", url),
        kawebb("serve", env={"KAWEBB_STORE_URL": url}),
    ):
        assert_refused(done, "Porten")
        assert PASSWORD not in done.stderr + done.stdout
    host = f"postgresql://kawebb:{PASSWORD}@värd-som-inte-finns.invalid/kawebb"
    done = kawebb("serve", "--store", host)
    assert_refused(done, "hittades inte")
    assert PASSWORD not in done.stderr + done.stdout


# ------------------------------------------------------------- the data folder
def test_a_data_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "datamapp"
    not_a_folder.write_text("en fil\n", encoding="utf-8")
    before = snapshot(tmp_path)

    assert_refused(kawebb("demo", "--data-dir", str(not_a_folder)), "är en fil")
    assert_refused(kawebb("--data-dir", str(not_a_folder)), "är en fil")
    assert_refused(kawebb("demo", "--data-dir", str(not_a_folder / "under")), "är en fil")

    assert snapshot(tmp_path) == before


def test_a_data_folder_that_cannot_be_made_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parent = tmp_path / "skrivskyddad"
    parent.mkdir()
    with read_only(parent):
        assert main(["demo", "--data-dir", str(parent / "kawebb")]) == 2
        err = capsys.readouterr().err
        assert "kunde inte skapas" in err and "Traceback" not in err, err
        assert list(parent.iterdir()) == []


def test_a_read_only_data_folder_cannot_get_a_new_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with read_only(tmp_path):
        assert main(["demo", "--data-dir", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert "skrivskyddad" in err, err
        assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------- settings.toml
def test_a_settings_file_that_is_not_utf8_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / SETTINGS_FILE).write_bytes('simulator_identity = "Åsa"\n'.encode("latin-1"))
    before = snapshot(tmp_path)
    assert main(["demo", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "UTF-8" in err and "Traceback" not in err, err
    assert snapshot(tmp_path) == before
    done = kawebb("--data-dir", str(tmp_path))
    assert_refused(done, "UTF-8")


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("activation_delay_seconds = -5", "activation_delay_seconds"),
        ("activation_delay_seconds = 99999999999999999999999", "activation_delay_seconds"),
        ("activation_delay_seconds = true", "activation_delay_seconds"),
        ("collect_interval_seconds = 0", "collect_interval_seconds"),
        ("collect_interval_seconds = nan", "collect_interval_seconds"),
        ("collect_interval_seconds = inf", "collect_interval_seconds"),
        ("collect_interval_seconds = -inf", "collect_interval_seconds"),
        ("simulator_approve_seconds = -0.5", "simulator_approve_seconds"),
        ("simulator_approve_seconds = 1e400", "simulator_approve_seconds"),
        ("session_idle_minutes = 0", "session_idle_minutes"),
        ("session_idle_minutes = 1000000000000", "session_idle_minutes"),
    ],
)
def test_settings_out_of_range_are_refused(
    tmp_path: Path, line: str, key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / SETTINGS_FILE).write_text(line + "\n", encoding="utf-8")
    before = snapshot(tmp_path)
    for args in (["demo"], ["run"], ["serve", "--store", "sqlite://"]):
        assert main([*args, "--data-dir", str(tmp_path)]) == 2
        err = capsys.readouterr().err
        assert key in err and "Traceback" not in err, err
    assert snapshot(tmp_path) == before  # no store made, the file as it was


def test_settings_in_range_are_taken(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text(
        "activation_delay_seconds = 0\ncollect_interval_seconds = 0.5\n"
        "simulator_approve_seconds = 0\nsession_idle_minutes = 1\n",
        encoding="utf-8",
    )
    settings = load_settings(tmp_path)
    assert (settings.activation_delay_seconds, settings.collect_interval_seconds) == (0, 0.5)
    assert settings.session_idle_minutes == 1


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "1e300"])
def test_the_servers_environment_is_checked_for_range_too(value: str) -> None:
    with pytest.raises(ConfigError):
        config_from_env(
            {"KAWEBB_SERVE_STORE": "sqlite://", "KAWEBB_SERVE_SESSION_IDLE_MINUTES": value}
        )
    with pytest.raises(ConfigError):
        ServerConfig(store_url="sqlite://", activation_delay_seconds=float(value))


# ------------------------------------------- data folders with URL characters
@pytest.mark.parametrize(
    "name",
    ["data%20dir%41", "x?mode=memory&cache=shared", "brädgård#1", "med mellanslag", "a@b:c"],
)
def test_the_store_lands_exactly_in_the_data_folder_given(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / name
    assert main(["demo", "--data-dir", str(folder), "--cases", "0"]) == 0
    out = capsys.readouterr().out
    expected = folder / STORE_FILE
    assert expected.is_file()
    assert [p for p in tmp_path.rglob("*") if p.is_file() and SETTINGS_FILE not in p.name] == [
        expected
    ]
    assert str(expected) in out and "i minnet" not in out, out
    context = build_context(load_settings(folder))
    try:
        assert str(expected) in context.services.description
    finally:
        context.close()


def test_the_store_lands_in_the_data_folder_from_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "x?mode=memory&cache=shared"
    done = kawebb("demo", "--data-dir", str(folder), "--cases", "0")
    assert done.returncode == 0, done.stderr
    assert (folder / STORE_FILE).is_file()
    assert not (tmp_path / "x").exists()


# ----------------------------------------------------------------- damaged stores
def _zero_page(path: Path, page: int) -> None:
    connection = sqlite3.connect(path)
    try:
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    finally:
        connection.close()
    with path.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(bytes(size))


def _root_page(path: Path, name: str) -> int:
    connection = sqlite3.connect(path)
    try:
        row = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,))
        return int(row.fetchone()[0])
    finally:
        connection.close()


def test_a_damaged_store_is_found_when_it_opens(tmp_path: Path) -> None:
    path = demo_folder(tmp_path, cases=60)
    # An index of the case list: nothing read at start touches it.
    _zero_page(path, _root_page(path, "ix_cases_page_status"))
    before = snapshot(tmp_path)

    assert_refused(kawebb("demo", "--data-dir", str(tmp_path), "--if-empty"), "skadad")
    assert_refused(kawebb("--data-dir", str(tmp_path)), "skadad")
    assert_refused(kawebb("serve", "--store", url_of(path), "--port", "1"), "skadad")

    assert snapshot(tmp_path) == before


def test_damage_met_at_run_time_is_a_swedish_message(tmp_path: Path) -> None:
    path = demo_folder(tmp_path)
    _zero_page(path, _root_page(path, "organisations"))
    store = open_store(url_of(path), check=False)  # past the check at open
    try:
        with pytest.raises(StoreUnavailable, match="skadad"), store.unit_of_work() as uow:
            uow.organisations.list_all()
    finally:
        store.close()


def test_a_file_that_is_no_database_is_refused(tmp_path: Path) -> None:
    (tmp_path / STORE_FILE).write_text("inte en databas\n" * 300, encoding="utf-8")
    before = snapshot(tmp_path)
    assert_refused(kawebb("demo", "--data-dir", str(tmp_path)), "ingen SQLite-databas")
    assert snapshot(tmp_path) == before


def test_a_zero_length_store_is_refused_not_replaced(tmp_path: Path) -> None:
    (tmp_path / STORE_FILE).touch()
    before = snapshot(tmp_path)

    assert_refused(kawebb("demo", "--data-dir", str(tmp_path), "--cases", "0"), "är tom")
    assert_refused(kawebb("--data-dir", str(tmp_path)), "är tom")

    assert snapshot(tmp_path) == before
    assert (tmp_path / STORE_FILE).stat().st_size == 0


# -------------------------------------------------------------- read-only stores
def test_a_read_only_store_opens_read_only_and_refuses_writes(tmp_path: Path) -> None:
    path = demo_folder(tmp_path)
    before = path.read_bytes()
    with read_only(path):
        context = build_context(load_settings(tmp_path))
        try:
            assert any("skrivskyddad" in notice for notice in context.notices)
            services = context.services
            assert "skrivskyddad" in services.description  # in the status bar
            assert services.demo_phone is not None
            assert services.demo_phone.people()  # lists work
            with pytest.raises(StoreUnavailable, match="skrivskyddad"):
                services.auth.start_login()  # a login writes its BankID order
        finally:
            context.close()

        store = open_store(url_of(path))
        try:
            with store.unit_of_work() as uow:
                assert uow.organisations.list_all()
            with pytest.raises(StoreUnavailable, match="skrivskyddad"):
                store.unit_of_work(write=True)
        finally:
            store.close()

        # A server needs to write (sessions, orders): it does not start on it.
        assert_refused(kawebb("serve", "--store", url_of(path), "--port", "1"), "skrivskyddad")
        # kawebb demo has nothing to write here, and says so as before.
        assert kawebb("demo", "--data-dir", str(tmp_path), "--if-empty").returncode == 0
    assert path.read_bytes() == before


def test_the_app_says_at_start_that_the_store_is_read_only(tmp_path: Path) -> None:
    """``kawebb`` on a read-only store starts (read-only) and says so first: the line is
    read from its stderr while it runs, then the app is stopped."""
    path = demo_folder(tmp_path)
    with read_only(path):
        command = [str(KAWEBB)] if KAWEBB.exists() else [sys.executable, "-m", "kawebb_desktop"]
        environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        environment.pop("KAWEBB_STORE_URL", None)
        app = subprocess.Popen(
            [*command, "--data-dir", str(tmp_path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        try:
            assert app.stderr is not None
            seen = []  # Qt may say something of its own first
            while select.select([app.stderr], [], [], 120)[0]:
                line = app.stderr.readline()
                seen.append(line)
                if not line or "skrivskyddad" in line:
                    break
            assert seen and "skrivskyddad" in seen[-1], seen
            assert not any("Traceback" in line for line in seen), seen
            assert app.poll() is None  # it goes on running, read-only
        finally:
            app.terminate()
            app.wait(timeout=60)
            if app.stderr is not None:
                app.stderr.close()
