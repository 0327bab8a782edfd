"""Two admins at once, on SQLite and on PostgreSQL (issue 6, "Two admins at once").

Every admin here has a store of their own — their own engine and connections, as two
app windows, two processes or two server workers have — on one SQLite file or one
PostgreSQL schema, and acts from a thread of their own. What is checked:

* writers take turns: many writes at once end in no refusal (SQLite's writing units of
  work begin IMMEDIATE and wait on the busy timeout);
* one pending *Ny* per person, however many admins enter the personnummer at once, and
  the others hear the rule in Swedish (never an IntegrityError);
* one unsigned change per user: admins changing one user at once (each form started
  from the stored user) never add a second change, nor replace the first silently;
* no acknowledged edit vanishes during signing: an edit arriving between the signing's
  digest check and its apply waits and is refused; the signed set is applied as signed;
* every concurrency error of the database reaches the caller as a Swedish ``Conflict``.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from sqlalchemy import text
from stdnum import luhn

from kawebb_desktop.domain.changes import (
    AccountDraft,
    ChangeAction,
    ChangeKind,
    UserDraft,
    draft_of,
)
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.entities import Account, AccountUpdater, Organisation, User
from kawebb_desktop.domain.errors import Conflict, DomainError, RuleViolation
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import AccountKind, EmailAddress, Personnummer
from kawebb_desktop.services import Services, build_services
from kawebb_desktop.services.api import (
    Caller,
    ChangeUser,
    CreateAccount,
    CreateUser,
    EditPending,
    PendingUserChange,
    StartSigning,
    caller_of,
)
from kawebb_desktop.services.demo import SimulatedPhone
from kawebb_desktop.services.org_changes import accounts_after
from kawebb_desktop.services.users import NEW_USER_PENDING
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.signing.simulator import BankIdSimulator
from kawebb_desktop.store.base import Store, UnitOfWork
from kawebb_desktop.store.sql import SqlStore, open_store
from kawebb_desktop.store.sql import store as sql_store
from tests.conftest import ACTIVATION_DELAY, APPROVE_AFTER, NOW
from tests.helpers import (
    ADMIN2_PNR,
    ADMIN_PNR,
    SERVICE_PNR,
    add_organisation,
    add_user,
    directory_of,
    draft,
    login,
)
from tests.store.databases import create_schema, drop_schema, find_postgres, new_schema_name

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
A = Role.BEHORIGHETSADMINISTRATOR
#: How long a thread may take to reach a state the test waits for (never a sleep).
PATIENCE = 20.0


# ---------------------------------------------------------------------- the database
@dataclass
class Database:
    """One SQLite file or one fresh PostgreSQL schema; each ``open`` is a new store."""

    backend: str
    url: str
    schema: str | None = None

    def open(self, name: str = "") -> SqlStore:
        if self.backend == "sqlite":
            return open_store(self.url)
        # The connections say whose they are, so a test can see them wait for a lock.
        url = f"{self.url}?application_name={name}" if name else self.url
        return open_store(url, schema=self.schema)


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        yield Database("sqlite", f"sqlite:///{tmp_path / 'kawebb.sqlite3'}")
        return
    url, why_not = find_postgres()
    if url is None:
        pytest.skip(why_not)
    schema = new_schema_name()
    create_schema(url, schema)
    try:
        yield Database("postgresql", url, schema)
    finally:
        drop_schema(url, schema)


@dataclass
class Admin:
    """A Behörighetsadministratör with a store, services and BankID of their own."""

    name: str
    store: SqlStore
    services: Services
    caller: Caller


@dataclass
class Office:
    """Dorotea with admins who each work from their own store."""

    database: Database
    clock: FixedClock
    org: Organisation
    viking: User
    admins: list[Admin]
    _stores: list[SqlStore]

    def admin(self, pnr: str, name: str, store: Store | None = None) -> Admin:
        """``pnr`` logged in through a store of their own (or ``store``, wrapped)."""
        own = self.database.open(name)
        self._stores.append(own)
        used: Any = own if store is None else store
        simulator = BankIdSimulator(
            self.clock, approve_after=APPROVE_AFTER, directory=directory_of(own)
        )
        services = build_services(
            used,
            simulator,
            self.clock,
            ACTIVATION_DELAY,
            demo_phone=SimulatedPhone(own, simulator),
        )
        actor = login(services, simulator, self.clock, pnr)
        return Admin(name, own, services, caller_of(actor))

    def four_windows(self) -> list[Admin]:
        """Arvid and Fridolf, each in two windows (four stores)."""
        return [
            *self.admins,
            self.admin(ADMIN_PNR, f"arvid_{uuid.uuid4().hex[:8]}"),
            self.admin(ADMIN2_PNR, f"fridolf_{uuid.uuid4().hex[:8]}"),
        ]

    def pending(self) -> list[PendingUserChange]:
        admin = self.admins[0]
        return admin.services.users.list_pending(admin.caller)

    def close(self) -> None:
        for store in self._stores:
            store.close()


@pytest.fixture
def office(database: Database) -> Iterator[Office]:
    clock = FixedClock(NOW)
    setup = database.open()
    org, _unit = add_organisation(setup)
    add_user(setup, org, ADMIN_PNR, "Arvid", "Aronsson", A)
    add_user(setup, org, ADMIN2_PNR, "Fridolf", "Halldin", A)
    viking = add_user(setup, org, SERVICE_PNR, "Viking", "Evertsson", Role.TJANSTEADMINISTRATOR)
    office = Office(database, clock, org, viking, [], [setup])
    try:
        office.admins = [
            office.admin(ADMIN_PNR, f"arvid_{uuid.uuid4().hex[:8]}"),
            office.admin(ADMIN2_PNR, f"fridolf_{uuid.uuid4().hex[:8]}"),
        ]
        yield office
    finally:
        office.close()


# ---------------------------------------------------------------------- at once
@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None


def at_once(*calls: Callable[[], Any]) -> list[Outcome]:
    """Run ``calls`` in threads of their own, released together."""
    start = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Outcome:
        start.wait(PATIENCE)
        try:
            return Outcome(value=call())
        except Exception as exc:
            return Outcome(error=exc)

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def only_domain_errors(outcomes: list[Outcome]) -> None:
    """No refusal is a raw database error: each is a typed error in Swedish."""
    for outcome in outcomes:
        if outcome.error is not None and not isinstance(outcome.error, DomainError):
            raise AssertionError(f"not a typed refusal: {outcome.error!r}") from outcome.error


def personnummer(serial: int) -> Personnummer:
    """A valid personnummer of somebody born 1980-01-01 (serial 0–999)."""
    body = f"800101{serial:03d}"
    return Personnummer(f"19{body}{luhn.calc_check_digit(body)}")


def new_user(serial: int) -> UserDraft:
    """Somebody new, their name spelled from ``serial`` (names have no digits)."""
    letters = "".join("abcdefghij"[int(digit)] for digit in str(serial))
    return replace(
        draft(pnr=personnummer(serial).value, first="Nora", last=f"Nils{letters}"),
        email=EmailAddress(f"nora.{serial}@dorotea.se"),
    )


# ---------------------------------------------------------------------- the tests
def test_writers_take_turns_instead_of_failing(office: Office) -> None:
    """Four admins' windows creating users at once: every write goes through.

    On SQLite a writer that began with a plain BEGIN, read, and then wanted to write
    while another connection had committed meanwhile is refused at once (a stale
    snapshot); beginning IMMEDIATE makes it wait for its turn and read fresh data."""
    windows = office.four_windows()
    per_window = 12

    def work(admin: Admin, first: int) -> int:
        for serial in range(first, first + per_window):
            admin.services.users.create_user(admin.caller, CreateUser(new_user(serial)))
        return per_window

    outcomes = at_once(
        *(lambda a=a, i=i: work(a, 100 + i * per_window) for i, a in enumerate(windows))
    )

    only_domain_errors(outcomes)
    assert [o.error for o in outcomes] == [None] * len(windows)
    assert len(office.pending()) == per_window * len(windows)


def test_one_pending_new_user_per_person_however_many_enter_it(office: Office) -> None:
    windows = office.four_windows()
    for serial in (300, 301, 302):
        command = CreateUser(new_user(serial))
        # Each window's own request (two windows of one person must not share a key).
        commands = [replace(command, key=str(uuid.uuid4())) for _ in windows]
        outcomes = at_once(
            *(
                lambda a=a, c=c: a.services.users.create_user(a.caller, c)
                for a, c in zip(windows, commands, strict=True)
            )
        )
        only_domain_errors(outcomes)
        made = [o for o in outcomes if o.error is None]
        refused = [o.error for o in outcomes if o.error is not None]
        assert len(made) == 1, outcomes
        for error in refused:
            assert isinstance(error, RuleViolation), repr(error)
            assert error.message == NEW_USER_PENDING
            assert error.field == "personnummer"
        mine = [c for c in office.pending() if c.draft.personnummer == command.draft.personnummer]
        assert len(mine) == 1


def test_admins_changing_one_user_at_once_never_make_two_changes(office: Office) -> None:
    """Each form started from the stored user with no unsigned change: one wins, the
    others hear whose change is there now; never two unsigned changes of one user."""
    windows = office.four_windows()
    viking = office.viking
    forms = [
        replace(draft_of(viking), email=EmailAddress(f"viking.{i}@dorotea.se"))
        for i in range(len(windows))
    ]
    outcomes = at_once(
        *(
            lambda a=a, f=f: a.services.users.change_user(
                a.caller, ChangeUser(viking.id, viking.version, f)
            )
            for a, f in zip(windows, forms, strict=True)
        )
    )
    only_domain_errors(outcomes)
    made = [o.value for o in outcomes if o.error is None]
    assert len(made) == 1, outcomes
    for outcome in outcomes:
        if outcome.error is not None:
            assert isinstance(outcome.error, Conflict), repr(outcome.error)
            assert "osignerad ändring av Viking Evertsson" in outcome.error.message
    (pending,) = office.pending()
    assert pending.draft.email == made[0].draft.email


# ---------------------------------------------------------------- during signing
class Meanwhile:
    """A store whose units of work run ``then`` once, right after the signing's apply
    has read (and, where the backend locks, locked) the pending changes."""

    def __init__(self, inner: Store, then: Callable[[], None]) -> None:
        self.inner = inner
        self.description = inner.description
        self.then: Callable[[], None] | None = then

    def unit_of_work(self, *, write: bool = False) -> UnitOfWork:
        return _MeanwhileUnitOfWork(self, self.inner.unit_of_work(write=write))  # type: ignore[return-value]

    def close(self) -> None:
        self.inner.close()


class _MeanwhileUnitOfWork:
    def __init__(self, store: Meanwhile, inner: UnitOfWork) -> None:
        self._store = store
        self._inner = inner

    def __enter__(self) -> _MeanwhileUnitOfWork:
        self._inner.__enter__()
        self.pending = _MeanwhilePending(self._store, self._inner.pending)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        self._inner.commit()

    def rollback(self) -> None:
        self._inner.rollback()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _MeanwhilePending:
    def __init__(self, store: Meanwhile, inner: Any) -> None:
        self._store = store
        self._inner = inner

    def for_organisation(self, *args: Any, lock: bool = False, **kwargs: Any) -> Any:
        found = self._inner.for_organisation(*args, lock=lock, **kwargs)
        if lock and self._store.then is not None:
            then, self._store.then = self._store.then, None
            then()
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def wait_until_blocked(database: Database, application_name: str, done: threading.Event) -> None:
    """Until the connections of ``application_name`` wait for a lock (PostgreSQL), or
    its work is done. On SQLite the other writer waits in BEGIN IMMEDIATE, which no
    query can see: it cannot get ahead of this writer anyway."""
    if database.backend != "postgresql":
        return
    assert database.schema is not None
    watcher = database.open()
    deadline = time.monotonic() + PATIENCE
    try:
        while not done.is_set():
            with watcher.engine.connect() as connection:
                waiting = connection.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity"
                        " WHERE application_name = :name AND wait_event_type = 'Lock'"
                    ),
                    {"name": application_name},
                ).scalar_one()
            if waiting:
                return
            assert time.monotonic() < deadline, "the edit neither waited nor finished"
            done.wait(0.01)
    finally:
        watcher.close()


def test_an_edit_during_the_apply_waits_and_is_refused(office: Office) -> None:
    """Fridolf edits the pending *Ny* just as Arvid's signing has checked the digest: the
    edit waits for the signing, then is refused in Swedish — it is never told "saved"
    and then lost, and the signed content is what gets applied."""
    arvid = office.admins[0]
    created = arvid.services.users.create_user(arvid.caller, CreateUser(new_user(500)))
    edited_form = replace(created.draft, email=EmailAddress("andrad@dorotea.se"))
    edit_done = threading.Event()
    edit: list[Outcome] = []
    editor = office.admin(ADMIN2_PNR, f"editor_{uuid.uuid4().hex[:8]}")

    def fridolf_edits() -> None:
        try:
            edit.append(
                Outcome(
                    editor.services.users.edit_pending(
                        editor.caller, EditPending(created.id, created.version, edited_form)
                    )
                )
            )
        except Exception as exc:
            edit.append(Outcome(error=exc))
        finally:
            edit_done.set()

    thread = threading.Thread(target=fridolf_edits)

    def meanwhile() -> None:
        thread.start()
        wait_until_blocked(office.database, editor.name, edit_done)

    signer = office.admin(ADMIN_PNR, "signer", store=Meanwhile(arvid.store, meanwhile))
    order = signer.services.signing.start(signer.caller, StartSigning())
    office.clock.advance(dt.timedelta(seconds=4))
    progress = signer.services.signing.collect(signer.caller, order.order_ref)
    thread.join(PATIENCE)
    assert not thread.is_alive()

    assert progress.status is CollectStatus.COMPLETE
    assert progress.receipt is not None and progress.receipt.change_count == 1
    (outcome,) = edit
    only_domain_errors(edit)
    assert outcome.error is not None, "the edit was told it was saved"
    # The truth, not a rule the signing made true meanwhile ("Personen har redan …").
    assert "redan vara signerad" in str(outcome.error), outcome.error
    assert office.pending() == []
    with arvid.store.unit_of_work() as uow:
        person = uow.persons.by_personnummer(created.draft.personnummer)
        assert person is not None
        (user,) = uow.users.for_person(person.id)
    assert user.email == created.draft.email  # as signed, not as edited


def test_an_edit_that_got_in_before_the_apply_is_kept_pending(office: Office) -> None:
    """The edit committed after the signing started but before its apply: the signed
    digest no longer matches, so nothing is applied and the edit stays pending."""
    arvid, fridolf = office.admins
    created = arvid.services.users.create_user(arvid.caller, CreateUser(new_user(501)))
    order = arvid.services.signing.start(arvid.caller, StartSigning())
    edited_form = replace(created.draft, email=EmailAddress("andrad@dorotea.se"))
    edited = fridolf.services.users.edit_pending(
        fridolf.caller, EditPending(created.id, created.version, edited_form)
    )
    office.clock.advance(dt.timedelta(seconds=4))
    with pytest.raises(Conflict, match="har ändrats medan signeringen pågick"):
        arvid.services.signing.collect(arvid.caller, order.order_ref)
    (still,) = office.pending()
    assert (still.id, still.version, still.draft) == (edited.id, edited.version, edited_form)
    assert still.action is ChangeAction.NY


# ---------------------------------------------------------------- typed errors
def test_a_deadlock_is_a_conflict(office: Office) -> None:
    """Two units of work claiming two users in opposite orders: PostgreSQL breaks the
    deadlock by failing one of them, which the caller hears as a Conflict."""
    if office.database.backend != "postgresql":
        pytest.skip("SQLite's writers hold the whole database: they cannot deadlock")
    arvid, fridolf = office.admins
    first, second = office.viking.id, _admin_user_id(office)
    both_hold_one = threading.Barrier(2)

    def claim(store: Store, one: int, other: int) -> str:
        with store.unit_of_work(write=True) as uow:
            uow.pending.for_target(office.org.id, ChangeKind.USER, one, lock=True)
            both_hold_one.wait(PATIENCE)
            uow.pending.for_target(office.org.id, ChangeKind.USER, other, lock=True)
            return "ok"

    outcomes = at_once(
        lambda: claim(arvid.store, first, second), lambda: claim(fridolf.store, second, first)
    )
    only_domain_errors(outcomes)
    assert sorted(type(o.error).__name__ for o in outcomes) == ["Conflict", "NoneType"]
    (error,) = [o.error for o in outcomes if o.error is not None]
    assert isinstance(error, Conflict)
    assert "Läs in dem igen" in error.message


def test_a_writer_that_waited_past_the_busy_timeout_hears_a_conflict(
    office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite: a writer that cannot get the lock within the busy timeout is refused with
    a Conflict (``database is locked`` never reaches the caller)."""
    if office.database.backend != "sqlite":
        pytest.skip("PostgreSQL writers of different rows do not wait for each other")
    monkeypatch.setattr(sql_store, "SQLITE_BUSY_TIMEOUT_MS", 50)
    impatient = office.admin(ADMIN2_PNR, "impatient")
    holder = office.admins[0].store
    with holder.unit_of_work(write=True) as uow:
        uow.meta.set("held", "1")  # the write lock is this unit of work's now
        with pytest.raises(Conflict, match="Läs in dem igen"):
            impatient.services.users.create_user(impatient.caller, CreateUser(new_user(600)))


def _admin_user_id(office: Office) -> int:
    with office.admins[0].store.unit_of_work() as uow:
        person = uow.persons.by_personnummer(Personnummer(ADMIN_PNR))
        assert person is not None
        user = uow.users.find(office.org.id, person.id)
    assert user is not None
    return user.id


def test_admins_taking_over_the_standard_account_at_once_leave_one(office: Office) -> None:
    """Four windows each create an account that takes over as Standardkonto, from forms
    that all saw the same standard account: the writes take turns on the list, so each
    takes over from the one before, and exactly one standard account remains pending."""
    with office.admins[0].store.unit_of_work(write=True) as uow:
        unit = uow.units.for_organisation(office.org.id)[0]
        uow.accounts.add(
            Account(
                0,
                office.org.id,
                AccountKind.BANKGIRO,
                "7620255",
                "Granskad, Godkänd",
                NOW.date(),
                AccountUpdater.ARBETSFORMEDLINGEN,
                unit_ids=(unit.id,),
                is_default=True,
            )
        )
        uow.commit()
    windows = office.four_windows()
    numbers = ["4 10 00-1", "5805-6201", "9020-1234566", "8327-9, 123 456 789-7"]
    kinds = [
        AccountKind.PLUSGIRO,
        AccountKind.BANKGIRO,
        AccountKind.BANKKONTO,
        AccountKind.BANKKONTO,
    ]
    outcomes = at_once(
        *(
            lambda a=a, k=k, n=n: a.services.organisations.create_account(
                a.caller,
                CreateAccount(AccountDraft(k, n, (unit.id,), is_default=True), take_over=True),
            )
            for a, k, n in zip(windows, kinds, numbers, strict=True)
        )
    )
    only_domain_errors(outcomes)
    assert [o.error for o in outcomes] == [None] * len(windows)
    admin = office.admins[0]
    with admin.store.unit_of_work() as uow:
        after = accounts_after(uow, office.org.id)
    assert len(after) == 5
    assert sum(1 for d in after.values() if d.is_default) == 1
