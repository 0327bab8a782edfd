"""Login (rule 1): identification → a session token (handed out once) → the choice of
organisation; the session's idle timeout and logging out."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.errors import NotAuthenticated, NotAuthorized, NotFound
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.sessions import token_hash
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services import Services
from kawebb_desktop.services import auth as auth_module
from kawebb_desktop.services.api import (
    CreateUser,
    LoginProgress,
    OrderView,
    StartSigning,
    caller_of,
)
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.signing.simulator import BankIdSimulator, Outcome, SimulatedPerson
from kawebb_desktop.store.base import Store
from tests.conftest import SESSION_IDLE
from tests.helpers import (
    ADMIN_PNR,
    READER_PNR,
    SERVICE_PNR,
    add_organisation,
    add_user,
    draft,
    login,
    standard_org,
)


def _identify(
    services: Services, clock: FixedClock, pnr: str, person: SimulatedPerson | None = None
) -> tuple[OrderView, LoginProgress]:
    """A login approved on the phone by ``pnr`` (as the store knows them, or ``person``)."""
    order = services.auth.start_login()
    clock.advance(dt.timedelta(seconds=1))
    assert services.demo_phone is not None
    if person is None:
        services.demo_phone.approve(order.order_ref, pnr)
    else:
        services.demo_phone.approve(order.order_ref)  # keeps the simulator's identity
    return order, services.auth.collect_login(order.order_ref)


def _audit(store: Store, organisation_id: int) -> list[str]:
    with store.unit_of_work() as uow:
        return [e.action for e in uow.audit.page(organisation_id, 0, 50).items]


def _audit_of_no_organisation(tmp_path: Path) -> list[tuple[str, str]]:
    """Audit entries of no organisation (logouts, refused logins), newest first; the
    store protocol has no query for them, so SQL reads the test's SQLite file."""
    with contextlib.closing(sqlite3.connect(tmp_path / "kawebb.sqlite3")) as db:
        rows = db.execute(
            "SELECT action, actor_name FROM audit_entries WHERE organisation_id IS NULL "
            "ORDER BY id DESC"
        ).fetchall()
    return [(action, name) for action, name in rows]


def test_an_admin_logs_in_to_the_only_organisation(
    store: Store, services: Services, clock: FixedClock
) -> None:
    org, _unit, admin_user, _service = standard_org(store)
    order = services.auth.start_login()
    assert order.qr_data.startswith("bankid.")
    assert services.auth.login_qr(order.order_ref).startswith("bankid.")
    pending = services.auth.collect_login(order.order_ref)
    assert (pending.status, pending.token) == (CollectStatus.PENDING, None)
    assert services.demo_phone is not None
    services.demo_phone.approve(order.order_ref, ADMIN_PNR)
    progress = services.auth.collect_login(order.order_ref)
    assert progress.status is CollectStatus.COMPLETE
    assert progress.token
    assert progress.person is not None and progress.person.full_name == "Arvid Aronsson"
    assert [c.name for c in progress.choices] == ["Dorotea kommun"]
    actor = services.auth.enter(progress.token, org.id)
    assert (actor.name, actor.role, actor.authorization_id, actor.token) == (
        "Arvid Aronsson",
        Role.BEHORIGHETSADMINISTRATOR,
        admin_user.id,
        progress.token,
    )
    assert actor.personnummer == Personnummer(ADMIN_PNR)
    assert _audit(store, org.id)[0] == "inloggning"


def test_the_token_is_stored_only_as_its_hash(
    store: Store, services: Services, clock: FixedClock
) -> None:
    standard_org(store)
    _order, progress = _identify(services, clock, ADMIN_PNR)
    assert progress.token is not None
    with store.unit_of_work() as uow:
        session = uow.sessions.by_token_hash(token_hash(progress.token))
        assert uow.sessions.by_token_hash(progress.token) is None
    assert session is not None and session.token_hash != progress.token


def test_a_person_in_two_organisations_chooses_and_can_switch(
    store: Store, services: Services, clock: FixedClock
) -> None:
    dorotea, _u, _a, _s = standard_org(store)
    vilhelmina, _u2 = add_organisation(store, "Vilhelmina kommun", "2120002460")
    add_user(store, vilhelmina, ADMIN_PNR, "Arvid", "Aronsson", Role.TJANSTEADMINISTRATOR)
    _order, progress = _identify(services, clock, ADMIN_PNR)
    assert progress.token is not None
    assert [c.name for c in progress.choices] == ["Dorotea kommun", "Vilhelmina kommun"]
    actor = services.auth.enter(progress.token, vilhelmina.id)
    assert actor.role is Role.TJANSTEADMINISTRATOR
    switched = services.auth.enter(progress.token, dorotea.id)
    assert switched.role is Role.BEHORIGHETSADMINISTRATOR
    me = services.auth.me(progress.token)
    assert me.person.full_name == "Arvid Aronsson"
    assert [(c.organisation_id, c.role) for c in me.authorizations] == [
        (dorotea.id, Role.BEHORIGHETSADMINISTRATOR),
        (vilhelmina.id, Role.TJANSTEADMINISTRATOR),
    ]


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
    tmp_path: Path,
) -> None:
    org, _u, _a, _s = standard_org(store)
    add_user(store, org, READER_PNR, "Agda", "Andersson", Role.LASARE, start, end)
    with pytest.raises(NotAuthorized, match="saknar aktiv behörighet"):
        _identify(services, clock, READER_PNR)
    with pytest.raises(NotAuthorized):
        login(services, simulator, clock, READER_PNR)
    assert _audit_of_no_organisation(tmp_path)[0] == ("inloggning.nekad", "Agda Andersson")


def test_an_unknown_person_is_refused(store: Store, services: Services, clock: FixedClock) -> None:
    standard_org(store)
    with pytest.raises(NotAuthorized, match="saknar aktiv behörighet"):
        _identify(services, clock, READER_PNR)
    with store.unit_of_work() as uow:
        assert uow.persons.by_personnummer(Personnummer(READER_PNR)) is None


def test_a_refused_login_creates_no_session(
    store: Store, services: Services, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    org, _u, _a, _s = standard_org(store)
    add_user(store, org, READER_PNR, "Agda", "Andersson", Role.LASARE, dt.date(2026, 7, 1))
    monkeypatch.setattr(auth_module, "new_token", lambda: "the-token-that-must-not-be")
    with pytest.raises(NotAuthorized):
        _identify(services, clock, READER_PNR)
    with store.unit_of_work() as uow:
        assert uow.sessions.by_token_hash(token_hash("the-token-that-must-not-be")) is None
    with pytest.raises(NotAuthenticated):
        services.auth.me("the-token-that-must-not-be")
    with pytest.raises(NotAuthenticated):
        services.auth.enter("the-token-that-must-not-be", org.id)


def test_the_token_is_handed_out_once(store: Store, services: Services, clock: FixedClock) -> None:
    standard_org(store)
    order, progress = _identify(services, clock, ADMIN_PNR)
    assert progress.token is not None
    with pytest.raises(NotAuthorized, match="redan slutförd") as caught:
        services.auth.collect_login(order.order_ref)
    assert caught.value.message
    services.auth.me(progress.token)  # the first token still works


def test_login_takes_the_name_from_bankid(
    store: Store, services: Services, simulator: BankIdSimulator, clock: FixedClock
) -> None:
    org, _u, admin_user, _s = standard_org(store)
    simulator.set_identity(SimulatedPerson(ADMIN_PNR, "Arvid", "Aronsson-Berg"))
    _order, progress = _identify(services, clock, ADMIN_PNR, simulator.identity)
    assert progress.person is not None and progress.person.full_name == "Arvid Aronsson-Berg"
    assert progress.token is not None
    assert services.auth.me(progress.token).person.last_name == "Aronsson-Berg"
    actor = services.auth.enter(progress.token, org.id)
    assert actor.name == "Arvid Aronsson-Berg"
    with store.unit_of_work() as uow:
        user = uow.users.get(admin_user.id)
    assert user is not None and user.last_name == "Aronsson-Berg"


def test_entering_requires_a_session(store: Store, services: Services, clock: FixedClock) -> None:
    org, _u, _a, _s = standard_org(store)
    order = services.auth.start_login()
    for token in (order.order_ref, "no-such-token", "", "x" * 10_000):
        with pytest.raises(NotAuthenticated, match="inte inloggad"):
            services.auth.enter(token, org.id)


def test_entering_an_organisation_without_authorization_is_not_found(
    store: Store, services: Services, clock: FixedClock
) -> None:
    standard_org(store)
    other, _u = add_organisation(store, "Åsele kommun", "2120002262")
    _order, progress = _identify(services, clock, ADMIN_PNR)
    assert progress.token is not None
    for organisation_id in (other.id, 9999):
        with pytest.raises(NotFound, match="Organisationen finns inte"):
            services.auth.enter(progress.token, organisation_id)


def test_a_cancelled_login_fails_and_can_be_retried(
    store: Store, services: Services, simulator: BankIdSimulator, clock: FixedClock
) -> None:
    standard_org(store)
    simulator.script(Outcome.USER_CANCEL)
    order = services.auth.start_login()
    clock.advance(dt.timedelta(seconds=4))
    progress = services.auth.collect_login(order.order_ref)
    assert (progress.status, progress.hint_code) == (CollectStatus.FAILED, "userCancel")
    assert progress.message == "Åtgärden avbruten."
    assert progress.token is None
    assert services.auth.collect_login(order.order_ref).status is CollectStatus.FAILED
    assert login(services, simulator, clock, ADMIN_PNR).name == "Arvid Aronsson"


def test_cancelling_a_login_cancels_the_bankid_order(
    store: Store, services: Services, simulator: BankIdSimulator, clock: FixedClock
) -> None:
    standard_org(store)
    order = services.auth.start_login()
    services.auth.cancel_login(order.order_ref)
    assert simulator.pending_orders() == []
    progress = services.auth.collect_login(order.order_ref)
    assert (progress.status, progress.hint_code) == (CollectStatus.FAILED, "cancelled")
    services.auth.cancel_login(order.order_ref)  # again: nothing to do


def test_unknown_and_sign_orders_are_no_logins(
    store: Store, services: Services, simulator: BankIdSimulator, clock: FixedClock
) -> None:
    standard_org(store)
    actor = login(services, simulator, clock, ADMIN_PNR)
    services.users.create_user(caller_of(actor), CreateUser(draft()))
    sign = services.signing.start(caller_of(actor), StartSigning())
    for order_ref in ("no-such-order", "", "x" * 500, sign.order_ref):
        with pytest.raises(NotFound):
            services.auth.collect_login(order_ref)
        with pytest.raises(NotFound):
            services.auth.login_qr(order_ref)


def test_a_login_order_expires(
    store: Store, services: Services, simulator: BankIdSimulator, clock: FixedClock
) -> None:
    standard_org(store)
    simulator.script(Outcome.MANUAL)
    order = services.auth.start_login()
    clock.advance(dt.timedelta(minutes=11))
    progress = services.auth.collect_login(order.order_ref)
    assert (progress.status, progress.hint_code) == (CollectStatus.FAILED, "expiredTransaction")


def test_an_idle_session_expires_and_use_keeps_it_alive(
    store: Store, services: Services, simulator: BankIdSimulator, clock: FixedClock
) -> None:
    org, _u, _a, _s = standard_org(store)
    actor = login(services, simulator, clock, ADMIN_PNR)
    for _ in range(3):  # used every 20 minutes: alive for an hour
        clock.advance(dt.timedelta(minutes=20))
        services.auth.me(actor.token)
    clock.advance(SESSION_IDLE + dt.timedelta(seconds=1))
    with pytest.raises(NotAuthenticated, match="inte inloggad"):
        services.auth.me(actor.token)
    with pytest.raises(NotAuthenticated):
        services.auth.enter(actor.token, org.id)


def test_logging_out_revokes_the_session_and_is_audited(
    store: Store,
    services: Services,
    simulator: BankIdSimulator,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    org, _u, _a, _s = standard_org(store)
    actor = login(services, simulator, clock, ADMIN_PNR)
    other = login(services, simulator, clock, SERVICE_PNR)
    services.auth.logout(actor.token)
    with pytest.raises(NotAuthenticated):
        services.auth.me(actor.token)
    with pytest.raises(NotAuthenticated):
        services.auth.enter(actor.token, org.id)
    assert services.auth.me(other.token).person.first_name == "Viking"  # only that session
    assert _audit_of_no_organisation(tmp_path) == [("utloggning", "Arvid Aronsson")]


def test_an_idle_session_is_resumed_by_the_same_persons_fresh_login_only(
    store: Store,
    services: Services,
    simulator: BankIdSimulator,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    """Sessionstid (issue 10): an idle session is live again after a fresh login of its
    own person, which ends; a session cannot vouch for itself, nor a logged-out one be
    resumed."""
    org, _u, _a, _s = standard_org(store)
    actor = login(services, simulator, clock, ADMIN_PNR)
    assert services.auth.me(actor.token).session_idle_minutes == SESSION_IDLE.seconds / 60
    clock.advance(SESSION_IDLE + dt.timedelta(minutes=5))
    with pytest.raises(NotAuthenticated):
        services.auth.me(actor.token)
    with pytest.raises(NotAuthenticated):  # not by itself
        services.auth.resume(actor.token, actor.token, org.id)
    _order, fresh = _identify(services, clock, ADMIN_PNR)
    assert fresh.token is not None
    with pytest.raises(NotAuthenticated):  # the fresh one cannot resume itself either
        services.auth.resume(fresh.token, fresh.token, org.id)
    again = services.auth.resume(fresh.token, actor.token, org.id)
    assert again.token == actor.token and again.organisation_id == org.id
    assert services.auth.me(actor.token).person.first_name == "Arvid"
    with pytest.raises(NotAuthenticated):
        services.auth.me(fresh.token)
    assert ("upplåsning", "Arvid Aronsson") in _audit_of_no_organisation(tmp_path)
    services.auth.logout(actor.token)
    _order, third = _identify(services, clock, ADMIN_PNR)
    assert third.token is not None
    with pytest.raises(NotAuthenticated):
        services.auth.resume(third.token, actor.token, org.id)
