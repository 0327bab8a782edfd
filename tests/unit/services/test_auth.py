"""Login (rule 1), the choice between organisations, and logging out."""

from __future__ import annotations

import datetime as dt

import pytest

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.errors import NotAuthorized, NotFound
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.services import Services
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.signing.simulator import BankIdSimulator, Outcome, SimulatedPerson
from kawebb_desktop.store.base import Store
from tests.helpers import ADMIN_PNR, READER_PNR, add_organisation, add_user, login, standard_org


def _identify(services: Services, simulator: BankIdSimulator, clock: FixedClock, pnr: str):  # type: ignore[no-untyped-def]
    simulator.set_identity(SimulatedPerson(pnr, "Test", "Person"))
    order = services.auth.start_login()
    clock.advance(dt.timedelta(seconds=4))
    return order, services.auth.collect_login(order.order_ref)


def test_an_admin_logs_in_to_the_only_organisation(
    store: Store, services: Services, simulator: BankIdSimulator, clock: FixedClock
) -> None:
    org, _unit, admin_user, _service = standard_org(store)
    order, progress = _identify(services, simulator, clock, ADMIN_PNR)
    assert progress.status is CollectStatus.COMPLETE
    assert [c.name for c in progress.choices] == ["Dorotea kommun"]
    actor = services.auth.enter(order.order_ref, org.id)
    assert (actor.name, actor.role, actor.authorization_id) == (
        "Arvid Aronsson",
        Role.BEHORIGHETSADMINISTRATOR,
        admin_user.id,
    )


def test_a_person_in_two_organisations_chooses_and_can_switch(
    store: Store, services: Services, simulator: BankIdSimulator, clock: FixedClock
) -> None:
    dorotea, _u, _a, _s = standard_org(store)
    vilhelmina, _u2 = add_organisation(store, "Vilhelmina kommun", "2120002460")
    add_user(store, vilhelmina, ADMIN_PNR, "Arvid", "Aronsson", Role.TJANSTEADMINISTRATOR)
    order, progress = _identify(services, simulator, clock, ADMIN_PNR)
    assert [c.name for c in progress.choices] == ["Dorotea kommun", "Vilhelmina kommun"]
    actor = services.auth.enter(order.order_ref, vilhelmina.id)
    assert actor.role is Role.TJANSTEADMINISTRATOR
    switched = services.auth.switch_organisation(actor, dorotea.id)
    assert switched.role is Role.BEHORIGHETSADMINISTRATOR
    assert len(services.auth.choices(switched)) == 2


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2026, 7, 1), dt.date(2027, 1, 1)),  # not started yet
        (dt.date(2025, 1, 1), dt.date(2026, 6, 14)),  # ended yesterday
    ],
)
def test_a_person_without_an_active_authorization_is_refused(
    store: Store,
    services: Services,
    simulator: BankIdSimulator,
    clock: FixedClock,
    start: dt.date,
    end: dt.date,
) -> None:
    org, _u, _a, _s = standard_org(store)
    add_user(store, org, READER_PNR, "Agda", "Andersson", Role.LASARE, start, end)
    with pytest.raises(NotAuthorized, match="saknar aktiv behörighet"):
        _identify(services, simulator, clock, READER_PNR)
    with pytest.raises(NotAuthorized):
        login(services, simulator, clock, READER_PNR)


def test_an_unknown_person_is_refused(
    store: Store, services: Services, simulator: BankIdSimulator, clock: FixedClock
) -> None:
    standard_org(store)
    with pytest.raises(NotAuthorized):
        _identify(services, simulator, clock, READER_PNR)


def test_entering_requires_a_completed_identification(
    store: Store, services: Services, simulator: BankIdSimulator, clock: FixedClock
) -> None:
    org, _u, _a, _s = standard_org(store)
    simulator.set_identity(SimulatedPerson(ADMIN_PNR, "Arvid", "Aronsson"))
    order = services.auth.start_login()
    with pytest.raises(NotAuthorized, match="Identifiera dig"):
        services.auth.enter(order.order_ref, org.id)
    with pytest.raises(NotFound):
        services.auth.enter("no-such-order", org.id)


def test_entering_an_organisation_without_authorization_is_refused(
    store: Store, services: Services, simulator: BankIdSimulator, clock: FixedClock
) -> None:
    standard_org(store)
    other, _u = add_organisation(store, "Åsele kommun", "2120002262")
    order, _progress = _identify(services, simulator, clock, ADMIN_PNR)
    with pytest.raises(NotAuthorized):
        services.auth.enter(order.order_ref, other.id)


def test_a_cancelled_login_fails_and_can_be_retried(
    store: Store, services: Services, simulator: BankIdSimulator, clock: FixedClock
) -> None:
    standard_org(store)
    simulator.set_identity(SimulatedPerson(ADMIN_PNR, "Arvid", "Aronsson"))
    simulator.script(Outcome.USER_CANCEL)
    order = services.auth.start_login()
    clock.advance(dt.timedelta(seconds=4))
    progress = services.auth.collect_login(order.order_ref)
    assert (progress.status, progress.hint_code) == (CollectStatus.FAILED, "userCancel")
    assert progress.message == "Åtgärden avbruten."
    assert login(services, simulator, clock, ADMIN_PNR).name == "Arvid Aronsson"


def test_logging_out_is_audited(
    store: Store, services: Services, simulator: BankIdSimulator, clock: FixedClock
) -> None:
    org, _u, _a, _s = standard_org(store)
    actor = login(services, simulator, clock, ADMIN_PNR)
    services.auth.logout(actor)
    with store.unit_of_work() as uow:
        actions = [e.action for e in uow.audit.page(org.id, 0, 10).items]
    assert actions[:2] == ["utloggning", "inloggning"]
