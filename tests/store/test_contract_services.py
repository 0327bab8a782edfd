"""Contract: the services of an organisation's Tjänsteutbud and the units that deliver them."""

from __future__ import annotations

import pytest

from kawebb_desktop.domain.entities import CaseKind, Service
from kawebb_desktop.domain.errors import Conflict, NotFound
from kawebb_desktop.store.base import Store
from tests.store.builders import organisation, unit


def test_services_round_trip_in_swedish_order_with_their_units(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation("Dorotea kommun"))
        other = uow.organisations.add(organisation("Åsele kommun"))
        ubk = uow.units.add(unit(org.id, "Dorotea UBK"))
        ers = uow.units.add(
            unit(org.id, "Dorotea ersättning", case_kind=CaseKind.ERSATTNINGSARENDE)
        )
        asele = uow.units.add(unit(other.id, "Åsele UBK"))
        ovrigt = uow.services.add(Service(0, org.id, "Övrigt"))
        studier = uow.services.add(
            Service(0, org.id, "Utbildningskontrakt – studier", (ers.id, ubk.id))
        )
        arbete = uow.services.add(Service(0, org.id, "Arbete", (ers.id,)))
        uow.services.add(Service(0, other.id, "Utbildningskontrakt – studier", (asele.id,)))
        uow.commit()

    assert studier.id > 0 and studier.unit_ids == tuple(sorted((ubk.id, ers.id)))
    with store.unit_of_work() as uow:
        # "Ö" sorts after "U" in Swedish (not before it, as in plain code point order).
        assert uow.services.for_organisation(org.id) == [arbete, studier, ovrigt]
        assert ovrigt.unit_ids == ()
        (theirs,) = uow.services.for_organisation(other.id)
        assert theirs.unit_ids == (asele.id,)
        assert uow.services.for_organisation(4711) == []


def test_a_unit_of_another_organisation_is_refused_and_nothing_is_stored(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation("Dorotea kommun"))
        other = uow.organisations.add(organisation("Åsele kommun"))
        theirs = uow.units.add(unit(other.id, "Åsele UBK"))
        uow.commit()

    with store.unit_of_work() as uow:
        with pytest.raises(NotFound, match="utförande verksamheten"):
            uow.services.add(Service(0, org.id, "Studier", (theirs.id,)))
        with pytest.raises(NotFound, match="utförande verksamheten"):
            uow.services.add(Service(0, org.id, "Studier", (4711,)))
        uow.commit()

    with store.unit_of_work() as uow:
        assert uow.services.for_organisation(org.id) == []


def test_a_service_name_is_unique_in_its_organisation(store: Store) -> None:
    with store.unit_of_work() as uow:
        org = uow.organisations.add(organisation("Dorotea kommun"))
        other = uow.organisations.add(organisation("Åsele kommun"))
        uow.services.add(Service(0, org.id, "Studier"))
        uow.services.add(Service(0, other.id, "Studier"))
        with pytest.raises(Conflict, match="finns redan"):
            uow.services.add(Service(0, org.id, "Studier"))
        uow.commit()

    with store.unit_of_work() as uow:
        assert [s.name for s in uow.services.for_organisation(org.id)] == ["Studier"]


def test_a_service_of_an_unknown_organisation_is_not_found(store: Store) -> None:
    with store.unit_of_work() as uow, pytest.raises(NotFound):
        uow.services.add(Service(0, 4711, "Studier"))
