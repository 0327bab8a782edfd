"""Sessions, idempotency records and the store's own facts (who made it, for what).

A session is what a completed BankID login turns into: an opaque token (kept only as
its SHA-256 hash) bound to one person. Every service call resolves it again, so the
caller's own word about who it is never counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from kawebb_desktop.domain.entities import Organisation, Person, User


def new_token() -> str:
    """A fresh opaque session token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the store keeps of a token: its SHA-256 (hex)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Session:
    id: int
    #: SHA-256 (hex) of the token; the token itself is never stored.
    token_hash: str
    person_id: int
    created_at: dt.datetime
    last_seen_at: dt.datetime
    revoked_at: dt.datetime | None = None
    #: The BankID login order that created it.
    order_ref: str = ""

    def is_live(self, now: dt.datetime, idle: dt.timedelta) -> bool:
        return self.revoked_at is None and now - self.last_seen_at <= idle


@dataclass(frozen=True, slots=True)
class IdempotencyRecord:
    """One write as it was answered: a retry with the same key gets the same answer."""

    #: The client's key; unique per person.
    key: str
    person_id: int
    #: SHA-256 of the canonical request (operation and arguments).
    request_hash: str
    #: The answer as canonical JSON (see services.codec).
    result: str
    created_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Resolved:
    """A session with what every call needs about its caller, read in one go: the person,
    and the organisation asked for with the person's authorization there (``None`` when
    either does not exist)."""

    session: Session
    person: Person
    organisation: Organisation | None
    user: User | None


#: store_meta key set by ``kawebb demo``: the BankID simulator may be used on this store.
META_DEMO = "demo"
