"""The outbox pushed in batches (issue 11): up to :data:`PUSH_BATCH` queued commands per
request (``SyncApi.push``), their answers recorded in one replica transaction.

The order and the rules of the one-at-a-time push stay: commands go in the order they
were made; a command naming a provisional id is sent with the server's id once an
earlier command's answer gave it one — never in the same batch as that command (the
server does not rewrite ids), so a batch ends before such a command and the next batch
starts with it; a command naming an id nobody will answer for waits. A batch holds one
maker's commands only (the server checks that the session's person made them). A refusal
is kept with its reason and the rest goes on; a failure that is not a refusal (the
network, the session) stops the push, and the batch is sent again next time — its
commands' keys make that harmless.

A command that builds on a refused one is never sent: it was made on what the refused
command did here (a row it changed, by the journal; a row it made, by its provisional
id; the same object, by the command's id field after the id map's rewrite), so the
server could accept it over what somebody else did meanwhile (its version may well
match theirs). It is refused too, with :data:`DEPENDS_ON_REFUSED`'s reason, and kept
with what the user typed for the conflict view (apply it again on the server's version,
or drop it); commands on other objects go on. So that the refusal is known before such
a command leaves, it never shares a batch with a command it builds on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kawebb_desktop.domain.errors import Conflict, DomainError
from kawebb_desktop.domain.messages import msg
from kawebb_desktop.offline.outbox import (
    TARGETS,
    Outbox,
    OutboxEntry,
    Status,
    matched_ids,
    provisional_ids,
    rewrite_ids,
)
from kawebb_desktop.remote.errors import NOT_UNDERSTOOD, UnexpectedAnswer
from kawebb_desktop.remote.transport import made_by
from kawebb_desktop.services.api import MAX_PUSH, Caller, PushCommand, PushResult
from kawebb_desktop.services.push import refusal_of

log = logging.getLogger(__name__)

#: Commands per push request.
PUSH_BATCH = MAX_PUSH

#: The reason a command that builds on a refused one is refused with (its own reason
#: follows).
DEPENDS_ON_REFUSED = "Bygger på en ändring som inte godtogs: "
#: The whole reason, the refused command's own after it.
BUILDS_ON_REFUSED = "Bygger på en ändring som inte godtogs: {reason}"
#: How such a command is kept: a conflict (the conflict view applies).
DEPENDANT_CODE = "conflict"


@dataclass
class PushOutcome:
    sent: list[int]
    refused: dict[int, DomainError]
    waiting: list[int]
    stopped: DomainError | None = None


#: What a command builds on or gives the commands after it: ``("row", table, pk)`` (a
#: row it changed here, by the journal), ``("id", provisional id)``, ``("target", field,
#: id)`` (the object its id field names, ids rewritten).
Key = Hashable


@dataclass
class _Keys:
    """The journal's rows of each command and the id map, to tell what a command needs
    (builds on) and what it gives."""

    rows: dict[int, set[tuple[str, str]]]
    ids: dict[int, int]
    #: Each entry's command as JSON, made once.
    commands: dict[int, Any] = field(default_factory=dict)

    def command(self, entry: OutboxEntry) -> Any:
        found = self.commands.get(entry.seq)
        if found is None:
            found = self.commands[entry.seq] = entry.command_json
        return found

    def _common(self, entry: OutboxEntry) -> set[Key]:
        found: set[Key] = {("row", t, p) for t, p in self.rows.get(entry.seq, ())}
        command = rewrite_ids(self.command(entry), self.ids)
        if isinstance(command, dict):
            for name in TARGETS:
                value = command.get(name)
                if isinstance(value, int) and not isinstance(value, bool):
                    found.add(("target", name, value))
        return found

    def needs(self, entry: OutboxEntry) -> set[Key]:
        named = {("id", n) for n in provisional_ids(self.command(entry))}
        return self._common(entry) | named

    def gives(self, entry: OutboxEntry) -> set[Key]:
        made = {("id", n) for n in provisional_ids(entry.provisional_answer)}
        return self._common(entry) | made


@dataclass
class _Held:
    """What refused commands hold back, with the reason a command building on it gets."""

    reasons: dict[Key, str] = field(default_factory=dict)

    def hold(self, keys: Iterable[Key], message: str) -> None:
        reason = (
            message
            if message.startswith(DEPENDS_ON_REFUSED)
            else msg(BUILDS_ON_REFUSED, reason=message)
        )
        for key in keys:
            self.reasons.setdefault(key, reason)

    def reason(self, keys: Iterable[Key]) -> str | None:
        return next((self.reasons[k] for k in keys if k in self.reasons), None)


def _held_back(refused: list[OutboxEntry], keys: _Keys) -> _Held:
    """What the outbox's refused commands hold back: the rows they changed here while
    those are still in the replica (a pull takes them out once nothing queued is made
    on them), the objects they name meanwhile, and always the provisional ids they made
    (never given again)."""
    held = _Held()
    for entry in refused:
        message = entry.refusal_message or ""
        held.hold((("id", n) for n in provisional_ids(entry.provisional_answer)), message)
        if keys.rows.get(entry.seq):
            held.hold(keys.gives(entry), message)
    return held


def _recover_lost_ids(
    outbox: Outbox, entries: list[OutboxEntry], refused: list[OutboxEntry], keys: _Keys
) -> None:
    """The provisional ids queued commands name that no command still to be answered
    makes and the id map lacks: an answered command made them, so the outbox's answers
    give their server ids again (``Outbox.recover_ids``). Without this such a command
    would wait for ever (seen: an id map without the row of an answered create)."""
    named = {n for entry in entries for n in provisional_ids(keys.command(entry))}
    lost = named - keys.ids.keys()
    if not lost:
        return
    for entry in (*entries, *refused):  # what a command still to be answered makes
        made = set(provisional_ids(entry.provisional_answer))
        lost -= made - set(provisional_ids(keys.command(entry)))
    if not lost:
        return
    found = outbox.recover_ids(lost)
    if found:
        log.warning("Id map lacked %d answered ids, found again: %s", len(found), found)
        keys.ids.update(found)


def _refuse_dependants(
    outbox: Outbox, left: list[OutboxEntry], keys: _Keys, held: _Held, outcome: PushOutcome
) -> list[OutboxEntry]:
    """Refuse the commands of ``left`` that build on a refused one (in order: one that
    builds on such a command is refused too); the others, in order."""
    if not held.reasons:
        return left  # nothing refused: nothing builds on a refusal
    kept: list[OutboxEntry] = []
    refused: list[tuple[int, str, str]] = []
    for entry in left:
        reason = held.reason(keys.needs(entry))
        if reason is None:
            kept.append(entry)
            continue
        held.hold(keys.gives(entry), reason)
        refused.append((entry.seq, DEPENDANT_CODE, reason))
        outcome.refused[entry.seq] = Conflict(reason)
    if refused:
        outbox.record_answers([], refused)
    return kept


def _batch(
    entries: list[OutboxEntry], keys: _Keys, size: int
) -> tuple[list[tuple[OutboxEntry, Any]], list[OutboxEntry]]:
    """The next batch (entries with their rewritten commands) and what is left after it
    (in order).

    Provisional ids are given again once the rows that had them are the server's, so the
    id map may hold an old answer for an id a queued command made anew: a command is
    judged by the ids it names as made, never through the map alone. One that builds on
    an entry of this batch (names an id it makes, changed its rows, names its object)
    ends the batch (it goes once that answer is in); one naming an id nobody answers
    for waits, as does one building on a waiting entry."""
    batch: list[tuple[OutboxEntry, Any]] = []
    given: set[Key] = set()
    waits: set[Key] = set()
    for n, entry in enumerate(entries):
        needs = keys.needs(entry)
        if batch and (
            needs & given or entry.personnummer != batch[0][0].personnummer or len(batch) >= size
        ):
            return batch, entries[n:]
        command = rewrite_ids(keys.command(entry), keys.ids)
        if needs & waits or any(True for _ in provisional_ids(command)):
            waits.update(keys.gives(entry))
            continue
        batch.append((entry, command))
        given.update(keys.gives(entry))
    return batch, []


def push_outbox(
    outbox: Outbox,
    entries: list[OutboxEntry],
    caller: Caller,
    send: Callable[[Caller, list[PushCommand]], list[PushResult]],
    refusal_code: Callable[[DomainError], str | None],
    *,
    size: int = PUSH_BATCH,
) -> PushOutcome:
    """Push ``entries`` (queued, in order) through ``send`` in batches."""
    outcome = PushOutcome([], {}, [])
    keys = _Keys(outbox.object_rows(), outbox.id_map())
    kept_refused = outbox.entries((Status.REFUSED,))
    _recover_lost_ids(outbox, entries, kept_refused, keys)
    held = _held_back(kept_refused, keys)
    left = list(entries)
    while left:
        left = _refuse_dependants(outbox, left, keys, held, outcome)
        batch, _ = _batch(left, keys, size)
        if not batch:
            break
        sent = {entry.seq for entry, _ in batch}
        left = [e for e in left if e.seq not in sent]
        commands = [PushCommand(e.operation.name, e.command.key, c) for e, c in batch]
        try:
            with made_by(batch[0][0].personnummer):
                results = send(caller, commands)
            if len(results) != len(batch) or any(
                r.key != c.key for r, c in zip(results, commands, strict=True)
            ):
                raise UnexpectedAnswer(msg(NOT_UNDERSTOOD, status=200))
        except DomainError as exc:
            code = refusal_code(exc)
            if code is None:
                log.info("Push of %s… stopped: %s", batch[0][0].seq, exc.message)
                outcome.stopped = exc
                return outcome
            # The whole request refused (e.g. another maker): each command is.
            outbox.record_answers([], [(e.seq, code, exc.message) for e, _ in batch])
            outcome.refused.update({e.seq: exc for e, _ in batch})
            for entry, _ in batch:
                held.hold(keys.gives(entry), exc.message)
            continue
        acknowledged: list[tuple[int, Any, dict[int, int]]] = []
        refused: list[tuple[int, str, str]] = []
        for (entry, _), result in zip(batch, results, strict=True):
            if result.ok:
                found = matched_ids(entry.provisional_answer, result.answer)
                keys.ids.update(found)
                acknowledged.append((entry.seq, result.answer, found))
                outcome.sent.append(entry.seq)
            else:
                error = refusal_of(result.error) if result.error is not None else None
                code = refusal_code(error) if error is not None else None
                if error is None or code is None:
                    error = error or DomainError("")
                    code = "validation"
                refused.append((entry.seq, code, error.message))
                outcome.refused[entry.seq] = error
                held.hold(keys.gives(entry), error.message)
        outbox.record_answers(acknowledged, refused)
        # The ids just answered, checked against the stored answers before the next
        # batch and before the pull: a row made here whose id the map lacks at the pull
        # stays beside the server's, and an edit of either then conflicts with the other.
        _recover_lost_ids(outbox, left, kept_refused, keys)
    outcome.waiting = [e.seq for e in left]
    return outcome


__all__ = ["DEPENDANT_CODE", "DEPENDS_ON_REFUSED", "PUSH_BATCH", "PushOutcome", "push_outbox"]
