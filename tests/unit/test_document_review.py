"""AF decides a sent document: ``kawebb document review`` (and ``kawebb document list``)
moves it Inskickad → Godkänd, or Returnerad för komplettering with a comment; any other
step, a missing comment, an unknown document, another organisation's document or a
status that does not exist is refused in Swedish (exit 2) and nothing changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kawebb_desktop.cli import main
from kawebb_desktop.domain.documents import Document, DocumentStatus, DocumentType
from kawebb_desktop.domain.entities import Case, CaseKind, CaseStatus
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.af import parse_document_decision
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import SqlStore, open_store
from tests.conftest import copy_store_file

SENT = dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC)


def add_sent_document(store: Store, case_number: int = 9_700_001) -> tuple[Document, str, str]:
    """A sent Periodisk rapport of Dorotea; returns it, Dorotea's and Åsele's org numbers."""
    with store.unit_of_work(write=True) as uow:
        orgs = {o.name: o for o in uow.organisations.list_all()}
        dorotea = orgs["Dorotea kommun"]
        unit = next(
            u for u in uow.units.for_organisation(dorotea.id) if u.case_kind is CaseKind.HUVUDARENDE
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
        person = uow.persons.list_all()[0]
        document = uow.documents.add(
            Document(
                0,
                dorotea.id,
                case.id,
                DocumentType.PERIODISK_RAPPORT,
                DocumentStatus.INSKICKAD,
                {"period_from": "2026-03-01", "period_to": "2026-03-31"},
                1,
                SENT,
                SENT,
                person.id,
                sent_at=SENT,
            )
        )
        uow.commit()
    return document, dorotea.org_number.value, orgs["Åsele kommun"].org_number.value


def stored(store: Store, document_id: int) -> Document:
    with store.unit_of_work() as uow:
        document = uow.documents.get(document_id)
    assert document is not None
    return document


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("godkand", DocumentStatus.GODKAND),
        ("Godkänd", DocumentStatus.GODKAND),
        (" RETURNERAD ", DocumentStatus.RETURNERAD),
        ("Returnerad för komplettering", DocumentStatus.RETURNERAD),
    ],
)
def test_decisions_by_code_or_text(text: str, status: DocumentStatus) -> None:
    assert parse_document_decision(text) is status


@pytest.fixture
def data_dir(tmp_path: Path, demo_today_database: Path) -> Path:
    copy_store_file(demo_today_database, tmp_path)
    return tmp_path


@pytest.fixture
def store(data_dir: Path) -> Iterator[SqlStore]:
    store = open_store(f"sqlite:///{data_dir / 'kawebb.sqlite3'}")
    yield store
    store.close()


def review(data_dir: Path, org: str, document: int | str, status: str, *extra: str) -> int:
    return main(
        [
            "document",
            "review",
            "--data-dir",
            str(data_dir),
            "--org-number",
            org,
            "--document",
            str(document),
            "--status",
            status,
            *extra,
        ]
    )


def test_return_with_a_comment_and_list(
    data_dir: Path, store: SqlStore, capsys: pytest.CaptureFixture[str]
) -> None:
    document, dorotea, _asele = add_sent_document(store)
    assert review(data_dir, dorotea, document.id, "returnerad") == 2
    assert "Skriv en kommentar" in capsys.readouterr().err
    assert stored(store, document.id).status is DocumentStatus.INSKICKAD
    assert (
        review(data_dir, dorotea, document.id, "returnerad", "--comment", "Frånvaron saknas.") == 0
    )
    assert capsys.readouterr().out == (
        f"Handling {document.id} (Periodisk rapport): Returnerad för komplettering. "
        "Kommentar: Frånvaron saknas.\n"
    )
    returned = stored(store, document.id)
    assert returned.status is DocumentStatus.RETURNERAD and returned.decided_at is not None
    assert main(["document", "list", "--data-dir", str(data_dir), "--org-number", dorotea]) == 0
    listed = capsys.readouterr().out
    assert (
        f"Handling {document.id}: Periodisk rapport, ärende 9700001 (Elsa Åkesson), "
        "Returnerad för komplettering, inskickad 2026-04-02" in listed
    )


@pytest.mark.parametrize(
    ("status", "words"),
    [("inskickad", "godkand eller returnerad"), ("avslagen", "godkand eller returnerad")],
)
def test_other_statuses_are_refused(
    data_dir: Path, store: SqlStore, capsys: pytest.CaptureFixture[str], status: str, words: str
) -> None:
    document, dorotea, _asele = add_sent_document(store)
    assert review(data_dir, dorotea, document.id, status) == 2
    assert words in capsys.readouterr().err
    assert stored(store, document.id) == document


def test_an_approved_document_stays_approved(
    data_dir: Path, store: SqlStore, capsys: pytest.CaptureFixture[str]
) -> None:
    document, dorotea, _asele = add_sent_document(store)
    assert review(data_dir, dorotea, document.id, "godkand") == 0
    capsys.readouterr()
    assert review(data_dir, dorotea, document.id, "returnerad", "--comment", "x") == 2
    assert "bara en inskickad handling" in capsys.readouterr().err
    assert stored(store, document.id).status is DocumentStatus.GODKAND


def test_unknown_or_another_organisations_document_is_not_found(
    data_dir: Path, store: SqlStore, capsys: pytest.CaptureFixture[str]
) -> None:
    document, dorotea, asele = add_sent_document(store)
    assert review(data_dir, asele, document.id, "godkand") == 2
    assert "ingen handling med nummer" in capsys.readouterr().err
    assert review(data_dir, dorotea, 987654, "godkand") == 2
    assert "ingen handling med nummer" in capsys.readouterr().err
    assert review(data_dir, dorotea, "x", "godkand") == 2
    capsys.readouterr()
    assert stored(store, document.id) == document
