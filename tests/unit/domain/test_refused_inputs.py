"""Inputs the rules must refuse (issue 7): names of invisible or direction-changing
characters, numbers written with digits other than 0–9, and numbers of only zeros.

Each refusal is a :class:`DomainError` with a Swedish message that says what is wrong,
and nothing refused here can exist as a value object (the constructors, which the store
and the server's decoding run, refuse it too).
"""

from __future__ import annotations

import datetime as dt
import sys
import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum import luhn

from kawebb_desktop.domain.errors import RuleViolation, ValidationError
from kawebb_desktop.domain.rules import check_name
from kawebb_desktop.domain.values import (
    BankAccountNumber,
    Bankgiro,
    EmailAddress,
    OrgNumber,
    Personnummer,
    Plusgiro,
)

TODAY = dt.date(2026, 6, 15)

#: Every format character (category Cf): zero-width space and joiners, the bidirectional
#: marks, embeddings, overrides and isolates, soft hyphen, BOM, …
FORMAT_CHARACTERS = [
    chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"
]
#: The zero of every decimal digit set other than ASCII's (full-width, Arabic-Indic, …).
FOREIGN_ZEROS = [
    chr(c)
    for c in range(128, sys.maxunicode + 1)
    if unicodedata.category(chr(c)) == "Nd" and unicodedata.decimal(chr(c)) == 0
]


def test_the_tables_hold_what_the_issue_names() -> None:
    for ch in "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2069\ufeff":
        assert ch in FORMAT_CHARACTERS
    assert "\uff10" in FOREIGN_ZEROS  # full-width ０
    assert "\u0660" in FOREIGN_ZEROS  # Arabic-Indic ٠


def in_digits(text: str, zero: str) -> str:
    """``text`` with its digits 0–9 written in the digit set whose zero is ``zero``."""
    return "".join(chr(ord(zero) + int(ch)) if ch.isdigit() else ch for ch in text)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "value",
    [
        "\u200b",  # zero-width space only
        "\u200b\u200b \u200c",
        " \ufeff ",
        "\u2066\u2069",
        "\u3164",  # Hangul filler: a "letter" that draws nothing
        "\u3164\u3164 \uffa0",
        "\u0301",  # a lone combining accent
        "-",
        "'.",
    ],
)
def test_a_name_without_a_visible_letter_is_refused(value: str) -> None:
    with pytest.raises(RuleViolation) as caught:
        check_name(value, "first_name", "förnamn")
    assert caught.value.field == "first_name"
    assert "Förnamn" in caught.value.message or "förnamn" in caught.value.message


@pytest.mark.parametrize(
    "value",
    [
        "Anna\u202e",  # right-to-left override
        "\u202eannA",
        "Anna\u202dKarin",  # left-to-right override
        "Anna\u2066Karin\u2069",  # isolates
        "Anna\u200f",  # right-to-left mark
        "Anna\u200eKarin",  # left-to-right mark
        "An\u200bna",  # zero-width space inside
        "Anna\u200d",  # zero-width joiner
        "An\u00adna",  # soft hyphen
        "Anna\u3164",  # an invisible filler after visible letters
    ],
)
def test_invisible_and_direction_characters_in_a_name_are_refused_and_named(
    value: str,
) -> None:
    with pytest.raises(RuleViolation) as caught:
        check_name(value, "last_name", "efternamn")
    assert caught.value.field == "last_name"
    assert "osynliga tecken" in caught.value.message
    assert "skrivriktning" in caught.value.message


@given(
    st.text(st.characters(codec="utf-8"), max_size=8),
    st.sampled_from(FORMAT_CHARACTERS),
    st.text(st.characters(codec="utf-8"), max_size=8),
)
def test_any_format_character_anywhere_in_a_name_is_refused(
    before: str, ch: str, after: str
) -> None:
    with pytest.raises(RuleViolation) as caught:
        check_name(before + ch + after, "first_name", "förnamn")
    assert caught.value.message


@given(st.text(max_size=30))
def test_a_name_that_is_accepted_is_visible_text(value: str) -> None:
    try:
        name = check_name(value, "first_name", "förnamn")
    except RuleViolation as exc:
        assert exc.message  # noqa: PT017 - either outcome is fine; a crash is not
    else:
        assert name == name.strip() and name.isprintable()
        assert any(unicodedata.category(ch).startswith("L") for ch in name)
        assert not any(unicodedata.category(ch) == "Cf" for ch in name)
        assert unicodedata.is_normalized("NFC", name)


@pytest.mark.parametrize(
    "value",
    ["Åsa", "Anna-Karin", "O'Brien", "D’Artagnan", "Zoë", "Jiří", "Nguyễn Văn", "Łukasz"],
)
def test_real_names_are_accepted(value: str) -> None:
    assert check_name(value, "first_name", "förnamn") == value


def test_a_name_is_stored_composed_so_search_finds_it_however_it_was_typed() -> None:
    decomposed = unicodedata.normalize("NFD", "Åsa Öberg")
    assert decomposed != "Åsa Öberg"
    assert check_name(decomposed, "first_name", "förnamn") == "Åsa Öberg"


# --------------------------------------------------------------------------- numbers

#: A parse function for each identity and account number, and one valid number.
PARSERS: dict[str, tuple[Callable[[str], object], str]] = {
    "personnummer 12": (lambda t: Personnummer.parse(t, TODAY), "19811228-9874"),
    "personnummer 10": (lambda t: Personnummer.parse(t, TODAY), "811228-9874"),
    "organisationsnummer": (OrgNumber.parse, "212000-2809"),
    "bankgiro": (Bankgiro.parse, "762-0255"),
    "plusgiro": (Plusgiro.parse, "4 12 34-6"),
    "bankkonto": (BankAccountNumber.parse, "8327-9 123 456 789-7"),
}
WRONG_CHARACTERS = "siffrorna 0–9"


def test_the_valid_numbers_of_the_table_are_valid() -> None:
    for parse, valid in PARSERS.values():
        parse(valid)


@pytest.mark.parametrize(
    "text",
    [
        "２１２０００-２８０９",  # full-width, the example of the issue (checksum valid)
        "٢١٢٠٠٠-٢٨٠٩",  # Arabic-Indic
        "۲۱۲۰۰۰-۲۸۰۹",  # Extended Arabic-Indic (Persian)
        "212000-280９",  # one full-width digit among ASCII ones
        "２１２０００２８０９",
    ],
)
def test_an_org_number_in_foreign_digits_is_refused_for_its_characters(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        OrgNumber.parse(text)
    assert WRONG_CHARACTERS in caught.value.message
    assert "kontrollsiffra" not in caught.value.message
    assert caught.value.field == "org_number"


@pytest.mark.parametrize("kind", list(PARSERS))
@pytest.mark.parametrize("zero", ["\uff10", "\u0660", "\u06f0", "\u0966"])
def test_every_number_in_foreign_digits_is_refused_for_its_characters(kind: str, zero: str) -> None:
    parse, valid = PARSERS[kind]
    with pytest.raises(ValidationError) as caught:
        parse(in_digits(valid, zero))
    assert WRONG_CHARACTERS in caught.value.message, caught.value.message


@given(
    st.sampled_from(list(PARSERS)),
    st.sampled_from(FOREIGN_ZEROS),
    st.data(),
)
def test_one_foreign_digit_anywhere_is_refused_for_its_characters(
    kind: str, zero: str, data: st.DataObject
) -> None:
    parse, valid = PARSERS[kind]
    positions = [i for i, ch in enumerate(valid) if ch.isdigit()]
    i = data.draw(st.sampled_from(positions))
    text = valid[:i] + in_digits(valid[i], zero) + valid[i + 1 :]
    with pytest.raises(ValidationError) as caught:
        parse(text)
    assert WRONG_CHARACTERS in caught.value.message


@given(st.sampled_from(list(PARSERS)), st.sampled_from(FORMAT_CHARACTERS), st.data())
def test_an_invisible_character_in_a_number_is_refused_and_named(
    kind: str, ch: str, data: st.DataObject
) -> None:
    parse, valid = PARSERS[kind]
    i = data.draw(st.integers(0, len(valid)))
    with pytest.raises(ValidationError) as caught:
        parse(valid[:i] + ch + valid[i:])
    assert "osynliga tecken" in caught.value.message


@pytest.mark.parametrize("kind", list(PARSERS))
@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2013", "\u2212"])
def test_a_typographic_dash_or_minus_is_read_as_a_hyphen(kind: str, dash: str) -> None:
    parse, valid = PARSERS[kind]
    assert parse(valid.replace("-", dash)) == parse(valid)


def test_a_non_breaking_space_is_a_space() -> None:
    assert Plusgiro.parse("4\u00a012\u00a034-6") == Plusgiro.parse("4 12 34-6")


@given(st.sampled_from(list(PARSERS)), st.text(max_size=20))
def test_whatever_a_number_field_is_given_it_stores_ascii_digits_or_refuses(
    kind: str, text: str
) -> None:
    parse, _valid = PARSERS[kind]
    try:
        number = parse(text)
    except ValidationError as exc:
        assert exc.message  # noqa: PT017 - either outcome is fine; a crash is not
    else:
        value = number.value  # type: ignore[attr-defined]
        assert value.isascii() and value.isdigit()


@pytest.mark.parametrize(
    ("make", "text"),
    [
        (OrgNumber, "２１２０００２８０９"),
        (OrgNumber, "٢١٢٠٠٠٢٨٠٩"),
        (Personnummer, "１９８１１２２８９８７４"),
        (Bankgiro, "７６２０２５５"),
        (Plusgiro, "４１２３４６"),
        (BankAccountNumber, "８３２７９１２３４５６７８９"),
    ],
)
def test_no_value_object_holds_foreign_digits(make: Callable[[str], object], text: str) -> None:
    """The constructors are what the store and the server's decoding run."""
    with pytest.raises(ValidationError, match=WRONG_CHARACTERS):
        make(text)


@pytest.mark.parametrize(
    ("parse", "text", "noun"),
    [
        (OrgNumber.parse, "0000000000", "Organisationsnumret"),
        (OrgNumber.parse, "000000-0000", "Organisationsnumret"),
        (Bankgiro.parse, "000-0000", "Bankgironumret"),
        (Bankgiro.parse, "0000-0000", "Bankgironumret"),
        (Plusgiro.parse, "00", "Plusgironumret"),
        (Plusgiro.parse, "0 00 00-0", "Plusgironumret"),
        (BankAccountNumber.parse, "0000-000", "Kontonumret"),
        (BankAccountNumber.parse, "0000-0 000 000 000", "Kontonumret"),
        (lambda t: Personnummer.parse(t, TODAY), "000000-0000", "Personnumret"),
        (lambda t: Personnummer.parse(t, TODAY), "000000000000", "Personnumret"),
    ],
)
def test_a_number_of_only_zeros_is_refused(
    parse: Callable[[str], object], text: str, noun: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        parse(text)
    assert caught.value.message == f"{noun} kan inte bestå av bara nollor."


@pytest.mark.parametrize(
    ("make", "text"),
    [
        (OrgNumber, "0000000000"),
        (Bankgiro, "0000000"),
        (Plusgiro, "00"),
        (BankAccountNumber, "0000000"),
    ],
)
def test_no_value_object_holds_only_zeros(make: Callable[[str], object], text: str) -> None:
    with pytest.raises(ValidationError, match="bara nollor"):
        make(text)


@given(st.integers(1, 10**8))
def test_a_number_with_a_digit_other_than_zero_is_not_refused_as_zeros(n: int) -> None:
    body = f"{n:07d}"[-7:]
    assume(set(body) != {"0"})
    number = body + luhn.calc_check_digit(body)
    assert Bankgiro.parse(number).value == number


# --------------------------------------------------------------------------- e-mail


@pytest.mark.parametrize(
    "text", ["anna\u200b@test.se", "anna@te\u202est.se", "anna@test.se\u200e", "ａnna@test.se"]
)
def test_an_email_address_with_invisible_or_look_alike_characters_is_refused(text: str) -> None:
    with pytest.raises(ValidationError):
        EmailAddress.parse(text)
