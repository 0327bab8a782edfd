"""Rules 3, 4 and 7 and the year-end limit, with an injected date."""

from __future__ import annotations

import datetime as dt

import pytest

from kawebb_desktop.domain.errors import RuleViolation
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.rules import (
    check_admins_remain,
    check_name,
    check_period,
    next_year_end,
)

A = Role.BEHORIGHETSADMINISTRATOR
T = Role.TJANSTEADMINISTRATOR


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 6, 15), dt.date(2027, 12, 31)),
        (dt.date(2026, 12, 31), dt.date(2027, 12, 31)),
        (dt.date(2027, 1, 1), dt.date(2028, 12, 31)),
    ],
)
def test_next_year_end_is_31_december_of_next_year(today: dt.date, expected: dt.date) -> None:
    assert next_year_end(today) == expected


def test_an_end_date_on_the_next_year_end_is_allowed() -> None:
    check_period(T, dt.date(2026, 1, 1), dt.date(2027, 12, 31), dt.date(2026, 6, 15))


def test_end_date_after_next_year_end_is_refused() -> None:
    with pytest.raises(RuleViolation, match="nästa årsskifte") as caught:
        check_period(T, dt.date(2026, 1, 1), dt.date(2028, 1, 1), dt.date(2026, 6, 15))
    assert caught.value.field == "end_date"
    assert "2027-12-31" in caught.value.message


def test_the_year_end_limit_moves_with_the_clock() -> None:
    check_period(T, dt.date(2026, 1, 1), dt.date(2028, 6, 1), dt.date(2027, 1, 1))


def test_end_before_start_is_refused() -> None:
    with pytest.raises(RuleViolation, match="före startdatumet"):
        check_period(T, dt.date(2026, 7, 1), dt.date(2026, 6, 30), dt.date(2026, 6, 15))


def test_an_administrator_has_no_end_date() -> None:
    check_period(A, dt.date(2026, 1, 1), None, dt.date(2026, 6, 15))
    with pytest.raises(RuleViolation, match="inte ha något slutdatum"):
        check_period(A, dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 6, 15))


def test_other_roles_need_an_end_date() -> None:
    for role in (T, Role.REGISTRERARE, Role.LARARE, Role.LASARE):
        with pytest.raises(RuleViolation, match="Ange slutdatum"):
            check_period(role, dt.date(2026, 1, 1), None, dt.date(2026, 6, 15))


def test_messages_about_several_users_name_the_user() -> None:
    with pytest.raises(RuleViolation, match=r"^Beda Möller: "):
        check_period(
            T, dt.date(2026, 1, 1), dt.date(2029, 1, 1), dt.date(2026, 6, 15), who="Beda Möller"
        )


def test_at_least_one_active_administrator_remains() -> None:
    check_admins_remain([7])
    with pytest.raises(RuleViolation, match="minst en aktiv behörighetsadministratör"):
        check_admins_remain([])


@pytest.mark.parametrize(
    ("value", "fragment"),
    [("", "Ange förnamn"), ("   ", "Ange förnamn"), ("R2D2", "siffror"), ("x" * 101, "högst 100")],
)
def test_names_are_required_and_plausible(value: str, fragment: str) -> None:
    with pytest.raises(RuleViolation, match=fragment):
        check_name(value, "first_name", "förnamn")


def test_names_are_trimmed_and_inner_spaces_collapsed() -> None:
    assert check_name("  Anna   Karin ", "first_name", "förnamn") == "Anna Karin"
