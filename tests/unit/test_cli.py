"""``kawebb demo`` and the settings file, as a user runs them."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kawebb_desktop.app import build_context
from kawebb_desktop.cli import COMMAND_MODULES, COMMANDS, main, make_parser
from kawebb_desktop.settings import load_settings
from kawebb_desktop.store.sql import open_store
from tests.helpers import add_organisation


def _counts(data_dir: Path) -> tuple[int, int]:
    store = open_store(f"sqlite:///{data_dir / 'kawebb.sqlite3'}")
    try:
        with store.unit_of_work() as uow:
            organisations = uow.organisations.list_all()
            people = uow.persons.list_all()
    finally:
        store.close()
    return len(organisations), len(people)


def test_demo_fills_an_empty_data_folder_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--data-dir", str(tmp_path), "--cases", "5"]) == 0
    assert "3 kommuner" in capsys.readouterr().out
    organisations, people = _counts(tmp_path)
    assert organisations == 3
    assert people >= 25
    settings = load_settings(tmp_path)
    assert settings.activation_delay_seconds == 0
    assert settings.simulator_identity is not None

    assert main(["demo", "--data-dir", str(tmp_path)]) == 1
    assert "--reset" in capsys.readouterr().err
    assert main(["demo", "--data-dir", str(tmp_path), "--if-empty"]) == 0
    assert main(["demo", "--data-dir", str(tmp_path), "--reset", "--cases", "0"]) == 0
    assert _counts(tmp_path)[0] == 3


def test_negative_case_counts_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["demo", "--cases", "-3"])
    assert caught.value.code == 2
    assert "negativt" in capsys.readouterr().err


def test_a_bad_settings_file_is_reported_not_raised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "settings.toml").write_text("okand = 1\n", encoding="utf-8")
    assert main(["demo", "--data-dir", str(tmp_path)]) == 2
    assert "Okänd inställning" in capsys.readouterr().err
    (tmp_path / "settings.toml").write_text(
        'activation_delay_seconds = "snart"\n', encoding="utf-8"
    )
    assert main(["--data-dir", str(tmp_path)]) == 2
    assert "fel typ" in capsys.readouterr().err


def test_unknown_signer_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--data-dir", str(tmp_path), "--signer", "riktig"])
    assert "riktig" in capsys.readouterr().err


def test_an_unreachable_database_is_reported_in_swedish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql://nobody:hemligt@127.0.0.1:9/ingen"
    assert main(["demo", "--data-dir", str(tmp_path), "--store", url]) == 2
    err = capsys.readouterr().err
    assert "Databasen kunde inte öppnas" in err
    assert "hemligt" not in err
    assert main(["demo", "--data-dir", str(tmp_path), "--store", "mysql://x/y"]) == 2
    assert "inte giltig" in capsys.readouterr().err


def _run_kawebb(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "kawebb_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_app_refuses_the_simulator_on_a_store_kawebb_demo_did_not_make(
    tmp_path: Path,
) -> None:
    """A real shared database can never be logged into by picking a name from a list."""
    store = open_store(f"sqlite:///{tmp_path / 'kawebb.sqlite3'}")
    add_organisation(store)
    store.close()
    before = (tmp_path / "kawebb.sqlite3").read_bytes()

    done = _run_kawebb("--data-dir", str(tmp_path))

    assert done.returncode == 2, done.stderr
    assert "kawebb demo" in done.stderr and "BankID-simulatorn" in done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "kawebb.sqlite3").read_bytes() == before


def test_a_demo_store_may_use_the_simulator(tmp_path: Path) -> None:
    assert main(["demo", "--data-dir", str(tmp_path), "--cases", "0"]) == 0
    context = build_context(load_settings(tmp_path))
    try:
        assert context.services.demo_phone is not None
        assert "simulator" in context.services.signer_name
    finally:
        context.close()


def test_store_and_server_together_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(tmp_path), "--store", "sqlite://", "--server", "http://x"]
    assert main(args) == 2
    assert "inte båda" in capsys.readouterr().err


def test_an_unreachable_server_is_a_swedish_message_not_a_traceback(tmp_path: Path) -> None:
    done = _run_kawebb("--data-dir", str(tmp_path), "--server", "http://127.0.0.1:9")
    assert done.returncode == 2, done.stderr
    assert "servern" in done.stderr and "svarar inte" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("module", sorted(COMMAND_MODULES))
def test_each_command_module_is_listed_with_its_own_commands_and_functions(module: str) -> None:
    """cli.py names the other modules' commands so as not to import them at the app's
    start; the list must say what each module has."""
    commands, add_parsers, run_command = COMMAND_MODULES[module]
    imported = importlib.import_module(module)
    assert commands == imported.COMMANDS
    assert callable(getattr(imported, add_parsers)) and callable(getattr(imported, run_command))


def test_every_command_has_its_parser_and_run_imports_no_command_module(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for command in COMMANDS:
        with pytest.raises(SystemExit) as exited:
            make_parser(command).parse_args([command, "--help"])
        assert exited.value.code == 0
        assert f"usage: kawebb {command}" in capsys.readouterr().out
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from kawebb_desktop.cli import make_parser; make_parser('run');"
            "print(sorted(m for m in sys.modules if m.endswith('_cli')))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]"
