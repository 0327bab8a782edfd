"""The rules for users (DOMAIN.md §2, rules 1–7), as pure functions.

Each raises :class:`RuleViolation` with the Swedish sentence the user will read. The
service layer calls them; the UI calls the same functions to validate as you type.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import replace

from kawebb_desktop.domain.changes import UserDraft
from kawebb_desktop.domain.errors import InvalidDraft, RuleViolation
from kawebb_desktop.domain.messages import msg, term
from kawebb_desktop.domain.roles import Role

#: Minimum number of active Behörighetsadministratörer an organisation keeps (rule 7).
MIN_ACTIVE_ADMINS = 1


def next_year_end(today: dt.date) -> dt.date:
    """Rule 4's limit: 31 December of next year, counted from ``today``."""
    return dt.date(today.year + 1, 12, 31)


def _is_invisible(ch: str) -> bool:
    """A character that draws nothing yet makes two names differ, or turns the text around
    it: the format characters (category Cf: zero-width space and joiners, soft hyphen, the
    bidirectional marks, embeddings, overrides and isolates U+202A–202E, U+2066–2069), and
    the letters that Unicode names fillers (Hangul U+3164 and its kin), which draw nothing."""
    category = unicodedata.category(ch)
    return category == "Cf" or (category == "Lo" and "FILLER" in unicodedata.name(ch, ""))


def check_name(value: str, field: str, label: str) -> str:
    """A name as it is stored: spaces trimmed and collapsed, composed (NFC, so that an
    "Å" typed as A + ring matches one typed as one character); refused, with a message
    that says why, if it is empty, too long, holds digits or characters that draw nothing
    or turn the text around, or has no letter."""
    name = unicodedata.normalize("NFC", " ".join(value.split()))
    capitalized = term(label.capitalize())
    if not name:
        raise RuleViolation(msg("Ange {label}.", label=label), field)
    if len(name) > 100:
        raise RuleViolation(
            msg("{capitalized} får vara högst 100 tecken.", capitalized=capitalized), field
        )
    if any(_is_invisible(ch) for ch in name):
        raise RuleViolation(
            msg(
                (
                    "{capitalized} innehåller osynliga tecken eller tecken som styr "
                    "skrivriktningen (kanske från en kopierad text). Skriv namnet igen."
                ),
                capitalized=capitalized,
            ),
            field,
        )
    if any(ch.isdigit() for ch in name):
        raise RuleViolation(
            msg("{capitalized} får inte innehålla siffror.", capitalized=capitalized), field
        )
    if not name.isprintable() or any(0xD800 <= ord(ch) <= 0xDFFF for ch in name):
        raise RuleViolation(
            msg("{capitalized} innehåller otillåtna tecken.", capitalized=capitalized), field
        )
    if not any(unicodedata.category(ch).startswith("L") for ch in name):
        raise RuleViolation(
            msg("{capitalized} måste innehålla minst en bokstav.", capitalized=capitalized), field
        )
    return name


def check_period(
    role: Role, start: dt.date, end: dt.date | None, today: dt.date, who: str = ""
) -> None:
    """Rules 3 and 4: admins have no end date; an end date lies between the start date
    and the next year-end. ``who`` names the user in messages about several users."""
    prefix = f"{who}: " if who else ""
    if role.is_admin:
        if end is not None:
            raise RuleViolation(
                msg(
                    "{prefix}En behörighetsadministratör kan inte ha något slutdatum.",
                    prefix=prefix,
                ),
                "end_date",
            )
        return
    if end is None:
        raise RuleViolation(
            msg(
                "{prefix}Ange slutdatum. Bara en behörighetsadministratör saknar slutdatum.",
                prefix=prefix,
            ),
            "end_date",
        )
    if end < start:
        raise RuleViolation(
            msg(
                "{prefix}Slutdatumet ({end}) får inte vara före startdatumet ({start}).",
                prefix=prefix,
                end=end.isoformat(),
                start=start.isoformat(),
            ),
            "end_date",
        )
    limit = next_year_end(today)
    if end > limit:
        raise RuleViolation(
            msg(
                "{prefix}Slutdatumet får inte vara senare än nästa årsskifte ({limit}).",
                prefix=prefix,
                limit=limit.isoformat(),
            ),
            "end_date",
        )


def check_admins_remain(active_admins_after: Iterable[int]) -> None:
    """Rule 7: the organisation keeps at least one active Behörighetsadministratör.

    ``active_admins_after`` are the ids of the authorizations that are active admins
    once the change in question has taken effect.
    """
    if len(set(active_admins_after)) < MIN_ACTIVE_ADMINS:
        raise RuleViolation(
            "Organisationen måste alltid ha minst en aktiv behörighetsadministratör. "
            "Den sista kan inte tas bort, få en annan roll eller få ett slutdatum. "
            "Skapa först en ny behörighetsadministratör, eller skicka in ett nytt avtal "
            "till Arbetsförmedlingen som avser en ny behörighetsadministratör."
        )


def validate_user_draft(draft: UserDraft, today: dt.date) -> UserDraft:
    """The checks of a Skapa/Ändra användare form that need no store (names, rules 3 and
    4): the service runs them, and a form runs the very same as you type. Refused with
    :class:`InvalidDraft`, which names every rule broken (the form shows each under its
    field) and reads as the first."""
    violations: list[RuleViolation] = []
    names: list[str] = []
    for value, field, label in (
        (draft.first_name, "first_name", msg("förnamn")),
        (draft.last_name, "last_name", msg("efternamn")),
    ):
        try:
            names.append(check_name(value, field, label))
        except RuleViolation as exc:
            violations.append(exc)
    try:
        check_period(draft.role, draft.start_date, draft.end_date, today)
    except RuleViolation as exc:
        violations.append(exc)
    if violations:
        raise InvalidDraft(violations)
    first, last = names
    return replace(draft, first_name=first, last_name=last)
