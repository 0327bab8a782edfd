"""What every service does first: resolve the caller's session from the store, check
the role, and — for writes — make the write idempotent; then write the audit trail."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from kawebb_desktop.domain.changes import canonical_json, digest_of
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.entities import AuditEntry, Organisation, Person, User
from kawebb_desktop.domain.errors import (
    Conflict,
    NotAuthenticated,
    NotAuthorized,
    NotFound,
    ValidationError,
)
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.domain.orders import OrderState, SigningOrder
from kawebb_desktop.domain.roles import Access, Function, require
from kawebb_desktop.domain.sessions import IdempotencyRecord, Session, token_hash
from kawebb_desktop.services import codec
from kawebb_desktop.services.api import Caller
from kawebb_desktop.signing.base import HintCode, Signer, SignerError, qr_content
from kawebb_desktop.store.base import Store, UnitOfWork

T = TypeVar("T")

NO_LONGER_ACTIVE = (
    "Din behörighet i organisationen är inte längre aktiv. Logga in igen eller kontakta "
    "din behörighetsadministratör."
)
NOT_LOGGED_IN = "Du är inte inloggad, eller så har sessionen gått ut. Logga in igen med BankID."
NO_SUCH_ORGANISATION = "Organisationen finns inte."
KEY_REUSED = "Idempotensnyckeln har redan använts för en annan begäran. Ingenting har ändrats."
#: A session's last use is written at most this often (a read should not always write).
TOUCH_EVERY = dt.timedelta(seconds=60)
MAX_KEY_LENGTH = 200
#: A BankID order is given up this long after it started (BankID's own live 3 minutes).
ORDER_LIFETIME = dt.timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Env:
    """What the services share: the store, the clock and the session rules."""

    store: Store
    clock: Clock
    session_idle: dt.timedelta = dt.timedelta(minutes=30)
    #: A locked session unused for longer than this is never unlocked (resumed) again.
    session_resume_max: dt.timedelta = dt.timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller as the store knows them, resolved for this one call."""

    session: Session
    person: Person
    organisation: Organisation
    #: The person's authorization in the organisation (active, checked).
    user: User

    @property
    def person_id(self) -> int:
        return self.person.id

    @property
    def organisation_id(self) -> int:
        return self.organisation.id

    @property
    def name(self) -> str:
        return self.person.full_name


def live_session(uow: UnitOfWork, env: Env, token: str) -> tuple[Session, Person]:
    """The session behind ``token`` if it is live, with its person; else NotAuthenticated."""
    if not isinstance(token, str) or not token or len(token) > 200:
        raise NotAuthenticated(NOT_LOGGED_IN)
    session = uow.sessions.by_token_hash(token_hash(token))
    if session is None or not session.is_live(env.clock.now(), env.session_idle):
        raise NotAuthenticated(NOT_LOGGED_IN)
    person = uow.persons.get(session.person_id)
    if person is None:
        raise NotAuthenticated(NOT_LOGGED_IN)
    return session, person


def authorize(
    uow: UnitOfWork, env: Env, caller: Caller, function: Function, needed: Access
) -> Principal:
    """Resolve ``caller`` and check that its person holds an *active* authorization in the
    organisation whose role allows ``function`` (rule 2 and the permission matrix).

    An organisation where the person has no authorization is ``NotFound`` — to a user of
    one municipality, another municipality's objects do not exist. The session, person,
    organisation and authorization are read in one query: this runs on every call.
    """
    token = caller.token
    if not isinstance(token, str) or not token or len(token) > 200:
        raise NotAuthenticated(NOT_LOGGED_IN)
    found = uow.sessions.resolve(token_hash(token), caller.organisation_id)
    if found is None or not found.session.is_live(env.clock.now(), env.session_idle):
        raise NotAuthenticated(NOT_LOGGED_IN)
    organisation, user = found.organisation, found.user
    if organisation is None or user is None:
        raise NotFound(NO_SUCH_ORGANISATION)
    if not user.is_active(env.clock.now(), env.clock.today()):
        raise NotAuthorized(NO_LONGER_ACTIVE)
    require(user.role, function, needed)
    return Principal(found.session, found.person, organisation, user)


def touch(env: Env, session: Session) -> None:
    """Record the session's use (for the idle timeout), at most every TOUCH_EVERY."""
    now = env.clock.now()
    if now - session.last_seen_at < TOUCH_EVERY:
        return
    try:
        with env.store.unit_of_work(write=True) as uow:
            # Re-read: a logout may have committed since ``session`` was read, and
            # writing that stale copy back would clear its ``revoked_at``.
            current = uow.sessions.by_token_hash(session.token_hash)
            if current is None or current.revoked_at is not None:
                return
            uow.sessions.update(dataclasses.replace(current, last_seen_at=now))
            uow.commit()
    except (Conflict, NotFound):  # a concurrent touch or logout: either is fine
        pass


class ServiceBase:
    def __init__(self, env: Env) -> None:
        self._env = env
        self._store = env.store
        self._clock = env.clock

    @contextmanager
    def _acting(
        self, caller: Caller, function: Function, needed: Access, *, write: bool = False
    ) -> Iterator[tuple[UnitOfWork, Principal]]:
        """A unit of work with the resolved caller; the session's use is noted after."""
        with self._store.unit_of_work(write=write) as uow:
            principal = authorize(uow, self._env, caller, function, needed)
            yield uow, principal
        touch(self._env, principal.session)

    def _once(
        self,
        uow: UnitOfWork,
        principal: Principal,
        key: str,
        operation: str,
        request: object,
        answer_type: Any,
        run: Callable[[], T],
    ) -> T:
        """Run a write once per idempotency ``key``: a repeat with the same request gets
        the stored answer; the same key with another request is a Conflict."""
        check_key(key)
        request_hash = digest_of(
            canonical_json(
                {"op": operation, "org": principal.organisation_id, "req": codec.to_json(request)}
            )
        )
        earlier = uow.idempotency.get(principal.person_id, key, lock=True)
        if earlier is not None:
            if earlier.request_hash != request_hash:
                raise Conflict(KEY_REUSED)
            return codec.from_json(answer_type, json.loads(earlier.result))  # type: ignore[no-any-return]
        result = run()
        uow.idempotency.add(
            IdempotencyRecord(
                key, principal.person_id, request_hash, codec.dumps(result), self._clock.now()
            )
        )
        return result


def check_key(key: str) -> None:
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise ValidationError(
            msg(
                "Idempotensnyckeln saknas eller är för lång (högst {limit} tecken).",
                limit=MAX_KEY_LENGTH,
            ),
            "key",
        )
    if not key.isprintable():  # control characters, lone surrogates: no store keeps them
        raise ValidationError("Idempotensnyckeln får bara innehålla synliga tecken.", "key")


def audit(
    uow: UnitOfWork,
    at: dt.datetime,
    action: str,
    details: str,
    *,
    actor: Principal | None = None,
    organisation_id: int | None = None,
    actor_person_id: int | None = None,
    bankid_name: str = "",
) -> AuditEntry:
    """Append one audit entry to its organisation's chain.

    The acting person is named from the store, by id — ``actor`` (resolved from the
    session in this unit of work) or ``actor_person_id`` — never by a name a caller
    sent. Only somebody the store does not know (a refused login of an unregistered
    person) is named as BankID named them in the signed completion (``bankid_name``).
    """
    if actor is not None:
        organisation_id, actor_person_id = actor.organisation_id, actor.person_id
        name = actor.person.full_name
    elif actor_person_id is not None:
        person = uow.persons.get(actor_person_id)
        name = person.full_name if person is not None else ""
    else:
        name = bankid_name
    return uow.audit.add(
        AuditEntry(
            id=0,
            organisation_id=organisation_id,
            at=at,
            actor_person_id=actor_person_id,
            actor_name=name,
            action=action,
            details=details,
        )
    )


# ---------------------------------------------------------------------- BankID orders
def order_qr(order: SigningOrder, now: dt.datetime) -> str:
    """The animated QR code's content of ``order`` at ``now``."""
    return qr_content(order.qr_start_token, order.qr_start_secret, order.started_at, now)


def compare_and_set(store: Store, order: SigningOrder) -> bool:
    """Store ``order`` if nobody changed it since it was read; False if somebody did."""
    try:
        with store.unit_of_work(write=True) as uow:
            uow.orders.update(order)
            uow.commit()
    except Conflict:
        return False
    return True


def cancel_quietly(signer: Signer, order_ref: str) -> None:
    """Cancel a BankID order that may already have ended or be unknown to BankID."""
    with contextlib.suppress(SignerError):
        signer.cancel(order_ref)


def give_up(env: Env, signer: Signer, orders: Iterable[SigningOrder], hint: str) -> None:
    """Cancel ``orders`` at BankID and mark them failed with ``hint`` (each a
    compare-and-set: an order settled meanwhile is left as it is). Call it with no unit of
    work open: BankID is called."""
    for order in orders:
        cancel_quietly(signer, order.order_ref)
        compare_and_set(
            env.store, dataclasses.replace(order, state=OrderState.FAILED, hint_code=hint)
        )


def sweep_stale_orders(env: Env, signer: Signer) -> None:
    """Give up every order still pending :data:`ORDER_LIFETIME` after it started: one a
    crash or an error left "pending" in the store would otherwise stay so for ever."""
    with env.store.unit_of_work() as uow:
        stale = uow.orders.stale_pending(env.clock.now() - ORDER_LIFETIME)
    give_up(env, signer, stale, HintCode.EXPIRED_TRANSACTION.value)
