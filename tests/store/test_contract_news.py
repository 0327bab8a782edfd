"""Contract: *Nyheter från KA-Webb* — news items are stored as given and read newest
first (latest day, then latest added), at most as many as asked for."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from kawebb_desktop.domain.entities import NEWS_TEXT_MAX, NEWS_TITLE_MAX, NewsItem
from kawebb_desktop.store.base import Store

DAY = dt.date(2026, 11, 2)


def _add(store: Store, *items: NewsItem) -> list[NewsItem]:
    with store.unit_of_work(write=True) as uow:
        added = [uow.news.add(item) for item in items]
        uow.commit()
    return added


def test_a_news_item_round_trips_with_every_field(store: Store) -> None:
    item = NewsItem(0, "Åäö – rubrik", "Första raden.\n\nAndra stycket: é, ”citat”.", DAY)
    (added,) = _add(store, item)
    assert added.id > 0
    assert replace(added, id=0) == item
    with store.unit_of_work() as uow:
        assert uow.news.latest(10) == [added]


def test_the_longest_title_and_text_are_stored_whole(store: Store) -> None:
    item = NewsItem(0, "R" * NEWS_TITLE_MAX, "å" * NEWS_TEXT_MAX, DAY)
    (added,) = _add(store, item)
    with store.unit_of_work() as uow:
        (read,) = uow.news.latest(1)
    assert read == added
    assert (len(read.title), len(read.text)) == (NEWS_TITLE_MAX, NEWS_TEXT_MAX)


def test_newest_first_by_day_then_by_id(store: Store) -> None:
    old, new_a, middle, new_b = _add(
        store,
        NewsItem(0, "Gammal", "t", DAY - dt.timedelta(days=30)),
        NewsItem(0, "Ny A", "t", DAY),
        NewsItem(0, "Mellan", "t", DAY - dt.timedelta(days=3)),
        NewsItem(0, "Ny B", "t", DAY),
    )
    with store.unit_of_work() as uow:
        assert uow.news.latest(10) == [new_b, new_a, middle, old]
        assert uow.news.latest(2) == [new_b, new_a]
        assert uow.news.latest(0) == []


def test_no_news_is_an_empty_list(store: Store) -> None:
    with store.unit_of_work() as uow:
        assert uow.news.latest(10) == []


def test_an_item_not_committed_is_not_stored(store: Store) -> None:
    with store.unit_of_work(write=True) as uow:
        uow.news.add(NewsItem(0, "Utkast", "t", DAY))
    with store.unit_of_work() as uow:
        assert uow.news.latest(10) == []


def test_add_takes_only_a_new_item(store: Store) -> None:
    with store.unit_of_work(write=True) as uow, pytest.raises(ValueError):
        uow.news.add(NewsItem(7, "Har id", "t", DAY))
