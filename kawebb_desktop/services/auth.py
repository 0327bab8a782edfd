"""Login with BankID (rule 1) and the choice of organisation.

``start_login`` opens an identification order; ``collect_login`` polls it; once BankID
says who the person is, the organisations where that person holds an *active*
authorization are offered. ``enter`` turns a completed login and one chosen organisation
into an :class:`Actor`. Nothing here trusts the caller: ``enter`` requires the completed
order, and the authorization is checked again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.entities import Person, User
from kawebb_desktop.domain.errors import NotAuthorized, NotFound
from kawebb_desktop.domain.orders import OrderPurpose, OrderState, SigningOrder
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.text import sort_key
from kawebb_desktop.domain.values import OrgNumber, Personnummer
from kawebb_desktop.services.common import NO_LONGER_ACTIVE, audit
from kawebb_desktop.services.signing import OrderView
from kawebb_desktop.signing.base import CollectStatus, Signer, qr_content
from kawebb_desktop.signing.messages import user_message
from kawebb_desktop.store.base import Store, UnitOfWork

NO_ACTIVE_AUTHORIZATION = (
    "Du saknar aktiv behörighet till KA Webb. Kontakta kommunens behörighetsadministratör. "
    "En ny behörighet blir användbar några minuter efter att den signerats."
)


@dataclass(frozen=True, slots=True)
class OrganisationChoice:
    organisation_id: int
    name: str
    org_number: OrgNumber
    role: Role
    authorization_id: int


@dataclass(frozen=True, slots=True)
class LoginProgress:
    status: CollectStatus
    hint_code: str | None
    message: str
    #: Set when complete: who logged in and where they may work (at least one).
    person: Person | None = None
    choices: tuple[OrganisationChoice, ...] = ()


class AuthService:
    def __init__(
        self, store: Store, signer: Signer, clock: Clock, end_user_ip: str = "127.0.0.1"
    ) -> None:
        self._store = store
        self._signer = signer
        self._clock = clock
        self._ip = end_user_ip

    @property
    def signer_name(self) -> str:
        return self._signer.name

    def start_login(self) -> OrderView:
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
        with self._store.unit_of_work() as uow:
            uow.orders.add(order)
            uow.commit()
        return OrderView(order.order_ref, order.auto_start_token, order.started_at, order.summary)

    def qr(self, order_ref: str) -> str:
        order = self._order(order_ref)
        return qr_content(
            order.qr_start_token, order.qr_start_secret, order.started_at, self._clock.now()
        )

    def collect_login(self, order_ref: str, *, qr: bool = True) -> LoginProgress:
        """Poll the identification; on completion, rule 1 decides what is offered.

        Raises :class:`NotAuthorized` when the person has no active authorization.
        """
        order = self._order(order_ref)
        if order.state is OrderState.FAILED:
            return LoginProgress(
                CollectStatus.FAILED,
                order.hint_code,
                user_message(CollectStatus.FAILED, order.hint_code, qr=qr),
            )
        if order.state is OrderState.PENDING:
            result = self._signer.collect(order_ref)
            if result.status is not CollectStatus.COMPLETE:
                state = OrderState.FAILED if result.status is CollectStatus.FAILED else order.state
                with self._store.unit_of_work() as uow:
                    uow.orders.update(replace(order, state=state, hint_code=result.hint_code))
                    uow.commit()
                return LoginProgress(
                    result.status,
                    result.hint_code,
                    user_message(result.status, result.hint_code, qr=qr),
                )
            assert result.completion is not None
            number = Personnummer(result.completion.user.personal_number)
            with self._store.unit_of_work() as uow:
                person = uow.persons.by_personnummer(number)
                uow.orders.update(
                    replace(
                        order,
                        state=OrderState.COMPLETE,
                        hint_code=None,
                        person_id=person.id if person else None,
                    )
                )
                if person is None:
                    audit(
                        uow,
                        self._clock.now(),
                        "inloggning.nekad",
                        "Inloggning nekad: personen saknar behörighet.",
                        actor_name=result.completion.user.name,
                    )
                uow.commit()
            order = self._order(order_ref)
        if order.person_id is None:
            raise NotAuthorized(NO_ACTIVE_AUTHORIZATION)
        with self._store.unit_of_work() as uow:
            person = uow.persons.get(order.person_id)
            assert person is not None
            choices = self._choices(uow, person)
            if not choices:
                audit(
                    uow,
                    self._clock.now(),
                    "inloggning.nekad",
                    "Inloggning nekad: ingen aktiv behörighet.",
                    actor_name=person.full_name,
                    actor_person_id=person.id,
                )
                uow.commit()
                raise NotAuthorized(NO_ACTIVE_AUTHORIZATION)
        return LoginProgress(
            CollectStatus.COMPLETE, None, "Identifieringen lyckades.", person, tuple(choices)
        )

    def cancel_login(self, order_ref: str) -> None:
        order = self._order(order_ref)
        if order.state is OrderState.PENDING:
            self._signer.cancel(order_ref)
            with self._store.unit_of_work() as uow:
                uow.orders.update(replace(order, state=OrderState.FAILED, hint_code="cancelled"))
                uow.commit()

    def enter(self, order_ref: str, organisation_id: int) -> Actor:
        """Start working in ``organisation_id`` after the completed login ``order_ref``."""
        order = self._order(order_ref)
        if order.state is not OrderState.COMPLETE or order.person_id is None:
            raise NotAuthorized("Identifiera dig med BankID först.")
        if self._clock.now() - order.started_at > LOGIN_VALIDITY:
            raise NotAuthorized("Inloggningen har gått ut. Identifiera dig igen.")
        return self._enter(order.person_id, organisation_id, "inloggning", "Loggade in med BankID.")

    def switch_organisation(self, actor: Actor, organisation_id: int) -> Actor:
        """The header's organisation selector (for people working for several)."""
        return self._enter(
            actor.person_id, organisation_id, "byte.organisation", "Bytte organisation."
        )

    def choices(self, actor: Actor) -> list[OrganisationChoice]:
        with self._store.unit_of_work() as uow:
            person = uow.persons.get(actor.person_id)
            return self._choices(uow, person) if person else []

    def logout(self, actor: Actor) -> None:
        with self._store.unit_of_work() as uow:
            audit(uow, self._clock.now(), "utloggning", "Loggade ut.", actor=actor)
            uow.commit()

    # ------------------------------------------------------------------ internals
    def _enter(self, person_id: int, organisation_id: int, action: str, text: str) -> Actor:
        with self._store.unit_of_work() as uow:
            person = uow.persons.get(person_id)
            organisation = uow.organisations.get(organisation_id)
            user = uow.users.find(organisation_id, person_id) if organisation else None
            if (
                person is None
                or organisation is None
                or user is None
                or not user.is_active(self._clock.now(), self._clock.today())
            ):
                raise NotAuthorized(NO_LONGER_ACTIVE)
            actor = Actor(
                person_id=person.id,
                personnummer=person.personnummer,
                name=person.full_name,
                organisation_id=organisation.id,
                organisation_name=organisation.name,
                authorization_id=user.id,
                role=user.role,
            )
            audit(uow, self._clock.now(), action, f"{text} Roll: {user.role.label}.", actor=actor)
            uow.commit()
            return actor

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

    def _order(self, order_ref: str) -> SigningOrder:
        with self._store.unit_of_work() as uow:
            order = uow.orders.get(order_ref)
        if order is None or order.purpose is not OrderPurpose.LOGIN:
            raise NotFound("Inloggningen finns inte. Börja om.")
        return order


#: A completed identification may be used to enter for this long (choosing organisation).
LOGIN_VALIDITY = dt.timedelta(minutes=10)
