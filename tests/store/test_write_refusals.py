"""A write that the database refuses becomes a domain error with a Swedish message,
never an empty one (a ``Conflict("")`` showed the user a blank dialog)."""

from __future__ import annotations

import ast
import datetime as dt
import inspect

import pytest

from kawebb_desktop.domain.errors import Conflict, NotFound
from kawebb_desktop.store.base import Store
from kawebb_desktop.store.sql import repositories
from kawebb_desktop.store.sql.orm import CaseEventRow, StoreMetaRow
from kawebb_desktop.store.sql.repositories import SqlMetaRepository


def _meta(uow: object) -> SqlMetaRepository:
    meta = getattr(uow, "meta", None)
    assert isinstance(meta, SqlMetaRepository)
    return meta


def _add(repository: SqlMetaRepository, row: object, messages: dict[str, str]) -> None:
    """Add ``row`` in one ``_write``, given ``messages`` (none, or empty ones)."""
    with repository._write(**messages):
        repository._session.add(row)


@pytest.mark.parametrize("messages", [{}, {"duplicate": ""}, {"duplicate": "", "missing": ""}])
def test_a_unique_violation_without_its_own_message_says_what_happened(
    store: Store, messages: dict[str, str]
) -> None:
    with store.unit_of_work(write=True) as uow:
        repository = _meta(uow)
        _add(repository, StoreMetaRow(key="k", value="1"), {})
        with pytest.raises(Conflict) as caught:
            _add(repository, StoreMetaRow(key="k", value="2"), messages)
    assert caught.value.message == repositories.DUPLICATE
    assert "finns redan" in caught.value.message


@pytest.mark.parametrize("messages", [{}, {"missing": ""}, {"duplicate": "", "missing": ""}])
def test_a_foreign_key_violation_without_its_own_message_says_what_happened(
    store: Store, messages: dict[str, str]
) -> None:
    event = CaseEventRow(case_id=99_999, occurred_on=dt.date(2026, 1, 1), text="x")
    with store.unit_of_work(write=True) as uow, pytest.raises(NotFound) as caught:
        _add(_meta(uow), event, messages)
    assert caught.value.message == repositories.MISSING
    assert "finns inte" in caught.value.message


def test_no_write_in_the_repositories_is_given_an_empty_message() -> None:
    """The fall-backs are a safety net; each write says what its refusal means, or takes
    the general message by saying nothing."""
    tree = ast.parse(inspect.getsource(repositories))
    empty: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in ("duplicate", "missing"):
            value = node.value
            if isinstance(value, ast.Lambda):
                value = value.body
            if isinstance(value, ast.Constant) and value.value == "":
                empty.append(value.lineno)
    assert empty == [], f"repositories.py gives an empty message on lines {empty}"
