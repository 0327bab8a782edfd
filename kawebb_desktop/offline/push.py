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
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.offline.outbox import (
    Outbox,
    OutboxEntry,
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


@dataclass
class PushOutcome:
    sent: list[int]
    refused: dict[int, DomainError]
    waiting: list[int]
    stopped: DomainError | None = None


def _batch(
    entries: list[OutboxEntry], ids: dict[int, int], size: int, lost: set[int]
) -> tuple[list[tuple[OutboxEntry, Any]], list[OutboxEntry]]:
    """The next batch (entries with their rewritten commands) and what is left after it
    (in order).

    Provisional ids are given again once the rows that had them are the server's, so the
    id map may hold an old answer for an id a queued command made anew: a command is
    judged by the ids it names as made, never through the map alone. One naming an id
    an entry of this batch makes ends the batch (it goes once that answer is in); one
    naming an id that a waiting entry, or a refused one of this push (``lost``), made
    waits, as does one naming an id nobody answers for."""
    batch: list[tuple[OutboxEntry, Any]] = []
    made: set[int] = set()
    waits = set(lost)
    for n, entry in enumerate(entries):
        named = set(provisional_ids(entry.command_json))
        if batch and (
            named & made or entry.personnummer != batch[0][0].personnummer or len(batch) >= size
        ):
            return batch, entries[n:]
        command = rewrite_ids(entry.command_json, ids)
        if named & waits or any(True for _ in provisional_ids(command)):
            waits.update(provisional_ids(entry.provisional_answer))
            continue
        batch.append((entry, command))
        made.update(provisional_ids(entry.provisional_answer))
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
    ids = outbox.id_map()
    lost: set[int] = set()  # provisional ids of this push's refused commands
    left = list(entries)
    while left:
        batch, _ = _batch(left, ids, size, lost)
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
                raise UnexpectedAnswer(NOT_UNDERSTOOD.format(status=200))
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
                lost.update(provisional_ids(entry.provisional_answer))
            continue
        acknowledged: list[tuple[int, Any, dict[int, int]]] = []
        refused: list[tuple[int, str, str]] = []
        for (entry, _), result in zip(batch, results, strict=True):
            if result.ok:
                found = matched_ids(entry.provisional_answer, result.answer)
                ids.update(found)
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
                lost.update(provisional_ids(entry.provisional_answer))
        outbox.record_answers(acknowledged, refused)
    outcome.waiting = [e.seq for e in left]
    return outcome


__all__ = ["PUSH_BATCH", "PushOutcome", "push_outbox"]
