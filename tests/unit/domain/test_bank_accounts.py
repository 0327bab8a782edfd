"""Bank account numbers by the clearing-number rules of Bankgirot's *Bankernas kontonummer*."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum import luhn

from kawebb_desktop.domain.bank_accounts import CLEARING_RANGES, ClearingRange, Rule
from kawebb_desktop.domain.errors import ValidationError
from kawebb_desktop.domain.values import BankAccountNumber


def _mod11_check(digits_before: str) -> str | None:
    """The digit that makes ``digits_before + digit`` pass modulus 11 (weights 1..10 from
    the right), written out here independently of the module under test."""
    weights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    total = sum(weights[(i + 1) % 10] * int(d) for i, d in enumerate(reversed(digits_before)))
    for digit in range(10):
        if (total + digit) % 11 == 0:
            return str(digit)
    return None  # the remainder would need a "10": no account ends so


@pytest.mark.parametrize(
    ("text", "bank", "formatted"),
    [
        ("5000-123 45 60", "SEB", "5000-1234560"),  # type 1, comment 1
        ("6789 123 456 789", "Handelsbanken", "6789-123456789"),  # type 2, comment 2
        ("9020-1234566", "Länsförsäkringar Bank", "9020-1234566"),  # type 1, comment 2
        ("3300-7505092556", "Nordea (personkonto)", "3300-7505092556"),
        ("3300 811228-9874", "Nordea (personkonto)", "3300-8112289874"),
        ("8327-9, 123 456 789-7", "Swedbank", "8327-9, 1234567897"),
        ("  8327 9 1234567897 ", "Swedbank", "8327-9, 1234567897"),
    ],
)
def test_valid_numbers_of_several_banks(text: str, bank: str, formatted: str) -> None:
    number = BankAccountNumber.parse(text)
    assert number.bank == bank
    assert number.formatted == formatted
    assert str(number) == formatted
    assert BankAccountNumber(number.value) == number  # the stored value reads back


@pytest.mark.parametrize(
    ("text", "bank"),
    [
        ("5000-123 45 61", "SEB"),
        ("6789 123 456 788", "Handelsbanken"),
        ("9020-1234567", "Länsförsäkringar Bank"),
        ("3300-7505092557", "Nordea (personkonto)"),
        ("8327-9, 123 456 789-8", "Swedbank"),
    ],
)
def test_a_wrong_check_digit_is_refused_naming_the_bank(text: str, bank: str) -> None:
    with pytest.raises(ValidationError) as caught:
        BankAccountNumber.parse(text, field="account_number")
    assert caught.value.message == f"Kontonumrets kontrollsiffra stämmer inte för {bank}."
    assert caught.value.field == "account_number"


@pytest.mark.parametrize("clearing", ["1000", "2100", "2299", "9000", "9999"])
def test_an_unknown_clearing_number_is_refused(clearing: str) -> None:
    with pytest.raises(ValidationError) as caught:
        BankAccountNumber.parse(f"{clearing}-1234567", field="account_number")
    assert caught.value.message == f"Clearingnumret {clearing} hör inte till någon svensk bank."
    assert caught.value.field == "account_number"


@pytest.mark.parametrize(
    ("text", "formatted"),
    [("8567-9 102 304 5-6", "8567-9, 10230456"), ("8156-6 111.222.333-2", "8156-6, 1112223332")],
)
def test_swedbank_fifth_clearing_digit_is_kept_not_checked(text: str, formatted: str) -> None:
    """Bankgirot's document leaves the fifth digit out of the check (public examples)."""
    assert BankAccountNumber.parse(text).formatted == formatted


def test_swedbank_8xxx_accounts_may_be_shorter_than_ten_digits() -> None:
    body = "12345"
    number = BankAccountNumber.parse(f"8327-9 {body}{luhn.calc_check_digit(body)}")
    assert number.account == body + luhn.calc_check_digit(body)
    assert number.clearing == "8327-9"


def test_handelsbanken_takes_nine_digits() -> None:
    with pytest.raises(ValidationError) as caught:
        BankAccountNumber.parse("6789 12345678")
    assert caught.value.message == (
        "Kontonumret för Handelsbanken ska ha 9 siffror efter clearingnumret."
    )


def test_type_1_takes_seven_digits() -> None:
    with pytest.raises(ValidationError) as caught:
        BankAccountNumber.parse("5000 12345605")
    assert "ska ha 7 siffror" in caught.value.message


def test_a_stored_number_that_fails_the_new_checks_still_reads() -> None:
    unknown_bank = BankAccountNumber("21001234567")
    assert unknown_bank.bank is None
    assert unknown_bank.formatted == "2100-1234567"
    wrong_check = BankAccountNumber("50001234561")
    assert wrong_check.bank == "SEB"
    assert wrong_check.formatted == "5000-1234561"


def test_the_table_has_no_overlapping_series() -> None:
    ordered = sorted(CLEARING_RANGES, key=lambda r: r.first)
    for before, after in itertools.pairwise(ordered):
        assert before.last < after.first, (before, after)


def _valid_account(rule: Rule, clearing: str, body: str) -> str | None:
    if rule is Rule.TYPE1_COMMENT1:
        check = _mod11_check(clearing[1:] + body[:6])
        return None if check is None else body[:6] + check
    if rule is Rule.TYPE1_COMMENT2:
        check = _mod11_check(clearing + body[:6])
        return None if check is None else body[:6] + check
    if rule is Rule.TYPE2_COMMENT2:
        check = _mod11_check(body[:8])
        return None if check is None else body[:8] + check
    return body[:9] + luhn.calc_check_digit(body[:9])


@given(
    series=st.sampled_from(CLEARING_RANGES),
    offset=st.integers(min_value=0, max_value=99),
    body=st.text(alphabet="0123456789", min_size=9, max_size=9),
    change=st.integers(min_value=1, max_value=9),
)
def test_every_bank_takes_its_valid_numbers_and_refuses_a_changed_check_digit(
    series: ClearingRange, offset: int, body: str, change: int
) -> None:
    clearing = str(min(series.first + offset, series.last))
    account = _valid_account(series.rule, clearing, body)
    assume(account is not None and set(account) != {"0"})
    assert account is not None
    prefix = clearing
    if clearing.startswith("8"):
        prefix += luhn.calc_check_digit(clearing)
    number = BankAccountNumber.parse(f"{prefix} {account}")
    assert number.bank == series.bank
    wrong = account[:-1] + str((int(account[-1]) + change) % 10)
    with pytest.raises(ValidationError) as caught:
        BankAccountNumber.parse(prefix + wrong)
    assert caught.value.message == (f"Kontonumrets kontrollsiffra stämmer inte för {series.bank}.")


def test_a_stored_account_that_fails_the_new_checks_is_shown_not_crashed() -> None:
    """The Konton table formats stored numbers: input checks must not run on them."""
    import datetime as dt

    from kawebb_desktop.domain.entities import Account, AccountUpdater
    from kawebb_desktop.domain.values import AccountKind

    def account(kind: AccountKind, number: str) -> Account:
        return Account(
            1, 1, kind, number, "Ej granskad", dt.date(2026, 1, 15), AccountUpdater.LEVERANTOR
        )

    assert account(AccountKind.BANKKONTO, "80001234567").formatted_number == "8000-1, 234567"
    assert account(AccountKind.BANKKONTO, "21001234567").formatted_number == "2100-1234567"
    assert account(AccountKind.BANKGIRO, "7620255").formatted_number == "762-0255"
    assert account(AccountKind.BANKGIRO, "7620256").formatted_number == "7620256"  # as stored
