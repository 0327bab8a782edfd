"""Contract: logging in with BankID, the session token, choosing an organisation."""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets

import pytest

from kawebb_desktop.domain.errors import (
    NotAuthenticated,
    NotAuthorized,
    NotFound,
    PermissionDenied,
)
from kawebb_desktop.domain.queries import UserQuery
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.sessions import token_hash
from kawebb_desktop.services.api import Caller
from kawebb_desktop.services.auth import ALREADY_USED, NO_ACTIVE_AUTHORIZATION, RESUME_TOO_LATE
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.store.sql import open_store
from tests.services.backends import ARVID, ASELE, DOROTEA, KARINA, MARTA, VILHELMINA, Backend
from tests.services.conftest import Deployments


def test_login_with_the_demo_phone_then_enter_and_me(backend: Backend) -> None:
    auth = backend.services.auth
    progress = backend.login(ARVID, fresh=True)
    assert progress.status is CollectStatus.COMPLETE
    assert progress.token
    assert progress.person is not None
    assert progress.person.full_name == ARVID
    assert progress.person.personnummer.value == backend.personnummer(ARVID)
    names = [c.name for c in progress.choices]
    assert names[:2] == [DOROTEA, VILHELMINA]
    assert {c.role for c in progress.choices} == {Role.BEHORIGHETSADMINISTRATOR}

    dorotea = progress.choices[0]
    actor = auth.enter(progress.token, dorotea.organisation_id)
    assert actor.token == progress.token
    assert actor.person_id == progress.person.id
    assert actor.personnummer == progress.person.personnummer
    assert actor.name == ARVID
    assert (actor.organisation_id, actor.organisation_name) == (dorotea.organisation_id, DOROTEA)
    assert actor.authorization_id == dorotea.authorization_id
    assert actor.role is Role.BEHORIGHETSADMINISTRATOR

    me = auth.me(progress.token)
    assert me.person == progress.person
    assert me.authorizations == progress.choices
    assert all(c.organisation_id and c.role for c in me.authorizations)


def test_a_login_is_pending_until_the_phone_approves(backend: Backend) -> None:
    auth = backend.services.auth
    order = auth.start_login()
    assert order.order_ref and order.auto_start_token
    assert order.qr_data.startswith("bankid.")
    assert auth.login_qr(order.order_ref).startswith("bankid.")
    waiting = auth.collect_login(order.order_ref)
    assert waiting.status is CollectStatus.PENDING
    assert waiting.hint_code == "outstandingTransaction"
    assert waiting.message and waiting.token is None and waiting.person is None
    assert waiting.qr_data.startswith("bankid.")
    backend.phone.approve(order.order_ref, backend.personnummer(ARVID))
    done = auth.collect_login(order.order_ref)
    assert done.status is CollectStatus.COMPLETE and done.token
    # The token is handed out once: a second collect gets nothing.
    with pytest.raises(PermissionDenied) as caught:
        auth.collect_login(order.order_ref)
    assert caught.value.message == ALREADY_USED
    auth.logout(done.token)


def test_a_cancelled_login_fails(backend: Backend) -> None:
    auth = backend.services.auth
    order = auth.start_login()
    auth.cancel_login(order.order_ref)
    auth.cancel_login(order.order_ref)  # cancelling twice is cancelling once
    progress = auth.collect_login(order.order_ref)
    assert progress.status is CollectStatus.FAILED
    assert progress.hint_code == "cancelled"
    assert progress.token is None and progress.message


def test_an_unknown_login_order_is_not_found(backend: Backend) -> None:
    with pytest.raises(NotFound):
        backend.services.auth.collect_login("00000000-0000-4000-8000-000000000000")
    with pytest.raises(NotFound):
        backend.services.auth.login_qr("no-such-order")


def test_a_person_without_active_authorization_is_refused(backend: Backend) -> None:
    with pytest.raises(PermissionDenied) as caught:
        backend.try_login(backend.personnummer(KARINA))
    assert caught.value.message == NO_ACTIVE_AUTHORIZATION
    assert "Du saknar aktiv behörighet" in caught.value.message


def test_the_refusal_says_the_authorization_is_not_active(backend: Backend) -> None:
    """``NotAuthorized`` (not just ``PermissionDenied``): the UI ends the session on it."""
    with pytest.raises(NotAuthorized):
        backend.try_login(backend.personnummer(KARINA))


def test_enter_refuses_an_organisation_without_authorization(backend: Backend) -> None:
    token = backend.login(ARVID).token
    assert token is not None
    if ASELE in [c.name for c in backend.login(ARVID).choices]:  # pragma: no cover
        pytest.fail("Arvid should have no authorization in Åsele")
    with pytest.raises(NotFound):
        backend.services.auth.enter(token, backend.org_id(ASELE))
    with pytest.raises(NotFound):
        backend.services.auth.enter(token, 999_999)


@pytest.mark.parametrize(
    "token", ["forged", secrets.token_urlsafe(32), "x" * 300], ids=["word", "random", "long"]
)
def test_a_forged_token_is_not_authenticated(backend: Backend, token: str) -> None:
    services = backend.services
    dorotea = backend.org_id(DOROTEA)
    with pytest.raises(NotAuthenticated) as caught:
        services.auth.me(token)
    assert "Logga in" in caught.value.message
    with pytest.raises(NotAuthenticated):
        services.auth.enter(token, dorotea)
    with pytest.raises(NotAuthenticated):
        services.users.list_users(Caller(token, dorotea), UserQuery())
    with pytest.raises(NotAuthenticated):
        services.organisations.organisation(Caller(token, dorotea))


def test_after_logout_the_token_is_refused(backend: Backend) -> None:
    services = backend.services
    progress = backend.login(ARVID, fresh=True)
    assert progress.token is not None
    actor = services.auth.enter(progress.token, backend.org_id(DOROTEA))
    caller = Caller(actor.token, actor.organisation_id)
    assert services.users.list_users(caller, UserQuery()).total > 0
    services.auth.logout(progress.token)
    with pytest.raises(NotAuthenticated):
        services.auth.me(progress.token)
    with pytest.raises(NotAuthenticated):
        services.users.list_users(caller, UserQuery())
    with pytest.raises(NotAuthenticated):
        services.auth.enter(progress.token, backend.org_id(DOROTEA))
    # Other sessions of the same person live on.
    other = backend.login(ARVID)
    assert other.token is not None and services.auth.me(other.token).person.full_name == ARVID


def test_the_same_person_resumes_a_locked_session_and_nobody_else(backend: Backend) -> None:
    """Sessionstid: /me says the idle time (the server's); unlocking takes a fresh login
    of the same person, which then ends; another person changes nothing."""
    auth = backend.services.auth
    locked = backend.login(ARVID, fresh=True).token
    assert locked is not None
    dorotea = backend.org_id(DOROTEA)
    auth.enter(locked, dorotea)
    assert auth.me(locked).session_idle_minutes == 30
    other = backend.login(MARTA, fresh=True).token
    assert other is not None
    with pytest.raises(NotAuthorized):
        auth.resume(other, locked, dorotea)
    assert auth.me(other).person.full_name == MARTA
    again = backend.login(ARVID, fresh=True).token
    assert again is not None
    actor = auth.resume(again, locked, dorotea)
    assert actor.token == locked and actor.organisation_id == dorotea and actor.name == ARVID
    assert auth.me(locked).person.full_name == ARVID
    with pytest.raises(NotAuthenticated):
        auth.me(again)
    auth.logout(locked)
    auth.logout(other)


def _last_used(deployments: Deployments, backend: Backend, token: str, ago: dt.timedelta) -> None:
    """Move the session's last use ``ago`` into the past, in the backend's own database
    (the backends run on the real clock: nobody waits 12 hours)."""
    url, schema = deployments.database(backend.name)
    store = open_store(url, schema=schema)
    try:
        with store.unit_of_work(write=True) as uow:
            session = uow.sessions.by_token_hash(token_hash(token))
            assert session is not None
            now = backend.services.clock.now()
            uow.sessions.update(dataclasses.replace(session, last_seen_at=now - ago))
            uow.commit()
    finally:
        store.close()


def test_a_session_unused_longer_than_the_resume_limit_is_not_unlocked(
    backend: Backend, deployments: Deployments
) -> None:
    """POST /auth/resume (and the local resume) unlock a session idle for hours, but not
    one last used more than the server's session_resume_max_hours (12) ago: that is
    NotAuthenticated with a Swedish message, and the session is over for good."""
    auth = backend.services.auth
    dorotea = backend.org_id(DOROTEA)
    within = backend.login(ARVID, fresh=True).token
    assert within is not None
    auth.enter(within, dorotea)
    _last_used(deployments, backend, within, dt.timedelta(hours=11, minutes=50))
    with pytest.raises(NotAuthenticated):
        auth.me(within)  # idle: locked
    again = backend.login(ARVID, fresh=True).token
    assert again is not None
    assert auth.resume(again, within, dorotea).token == within

    too_old = backend.login(ARVID, fresh=True).token
    assert too_old is not None
    auth.enter(too_old, dorotea)
    _last_used(deployments, backend, too_old, dt.timedelta(hours=12, minutes=10))
    fresh = backend.login(ARVID, fresh=True).token
    assert fresh is not None
    with pytest.raises(NotAuthenticated) as caught:
        auth.resume(fresh, too_old, dorotea)
    assert caught.value.message == RESUME_TOO_LATE.format(hours="12 timmar")
    # Ended: a second try with another fresh login is refused as not logged in.
    fresh_again = backend.login(ARVID, fresh=True).token
    assert fresh_again is not None
    with pytest.raises(NotAuthenticated) as again_caught:
        auth.resume(fresh_again, too_old, dorotea)
    assert again_caught.value.message != caught.value.message
    for token in (within, fresh, fresh_again):
        auth.logout(token)
