"""Value objects refuse bad input with a Swedish message and accept every real form."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from personnummer import personnummer as oracle
from stdnum import luhn

from kawebb_desktop.domain.errors import ValidationError
from kawebb_desktop.domain.values import (
    AccountKind,
    BankAccountNumber,
    Bankgiro,
    EmailAddress,
    OrgNumber,
    Personnummer,
    Plusgiro,
    parse_account_number,
)

TODAY = dt.date(2026, 6, 15)


@pytest.mark.parametrize(
    "text",
    ["198112289874", "19811228-9874", "811228-9874", "8112289874", " 19811228 9874 "],
)
def test_personnummer_accepts_12_or_10_digits_with_or_without_separator(text: str) -> None:
    number = Personnummer.parse(text, TODAY)
    assert number.value == "198112289874"
    assert number.formatted == "19811228-9874"
    assert number.birth_date == dt.date(1981, 12, 28)
    assert number.birth_date_text == "19811228"


def test_ten_digits_take_the_latest_century_that_is_not_in_the_future() -> None:
    assert Personnummer.parse("0501012389", TODAY).value == "200501012389"
    assert Personnummer.parse("2701012383", TODAY).value == "192701012383"


def test_plus_sign_marks_a_person_of_one_hundred_or_more() -> None:
    number = Personnummer.parse("880309+9814", TODAY)
    assert number.value == "188803099814"


def test_samordningsnummer_is_accepted_and_its_birth_day_is_day_minus_60() -> None:
    number = Personnummer.parse("19701063-2391", TODAY)
    assert number.is_samordningsnummer
    assert number.birth_date == dt.date(1970, 10, 3)
    assert number.birth_date_text == "19701003"
    assert oracle.parse("197010632391").is_coordination_number()


def test_ordinary_personnummer_is_not_a_samordningsnummer() -> None:
    assert not Personnummer.parse("198112289874", TODAY).is_samordningsnummer


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Ange personnummer"),
        ("abc", "12 siffror"),
        ("19811228-987", "12 siffror"),
        ("1981122898745", "12 siffror"),
        ("19811228-9875", "kontrollsiffra"),
        ("19810230-1234", "giltigt födelsedatum"),
        ("19811328-9874", "giltigt födelsedatum"),
        ("19701093-2391", "giltigt födelsedatum"),  # day 93 - 60 = 33
        ("20300101-0010", "framtiden"),
        ("19811228-0006", "födelsenumret 000"),
        ("19811228+9874", "Plustecken"),
    ],
)
def test_malformed_personnummer_is_refused_with_a_swedish_message(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Personnummer.parse(text, TODAY)
    assert fragment in caught.value.message
    assert caught.value.field == "personnummer"


def test_the_constructor_refuses_what_parse_refuses() -> None:
    with pytest.raises(ValidationError):
        Personnummer("198112289875")


@st.composite
def valid_numbers(draw: st.DrawFn) -> str:
    birth = draw(st.dates(dt.date(1900, 1, 1), dt.date(2026, 6, 15)))
    coordination = draw(st.booleans())
    day = birth.day + (60 if coordination else 0)
    serial = draw(st.integers(1, 999))
    body = f"{birth:%y%m}{day:02d}{serial:03d}"
    return f"{birth.year // 100}{body}{luhn.calc_check_digit(body)}"


@given(valid_numbers())
def test_every_valid_number_round_trips_and_agrees_with_an_independent_library(
    number: str,
) -> None:
    parsed = Personnummer.parse(f"{number[:8]}-{number[8:]}", TODAY)
    assert parsed.value == number
    assert Personnummer.parse(parsed.formatted, TODAY) == parsed
    assert oracle.valid(number)


@given(st.text(max_size=20))
def test_arbitrary_text_is_either_a_personnummer_or_a_validation_error(text: str) -> None:
    try:
        number = Personnummer.parse(text, TODAY)
    except ValidationError as exc:
        assert exc.message  # noqa: PT017 - either outcome is fine; a crash is not
    else:
        assert len(number.value) == 12
        assert luhn.is_valid(number.value[2:])


def test_org_number_of_a_municipality() -> None:
    number = OrgNumber.parse("212000-2809")
    assert number.value == "2120002809"
    assert number.formatted == "212000-2809"
    assert number.is_municipality


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Ange"),
        ("212000-280", "10 siffror"),
        ("212000-2808", "kontrollsiffra"),
        ("21200A-2809", "10 siffror"),
    ],
)
def test_bad_org_numbers_are_refused(text: str, fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        OrgNumber.parse(text)


@pytest.mark.parametrize("text", ["Beda.Moller@Test.SE", " jens@jens.se ", "a.b-c+d@sub.kommun.se"])
def test_email_addresses_are_trimmed_and_lower_cased(text: str) -> None:
    assert EmailAddress.parse(text).value == text.strip().lower()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "beda",
        "beda@",
        "@test.se",
        "beda@test",
        "be da@test.se",
        "beda..m@test.se",
        ".beda@test.se",
        "beda@test..se",
        "x" * 65 + "@test.se",
    ],
)
def test_bad_email_addresses_are_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        EmailAddress.parse(text)


def test_bankgiro_from_the_guide() -> None:
    number = Bankgiro.parse("762-0255")
    assert number.value == "7620255"
    assert number.formatted == "762-0255"
    assert Bankgiro.parse("5050-1055").formatted == "5050-1055"


@pytest.mark.parametrize("text", ["762-0256", "12345", "123456789", "76a-0255", ""])
def test_bad_bankgiro_is_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        Bankgiro.parse(text)


def test_plusgiro_is_checked_and_formatted_in_pairs() -> None:
    body = "412345"
    number = Plusgiro.parse(body + luhn.calc_check_digit(body))
    assert number.formatted == "41 23 45-" + luhn.calc_check_digit(body)
    with pytest.raises(ValidationError):
        Plusgiro.parse(body + str((int(luhn.calc_check_digit(body)) + 1) % 10))
    with pytest.raises(ValidationError):
        Plusgiro.parse("1")


def test_account_numbers_parse_by_kind() -> None:
    assert isinstance(parse_account_number(AccountKind.BANKGIRO, "762-0255"), Bankgiro)
    assert isinstance(
        parse_account_number(AccountKind.BANKKONTO, "8327-9 123 456 789-7"), BankAccountNumber
    )
    with pytest.raises(ValidationError):
        parse_account_number(AccountKind.BANKKONTO, "12")
