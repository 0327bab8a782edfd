"""The *offline* backend: the service API over a replica, an outbox and the remote client.

* Logging in, the session and signing go to the server (BankID needs the network); a
  signing order is only started once the outbox is pushed, since what is signed must be
  on the server.
* Every read goes to the local services over the replica of the session's person: lists
  are instant, online and offline.
* Every write is a command in the outbox, applied to the replica at once. Online it is
  pushed at once and the call answers with the server's answer, after a pull (so the
  replica already shows it); a refusal is raised as the server's own error. When the
  server cannot be reached the call answers with the provisional result (negative ids)
  and the command waits in the outbox for the next sync.
* Once a push or a pull has failed for the network (``ServerUnavailable``), the backend
  is *offline*: writes go straight to the outbox, without a push that would only spend
  the client's connection retries, until the background sync (or *Synkronisera nu*)
  reaches the server again.
* A session whose replica does not know the person yet (its first pull failed) is not
  silently served from the server: :meth:`OfflineBackend.status` says so
  (:data:`NOT_READY`), and each sync tries to give the replica the session again.

A token this backend did not see enter an organisation (another client's, or none) is
passed to the remote services as it is, so the server answers for it.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.audit_chain import ReceiptCheck
from kawebb_desktop.domain.changes import ClaimDraft, UserDraft
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.compensation import Compensation
from kawebb_desktop.domain.entities import (
    Account,
    Address,
    Case,
    ClaimQuery,
    ContactPerson,
    NewsItem,
    Organisation,
    Person,
    Receipt,
    Unit,
    User,
)
from kawebb_desktop.domain.errors import Conflict, DomainError, NotFound
from kawebb_desktop.domain.queries import CaseQuery, Page, UserQuery
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.offline.local import replica_services
from kawebb_desktop.offline.outbox import (
    OPERATIONS,
    Operation,
    Outbox,
    OutboxEntry,
    Status,
    rewrite_ids,
)
from kawebb_desktop.offline.replica import Replica, replica_path
from kawebb_desktop.offline.sync import SyncEngine, SyncReport, SyncStatus, refusal_error
from kawebb_desktop.remote.errors import ServerUnavailable
from kawebb_desktop.services import LocalServices, codec
from kawebb_desktop.services.api import (
    AgreementView,
    Caller,
    CaseDetail,
    ChangeAccount,
    ChangeContact,
    ChangeUser,
    ClaimList,
    CreateAccount,
    CreateClaim,
    CreateContact,
    CreateUser,
    DiscardDocument,
    DiscardPending,
    DocumentView,
    EditPending,
    EditPendingAccount,
    EditPendingContact,
    LoginProgress,
    Me,
    OrderView,
    PendingAccountChange,
    PendingClaimChange,
    PendingContactChange,
    PendingDocumentChange,
    PendingUserChange,
    RemoveAccount,
    RemoveContact,
    RemoveUser,
    SaveDocument,
    SendDocument,
    ServiceOffering,
    Services,
    SetEndDate,
    SignPreview,
    SignProgress,
    StartSigning,
    StatusOverview,
    UserRow,
    VersionedId,
)
from kawebb_desktop.signing.base import CollectStatus
from kawebb_desktop.store.sql import orm

T = TypeVar("T")
log = logging.getLogger(__name__)

UNSYNCED = (
    "Det finns ändringar som inte har nått servern än. Signering kräver att de är "
    "synkroniserade: anslut datorn till nätverket och välj Synkronisera nu."
)
OFFLINE_STATUS = SyncStatus(online=False, queued=0, refused=(), last_sync=None)
#: The replica's note of the role its rows of an organisation were pulled under.
PULLED_AS = "pulled_as"  # rebuild() forgets these keys with the cursors

NOT_READY = (
    "Den lokala kopian är inte hämtad än, så KA Webb läser från servern och kan inte "
    "arbeta offline. Välj Synkronisera nu när servern kan nås."
)


@dataclass
class Workspace:
    """One person's replica, with its outbox, local services and sync."""

    personnummer: str
    replica: Replica
    outbox: Outbox
    local: LocalServices
    engine: SyncEngine


class OfflineBackend:
    """The offline backend of one server: its :attr:`services` (the service API), the
    sync's :meth:`status` and :meth:`sync_now` for the status bar and the CLI."""

    def __init__(self, remote: Services, server_url: str, data_dir: Path) -> None:
        self.remote = remote
        self.server_url = server_url
        self.data_dir = data_dir
        self.clock: Clock = remote.clock
        self._lock = threading.Lock()
        self._by_person: dict[str, Workspace] = {}
        self._by_token: dict[str, Workspace] = {}
        #: Sessions whose replica does not know the person yet (see :data:`NOT_READY`).
        self._not_ready: dict[str, Workspace] = {}
        self.services = Services(
            clock=remote.clock,
            auth=_Auth(self),
            users=_Users(self),
            signing=_Signing(self),
            organisations=_Organisations(self),
            cases=_Cases(self),
            news=_News(self),
            claims=_Claims(self),
            documents=_Documents(self),
            sync=remote.sync,
            description=f"{remote.description} (lokal kopia)",
            signer_name=remote.signer_name,
            demo_phone=remote.demo_phone,
        )

    # ------------------------------------------------------------------ workspaces
    def workspace(self, caller: Caller) -> Workspace | None:
        return self._by_token.get(caller.token)

    def _open(self, personnummer: str) -> Workspace:
        with self._lock:
            found = self._by_person.get(personnummer)
            if found is None:
                replica = Replica.open(replica_path(self.data_dir, self.server_url, personnummer))
                outbox = Outbox(replica, self.clock)
                found = Workspace(
                    personnummer,
                    replica,
                    outbox,
                    replica_services(replica, self.clock),
                    SyncEngine(replica, outbox, self.remote, self.remote.sync, self.clock),
                )
                self._by_person[personnummer] = found
            return found

    def entered(self, actor: Actor) -> None:
        """After the server let ``actor`` enter an organisation: open the person's
        replica, sync it, and give it the session (so the local services know them)."""
        workspace = self._open(actor.personnummer.value)
        caller = Caller(actor.token, actor.organisation_id)
        with self._lock:
            self._by_token.pop(actor.token, None)
            self._not_ready.pop(actor.token, None)
        report = self._sync(workspace, caller)
        if self._admit(workspace, caller):
            return
        if report.pulled:
            # The server answered, yet its feed never brought this person: a replica
            # whose cursor went past them (filled before every role was sent its own
            # user, or under another role). Pulling everything again brings them.
            workspace.replica.rebuild()
            self._sync(workspace, caller)
            if self._admit(workspace, caller):
                return
        log.warning("Replica %s does not know its person yet", workspace.replica.path)
        with self._lock:
            self._not_ready[actor.token] = workspace

    @staticmethod
    def _sync(workspace: Workspace, caller: Caller) -> SyncReport:
        try:
            return _synced(workspace, caller)
        except DomainError as exc:  # the replica stays as it was; reads still work
            workspace.engine.note_offline(exc)
            return SyncReport(stopped=exc)

    def _admit(self, workspace: Workspace, caller: Caller) -> bool:
        """Give the replica the session of ``caller``; False when it does not know the
        person and their authorization in the organisation (yet)."""
        if not _knows(workspace, caller.organisation_id):
            return False
        token = caller.token
        if not workspace.replica.ensure_session(token, workspace.personnummer, self.clock.now()):
            return False
        with self._lock:
            self._not_ready.pop(token, None)
            self._by_token[token] = workspace
        return True

    def forget(self, token: str) -> None:
        with self._lock:
            self._not_ready.pop(token, None)
            workspace = self._by_token.pop(token, None)
        if workspace is not None:
            workspace.replica.end_session(token)

    def close(self) -> None:
        with self._lock:
            for workspace in self._by_person.values():
                workspace.replica.close()
            self._by_person.clear()
            self._by_token.clear()
            self._not_ready.clear()

    # ------------------------------------------------------------------ the sync
    def status(self, caller: Caller) -> SyncStatus:
        workspace = self.workspace(caller)
        if workspace is not None:
            return workspace.engine.status()
        waiting = self._not_ready.get(caller.token)
        if waiting is not None:
            return dataclasses.replace(waiting.engine.status(), problem=NOT_READY)
        return OFFLINE_STATUS

    def sync_now(self, caller: Caller) -> SyncReport:
        """*Synkronisera nu*: push the outbox and pull (network failures are reported,
        not raised); a session whose replica was not ready is given to it when the
        pull brought its person."""
        workspace = self.workspace(caller)
        if workspace is not None:
            return _synced(workspace, caller)
        waiting = self._not_ready.get(caller.token)
        if waiting is None:
            return SyncReport()
        report = self._sync(waiting, caller)
        self._admit(waiting, caller)
        return report

    def discard(self, caller: Caller, seq: int) -> None:
        """Drop a queued or refused command of the outbox, its provisional effects undone."""
        workspace = self.workspace(caller)
        if workspace is not None:
            workspace.outbox.discard(seq)

    # ------------------------------------------------------------------ routing
    def read(
        self, caller: Caller, local: Callable[[LocalServices], T], remote: Callable[[], T]
    ) -> T:
        workspace = self.workspace(caller)
        if workspace is None:
            return remote()
        return self._fresh(caller, workspace, lambda: local(workspace.local))

    def _fresh(self, caller: Caller, workspace: Workspace, run: Callable[[], T]) -> T:
        """``run`` on the replica; what the replica does not have (NotFound) may be new on
        the server: once the replica has pulled, ``run`` is tried again."""
        try:
            return run()
        except NotFound:
            if workspace.engine.unreachable:
                raise  # offline: what the replica has is all there is
            report = _synced(workspace, caller)
            if not report.pulled:
                raise
        return run()

    def write(self, caller: Caller, name: str, command: Any) -> Any:
        operation = OPERATIONS[name]
        workspace = self.workspace(caller)
        if workspace is None:
            return getattr(getattr(self.remote, operation.api), operation.method)(caller, command)
        earlier = workspace.outbox.by_key(command.key)
        if earlier is not None:
            return self._repeated(caller, workspace, earlier, operation, command)
        local_call = getattr(getattr(workspace.local, operation.api), operation.method)

        def apply(command: Any) -> tuple[int | None, Any]:
            return self._fresh(
                caller,
                workspace,
                lambda: workspace.outbox.apply(
                    operation,
                    command,
                    caller,
                    workspace.personnummer,
                    lambda: local_call(caller, command),
                ),
            )

        try:
            seq, provisional = apply(command)
        except NotFound:
            # A form read a row made here that a sync has since made the server's: the
            # provisional id it names is the server's id now.
            synced = self.for_server(caller, command, type(command))
            if synced == command:
                raise
            command = synced
            seq, provisional = apply(command)
        if seq is None:  # nothing changed here (a repeated key): the stored answer
            return provisional
        if workspace.engine.unreachable:  # offline: the next sync that gets through pushes
            return provisional
        report = _synced(workspace, caller)
        if seq in report.refused:
            # Online, the user hears the refusal now, in the form that holds what they
            # typed: the command leaves the outbox (its provisional rows went at the pull).
            workspace.outbox.discard(seq)
            raise report.refused[seq]
        entry = workspace.outbox.entry(seq)
        if entry is not None and entry.status in (Status.ACKNOWLEDGED, Status.SYNCED):
            return codec.from_json(operation.answer_type, entry.answer)
        return provisional

    def _repeated(
        self,
        caller: Caller,
        workspace: Workspace,
        earlier: OutboxEntry,
        operation: Operation,
        command: Any,
    ) -> Any:
        """A write whose key the outbox already holds: the same command is answered as
        it was (the server's answer, or the provisional one while it waits); another
        command with that key goes to the server, which refuses the key's reuse."""
        if earlier.operation != operation or earlier.command != command:
            return getattr(getattr(self.remote, operation.api), operation.method)(caller, command)
        if earlier.status in (Status.ACKNOWLEDGED, Status.SYNCED):
            return codec.from_json(operation.answer_type, earlier.answer)
        if earlier.status is Status.REFUSED:
            raise refusal_error(earlier.refusal_code, earlier.refusal_message or "")
        if workspace.engine.unreachable:
            return codec.from_json(operation.answer_type, earlier.provisional_answer)
        _synced(workspace, caller)
        again = workspace.outbox.entry(earlier.seq)
        if again is not None and again.status in (Status.ACKNOWLEDGED, Status.SYNCED):
            return codec.from_json(operation.answer_type, again.answer)
        return codec.from_json(operation.answer_type, earlier.provisional_answer)

    def for_server(self, caller: Caller, value: T, kind: Any) -> T:
        """``value`` (a command naming objects) with the provisional ids the server has
        answered for replaced by the server's."""
        workspace = self.workspace(caller)
        if workspace is None:
            return value
        rewritten = rewrite_ids(codec.to_json(value), workspace.outbox.id_map())
        return codec.from_json(kind, rewritten)  # type: ignore[no-any-return]

    def before_signing(self, caller: Caller) -> None:
        """What is signed must be on the server: push (and pull) first; refuse while
        commands of the organisation still wait."""
        workspace = self.workspace(caller)
        if workspace is None:
            return
        report = _synced(workspace, caller)
        if isinstance(report.stopped, ServerUnavailable):
            raise report.stopped
        waiting = [
            e
            for e in workspace.outbox.entries((Status.QUEUED,))
            if e.organisation_id == caller.organisation_id
        ]
        if waiting:
            raise Conflict(UNSYNCED)


def _synced(workspace: Workspace, caller: Caller) -> SyncReport:
    """One sync of the workspace; when its pull shows that the person's role changed,
    everything is pulled again: the feed filters by role, so what a narrower role may
    not read must go, and what a wider one may read came before the cursor."""
    report = workspace.engine.sync(caller)
    if report.pulled and _role_changed(workspace, caller.organisation_id):
        log.info("Replica %s: the person's role changed", workspace.replica.path)
        workspace.replica.rebuild()
        report = workspace.engine.sync(caller)
        _role_changed(workspace, caller.organisation_id)
    return report


def _role_changed(workspace: Workspace, organisation_id: int) -> bool:
    """Whether the person's role in the organisation, as the replica now holds it,
    differs from the one its rows were pulled under (remembered here for next time)."""
    tables = orm.Base.metadata.tables
    users, persons = tables["authorizations"], tables["persons"]
    with workspace.replica.engine.connect() as connection:
        role = connection.scalar(
            select(users.c.role)
            .join(persons, persons.c.id == users.c.person_id)
            .where(
                persons.c.personnummer == workspace.personnummer,
                users.c.organisation_id == organisation_id,
            )
            .limit(1)
        )
    if role is None:
        return False
    key = f"{PULLED_AS}.{organisation_id}"
    pulled_as = workspace.replica.meta(key)
    if pulled_as != role:
        workspace.replica.set_meta(key, role)
    return pulled_as is not None and pulled_as != role


def _knows(workspace: Workspace, organisation_id: int) -> bool:
    """Whether the replica holds the person's authorization in the organisation (what
    the local services resolve a caller by)."""
    tables = orm.Base.metadata.tables
    users, persons = tables["authorizations"], tables["persons"]
    with workspace.replica.engine.connect() as connection:
        found = connection.scalar(
            select(users.c.id)
            .join(persons, persons.c.id == users.c.person_id)
            .where(
                persons.c.personnummer == workspace.personnummer,
                users.c.organisation_id == organisation_id,
            )
            .limit(1)
        )
    return found is not None


def build_offline_services(remote: Services, server_url: str, data_dir: Path) -> OfflineBackend:
    """The offline backend over ``remote`` (``remote.connect(server_url)``), keeping its
    replicas under ``data_dir``; its ``services`` are what the UI is given."""
    return OfflineBackend(remote, server_url, data_dir)


# ---------------------------------------------------------------------- the APIs
class _Part:
    def __init__(self, backend: OfflineBackend) -> None:
        self._b = backend
        self._remote = backend.remote


class _Auth(_Part):
    def start_login(self) -> OrderView:
        return self._remote.auth.start_login()

    def login_qr(self, order_ref: str) -> str:
        return self._remote.auth.login_qr(order_ref)

    def collect_login(self, order_ref: str) -> LoginProgress:
        return self._remote.auth.collect_login(order_ref)

    def cancel_login(self, order_ref: str) -> None:
        self._remote.auth.cancel_login(order_ref)

    def enter(self, token: str, organisation_id: int) -> Actor:
        actor = self._remote.auth.enter(token, organisation_id)
        self._b.entered(actor)
        return actor

    def me(self, token: str) -> Me:
        return self._remote.auth.me(token)

    def resume(self, login_token: str, token: str, organisation_id: int) -> Actor:
        actor = self._remote.auth.resume(login_token, token, organisation_id)
        self._b.forget(login_token)
        self._b.entered(actor)
        return actor

    def logout(self, token: str) -> None:
        try:
            self._remote.auth.logout(token)
        finally:
            self._b.forget(token)


class _Users(_Part):
    def list_users(self, caller: Caller, query: UserQuery) -> Page[UserRow]:
        return self._b.read(
            caller,
            lambda s: s.users.list_users(caller, query),
            lambda: self._remote.users.list_users(caller, query),
        )

    def get_user(self, caller: Caller, user_id: int) -> User:
        return self._b.read(
            caller,
            lambda s: s.users.get_user(caller, user_id),
            lambda: self._remote.users.get_user(caller, user_id),
        )

    def list_pending(self, caller: Caller) -> list[PendingUserChange]:
        return self._b.read(
            caller,
            lambda s: s.users.list_pending(caller),
            lambda: self._remote.users.list_pending(caller),
        )

    def registered_person(self, caller: Caller, personnummer: Personnummer) -> Person | None:
        # The server's register holds people the replica does not (AF's); offline,
        # the replica's are what there is.
        workspace = self._b.workspace(caller)
        if workspace is not None and workspace.engine.unreachable:
            return workspace.local.users.registered_person(caller, personnummer)
        try:
            return self._remote.users.registered_person(caller, personnummer)
        except ServerUnavailable:
            return self._b.read(
                caller,
                lambda s: s.users.registered_person(caller, personnummer),
                lambda: None,
            )

    def validate_draft(self, draft: UserDraft) -> UserDraft:
        return self._remote.users.validate_draft(draft)

    def create_user(self, caller: Caller, command: CreateUser) -> PendingUserChange:
        return self._b.write(caller, "users.create_user", command)  # type: ignore[no-any-return]

    def change_user(self, caller: Caller, command: ChangeUser) -> PendingUserChange:
        return self._b.write(caller, "users.change_user", command)  # type: ignore[no-any-return]

    def remove_user(self, caller: Caller, command: RemoveUser) -> PendingUserChange:
        return self._b.write(caller, "users.remove_user", command)  # type: ignore[no-any-return]

    def set_end_date(self, caller: Caller, command: SetEndDate) -> list[PendingUserChange]:
        return self._b.write(caller, "users.set_end_date", command)  # type: ignore[no-any-return]

    def edit_pending(self, caller: Caller, command: EditPending) -> PendingUserChange:
        return self._b.write(caller, "users.edit_pending", command)  # type: ignore[no-any-return]

    def discard_pending(self, caller: Caller, command: DiscardPending) -> None:
        self._b.write(caller, "users.discard_pending", command)


class _Signing(_Part):
    def preview(
        self, caller: Caller, changes: tuple[VersionedId, ...] | None = None
    ) -> SignPreview:
        self._b.before_signing(caller)
        named = self._b.for_server(caller, changes, tuple[VersionedId, ...] | None)
        return self._remote.signing.preview(caller, named)

    def start(self, caller: Caller, command: StartSigning) -> OrderView:
        self._b.before_signing(caller)
        return self._remote.signing.start(caller, self._b.for_server(caller, command, StartSigning))

    def qr(self, caller: Caller, order_ref: str) -> str:
        return self._remote.signing.qr(caller, order_ref)

    def collect(self, caller: Caller, order_ref: str) -> SignProgress:
        progress = self._remote.signing.collect(caller, order_ref)
        if progress.status is CollectStatus.COMPLETE:
            self._b.sync_now(caller)  # the receipt and the signed changes, in the replica
        return progress

    def cancel(self, caller: Caller, order_ref: str) -> None:
        self._remote.signing.cancel(caller, order_ref)

    def receipts(
        self, caller: Caller, offset: int = 0, limit: int = 20, search: str = ""
    ) -> Page[Receipt]:
        return self._b.read(
            caller,
            lambda s: s.signing.receipts(caller, offset, limit, search),
            lambda: self._remote.signing.receipts(caller, offset, limit, search),
        )

    def verify_receipt(self, caller: Caller, receipt_id: int) -> ReceiptCheck:
        # The audit chain it is checked against lives on the server only.
        return self._remote.signing.verify_receipt(caller, receipt_id)


class _Organisations(_Part):
    def organisation(self, caller: Caller) -> Organisation:
        return self._b.read(
            caller,
            lambda s: s.organisations.organisation(caller),
            lambda: self._remote.organisations.organisation(caller),
        )

    def units(self, caller: Caller) -> list[Unit]:
        return self._b.read(
            caller,
            lambda s: s.organisations.units(caller),
            lambda: self._remote.organisations.units(caller),
        )

    def contacts(self, caller: Caller) -> list[ContactPerson]:
        return self._b.read(
            caller,
            lambda s: s.organisations.contacts(caller),
            lambda: self._remote.organisations.contacts(caller),
        )

    def accounts(self, caller: Caller) -> list[Account]:
        return self._b.read(
            caller,
            lambda s: s.organisations.accounts(caller),
            lambda: self._remote.organisations.accounts(caller),
        )

    def addresses(self, caller: Caller) -> list[Address]:
        return self._b.read(
            caller,
            lambda s: s.organisations.addresses(caller),
            lambda: self._remote.organisations.addresses(caller),
        )

    def pending_contacts(self, caller: Caller) -> list[PendingContactChange]:
        return self._b.read(
            caller,
            lambda s: s.organisations.pending_contacts(caller),
            lambda: self._remote.organisations.pending_contacts(caller),
        )

    def pending_accounts(self, caller: Caller) -> list[PendingAccountChange]:
        return self._b.read(
            caller,
            lambda s: s.organisations.pending_accounts(caller),
            lambda: self._remote.organisations.pending_accounts(caller),
        )

    def create_contact(self, caller: Caller, command: CreateContact) -> PendingContactChange:
        return self._b.write(caller, "organisations.create_contact", command)  # type: ignore[no-any-return]

    def change_contact(self, caller: Caller, command: ChangeContact) -> PendingContactChange:
        return self._b.write(caller, "organisations.change_contact", command)  # type: ignore[no-any-return]

    def remove_contact(self, caller: Caller, command: RemoveContact) -> PendingContactChange:
        return self._b.write(caller, "organisations.remove_contact", command)  # type: ignore[no-any-return]

    def edit_pending_contact(
        self, caller: Caller, command: EditPendingContact
    ) -> PendingContactChange:
        return self._b.write(caller, "organisations.edit_pending_contact", command)  # type: ignore[no-any-return]

    def create_account(self, caller: Caller, command: CreateAccount) -> PendingAccountChange:
        return self._b.write(caller, "organisations.create_account", command)  # type: ignore[no-any-return]

    def change_account(self, caller: Caller, command: ChangeAccount) -> PendingAccountChange:
        return self._b.write(caller, "organisations.change_account", command)  # type: ignore[no-any-return]

    def remove_account(self, caller: Caller, command: RemoveAccount) -> PendingAccountChange:
        return self._b.write(caller, "organisations.remove_account", command)  # type: ignore[no-any-return]

    def edit_pending_account(
        self, caller: Caller, command: EditPendingAccount
    ) -> PendingAccountChange:
        return self._b.write(caller, "organisations.edit_pending_account", command)  # type: ignore[no-any-return]

    def discard_pending(self, caller: Caller, command: DiscardPending) -> None:
        self._b.write(caller, "organisations.discard_pending", command)

    def service_offering(self, caller: Caller) -> list[ServiceOffering]:
        return self._b.read(
            caller,
            lambda s: s.organisations.service_offering(caller),
            lambda: self._remote.organisations.service_offering(caller),
        )

    def agreements(self, caller: Caller) -> list[AgreementView]:
        return self._b.read(
            caller,
            lambda s: s.organisations.agreements(caller),
            lambda: self._remote.organisations.agreements(caller),
        )


class _Cases(_Part):
    def list_cases(self, caller: Caller, query: CaseQuery) -> Page[Case]:
        return self._b.read(
            caller,
            lambda s: s.cases.list_cases(caller, query),
            lambda: self._remote.cases.list_cases(caller, query),
        )

    def count_cases(self, caller: Caller, query: CaseQuery) -> int:
        return self._b.read(
            caller,
            lambda s: s.cases.count_cases(caller, query),
            lambda: self._remote.cases.count_cases(caller, query),
        )

    def get_case(self, caller: Caller, case_id: int) -> CaseDetail:
        return self._b.read(
            caller,
            lambda s: s.cases.get_case(caller, case_id),
            lambda: self._remote.cases.get_case(caller, case_id),
        )


class _News(_Part):
    def news(self, caller: Caller, limit: int = 10) -> list[NewsItem]:
        return self._b.read(
            caller,
            lambda s: s.news.news(caller, limit),
            lambda: self._remote.news.news(caller, limit),
        )


class _Claims(_Part):
    def claims(self, caller: Caller, query: ClaimQuery) -> ClaimList:
        return self._b.read(
            caller,
            lambda s: s.claims.claims(caller, query),
            lambda: self._remote.claims.claims(caller, query),
        )

    def pending_claims(self, caller: Caller) -> list[PendingClaimChange]:
        return self._b.read(
            caller,
            lambda s: s.claims.pending_claims(caller),
            lambda: self._remote.claims.pending_claims(caller),
        )

    def preview_claim(self, caller: Caller, case_id: int, draft: ClaimDraft) -> Compensation:
        return self._b.read(
            caller,
            lambda s: s.claims.preview_claim(caller, case_id, draft),
            lambda: self._remote.claims.preview_claim(caller, case_id, draft),
        )

    def create_claim(self, caller: Caller, command: CreateClaim) -> PendingClaimChange:
        return self._b.write(caller, "claims.create_claim", command)  # type: ignore[no-any-return]


class _Documents(_Part):
    def documents(self, caller: Caller, case_id: int) -> list[DocumentView]:
        return self._b.read(
            caller,
            lambda s: s.documents.documents(caller, case_id),
            lambda: self._remote.documents.documents(caller, case_id),
        )

    def get_document(self, caller: Caller, document_id: int) -> DocumentView:
        return self._b.read(
            caller,
            lambda s: s.documents.get_document(caller, document_id),
            lambda: self._remote.documents.get_document(caller, document_id),
        )

    def save_draft(self, caller: Caller, command: SaveDocument) -> DocumentView:
        return self._b.write(caller, "documents.save_draft", command)  # type: ignore[no-any-return]

    def discard_draft(self, caller: Caller, command: DiscardDocument) -> None:
        self._b.write(caller, "documents.discard_draft", command)

    def send_document(self, caller: Caller, command: SendDocument) -> PendingDocumentChange:
        return self._b.write(caller, "documents.send_document", command)  # type: ignore[no-any-return]

    def pending_documents(self, caller: Caller) -> list[PendingDocumentChange]:
        return self._b.read(
            caller,
            lambda s: s.documents.pending_documents(caller),
            lambda: self._remote.documents.pending_documents(caller),
        )

    def status_overview(self, caller: Caller, limit: int = 1000) -> StatusOverview:
        return self._b.read(
            caller,
            lambda s: s.documents.status_overview(caller, limit),
            lambda: self._remote.documents.status_overview(caller, limit),
        )


__all__ = ["OfflineBackend", "Workspace", "build_offline_services"]
