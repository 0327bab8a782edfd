"""Case documents in the services (issue 9), on the local backend: drafts (complete or
not) are saved and changed at their version, only a complete one is sent, sending makes
a pending change that signing applies (Inskickad, an event), AF approves or returns, a
returned document is corrected and sent again; the roles of the matrix, closed cases,
other organisations and stale versions are refused and leave the store as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from kawebb_desktop.domain.changes import ChangeAction, ChangeKind
from kawebb_desktop.domain.documents import DocumentStatus, DocumentType
from kawebb_desktop.domain.entities import Case, CaseKind, CaseStatus, Unit
from kawebb_desktop.domain.errors import (
    Conflict,
    InvalidDraft,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationError,
)
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.af import AgreementService
from kawebb_desktop.services.api import (
    Caller,
    DiscardDocument,
    DiscardPending,
    DocumentView,
    SaveDocument,
    SendDocument,
    caller_of,
)
from kawebb_desktop.services.common import Env
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.store.sql import SqlStore
from tests.helpers import ADMIN_PNR, add_organisation, add_user, login, sign_all
from tests.unit.services.conftest import World

GP = DocumentType.GEMENSAM_PLANERING
PR = DocumentType.PERIODISK_RAPPORT
SR = DocumentType.SLUTREDOVISNING

PLAN = {
    "period_from": "2026-02-01",
    "period_to": "2026-06-30",
    "extent": "50",
    "hours_per_week": "20",
    "study_plan": "Svenska för vuxna",
    "goals": "Undersköterska",
}
REPORT = {
    "period_from": "2026-05-01",
    "period_to": "2026-05-31",
    "attended_hours": "80",
    "absent_hours": "4,5",
}

LARARE_PNR = "198706299818"
LASARE_PNR = "198001011231"
REGISTRERARE_PNR = "200506071232"


def add_case(
    world: World,
    *,
    status: CaseStatus = CaseStatus.PLANERING,
    unit: Unit | None = None,
    organisation_id: int | None = None,
    number: int = 5001,
) -> Case:
    with world.store.unit_of_work(write=True) as uow:
        case = uow.cases.add(
            Case(
                0,
                organisation_id or world.org.id,
                (unit or world.unit).id,
                number,
                "Elsa",
                "Åkesson",
                Personnummer("200506071232"),
                status,
                dt.date(2026, 1, 1),
                dt.date(2026, 12, 31),
                "Påbörjad",
                dt.date(2026, 1, 1),
            )
        )
        uow.commit()
    return case


def as_role(world: World, pnr: str, role: Role, first: str = "Lea") -> Caller:
    add_user(world.store, world.org, pnr, first, "Lind", role)
    return caller_of(login(world.services, world.simulator, world.clock, pnr))


def save(
    world: World, caller: Caller, case: Case, kind: DocumentType = GP, **kw: object
) -> DocumentView:
    values = kw.pop("values", PLAN if kind is GP else REPORT)
    return world.services.documents.save_draft(
        caller,
        SaveDocument(case.id, kind, values, **kw),  # type: ignore[arg-type]
    )


def signed(world: World) -> None:
    assert sign_all(world.services, world.clock, world.admin_actor).status is CollectStatus.COMPLETE


def test_draft_send_sign_review_and_send_again(world: World) -> None:
    docs = world.services.documents
    case = add_case(world)
    draft = save(world, world.admin, case, values={**PLAN, "extent": "37,50"})
    assert (draft.status, draft.version, draft.values["extent"]) == (
        DocumentStatus.UTKAST,
        1,
        "37.5",
    )
    assert draft.updated_by == "Arvid Aronsson"
    changed = save(world, world.admin, case, values=PLAN, document_id=draft.id, version=1)
    assert changed.version == 2 and changed.values["extent"] == "50"
    assert docs.documents(world.admin, case.id) == [changed]

    pending = docs.send_document(world.admin, SendDocument(draft.id, 2))
    assert pending.change.kind is ChangeKind.DOCUMENT and pending.change.action is ChangeAction.NY
    assert (pending.case_number, pending.type, pending.person_name) == (5001, GP, "Elsa Åkesson")
    assert docs.pending_documents(world.admin) == [pending]
    waiting = docs.get_document(world.admin, draft.id)
    assert waiting.waiting_change_id == pending.id and not waiting.is_editable
    with pytest.raises(RuleViolation, match="väntar på signering"):
        save(world, world.admin, case, document_id=draft.id, version=2)

    signed(world)
    sent = docs.get_document(world.admin, draft.id)
    assert sent.status is DocumentStatus.INSKICKAD and sent.sent_at == world.clock.now()
    assert sent.waiting_change_id is None and docs.pending_documents(world.admin) == []
    with pytest.raises(RuleViolation, match="inskickad och kan inte ändras"):
        save(world, world.admin, case, document_id=draft.id, version=sent.version)

    af = AgreementService(Env(world.store, world.clock))
    with pytest.raises(ValidationError, match="kommentar"):
        af.review_document(world.org.org_number, draft.id, DocumentStatus.RETURNERAD)
    af.review_document(
        world.org.org_number, draft.id, DocumentStatus.RETURNERAD, "Målen saknar datum."
    )
    returned = docs.get_document(world.admin, draft.id)
    assert returned.status is DocumentStatus.RETURNERAD
    assert returned.return_comment == "Målen saknar datum." and returned.is_editable
    with pytest.raises(RuleViolation, match="bara en inskickad"):
        af.review_document(world.org.org_number, draft.id, DocumentStatus.GODKAND)

    fixed = save(
        world,
        world.admin,
        case,
        values={**PLAN, "goals": "Undersköterska till 2026-12-31"},
        document_id=draft.id,
        version=returned.version,
    )
    assert fixed.status is DocumentStatus.RETURNERAD
    again = docs.send_document(world.admin, SendDocument(draft.id, fixed.version))
    assert again.change.action is ChangeAction.ANDRAD
    world.clock.advance(dt.timedelta(days=20))  # into July; the session expired
    world.admin_actor = login(world.services, world.simulator, world.clock, ADMIN_PNR)
    signed(world)
    af.review_document(world.org.org_number, draft.id, DocumentStatus.GODKAND)
    final = docs.get_document(world.admin, draft.id)
    assert final.status is DocumentStatus.GODKAND and final.return_comment == ""

    overview = docs.status_overview(world.admin)
    assert overview.total == 1
    assert [(r.case_number, r.status) for r in overview.rows] == [(5001, DocumentStatus.GODKAND)]
    assert [(c.month.month, c.status, c.count) for c in overview.counts] == [
        (6, DocumentStatus.INSKICKAD, 1),
        (6, DocumentStatus.RETURNERAD, 1),
        (7, DocumentStatus.INSKICKAD, 1),
        (7, DocumentStatus.GODKAND, 1),
    ]


def test_an_incomplete_draft_is_saved_but_not_sent(world: World) -> None:
    docs = world.services.documents
    case = add_case(world)
    half = {"period_from": "2026-02-01", "extent": "50", "goals": "Undersköterska"}
    draft = save(world, world.admin, case, values=half)
    assert draft.values == {**dict.fromkeys(PLAN, ""), **half}
    with pytest.raises(InvalidDraft) as refused:
        docs.send_document(world.admin, SendDocument(draft.id, draft.version))
    assert {(v.field, v.message) for v in refused.value.violations} == {
        ("period_to", "Ange period till."),
        ("hours_per_week", "Ange timmar per vecka."),
        ("study_plan", "Ange studieplan."),
    }
    with pytest.raises(RuleViolation, match="mellan 0 och 100") as bad:
        save(world, world.admin, case, values={"extent": "120"})
    assert bad.value.field == "extent"
    assert docs.pending_documents(world.admin) == []
    assert docs.documents(world.admin, case.id) == [draft]

    done = save(world, world.admin, case, values=PLAN, document_id=draft.id, version=1)
    pending = docs.send_document(world.admin, SendDocument(done.id, done.version))
    assert pending.document_id == draft.id


def test_roles_follow_the_matrix(world: World) -> None:
    docs = world.services.documents
    case = add_case(world)
    teacher = as_role(world, LARARE_PNR, Role.LARARE)
    reader = as_role(world, LASARE_PNR, Role.LASARE, "Agda")
    registrar = as_role(world, REGISTRERARE_PNR, Role.REGISTRERARE, "Olof")

    report = save(world, teacher, case, PR)
    with pytest.raises(PermissionDenied, match="Skapa gemensam planering"):
        save(world, teacher, case, GP)
    with pytest.raises(PermissionDenied):
        save(world, reader, case, PR)
    plan = save(world, registrar, case, GP)
    assert [d.id for d in docs.documents(reader, case.id)] == [plan.id, report.id]
    with pytest.raises(PermissionDenied):
        docs.send_document(teacher, SendDocument(plan.id, plan.version))
    with pytest.raises(PermissionDenied):
        docs.discard_draft(reader, DiscardDocument(report.id, report.version))

    # A Lärare signs the report it sends, not the plan a Registrerare sent.
    docs.send_document(registrar, SendDocument(plan.id, plan.version))
    docs.send_document(teacher, SendDocument(report.id, report.version))
    teacher_actor = login(world.services, world.simulator, world.clock, LARARE_PNR)
    assert sign_all(world.services, world.clock, teacher_actor).status is CollectStatus.COMPLETE
    assert docs.get_document(reader, report.id).status is DocumentStatus.INSKICKAD
    assert docs.get_document(reader, plan.id).status is DocumentStatus.UTKAST
    with pytest.raises(PermissionDenied):
        docs.save_draft(reader, SaveDocument(case.id, SR, {}))


def test_refusals_leave_the_store_unchanged(world: World) -> None:
    docs = world.services.documents
    case = add_case(world)
    closed = add_case(world, status=CaseStatus.AVSLUTAD, number=5002)
    with world.store.unit_of_work(write=True) as uow:
        compensation = uow.units.add(
            Unit(0, world.org.id, "Ersättning", CaseKind.ERSATTNINGSARENDE)
        )
        uow.commit()
    ersattning = add_case(world, unit=compensation, number=5003)
    other_org, other_unit = add_organisation(world.store, "Åsele kommun", "2120002817")
    foreign = add_case(world, unit=other_unit, organisation_id=other_org.id, number=5004)
    draft = save(world, world.admin, case)
    before = docs.documents(world.admin, case.id)

    with pytest.raises(RuleViolation, match="avslutat"):
        save(world, world.admin, closed)
    with pytest.raises(RuleViolation, match="har ingen slutredovisning") as wrong_type:
        save(world, world.admin, ersattning, SR, values={})
    assert wrong_type.value.field == "type"
    with pytest.raises(InvalidDraft) as bad:
        save(world, world.admin, case, values={**PLAN, "extent": "120", "period_to": "2025-01-01"})
    assert {v.field for v in bad.value.violations} == {"extent", "period_to"}
    with pytest.raises(NotFound):
        save(world, world.admin, foreign)
    with pytest.raises(NotFound):
        docs.documents(world.admin, foreign.id)
    with pytest.raises(Conflict):
        save(world, world.admin, case, document_id=draft.id, version=7)
    with pytest.raises(Conflict):
        docs.send_document(world.admin, SendDocument(draft.id, 7))
    with pytest.raises(ValidationError, match="versionen"):
        save(world, world.admin, case, document_id=draft.id)
    with pytest.raises(RuleViolation, match="en gemensam planering, inte en periodisk"):
        save(world, world.admin, case, PR, document_id=draft.id, version=1)
    assert docs.documents(world.admin, case.id) == before
    with pytest.raises(ValidationError, match="mellan 1 och"):
        docs.status_overview(world.admin, 0)

    # A case closed after the send waits: signing refuses, nothing is sent.
    docs.send_document(world.admin, SendDocument(draft.id, draft.version))
    assert isinstance(world.store, SqlStore)
    with world.store.engine.begin() as connection:  # AF closes the case meanwhile
        connection.execute(
            text("UPDATE cases SET status = 'Avslutad' WHERE id = :id"), {"id": case.id}
        )
    with pytest.raises(RuleViolation, match="avslutat"):
        sign_all(world.services, world.clock, world.admin_actor)
    assert docs.get_document(world.admin, draft.id).status is DocumentStatus.UTKAST


def test_discarding_a_draft_and_a_waiting_send(world: World) -> None:
    docs = world.services.documents
    case = add_case(world)
    draft = save(world, world.admin, case)
    pending = docs.send_document(world.admin, SendDocument(draft.id, draft.version))
    with pytest.raises(RuleViolation, match="väntar på signering"):
        docs.discard_draft(world.admin, DiscardDocument(draft.id, draft.version))
    world.services.organisations.discard_pending(
        world.admin, DiscardPending(pending.id, pending.version)
    )
    assert docs.get_document(world.admin, draft.id).is_editable
    docs.discard_draft(world.admin, DiscardDocument(draft.id, draft.version))
    assert docs.documents(world.admin, case.id) == []
    with pytest.raises(NotFound):
        docs.get_document(world.admin, draft.id)


def test_a_repeated_save_or_send_is_made_once(world: World) -> None:
    docs = world.services.documents
    case = add_case(world)
    command = SaveDocument(case.id, GP, PLAN)
    first = docs.save_draft(world.admin, command)
    assert docs.save_draft(world.admin, command) == first
    assert len(docs.documents(world.admin, case.id)) == 1
    send = SendDocument(first.id, first.version)
    pending = docs.send_document(world.admin, send)
    assert docs.send_document(world.admin, send) == pending
    assert len(docs.pending_documents(world.admin)) == 1
    with pytest.raises(Conflict, match="Idempotensnyckeln"):
        docs.save_draft(
            world.admin, SaveDocument(case.id, GP, {**PLAN, "extent": "40"}, key=command.key)
        )
