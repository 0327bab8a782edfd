"""The batch push of an offline replica's outbox (issue 11): :meth:`SyncApi.push
<kawebb_desktop.services.api.SyncApi.push>` over the local services.

Each command is applied by the very service method its own route calls — the same
validation, permissions and idempotency (a repeated key is answered from the store) —
but the whole batch is one transaction: each command's unit of work is a SAVEPOINT of
it (:meth:`UnitOfWork.savepoint <kawebb_desktop.store.base.UnitOfWork.savepoint>`), so a
refusal rolls back that command only, and the bookkeeping a single write does for itself
— the change-feed numbers (their counter row locked to the commit, as for any write),
the audit chain's head, the idempotency records, the list locks — is done once for the
batch (:meth:`~kawebb_desktop.store.base.UnitOfWork.begin_batch`), which commits once.
The caller's session is resolved once per batch (again after a command of the users
API, which may change the caller's own authorization), and the keys of the whole batch
are locked and read in one go. What the batch saves is everything around the writes:
one request, one transaction and one commit instead of one of each per command, and (in
the offline sync) one replica transaction for the answers of a whole batch.

The savepoints themselves are only needed by a command refused after it wrote, which is
rare (a refusal is almost always found before the first write): so a batch is first run
without them (:class:`_LightUnit`: the repositories' calls are counted, writes and
failures), and should a command be left after it wrote, or after a repository call
failed, the whole batch is rolled back and run again with a savepoint per command.
In that first run the new documents also wait (PostgreSQL): their ids are taken from the
sequence together and the rows inserted by one statement at the next read of documents
or at the run's end; should that insert be refused, the batch runs again in the same way.

A refusal (a rule, a permission, a conflict, something gone, an invalid command) is that
command's answer; anything that is not the command's fault (the session ended, the
store cannot be reached) stops the push as an error, and what was applied before it
is committed — a retry of the batch gets those answers again from the idempotency store.
Should the commit itself fail, nothing of the batch was applied, and a retry applies it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol, Union

from kawebb_desktop.domain.errors import (
    Conflict,
    DomainError,
    NotAuthorized,
    NotFound,
    PermissionDenied,
    RuleViolation,
    ValidationError,
)
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.domain.roles import Access, Function
from kawebb_desktop.domain.sessions import Resolved, Session
from kawebb_desktop.services import codec
from kawebb_desktop.services.api import (
    BAD_PUSH_COUNT,
    MAX_PUSH,
    Caller,
    ClaimsApi,
    DocumentsApi,
    OrganisationsApi,
    PushCommand,
    PushError,
    PushResult,
    UsersApi,
)
from kawebb_desktop.services.common import Env, authorize
from kawebb_desktop.services.sync import SyncService
from kawebb_desktop.store.base import SessionRepository, Store, UnitOfWork

if typing.TYPE_CHECKING:  # mypy proves that the batch's store is a store

    def _is_a_store(store: _BatchStore) -> Store:
        return store


BAD_COUNT = BAD_PUSH_COUNT
UNKNOWN_TYPE = "Ändringen av typen ”{type}” känns inte igen. Den har inte sparats."
BAD_COMMAND = "Ändringen är ofullständig eller har ogiltiga värden. Den har inte sparats."
OTHER_KEY = "Ändringens idempotensnyckel stämmer inte med den som skickades med den."


@dataclass(frozen=True, slots=True)
class PushOperation:
    """A write of the service API that can be pushed: ``Services.<api>.<method>``."""

    api: str
    method: str
    command_type: type
    answer_type: Any

    @property
    def name(self) -> str:
        return f"{self.api}.{self.method}"


def _operations() -> dict[str, PushOperation]:
    writes: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
        (
            "users",
            UsersApi,
            (
                "create_user",
                "change_user",
                "remove_user",
                "set_end_date",
                "edit_pending",
                "discard_pending",
            ),
        ),
        (
            "organisations",
            OrganisationsApi,
            (
                "create_contact",
                "change_contact",
                "remove_contact",
                "edit_pending_contact",
                "create_account",
                "change_account",
                "remove_account",
                "edit_pending_account",
                "discard_pending",
            ),
        ),
        ("claims", ClaimsApi, ("create_claim",)),
        ("documents", DocumentsApi, ("save_draft", "discard_draft", "send_document")),
    )
    found: dict[str, PushOperation] = {}
    for api, protocol, methods in writes:
        for method in methods:
            hints = typing.get_type_hints(getattr(protocol, method))
            operation = PushOperation(api, method, hints["command"], hints["return"])
            found[operation.name] = operation
    return found


#: Every write a push may carry, by ``api.method`` (the outbox's names).
PUSH_OPERATIONS: Mapping[str, PushOperation] = _operations()

#: A refusal's code in a push answer (the server's error codes), by the error's type.
_CODES: tuple[tuple[type[DomainError], str], ...] = (
    (PermissionDenied, "forbidden"),
    (NotFound, "not_found"),
    (Conflict, "conflict"),
    (RuleViolation, "rule"),
    (ValidationError, "invalid"),
)


def push_error(error: DomainError) -> PushError | None:
    """``error`` as a pushed command's refusal; ``None`` when it is not the command's
    fault (a session or authorization that ended, the store): the push stops."""
    if isinstance(error, NotAuthorized):
        return None
    for kind, code in _CODES:
        if isinstance(error, kind):
            return PushError(code, error.message, getattr(error, "field", None))
    return None


def refusal_of(error: PushError) -> DomainError:
    """The typed domain error of a refusal in a push answer (for the clients)."""
    for kind, code in _CODES:
        if code == error.code:
            if kind in (RuleViolation, ValidationError):
                return kind(error.message, error.field)
            return kind(error.message)
    return DomainError(error.message)


def _lenient(kind: Any) -> bool:
    """Whether a field of type ``kind`` is one a form may hand over as text that the
    service normalises itself (``"Praktik"`` for a kind, ``"25,5"`` for an extent)."""
    options = typing.get_args(kind) if typing.get_origin(kind) in (Union, type(int | None)) else ()
    return any(
        isinstance(k, type) and (issubclass(k, enum.Enum) or k is Decimal)
        for k in (options or (kind,))
    )


def decode_command(kind: Any, data: Any) -> Any:
    """The command ``data`` (JSON) names, decoded as strictly as the codec does — except
    that text in an enum or decimal field is passed on as the user typed it, for the
    service to normalise or refuse with its own message (as the offline outbox keeps it)."""
    try:
        return codec.from_json(kind, data)
    except codec.DecodeError:
        if not (dataclasses.is_dataclass(kind) and isinstance(kind, type)):
            raise
        if not isinstance(data, dict):
            raise
    hints = typing.get_type_hints(kind)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(kind):
        if not f.init or f.name not in data:
            continue
        value = data[f.name]
        try:
            values[f.name] = decode_command(hints[f.name], value)
        except codec.DecodeError:
            if not (isinstance(value, str) and _lenient(hints[f.name])):
                raise
            values[f.name] = value
    try:
        return kind(**values)
    except (TypeError, ValueError) as exc:
        raise codec.DecodeError(str(exc)) from exc


class Writes(Protocol):
    """The services a push applies its commands through."""

    @property
    def users(self) -> UsersApi: ...
    @property
    def organisations(self) -> OrganisationsApi: ...
    @property
    def claims(self) -> ClaimsApi: ...
    @property
    def documents(self) -> DocumentsApi: ...


def _refused(key: str, error: DomainError) -> PushResult:
    refusal = push_error(error)
    assert refusal is not None
    return PushResult(key, False, None, refusal)


class _CachedSessions:
    """The store's sessions, with :meth:`resolve` asked once per batch (the batch's
    transaction would read the same row each time)."""

    def __init__(self, inner: SessionRepository) -> None:
        self._inner = inner
        self._resolved: dict[tuple[str, int], Resolved | None] = {}

    def forget(self) -> None:
        self._resolved.clear()

    def add(self, session: Session) -> Session:
        return self._inner.add(session)

    def by_token_hash(self, token_hash: str) -> Session | None:
        return self._inner.by_token_hash(token_hash)

    def resolve(self, token_hash: str, organisation_id: int) -> Resolved | None:
        key = (token_hash, organisation_id)
        if key not in self._resolved:
            self._resolved[key] = self._inner.resolve(token_hash, organisation_id)
        return self._resolved[key]

    def update(self, session: Session) -> Session:
        self.forget()
        return self._inner.update(session)


class _Unsafe(BaseException):
    """A command of a batch run without savepoints was left after it wrote, or after the
    store failed it: the batch is rolled back and run again, a savepoint per command.
    Not an ``Exception``: a service that catches a refusal does not catch this."""


#: The repository methods that only read (or lock): every other method writes.
_READS = frozenset(
    {
        "get",
        "get_many",
        "by_org_number",
        "by_personnummer",
        "by_token_hash",
        "list_all",
        "for_organisation",
        "for_person",
        "for_case",
        "for_target",
        "find",
        "with_role",
        "with_personal_number",
        "page",
        "count",
        "total_amount",
        "latest",
        "events",
        "sent",
        "monthly_counts",
        "new_user_for",
        "lock_list",
        "lock_many",
        "head",
        "chain_ids",
        "links",
        "link",
        "stale_pending",
        "pending_of",
        "resolve",
        "schema",
        "changes",
        "rows",
        "persons",
    }
)

#: The repositories of a unit of work.
_REPOSITORIES = frozenset(UnitOfWork.__annotations__)


@dataclass(slots=True)
class _Watch:
    """What a batch run without savepoints has done so far: calls of writing repository
    methods, and repository calls that raised (the store may have failed them)."""

    writes: int = 0
    faults: int = 0

    def mark(self) -> tuple[int, int]:
        return self.writes, self.faults


class _Watched:
    """A repository whose calls are counted in a :class:`_Watch`."""

    def __init__(self, inner: object, watch: _Watch) -> None:
        self._inner = inner
        self._watch = watch

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._inner, name)
        if not callable(value):
            return value
        watch, writes = self._watch, name not in _READS

        def call(*args: Any, **kwargs: Any) -> Any:
            if writes:
                watch.writes += 1
            try:
                return value(*args, **kwargs)
            except BaseException:
                watch.faults += 1
                raise

        setattr(self, name, call)
        return call


class _LightUnit:
    """A unit of work of a batch run without savepoints: the batch's own repositories,
    no SAVEPOINT. Committed, its writes stay in the batch (as a savepoint's would); left
    without a commit, it must have written nothing and had no repository call fail —
    then there is nothing to undo (what it read or locked stays read or locked until the
    batch commits) — or it raises :class:`_Unsafe`. So does a commit after a failed
    repository call (the transaction may be unusable)."""

    def __init__(self, batch: UnitOfWork, watch: _Watch, sessions: _CachedSessions) -> None:
        self._batch = batch
        self._watch = watch
        self._mark: tuple[int, int] | None = None
        self._sessions = sessions
        self.sessions = _Watched(sessions, watch)

    def __getattr__(self, name: str) -> Any:
        if name not in _REPOSITORIES:
            raise AttributeError(name)
        repository = _Watched(getattr(self._batch, name), self._watch)
        setattr(self, name, repository)
        return repository

    def __enter__(self) -> _LightUnit:
        if self._mark is not None:
            raise RuntimeError("this unit of work is already open")
        self._mark = self._watch.mark()
        return self

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        self.rollback()

    def commit(self) -> None:
        mark, self._mark = self._mark, None
        if mark is None:
            raise RuntimeError("the unit of work is not open (use it in a with block)")
        if self._watch.faults != mark[1]:
            raise _Unsafe

    def rollback(self) -> None:
        mark, self._mark = self._mark, None
        if mark is not None and self._watch.mark() != mark:
            raise _Unsafe

    def savepoint(self, *, guarded: bool = True) -> UnitOfWork:
        return typing.cast(UnitOfWork, _LightUnit(self._batch, self._watch, self._sessions))

    def begin_batch(self, *, documents: int = 0) -> None:
        raise RuntimeError("a batch is begun by the outermost unit of work")


class _BatchStore:
    """The store as the services see it during a batch: every unit of work they open is
    a savepoint of the batch's one (write or not: the batch already holds the writer's
    turn), with the batch's cached sessions. Not ``guarded`` (the default), their
    writes go without a savepoint each: a command is left as a whole on any error.
    ``light``: no savepoints at all (:class:`_LightUnit`), counted in ``watch``."""

    def __init__(self, batch: UnitOfWork, description: str, *, light: bool = False) -> None:
        self.description = description
        self.guarded = False
        self._batch = batch
        self.sessions = _CachedSessions(batch.sessions)
        self.watch = _Watch() if light else None

    def unit_of_work(self, *, write: bool = False) -> UnitOfWork:
        if self.watch is not None:
            return typing.cast(UnitOfWork, _LightUnit(self._batch, self.watch, self.sessions))
        unit = self._batch.savepoint(guarded=self.guarded)
        unit.sessions = self.sessions
        return unit

    def close(self) -> None:
        raise RuntimeError("a batch's store is closed with its batch")


class LocalSync(SyncService):
    """:class:`~kawebb_desktop.services.api.SyncApi` over the store: the change feeds
    (:class:`SyncService`) and the batch push through the writes ``writes`` makes over
    the batch's store."""

    def __init__(self, env: Env, writes: Callable[[Env], Writes]) -> None:
        super().__init__(env)
        self._writes = writes

    def push(self, caller: Caller, commands: list[PushCommand]) -> list[PushResult]:
        if not isinstance(commands, list) or not 1 <= len(commands) <= MAX_PUSH:
            raise ValidationError(BAD_COUNT, "commands")
        # A session that ended refuses the whole push, before any command.
        with self._acting(caller, Function.KONTAKTPERSON, Access.NONE):
            pass
        with self._store.unit_of_work(write=True) as uow:
            try:
                # First without a savepoint per command: a command refused before it
                # wrote anything has nothing to undo, and that is almost every refusal.
                results = self._batch(uow, caller, commands, light=True)
            except _Unsafe:
                uow.rollback()
                results = self._batch(uow, caller, commands, light=False)
            uow.commit()
        return results

    def _batch(
        self, uow: UnitOfWork, caller: Caller, commands: list[PushCommand], *, light: bool
    ) -> list[PushResult]:
        """The batch's commands applied in ``uow`` (not committed): ``light``, without a
        savepoint per command (:class:`_Unsafe` when one would have been needed)."""
        me = authorize(uow, self._env, caller, Function.KONTAKTPERSON, Access.NONE)
        # Light, the new documents wait and are inserted together (PostgreSQL), at the
        # next read of documents or at the end of the run: a failure there makes the
        # batch run again, each document inserted by its own command.
        uow.begin_batch(documents=sum(map(_new_document, commands)) if light else 0)
        keys = [c.key for c in commands if isinstance(c.key, str) and c.key.isprintable()]
        uow.idempotency.lock_many(me.person_id, keys)
        # The cases the commands name, read together: each command's own read of its
        # case is then answered by the batch's session. Only the caller's organisation's
        # are read; a command naming another's case reads it itself and is refused as
        # ever. (No command locks a case: read here or later in the same transaction,
        # it is the same unlocked read.)
        case_ids = {
            c.command["case_id"]
            for c in commands
            if isinstance(c.command, dict) and type(c.command.get("case_id")) is int
        }
        if case_ids:
            uow.cases.get_many(me.organisation_id, case_ids)
        store = _BatchStore(uow, self._store.description, light=light)
        writes = self._writes(dataclasses.replace(self._env, store=store))
        results: list[PushResult] = []
        with contextlib.ExitStack() as stack:
            # Light, the writes still go without a savepoint of their own.
            whole = stack.enter_context(uow.savepoint(guarded=False)) if light else None
            for item in commands:
                try:
                    try:
                        results.append(self._apply(writes, caller, item))
                    except (DomainError, _Unsafe):
                        raise
                    except Exception as exc:
                        if light:
                            raise _Unsafe from exc
                        # A write the database refused, which the service went on
                        # from (its own savepoint would have let it): that command
                        # again, from its savepoint, with a savepoint per write.
                        store.sessions.forget()
                        store.guarded = True
                        try:
                            results.append(self._apply(writes, caller, item))
                        finally:
                            store.guarded = False
                except _Unsafe:
                    raise
                except BaseException:
                    # Not the command's fault: what went before it stays applied (if
                    # the store still answers), and the push stops.
                    with contextlib.suppress(Exception):
                        if whole is not None:
                            whole.commit()
                        uow.commit()
                    raise
                finally:
                    if item.type in _RESOLVE_AGAIN or not (results and results[-1].ok):
                        store.sessions.forget()
            if whole is not None:
                try:
                    whole.commit()  # with the documents that wait
                except Exception as exc:
                    raise _Unsafe from exc
        return results

    def _apply(self, writes: Writes, caller: Caller, item: PushCommand) -> PushResult:
        key = item.key if isinstance(item.key, str) else ""
        operation = PUSH_OPERATIONS.get(item.type) if isinstance(item.type, str) else None
        if operation is None:
            return _refused(key, ValidationError(msg(UNKNOWN_TYPE, type=item.type), "type"))
        if not isinstance(item.command, dict):
            return _refused(key, ValidationError(BAD_COMMAND, "command"))
        if item.command.get("key", key) != key:
            return _refused(key, ValidationError(OTHER_KEY, "key"))
        try:
            command = decode_command(operation.command_type, {**item.command, "key": key})
        except (codec.DecodeError, DomainError):
            return _refused(key, ValidationError(BAD_COMMAND, "command"))
        write: Callable[[Caller, Any], object] = getattr(
            getattr(writes, operation.api), operation.method
        )
        try:
            answer = write(caller, command)
        except DomainError as exc:
            if push_error(exc) is None:
                raise
            return _refused(key, exc)
        return PushResult(key, True, codec.to_json(answer), None)


def _new_document(item: PushCommand) -> bool:
    """Whether ``item`` looks like a command that adds a document (a hint: how many ids
    a batch takes at once)."""
    return (
        item.type == "documents.save_draft"
        and isinstance(item.command, dict)
        and item.command.get("document_id") is None
    )


#: Commands after which the caller's session is resolved again (they may change the
#: caller's own authorization).
_RESOLVE_AGAIN = frozenset(name for name in PUSH_OPERATIONS if name.startswith("users."))

__all__ = [
    "PUSH_OPERATIONS",
    "LocalSync",
    "PushOperation",
    "Writes",
    "decode_command",
    "push_error",
    "refusal_of",
]
