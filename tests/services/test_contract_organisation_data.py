"""Contract: *Tjänsteutbud* and the *Avtal* panel read what AF registered, in the caller's
organisation only, for the roles the matrix lets read them."""

from __future__ import annotations

import datetime as dt

import pytest

from kawebb_desktop.domain.entities import AGREEMENT_ACTIVATION_DAYS
from kawebb_desktop.domain.errors import NotAuthenticated
from kawebb_desktop.services.api import Caller
from tests.services.backends import ARVID, ASELE, DOROTEA, MARTA, Backend


def test_service_offering_groups_the_units_by_service_with_their_addresses(
    backend: Backend,
) -> None:
    offering = backend.services.organisations.service_offering(backend.caller(ARVID, DOROTEA))

    assert [o.service for o in offering] == [
        "Utbildningskontrakt – praktik och arbete",
        "Utbildningskontrakt – studier",
    ]
    praktik, studier = offering
    assert [u.name for u in studier.units] == ["Dorotea UBK"]
    assert [u.name for u in praktik.units] == ["Dorotea UBK ersättning"]
    unit = studier.units[0]
    assert (unit.street_address, unit.postal_code, unit.city) == (
        "Storgatan 13",
        "917 81",
        "Dorotea",
    )
    # Every unit of the organisation is in exactly one service, and none of another's.
    units = backend.services.organisations.units(backend.caller(ARVID, DOROTEA))
    assert sorted(u.id for o in offering for u in o.units) == sorted(u.id for u in units)


def test_service_offering_is_the_callers_organisations(backend: Backend) -> None:
    offering = backend.services.organisations.service_offering(backend.caller(MARTA, ASELE))

    assert [(o.service, [u.name for u in o.units]) for o in offering] == [
        ("Utbildningskontrakt – studier", ["Åsele UBK"])
    ]


def test_agreements_name_the_starting_admin_and_the_activation_deadline(
    backend: Backend,
) -> None:
    views = backend.services.organisations.agreements(backend.caller(ARVID, DOROTEA))

    assert len(views) == 1
    view = views[0]
    assert view.starting_admin_name == ARVID
    assert view.agreement.starting_admin.value == backend.personnummer(ARVID)
    assert view.agreement.organisation_id == backend.org_id(DOROTEA)
    assert view.agreement.activated_on is not None
    assert view.agreement.activation_due == view.agreement.received_on + dt.timedelta(
        days=AGREEMENT_ACTIVATION_DAYS
    )
    assert view.agreement.concerns_new_admin is False


def test_agreements_are_the_callers_organisations(backend: Backend) -> None:
    views = backend.services.organisations.agreements(backend.caller(MARTA, ASELE))

    assert [v.starting_admin_name for v in views] == [MARTA]
    assert {v.agreement.organisation_id for v in views} == {backend.org_id(ASELE)}


def test_a_forged_token_reads_neither(backend: Backend) -> None:
    organisations = backend.services.organisations
    caller = Caller("forged", backend.org_id(DOROTEA))

    with pytest.raises(NotAuthenticated):
        organisations.service_offering(caller)
    with pytest.raises(NotAuthenticated):
        organisations.agreements(caller)
