"""The routes of ``docs/api.md`` for the organisation's contact persons and accounts
(*Uppgifter*, issue 8): their addresses, their unsigned changes and the commands making
them. Like every route, each is one call of the service API
(:class:`~kawebb_desktop.services.api.OrganisationsApi`) and decides nothing itself;
the changes are signed with the users' (``POST …/signing``).
"""

# No ``from __future__ import annotations`` here: FastAPI reads these signatures.

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from kawebb_desktop.server.models import (
    ChangeAccountIn,
    ChangeContactIn,
    CreateAccountIn,
    CreateContactIn,
    EditPendingAccountIn,
    EditPendingContactIn,
    RemoveIn,
    VersionIn,
)
from kawebb_desktop.server.routes import (
    ERROR_RESPONSES,
    PREFIX,
    IdempotencyKey,
    ObjectId,
    OrgId,
    ServerState,
    Token,
    _json,
    _no_content,
    _versioned,
)
from kawebb_desktop.services.api import (
    Caller,
    ChangeAccount,
    ChangeContact,
    CreateAccount,
    CreateContact,
    DiscardPending,
    EditPendingAccount,
    EditPendingContact,
    RemoveAccount,
    RemoveContact,
)

ORG = "/organisations/{org_id}"


def org_data_router(state: ServerState) -> APIRouter:
    """Contact persons and accounts under ``/api/v1/organisations/{org_id}``."""
    router = APIRouter(prefix=PREFIX, responses=ERROR_RESPONSES)
    organisations = state.services.organisations

    @router.get(f"{ORG}/addresses", tags=["organisation"], summary="Adresser att välja bland")
    def addresses(token: Token, org_id: OrgId) -> JSONResponse:
        return _json(organisations.addresses(Caller(token, org_id)))

    # -------------------------------------------------------------- contact persons
    @router.get(f"{ORG}/contacts/pending", tags=["kontaktpersoner"], summary="Osignerade ändringar")
    def pending_contacts(token: Token, org_id: OrgId) -> JSONResponse:
        return _json(organisations.pending_contacts(Caller(token, org_id)))

    @router.post(f"{ORG}/contacts", tags=["kontaktpersoner"], status_code=201)
    def create_contact(
        token: Token, org_id: OrgId, key: IdempotencyKey, body: CreateContactIn
    ) -> JSONResponse:
        command = CreateContact(body.draft.to_draft(), key, take_over=body.take_over)
        return _json(organisations.create_contact(Caller(token, org_id), command), 201)

    @router.put(f"{ORG}/contacts/{{contact_id}}", tags=["kontaktpersoner"])
    def change_contact(
        token: Token,
        org_id: OrgId,
        contact_id: ObjectId,
        key: IdempotencyKey,
        body: ChangeContactIn,
    ) -> JSONResponse:
        command = ChangeContact(
            contact_id,
            body.version,
            body.draft.to_draft(),
            key,
            pending=_versioned(body.pending),
            take_over=body.take_over,
        )
        return _json(organisations.change_contact(Caller(token, org_id), command))

    @router.post(f"{ORG}/contacts/{{contact_id}}/remove", tags=["kontaktpersoner"])
    def remove_contact(
        token: Token, org_id: OrgId, contact_id: ObjectId, key: IdempotencyKey, body: RemoveIn
    ) -> JSONResponse:
        command = RemoveContact(contact_id, body.version, key, pending=_versioned(body.pending))
        return _json(organisations.remove_contact(Caller(token, org_id), command))

    @router.put(f"{ORG}/contacts/pending/{{change_id}}", tags=["kontaktpersoner"])
    def edit_pending_contact(
        token: Token,
        org_id: OrgId,
        change_id: ObjectId,
        key: IdempotencyKey,
        body: EditPendingContactIn,
    ) -> JSONResponse:
        command = EditPendingContact(
            change_id, body.version, body.draft.to_draft(), key, take_over=body.take_over
        )
        return _json(organisations.edit_pending_contact(Caller(token, org_id), command))

    # -------------------------------------------------------------- accounts
    @router.get(f"{ORG}/accounts/pending", tags=["konton"], summary="Osignerade ändringar")
    def pending_accounts(token: Token, org_id: OrgId) -> JSONResponse:
        return _json(organisations.pending_accounts(Caller(token, org_id)))

    @router.post(f"{ORG}/accounts", tags=["konton"], status_code=201)
    def create_account(
        token: Token, org_id: OrgId, key: IdempotencyKey, body: CreateAccountIn
    ) -> JSONResponse:
        command = CreateAccount(body.draft.to_draft(), key, take_over=body.take_over)
        return _json(organisations.create_account(Caller(token, org_id), command), 201)

    @router.put(f"{ORG}/accounts/{{account_id}}", tags=["konton"])
    def change_account(
        token: Token,
        org_id: OrgId,
        account_id: ObjectId,
        key: IdempotencyKey,
        body: ChangeAccountIn,
    ) -> JSONResponse:
        command = ChangeAccount(
            account_id,
            body.version,
            body.draft.to_draft(),
            key,
            pending=_versioned(body.pending),
            take_over=body.take_over,
        )
        return _json(organisations.change_account(Caller(token, org_id), command))

    @router.post(f"{ORG}/accounts/{{account_id}}/remove", tags=["konton"])
    def remove_account(
        token: Token, org_id: OrgId, account_id: ObjectId, key: IdempotencyKey, body: RemoveIn
    ) -> JSONResponse:
        command = RemoveAccount(account_id, body.version, key, pending=_versioned(body.pending))
        return _json(organisations.remove_account(Caller(token, org_id), command))

    @router.put(f"{ORG}/accounts/pending/{{change_id}}", tags=["konton"])
    def edit_pending_account(
        token: Token,
        org_id: OrgId,
        change_id: ObjectId,
        key: IdempotencyKey,
        body: EditPendingAccountIn,
    ) -> JSONResponse:
        command = EditPendingAccount(
            change_id, body.version, body.draft.to_draft(), key, take_over=body.take_over
        )
        return _json(organisations.edit_pending_account(Caller(token, org_id), command))

    # -------------------------------------------------------------- either
    @router.post(
        f"{ORG}/changes/{{change_id}}/discard",
        tags=["kontaktpersoner", "konton"],
        status_code=204,
        summary="Släng en osignerad ändring av en kontaktperson eller ett konto",
    )
    def discard_pending(
        token: Token, org_id: OrgId, change_id: ObjectId, key: IdempotencyKey, body: VersionIn
    ) -> Response:
        command = DiscardPending(change_id, body.version, key)
        organisations.discard_pending(Caller(token, org_id), command)
        return _no_content()

    return router


__all__ = ["org_data_router"]
