"""Phone numbers, contact and account drafts, and the organisation-wide rules (issue 8)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kawebb_desktop.domain.changes import (
    AccountDraft,
    ChangeAction,
    ChangeKind,
    ContactDraft,
    PendingChange,
    visible_summary,
)
from kawebb_desktop.domain.entities import Address
from kawebb_desktop.domain.errors import InvalidDraft, RuleViolation, ValidationError
from kawebb_desktop.domain.org_rules import (
    check_accounts_after,
    check_addresses_known,
    check_contacts_after,
    check_units_known,
    validate_account_draft,
    validate_contact_draft,
)
from kawebb_desktop.domain.values import AccountKind, EmailAddress, PhoneNumber, phone_text


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("070-123 45 67", "+46701234567", "070-123 45 67"),
        ("0701234567", "+46701234567", "070-123 45 67"),
        ("+46 70 123 45 67", "+46701234567", "070-123 45 67"),
        ("+46 (0)70-123 45 67", "+46701234567", "070-123 45 67"),
        ("0046 70 123 45 67", "+46701234567", "070-123 45 67"),
        ("08-123 456 78", "+46812345678", "08-123 456 78"),
        ("0942-140 00", "+4694214000", "0942-140 00"),
        ("0942 – 14000", "+4694214000", "0942-140 00"),  # an en dash from a word processor
    ],
)
def test_phone_numbers_are_stored_normalised_and_shown_as_written(
    typed: str, stored: str, shown: str
) -> None:
    number = PhoneNumber.parse(typed)
    assert number.value == stored
    assert number.formatted == shown
    assert phone_text(stored) == shown


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Ange telefonnummer"),
        ("123", "inte ett giltigt svenskt nummer"),
        ("070-FLOWERS", "bara innehålla siffror"),
        ("+47 22 12 34 56", r"svenskt telefonnummer \(\+46\)"),
        ("070\u200b1234567", "osynliga tecken"),
        ("０７０１２３４５６７", "siffrorna 0–9"),
    ],
)
def test_bad_phone_numbers_are_refused_with_a_reason(typed: str, says: str) -> None:
    with pytest.raises(ValidationError, match=says) as refused:
        PhoneNumber.parse(typed, "phone2")
    assert refused.value.field == "phone2"


def test_a_stored_value_must_be_normalised() -> None:
    with pytest.raises(ValidationError):
        PhoneNumber("070-123 45 67")
    assert phone_text("not a number") == "not a number"  # shown as stored, never raises
    assert phone_text("") == ""


@given(st.text(max_size=30))
def test_any_text_is_a_number_or_a_clear_refusal(text: str) -> None:
    number: PhoneNumber | None = None
    refusal: ValidationError | None = None
    try:
        number = PhoneNumber.parse(text)
    except ValidationError as exc:
        refusal = exc
    if number is None:
        assert refusal is not None and refusal.message and refusal.field == "phone"
    else:
        assert PhoneNumber.parse(number.formatted) == number


HOME = Address("Storgatan 1", "917 81", "Dorotea")
SCHOOL = Address("Skolvägen 2", "917 31", "Dorotea")


def _contact(**changes: object) -> ContactDraft:
    base = ContactDraft(
        first_name="  Beda ",
        last_name="Möller",
        email=EmailAddress("beda@dorotea.se"),
        phone1="070-123 45 67",
        phone2="",
        unit_ids=(3, 1, 3),
        addresses=(SCHOOL, HOME, SCHOOL),
        administrative=True,
    )
    return ContactDraft(**{**{f: getattr(base, f) for f in base.__slots__}, **changes})  # type: ignore[arg-type]


def test_a_valid_contact_draft_is_normalised() -> None:
    draft = validate_contact_draft(_contact())
    assert draft.first_name == "Beda"
    assert draft.phone1 == "+46701234567"
    assert draft.unit_ids == (1, 3)
    assert draft.addresses == tuple(sorted({HOME, SCHOOL}))  # sorted, each once
    assert ContactDraft.from_payload(draft.to_payload()) == draft


def test_a_contact_draft_names_every_wrong_field() -> None:
    with pytest.raises(InvalidDraft) as refused:
        validate_contact_draft(_contact(first_name=" ", phone1="12", phone2="+47 22 12 34 56"))
    assert {v.field for v in refused.value.violations} == {"first_name", "phone1", "phone2"}


def test_a_second_phone_alone_becomes_the_first() -> None:
    draft = validate_contact_draft(_contact(phone1="", phone2="08-123 456 78"))
    assert (draft.phone1, draft.phone2) == ("+46812345678", "")


def test_an_account_draft_is_checked_by_its_kind() -> None:
    draft = validate_account_draft(AccountDraft(AccountKind.BANKGIRO, "762-0255", (2, 1)))
    assert draft.number == "7620255"
    assert draft.formatted_number == "762-0255"
    assert draft.unit_ids == (1, 2)
    assert AccountDraft.from_payload(draft.to_payload()) == draft
    with pytest.raises(InvalidDraft) as refused:
        validate_account_draft(AccountDraft(AccountKind.BANKGIRO, "762-0256", ()))
    assert {v.field for v in refused.value.violations} == {"number", "units"}
    assert "utförande verksamhet" in refused.value.violations[1].message


def test_units_and_addresses_must_be_the_organisations() -> None:
    check_units_known((1, 2), {1, 2, 3})
    with pytest.raises(RuleViolation, match="finns inte i kommunen"):
        check_units_known((1, 99), {1, 2})
    check_addresses_known((HOME,), [HOME, SCHOOL])
    with pytest.raises(RuleViolation, match="inte bland kommunens adresser"):
        check_addresses_known((Address("Annan", "1", "X"),), [HOME])


def test_contacts_keep_one_administrative_contact_and_at_least_one_person() -> None:
    admin, other = _contact(), _contact(administrative=False)
    check_contacts_after({1: admin, 2: other})
    with pytest.raises(RuleViolation, match="minst en kontaktperson"):
        check_contacts_after({})
    with pytest.raises(RuleViolation, match="måste ha en administrativ kontakt"):
        check_contacts_after({2: other})
    with pytest.raises(RuleViolation, match="bara ha en administrativ kontakt, men 2"):
        check_contacts_after({1: admin, 3: admin})


def test_accounts_keep_exactly_one_standard_account() -> None:
    default = AccountDraft(AccountKind.PLUSGIRO, "4100003", (1,), is_default=True)
    other = AccountDraft(AccountKind.BANKGIRO, "7620255", (1,))
    check_accounts_after({})  # nothing to mark yet
    check_accounts_after({1: default, 2: other})
    with pytest.raises(RuleViolation, match="måste ha ett standardkonto") as refused:
        check_accounts_after({2: other})
    assert refused.value.field == "is_default"
    with pytest.raises(RuleViolation, match="bara ha ett standardkonto, men 2"):
        check_accounts_after(
            {1: default, 2: AccountDraft(AccountKind.BANKGIRO, "7620255", (1,), True)}
        )
    with pytest.raises(
        RuleViolation, match="redan ett konto med numret Bankgiro 762-0255"
    ) as twice:
        check_accounts_after({1: default, 2: other, 3: other})
    assert twice.value.field == "number"


def test_pending_changes_of_every_kind_describe_themselves() -> None:
    def change(i: int, kind: ChangeKind, payload: dict[str, object]) -> PendingChange:
        return PendingChange(i, 1, kind, ChangeAction.NY, None, payload, 1, None)  # type: ignore[arg-type]

    contact = validate_contact_draft(_contact())
    account = AccountDraft(AccountKind.BANKGIRO, "7620255", (1,), is_default=True)
    changes = [
        change(1, ChangeKind.CONTACT, contact.to_payload()),
        change(2, ChangeKind.ACCOUNT, account.to_payload()),
    ]
    text = visible_summary("Dorotea kommun", changes)
    assert "ändringar av uppgifter för Dorotea kommun" in text
    assert "Ny: kontaktperson Beda Möller, beda@dorotea.se, 070-123 45 67" in text
    assert "administrativ kontakt" in text
    assert "Ny: konto Bankgiro 762-0255, 1 utförande verksamhet(er), standardkonto" in text
