"""AF decides a sent *Begär ersättning*: ``kawebb claim review`` and
``POST /api/v1/af/claims/{id}/review`` move it Inskickad → Godkänd or Avslagen and
Godkänd → Utbetald; any other step, an unknown claim, another organisation's claim or a
status that does not exist is refused in Swedish (exit 2 / 4xx) and nothing changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from kawebb_desktop.cli import main
from kawebb_desktop.domain.compensation import CompensationKind, FieldOfWork
from kawebb_desktop.domain.entities import Case, CaseKind, CaseStatus, Claim, ClaimStatus
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.claims import parse_claim_status
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import SqlStore, open_store
from tests.conftest import copy_store_file


def add_claim(store: Store, case_number: int = 9_600_001) -> tuple[Claim, str, str]:
    """A sent claim of Dorotea; returns it, Dorotea's and Åsele's org numbers."""
    with store.unit_of_work(write=True) as uow:
        orgs = {o.name: o for o in uow.organisations.list_all()}
        dorotea = orgs["Dorotea kommun"]
        unit = next(
            u
            for u in uow.units.for_organisation(dorotea.id)
            if u.case_kind is CaseKind.ERSATTNINGSARENDE
        )
        case = uow.cases.add(
            Case(
                0,
                dorotea.id,
                unit.id,
                case_number,
                "Elsa",
                "Åkesson",
                Personnummer("200506071232"),
                CaseStatus.PLANERING,
                dt.date(2026, 1, 1),
                dt.date(2026, 12, 31),
                "Påbörjad",
                dt.date(2026, 1, 1),
            )
        )
        claim = uow.claims.add(
            Claim(
                0,
                dorotea.id,
                case.id,
                CompensationKind.EMPLOYMENT,
                FieldOfWork.SCHOOL,
                Decimal(50),
                dt.date(2026, 3, 1),
                dt.date(2026, 3, 31),
                Decimal("11000.00"),
                ClaimStatus.INSKICKAD,
                dt.date(2026, 4, 1),
            )
        )
        uow.commit()
    return claim, dorotea.org_number.value, orgs["Åsele kommun"].org_number.value


def status_of(store: Store, claim_id: int) -> ClaimStatus:
    with store.unit_of_work() as uow:
        claim = uow.claims.get(claim_id)
    assert claim is not None
    return claim.status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("godkand", ClaimStatus.GODKAND),
        ("Godkänd", ClaimStatus.GODKAND),
        (" AVSLAGEN ", ClaimStatus.AVSLAGEN),
        ("utbetald", ClaimStatus.UTBETALD),
        ("inskickad", ClaimStatus.INSKICKAD),
    ],
)
def test_statuses_by_code_or_text(text: str, status: ClaimStatus) -> None:
    assert parse_claim_status(text) is status


# ---------------------------------------------------------------------- the CLI
@pytest.fixture
def data_dir(tmp_path: Path, demo_today_database: Path) -> Path:
    copy_store_file(demo_today_database, tmp_path)
    return tmp_path


@pytest.fixture
def store(data_dir: Path) -> Iterator[SqlStore]:
    store = open_store(f"sqlite:///{data_dir / 'kawebb.sqlite3'}")
    yield store
    store.close()


def review(data_dir: Path, org: str, claim: int | str, status: str) -> int:
    return main(
        [
            "claim",
            "review",
            "--data-dir",
            str(data_dir),
            "--org-number",
            org,
            "--claim",
            str(claim),
            "--status",
            status,
        ]
    )


def test_approve_then_pay(
    data_dir: Path, store: SqlStore, capsys: pytest.CaptureFixture[str]
) -> None:
    claim, dorotea, _asele = add_claim(store)
    assert review(data_dir, dorotea, claim.id, "godkand") == 0
    out = capsys.readouterr().out
    assert out == (
        f"Begäran om ersättning {claim.id} (11 000,00 kr, 2026-03-01 – 2026-03-31): Godkänd.\n"
    )
    assert review(data_dir, dorotea, claim.id, "utbetald") == 0
    assert status_of(store, claim.id) is ClaimStatus.UTBETALD


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("utbetald", "kan inte bli Utbetald"),
        ("inskickad", "kan inte bli Inskickad"),
        ("betald", "godkand, avslagen eller utbetald"),
    ],
)
def test_steps_that_are_not_allowed_are_refused(
    data_dir: Path,
    store: SqlStore,
    capsys: pytest.CaptureFixture[str],
    status: str,
    words: str,
) -> None:
    claim, dorotea, _asele = add_claim(store)
    assert review(data_dir, dorotea, claim.id, status) == 2
    assert words in capsys.readouterr().err
    assert status_of(store, claim.id) is ClaimStatus.INSKICKAD


def test_a_rejected_claim_stays_rejected(
    data_dir: Path, store: SqlStore, capsys: pytest.CaptureFixture[str]
) -> None:
    claim, dorotea, _asele = add_claim(store)
    assert review(data_dir, dorotea, claim.id, "avslagen") == 0
    capsys.readouterr()
    assert review(data_dir, dorotea, claim.id, "godkand") == 2
    assert "Avslagen kan inte bli Godkänd" in capsys.readouterr().err
    assert status_of(store, claim.id) is ClaimStatus.AVSLAGEN


def test_unknown_or_another_organisations_claim_is_not_found(
    data_dir: Path, store: SqlStore, capsys: pytest.CaptureFixture[str]
) -> None:
    claim, dorotea, asele = add_claim(store)
    assert review(data_dir, asele, claim.id, "godkand") == 2
    assert "ingen begäran om ersättning med nummer" in capsys.readouterr().err
    assert review(data_dir, dorotea, 987654, "godkand") == 2
    assert "ingen begäran om ersättning" in capsys.readouterr().err
    assert review(data_dir, dorotea, "x", "godkand") == 2
    capsys.readouterr()
    assert status_of(store, claim.id) is ClaimStatus.INSKICKAD
