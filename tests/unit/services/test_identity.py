"""Who is calling is never the caller's word (issue 5, point 0).

The only way to act is a session token from a completed BankID login; the services
resolve it to the person, the organisation and the role on every call. A made-up,
expired or revoked token is ``NotAuthenticated``; an organisation where the token's
person has no authorization is ``NotFound``; every other field of an ``Actor`` is
ignored. Nothing a refused call does reaches the store or BankID.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import PendingChange
from kawebb_desktop.domain.entities import Organisation, User
from kawebb_desktop.domain.errors import (
    DomainError,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    SigningFailed,
)
from kawebb_desktop.domain.queries import UserQuery
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.sessions import token_hash
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services import build_services
from kawebb_desktop.services.api import (
    Caller,
    ChangeUser,
    CreateUser,
    DiscardPending,
    EditPending,
    RemoveUser,
    SetEndDate,
    StartSigning,
    VersionedId,
    caller_of,
)
from kawebb_desktop.services.demo import SimulatedPhone
from kawebb_desktop.signing.base import CollectResult, CollectStatus, CompletedUser, OrderStart
from kawebb_desktop.signing.simulator import BankIdSimulator
from tests.conftest import ACTIVATION_DELAY, SESSION_IDLE
from tests.helpers import (
    ADMIN2_PNR,
    ADMIN_PNR,
    NEW_PNR,
    READER_PNR,
    SAMORDNING_PNR,
    add_organisation,
    add_user,
    draft,
    login,
)
from tests.unit.services.conftest import FAR_FUTURE, World

A = Role.BEHORIGHETSADMINISTRATOR
#: Nobody's yet.
OTHER_PNR = "197512241238"


@dataclass
class Two:
    """Dorotea (the world) and Åsele, each with an admin, a user and a pending change."""

    world: World
    asele: Organisation
    asele_admin: Actor
    asele_user: User
    dorotea_change: PendingChange
    asele_change: PendingChange

    def snapshot(self) -> tuple[object, ...]:
        """Both organisations' rows, audit trails and pending orders, and BankID's."""
        store = self.world.store
        with store.unit_of_work() as uow:
            parts: list[object] = []
            for org_id in (self.world.org.id, self.asele.id):
                parts.append(
                    sorted((u for r in Role for u in uow.users.with_role(org_id, r)), key=id_of)
                )
                parts.append(uow.pending.for_organisation(org_id))
                parts.append(uow.receipts.page(org_id, 0, 100).items)
                parts.append(uow.audit.page(org_id, 0, 500).items)
            parts.append(uow.persons.list_all())
            parts.append(uow.orders.stale_pending(FAR_FUTURE))
        parts.append(self.world.simulator.pending_orders())
        return tuple(parts)


def id_of(user: User) -> int:
    return user.id


@pytest.fixture
def two(world: World) -> Two:
    asele, _unit = add_organisation(world.store, "Åsele kommun", "2120002262")
    add_user(world.store, asele, ADMIN2_PNR, "Fridolf", "Halldin", A)
    asele_user = add_user(world.store, asele, READER_PNR, "Agda", "Andersson", Role.LASARE)
    asele_admin = login(world.services, world.simulator, world.clock, ADMIN2_PNR)
    users = world.services.users
    dorotea_change = users.create_user(world.admin, CreateUser(draft())).change
    asele_change = users.create_user(
        caller_of(asele_admin), CreateUser(draft(pnr=SAMORDNING_PNR))
    ).change
    return Two(world, asele, asele_admin, asele_user, dorotea_change, asele_change)


# ------------------------------------------------------------------ the forgeries
def _other_organisation(two: Two) -> tuple[Caller, str]:
    """Arvid's genuine token, with the organisation of Åsele's admin."""
    return Caller(two.world.admin_actor.token, two.asele.id), "asele"


def _made_up_token(two: Two) -> tuple[Caller, str]:
    return Caller("bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtMTIzNDU2Nzg5MA", two.world.org.id), "dorotea"


def _the_stored_hash(two: Two) -> tuple[Caller, str]:
    """What the store keeps of a token is no token."""
    return Caller(token_hash(two.world.admin_actor.token), two.world.org.id), "dorotea"


def _expired(two: Two) -> tuple[Caller, str]:
    two.world.clock.advance(SESSION_IDLE + dt.timedelta(seconds=1))
    return two.world.admin, "dorotea"


def _revoked(two: Two) -> tuple[Caller, str]:
    two.world.services.auth.logout(two.world.admin_actor.token)
    return two.world.admin, "dorotea"


def _forged_actor(two: Two) -> tuple[Caller, str]:
    """Viking's token in an Actor that says, in every other field, that he is Arvid."""
    arvid, viking = two.world.admin_actor, two.world.service_actor
    return caller_of(replace(arvid, token=viking.token)), "dorotea"


FORGERIES: dict[str, tuple[Callable[[Two], tuple[Caller, str]], type[DomainError]]] = {
    "other-organisation": (_other_organisation, NotFound),
    "made-up-token": (_made_up_token, NotAuthenticated),
    "stored-hash-as-token": (_the_stored_hash, NotAuthenticated),
    "expired-token": (_expired, NotAuthenticated),
    "revoked-token": (_revoked, NotAuthenticated),
    "forged-actor": (_forged_actor, PermissionDenied),
}


def _targets(two: Two, where: str) -> tuple[User, PendingChange, Personnummer]:
    if where == "asele":
        return two.asele_user, two.asele_change, Personnummer(NEW_PNR)
    return two.world.service_user, two.dorotea_change, Personnummer(READER_PNR)


def _later(user: User) -> object:
    return draft(
        pnr=user.personnummer.value,
        first=user.first_name,
        last=user.last_name,
        email=user.email.value,
        role=user.role,
        start=user.start_date,
        end=dt.date(2026, 12, 31),
    )


CALLS: dict[str, Callable[[Two, Caller, User, PendingChange, Personnummer], object]] = {
    "create_user": lambda t, c, u, p, n: t.world.services.users.create_user(
        c, CreateUser(draft(pnr=n.value))
    ),
    "change_user": lambda t, c, u, p, n: t.world.services.users.change_user(
        c,
        ChangeUser(u.id, u.version, _later(u)),  # type: ignore[arg-type]
    ),
    "remove_user": lambda t, c, u, p, n: t.world.services.users.remove_user(
        c, RemoveUser(u.id, u.version)
    ),
    "set_end_date": lambda t, c, u, p, n: t.world.services.users.set_end_date(
        c, SetEndDate((VersionedId(u.id, u.version),), dt.date(2026, 12, 31))
    ),
    "edit_pending": lambda t, c, u, p, n: t.world.services.users.edit_pending(
        c, EditPending(p.id, p.version, replace(p.user_draft(), end_date=dt.date(2026, 9, 30)))
    ),
    "discard_pending": lambda t, c, u, p, n: t.world.services.users.discard_pending(
        c, DiscardPending(p.id, p.version)
    ),
    "start_signing": lambda t, c, u, p, n: t.world.services.signing.start(c, StartSigning()),
    "list_users": lambda t, c, u, p, n: t.world.services.users.list_users(c, UserQuery()),
    "get_user": lambda t, c, u, p, n: t.world.services.users.get_user(c, u.id),
    "list_pending": lambda t, c, u, p, n: t.world.services.users.list_pending(c),
    "registered_person": lambda t, c, u, p, n: t.world.services.users.registered_person(
        c, u.personnummer
    ),
    "receipts": lambda t, c, u, p, n: t.world.services.signing.receipts(c),
    "organisation": lambda t, c, u, p, n: t.world.services.organisations.organisation(c),
}


#: Viking (the token in the forged Actor) may read his own organisation's name, and the
#: receipts his role reads (none of users' changes: ``test_receipts.py``).
ALLOWED = {("forged-actor", "organisation"), ("forged-actor", "receipts")}


@pytest.mark.parametrize(
    ("forgery", "call"),
    [(f, c) for f in FORGERIES for c in CALLS if (f, c) not in ALLOWED],
    ids=lambda value: str(value),
)
def test_a_forged_identity_is_refused_and_changes_nothing(
    two: Two, forgery: str, call: str
) -> None:
    make, error = FORGERIES[forgery]
    caller, where = make(two)
    user, change, number = _targets(two, where)
    before = two.snapshot()
    with pytest.raises(error) as caught:
        CALLS[call](two, caller, user, change, number)
    assert caught.value.message
    assert two.snapshot() == before


def test_the_genuine_calls_of_the_forgery_table_succeed(two: Two) -> None:
    """The table above tests refusals, not typing mistakes: the same calls with the
    right caller go through."""
    for where, caller in (("dorotea", two.world.admin), ("asele", caller_of(two.asele_admin))):
        user, change, number = _targets(two, where)
        for name in ("create_user", "change_user", "edit_pending", "list_users", "get_user"):
            CALLS[name](two, caller, user, change, number)
        CALLS["discard_pending"](
            two, caller, user, two.world.services.users.list_pending(caller)[0].change, number
        )


def test_entering_another_organisation_with_my_token_is_not_found(two: Two) -> None:
    with pytest.raises(NotFound):
        two.world.services.auth.enter(two.world.admin_actor.token, two.asele.id)


def test_the_other_actor_fields_are_ignored(two: Two) -> None:
    """Arvid's token in an Actor that claims to be Viking, a reader in Åsele: the call
    acts as Arvid, Behörighetsadministratör of Dorotea."""
    world = two.world
    viking = world.service_actor
    forged = replace(
        world.admin_actor,
        person_id=viking.person_id,
        personnummer=viking.personnummer,
        name=viking.name,
        role=Role.LASARE,
        authorization_id=two.asele_user.id,
        organisation_name="Åsele kommun",
    )
    change = world.services.users.create_user(caller_of(forged), CreateUser(draft(pnr=OTHER_PNR)))
    assert change.change.created_by_person_id == world.admin_actor.person_id
    assert change.change.organisation_id == world.org.id
    newest = world.audit()[0]
    assert (newest.actor_person_id, newest.actor_name) == (
        world.admin_actor.person_id,
        "Arvid Aronsson",
    )


def test_signing_asks_bankid_for_the_sessions_person(world: World) -> None:
    """An Actor claiming another admin's personnummer signs as the session's person."""
    second = add_user(world.store, world.org, ADMIN2_PNR, "Fridolf", "Halldin", A)
    world.services.users.create_user(world.admin, CreateUser(draft()))
    forged = replace(
        world.admin_actor,
        person_id=second.person.id,
        personnummer=second.personnummer,
        name="Fridolf Halldin",
        authorization_id=second.id,
    )
    order = world.services.signing.start(caller_of(forged), StartSigning())
    assert world.simulator.order(order.order_ref).personal_number == ADMIN_PNR
    world.clock.advance(dt.timedelta(seconds=4))
    progress = world.services.signing.collect(caller_of(forged), order.order_ref)
    assert progress.receipt is not None
    assert progress.receipt.signer_personnummer == Personnummer(ADMIN_PNR)
    assert progress.receipt.signer_name == "Arvid Aronsson"
    assert progress.receipt.signer_person_id == world.admin_actor.person_id


class ImpostorSigner:
    """BankID as it would answer if somebody else completed the sign orders: every
    completed sign order comes back completed by ``impostor``."""

    def __init__(self, simulator: BankIdSimulator, impostor: CompletedUser) -> None:
        self.name = simulator.name
        self._simulator = simulator
        self._impostor = impostor

    def auth(self, end_user_ip: str) -> OrderStart:
        return self._simulator.auth(end_user_ip)

    def sign(
        self,
        end_user_ip: str,
        user_visible_data: str,
        user_non_visible_data: str | None = None,
        personal_number: str | None = None,
    ) -> OrderStart:
        return self._simulator.sign(
            end_user_ip, user_visible_data, user_non_visible_data, personal_number
        )

    def collect(self, order_ref: str) -> CollectResult:
        result = self._simulator.collect(order_ref)
        if result.completion is None or self._simulator.order(order_ref).kind != "sign":
            return result
        return replace(result, completion=replace(result.completion, user=self._impostor))

    def cancel(self, order_ref: str) -> None:
        self._simulator.cancel(order_ref)


def test_a_signature_by_someone_else_applies_nothing(world: World) -> None:
    impostor = CompletedUser(ADMIN2_PNR, "Fridolf Halldin", "Fridolf", "Halldin")
    services = build_services(
        world.store,
        ImpostorSigner(world.simulator, impostor),
        world.clock,
        ACTIVATION_DELAY,
        demo_phone=SimulatedPhone(world.store, world.simulator),
    )
    actor = login(services, world.simulator, world.clock, ADMIN_PNR)
    caller = caller_of(actor)
    services.users.create_user(caller, CreateUser(draft()))
    before, audit = world.snapshot(), world.audit()
    order = services.signing.start(caller, StartSigning())
    world.clock.advance(dt.timedelta(seconds=4))
    with pytest.raises(SigningFailed, match="någon annans BankID") as caught:
        services.signing.collect(caller, order.order_ref)
    assert caught.value.hint_code == "wrongPerson"
    assert world.snapshot() == before
    assert len(services.users.list_pending(caller)) == 1
    assert services.signing.receipts(caller).total == 0
    assert [e.action for e in world.audit()[: len(world.audit()) - len(audit)]] == [
        "signering.misslyckad"
    ]
    again = services.signing.collect(caller, order.order_ref)
    assert (again.status, again.hint_code) == (CollectStatus.FAILED, "wrongPerson")
