"""AF's news routes (``/api/v1/af/news``) and the municipal one
(``/api/v1/organisations/{org_id}/news``): AF publishes with its key, every active role
reads; every refusal ``{"code", "message"}`` in Swedish with nothing stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kawebb_desktop.domain.entities import NEWS_TEXT_MAX, NEWS_TITLE_MAX, NewsItem
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.services.news import (
    FUTURE_DATE,
    NO_TEXT,
    NO_TITLE,
    TEXT_CONTROL,
    TEXT_TOO_LONG,
    TITLE_CONTROL,
    TITLE_TOO_LONG,
)
from kawebb_desktop.store.sql import SqlStore
from tests.server.conftest import API, TODAY, DemoWorld, assert_error, bearer, login
from tests.server.test_af_routes import AF, af, af_app, af_store, operator  # noqa: F401

NEWS = f"{AF}/news"


def stored(store: SqlStore) -> list[NewsItem]:
    with store.unit_of_work() as uow:
        return uow.news.latest(100)


def test_publish_then_list_newest_first(af: Any, af_store: SqlStore) -> None:  # noqa: F811
    before = stored(af_store)
    first = af.post(NEWS, json={"title": "Första", "text": "Rad 1\nRad 2"}, headers=operator())
    assert first.status_code == 201, first.text
    assert first.json()["published_on"] == TODAY.isoformat()
    assert first.json()["text"] == "Rad 1\nRad 2"
    dated = af.post(
        NEWS,
        json={"title": "Daterad", "text": "T", "published_on": "2026-01-02"},
        headers=operator(),
    )
    assert dated.status_code == 201, dated.text
    listed = af.get(NEWS, headers=operator())
    assert listed.status_code == 200
    titles = [n["title"] for n in listed.json()]
    assert titles[0] == "Första"
    assert "Daterad" in titles
    assert len(stored(af_store)) == len(before) + 2
    assert [n["title"] for n in af.get(NEWS, params={"limit": 1}, headers=operator()).json()] == [
        "Första"
    ]


def test_every_role_reads_the_news_af_published(
    af: Any,  # noqa: F811
    world: DemoWorld,
) -> None:
    published = af.post(NEWS, json={"title": "Till alla", "text": "Hej."}, headers=operator())
    assert published.status_code == 201
    dorotea = world.org("Dorotea kommun")
    for role in Role:
        person = next(p for p in world.people if p.roles.get(dorotea) is role)
        token = login(af, person.personnummer)
        answer = af.get(f"{API}/organisations/{dorotea}/news", headers=bearer(token))
        assert answer.status_code == 200, (person.name, answer.text)
        assert answer.json()[0]["title"] == "Till alla"


def test_the_municipal_route_needs_a_session_and_a_sane_limit(
    af: Any,  # noqa: F811
    world: DemoWorld,
) -> None:
    dorotea = world.org("Dorotea kommun")
    assert_error(af.get(f"{API}/organisations/{dorotea}/news"), 401, "unauthenticated")
    assert_error(
        af.get(f"{API}/organisations/{dorotea}/news", headers=operator()), 401, "unauthenticated"
    )
    admin = next(p for p in world.people if p.name == "Arvid Aronsson")
    token = login(af, admin.personnummer)
    for limit in (0, 101, "många"):
        answer = af.get(
            f"{API}/organisations/{dorotea}/news", params={"limit": limit}, headers=bearer(token)
        )
        assert_error(answer, 422, "invalid")


def test_a_municipal_session_cannot_publish(
    af: Any,  # noqa: F811
    af_store: SqlStore,  # noqa: F811
    world: DemoWorld,
) -> None:
    admin = next(p for p in world.people if p.name == "Arvid Aronsson")
    token = login(af, admin.personnummer)
    before = stored(af_store)
    answer = af.post(NEWS, json={"title": "Kapad", "text": "T"}, headers=bearer(token))
    assert_error(answer, 401, "unauthenticated")
    assert_error(af.get(NEWS, headers=bearer(token)), 401, "unauthenticated")
    assert_error(af.post(NEWS, json={"title": "Utan", "text": "nyckel"}), 401, "unauthenticated")
    assert stored(af_store) == before


TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("body", "code", "field", "message"),
    [
        ({"title": "", "text": "T"}, "invalid", "title", NO_TITLE),
        ({"title": "   ", "text": "T"}, "invalid", "title", NO_TITLE),
        ({"title": "R", "text": ""}, "invalid", "text", NO_TEXT),
        ({"title": "R", "text": " \n\t\n "}, "invalid", "text", NO_TEXT),
        ({"title": "R" * (NEWS_TITLE_MAX + 1), "text": "T"}, "invalid", "title", TITLE_TOO_LONG),
        ({"title": "R", "text": "x" * (NEWS_TEXT_MAX + 1)}, "invalid", "text", TEXT_TOO_LONG),
        ({"title": "Två\nrader", "text": "T"}, "invalid", "title", TITLE_CONTROL),
        ({"title": "Klocka\x07", "text": "T"}, "invalid", "title", TITLE_CONTROL),
        ({"title": "R", "text": "Escape \x1b[31m"}, "invalid", "text", TEXT_CONTROL),
        (
            {"title": "R", "text": "T", "published_on": TOMORROW},
            "rule",
            "published_on",
            FUTURE_DATE,
        ),
        ({"title": "R", "text": "T", "published_on": "igår"}, "invalid", "published_on", None),
        ({"text": "T"}, "invalid", "title", None),
        ({"title": "R"}, "invalid", "text", None),
    ],
)
def test_bad_news_is_refused_in_swedish_and_nothing_is_stored(
    af: Any,  # noqa: F811
    af_store: SqlStore,  # noqa: F811
    body: dict[str, Any],
    code: str,
    field: str,
    message: str | None,
) -> None:
    before = stored(af_store)
    refused = assert_error(af.post(NEWS, json=body, headers=operator()), 422, code)
    assert refused.get("field") == field
    if message is not None:
        assert refused["message"] == message
    assert stored(af_store) == before
