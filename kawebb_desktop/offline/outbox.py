"""The outbox: every write made on this workstation, as the command of the service API it
is, kept in the replica until the server has answered it and its result came back.

A command is applied to the replica at once by the local services (the same rules and
Swedish messages as the server's) while the replica records (:meth:`Replica.recording`):
the outbox row, the journal of what it changed and the change itself commit in one
transaction, or none of them does. Its life:

``queued``        applied here provisionally, not yet answered by the server;
``acknowledged``  the server applied it (its answer kept; provisional ids mapped);
``synced``        a pull that began after the answer has ended: the replica holds the
                  server's rows, the provisional ones are gone (the write checkpoint);
``refused``       the server said no (a rule, a permission, a conflict): the command and
                  its reason stay, for the user to correct or discard.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Connection, bindparam, delete, or_, select

from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.errors import RuleViolation
from kawebb_desktop.offline.replica import (
    RECORDING_SEQ,
    Replica,
    id_map,
    is_provisional,
    journal,
    outbox,
)
from kawebb_desktop.services import codec
from kawebb_desktop.services.api import Caller
from kawebb_desktop.services.push import PUSH_OPERATIONS, PushOperation

T = TypeVar("T")

#: How long a command's provisional answer may be missing before the command is pushed
#: without it (see :meth:`Outbox.entries`): :meth:`Outbox.apply` writes it milliseconds
#: after the command's transaction, so only an apply that died in between leaves it out.
ANSWER_GRACE = dt.timedelta(seconds=30)

LATER_CHANGES = (
    "Ändringen kan inte tas bort förrän de senare ändringarna av samma uppgifter har tagits "
    "bort eller synkroniserats."
)
NOT_IN_OUTBOX = "Ändringen finns inte längre bland de osynkade ändringarna."

#: Tables every write changes (the audit chain's head, its entries, the idempotency
#: keys): their rows are bookkeeping, not what a command is about.
BOOKKEEPING = frozenset({"audit_chains", "audit_entries", "idempotency_keys"})

#: The id field of a command → the object it changes.
TARGETS = ("user_id", "contact_id", "account_id", "change_id", "document_id")


class Status(StrEnum):
    QUEUED = "queued"
    ACKNOWLEDGED = "acknowledged"
    SYNCED = "synced"
    REFUSED = "refused"


#: A write of the service API: ``api`` is the attribute of ``Services`` and ``method``
#: the method; the command's and the answer's types come from its hints.
Operation = PushOperation

#: Every write the outbox knows, by ``api.method``: those a push may carry.
OPERATIONS: Mapping[str, Operation] = PUSH_OPERATIONS


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    seq: int
    operation: Operation
    #: The command as made (provisional ids in it, its idempotency key).
    command: Any
    personnummer: str
    organisation_id: int
    created_at: dt.datetime
    status: Status
    #: What the local services answered (JSON), ``None`` if not kept.
    provisional_answer: Any
    #: The server's answer (JSON), once acknowledged.
    answer: Any
    refusal_code: str | None
    refusal_message: str | None

    @property
    def command_json(self) -> Any:
        return codec.to_json(self.command)


def load_command(kind: Any, data: Any) -> Any:
    """The command ``data`` (JSON) was made from. A form may hand the services text they
    normalise themselves (``"Praktik"`` for a kind, ``"25,5"`` for an extent), which the
    codec's strict decoding refuses: a field that does not decode keeps its JSON value,
    so the command is sent as it was made and the server judges it."""
    try:
        return codec.from_json(kind, data)
    except codec.DecodeError:
        if not (dataclasses.is_dataclass(kind) and isinstance(kind, type)):
            return data
        if not isinstance(data, dict):
            raise
    hints = typing.get_type_hints(kind)
    values = {
        f.name: load_command(hints[f.name], data[f.name])
        for f in dataclasses.fields(kind)
        if f.init and f.name in data
    }
    return kind(**values)


def _entry(row: Any) -> OutboxEntry:
    operation = OPERATIONS[row.operation]
    return OutboxEntry(
        seq=row.seq,
        operation=operation,
        command=load_command(operation.command_type, json.loads(row.payload)),
        personnummer=row.personnummer,
        organisation_id=row.organisation_id,
        created_at=dt.datetime.fromisoformat(row.created_at),
        status=Status(row.status),
        provisional_answer=None
        if row.provisional_answer is None
        else json.loads(row.provisional_answer),
        answer=None if row.answer is None else json.loads(row.answer),
        refusal_code=row.refusal_code,
        refusal_message=row.refusal_message,
    )


def provisional_ids(value: Any) -> Iterator[int]:
    """Every provisional id in a JSON value (a command's or an answer's)."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if is_provisional(value):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from provisional_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from provisional_ids(item)


def rewrite_ids(value: Any, mapping: dict[int, int]) -> Any:
    """``value`` (JSON) with each provisional id the map knows replaced by the server's."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return mapping.get(value, value)
    if isinstance(value, dict):
        return {k: rewrite_ids(v, mapping) for k, v in value.items()}
    if isinstance(value, list):
        return [rewrite_ids(v, mapping) for v in value]
    return value


def matched_ids(provisional: Any, server: Any) -> dict[int, int]:
    """Provisional id → server id, wherever the two answers (JSON of the same type) hold
    a provisional id and an id at the same place."""
    found: dict[int, int] = {}
    if isinstance(provisional, bool) or isinstance(server, bool):
        return found
    if isinstance(provisional, int) and isinstance(server, int):
        if is_provisional(provisional) and not is_provisional(server):
            found[provisional] = server
    elif isinstance(provisional, dict) and isinstance(server, dict):
        for key, value in provisional.items():
            if key in server:
                found.update(matched_ids(value, server[key]))
    elif isinstance(provisional, list) and isinstance(server, list):
        for a, b in zip(provisional, server, strict=False):
            found.update(matched_ids(a, b))
    return found


class Outbox:
    """The outbox table of one replica."""

    def __init__(self, replica: Replica, clock: Clock) -> None:
        self.replica = replica
        self._clock = clock

    # ------------------------------------------------------------------ adding
    def apply(
        self,
        operation: Operation,
        command: Any,
        caller: Caller,
        personnummer: str,
        run: Callable[[], T],
    ) -> tuple[int | None, T]:
        """Run ``run`` (the local services applying ``command`` to the replica) while the
        replica records: what it changes is journalled, new rows get provisional ids,
        and the outbox row commits with it. Returns the new row's number (``None`` when
        nothing changed, as for a repeated key) and what ``run`` returned."""
        now = self._clock.now().isoformat()
        entry = {
            "operation": operation.name,
            "command_type": operation.command_type.__name__,
            "key": command.key,
            "payload": codec.dumps(command),
            "personnummer": personnummer,
            "organisation_id": caller.organisation_id,
            "created_at": now,
            "status": Status.QUEUED.value,
            "updated_at": now,
        }
        with self.replica.recording(entry) as recording:
            result = run()
        if recording.seq is not None:  # the services' answer, where they stored none
            with self.replica.writing() as connection:
                connection.execute(
                    outbox.update()
                    .where(outbox.c.seq == recording.seq, outbox.c.provisional_answer.is_(None))
                    .values(provisional_answer=codec.dumps(result))
                )
        return recording.seq, result

    # ------------------------------------------------------------------ reading
    def entries(
        self, statuses: Iterable[Status] | None = None, *, complete: bool = False
    ) -> list[OutboxEntry]:
        """``complete``: only commands whose provisional answer is written. :meth:`apply`
        writes it after the command's own transaction where the services stored none,
        and a push in between would have no answer to map the server's ids from: the
        id map would never get the ids the command made. A command still without one
        :data:`ANSWER_GRACE` after it was made is taken all the same (its apply was cut
        off between the two transactions: it goes, its ids unmapped, rather than never)."""
        query = select(outbox).order_by(outbox.c.seq)
        if statuses is not None:
            query = query.where(outbox.c.status.in_([s.value for s in statuses]))
        if complete:
            # created_at is the same clock's isoformat: its strings sort as the times.
            cutoff = (self._clock.now() - ANSWER_GRACE).isoformat()
            query = query.where(
                or_(outbox.c.provisional_answer.is_not(None), outbox.c.created_at < cutoff)
            )
        with self.replica.reading() as connection:
            return [_entry(row) for row in connection.execute(query)]

    def entry(self, seq: int) -> OutboxEntry | None:
        with self.replica.reading() as connection:
            row = connection.execute(select(outbox).where(outbox.c.seq == seq)).first()
        return _entry(row) if row is not None else None

    def by_key(self, key: str) -> OutboxEntry | None:
        """The command made with idempotency key ``key``, if it is in the outbox."""
        with self.replica.reading() as connection:
            row = connection.execute(
                select(outbox).where(outbox.c.key == key).order_by(outbox.c.seq.desc())
            ).first()
        return _entry(row) if row is not None else None

    def count(self, *statuses: Status) -> int:
        return len(self.entries(statuses))

    def object_rows(self) -> dict[int, set[tuple[str, str]]]:
        """Each command's rows in the journal, bookkeeping left out: the objects whose
        changes here it made (or built on) and that are still in the replica."""
        found: dict[int, set[tuple[str, str]]] = {}
        with self.replica.reading() as connection:
            for seq, table, pk in connection.execute(
                select(journal.c.seq, journal.c.tbl, journal.c.pk).where(
                    journal.c.seq != RECORDING_SEQ, journal.c.tbl.not_in(BOOKKEEPING)
                )
            ):
                found.setdefault(int(seq), set()).add((str(table), str(pk)))
        return found

    def id_map(self) -> dict[int, int]:
        with self.replica.reading() as connection:
            rows = connection.execute(select(id_map.c.provisional, id_map.c.server)).all()
        return {int(p): int(s) for p, s in rows}

    def recover_ids(self, wanted: set[int]) -> dict[int, int]:
        """The server's ids of the provisional ids in ``wanted`` that an answered command
        made, found again from the outbox's answers (its provisional answer beside the
        server's) where the id map lacks them, and written back into the map. The map is
        made from those answers when they come (:meth:`record_answers`); a command that
        names an id the map lacks would otherwise wait for ever."""
        if not wanted:
            return {}
        found: list[dict[str, int]] = []
        answered = (Status.ACKNOWLEDGED.value, Status.SYNCED.value)
        with self.replica.writing() as connection:
            known = {
                int(p)
                for (p,) in connection.execute(
                    select(id_map.c.provisional).where(id_map.c.provisional.in_(sorted(wanted)))
                )
            }
            rows = connection.execute(
                select(outbox.c.seq, outbox.c.provisional_answer, outbox.c.answer)
                .where(
                    outbox.c.status.in_(answered),
                    outbox.c.provisional_answer.is_not(None),
                    outbox.c.answer.is_not(None),
                )
                .order_by(outbox.c.seq)
            )
            for seq, provisional, answer in rows:
                matched = matched_ids(json.loads(provisional), json.loads(answer))
                for p, s in matched.items():
                    if p in wanted and p not in known:
                        found.append({"provisional": p, "server": s, "seq": int(seq)})
                        known.add(p)
            if found:
                connection.execute(id_map.insert().prefix_with("OR IGNORE"), found)
        return {f["provisional"]: f["server"] for f in found}

    # ------------------------------------------------------------------ answers
    def record_answers(
        self,
        acknowledged: list[tuple[int, Any, dict[int, int]]],
        refused: list[tuple[int, str, str]],
    ) -> None:
        """The answers to a pushed batch in one transaction: ``acknowledged`` as (seq,
        the server's answer as JSON, the provisional ids it gave server ids to),
        ``refused`` as :meth:`refuse` takes them."""
        now = self._clock.now().isoformat()
        ids = [
            {"provisional": p, "server": s, "seq": seq}
            for seq, _answer, found in acknowledged
            for p, s in found.items()
        ]
        with self.replica.writing() as connection:
            if acknowledged:
                connection.execute(
                    outbox.update()
                    .where(outbox.c.seq == bindparam("b_seq"))
                    .values(
                        status=Status.ACKNOWLEDGED.value,
                        answer=bindparam("b_answer"),
                        updated_at=now,
                    ),
                    [
                        {
                            "b_seq": seq,
                            "b_answer": json.dumps(answer, ensure_ascii=False, sort_keys=True),
                        }
                        for seq, answer, _ids in acknowledged
                    ],
                )
            if ids:
                connection.execute(id_map.insert().prefix_with("OR REPLACE"), ids)
            if refused:
                connection.execute(
                    outbox.update()
                    .where(outbox.c.seq == bindparam("b_seq"))
                    .values(
                        status=Status.REFUSED.value,
                        refusal_code=bindparam("b_code"),
                        refusal_message=bindparam("b_message"),
                        updated_at=now,
                    ),
                    [
                        {"b_seq": seq, "b_code": code, "b_message": message}
                        for seq, code, message in refused
                    ],
                )

    def refuse(self, seq: int, code: str, message: str) -> None:
        with self.replica.writing() as connection:
            connection.execute(
                outbox.update()
                .where(outbox.c.seq == seq)
                .values(
                    status=Status.REFUSED.value,
                    refusal_code=code,
                    refusal_message=message,
                    updated_at=self._clock.now().isoformat(),
                )
            )

    def mark_synced(self, seqs: Iterable[int]) -> None:
        wanted = list(seqs)
        if not wanted:
            return
        with self.replica.writing() as connection:
            connection.execute(
                outbox.update()
                .where(outbox.c.seq.in_(wanted), outbox.c.status == Status.ACKNOWLEDGED.value)
                .values(status=Status.SYNCED.value, updated_at=self._clock.now().isoformat())
            )

    # ------------------------------------------------------------------ undoing
    def undo_answered(self, connection: Connection) -> list[int]:
        """In a pull's first transaction: take the provisional effects of every answered
        command (acknowledged: the server's rows come with the pull; refused: the server
        said no) out of the replica, newest first — each only when no command after it
        that is still queued changed the same rows. Returns the commands undone."""
        rows = connection.execute(
            select(outbox.c.seq, outbox.c.status).order_by(outbox.c.seq.desc())
        ).all()
        undone: list[int] = []
        later: set[tuple[str, str]] = set()
        answered = {Status.ACKNOWLEDGED.value, Status.REFUSED.value, Status.SYNCED.value}
        for seq, status in rows:
            touched = self.replica.touched(connection, seq)
            if status in answered and touched and not touched & later:
                self.replica.restore(connection, seq)
                undone.append(seq)
            elif status not in answered:
                later |= touched
        return undone

    def discard(self, seq: int) -> OutboxEntry:
        """Drop a queued or refused command: its provisional effects are undone exactly
        and it is gone from the outbox. Refused (RuleViolation) when a later command
        still waiting changed the same rows."""
        with self.replica.writing() as connection:
            row = connection.execute(select(outbox).where(outbox.c.seq == seq)).first()
            if row is None or row.status not in (Status.QUEUED.value, Status.REFUSED.value):
                raise RuleViolation(NOT_IN_OUTBOX)
            entry = _entry(row)
            touched = self.replica.touched(connection, seq)
            later = connection.execute(
                select(journal.c.tbl, journal.c.pk).where(journal.c.seq > seq)
            ).all()
            if touched & {(t, p) for t, p in later}:
                raise RuleViolation(LATER_CHANGES)
            self.replica.restore(connection, seq)
            connection.execute(delete(outbox).where(outbox.c.seq == seq))
        return entry


__all__ = [
    "BOOKKEEPING",
    "OPERATIONS",
    "TARGETS",
    "Operation",
    "Outbox",
    "OutboxEntry",
    "Status",
    "matched_ids",
    "provisional_ids",
    "rewrite_ids",
]
