"""BankID orders in flight, kept in the store so that no process memory is needed
between start and collect (a server instance may die; another picks up)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class OrderPurpose(StrEnum):
    LOGIN = "login"
    SIGN = "sign"


class OrderState(StrEnum):
    PENDING = "pending"
    COMPLETE = "complete"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class SigningOrder:
    order_ref: str
    purpose: OrderPurpose
    started_at: dt.datetime
    state: OrderState
    auto_start_token: str
    qr_start_token: str
    qr_start_secret: str
    organisation_id: int | None = None
    person_id: int | None = None
    #: SHA-256 of the change set being signed (sign orders only).
    digest: str | None = None
    summary: str = ""
    hint_code: str | None = None
    receipt_id: int | None = None
    #: Every state change is a compare-and-set on this version.
    version: int = 1
