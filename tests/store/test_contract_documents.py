"""Contract: case documents in the store — a document's values round-trip exactly (å, ä,
ö, line breaks), a case's documents come oldest first, updates and deletes are
version-checked, the history is kept per document, Statusöversikt lists only sent
documents newest first with their cases, and the chart counts events per month."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from kawebb_desktop.domain.documents import (
    Document,
    DocumentEvent,
    DocumentStatus,
    DocumentType,
)
from kawebb_desktop.domain.errors import Conflict, NotFound
from kawebb_desktop.store.base import Store
from tests.store import builders

T0 = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC)


def _setup(store: Store) -> tuple[int, int, int, int]:
    """(organisation, case A, case B, person)."""
    with store.unit_of_work(write=True) as uow:
        org = uow.organisations.add(builders.organisation())
        unit = uow.units.add(builders.unit(org.id))
        a = uow.cases.add(builders.case(org.id, unit.id, first_name="Åsa", last_name="Öberg"))
        b = uow.cases.add(builders.case(org.id, unit.id, first_name="Bo", last_name="Ek"))
        person = uow.persons.add(builders.person())
        uow.commit()
    return org.id, a.id, b.id, person.id


def _doc(org: int, case: int, person: int, **fields: object) -> Document:
    base = Document(
        id=0,
        organisation_id=org,
        case_id=case,
        type=DocumentType.INFORMATIV_RAPPORT,
        status=DocumentStatus.UTKAST,
        values={"subject": "Möte på Åre", "text": "Rad ett\nRad två ✓"},
        version=1,
        created_at=T0,
        updated_at=T0,
        updated_by_person_id=person,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def test_a_document_round_trips_and_lists_by_case(store: Store) -> None:
    org, a, b, person = _setup(store)
    with store.unit_of_work(write=True) as uow:
        first = uow.documents.add(_doc(org, a, person))
        second = uow.documents.add(_doc(org, a, person, type=DocumentType.SLUTREDOVISNING))
        uow.documents.add(_doc(org, b, person))
        uow.commit()
    assert first.id > 0 and first.version == 1
    with store.unit_of_work() as uow:
        assert uow.documents.get(first.id) == first
        assert replace(first, id=0) == _doc(org, a, person)
        assert [d.id for d in uow.documents.for_case(a)] == [first.id, second.id]
        assert uow.documents.get(2**40) is None
        assert uow.documents.for_case(2**40) == []


def test_update_and_delete_check_the_version(store: Store) -> None:
    org, a, _b, person = _setup(store)
    with store.unit_of_work(write=True) as uow:
        doc = uow.documents.add(_doc(org, a, person))
        uow.commit()
    sent_at = T0 + dt.timedelta(days=1)
    with store.unit_of_work(write=True) as uow:
        updated = uow.documents.update(
            replace(doc, status=DocumentStatus.INSKICKAD, sent_at=sent_at, values={"x": "y"})
        )
        uow.commit()
    assert updated.version == 2 and updated.sent_at == sent_at and updated.values == {"x": "y"}
    with store.unit_of_work(write=True) as uow, pytest.raises(Conflict):
        uow.documents.update(replace(doc, return_comment="stale"))
    with store.unit_of_work(write=True) as uow, pytest.raises(Conflict):
        uow.documents.delete(doc)
    with store.unit_of_work(write=True) as uow:
        uow.documents.add_event(DocumentEvent(0, doc.id, DocumentStatus.INSKICKAD, T0, person))
        uow.documents.delete(updated)
        uow.commit()
    with store.unit_of_work(write=True) as uow:
        assert uow.documents.get(doc.id) is None
        assert uow.documents.events(doc.id) == []
        with pytest.raises(NotFound):
            uow.documents.update(updated)


def test_an_unknown_case_is_refused(store: Store) -> None:
    org, _a, _b, person = _setup(store)
    with store.unit_of_work(write=True) as uow, pytest.raises(NotFound):
        uow.documents.add(_doc(org, 2**30, person))


def test_status_overview_lists_sent_documents_and_counts_months(store: Store) -> None:
    org, a, b, person = _setup(store)
    march = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)
    with store.unit_of_work(write=True) as uow:
        uow.documents.add(_doc(org, a, person))  # a draft: not listed
        old = uow.documents.add(
            _doc(org, a, person, status=DocumentStatus.GODKAND, sent_at=T0, decided_at=march)
        )
        new = uow.documents.add(
            _doc(org, b, person, status=DocumentStatus.INSKICKAD, sent_at=march)
        )
        for doc_id, status, at, by in [
            (old.id, DocumentStatus.INSKICKAD, T0, person),
            (old.id, DocumentStatus.GODKAND, march, None),
            (new.id, DocumentStatus.INSKICKAD, march, person),
        ]:
            uow.documents.add_event(DocumentEvent(0, doc_id, status, at, by))
        other = uow.organisations.add(builders.organisation("Åsele kommun"))
        other_unit = uow.units.add(builders.unit(other.id, "Åsele"))
        other_case = uow.cases.add(builders.case(other.id, other_unit.id))
        uow.documents.add(
            _doc(other.id, other_case.id, person, status=DocumentStatus.INSKICKAD, sent_at=march)
        )
        uow.commit()
    with store.unit_of_work() as uow:
        lines, total = uow.documents.sent(org, 10)
        assert total == 2
        assert [line.document.id for line in lines] == [new.id, old.id]
        assert (lines[0].first_name, lines[0].last_name) == ("Bo", "Ek")
        assert uow.documents.sent(org, 1)[0][0].document.id == new.id
        assert uow.documents.monthly_counts(org) == [
            (dt.date(2026, 1, 1), DocumentStatus.INSKICKAD, 1),
            (dt.date(2026, 3, 1), DocumentStatus.INSKICKAD, 1),
            (dt.date(2026, 3, 1), DocumentStatus.GODKAND, 1),
        ]
        events = uow.documents.events(old.id)
        assert [(e.status, e.by_person_id) for e in events] == [
            (DocumentStatus.INSKICKAD, person),
            (DocumentStatus.GODKAND, None),
        ]
