"""The routes of ``docs/api.md`` for case documents (*handlingar*, issue 9): a case's
documents, one document, saving a draft (new or changed), discarding a draft, sending a
document (a pending change, signed with the organisation's other changes through ``POST
…/signing``; discarded with ``POST …/changes/{id}/discard``) and *Statusöversikt*. Like
every route, each is one call of the service API
(:class:`~kawebb_desktop.services.api.DocumentsApi`), which checks every value and rule.
"""

# No ``from __future__ import annotations`` here: FastAPI reads these signatures.

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse, Response
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from kawebb_desktop.domain.documents import MAX_TEXT, DocumentType
from kawebb_desktop.server.models import MAX_ID, Version, _clean_text
from kawebb_desktop.server.routes import (
    ERROR_RESPONSES,
    PREFIX,
    IdempotencyKey,
    OrgId,
    ServerState,
    Token,
    _json,
    _no_content,
)
from kawebb_desktop.services.api import Caller, DiscardDocument, SaveDocument, SendDocument
from kawebb_desktop.services.documents import MAX_OVERVIEW

ORG = "/organisations/{org_id}"

FieldName = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_clean_text)]
FieldValue = Annotated[str, Field(max_length=2 * MAX_TEXT), AfterValidator(_clean_text)]
Values = Annotated[dict[FieldName, FieldValue], Field(max_length=20)]
CaseId = Annotated[int, Path(ge=1, le=MAX_ID, description="Ärendets id")]
DocumentId = Annotated[int, Path(ge=1, le=MAX_ID, description="Handlingens id")]


class NewDocumentIn(BaseModel):
    """A new draft: its type and its field values as typed (the service checks and
    normalises them; a refusal is 422 with ``field`` and a Swedish sentence)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    type: DocumentType
    values: Values


class DraftIn(BaseModel):
    """New values of a draft or returned document, at the version it was read at, with
    the case and type it has (a mismatch is refused)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    case_id: Annotated[int, Field(ge=1, le=MAX_ID, description="Ärendets id")]
    type: DocumentType
    version: Version
    values: Values


class ReviewDocumentIn(BaseModel):
    """AF's decision (``POST /af/documents/{document_id}/review``)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    org_number: Annotated[str, Field(max_length=30), AfterValidator(_clean_text)]
    status: Annotated[
        str,
        Field(max_length=50, description="godkand eller returnerad (eller statusens text)"),
        AfterValidator(_clean_text),
    ]
    comment: Annotated[
        str,
        Field(max_length=4000, description="Vad som ska kompletteras (krävs vid returnerad)"),
        AfterValidator(_clean_text),
    ] = ""


class SendIn(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    version: Version


def documents_router(state: ServerState) -> APIRouter:
    """Case documents under ``/api/v1/organisations/{org_id}``."""
    router = APIRouter(prefix=PREFIX, responses=ERROR_RESPONSES, tags=["handlingar"])
    documents = state.services.documents

    @router.get(f"{ORG}/cases/{{case_id}}/documents", summary="Ärendets handlingar")
    def case_documents(token: Token, org_id: OrgId, case_id: CaseId) -> JSONResponse:
        return _json(documents.documents(Caller(token, org_id), case_id))

    @router.post(
        f"{ORG}/cases/{{case_id}}/documents",
        status_code=201,
        summary="Spara ett nytt utkast",
    )
    def new_document(
        token: Token, org_id: OrgId, case_id: CaseId, key: IdempotencyKey, body: NewDocumentIn
    ) -> JSONResponse:
        command = SaveDocument(case_id, body.type, dict(body.values), None, None, key)
        return _json(documents.save_draft(Caller(token, org_id), command), 201)

    @router.get(f"{ORG}/documents/status-overview", summary="Statusöversikt: skickade handlingar")
    def status_overview(
        token: Token,
        org_id: OrgId,
        limit: Annotated[int, Query(ge=1, le=MAX_OVERVIEW)] = 1000,
    ) -> JSONResponse:
        return _json(documents.status_overview(Caller(token, org_id), limit))

    @router.get(f"{ORG}/documents/pending", summary="Handlingar som väntar på signering")
    def pending_documents(token: Token, org_id: OrgId) -> JSONResponse:
        return _json(documents.pending_documents(Caller(token, org_id)))

    @router.get(f"{ORG}/documents/{{document_id}}", summary="En handling")
    def get_document(token: Token, org_id: OrgId, document_id: DocumentId) -> JSONResponse:
        return _json(documents.get_document(Caller(token, org_id), document_id))

    @router.put(f"{ORG}/documents/{{document_id}}", summary="Spara ett utkast")
    def save_document(
        token: Token, org_id: OrgId, document_id: DocumentId, key: IdempotencyKey, body: DraftIn
    ) -> JSONResponse:
        command = SaveDocument(
            body.case_id, body.type, dict(body.values), document_id, body.version, key
        )
        return _json(documents.save_draft(Caller(token, org_id), command))

    @router.delete(
        f"{ORG}/documents/{{document_id}}",
        status_code=204,
        summary="Ta bort ett utkast",
    )
    def discard_document(
        token: Token,
        org_id: OrgId,
        document_id: DocumentId,
        key: IdempotencyKey,
        version: Annotated[int, Query(ge=1, le=MAX_ID)],
    ) -> Response:
        documents.discard_draft(Caller(token, org_id), DiscardDocument(document_id, version, key))
        return _no_content()

    @router.post(
        f"{ORG}/documents/{{document_id}}/send",
        status_code=201,
        summary="Skicka en handling (väntar sedan på signering)",
    )
    def send_document(
        token: Token, org_id: OrgId, document_id: DocumentId, key: IdempotencyKey, body: SendIn
    ) -> JSONResponse:
        command = SendDocument(document_id, body.version, key)
        return _json(documents.send_document(Caller(token, org_id), command), 201)

    return router


__all__ = ["ReviewDocumentIn", "documents_router"]
