"""The audit chain: audit entries and receipts linked by hashes, so that a change made
behind the app's back shows.

Every organisation has ONE chain; entries that belong to no organisation (a logout, a
refused login) have a chain of their own, number :data:`SYSTEM_CHAIN`. A chain is a
sequence of *links* numbered 1, 2, 3, … — audit entries and receipts in the order they
were written, sharing one numbering. Each link holds the hash of the link before it
(``prev_hash``; the first holds :data:`GENESIS`) and its own ``hash``: SHA-256 of a
canonical form of its fields, its number and ``prev_hash``. A receipt's ``prev_hash``
is thus the chain's head at the moment it was signed.

Why one chain per organisation rather than one for everything: an organisation's
administrators can have their own trail verified without reading anybody else's;
appends in different organisations never wait for one another (an append holds the
chain's head until its transaction ends); and one damaged row does not make every later
row of every municipality "unverifiable".

The store keeps the head (number and hash of the last link) of each chain and appends
under a lock on it; :func:`walk` checks a chain from its first link to the head and
names the first link that does not fit. Changing a link's content changes its hash;
recomputing that hash breaks the next link's ``prev_hash``; deleting a link leaves a
gap in the numbers, and deleting the last ones leaves the head pointing past the end.
Nothing here is secret: the chain proves that rows were not changed *without* the whole
tail being rewritten, and receipts (signed by BankID) anchor it.

The hashed form is version :data:`FORMAT`; migration 0005 keeps a frozen copy of it to
chain the rows that existed before, so it must never change. A new form gets a new
version number (and must keep verifying the old one).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from kawebb_desktop.domain.entities import AuditEntry, Receipt

#: ``prev_hash`` of a chain's first link.
GENESIS: Final = "0" * 64
#: The chain of audit entries that belong to no organisation.
SYSTEM_CHAIN: Final = 0
#: The version of the hashed form (part of every hash).
FORMAT: Final = 1

Link = AuditEntry | Receipt


def chain_of(organisation_id: int | None) -> int:
    """The chain an entry of ``organisation_id`` (or of none) belongs to."""
    return SYSTEM_CHAIN if organisation_id is None else organisation_id


def _time(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _hash(fields: dict[str, Any]) -> str:
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_hash(entry: AuditEntry, seq: int, prev_hash: str) -> str:
    """The hash of ``entry`` as link ``seq`` after ``prev_hash`` (its id is not hashed:
    the store assigns it after the hash is made)."""
    return _hash(
        {
            "v": FORMAT,
            "type": "audit",
            "chain": chain_of(entry.organisation_id),
            "seq": seq,
            "prev": prev_hash,
            "organisation_id": entry.organisation_id,
            "at": _time(entry.at),
            "actor_person_id": entry.actor_person_id,
            "actor_name": entry.actor_name,
            "action": entry.action,
            "details": entry.details,
        }
    )


def receipt_hash(receipt: Receipt, seq: int, prev_hash: str) -> str:
    """The hash of ``receipt`` as link ``seq`` after ``prev_hash``."""
    return _hash(
        {
            "v": FORMAT,
            "type": "receipt",
            "chain": receipt.organisation_id,
            "seq": seq,
            "prev": prev_hash,
            "organisation_id": receipt.organisation_id,
            "order_ref": receipt.order_ref,
            "signed_at": _time(receipt.signed_at),
            "signer_person_id": receipt.signer_person_id,
            "signer_name": receipt.signer_name,
            "signer_personnummer": receipt.signer_personnummer.value,
            "summary": receipt.summary,
            "document": receipt.document,
            "digest": receipt.digest,
            "signature": receipt.signature,
            "ocsp_response": receipt.ocsp_response,
            "change_count": receipt.change_count,
        }
    )


def seq_of(link: Link) -> int:
    return link.chain_seq if isinstance(link, Receipt) else link.seq


def hash_of(link: Link) -> str:
    """What the link's hash should be, from its stored fields."""
    if isinstance(link, Receipt):
        return receipt_hash(link, link.chain_seq, link.prev_hash)
    return entry_hash(link, link.seq, link.prev_hash)


def describe(link: Link) -> str:
    """How a message names a link: "kvittens 3" or "loggpost 17 (inloggning, …)"."""
    if isinstance(link, Receipt):
        return f"kvittens {link.id} (länk {link.chain_seq}, signerad {_local(link.signed_at)})"
    return f"loggpost {link.id} (länk {link.seq}, {link.action}, {_local(link.at)})"


def _local(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


@dataclass(frozen=True, slots=True)
class ChainHead:
    """The last link of a chain as the store keeps it: its number and hash."""

    chain_id: int
    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class ChainCheck:
    """What :func:`walk` found: ``ok``, how many links it checked, and a Swedish message
    (on failure it names the first link that does not fit)."""

    chain_id: int
    ok: bool
    links: int
    message: str
    #: The id of the first link that does not fit (``None`` when ok or when the fault is
    #: the head), and whether it is a receipt.
    failed_id: int | None = None
    failed_is_receipt: bool = False


def chain_name(chain_id: int) -> str:
    if chain_id == SYSTEM_CHAIN:
        return "kedjan för poster utan organisation"
    return f"organisation {chain_id}:s kedja"


def walk(chain_id: int, links: Iterable[Link], head: ChainHead | None) -> ChainCheck:
    """Check a chain: ``links`` in the order of their numbers (as stored), then the head.

    Stops at the first link that does not fit and names it.
    """
    name = chain_name(chain_id)
    expected_seq = 1
    prev_hash = GENESIS
    prev_name = ""
    count = 0

    def failed(link: Link, message: str) -> ChainCheck:
        return ChainCheck(
            chain_id,
            False,
            count,
            f"{name.capitalize()}: {message}",
            link.id,
            isinstance(link, Receipt),
        )

    for link in links:
        seq = seq_of(link)
        what = describe(link)
        if seq != expected_seq:
            if seq > expected_seq:
                missing = (
                    f"länk {expected_seq}"
                    if seq == expected_seq + 1
                    else f"länkarna {expected_seq}–{seq - 1}"
                )
                return failed(link, f"{missing} före {what} saknas (borttagna).")
            return failed(
                link,
                f"{what} har ingen egen plats i kedjan (den är tillagd utanför programmet "
                "eller har samma plats som en annan post).",
            )
        if link.prev_hash != prev_hash:
            before = prev_name or "kedjans början"
            return failed(
                link,
                f"{what} pekar inte på {before}: {before} har ändrats eller bytts ut.",
            )
        if hash_of(link) != link.hash:
            return failed(link, f"{what} har ändrats efter att den skrevs.")
        prev_hash, prev_name = link.hash, what
        expected_seq += 1
        count += 1
    if head is None:
        if count == 0:
            return ChainCheck(chain_id, True, 0, f"{name.capitalize()} är tom.")
        return ChainCheck(
            chain_id, False, count, f"{name.capitalize()}: kedjans huvud saknas (borttaget)."
        )
    if head.seq != count or head.hash != prev_hash:
        if head.seq > count:
            message = (
                f"kedjan slutar vid länk {count} men huvudet pekar på länk {head.seq}: "
                "de sista posterna har tagits bort."
            )
        else:
            message = (
                f"kedjans huvud (länk {head.seq}) stämmer inte med dess sista post "
                f"(länk {count}): huvudet eller de sista posterna har ändrats."
            )
        return ChainCheck(chain_id, False, count, f"{name.capitalize()}: {message}")
    held = "1 länk stämmer" if count == 1 else f"{count} länkar stämmer"
    return ChainCheck(chain_id, True, count, f"{name.capitalize()} är hel: {held}.")


# ------------------------------------------------------------------- receipt checks
@dataclass(frozen=True, slots=True)
class Check:
    """One check of a receipt: what was checked, whether it held, and a Swedish text."""

    name: str
    ok: bool
    message: str


@dataclass(frozen=True, slots=True)
class ReceiptCheck:
    """The result of verifying one receipt (``signing/proof.verify_receipt``)."""

    receipt_id: int
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.ok)


__all__ = [
    "FORMAT",
    "GENESIS",
    "SYSTEM_CHAIN",
    "ChainCheck",
    "ChainHead",
    "Check",
    "Link",
    "ReceiptCheck",
    "chain_name",
    "chain_of",
    "describe",
    "entry_hash",
    "hash_of",
    "receipt_hash",
    "seq_of",
    "walk",
]
