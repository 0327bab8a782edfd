"""``kawebb news publish|list`` as AF's operator runs them: the output, and every refusal
— exit status 2, a Swedish message, and no news item stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kawebb_desktop.cli import main
from kawebb_desktop.demo import DEMO_NEWS
from kawebb_desktop.domain.entities import NEWS_TEXT_MAX, NEWS_TITLE_MAX, NewsItem
from kawebb_desktop.domain.queries import BAD_LIMIT
from kawebb_desktop.services.news import (
    FUTURE_DATE,
    NO_TEXT,
    NO_TITLE,
    TEXT_CONTROL,
    TEXT_TOO_LONG,
    TITLE_CONTROL,
    TITLE_TOO_LONG,
)
from kawebb_desktop.store.sql import SqlStore, open_store
from tests.conftest import copy_store_file

TODAY = dt.date.today()  # the commands run on the system clock


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


def stored(store: SqlStore) -> list[NewsItem]:
    with store.unit_of_work() as uow:
        return uow.news.latest(100)


def publish(data_dir: Path, *args: str) -> int:
    return main(["news", "publish", "--data-dir", str(data_dir), *args])


def test_publish_and_list(
    data_dir: Path, store: SqlStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert publish(data_dir, "--title", "Ny  rutin", "--text", "Första raden\nAndra raden") == 0
    out = capsys.readouterr().out
    assert out.startswith("Nyhet ") and f"publicerad {TODAY.isoformat()}: Ny rutin" in out
    old = (TODAY - dt.timedelta(days=100)).isoformat()
    assert publish(data_dir, "--title", "Gammal", "--text", "T", "--date", old) == 0
    capsys.readouterr()

    assert main(["news", "list", "--data-dir", str(data_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    # Newest first: today's item, the demo's (2, 16 and 45 days ago), the one of 100 days.
    assert lines[0].split("\t")[1:] == [TODAY.isoformat(), "Ny rutin", "Första raden"]
    assert [line.split("\t")[2] for line in lines[1:4]] == [
        title for _days, title, _text in reversed(DEMO_NEWS)
    ]
    assert lines[4].split("\t")[1:3] == [old, "Gammal"]
    assert len(stored(store)) == len(DEMO_NEWS) + 2

    assert main(["news", "list", "--limit", "1", "--data-dir", str(data_dir)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_an_empty_store_lists_no_news(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    open_store(f"sqlite:///{tmp_path / 'kawebb.sqlite3'}").close()
    assert main(["news", "list", "--data-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "Inga nyheter.\n"


TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", "", "--text", "T"], NO_TITLE),
        (["--title", " ", "--text", "T"], NO_TITLE),
        (["--title", "R", "--text", ""], NO_TEXT),
        (["--title", "R" * (NEWS_TITLE_MAX + 1), "--text", "T"], TITLE_TOO_LONG),
        (["--title", "R", "--text", "x" * (NEWS_TEXT_MAX + 1)], TEXT_TOO_LONG),
        (["--title", "Rad\nbrytning", "--text", "T"], TITLE_CONTROL),
        (["--title", "R", "--text", "Tab\tär styrtecken"], TEXT_CONTROL),
        (["--title", "R", "--text", "T", "--date", TOMORROW], FUTURE_DATE),
        (["--title", "R", "--text", "T", "--date", "2026-02-30"], "är inget datum"),
    ],
)
def test_refusals_exit_2_and_store_nothing(
    data_dir: Path,
    store: SqlStore,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    before = stored(store)
    assert publish(data_dir, *args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("kawebb: ") and message in captured.err
    assert stored(store) == before


@pytest.mark.parametrize("limit", ["0", "101", "tio", "-3"])
def test_a_bad_limit_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str], limit: str
) -> None:
    assert main(["news", "list", "--limit", limit, "--data-dir", str(data_dir)]) == 2
    err = capsys.readouterr().err
    assert BAD_LIMIT in err or "positivt heltal" in err


def test_a_missing_data_folder_store_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "finns-inte"
    assert main(["news", "list", "--data-dir", str(missing)]) == 2
    assert "ingen databas" in capsys.readouterr().err
    assert not (missing / "kawebb.sqlite3").exists()


def test_a_missing_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["news", "publish", "--title", "R"])
    assert exited.value.code == 2
    assert "--text" in capsys.readouterr().err
