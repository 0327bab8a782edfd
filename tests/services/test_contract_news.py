"""Contract: *Nyheter från KA-Webb* — every active role of every organisation reads the
newest news items AF published, newest first, on every backend (local and remote); a
wrong limit, no session or an organisation the caller has no authorization in is
refused the same way everywhere.

AF publishes with :class:`~kawebb_desktop.services.af.AgreementService` over the
backend's own database (what ``kawebb news publish`` does); the demo has a few items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from kawebb_desktop.demo import DEMO_NEWS
from kawebb_desktop.domain.clock import SystemClock
from kawebb_desktop.domain.errors import NotAuthenticated, NotFound, ValidationError
from kawebb_desktop.domain.queries import BAD_LIMIT, MAX_NEWS
from kawebb_desktop.services.af import AgreementService
from kawebb_desktop.services.api import Caller
from kawebb_desktop.services.common import Env
from kawebb_desktop.store.sql import open_store
from tests.services.backends import ARVID, ASELE, DOROTEA, MARTA, VILHELMINA, Backend
from tests.services.conftest import Deployments

#: Dorotea's Tjänsteadministratör, Registrerare, Läsare and Lärare (demo people).
DOROTEA_PEOPLE = ("Ida Wallin", "Olof Zetterberg", "Agda Andersson", "Malte Håkansson")


@pytest.fixture
def af(backend: Backend, deployments: Deployments) -> Iterator[AgreementService]:
    """AF's service over the backend's database."""
    url, schema = deployments.database(backend.name)
    store = open_store(url, schema=schema)
    try:
        yield AgreementService(Env(store, SystemClock()))
    finally:
        store.close()


def test_the_demo_news_are_read_newest_first(backend: Backend) -> None:
    items = backend.services.news.news(backend.caller(ARVID, DOROTEA), MAX_NEWS)
    demo_titles = [title for _days, title, _text in reversed(DEMO_NEWS)]
    titles = [item.title for item in items]
    # Items published by other tests come first (they are newer); the demo's are there.
    assert [t for t in titles if t in demo_titles] == demo_titles
    days = [(item.published_on, item.id) for item in items]
    assert days == sorted(days, reverse=True)
    assert all(item.text for item in items)


def test_every_role_of_every_organisation_reads_the_same_news(backend: Backend) -> None:
    news = backend.services.news
    expected = news.news(backend.caller(ARVID, DOROTEA))
    assert expected
    for name in DOROTEA_PEOPLE:
        assert news.news(backend.caller(name, DOROTEA)) == expected, name
    assert news.news(backend.caller(ARVID, VILHELMINA)) == expected
    assert news.news(backend.caller(MARTA, ASELE)) == expected


def test_a_published_item_is_read_first_with_its_lines(
    backend: Backend, af: AgreementService
) -> None:
    today = SystemClock().today()
    older = af.publish_news("  Äldre   nyhet ", "Rad ett.\r\nRad två.  \n", today)
    newest = af.publish_news("Senaste nyheten", "Text med ”citat” och é.", today)
    assert older.title == "Äldre nyhet"
    assert older.text == "Rad ett.\nRad två."
    read = backend.services.news.news(backend.caller(ARVID, DOROTEA), 2)
    assert read == [newest, older]
    assert af.list_news(2) == [newest, older]


def test_a_dated_item_takes_its_place_by_day(backend: Backend, af: AgreementService) -> None:
    today = SystemClock().today()
    back_then = af.publish_news("Från förr", "Text.", today - dt.timedelta(days=400))
    items = backend.services.news.news(backend.caller(MARTA, ASELE), MAX_NEWS)
    assert back_then in items
    assert items[0] != back_then


@pytest.mark.parametrize("limit", [0, -1, MAX_NEWS + 1])
def test_a_limit_out_of_range_is_refused(backend: Backend, limit: int) -> None:
    with pytest.raises(ValidationError) as refused:
        backend.services.news.news(backend.caller(ARVID, DOROTEA), limit)
    assert refused.value.message == BAD_LIMIT


def test_the_limit_is_kept(backend: Backend) -> None:
    assert len(backend.services.news.news(backend.caller(ARVID, DOROTEA), 1)) == 1


def test_news_need_a_session(backend: Backend) -> None:
    with pytest.raises(NotAuthenticated):
        backend.services.news.news(Caller("ingen-session", backend.org_id(DOROTEA)))


def test_news_of_an_organisation_without_authorization_are_not_found(backend: Backend) -> None:
    marta = backend.caller(MARTA, ASELE)  # Märta has no authorization in Dorotea
    with pytest.raises(NotFound):
        backend.services.news.news(Caller(marta.token, backend.org_id(DOROTEA)))
