"""The permission walk: five roles × every ``/organisations/{org_id}/…`` route × own and
another organisation, over HTTP.

The expected status comes from the permission matrix (``domain.roles.allows``) and the
function each service checks, never from a recorded run: another organisation is always
404; in the own organisation a route answers its success status when the role allows the
function, else 403. A test also checks that the walk covers every organisation route the
app has, so a new route cannot escape it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from kawebb_desktop.domain.changes import (
    ChangeAction,
    ChangeKind,
    account_draft_of,
    canonical_json,
    contact_draft_of,
    digest_of,
)
from kawebb_desktop.domain.documents import Document, DocumentStatus, DocumentType
from kawebb_desktop.domain.entities import Case, CaseKind, CaseStatus, Receipt
from kawebb_desktop.domain.queries import CaseQuery, CaseSearchField
from kawebb_desktop.domain.roles import Access, Function, Role, allows
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.codec import to_json
from kawebb_desktop.store.sql import SqlStore
from tests.server.conftest import (
    API,
    NEW_PERSON,
    DemoWorld,
    bearer,
    draft_body,
    login,
    new_key,
    snapshot,
)

F = Function
ARENDE = CaseSearchField.ARENDE
#: Signing signs every kind of change the role may update: it needs any of these.
SIGNED_FUNCTIONS = (
    F.HANTERA_ANVANDARE,
    F.KONTAKTPERSON,
    F.KONTOINFORMATION,
    F.BEGARA_ERSATTNING,
    # A send of a document: any role that writes some document type (Periodisk rapport
    # is the one every writer has, Lärare included).
    F.MANADSRAPPORT,
)


def may_sign(role: Role) -> bool:
    return any(allows(role, f, Access.WRITE) for f in SIGNED_FUNCTIONS)


@dataclass
class Walk:
    """What the routes of one walk need: the store, the ids, answers of earlier calls."""

    store: SqlStore
    world: DemoWorld
    own: int
    other: int
    walker: str
    #: A signing order started by the walker itself (admins) or by a colleague.
    order_ref: str = ""
    own_order: bool = False
    found: dict[str, Any] = field(default_factory=dict)

    def users(self, org: int, role: Role) -> list[tuple[int, int]]:
        """(id, version) of ``org``'s users of ``role``, as stored now."""
        with self.store.unit_of_work() as uow:
            return [(u.id, u.version) for u in uow.users.with_role(org, role)]

    def user_draft(self, user_id: int, **changes: Any) -> dict[str, Any]:
        with self.store.unit_of_work() as uow:
            user = uow.users.get(user_id)
        assert user is not None
        body = draft_body(
            personnummer=user.personnummer.value,
            first=user.first_name,
            last=user.last_name,
            role=user.role,
            start=user.start_date,
            end=user.end_date,
            email=user.email.value,
        )
        body.update(changes)
        return body

    def pending(self, org: int) -> tuple[int, int, dict[str, Any]]:
        """(id, version, payload) of the organisation's oldest pending change (or a guess)."""
        with self.store.unit_of_work() as uow:
            changes = uow.pending.for_organisation(org, ChangeKind.USER)
        if not changes:
            return 1, 1, {}
        first = changes[0]
        return first.id, first.version, dict(first.payload)

    def unit(self, org: int) -> int:
        with self.store.unit_of_work() as uow:
            return uow.units.for_organisation(org)[0].id

    def contact(self, org: int) -> tuple[int, int, dict[str, Any]]:
        """(id, version, draft body) of the organisation's first stored contact person."""
        with self.store.unit_of_work() as uow:
            contact = uow.contacts.for_organisation(org)[0]
        return contact.id, contact.version, to_json(contact_draft_of(contact))

    def account(self, org: int) -> tuple[int, int, dict[str, Any]]:
        """(id, version, draft body) of the organisation's standard account (or a guess)."""
        with self.store.unit_of_work() as uow:
            accounts = [a for a in uow.accounts.for_organisation(org) if a.is_default]
        if not accounts:
            return 1, 1, {}
        return accounts[0].id, accounts[0].version, to_json(account_draft_of(accounts[0]))

    def new_change(self, org: int, kind: ChangeKind) -> tuple[int, int, dict[str, Any]]:
        """(id, version, payload) of the organisation's first pending Ny of ``kind``."""
        with self.store.unit_of_work() as uow:
            changes = [
                c for c in uow.pending.for_organisation(org, kind) if c.action is ChangeAction.NY
            ]
        if not changes:
            return 1, 1, {}
        return changes[0].id, changes[0].version, dict(changes[0].payload)

    def pending_of(self, org: int, kind: ChangeKind, target: int) -> dict[str, Any] | None:
        """The unsigned change of a stored contact person or account, as a body names it,
        and its draft."""
        with self.store.unit_of_work() as uow:
            change = uow.pending.for_target(org, kind, target)
        if change is None:
            return None
        return {"id": change.id, "version": change.version, "payload": dict(change.payload)}

    def receipt(self, org: int) -> int:
        """The id of the organisation's newest receipt that every role may read (a
        contact person's change only; the demo signs only sets with users' changes,
        which only a Behörighetsadministratör reads): one is stored if there is none."""
        hidden = [k.value for k in ChangeKind if k is not ChangeKind.CONTACT]
        with self.store.unit_of_work(write=True) as uow:
            receipts = uow.receipts.page(org, 0, 1, hidden_kinds=hidden).items
            if receipts:
                return receipts[0].id
            organisation = uow.organisations.get(org)
            signer = uow.persons.list_all()[0]
            assert organisation is not None
            document = canonical_json(
                {
                    "organisation": {"id": org, "org_number": organisation.org_number.value},
                    "changes": [
                        {
                            "id": 1,
                            "kind": ChangeKind.CONTACT.value,
                            "action": "ny",
                            "target_id": None,
                            "payload": {},
                        }
                    ],
                }
            )
            receipt = uow.receipts.add(
                Receipt(
                    0,
                    org,
                    f"walk-{org}",
                    dt.datetime.now(dt.UTC),
                    signer.id,
                    signer.full_name,
                    signer.personnummer,
                    "Jag signerar en kontaktperson.",
                    document,
                    digest_of(document),
                    "",
                    "",
                    1,
                )
            )
            uow.commit()
        return receipt.id


@dataclass(frozen=True)
class Route:
    """One route of the walk. ``function``/``access`` is what its service requires."""

    method: str
    template: str
    function: Function
    access: Access
    ok: int = 200
    #: Extra path values and the body, worked out at call time for an organisation.
    path: Callable[[Walk, int], dict[str, Any]] = lambda _w, _org: {}
    body: Callable[[Walk, int], Any] = lambda _w, _org: None
    query: Callable[[Walk, int], dict[str, Any]] = lambda _w, _org: {}
    writes: bool = False
    #: For the signing order routes: allowed but only one's own order exists → 404.
    needs_own_order: bool = False
    #: Allowed when the role has ``access`` to any of these (signing), not ``function``.
    any_of: tuple[Function, ...] = ()
    #: Called with the own organisation's answer (to note an id for later routes).
    after: Callable[[Walk, Any], None] = lambda _w, _answer: None

    @property
    def name(self) -> str:
        return f"{self.method} {self.template}"

    def expected(self, role: Role, walk: Walk) -> int:
        functions = self.any_of or (self.function,)
        if not any(allows(role, f, self.access) for f in functions):
            return 403
        if self.needs_own_order and not walk.own_order:
            return 404
        return self.ok


def _first_case(walk: Walk, org: int) -> dict[str, Any]:
    """The organisation's first case (of any of its units, closed ones too)."""
    with walk.store.unit_of_work() as uow:
        for unit in uow.units.for_organisation(org):
            page = uow.cases.page(org, CaseQuery(unit_id=unit.id, include_closed=True, limit=1))
            if page.items:
                return {"case_id": page.items[0].id}
    raise AssertionError("the demo has cases in every organisation")


#: The walk's own ersättningsärende (made when first needed; cases are not snapshotted).
CLAIM_CASE_NUMBER = 9_900_001


def _claim_body(walk: Walk, org: int) -> dict[str, Any]:
    """A claim for March 2026 in an open ersättningsärende of the organisation (one is
    added to its compensation unit if it has one; else any case of it, for a 404)."""
    with walk.store.unit_of_work(write=True) as uow:
        units = [
            u for u in uow.units.for_organisation(org) if u.case_kind is CaseKind.ERSATTNINGSARENDE
        ]
        if not units:
            case_id = None
        else:
            unit = units[0]
            found = uow.cases.page(
                org, CaseQuery(unit_id=unit.id, text=str(CLAIM_CASE_NUMBER), search_field=ARENDE)
            ).items
            if found:
                case_id = found[0].id
            else:
                case_id = uow.cases.add(
                    Case(
                        0,
                        org,
                        unit.id,
                        CLAIM_CASE_NUMBER,
                        "Elsa",
                        "Åkesson",
                        Personnummer("200506071232"),
                        CaseStatus.PLANERING,
                        dt.date(2026, 1, 1),
                        dt.date(2026, 12, 31),
                        "Påbörjad",
                        dt.date(2026, 1, 1),
                    )
                ).id
                uow.commit()
    if case_id is None:
        case_id = _first_case(walk, org)["case_id"]
    draft = {
        "kind": "anstallning",
        "field_of_work": "skola",
        "extent": "50",
        "start_date": "2026-03-01",
        "end_date": "2026-03-31",
    }
    return {"case_id": case_id, "draft": draft}


#: The walk's own huvudärende for documents (made when first needed), plus the org id.
DOCUMENT_CASE_NUMBER = 9_900_002
REPORT = {
    "period_from": "2026-03-01",
    "period_to": "2026-03-31",
    "attended_hours": "80",
    "absent_hours": "2",
}


def _document_case(walk: Walk, org: int) -> int:
    """An open huvudärende of the organisation for the walk's documents."""
    with walk.store.unit_of_work(write=True) as uow:
        unit = next(
            u for u in uow.units.for_organisation(org) if u.case_kind is CaseKind.HUVUDARENDE
        )
        found = uow.cases.page(
            org,
            CaseQuery(unit_id=unit.id, text=str(DOCUMENT_CASE_NUMBER + org), search_field=ARENDE),
        ).items
        if found:
            return found[0].id
        case = uow.cases.add(
            Case(
                0,
                org,
                unit.id,
                DOCUMENT_CASE_NUMBER + org,  # case numbers are unique across organisations
                "Åsa",
                "Öberg",
                Personnummer("200506071232"),
                CaseStatus.PLANERING,
                dt.date(2026, 1, 1),
                dt.date(2026, 12, 31),
                "Påbörjad",
                dt.date(2026, 1, 1),
            )
        )
        uow.commit()
    return case.id


def _any_document(walk: Walk, org: int) -> tuple[int, int]:
    """(id, version) of the document the walker made, else any of the organisation's (the
    demo has some), else a guess."""
    if org == walk.own and "document" in walk.found:
        return walk.found["document"]  # type: ignore[no-any-return]
    with walk.store.unit_of_work() as uow:
        sent, _total = uow.documents.sent(org, 1)
    return (sent[0].document.id, sent[0].document.version) if sent else (1, 1)


def _sent_document(walk: Walk) -> None:
    """A sent document of the walker's organisation, as AF has it (for reading)."""
    case_id = _document_case(walk, walk.own)
    with walk.store.unit_of_work(write=True) as uow:
        if uow.documents.sent(walk.own, 1)[0]:
            return
        now = dt.datetime.now(dt.UTC)
        uow.documents.add(
            Document(
                0,
                walk.own,
                case_id,
                DocumentType.PERIODISK_RAPPORT,
                DocumentStatus.INSKICKAD,
                REPORT,
                1,
                now,
                now,
                uow.persons.list_all()[0].id,
                sent_at=now,
            )
        )
        uow.commit()


def _note_document(walk: Walk, answer: Any) -> None:
    if answer.status_code in (200, 201):
        walk.found["document"] = (answer.json()["id"], answer.json()["version"])


def _draft_to_discard(walk: Walk, org: int) -> tuple[int, int]:
    """A fresh draft of the walker's own organisation to discard — made only for a walker
    that could make one itself (so that nothing changes for one that may write none)."""
    if org != walk.own or "document" not in walk.found:
        return _any_document(walk, org)
    if "discard" not in walk.found:
        with walk.store.unit_of_work(write=True) as uow:
            case = uow.cases.get(_document_case(walk, org))
            assert case is not None
            now = dt.datetime.now(dt.UTC)
            person = uow.persons.list_all()[0]
            draft = uow.documents.add(
                Document(
                    0,
                    org,
                    case.id,
                    DocumentType.PERIODISK_RAPPORT,
                    DocumentStatus.UTKAST,
                    REPORT,
                    1,
                    now,
                    now,
                    person.id,
                )
            )
            uow.commit()
        walk.found["discard"] = (draft.id, draft.version)
    return walk.found["discard"]  # type: ignore[no-any-return]


def _first_user(role: Role) -> Callable[[Walk, int], dict[str, Any]]:
    def path(walk: Walk, org: int) -> dict[str, Any]:
        users = walk.users(org, role) or walk.users(org, Role.BEHORIGHETSADMINISTRATOR)
        return {"user_id": users[0][0]}

    return path


def _change_body(walk: Walk, org: int) -> dict[str, Any]:
    user_id, version = (
        walk.users(org, Role.REGISTRERARE) or walk.users(org, Role.TJANSTEADMINISTRATOR)
    )[0]
    return {"version": version, "draft": walk.user_draft(user_id, email="ny.adress@example.se")}


def _remove_body(walk: Walk, org: int) -> dict[str, Any]:
    _user_id, version = (
        walk.users(org, Role.LASARE) or walk.users(org, Role.TJANSTEADMINISTRATOR)
    )[0]
    return {"version": version}


def _end_date_body(walk: Walk, org: int) -> dict[str, Any]:
    user_id, version = (walk.users(org, Role.LARARE) or walk.users(org, Role.TJANSTEADMINISTRATOR))[
        0
    ]
    return {"users": [{"id": user_id, "version": version}], "end_date": "2027-06-30"}


def _edit_pending_body(walk: Walk, org: int) -> dict[str, Any]:
    _id, version, payload = walk.pending(org)
    if not payload:
        return {"version": version, "draft": draft_body()}
    edited = {**payload, "email": "andra.adressen@example.se"}
    return {"version": version, "draft": edited}


def contact_body(first: str = "Kajsa", *, administrative: bool = False) -> dict[str, Any]:
    return {
        "first_name": first,
        "last_name": "Kontakt",
        "email": f"{first.lower()}.kontakt@example.se",
        "phone1": "070-123 45 67",
        "administrative": administrative,
    }


def _stored_change_body(
    walk: Walk, org: int, kind: ChangeKind, **changes: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The body of a change of the organisation's first contact (standard account),
    naming its unsigned change, and the draft it starts from."""
    record = walk.contact(org) if kind is ChangeKind.CONTACT else walk.account(org)
    record_id, version, draft = record
    pending = walk.pending_of(org, kind, record_id)
    if pending is not None:
        draft = pending.pop("payload")
    return {"version": version, "pending": pending}, {**draft, **changes}


def _change_contact_body(walk: Walk, org: int) -> dict[str, Any]:
    body, draft = _stored_change_body(walk, org, ChangeKind.CONTACT, email="ny.kontakt@example.se")
    return {**body, "draft": draft or contact_body()}


def _remove_body_of(kind: ChangeKind) -> Callable[[Walk, int], dict[str, Any]]:
    def body(walk: Walk, org: int) -> dict[str, Any]:
        return _stored_change_body(walk, org, kind)[0]

    return body


def _edit_new_body(
    change_kind: ChangeKind, **changes: Any
) -> Callable[[Walk, int], dict[str, Any]]:
    def body(walk: Walk, org: int) -> dict[str, Any]:
        _id, version, payload = walk.new_change(org, change_kind)
        if not payload:
            payload = contact_body() if change_kind is ChangeKind.CONTACT else _account(walk, org)
        return {"version": version, "draft": {**payload, **changes}}

    return body


def _account(walk: Walk, org: int, *, default: bool = False) -> dict[str, Any]:
    return {
        "kind": "plusgiro",
        "number": "41 00 00-4",
        "unit_ids": [walk.unit(org)],
        "is_default": default,
    }


def _change_account_body(walk: Walk, org: int) -> dict[str, Any]:
    body, draft = _stored_change_body(walk, org, ChangeKind.ACCOUNT)
    draft = {**(draft or _account(walk, org)), "unit_ids": [walk.unit(org)]}
    return {**body, "draft": draft}


ROUTES: list[Route] = [
    Route("GET", "/organisations/{org_id}", F.KONTAKTPERSON, Access.NONE),
    Route("GET", "/organisations/{org_id}/units", F.UTFORANDE_VERKSAMHET, Access.NONE),
    Route("GET", "/organisations/{org_id}/contacts", F.KONTAKTPERSON, Access.READ),
    Route("GET", "/organisations/{org_id}/accounts", F.KONTOINFORMATION, Access.READ),
    Route("GET", "/organisations/{org_id}/service-offering", F.UTFORANDE_VERKSAMHET, Access.READ),
    Route("GET", "/organisations/{org_id}/agreements", F.KONTAKTPERSON, Access.READ),
    Route("GET", "/organisations/{org_id}/news", F.KONTAKTPERSON, Access.NONE),
    # Every active role follows the feeds; what each receives is the contract suite's.
    Route("GET", "/organisations/{org_id}/sync/changes", F.KONTAKTPERSON, Access.NONE),
    # Every active role may push; each command is then refused or applied as its own
    # route would (the contract suite): an unknown type is refused and writes nothing.
    Route(
        "POST",
        "/organisations/{org_id}/sync/commands",
        F.KONTAKTPERSON,
        Access.NONE,
        body=lambda _w, _org: {
            "commands": [{"type": "documents.okand", "key": new_key(), "command": {}}]
        },
        writes=True,
    ),
    Route(
        "GET",
        "/organisations/{org_id}/cases",
        F.HANTERA_HANDLINGAR,
        Access.READ,
        query=lambda w, org: {"unit_id": w.unit(org), "limit": 5, "text": "a"},
    ),
    Route(
        "GET",
        "/organisations/{org_id}/cases/count",
        F.HANTERA_HANDLINGAR,
        Access.READ,
        query=lambda w, org: {"unit_id": w.unit(org), "text": "a"},
    ),
    Route(
        "GET",
        "/organisations/{org_id}/cases/{case_id}",
        F.HANTERA_HANDLINGAR,
        Access.READ,
        path=_first_case,
    ),
    Route("GET", "/organisations/{org_id}/users", F.HANTERA_ANVANDARE, Access.READ),
    Route(
        "GET",
        "/organisations/{org_id}/users/{user_id}",
        F.HANTERA_ANVANDARE,
        Access.READ,
        path=_first_user(Role.TJANSTEADMINISTRATOR),
    ),
    Route(
        "GET",
        "/organisations/{org_id}/registered-persons/{personnummer}",
        F.HANTERA_ANVANDARE,
        Access.WRITE,
        path=lambda w, _org: {"personnummer": w.walker},
    ),
    Route("GET", "/organisations/{org_id}/pending", F.HANTERA_ANVANDARE, Access.READ),
    # Any role lists receipts: those whose every change it may read.
    Route("GET", "/organisations/{org_id}/receipts", F.KONTAKTPERSON, Access.NONE),
    Route(
        "GET",
        "/organisations/{org_id}/receipts/{receipt_id}/verification",
        F.KONTAKTPERSON,
        Access.NONE,
        path=lambda w, org: {"receipt_id": w.receipt(org)},
    ),
    Route(
        "POST",
        "/organisations/{org_id}/users",
        F.HANTERA_ANVANDARE,
        Access.WRITE,
        ok=201,
        body=lambda _w, _org: {"draft": draft_body(NEW_PERSON)},
        writes=True,
    ),
    Route(
        "PUT",
        "/organisations/{org_id}/users/{user_id}",
        F.HANTERA_ANVANDARE,
        Access.WRITE,
        path=_first_user(Role.REGISTRERARE),
        body=_change_body,
        writes=True,
    ),
    Route(
        "POST",
        "/organisations/{org_id}/users/{user_id}/remove",
        F.HANTERA_ANVANDARE,
        Access.WRITE,
        path=_first_user(Role.LASARE),
        body=_remove_body,
        writes=True,
    ),
    Route(
        "POST",
        "/organisations/{org_id}/users/end-date",
        F.HANTERA_ANVANDARE,
        Access.WRITE,
        body=_end_date_body,
        writes=True,
    ),
    Route(
        "PUT",
        "/organisations/{org_id}/pending/{change_id}",
        F.HANTERA_ANVANDARE,
        Access.WRITE,
        path=lambda w, org: {"change_id": w.pending(org)[0]},
        body=_edit_pending_body,
        writes=True,
    ),
    # Contact persons and accounts (issue 8): a new administrative contact takes over, the
    # former one is changed and removed (its unsigned change named); the same for the
    # standard account. What remains is signed with the users' changes.
    Route("GET", "/organisations/{org_id}/addresses", F.KONTAKTPERSON, Access.READ),
    Route("GET", "/organisations/{org_id}/contacts/pending", F.KONTAKTPERSON, Access.READ),
    Route("GET", "/organisations/{org_id}/accounts/pending", F.KONTOINFORMATION, Access.READ),
    Route(
        "POST",
        "/organisations/{org_id}/contacts",
        F.KONTAKTPERSON,
        Access.WRITE,
        ok=201,
        body=lambda _w, _org: {"draft": contact_body(administrative=True), "take_over": True},
        writes=True,
    ),
    Route(
        "PUT",
        "/organisations/{org_id}/contacts/{contact_id}",
        F.KONTAKTPERSON,
        Access.WRITE,
        path=lambda w, org: {"contact_id": w.contact(org)[0]},
        body=_change_contact_body,
        writes=True,
    ),
    Route(
        "PUT",
        "/organisations/{org_id}/contacts/pending/{change_id}",
        F.KONTAKTPERSON,
        Access.WRITE,
        path=lambda w, org: {"change_id": w.new_change(org, ChangeKind.CONTACT)[0]},
        body=_edit_new_body(ChangeKind.CONTACT, first_name="Kerstin"),
        writes=True,
    ),
    Route(
        "POST",
        "/organisations/{org_id}/contacts/{contact_id}/remove",
        F.KONTAKTPERSON,
        Access.WRITE,
        path=lambda w, org: {"contact_id": w.contact(org)[0]},
        body=_remove_body_of(ChangeKind.CONTACT),
        writes=True,
    ),
    Route(
        "POST",
        "/organisations/{org_id}/accounts",
        F.KONTOINFORMATION,
        Access.WRITE,
        ok=201,
        body=lambda w, org: {"draft": _account(w, org, default=True), "take_over": True},
        writes=True,
    ),
    Route(
        "PUT",
        "/organisations/{org_id}/accounts/{account_id}",
        F.KONTOINFORMATION,
        Access.WRITE,
        path=lambda w, org: {"account_id": w.account(org)[0]},
        body=_change_account_body,
        writes=True,
    ),
    Route(
        "PUT",
        "/organisations/{org_id}/accounts/pending/{change_id}",
        F.KONTOINFORMATION,
        Access.WRITE,
        path=lambda w, org: {"change_id": w.new_change(org, ChangeKind.ACCOUNT)[0]},
        body=_edit_new_body(ChangeKind.ACCOUNT, kind="bankgiro", number="5050-1055"),
        writes=True,
    ),
    Route(
        "POST",
        "/organisations/{org_id}/accounts/{account_id}/remove",
        F.KONTOINFORMATION,
        Access.WRITE,
        path=lambda w, org: {"account_id": w.account(org)[0]},
        body=_remove_body_of(ChangeKind.ACCOUNT),
        writes=True,
    ),
    # Begär ersättning (issue 9): signed with the rest.
    Route("GET", "/organisations/{org_id}/claims", F.UPPFOLJNING_ERSATTNINGAR, Access.READ),
    Route("GET", "/organisations/{org_id}/claims/pending", F.BEGARA_ERSATTNING, Access.READ),
    Route(
        "POST",
        "/organisations/{org_id}/claims/preview",
        F.BEGARA_ERSATTNING,
        Access.READ,
        body=_claim_body,
    ),
    Route(
        "POST",
        "/organisations/{org_id}/claims",
        F.BEGARA_ERSATTNING,
        Access.WRITE,
        ok=201,
        body=_claim_body,
        writes=True,
    ),
    # Case documents (issue 9): read with Hantera handlingar, a Periodisk rapport written
    # with Hantera månadsrapport (Lärare too); its send is signed with the rest.
    Route(
        "GET",
        "/organisations/{org_id}/cases/{case_id}/documents",
        F.HANTERA_HANDLINGAR,
        Access.READ,
        path=lambda w, org: {"case_id": _document_case(w, org)},
    ),
    Route(
        "POST",
        "/organisations/{org_id}/cases/{case_id}/documents",
        F.MANADSRAPPORT,
        Access.WRITE,
        ok=201,
        path=lambda w, org: {"case_id": _document_case(w, org)},
        body=lambda _w, _org: {"type": "periodisk_rapport", "values": REPORT},
        writes=True,
        after=_note_document,
    ),
    Route(
        "GET",
        "/organisations/{org_id}/documents/{document_id}",
        F.HANTERA_HANDLINGAR,
        Access.READ,
        path=lambda w, org: {"document_id": _any_document(w, org)[0]},
    ),
    Route(
        "PUT",
        "/organisations/{org_id}/documents/{document_id}",
        F.MANADSRAPPORT,
        Access.WRITE,
        path=lambda w, org: {"document_id": _any_document(w, org)[0]},
        body=lambda w, org: {
            "case_id": _document_case(w, org),
            "type": "periodisk_rapport",
            "version": _any_document(w, org)[1],
            "values": {**REPORT, "absent_hours": "3"},
        },
        writes=True,
        after=_note_document,
    ),
    Route(
        "POST",
        "/organisations/{org_id}/documents/{document_id}/send",
        F.MANADSRAPPORT,
        Access.WRITE,
        ok=201,
        path=lambda w, org: {"document_id": _any_document(w, org)[0]},
        body=lambda w, org: {"version": _any_document(w, org)[1]},
        writes=True,
    ),
    Route(
        "DELETE",
        "/organisations/{org_id}/documents/{document_id}",
        F.MANADSRAPPORT,
        Access.WRITE,
        ok=204,
        path=lambda w, org: {"document_id": _draft_to_discard(w, org)[0]},
        query=lambda w, org: {"version": _draft_to_discard(w, org)[1]},
        writes=True,
    ),
    Route("GET", "/organisations/{org_id}/documents/pending", F.HANTERA_HANDLINGAR, Access.READ),
    Route(
        "GET",
        "/organisations/{org_id}/documents/status-overview",
        F.HANTERA_HANDLINGAR,
        Access.READ,
    ),
    Route(
        "POST",
        "/organisations/{org_id}/signing/preview",
        F.HANTERA_ANVANDARE,
        Access.WRITE,
        body=lambda _w, _org: {"changes": None},
        any_of=SIGNED_FUNCTIONS,
    ),
    Route(
        "POST",
        "/organisations/{org_id}/signing",
        F.HANTERA_ANVANDARE,
        Access.WRITE,
        body=lambda _w, _org: {"kind": "anvandare"},
        writes=True,
        any_of=SIGNED_FUNCTIONS,
    ),
    # The order routes need no right of their own (Access.NONE), only one's own order.
    Route(
        "GET",
        "/organisations/{org_id}/signing/{order_ref}/qr",
        F.HANTERA_ANVANDARE,
        Access.NONE,
        path=lambda w, _org: {"order_ref": w.order_ref},
        needs_own_order=True,
    ),
    Route(
        "POST",
        "/organisations/{org_id}/signing/{order_ref}/collect",
        F.HANTERA_ANVANDARE,
        Access.NONE,
        path=lambda w, _org: {"order_ref": w.order_ref},
        needs_own_order=True,
    ),
    Route(
        "POST",
        "/organisations/{org_id}/signing/{order_ref}/cancel",
        F.HANTERA_ANVANDARE,
        Access.NONE,
        ok=204,
        path=lambda w, _org: {"order_ref": w.order_ref},
        needs_own_order=True,
    ),
    Route(
        "POST",
        "/organisations/{org_id}/pending/{change_id}/discard",
        F.HANTERA_ANVANDARE,
        Access.WRITE,
        ok=204,
        path=lambda w, org: {"change_id": w.pending(org)[0]},
        body=lambda w, org: {"version": w.pending(org)[1]},
        writes=True,
    ),
    Route(
        "POST",
        "/organisations/{org_id}/changes/{change_id}/discard",
        F.KONTAKTPERSON,
        Access.WRITE,
        ok=204,
        path=lambda w, org: {"change_id": w.new_change(org, ChangeKind.CONTACT)[0]},
        body=lambda w, org: {"version": w.new_change(org, ChangeKind.CONTACT)[1]},
        writes=True,
    ),
]


def call(client: Any, walk: Walk, route: Route, token: str, org: int) -> Any:
    values = {"org_id": org, **route.path(walk, org)}
    url = API + route.template.format(**values)
    headers = bearer(token, new_key() if route.writes else None)
    body = route.body(walk, org)
    return client.request(
        route.method, url, headers=headers, json=body, params=route.query(walk, org)
    )


def test_the_walk_covers_every_organisation_route(app: Any) -> None:
    served = {
        f"{method.upper()} {path.removeprefix(API)}"
        for path, operations in app.openapi()["paths"].items()
        if path.startswith(f"{API}/organisations/")
        for method in operations
    }
    assert served == {r.name for r in ROUTES}


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_permission_walk(client: Any, store: SqlStore, world: DemoWorld, role: Role) -> None:
    own, other = world.org("Dorotea kommun"), world.org("Åsele kommun")
    walker = world.only_in(own, role)
    assert other not in walker.roles
    walk = Walk(store, world, own, other, walker.personnummer)
    _sent_document(walk)
    walk.receipt(own), walk.receipt(other)  # stored now, before the snapshots
    token = login(client, walker.personnummer)
    colleague = next(
        p
        for p in world.people
        if p.roles == {own: Role.BEHORIGHETSADMINISTRATOR} and p.organisations == {own}
    )
    if not allows(role, F.KONTAKTPERSON, Access.WRITE):
        # A colleague's unsigned change of a contact person, for the walker to be refused.
        colleague_token = login(client, colleague.personnummer)
        created = client.post(
            f"{API}/organisations/{own}/contacts",
            headers=bearer(colleague_token, new_key()),
            json={"draft": contact_body("Kollega")},
        )
        assert created.status_code == 201, created.text
    if may_sign(role):
        walk.own_order = True  # the walker starts its own order on the way
    else:
        # A colleague's order: there, but not the walker's.
        started = client.post(
            f"{API}/organisations/{own}/signing",
            headers=bearer(colleague_token, new_key()),
            json={"kind": "anvandare"},
        )
        assert started.status_code == 200, started.text
        walk.order_ref = started.json()["order_ref"]

    # Another organisation, with that organisation's own ids: always 404, nothing changed.
    before = snapshot(store)
    for route in ROUTES:
        answer = call(client, walk, route, token, other)
        assert answer.status_code == 404, (route.name, answer.text)
        assert answer.json()["code"] == "not_found"
    assert snapshot(store) == before

    # The own organisation: exactly as the matrix says.
    results = {}
    for route in ROUTES:
        answer = call(client, walk, route, token, own)
        if route.name.endswith("/signing") and answer.status_code == 200:
            walk.order_ref = answer.json()["order_ref"]
        route.after(walk, answer)
        results[route.name] = (answer.status_code, route.expected(role, walk), answer.text)
    wrong = {name: r for name, r in results.items() if r[0] != r[1]}
    assert not wrong
    for name, (status, _expected, text) in results.items():
        if status == 403:
            assert '"code":"forbidden"' in text.replace(" ", ""), name
    if not may_sign(role):  # may change nothing at all
        assert snapshot(store) == before


def test_another_organisations_objects_are_not_found(
    client: Any, store: SqlStore, world: DemoWorld
) -> None:
    """Ids of another organisation's objects, under one's own organisation: 404 for
    users, pending changes, units (cases) and signing orders."""
    dorotea, vilhelmina, asele = (
        world.org("Dorotea kommun"),
        world.org("Vilhelmina kommun"),
        world.org("Åsele kommun"),
    )
    # Arvid (admin in Dorotea and Vilhelmina) leaves a pending change and an order in
    # Vilhelmina.
    arvid = next(p for p in world.people if p.name == "Arvid Aronsson")
    arvid_token = login(client, arvid.personnummer)
    created = client.post(
        f"{API}/organisations/{vilhelmina}/users",
        headers=bearer(arvid_token, new_key()),
        json={"draft": draft_body()},
    )
    assert created.status_code == 201, created.text
    change = created.json()["change"]
    started = client.post(
        f"{API}/organisations/{vilhelmina}/signing",
        headers=bearer(arvid_token, new_key()),
        json={"kind": "anvandare"},
    )
    assert started.status_code == 200, started.text
    order_ref = started.json()["order_ref"]

    admin = world.only_in(dorotea, Role.BEHORIGHETSADMINISTRATOR)
    token = login(client, admin.personnummer)
    walk = Walk(store, world, dorotea, asele, admin.personnummer)
    asele_user, asele_version = walk.users(asele, Role.TJANSTEADMINISTRATOR)[0]
    base = f"{API}/organisations/{dorotea}"
    before = snapshot(store)
    attempts: list[tuple[str, str, Any]] = [
        ("GET", f"/users/{asele_user}", None),
        (
            "PUT",
            f"/users/{asele_user}",
            {"version": asele_version, "draft": walk.user_draft(asele_user, email="x@example.se")},
        ),
        ("POST", f"/users/{asele_user}/remove", {"version": asele_version}),
        (
            "POST",
            "/users/end-date",
            {"users": [{"id": asele_user, "version": asele_version}], "end_date": "2027-01-31"},
        ),
        ("PUT", f"/pending/{change['id']}", {"version": change["version"], "draft": draft_body()}),
        ("POST", f"/pending/{change['id']}/discard", {"version": change["version"]}),
        ("GET", f"/signing/{order_ref}/qr", None),
        ("POST", f"/signing/{order_ref}/collect", None),
        ("POST", f"/signing/{order_ref}/cancel", None),
    ]
    for method, path, body in attempts:
        answer = client.request(method, base + path, headers=bearer(token, new_key()), json=body)
        assert answer.status_code == 404, (method, path, answer.text)
        assert answer.json()["code"] == "not_found"
    cases = client.get(f"{base}/cases", params={"unit_id": walk.unit(asele)}, headers=bearer(token))
    assert cases.status_code == 404
    asele_case = _first_case(walk, asele)["case_id"]
    case = client.get(f"{base}/cases/{asele_case}", headers=bearer(token))
    assert case.status_code == 404 and case.json()["code"] == "not_found"
    assert snapshot(store) == before
    # Arvid's order is untouched by all that: still pending for him.
    collected = client.post(
        f"{API}/organisations/{vilhelmina}/signing/{order_ref}/collect", headers=bearer(arvid_token)
    )
    assert collected.json()["status"] == "pending"


def test_an_ended_authorization_is_forbidden(client: Any, world: DemoWorld) -> None:
    """Karina Asp's authorization in Dorotea ended: she cannot log in there (403)."""
    dorotea = world.org("Dorotea kommun")
    karina = next(p for p in world.people if p.name == "Karina Asp")
    started = client.post(f"{API}/auth/start").json()["orderRef"]
    client.post(
        f"{API}/simulator/orders/{started}/approve", json={"personnummer": karina.personnummer}
    )
    answer = client.post(f"{API}/auth/collect", json={"orderRef": started})
    assert answer.status_code == 403
    assert answer.json()["code"] == "not_authorized"
    assert dorotea in karina.organisations and not karina.roles
