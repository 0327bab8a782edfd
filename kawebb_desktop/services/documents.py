"""Case documents (*handlingar*, DOMAIN.md §5, issue 9): drafts, sending, Statusöversikt.

A document is written as a draft (*Utkast*) that stays in the store until it is sent or
discarded; a draft may be incomplete (what it fills must be well-formed,
``validate_document(complete=False)``), a send must be complete (each missing field is
refused at its field, ``Ange …``). It is sent like every submission to AF (rule 5,
DOMAIN.md §6): *Skicka* makes a pending change (kind ``handling``) that names the
document, its version and the digest of its values, and signing the organisation's
changes with BankID applies it (:func:`apply_document_change`: status *Inskickad*, the
send time, a history event) — only if the document is still exactly as it was sent. AF
then approves it or returns it for completion (``services/af.py``); a returned document
is corrected and sent again.

Permissions (the matrix, ``domain/documents.py``): reading needs READ of *Hantera
handlingar*; writing, discarding and sending a document need WRITE on its type's row
(Lärare writes only Periodisk rapport, Läsare nothing). Another organisation's case or
document is NotFound. A closed case takes no new document and no send.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from kawebb_desktop.domain.changes import (
    ChangeAction,
    ChangeKind,
    PendingChange,
    document_payload,
    values_digest,
)
from kawebb_desktop.domain.documents import (
    READ_FUNCTION,
    Document,
    DocumentEvent,
    DocumentStatus,
    DocumentType,
    check_case_open,
    check_type_of_case,
    document_types,
    function_of,
    validate_document,
)
from kawebb_desktop.domain.entities import Case, CaseKind
from kawebb_desktop.domain.errors import Conflict, NotFound, RuleViolation, ValidationError
from kawebb_desktop.domain.messages import msg, term
from kawebb_desktop.domain.roles import Access, Role, allows, require
from kawebb_desktop.services.api import (
    Caller,
    DiscardDocument,
    DocumentView,
    PendingDocumentChange,
    SaveDocument,
    SendDocument,
    StatusCount,
    StatusOverview,
    StatusRow,
)
from kawebb_desktop.services.common import Principal, ServiceBase, audit
from kawebb_desktop.services.users import made_by
from kawebb_desktop.store.base import UnitOfWork

NO_SUCH_CASE = "Ärendet finns inte i organisationen."
NO_SUCH_DOCUMENT = "Handlingen finns inte i organisationen."
STALE = (
    "Handlingen har ändrats av någon annan sedan du läste den. Läs in den igen och försök på nytt."
)
NOT_EDITABLE = "Handlingen är {status} och kan inte ändras."
WAITING = (
    "Handlingen väntar på signering och kan inte ändras. Förkasta den i Ändringar att "
    "signera först, eller signera."
)
ONLY_DRAFTS = "Bara ett utkast som aldrig skickats kan tas bort."
OTHER_CASE = "Handlingen hör till ett annat ärende."
OTHER_TYPE = "Handlingen är en {actual}, inte en {wanted}."
VERSION_MISSING = "Ange versionen som handlingen lästes i."
CHANGED_SINCE_SENT = (
    "Handlingen har ändrats sedan den skickades till signering. Förkasta ändringen och "
    "skicka handlingen igen."
)
GONE = "Handlingen som skulle skickas finns inte längre."
MAX_OVERVIEW = 10_000
BAD_LIMIT = msg("Antalet rader ska vara mellan 1 och {limit}.", limit=MAX_OVERVIEW)


def document_case(uow: UnitOfWork, organisation_id: int, case_id: object) -> tuple[Case, CaseKind]:
    """The case ``case_id`` of the organisation and its kind; else NotFound."""
    if isinstance(case_id, bool) or not isinstance(case_id, int):
        raise NotFound(NO_SUCH_CASE)
    case = uow.cases.get(case_id)
    if case is None or case.organisation_id != organisation_id:
        raise NotFound(NO_SUCH_CASE)
    unit = uow.units.get(case.unit_id)
    if unit is None or unit.organisation_id != organisation_id:
        raise NotFound(NO_SUCH_CASE)
    return case, unit.case_kind


def _document(uow: UnitOfWork, organisation_id: int, document_id: object) -> Document:
    if isinstance(document_id, bool) or not isinstance(document_id, int):
        raise NotFound(NO_SUCH_DOCUMENT)
    document = uow.documents.get(document_id)
    if document is None or document.organisation_id != organisation_id:
        raise NotFound(NO_SUCH_DOCUMENT)
    return document


def _sends(uow: UnitOfWork, organisation_id: int) -> list[PendingChange]:
    return uow.pending.for_organisation(organisation_id, ChangeKind.DOCUMENT)


def _waiting(uow: UnitOfWork, organisation_id: int) -> dict[int, int]:
    """Document id → the id of its send waiting to be signed."""
    return {c.document_id: c.id for c in _sends(uow, organisation_id)}


def may_write(role: Role, kind: DocumentType) -> bool:
    return allows(role, function_of(kind), Access.WRITE)


def may_sign_change(role: Role, change: PendingChange) -> bool:
    """Whether ``role`` may sign a document's send: WRITE on its type's row."""
    return may_write(role, DocumentType(str(change.payload.get("type"))))


def _view(
    uow: UnitOfWork, document: Document, case_number: int, waiting: int | None
) -> DocumentView:
    person = uow.persons.get(document.updated_by_person_id)
    return DocumentView(
        id=document.id,
        case_id=document.case_id,
        case_number=case_number,
        type=document.type,
        status=document.status,
        values=dict(document.values),
        version=document.version,
        created_at=document.created_at,
        updated_at=document.updated_at,
        updated_by=person.full_name if person is not None else "",
        sent_at=document.sent_at,
        decided_at=document.decided_at,
        return_comment=document.return_comment,
        waiting_change_id=waiting,
    )


def typed_document_change(uow: UnitOfWork, change: PendingChange) -> PendingDocumentChange:
    case_id = int(str(change.payload.get("case_id") or 0))
    case = uow.cases.get(case_id)
    number = (
        case.case_number if case is not None else int(str(change.payload.get("case_number") or 0))
    )
    return PendingDocumentChange(
        change=change,
        document_id=change.document_id,
        type=DocumentType(str(change.payload.get("type"))),
        case_id=case_id,
        case_number=number,
        person_name=f"{case.first_name} {case.last_name}" if case is not None else "",
        made_by=made_by(uow, change),
    )


def _require_some_write(me: Principal) -> None:
    """PermissionDenied for a role that may write no document at all (Läsare), before
    any document is looked up."""
    if not any(may_write(me.user.role, t) for t in DocumentType):
        require(me.user.role, READ_FUNCTION, Access.WRITE)


def _editable(uow: UnitOfWork, document: Document, version: int | None) -> None:
    if version is None:
        raise ValidationError(VERSION_MISSING, "version")
    if document.version != version:
        raise Conflict(STALE)
    if not document.status.is_editable:
        raise RuleViolation(msg(NOT_EDITABLE, status=term(document.status.label.lower())), "status")
    if document.id in _waiting(uow, document.organisation_id):
        raise RuleViolation(WAITING, "status")


def check_send(uow: UnitOfWork, change: PendingChange) -> Document:
    """What signing checks of a send: the document is there, editable and exactly as it
    was sent (version and values), its case open and its values still valid in it."""
    document = uow.documents.get(change.document_id)
    if document is None or document.organisation_id != change.organisation_id:
        raise RuleViolation(GONE)
    if (
        document.version != int(str(change.payload.get("version") or 0))
        or values_digest(document.values) != change.payload.get("values_digest")
        or not document.status.is_editable
    ):
        raise Conflict(CHANGED_SINCE_SENT)
    case, _kind = document_case(uow, document.organisation_id, document.case_id)
    check_case_open(case)
    validate_document(document.type, document.values, case)
    return document


def check_documents_after(uow: UnitOfWork, changes: list[PendingChange]) -> None:
    """Signing's re-check of every send in a set (see :func:`check_send`)."""
    for change in changes:
        if change.kind is ChangeKind.DOCUMENT:
            check_send(uow, change)


def apply_document_change(
    uow: UnitOfWork, change: PendingChange, now: dt.datetime, signer_person_id: int
) -> None:
    """A signed send: the document is Inskickad from ``now``, with a history event."""
    document = check_send(uow, change)
    uow.documents.update(
        dataclasses.replace(
            document,
            status=DocumentStatus.INSKICKAD,
            sent_at=now,
            decided_at=None,
            updated_at=now,
            updated_by_person_id=signer_person_id,
        )
    )
    uow.documents.add_event(
        DocumentEvent(0, document.id, DocumentStatus.INSKICKAD, now, signer_person_id)
    )


class DocumentService(ServiceBase):
    """:class:`~kawebb_desktop.services.api.DocumentsApi` over the store."""

    def documents(self, caller: Caller, case_id: int) -> list[DocumentView]:
        with self._acting(caller, READ_FUNCTION, Access.READ) as (uow, me):
            case, kind = document_case(uow, me.organisation_id, case_id)
            order = {t: i for i, t in enumerate(document_types(kind))}
            waiting = _waiting(uow, me.organisation_id)
            found = sorted(
                uow.documents.for_case(case.id), key=lambda d: (order.get(d.type, 99), d.id)
            )
            return [_view(uow, d, case.case_number, waiting.get(d.id)) for d in found]

    def get_document(self, caller: Caller, document_id: int) -> DocumentView:
        with self._acting(caller, READ_FUNCTION, Access.READ) as (uow, me):
            document = _document(uow, me.organisation_id, document_id)
            case, _kind = document_case(uow, me.organisation_id, document.case_id)
            waiting = _waiting(uow, me.organisation_id).get(document.id)
            return _view(uow, document, case.case_number, waiting)

    def save_draft(self, caller: Caller, command: SaveDocument) -> DocumentView:
        kind = DocumentType.parse(command.type)
        with self._acting(caller, READ_FUNCTION, Access.READ, write=True) as (uow, me):
            require(me.user.role, function_of(kind), Access.WRITE)

            def run() -> DocumentView:
                uow.pending.lock_list(me.organisation_id, ChangeKind.DOCUMENT)
                return self._save(uow, me, kind, command)

            result = self._once(uow, me, command.key, "save_document", command, DocumentView, run)
            uow.commit()
            return result

    def _save(
        self, uow: UnitOfWork, me: Principal, kind: DocumentType, command: SaveDocument
    ) -> DocumentView:
        case, case_kind = document_case(uow, me.organisation_id, command.case_id)
        now = self._clock.now()
        if command.document_id is None:
            check_case_open(case)
            check_type_of_case(kind, case_kind, case.case_number)
            values = validate_document(kind, command.values, case, complete=False)
            document = uow.documents.add(
                Document(
                    id=0,
                    organisation_id=me.organisation_id,
                    case_id=case.id,
                    type=kind,
                    status=DocumentStatus.UTKAST,
                    values=values,
                    version=1,
                    created_at=now,
                    updated_at=now,
                    updated_by_person_id=me.person_id,
                )
            )
            action = "Utkast skapat"
        else:
            current = _document(uow, me.organisation_id, command.document_id)
            if current.case_id != case.id:
                raise RuleViolation(OTHER_CASE, "case_id")
            if current.type is not kind:
                raise RuleViolation(
                    msg(
                        OTHER_TYPE,
                        actual=term(current.type.label.lower()),
                        wanted=term(kind.label.lower()),
                    ),
                    "type",
                )
            _editable(uow, current, command.version)
            check_case_open(case)
            values = validate_document(kind, command.values, case, complete=False)
            document = uow.documents.update(
                dataclasses.replace(
                    current, values=values, updated_at=now, updated_by_person_id=me.person_id
                )
            )
            action = "Utkast sparat"
        audit(
            uow,
            now,
            "handling.utkast",
            f"{action}: {kind.label} {document.id} i ärende {case.case_number}",
            actor=me,
        )
        return _view(uow, document, case.case_number, None)

    def discard_draft(self, caller: Caller, command: DiscardDocument) -> None:
        with self._acting(caller, READ_FUNCTION, Access.READ, write=True) as (uow, me):

            def run() -> None:
                _require_some_write(me)
                uow.pending.lock_list(me.organisation_id, ChangeKind.DOCUMENT)
                document = _document(uow, me.organisation_id, command.document_id)
                require(me.user.role, function_of(document.type), Access.WRITE)
                _editable(uow, document, command.version)
                if document.status is not DocumentStatus.UTKAST:
                    raise RuleViolation(ONLY_DRAFTS, "status")
                uow.documents.delete(document)
                audit(
                    uow,
                    self._clock.now(),
                    "handling.borttagen",
                    f"Utkast borttaget: {document.type.label} {document.id}",
                    actor=me,
                )

            self._once(uow, me, command.key, "discard_document", command, type(None), run)
            uow.commit()

    def send_document(self, caller: Caller, command: SendDocument) -> PendingDocumentChange:
        with self._acting(caller, READ_FUNCTION, Access.READ, write=True) as (uow, me):

            def run() -> PendingDocumentChange:
                _require_some_write(me)
                uow.pending.lock_list(me.organisation_id, ChangeKind.DOCUMENT)
                return self._send(uow, me, command)

            result = self._once(
                uow, me, command.key, "send_document", command, PendingDocumentChange, run
            )
            uow.commit()
            return result

    def _send(self, uow: UnitOfWork, me: Principal, command: SendDocument) -> PendingDocumentChange:
        document = _document(uow, me.organisation_id, command.document_id)
        require(me.user.role, function_of(document.type), Access.WRITE)
        _editable(uow, document, command.version)
        case, case_kind = document_case(uow, me.organisation_id, document.case_id)
        check_case_open(case)
        check_type_of_case(document.type, case_kind, case.case_number)
        validate_document(document.type, document.values, case)
        again = document.status is DocumentStatus.RETURNERAD
        change = uow.pending.add(
            PendingChange(
                id=0,
                organisation_id=me.organisation_id,
                kind=ChangeKind.DOCUMENT,
                action=ChangeAction.ANDRAD if again else ChangeAction.NY,
                target_id=document.id,
                payload=document_payload(
                    document.id,
                    document.version,
                    document.type,
                    case.id,
                    case.case_number,
                    document.values,
                ),
                created_by_person_id=me.person_id,
                created_at=self._clock.now(),
            )
        )
        audit(
            uow,
            self._clock.now(),
            f"{ChangeKind.DOCUMENT.value}.{change.action.value}",
            f"Ändring att signera: {change.describe()}",
            actor=me,
        )
        return typed_document_change(uow, change)

    def pending_documents(self, caller: Caller) -> list[PendingDocumentChange]:
        with self._acting(caller, READ_FUNCTION, Access.READ) as (uow, me):
            return [typed_document_change(uow, c) for c in _sends(uow, me.organisation_id)]

    def status_overview(self, caller: Caller, limit: int = 1000) -> StatusOverview:
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_OVERVIEW:
            raise ValidationError(BAD_LIMIT, "limit")
        with self._acting(caller, READ_FUNCTION, Access.READ) as (uow, me):
            lines, total = uow.documents.sent(me.organisation_id, limit)
            rows = tuple(
                StatusRow(
                    document_id=line.document.id,
                    case_id=line.document.case_id,
                    case_number=line.case_number,
                    person_name=f"{line.first_name} {line.last_name}",
                    type=line.document.type,
                    status=line.document.status,
                    sent_at=line.document.sent_at or line.document.updated_at,
                    decided_at=line.document.decided_at,
                )
                for line in lines
            )
            counts = tuple(
                StatusCount(month, status, n)
                for month, status, n in uow.documents.monthly_counts(me.organisation_id)
            )
            return StatusOverview(rows, total, counts)


__all__ = [
    "DocumentService",
    "apply_document_change",
    "check_documents_after",
    "check_send",
    "document_case",
    "may_sign_change",
    "may_write",
]
