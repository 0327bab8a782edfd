"""*Nyheter från KA-Webb*: AF publishes news items (``services/af.py``, ``kawebb news``,
``POST /api/v1/af/news``); every logged-in user of any organisation and role reads the
newest of them beside *Mitt arbete > Översikt* (:class:`NewsService`).

The rules of an item, checked here for AF's every way in:

* the title is required, one line (runs of white space become one space), at most
  :data:`~kawebb_desktop.domain.entities.NEWS_TITLE_MAX` characters, printable;
* the text is required, at most
  :data:`~kawebb_desktop.domain.entities.NEWS_TEXT_MAX` characters; it may have several
  lines (``\\r\\n`` becomes ``\\n``, trailing white space of the whole goes) but no other
  control characters;
* the publishing date is not in the future.
"""

from __future__ import annotations

import datetime as dt

from kawebb_desktop.domain.entities import NEWS_TEXT_MAX, NEWS_TITLE_MAX, NewsItem
from kawebb_desktop.domain.errors import RuleViolation, ValidationError
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.domain.queries import DEFAULT_NEWS, check_limit
from kawebb_desktop.domain.roles import Access, Function
from kawebb_desktop.services.api import Caller
from kawebb_desktop.services.common import ServiceBase

NO_TITLE = "Ange en rubrik för nyheten."
TITLE_TOO_LONG = msg("Rubriken får vara högst {limit} tecken.", limit=NEWS_TITLE_MAX)
TITLE_CONTROL = (
    "Rubriken innehåller otillåtna tecken (till exempel radbrytningar eller styrtecken)."
)
NO_TEXT = "Ange en text för nyheten."
TEXT_TOO_LONG = msg("Texten får vara högst {limit} tecken.", limit=NEWS_TEXT_MAX)
TEXT_CONTROL = "Texten innehåller otillåtna tecken (styrtecken)."
FUTURE_DATE = "Publiceringsdatumet kan inte ligga i framtiden."


def clean_title(text: str) -> str:
    """The title as stored: trimmed, one space between words; refused when empty, too
    long or with control characters (a line break included)."""
    raw = str(text)
    if any(not ch.isprintable() and ch != " " for ch in raw.strip()):
        raise ValidationError(TITLE_CONTROL, "title")
    value = " ".join(raw.split())
    if not value:
        raise ValidationError(NO_TITLE, "title")
    if len(value) > NEWS_TITLE_MAX:
        raise ValidationError(TITLE_TOO_LONG, "title")
    return value


def clean_text(text: str) -> str:
    """The text as stored: line breaks kept (as ``\\n``), each line's trailing white space
    and the whole's surrounding blank lines gone; refused when empty, too long or with
    other control characters."""
    raw = str(text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in raw.split("\n")]
    value = "\n".join(lines).strip("\n")
    if any(ch != "\n" and not ch.isprintable() for ch in value):
        raise ValidationError(TEXT_CONTROL, "text")
    if not value.strip():
        raise ValidationError(NO_TEXT, "text")
    if len(value) > NEWS_TEXT_MAX:
        raise ValidationError(TEXT_TOO_LONG, "text")
    return value


def news_item(title: str, text: str, published_on: dt.date, today: dt.date) -> NewsItem:
    """A news item to store (id 0), after the checks of the module."""
    item = NewsItem(0, clean_title(title), clean_text(text), published_on)
    if published_on > today:
        raise RuleViolation(FUTURE_DATE, "published_on")
    return item


class NewsService(ServiceBase):
    """What a municipality's user reads (:class:`~kawebb_desktop.services.api.NewsApi`)."""

    def news(self, caller: Caller, limit: int = DEFAULT_NEWS) -> list[NewsItem]:
        """The newest ``limit`` items (newest first); any active role may read them."""
        wanted = check_limit(limit)
        with self._acting(caller, Function.KONTAKTPERSON, Access.NONE) as (uow, _me):
            return uow.news.latest(wanted)
