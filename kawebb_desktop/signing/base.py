"""The Signer protocol: BankID Relying Party API v6, in our own typed terms.

A signer starts *auth* (identify) or *sign* orders, answers *collect* with
pending/failed/complete and a hint code, and can *cancel*. The animated QR code's
content for second ``n`` is ``bankid.<qrStartToken>.<n>.<HMAC-SHA256(qrStartSecret, n)>``.

Two implementations: the built-in simulator (``signing/simulator.py``) and real BankID
over pybankid (``signing/bankid_rp.py``). Services only ever see this protocol.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kawebb_desktop.domain.errors import DomainError


class CollectStatus(StrEnum):
    PENDING = "pending"
    FAILED = "failed"
    COMPLETE = "complete"


class HintCode(StrEnum):
    """The hint codes of RP API v6 that the client reacts to."""

    # pending
    OUTSTANDING_TRANSACTION = "outstandingTransaction"
    NO_CLIENT = "noClient"
    STARTED = "started"
    USER_MRTD = "userMrtd"
    USER_CALL_CONFIRM = "userCallConfirm"
    USER_SIGN = "userSign"
    # failed
    EXPIRED_TRANSACTION = "expiredTransaction"
    CERTIFICATE_ERR = "certificateErr"
    USER_CANCEL = "userCancel"
    CANCELLED = "cancelled"
    START_FAILED = "startFailed"
    USER_DECLINED_CALL = "userDeclinedCall"
    NOT_SUPPORTED_BY_USER_APP = "notSupportedByUserApp"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class OrderStart:
    """What ``/auth`` and ``/sign`` answer."""

    order_ref: str
    auto_start_token: str
    qr_start_token: str
    qr_start_secret: str


@dataclass(frozen=True, slots=True)
class CompletedUser:
    personal_number: str
    name: str
    given_name: str
    surname: str


@dataclass(frozen=True, slots=True)
class Completion:
    """``completionData`` of a complete order."""

    user: CompletedUser
    device_ip: str
    bankid_issue_date: str
    #: Base64-encoded XML signature (the BankID signature of the order).
    signature: str
    #: Base64-encoded OCSP response for the user's certificate.
    ocsp_response: str


@dataclass(frozen=True, slots=True)
class CollectResult:
    order_ref: str
    status: CollectStatus
    hint_code: str | None = None
    completion: Completion | None = None


class SignerError(DomainError):
    """The BankID service refused a call (``errorCode``: invalidParameters,
    alreadyInProgress, notFound, internalError, maintenance, ...)."""

    def __init__(self, message: str, error_code: str) -> None:
        super().__init__(message)
        self.error_code = error_code


class Signer(Protocol):
    #: Shown to the user where it matters ("BankID (simulator)" vs "BankID").
    name: str

    def auth(self, end_user_ip: str) -> OrderStart: ...

    def sign(
        self,
        end_user_ip: str,
        user_visible_data: str,
        user_non_visible_data: str | None = None,
        personal_number: str | None = None,
    ) -> OrderStart:
        """Start a sign order. ``personal_number`` (12 digits) restricts who may sign."""
        ...

    def collect(self, order_ref: str) -> CollectResult: ...
    def cancel(self, order_ref: str) -> None: ...


#: How often a client should call collect (RP API guideline: every 2 seconds).
COLLECT_INTERVAL = dt.timedelta(seconds=2)


def qr_content(
    qr_start_token: str, qr_start_secret: str, started_at: dt.datetime, now: dt.datetime
) -> str:
    """The animated QR code's content at ``now`` for an order started at ``started_at``.

    The same formula as pybankid's ``generate_qr_code_content`` (a test holds them equal),
    but on the injected clock rather than wall-clock time, so it is deterministic.
    """
    seconds = int(max(0.0, (now - started_at).total_seconds()))
    code = hmac.new(qr_start_secret.encode(), str(seconds).encode(), hashlib.sha256)
    return f"bankid.{qr_start_token}.{seconds}.{code.hexdigest()}"
