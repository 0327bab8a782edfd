"""``kawebb agreement register|activate|list`` and ``kawebb account review`` as AF's
operator runs them: the output, and every refusal — exit status 2, a Swedish message,
and the store exactly as it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kawebb_desktop.cli import main
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import OrgNumber
from kawebb_desktop.store.sql import SqlStore, open_store
from tests.conftest import copy_store_file
from tests.unit.services.test_af import snapshot

TODAY = dt.date.today()  # the commands run on the system clock
LYCKSELE = "212000-2411"
ADMIN = "19800101-1231"


@pytest.fixture
def data_dir(tmp_path: Path, demo_today_database: Path) -> Path:
    copy_store_file(demo_today_database, tmp_path)
    return tmp_path


@pytest.fixture
def store(data_dir: Path) -> Iterator[SqlStore]:
    """The data folder's store, for looking (the commands open their own)."""
    store = open_store(f"sqlite:///{data_dir / 'kawebb.sqlite3'}")
    yield store
    store.close()


def register_args(data_dir: Path, *extra: str, **values: str) -> list[str]:
    options = {
        "--org-number": LYCKSELE,
        "--name": "Lycksele kommun",
        "--address": "Torget 1",
        "--postal-code": "921 81",
        "--city": "Lycksele",
        "--admin-personnummer": ADMIN,
        "--admin-first-name": "Tove",
        "--admin-last-name": "Lindqvist",
        "--admin-email": "tove.lindqvist@lycksele.se",
        "--received": (TODAY - dt.timedelta(days=20)).isoformat(),
    }
    options.update({f"--{k.replace('_', '-')}": v for k, v in values.items()})
    args = ["agreement", "register", "--data-dir", str(data_dir)]
    for option, value in options.items():
        if value:
            args += [option, value]
    return [*args, *extra]


def test_register_list_activate_and_the_overdue_list(
    data_dir: Path, store: SqlStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(register_args(data_dir, "--new-admin")) == 0
    out = capsys.readouterr().out
    assert "Avtal 4 registrerat för Lycksele kommun." in out
    assert "Tove Lindqvist" in out and "FÖRSENAT" in out and "ny behörighetsadministratör" in out

    assert main(["agreement", "list", "--overdue", "--data-dir", str(data_dir)]) == 0
    overdue = capsys.readouterr().out.splitlines()
    assert len(overdue) == 1 and overdue[0].startswith("4\tLycksele kommun (212000-2411)")

    assert main(["agreement", "activate", "4", "--data-dir", str(data_dir)]) == 0
    assert f"Tove Lindqvist är behörighetsadministratör från {TODAY}" in capsys.readouterr().out
    with store.unit_of_work() as uow:
        org = uow.organisations.by_org_number(OrgNumber.parse(LYCKSELE))
        assert org is not None
        (admin,) = uow.users.with_role(org.id, Role.BEHORIGHETSADMINISTRATOR)
    assert admin.email.value == "tove.lindqvist@lycksele.se"

    assert main(["agreement", "list", "--overdue", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out == "Inga försenade avtal.\n"
    assert main(["agreement", "list", "--data-dir", str(data_dir)]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 4
    assert f"aktiverat {TODAY}" in next(line for line in listed if "Lycksele" in line)


def test_account_review(
    data_dir: Path, store: SqlStore, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["account", "review", "--data-dir", str(data_dir), "--org-number", "212000-2809"]
    assert main([*args, "--account", "1", "--status", "ej-godkand"]) == 0
    assert capsys.readouterr().out == "Konto 1 (Bankgiro 762-0255): Granskad, Ej godkänd.\n"
    with store.unit_of_work() as uow:
        account = uow.accounts.get(1)
    assert account is not None and account.updated_by.value == "Arbetsförmedlingen"


def test_account_list_shows_what_to_review(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["account", "list", "--data-dir", str(data_dir)]
    assert main([*args, "--org-number", "212000-2809"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all("Dorotea kommun (212000-2809)" in line for line in lines)
    assert lines[0].startswith("Konto 1: Dorotea kommun (212000-2809), Bankgiro 762-0255, ")
    assert main([*args, "--status", "ny"]) == 0
    assert capsys.readouterr().out == "Inga konton.\n"  # the demo's accounts are reviewed
    review = ["account", "review", "--data-dir", str(data_dir), "--org-number", "212000-2809"]
    assert main([*review, "--account", "1", "--status", "ny"]) == 0
    capsys.readouterr()
    assert main([*args, "--status", "ny"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in listed] == ["Konto 1"]
    assert "Ny – ej granskad, uppdaterad" in listed[0]
    assert "av Arbetsförmedlingen" in listed[0]


REFUSALS: list[tuple[str, list[str] | None, dict[str, str], str]] = [
    (
        "list: unknown status",
        ["account", "list", "--status", "kanske"],
        {},
        "Okänd granskningsstatus",
    ),
    (
        "list: unknown organisation",
        ["account", "list", "--org-number", LYCKSELE],
        {},
        "ingen organisation",
    ),
    ("list: bad org.nr", ["account", "list", "--org-number", "212000-2412"], {}, "kontrollsiffra"),
    ("bad org.nr", None, {"org_number": "212000-2412"}, "kontrollsiffra"),
    ("bad personnummer", None, {"admin_personnummer": "19800101-1232"}, "Personnumret"),
    ("bad e-mail", None, {"admin_email": "tove@"}, "e-post"),
    ("bad date", None, {"received": "2026-13-01"}, "inget datum"),
    ("future date", None, {"received": (TODAY + dt.timedelta(days=1)).isoformat()}, "framtiden"),
    ("bad postal code", None, {"postal_code": "12"}, "Postnumret"),
    ("empty name", None, {"name": " "}, "Ange organisationens namn"),
    ("unknown agreement", ["agreement", "activate", "99"], {}, "inget avtal med nummer 99"),
    ("agreement not a number", ["agreement", "activate", "x"], {}, "positivt heltal"),
    ("activated already", ["agreement", "activate", "1"], {}, "aktiverades redan"),
    ("bad activation e-mail", ["agreement", "activate", "1", "--email", "a@"], {}, "e-post"),
    (
        "unknown status",
        ["account", "review", "--org-number", "212000-2809", "--account", "1", "--status", "ok"],
        {},
        "Okänd granskningsstatus",
    ),
    (
        "another organisation's account",
        ["account", "review", "--org-number", "212000-2460", "--account", "1", "--status", "ny"],
        {},
        "inget konto med nummer 1",
    ),
    (
        "account not a number",
        ["account", "review", "--org-number", "212000-2809", "--account", "-1", "--status", "ny"],
        {},
        "positivt heltal",
    ),
    (
        "unknown organisation",
        ["account", "review", "--org-number", LYCKSELE, "--account", "1", "--status", "ny"],
        {},
        "ingen organisation",
    ),
]


@pytest.mark.parametrize(
    ("args", "values", "message"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_refusals_exit_2_and_change_nothing(
    data_dir: Path,
    store: SqlStore,
    capsys: pytest.CaptureFixture[str],
    args: list[str] | None,
    values: dict[str, str],
    message: str,
) -> None:
    before = snapshot(store)
    argv = (
        register_args(data_dir, **values) if args is None else [*args, "--data-dir", str(data_dir)]
    )
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message.lower() in captured.err.lower()
    assert captured.err.startswith("kawebb: ")
    assert snapshot(store) == before


def test_a_second_waiting_agreement_is_refused(
    data_dir: Path, store: SqlStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(register_args(data_dir)) == 0
    before = snapshot(store)
    assert main(register_args(data_dir)) == 2
    assert "väntar på aktivering" in capsys.readouterr().err
    assert snapshot(store) == before


def test_a_missing_data_folder_store_is_refused_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["agreement", "list", "--data-dir", str(tmp_path / "ingen")]) == 2
    assert "det finns ingen databas" in capsys.readouterr().err
    assert not (tmp_path / "ingen" / "kawebb.sqlite3").exists()


def test_a_missing_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["agreement", "register", "--org-number", LYCKSELE])
    assert caught.value.code == 2
