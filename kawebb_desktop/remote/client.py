"""The service API (``services.api``) over HTTP: one class per protocol, each a thin
translation of a method into a route of ``docs/api.md`` and back.

Nothing here decides anything: the server resolves the token, checks the role and
applies every rule. The only check made here is :meth:`RemoteUsers.validate_draft`, the
store-free checks a form runs as you type — the very function the service uses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any
from urllib.parse import quote

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.audit_chain import ReceiptCheck
from kawebb_desktop.domain.changes import (
    ClaimDraft,
    UserDraft,
    canonical_json,
    digest_of,
    normalised_draft,
)
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.compensation import Compensation
from kawebb_desktop.domain.entities import (
    Account,
    Address,
    Case,
    ClaimQuery,
    ContactPerson,
    NewsItem,
    Organisation,
    Person,
    Receipt,
    Unit,
    User,
)
from kawebb_desktop.domain.errors import ValidationError
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.domain.queries import CaseQuery, Page, UserQuery, check_limit
from kawebb_desktop.domain.rules import validate_user_draft
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.remote.errors import NOT_UNDERSTOOD, UnexpectedAnswer
from kawebb_desktop.remote.transport import Transport, decode
from kawebb_desktop.services.api import (
    BAD_PUSH_COUNT,
    MAX_PUSH,
    AgreementView,
    Caller,
    CaseDetail,
    ChangeAccount,
    ChangeContact,
    ChangeUser,
    ClaimList,
    CreateAccount,
    CreateClaim,
    CreateContact,
    CreateUser,
    DiscardDocument,
    DiscardPending,
    DocumentView,
    EditPending,
    EditPendingAccount,
    EditPendingContact,
    FeedPage,
    LoginProgress,
    Me,
    OrderView,
    OrganisationChoice,
    PendingAccountChange,
    PendingClaimChange,
    PendingContactChange,
    PendingDocumentChange,
    PendingUserChange,
    PushCommand,
    PushResult,
    RemoveAccount,
    RemoveContact,
    RemoveUser,
    SaveDocument,
    SendDocument,
    ServiceOffering,
    SetEndDate,
    SignPreview,
    SignProgress,
    StartSigning,
    StatusOverview,
    TestPerson,
    UserRow,
    VersionedId,
    check_feed_request,
)
from kawebb_desktop.signing.base import CollectStatus

#: What the local service calls a login order (the server's start answer has no summary).
LOGIN_SUMMARY = "Inloggning i KA Webb"


def _seg(value: str | int) -> str:
    """One path segment, escaped (an order reference or personnummer is never a path)."""
    return quote(str(value), safe="")


def _org(caller: Caller) -> str:
    return f"/organisations/{_seg(caller.organisation_id)}"


def _field(data: Any, name: str, kind: Any, status: int = 200) -> Any:
    if not isinstance(data, dict) or name not in data:
        raise UnexpectedAnswer(msg(NOT_UNDERSTOOD, status=status))
    return decode(kind, data[name], status)


# ---------------------------------------------------------------------- login
class RemoteAuth:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    @property
    def transport(self) -> Transport:
        return self._t

    def start_login(self) -> OrderView:
        # Never retried: a repeated start would open a second order (and count twice
        # against the server's rate limit).
        data = self._t.call_json("POST", "/auth/start", body={}, retry=False)
        return OrderView(
            order_ref=_field(data, "orderRef", str),
            auto_start_token=_field(data, "autoStartToken", str),
            started_at=_field(data, "startedAt", dt.datetime),
            summary=str(data.get("summary") or LOGIN_SUMMARY),
            qr_data=_field(data, "qrData", str),
        )

    def login_qr(self, order_ref: str) -> str:
        data = self._t.call_json("POST", "/auth/qr", body={"orderRef": order_ref}, retry=True)
        return str(_field(data, "qrData", str))

    def collect_login(self, order_ref: str) -> LoginProgress:
        # Never retried: the completion (and the session token) is handed out once.
        data = self._t.call_json("POST", "/auth/collect", body={"orderRef": order_ref}, retry=False)
        if not isinstance(data, dict):
            raise UnexpectedAnswer(msg(NOT_UNDERSTOOD, status=200))
        return LoginProgress(
            status=_field(data, "status", CollectStatus),
            hint_code=decode(str | None, data.get("hintCode")),
            message=_field(data, "message", str),
            qr_data=decode(str, data.get("qrData") or ""),
            token=decode(str | None, data.get("token")),
            person=decode(Person | None, data.get("person")),
            choices=decode(tuple[OrganisationChoice, ...], data.get("organisations") or []),
        )

    def cancel_login(self, order_ref: str) -> None:
        self._t.call_json("POST", "/auth/cancel", body={"orderRef": order_ref}, retry=True)

    def enter(self, token: str, organisation_id: int) -> Actor:
        actor: Actor = self._t.call(
            "POST",
            "/auth/enter",
            answer=Actor,
            token=token,
            body={"organisation_id": organisation_id},
            retry=False,  # not keyed, and it writes an audit entry
        )
        # The server never sends the token back; the actor carries it in memory only.
        return dataclasses.replace(actor, token=token)

    def me(self, token: str) -> Me:
        result: Me = self._t.call("GET", "/me", answer=Me, token=token)
        return result

    def resume(self, login_token: str, token: str, organisation_id: int) -> Actor:
        actor: Actor = self._t.call(
            "POST",
            "/auth/resume",
            answer=Actor,
            token=login_token,
            body={"session_token": token, "organisation_id": organisation_id},
            retry=False,  # the login's session ends with the first answer
        )
        return dataclasses.replace(actor, token=token)

    def logout(self, token: str) -> None:
        # Not retried: a retry after a lost answer would be refused (the token is gone).
        self._t.call("POST", "/auth/logout", token=token, body={}, retry=False)


# ---------------------------------------------------------------------- users
class RemoteUsers:
    def __init__(self, transport: Transport, clock: Clock) -> None:
        self._t = transport
        self._clock = clock

    def list_users(self, caller: Caller, query: UserQuery) -> Page[UserRow]:
        result: Page[UserRow] = self._t.call(
            "GET",
            f"{_org(caller)}/users",
            answer=Page[UserRow],
            token=caller.token,
            params={
                "text": query.text,
                "sort": query.sort.value,
                "descending": query.descending,
                "offset": query.offset,
                "limit": query.limit,
            },
        )
        return result

    def get_user(self, caller: Caller, user_id: int) -> User:
        result: User = self._t.call(
            "GET", f"{_org(caller)}/users/{_seg(user_id)}", answer=User, token=caller.token
        )
        return result

    def list_pending(self, caller: Caller) -> list[PendingUserChange]:
        result: list[PendingUserChange] = self._t.call(
            "GET", f"{_org(caller)}/pending", answer=list[PendingUserChange], token=caller.token
        )
        return result

    def registered_person(self, caller: Caller, personnummer: Personnummer) -> Person | None:
        data = self._t.call_json(
            "GET",
            f"{_org(caller)}/registered-persons/{_seg(personnummer.value)}",
            token=caller.token,
        )
        result: Person | None = _field(data, "person", Person | None)
        return result

    def validate_draft(self, draft: UserDraft) -> UserDraft:
        """The store-free checks, as ``UserAdminService.validate_draft`` makes them (the
        service contract suite holds the two to the same answers)."""
        return validate_user_draft(draft, self._clock.today())

    def create_user(self, caller: Caller, command: CreateUser) -> PendingUserChange:
        result: PendingUserChange = self._t.call(
            "POST",
            f"{_org(caller)}/users",
            answer=PendingUserChange,
            token=caller.token,
            body={"draft": command.draft},
            key=command.key,
        )
        return result

    def change_user(self, caller: Caller, command: ChangeUser) -> PendingUserChange:
        result: PendingUserChange = self._t.call(
            "PUT",
            f"{_org(caller)}/users/{_seg(command.user_id)}",
            answer=PendingUserChange,
            token=caller.token,
            body={"version": command.version, "draft": command.draft, "pending": command.pending},
            key=command.key,
        )
        return result

    def remove_user(self, caller: Caller, command: RemoveUser) -> PendingUserChange:
        result: PendingUserChange = self._t.call(
            "POST",
            f"{_org(caller)}/users/{_seg(command.user_id)}/remove",
            answer=PendingUserChange,
            token=caller.token,
            body={"version": command.version, "pending": command.pending},
            key=command.key,
        )
        return result

    def set_end_date(self, caller: Caller, command: SetEndDate) -> list[PendingUserChange]:
        result: list[PendingUserChange] = self._t.call(
            "POST",
            f"{_org(caller)}/users/end-date",
            answer=list[PendingUserChange],
            token=caller.token,
            body={
                "users": command.users,
                "end_date": command.end_date,
                "pending": command.pending,
            },
            key=command.key,
        )
        return result

    def edit_pending(self, caller: Caller, command: EditPending) -> PendingUserChange:
        result: PendingUserChange = self._t.call(
            "PUT",
            f"{_org(caller)}/pending/{_seg(command.change_id)}",
            answer=PendingUserChange,
            token=caller.token,
            body={"version": command.version, "draft": command.draft},
            key=command.key,
        )
        return result

    def discard_pending(self, caller: Caller, command: DiscardPending) -> None:
        self._t.call(
            "POST",
            f"{_org(caller)}/pending/{_seg(command.change_id)}/discard",
            token=caller.token,
            body={"version": command.version},
            key=command.key,
        )


# ---------------------------------------------------------------------- signing
class RemoteSigning:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def preview(
        self, caller: Caller, changes: tuple[VersionedId, ...] | None = None
    ) -> SignPreview:
        result: SignPreview = self._t.call(
            "POST",
            f"{_org(caller)}/signing/preview",
            answer=SignPreview,
            token=caller.token,
            body={"changes": changes},
            retry=True,  # reads only
        )
        return result

    def start(self, caller: Caller, command: StartSigning) -> OrderView:
        result: OrderView = self._t.call(
            "POST",
            f"{_org(caller)}/signing",
            answer=OrderView,
            token=caller.token,
            body={"changes": command.changes},
            key=command.key,
        )
        return result

    def qr(self, caller: Caller, order_ref: str) -> str:
        data = self._t.call_json(
            "GET", f"{_org(caller)}/signing/{_seg(order_ref)}/qr", token=caller.token
        )
        return str(_field(data, "qrData", str))

    def collect(self, caller: Caller, order_ref: str) -> SignProgress:
        # Never retried (the caller polls every 2 s anyway).
        result: SignProgress = self._t.call(
            "POST",
            f"{_org(caller)}/signing/{_seg(order_ref)}/collect",
            answer=SignProgress,
            token=caller.token,
            body={},
            retry=False,
        )
        return result

    def cancel(self, caller: Caller, order_ref: str) -> None:
        self._t.call(
            "POST",
            f"{_org(caller)}/signing/{_seg(order_ref)}/cancel",
            token=caller.token,
            body={},
            retry=True,  # cancelling twice is cancelling once
        )

    def receipts(
        self, caller: Caller, offset: int = 0, limit: int = 20, search: str = ""
    ) -> Page[Receipt]:
        params: dict[str, str | int | bool | None] = {"offset": offset, "limit": limit}
        if search:
            params["search"] = search
        result: Page[Receipt] = self._t.call(
            "GET",
            f"{_org(caller)}/receipts",
            answer=Page[Receipt],
            token=caller.token,
            params=params,
        )
        return result

    def verify_receipt(self, caller: Caller, receipt_id: int) -> ReceiptCheck:
        result: ReceiptCheck = self._t.call(
            "GET",
            f"{_org(caller)}/receipts/{_seg(receipt_id)}/verification",
            answer=ReceiptCheck,
            token=caller.token,
        )
        return result


# ---------------------------------------------------------------------- reading
class RemoteOrganisations:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def organisation(self, caller: Caller) -> Organisation:
        result: Organisation = self._t.call(
            "GET", _org(caller), answer=Organisation, token=caller.token
        )
        return result

    def units(self, caller: Caller) -> list[Unit]:
        result: list[Unit] = self._t.call(
            "GET", f"{_org(caller)}/units", answer=list[Unit], token=caller.token
        )
        return result

    def contacts(self, caller: Caller) -> list[ContactPerson]:
        result: list[ContactPerson] = self._t.call(
            "GET", f"{_org(caller)}/contacts", answer=list[ContactPerson], token=caller.token
        )
        return result

    def accounts(self, caller: Caller) -> list[Account]:
        result: list[Account] = self._t.call(
            "GET", f"{_org(caller)}/accounts", answer=list[Account], token=caller.token
        )
        return result

    def addresses(self, caller: Caller) -> list[Address]:
        result: list[Address] = self._t.call(
            "GET", f"{_org(caller)}/addresses", answer=list[Address], token=caller.token
        )
        return result

    # -- contact persons
    def pending_contacts(self, caller: Caller) -> list[PendingContactChange]:
        result: list[PendingContactChange] = self._t.call(
            "GET",
            f"{_org(caller)}/contacts/pending",
            answer=list[PendingContactChange],
            token=caller.token,
        )
        return result

    def create_contact(self, caller: Caller, command: CreateContact) -> PendingContactChange:
        result: PendingContactChange = self._t.call(
            "POST",
            f"{_org(caller)}/contacts",
            answer=PendingContactChange,
            token=caller.token,
            body={"draft": command.draft, "take_over": command.take_over},
            key=command.key,
        )
        return result

    def change_contact(self, caller: Caller, command: ChangeContact) -> PendingContactChange:
        result: PendingContactChange = self._t.call(
            "PUT",
            f"{_org(caller)}/contacts/{_seg(command.contact_id)}",
            answer=PendingContactChange,
            token=caller.token,
            body={
                "version": command.version,
                "draft": command.draft,
                "pending": command.pending,
                "take_over": command.take_over,
            },
            key=command.key,
        )
        return result

    def remove_contact(self, caller: Caller, command: RemoveContact) -> PendingContactChange:
        result: PendingContactChange = self._t.call(
            "POST",
            f"{_org(caller)}/contacts/{_seg(command.contact_id)}/remove",
            answer=PendingContactChange,
            token=caller.token,
            body={"version": command.version, "pending": command.pending},
            key=command.key,
        )
        return result

    def edit_pending_contact(
        self, caller: Caller, command: EditPendingContact
    ) -> PendingContactChange:
        result: PendingContactChange = self._t.call(
            "PUT",
            f"{_org(caller)}/contacts/pending/{_seg(command.change_id)}",
            answer=PendingContactChange,
            token=caller.token,
            body={
                "version": command.version,
                "draft": command.draft,
                "take_over": command.take_over,
            },
            key=command.key,
        )
        return result

    # -- accounts
    def pending_accounts(self, caller: Caller) -> list[PendingAccountChange]:
        result: list[PendingAccountChange] = self._t.call(
            "GET",
            f"{_org(caller)}/accounts/pending",
            answer=list[PendingAccountChange],
            token=caller.token,
        )
        return result

    def create_account(self, caller: Caller, command: CreateAccount) -> PendingAccountChange:
        result: PendingAccountChange = self._t.call(
            "POST",
            f"{_org(caller)}/accounts",
            answer=PendingAccountChange,
            token=caller.token,
            body={"draft": command.draft, "take_over": command.take_over},
            key=command.key,
        )
        return result

    def change_account(self, caller: Caller, command: ChangeAccount) -> PendingAccountChange:
        result: PendingAccountChange = self._t.call(
            "PUT",
            f"{_org(caller)}/accounts/{_seg(command.account_id)}",
            answer=PendingAccountChange,
            token=caller.token,
            body={
                "version": command.version,
                "draft": command.draft,
                "pending": command.pending,
                "take_over": command.take_over,
            },
            key=command.key,
        )
        return result

    def remove_account(self, caller: Caller, command: RemoveAccount) -> PendingAccountChange:
        result: PendingAccountChange = self._t.call(
            "POST",
            f"{_org(caller)}/accounts/{_seg(command.account_id)}/remove",
            answer=PendingAccountChange,
            token=caller.token,
            body={"version": command.version, "pending": command.pending},
            key=command.key,
        )
        return result

    def edit_pending_account(
        self, caller: Caller, command: EditPendingAccount
    ) -> PendingAccountChange:
        result: PendingAccountChange = self._t.call(
            "PUT",
            f"{_org(caller)}/accounts/pending/{_seg(command.change_id)}",
            answer=PendingAccountChange,
            token=caller.token,
            body={
                "version": command.version,
                "draft": command.draft,
                "take_over": command.take_over,
            },
            key=command.key,
        )
        return result

    def discard_pending(self, caller: Caller, command: DiscardPending) -> None:
        self._t.call(
            "POST",
            f"{_org(caller)}/changes/{_seg(command.change_id)}/discard",
            token=caller.token,
            body={"version": command.version},
            key=command.key,
        )

    def service_offering(self, caller: Caller) -> list[ServiceOffering]:
        result: list[ServiceOffering] = self._t.call(
            "GET",
            f"{_org(caller)}/service-offering",
            answer=list[ServiceOffering],
            token=caller.token,
        )
        return result

    def agreements(self, caller: Caller) -> list[AgreementView]:
        result: list[AgreementView] = self._t.call(
            "GET", f"{_org(caller)}/agreements", answer=list[AgreementView], token=caller.token
        )
        return result


class RemoteCases:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def list_cases(self, caller: Caller, query: CaseQuery) -> Page[Case]:
        result: Page[Case] = self._t.call(
            "GET",
            f"{_org(caller)}/cases",
            answer=Page[Case],
            token=caller.token,
            params={
                "unit_id": query.unit_id,
                "text": query.text,
                "search_field": query.search_field.value,
                "status": query.status.value if query.status is not None else None,
                "include_closed": query.include_closed,
                "sort": query.sort.value,
                "descending": query.descending,
                "offset": query.offset,
                "limit": query.limit,
            },
        )
        return result

    def count_cases(self, caller: Caller, query: CaseQuery) -> int:
        result: int = self._t.call(
            "GET",
            f"{_org(caller)}/cases/count",
            answer=int,
            token=caller.token,
            params={
                "unit_id": query.unit_id,
                "text": query.text,
                "search_field": query.search_field.value,
                "status": query.status.value if query.status is not None else None,
                "include_closed": query.include_closed,
            },
        )
        return result

    def get_case(self, caller: Caller, case_id: int) -> CaseDetail:
        result: CaseDetail = self._t.call(
            "GET", f"{_org(caller)}/cases/{case_id}", answer=CaseDetail, token=caller.token
        )
        return result


class RemoteNews:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def news(self, caller: Caller, limit: int = 10) -> list[NewsItem]:
        check_limit(limit)  # refused as the local service refuses it, before the wire
        result: list[NewsItem] = self._t.call(
            "GET",
            f"{_org(caller)}/news",
            answer=list[NewsItem],
            token=caller.token,
            params={"limit": limit},
        )
        return result


class RemoteSync:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def changes(self, caller: Caller, feed: str, since: int, limit: int = 1000) -> FeedPage:
        check_feed_request(feed, since, limit)  # refused as the service refuses it
        result: FeedPage = self._t.call(
            "GET",
            f"{_org(caller)}/sync/changes",
            answer=FeedPage,
            token=caller.token,
            params={"feed": feed, "since": since, "limit": limit},
        )
        return result

    def push(self, caller: Caller, commands: list[PushCommand]) -> list[PushResult]:
        if not 1 <= len(commands) <= MAX_PUSH:
            raise ValidationError(BAD_PUSH_COUNT, "commands")
        body = {
            "commands": [{"type": c.type, "key": c.key, "command": c.command} for c in commands]
        }
        # Keyed (so a cut request is sent again, and an offline maker is named): each
        # command's own key makes the repeat harmless.
        batch_key = "push-" + digest_of(canonical_json({"keys": [c.key for c in commands]}))
        results: list[PushResult] = self._t.call(
            "POST",
            f"{_org(caller)}/sync/commands",
            answer=list[PushResult],
            token=caller.token,
            body=body,
            key=batch_key,
        )
        return results


class RemoteClaims:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def claims(self, caller: Caller, query: ClaimQuery) -> ClaimList:
        result: ClaimList = self._t.call(
            "GET",
            f"{_org(caller)}/claims",
            answer=ClaimList,
            token=caller.token,
            params={
                "status": query.status.value if query.status is not None else None,
                "case_id": query.case_id,
                "offset": query.offset,
                "limit": query.limit,
            },
        )
        return result

    def pending_claims(self, caller: Caller) -> list[PendingClaimChange]:
        result: list[PendingClaimChange] = self._t.call(
            "GET",
            f"{_org(caller)}/claims/pending",
            answer=list[PendingClaimChange],
            token=caller.token,
        )
        return result

    def preview_claim(self, caller: Caller, case_id: int, draft: ClaimDraft) -> Compensation:
        # Refused as the local service refuses it, before the wire; a preview saves
        # nothing, so it may be sent again.
        checked = normalised_draft(draft)
        result: Compensation = self._t.call(
            "POST",
            f"{_org(caller)}/claims/preview",
            answer=Compensation,
            token=caller.token,
            body={"case_id": case_id, "draft": checked},
            retry=True,
        )
        return result

    def create_claim(self, caller: Caller, command: CreateClaim) -> PendingClaimChange:
        checked = normalised_draft(command.draft)
        result: PendingClaimChange = self._t.call(
            "POST",
            f"{_org(caller)}/claims",
            answer=PendingClaimChange,
            token=caller.token,
            body={"case_id": command.case_id, "draft": checked},
            key=command.key,
        )
        return result


class RemoteDocuments:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    def documents(self, caller: Caller, case_id: int) -> list[DocumentView]:
        result: list[DocumentView] = self._t.call(
            "GET",
            f"{_org(caller)}/cases/{_seg(case_id)}/documents",
            answer=list[DocumentView],
            token=caller.token,
        )
        return result

    def get_document(self, caller: Caller, document_id: int) -> DocumentView:
        result: DocumentView = self._t.call(
            "GET",
            f"{_org(caller)}/documents/{_seg(document_id)}",
            answer=DocumentView,
            token=caller.token,
        )
        return result

    def save_draft(self, caller: Caller, command: SaveDocument) -> DocumentView:
        values = dict(command.values)
        if command.document_id is None:
            created: DocumentView = self._t.call(
                "POST",
                f"{_org(caller)}/cases/{_seg(command.case_id)}/documents",
                answer=DocumentView,
                token=caller.token,
                body={"type": command.type, "values": values},
                key=command.key,
            )
            return created
        saved: DocumentView = self._t.call(
            "PUT",
            f"{_org(caller)}/documents/{_seg(command.document_id)}",
            answer=DocumentView,
            token=caller.token,
            body={
                "case_id": command.case_id,
                "type": command.type,
                "version": command.version,
                "values": values,
            },
            key=command.key,
        )
        return saved

    def discard_draft(self, caller: Caller, command: DiscardDocument) -> None:
        self._t.call(
            "DELETE",
            f"{_org(caller)}/documents/{_seg(command.document_id)}",
            token=caller.token,
            params={"version": command.version},
            key=command.key,
        )

    def send_document(self, caller: Caller, command: SendDocument) -> PendingDocumentChange:
        result: PendingDocumentChange = self._t.call(
            "POST",
            f"{_org(caller)}/documents/{_seg(command.document_id)}/send",
            answer=PendingDocumentChange,
            token=caller.token,
            body={"version": command.version},
            key=command.key,
        )
        return result

    def pending_documents(self, caller: Caller) -> list[PendingDocumentChange]:
        result: list[PendingDocumentChange] = self._t.call(
            "GET",
            f"{_org(caller)}/documents/pending",
            answer=list[PendingDocumentChange],
            token=caller.token,
        )
        return result

    def status_overview(self, caller: Caller, limit: int = 1000) -> StatusOverview:
        result: StatusOverview = self._t.call(
            "GET",
            f"{_org(caller)}/documents/status-overview",
            answer=StatusOverview,
            token=caller.token,
            params={"limit": limit},
        )
        return result


# ---------------------------------------------------------------------- demo
class RemotePhone:
    """The server's simulated BankID app (only a demo server has one)."""

    def __init__(self, transport: Transport, prefix: str) -> None:
        self._t = transport
        self._prefix = prefix

    def people(self) -> list[TestPerson]:
        data = self._t.call_json("GET", "/simulator/people", prefix=self._prefix)
        result: list[TestPerson] = decode(list[TestPerson], data)
        return result

    def approve(self, order_ref: str, personnummer: str | None = None) -> None:
        body = {} if personnummer is None else {"personnummer": personnummer}
        self._t.call_json(
            "POST",
            f"/simulator/orders/{_seg(order_ref)}/approve",
            body=body,
            retry=True,  # approving an approved order leaves it as it is
            prefix=self._prefix,
        )

    def cancel(self, order_ref: str) -> None:
        """The user presses Avbryt in the simulated app."""
        self._t.call_json(
            "POST",
            f"/simulator/orders/{_seg(order_ref)}/cancel",
            body={},
            retry=True,
            prefix=self._prefix,
        )
