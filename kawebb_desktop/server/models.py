"""Request bodies and parameter types of the HTTP API, as pydantic models.

They describe the shapes (so ``/openapi.json`` documents every body and parameter) and
refuse what no service could use — a missing field, a wrong type, an id beyond 32 bits,
text with NUL characters — with a 422 before any service runs. What a value *means*
(a valid personnummer, an e-mail address, the rules) is left to the domain's own
``parse`` functions and the services, so the server and the local app refuse the same
input with the same Swedish sentence.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from kawebb_desktop.domain.changes import AccountDraft, ContactDraft, UserDraft
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.entities import Address
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import AccountKind, EmailAddress, Personnummer

#: Ids and versions are INTEGER columns (32 bits on PostgreSQL, which refuses to even
#: compare a larger number with them): anything larger cannot exist.
MAX_ID = 2**31 - 1
MAX_VERSION = 2**31 - 1
#: A page may start anywhere up to this row.
MAX_OFFSET = 2**31 - 1
MAX_PAGE = 500
MAX_TEXT = 200
MAX_SET = 1000


def _clean_text(value: str) -> str:
    """No NUL (PostgreSQL cannot store it) and nothing UTF-8 cannot encode."""
    if "\x00" in value:
        raise PydanticCustomError("text_invalid", "text contains NUL")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError("text_invalid", "text is not valid UTF-8") from None
    return value


Text = Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_clean_text)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=1, le=MAX_VERSION)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class UserDraftIn(_Body):
    """What a person types in the Skapa/Ändra användare form; the server parses it with
    the domain's ``parse`` functions (a malformed value is 422 with ``field``)."""

    first_name: Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_clean_text)]
    last_name: Annotated[str, Field(max_length=MAX_TEXT), AfterValidator(_clean_text)]
    personnummer: Annotated[
        str,
        Field(max_length=30, description="12 eller 10 siffror, med eller utan bindestreck"),
        AfterValidator(_clean_text),
    ]
    email: Annotated[str, Field(max_length=320), AfterValidator(_clean_text)]
    role: Role
    start_date: dt.date
    end_date: dt.date | None = None

    def to_draft(self, clock: Clock) -> UserDraft:
        return UserDraft(
            first_name=self.first_name,
            last_name=self.last_name,
            personnummer=Personnummer.parse(self.personnummer, clock.today()),
            email=EmailAddress.parse(self.email),
            role=self.role,
            start_date=self.start_date,
            end_date=self.end_date,
        )


class CreateUserIn(_Body):
    draft: UserDraftIn


class VersionIn(_Body):
    version: Version


class VersionedIdIn(_Body):
    id: Id
    version: Version


#: The unsigned change of the user a command started from (``null``: there was none).
Pending = Annotated[
    VersionedIdIn | None,
    Field(description="Användarens osignerade ändring som formuläret utgick från (id, version)"),
]


class EditPendingIn(_Body):
    version: Version
    draft: UserDraftIn


class ChangeUserIn(_Body):
    version: Version
    draft: UserDraftIn
    pending: Pending = None


class RemoveUserIn(_Body):
    version: Version
    pending: Pending = None


class SetEndDateIn(_Body):
    users: Annotated[list[VersionedIdIn], Field(max_length=MAX_SET)]
    end_date: dt.date
    #: The unsigned changes of those users that the caller saw.
    pending: Annotated[list[VersionedIdIn], Field(max_length=MAX_SET)] = []


class StartSigningIn(_Body):
    #: The change set the user confirmed (each change's id and version); null: whatever
    #: is pending.
    changes: (
        Annotated[
            list[VersionedIdIn],
            Field(
                max_length=MAX_SET,
                description="Ändringarna som användaren bekräftade (id, version)",
            ),
        ]
        | None
    ) = None


# ------------------------------------------------------------------ contacts and accounts
class AddressIn(_Body):
    street_address: Text
    postal_code: Annotated[str, Field(max_length=20), AfterValidator(_clean_text)]
    city: Text

    def to_address(self) -> Address:
        return Address(self.street_address, self.postal_code, self.city)


class ContactDraftIn(_Body):
    """What a person types in the contact person form. The e-mail address is parsed
    here (a malformed one is 422 with ``field``); names, phones, units and addresses are
    the service's to check, as in the local app."""

    first_name: Text
    last_name: Text
    email: Annotated[str, Field(max_length=320), AfterValidator(_clean_text)]
    phone1: Annotated[str, Field(max_length=40), AfterValidator(_clean_text)] = ""
    phone2: Annotated[str, Field(max_length=40), AfterValidator(_clean_text)] = ""
    unit_ids: Annotated[list[Id], Field(max_length=MAX_SET)] = []
    addresses: Annotated[list[AddressIn], Field(max_length=MAX_SET)] = []
    administrative: bool = False

    def to_draft(self) -> ContactDraft:
        return ContactDraft(
            first_name=self.first_name,
            last_name=self.last_name,
            email=EmailAddress.parse(self.email),
            phone1=self.phone1,
            phone2=self.phone2,
            unit_ids=tuple(self.unit_ids),
            addresses=tuple(a.to_address() for a in self.addresses),
            administrative=self.administrative,
        )


class AccountDraftIn(_Body):
    """What a person types in the account form; the number is checked by the service
    (by its kind's check digit)."""

    kind: AccountKind
    number: Annotated[str, Field(max_length=50), AfterValidator(_clean_text)]
    unit_ids: Annotated[list[Id], Field(max_length=MAX_SET)] = []
    is_default: bool = False

    def to_draft(self) -> AccountDraft:
        return AccountDraft(
            kind=self.kind,
            number=self.number,
            unit_ids=tuple(self.unit_ids),
            is_default=self.is_default,
        )


#: Whether the new or changed contact (account) takes over being the administrative
#: contact (the standard account) from the present one.
TakeOver = Annotated[
    bool,
    Field(description="Tar över som administrativ kontakt / standardkonto från den nuvarande"),
]


class CreateContactIn(_Body):
    draft: ContactDraftIn
    take_over: TakeOver = False


class ChangeContactIn(_Body):
    version: Version
    draft: ContactDraftIn
    pending: Pending = None
    take_over: TakeOver = False


class EditPendingContactIn(_Body):
    version: Version
    draft: ContactDraftIn
    take_over: TakeOver = False


class CreateAccountIn(_Body):
    draft: AccountDraftIn
    take_over: TakeOver = False


class ChangeAccountIn(_Body):
    version: Version
    draft: AccountDraftIn
    pending: Pending = None
    take_over: TakeOver = False


class EditPendingAccountIn(_Body):
    version: Version
    draft: AccountDraftIn
    take_over: TakeOver = False


class RemoveIn(_Body):
    """Removing a contact person or an account: as read, and the unsigned change of it
    the caller started from."""

    version: Version
    pending: Pending = None


class OrderRefIn(_Body):
    orderRef: Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_clean_text)]


class EnterIn(_Body):
    organisation_id: Id


class ResumeIn(_Body):
    """Unlocking after idle time: the locked session and where it worked (the request's
    own token is the fresh login of the same person)."""

    session_token: Annotated[str, Field(min_length=1, max_length=200)]
    organisation_id: Id


class ApproveIn(_Body):
    personnummer: Annotated[str, Field(max_length=30), AfterValidator(_clean_text)] | None = None


class ErrorOut(BaseModel):
    """Every error answer (``docs/api.md``, Errors): a code and a Swedish message."""

    code: str = Field(description="bad_request, unauthenticated, forbidden, not_found, …")
    message: str = Field(description="På svenska, för att visas som det är")
    field: str | None = Field(default=None, description="Formulärfältet det gäller")
    hintCode: str | None = Field(default=None, description="BankID:s hintCode")
    template: str | None = Field(
        default=None,
        description="Meddelandets mall med {namn}-fält, när det har värden (för översättning)",
    )
    params: dict[str, Any] | None = Field(
        default=None,
        description="Värdena till mallens fält: en text, eller ett meddelande {template, params}",
    )


# ------------------------------------------------------------------ AF's side (routes_af)
class RegisterAgreementIn(_Body):
    """An agreement as AF received it (``POST /af/agreements``); the values are parsed by
    the domain (a malformed one is 422 with ``field``)."""

    org_number: Annotated[str, Field(max_length=30), AfterValidator(_clean_text)]
    name: Text
    street_address: Text = ""
    postal_code: Annotated[str, Field(max_length=20), AfterValidator(_clean_text)] = ""
    city: Text = ""
    admin_personnummer: Annotated[str, Field(max_length=30), AfterValidator(_clean_text)]
    admin_first_name: Text
    admin_last_name: Text
    admin_email: Annotated[str, Field(max_length=320), AfterValidator(_clean_text)]
    received_on: dt.date | None = Field(default=None, description="Standard: i dag")
    concerns_new_admin: bool = False


class ActivateAgreementIn(_Body):
    email: Annotated[str, Field(max_length=320), AfterValidator(_clean_text)] | None = Field(
        default=None, description="Standard: adressen från registreringen"
    )


class PublishNewsIn(_Body):
    """A news item (``POST /af/news``); the rules are the service's (a refusal is 422
    with ``field``), the lengths here only keep absurd bodies out."""

    title: Annotated[str, Field(max_length=2_000), AfterValidator(_clean_text)]
    text: Annotated[str, Field(max_length=40_000), AfterValidator(_clean_text)]
    published_on: dt.date | None = Field(default=None, description="Standard: i dag")


class ReviewAccountIn(_Body):
    org_number: Annotated[str, Field(max_length=30), AfterValidator(_clean_text)]
    status: Annotated[
        str,
        Field(max_length=50, description="ny, godkänd, ej-godkänd (eller statusens text)"),
        AfterValidator(_clean_text),
    ]
