"""Login with BankID (rule 1): identification → a session → the choice of organisation.

``start_login`` opens an identification order; ``collect_login`` polls it; when BankID
says who the person is and that person holds an *active* authorization somewhere, a
session is created and its opaque token handed out — once. ``enter`` then resolves the
token (never a person id from the caller) and checks the chosen organisation.

No BankID call is made inside an open unit of work; every change of an order's state is
a compare-and-set on its version, so two racing collects cannot both complete it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.entities import AuditEntry, Person, User
from kawebb_desktop.domain.errors import Conflict, NotAuthenticated, NotAuthorized, NotFound
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.domain.orders import OrderPurpose, OrderState, SigningOrder
from kawebb_desktop.domain.sessions import Session, new_token, token_hash
from kawebb_desktop.domain.text import sort_key
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.api import LoginProgress, Me, OrderView, OrganisationChoice
from kawebb_desktop.services.common import (
    NO_LONGER_ACTIVE,
    NO_SUCH_ORGANISATION,
    NOT_LOGGED_IN,
    Env,
    audit,
    cancel_quietly,
    compare_and_set,
    live_session,
    order_qr,
    sweep_stale_orders,
    touch,
)
from kawebb_desktop.signing.base import (
    CollectResult,
    CollectStatus,
    CompletedUser,
    Signer,
    SignerError,
)
from kawebb_desktop.signing.messages import user_message
from kawebb_desktop.store.base import UnitOfWork

NO_ACTIVE_AUTHORIZATION = (
    "Du saknar aktiv behörighet till KA Webb. Kontakta kommunens behörighetsadministratör. "
    "En ny behörighet blir användbar några minuter efter att den signerats."
)
ALREADY_USED = "Inloggningen är redan slutförd eller avbruten. Logga in igen."
UNKNOWN_LOGIN = "Inloggningen finns inte. Börja om."
ANOTHER_PERSON = (
    "Det var en annan person som legitimerade sig. Den låsta sessionen tillhör någon annan."
)

RESUME_TOO_LATE = (
    "Sessionen har varit oanvänd för länge (mer än {hours}) för att låsas upp och är "
    "avslutad. Logga in igen med BankID."
)

#: A login order may be collected for this long (BankID's own orders live 3 minutes).
LOGIN_VALIDITY = dt.timedelta(minutes=10)


class AuthService:
    def __init__(self, env: Env, signer: Signer, end_user_ip: str = "127.0.0.1") -> None:
        self._env = env
        self._store = env.store
        self._clock = env.clock
        self._signer = signer
        self._ip = end_user_ip

    # ------------------------------------------------------------------ identification
    def start_login(self) -> OrderView:
        # Every order a crash or an error left "pending" is given up, here as anywhere:
        # a login starts every session of the app (and of ``kawebb serve``).
        sweep_stale_orders(self._env, self._signer)
        start = self._signer.auth(self._ip)
        order = SigningOrder(
            order_ref=start.order_ref,
            purpose=OrderPurpose.LOGIN,
            started_at=self._clock.now(),
            state=OrderState.PENDING,
            auto_start_token=start.auto_start_token,
            qr_start_token=start.qr_start_token,
            qr_start_secret=start.qr_start_secret,
            summary="Inloggning i KA Webb",
        )
        try:
            with self._store.unit_of_work(write=True) as uow:
                uow.orders.add(order)
                uow.commit()
        except BaseException:
            cancel_quietly(self._signer, start.order_ref)
            raise
        return OrderView(
            order.order_ref,
            order.auto_start_token,
            order.started_at,
            order.summary,
            qr_data=order_qr(order, self._clock.now()),
        )

    def login_qr(self, order_ref: str) -> str:
        return order_qr(self._order(order_ref), self._clock.now())

    def collect_login(self, order_ref: str) -> LoginProgress:
        """Poll the identification; on completion, rule 1 decides whether a session is
        made. Raises ``NotAuthorized`` when the person has no active authorization."""
        order = self._order(order_ref)
        if order.state is OrderState.FAILED:
            return self._progress(CollectStatus.FAILED, order.hint_code)
        if order.state is OrderState.COMPLETE:
            raise NotAuthorized(ALREADY_USED)
        if self._clock.now() - order.started_at > LOGIN_VALIDITY:
            self._set_failed(order, "expiredTransaction")
            return self._progress(CollectStatus.FAILED, "expiredTransaction")
        try:
            result = self._signer.collect(order_ref)
        except SignerError as exc:
            self._set_failed(order, exc.error_code)
            raise
        if result.status is CollectStatus.PENDING:
            if result.hint_code != order.hint_code:
                compare_and_set(self._store, replace(order, hint_code=result.hint_code))
            return self._progress(result.status, result.hint_code, order)
        if result.status is CollectStatus.FAILED:
            self._set_failed(order, result.hint_code)
            return self._progress(result.status, result.hint_code)
        return self._complete(order, result)

    def cancel_login(self, order_ref: str) -> None:
        order = self._order(order_ref)
        if order.state is OrderState.PENDING:
            cancel_quietly(self._signer, order_ref)
            self._set_failed(order, "cancelled")

    # ------------------------------------------------------------------ the session
    def enter(self, token: str, organisation_id: int) -> Actor:
        """Start working in ``organisation_id`` (also the header's organisation switch)."""
        with self._store.unit_of_work(write=True) as uow:
            session, person = live_session(uow, self._env, token)
            organisation = uow.organisations.get(organisation_id)
            user = uow.users.find(organisation_id, person.id) if organisation else None
            if organisation is None or user is None:
                raise NotFound(NO_SUCH_ORGANISATION)
            if not user.is_active(self._clock.now(), self._clock.today()):
                raise NotAuthorized(NO_LONGER_ACTIVE)
            actor = Actor(
                token=token,
                person_id=person.id,
                personnummer=person.personnummer,
                name=person.full_name,
                organisation_id=organisation.id,
                organisation_name=organisation.name,
                authorization_id=user.id,
                role=user.role,
            )
            uow.audit.add(
                _entry(
                    self._clock.now(),
                    organisation.id,
                    person,
                    "inloggning",
                    f"Arbetar i {organisation.name}. Roll: {user.role.label}.",
                )
            )
            uow.commit()
        touch(self._env, session)
        return actor

    def me(self, token: str) -> Me:
        with self._store.unit_of_work() as uow:
            session, person = live_session(uow, self._env, token)
            choices = self._choices(uow, person)
        touch(self._env, session)
        return Me(
            person,
            tuple(choices),
            self._env.session_idle.total_seconds() / 60,
            # An offline start is a resume without the server: the same limit.
            self._env.session_resume_max.total_seconds() / 3600,
        )

    def resume(self, login_token: str, token: str, organisation_id: int) -> Actor:
        """Unlock a workstation locked after idle time. ``login_token`` is a fresh BankID
        login; when its person is the person of ``token`` (a session that may have gone
        idle but was never logged out), ``token`` is live again and enters
        ``organisation_id``, and the login's own session ends, its work done. Another
        person is ``NotAuthorized`` and nothing changes: the app then logs out. A session
        last used longer ago than ``session_resume_max`` ends instead
        (``NotAuthenticated``): the app logs out to the login page."""
        with self._store.unit_of_work(write=True) as uow:
            login, person = live_session(uow, self._env, login_token)
            locked = None
            if isinstance(token, str) and 0 < len(token) <= 200:
                locked = uow.sessions.by_token_hash(token_hash(token))
            if locked is None or locked.revoked_at is not None or locked.id == login.id:
                raise NotAuthenticated(NOT_LOGGED_IN)
            if locked.person_id != person.id:
                raise NotAuthorized(ANOTHER_PERSON)
            now = self._clock.now()
            limit = self._env.session_resume_max
            if now - locked.last_seen_at > limit:
                uow.sessions.update(replace(locked, revoked_at=now))
                uow.audit.add(
                    _entry(
                        now, None, person, "utloggning", "Sessionen var för gammal att låsa upp."
                    )
                )
                uow.commit()
                raise NotAuthenticated(msg(RESUME_TOO_LATE, hours=_hours_text(limit)))
            uow.sessions.update(replace(locked, last_seen_at=now))
            uow.sessions.update(replace(login, revoked_at=now))
            uow.audit.add(
                _entry(now, None, person, "upplåsning", "Loggade in igen efter inaktivitet.")
            )
            uow.commit()
        return self.enter(token, organisation_id)

    def logout(self, token: str) -> None:
        try:
            with self._store.unit_of_work(write=True) as uow:
                session, person = live_session(uow, self._env, token)
                now = self._clock.now()
                uow.sessions.update(replace(session, revoked_at=now))
                uow.audit.add(_entry(now, None, person, "utloggning", "Loggade ut."))
                uow.commit()
        except Conflict:  # logged out twice at once: either did it
            pass

    # ------------------------------------------------------------------ internals
    def _complete(self, order: SigningOrder, result: CollectResult) -> LoginProgress:
        assert result.completion is not None
        completed = result.completion.user
        number = Personnummer(completed.personal_number)
        now = self._clock.now()
        token = new_token()
        try:
            with self._store.unit_of_work(write=True) as uow:
                person = uow.persons.by_personnummer(number)
                if person is not None:
                    person = _named_as_bankid_says(uow, person, completed)
                choices = self._choices(uow, person) if person is not None else []
                uow.orders.update(
                    replace(
                        order,
                        state=OrderState.COMPLETE,
                        hint_code=None,
                        person_id=person.id if person else None,
                    )
                )
                if person is None or not choices:
                    audit(
                        uow,
                        now,
                        "inloggning.nekad",
                        "Inloggning nekad: ingen aktiv behörighet.",
                        actor_person_id=person.id if person else None,
                        bankid_name=completed.name,
                    )
                else:
                    uow.sessions.add(
                        Session(0, token_hash(token), person.id, now, now, None, order.order_ref)
                    )
                uow.commit()
        except Conflict:
            # Another collect of the same order got there first: the token went to it.
            raise NotAuthorized(ALREADY_USED) from None
        if person is None or not choices:
            raise NotAuthorized(NO_ACTIVE_AUTHORIZATION)
        return LoginProgress(
            CollectStatus.COMPLETE,
            None,
            "Identifieringen lyckades.",
            token=token,
            person=person,
            choices=tuple(choices),
        )

    def _choices(self, uow: UnitOfWork, person: Person) -> list[OrganisationChoice]:
        now, today = self._clock.now(), self._clock.today()
        result = []
        active: list[User] = [u for u in uow.users.for_person(person.id) if u.is_active(now, today)]
        for user in active:
            organisation = uow.organisations.get(user.organisation_id)
            if organisation is not None:
                result.append(
                    OrganisationChoice(
                        organisation.id,
                        organisation.name,
                        organisation.org_number,
                        user.role,
                        user.id,
                    )
                )
        return sorted(result, key=lambda c: sort_key(c.name))

    def _progress(
        self, status: CollectStatus, hint: str | None, order: SigningOrder | None = None
    ) -> LoginProgress:
        return LoginProgress(
            status,
            hint,
            user_message(status, hint, qr=True),
            qr_data=order_qr(order, self._clock.now()) if order else "",
        )

    def _order(self, order_ref: str) -> SigningOrder:
        if not isinstance(order_ref, str) or not 0 < len(order_ref) <= 100:
            raise NotFound(UNKNOWN_LOGIN)
        with self._store.unit_of_work() as uow:
            order = uow.orders.get(order_ref)
        if order is None or order.purpose is not OrderPurpose.LOGIN:
            raise NotFound(UNKNOWN_LOGIN)
        return order

    def _set_failed(self, order: SigningOrder, hint: str | None) -> None:
        compare_and_set(self._store, replace(order, state=OrderState.FAILED, hint_code=hint))


def _named_as_bankid_says(uow: UnitOfWork, person: Person, completed: CompletedUser) -> Person:
    """A person's name is BankID's (completionData), not any municipality's to set."""
    first, last = completed.given_name.strip(), completed.surname.strip()
    if first and last and (first, last) != (person.first_name, person.last_name):
        return uow.persons.update(replace(person, first_name=first, last_name=last))
    return person


def _hours_text(span: dt.timedelta) -> str:
    hours = span.total_seconds() / 3600
    if hours == 1:
        return "1 timme"
    return f"{hours:g} timmar"


def _entry(
    at: dt.datetime, organisation_id: int | None, person: Person, action: str, details: str
) -> AuditEntry:
    return AuditEntry(0, organisation_id, at, person.id, person.full_name, action, details)
