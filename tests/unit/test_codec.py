"""The codec turns every answer and command of the service API into JSON and back,
unchanged; malformed JSON is a ``DecodeError``, never another exception."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import ChangeAction, ChangeKind, PendingChange, UserDraft
from kawebb_desktop.domain.entities import (
    Account,
    Address,
    AuditEntry,
    AuthorizationStatus,
    Case,
    CaseKind,
    CaseStatus,
    ContactPerson,
    Organisation,
    Person,
    Receipt,
    Unit,
    User,
)
from kawebb_desktop.domain.entities import (
    AccountUpdater as Updater,
)
from kawebb_desktop.domain.orders import OrderPurpose, OrderState, SigningOrder
from kawebb_desktop.domain.queries import CaseQuery, CaseSort, Page, UserQuery, UserSort
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.sessions import IdempotencyRecord, Session
from kawebb_desktop.domain.values import AccountKind, EmailAddress, OrgNumber, Personnummer
from kawebb_desktop.services import codec
from kawebb_desktop.services.api import (
    Caller,
    ChangeUser,
    CreateUser,
    DiscardPending,
    EditPending,
    LoginProgress,
    Me,
    OrderView,
    OrganisationChoice,
    PendingUserChange,
    RemoveUser,
    SetEndDate,
    SignProgress,
    StartSigning,
    TestPerson,
    UserRow,
    VersionedId,
)
from kawebb_desktop.services.codec import DecodeError
from kawebb_desktop.signing.base import CollectStatus

AT = dt.datetime(2026, 6, 15, 8, 0, 1, 123456, tzinfo=dt.UTC)
ARVID = Person(1, Personnummer("196403269803"), "Arvid", "Aronsson")
ANDREA = UserDraft(
    "Andrea",
    "Sandin",
    Personnummer("197810172424"),
    EmailAddress("andrea.sandin@dorotea.se"),
    Role.TJANSTEADMINISTRATOR,
    dt.date(2026, 6, 15),
    dt.date(2027, 12, 31),
)
DOROTEA = Organisation(1, OrgNumber("2120002809"), "Dorotea kommun", city="Dorotea")
USER = User(
    7,
    1,
    ARVID,
    EmailAddress("arvid.aronsson@dorotea.se"),
    Role.BEHORIGHETSADMINISTRATOR,
    dt.date(2020, 1, 1),
    None,
    activates_at=AT,
    version=3,
)
CHANGE = PendingChange(
    4, 1, ChangeKind.USER, ChangeAction.ANDRAD, 7, ANDREA.to_payload(), 1, AT, version=2
)
NEW = PendingChange(5, 1, ChangeKind.USER, ChangeAction.NY, None, ANDREA.to_payload(), 1, AT)
RECEIPT = Receipt(
    9,
    1,
    "order-ref",
    AT,
    1,
    "Arvid Aronsson",
    Personnummer("196403269803"),
    "Jag signerar …",
    '{"changes":[]}',
    "ab" * 32,
    "PHNpZ25hdHVyZS8+",
    "b2NzcA==",
    2,
)
CHOICE = OrganisationChoice(1, "Dorotea kommun", DOROTEA.org_number, Role.LASARE, 7)
VIEW = OrderView("order-ref", "auto", AT, "Jag signerar åäö", 2, "bankid.x.0.ff")
ACTOR = Actor(
    "token",
    1,
    ARVID.personnummer,
    "Arvid Aronsson",
    1,
    "Dorotea kommun",
    7,
    Role.BEHORIGHETSADMINISTRATOR,
)
CASE = Case(
    3,
    1,
    2,
    1001,
    "Östen",
    "Åberg",
    Personnummer("197010632391"),
    next(iter(CaseStatus)),
    dt.date(2025, 8, 1),
    None,
    "Ärendet registrerat",
    dt.date(2026, 6, 1),
)

VALUES: list[tuple[Any, object]] = [
    (Page[UserRow], Page((UserRow(USER, AuthorizationStatus.AKTIV, None),), 1, 0, 10)),
    (
        Page[UserRow],
        Page(
            (
                UserRow(USER, AuthorizationStatus.AKTIV, ChangeAction.BORTTAGEN),
                UserRow(USER, AuthorizationStatus.VANTAR_PA_AKTIVERING, None),
            ),
            12,
            10,
            10,
        ),
    ),
    (Page[UserRow], Page((), 0, 0, 10)),
    (PendingUserChange, PendingUserChange(CHANGE, ANDREA, USER)),
    (PendingUserChange, PendingUserChange(NEW, ANDREA, None)),
    (list[PendingUserChange], [PendingUserChange(NEW, ANDREA, None)]),
    (OrderView, VIEW),
    (SignProgress, SignProgress(CollectStatus.COMPLETE, None, "Signeringen lyckades.", RECEIPT)),
    (SignProgress, SignProgress(CollectStatus.PENDING, "userSign", "Skriv in …", None, "qr")),
    (Page[Receipt], Page((RECEIPT,), 1, 0, 20)),
    (LoginProgress, LoginProgress(CollectStatus.PENDING, "outstandingTransaction", "Starta")),
    (
        LoginProgress,
        LoginProgress(CollectStatus.COMPLETE, None, "ok", "", "token", ARVID, (CHOICE, CHOICE)),
    ),
    (Me, Me(ARVID, (CHOICE,))),
    (Me, Me(ARVID, ())),
    (Actor, ACTOR),
    (Caller, Caller("token", 1)),
    (Case, CASE),
    (Page[Case], Page((CASE,), 1, 0, 50)),
    (Organisation, DOROTEA),
    (Unit, Unit(2, 1, "Dorotea UBK", CaseKind.HUVUDARENDE)),
    (
        ContactPerson,
        ContactPerson(1, 1, "Beda", "Möller", EmailAddress("beda@dorotea.se")),
    ),
    (
        ContactPerson,
        ContactPerson(
            1,
            1,
            "Beda",
            "Möller",
            EmailAddress("beda@dorotea.se"),
            "+46701234567",
            "",
            (2, 3),
            (Address("Storgatan 13", "917 81", "Dorotea"), Address("Torget 1", "919 80", "Åsele")),
            administrative=True,
            version=4,
        ),
    ),
    (
        Account,
        Account(
            1,
            1,
            AccountKind.BANKGIRO,
            "56781234",
            "Granskad",
            dt.date(2026, 1, 2),
            next(iter(Updater)),
        ),
    ),
    (
        Account,
        Account(
            1,
            1,
            AccountKind.PLUSGIRO,
            "4123450",
            "Granskad",
            dt.date(2026, 1, 2),
            next(iter(Updater)),
            unit_ids=(2, 3),
            is_default=True,
            version=2,
        ),
    ),
    (User, USER),
    (Person, ARVID),
    (Person | None, None),
    (Person | None, ARVID),
    (UserDraft, ANDREA),
    (UserDraft, UserDraft("Ö", "Å", ARVID.personnummer, USER.email, Role.LASARE, AT.date(), None)),
    (CreateUser, CreateUser(ANDREA, key="k1")),
    (ChangeUser, ChangeUser(7, 3, ANDREA, key="k2")),
    (RemoveUser, RemoveUser(7, 3, key="k3")),
    (SetEndDate, SetEndDate((VersionedId(7, 3), VersionedId(8, 1)), dt.date(2027, 6, 30), "k4")),
    (EditPending, EditPending(4, 2, ANDREA, key="k5")),
    (DiscardPending, DiscardPending(4, 2, key="k6")),
    (StartSigning, StartSigning(key="k7")),
    (StartSigning, StartSigning(key="k8", changes=(VersionedId(4, 2),))),
    (UserQuery, UserQuery("möller", UserSort.LAST_NAME, True, 10, 20)),
    (CaseQuery, CaseQuery(2, "Åberg", sort=next(iter(CaseSort)), offset=50)),
    (TestPerson, TestPerson("196403269803", "Arvid Aronsson")),
    (list[TestPerson], [TestPerson("196403269803", "Arvid Aronsson")]),
    (
        SigningOrder,
        SigningOrder("r", OrderPurpose.SIGN, AT, OrderState.PENDING, "a", "q", "s", 1, 1, "d" * 64),
    ),
    (Session, Session(1, "h" * 64, 1, AT, AT, None, "r")),
    (IdempotencyRecord, IdempotencyRecord("k", 1, "h" * 64, "{}", AT)),
    (AuditEntry, AuditEntry(1, None, AT, None, "Okänd", "inloggning.nekad", "…")),
    (type(None), None),
]


@pytest.mark.parametrize(("kind", "value"), VALUES, ids=lambda v: getattr(v, "__name__", None))
def test_every_api_value_round_trips(kind: Any, value: object) -> None:
    text = codec.dumps(value)
    assert json.loads(text) == codec.to_json(value)
    assert codec.loads(kind, text) == value
    assert codec.from_json(kind, json.loads(text)) == value
    assert codec.dumps(codec.loads(kind, text)) == text


def test_the_json_is_plain_and_readable() -> None:
    data = codec.to_json(PendingUserChange(CHANGE, ANDREA, USER))
    assert data["draft"]["personnummer"] == "197810172424"
    assert data["draft"]["email"] == "andrea.sandin@dorotea.se"
    assert data["draft"]["role"] == "tjansteadministrator"
    assert data["draft"]["end_date"] == "2027-12-31"
    assert data["change"]["created_at"] == "2026-06-15T08:00:01.123456+00:00"
    assert data["change"]["action"] == "andrad"
    assert data["current"]["person"]["personnummer"] == "196403269803"
    assert "id" not in data  # a property, not a field
    assert codec.dumps({"b": 1, "a": "å"}) == '{"a":"å","b":1}'


def test_decoding_runs_the_constructors() -> None:
    """A decoded value is as checked as a typed-in one."""
    data = codec.to_json(ANDREA)
    for name, bad in (
        ("personnummer", "196403269804"),  # wrong check digit
        ("email", "not an address"),
        ("role", "kung"),
        ("start_date", "2026-02-30"),
        ("end_date", 20261231),
    ):
        with pytest.raises(DecodeError):
            codec.from_json(UserDraft, {**data, name: bad})


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        (UserDraft, None),
        (UserDraft, []),
        (UserDraft, "Andrea"),
        (UserDraft, {}),
        (UserDraft, {**codec.to_json(ANDREA), "first_name": 1}),
        (UserDraft, {**codec.to_json(ANDREA), "end_date": [2027, 12, 31]}),
        (Page[UserRow], {"items": {}, "total": 0, "offset": 0, "limit": 10}),
        (Page[UserRow], {"items": [None], "total": 0, "offset": 0, "limit": 10}),
        (Page[UserRow], {"items": [], "total": "0", "offset": 0, "limit": 10}),
        (Page[UserRow], {"items": [], "total": True, "offset": 0, "limit": 10}),
        (Page[UserRow], {"items": [], "total": 1.5, "offset": 0, "limit": 10}),
        (SetEndDate, {"users": [{"id": 1}], "end_date": "2027-01-01", "key": "k"}),
        (SetEndDate, {"users": "1,2", "end_date": "2027-01-01", "key": "k"}),
        (OrderView, {**codec.to_json(VIEW), "started_at": "igår"}),
        (OrderView, {**codec.to_json(VIEW), "started_at": 0}),
        (SignProgress, {"status": "done", "hint_code": None, "message": ""}),
        (SignProgress, {"status": "complete", "hint_code": None, "message": "", "receipt": 1}),
        (LoginProgress, {"status": "complete", "hint_code": None, "message": "", "choices": {}}),
        (Me, {"person": {**codec.to_json(ARVID), "personnummer": "1"}, "authorizations": []}),
        (Actor, {**codec.to_json(ACTOR), "role": None}),
        (Organisation, {**codec.to_json(DOROTEA), "org_number": "2120002808"}),
        (Person | None, "null"),
        (type(None), 0),
        (list[PendingUserChange], {"0": None}),
        (bool, "true"),
        (float, "1.0"),
        (str, None),
    ],
)
def test_malformed_input_is_a_decode_error(kind: Any, data: object) -> None:
    with pytest.raises(DecodeError):
        codec.from_json(kind, data)


def test_text_that_is_not_json_is_a_value_error() -> None:
    with pytest.raises(ValueError):  # json.JSONDecodeError is a ValueError
        codec.loads(UserDraft, "{not json")


def test_what_cannot_be_encoded_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        codec.to_json(object())


# ------------------------------------------------------------------ properties
@st.composite
def personnummer(draw: st.DrawFn) -> Personnummer:
    birth = draw(st.dates(dt.date(1900, 1, 1), dt.date(2026, 6, 15)))
    day = birth.day + (60 if draw(st.booleans()) else 0)
    body = f"{birth:%y%m}{day:02d}{draw(st.integers(1, 999)):03d}"
    return Personnummer(f"{birth.year // 100}{body}{luhn.calc_check_digit(body)}")


emails = st.builds(
    lambda local, domain, tld: EmailAddress(f"{local}@{domain}.{tld}"),
    st.from_regex(r"[a-z0-9](?:[a-z0-9._+-]{0,20}[a-z0-9])?", fullmatch=True).filter(
        lambda s: ".." not in s
    ),
    st.from_regex(r"[a-zåäö0-9](?:[a-zåäö0-9-]{0,20}[a-zåäö0-9])?", fullmatch=True),
    st.from_regex(r"[a-z]{2,6}", fullmatch=True),
)
drafts = st.builds(
    UserDraft,
    first_name=st.text(max_size=40),
    last_name=st.text(max_size=40),
    personnummer=personnummer(),
    email=emails,
    role=st.sampled_from(Role),
    start_date=st.dates(),
    end_date=st.none() | st.dates(),
)


@settings(max_examples=200, deadline=None)
@given(drafts)
def test_every_user_draft_round_trips(draft: UserDraft) -> None:
    assert codec.loads(UserDraft, codec.dumps(draft)) == draft
    assert codec.from_json(UserDraft, json.loads(json.dumps(codec.to_json(draft)))) == draft
    assert UserDraft.from_payload(draft.to_payload()) == draft


@settings(max_examples=100, deadline=None)
@given(drafts, st.text(min_size=1, max_size=200), st.integers(1, 2**31))
def test_every_command_with_a_draft_round_trips(draft: UserDraft, key: str, version: int) -> None:
    for command in (
        CreateUser(draft, key),
        ChangeUser(version, version, draft, key),
        EditPending(version, version, draft, key),
    ):
        assert codec.loads(type(command), codec.dumps(command)) == command


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
draft_fields = st.fixed_dictionaries(
    {},
    optional={name: json_values | st.just(value) for name, value in codec.to_json(ANDREA).items()},
)
KINDS: list[Any] = [
    UserDraft,
    Page[UserRow],
    PendingUserChange,
    SignProgress,
    LoginProgress,
    Me,
    Actor,
    SetEndDate,
    Case,
    Person | None,
    list[PendingUserChange],
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(KINDS), json_values | draft_fields)
def test_arbitrary_json_decodes_or_is_a_decode_error(kind: Any, data: object) -> None:
    with contextlib.suppress(DecodeError):  # a value or a DecodeError; nothing else
        codec.from_json(kind, data)


@settings(max_examples=300, deadline=None)
@given(draft_fields)
def test_a_mangled_draft_decodes_to_a_valid_draft_or_is_a_decode_error(
    data: dict[str, Any],
) -> None:
    try:
        decoded = codec.from_json(UserDraft, data)
    except DecodeError as exc:
        assert str(exc)  # noqa: PT017
    else:
        assert isinstance(decoded, UserDraft)
        assert codec.from_json(UserDraft, codec.to_json(decoded)) == decoded


def test_plain_values_pass_through_and_enums_in_containers_still_encode() -> None:
    from decimal import Decimal

    value = {"a": [Role.LASARE, True, None, 1.5, "x", 2], "b": OrderState.PENDING}
    value["c"] = Decimal("1.50")  # type: ignore[assignment]
    assert codec.to_json(value) == {
        "a": [Role.LASARE.value, True, None, 1.5, "x", 2],
        "b": OrderState.PENDING.value,
        "c": "1.50",
    }
    rows = {"cases": ({"id": 1, "opened": "2026-01-02", "note": None},)}
    decoded = codec.from_json(dict[str, tuple[dict[str, object], ...]], codec.to_json(rows))
    assert decoded == rows
