"""The built-in BankID simulator: a :class:`~kawebb_desktop.signing.base.Signer` that
needs no certificate, no network and no phone.

It answers like BankID's Relying Party API v6 — the same parameter checks, order
lifecycle, hint codes and ``errorCode`` values — so that the signing and login flows,
their messages and their receipts can be exercised end to end in the demo and in tests.
Its signature and OCSP data are the same kind of data BankID returns (an XML signature
made with the person's certificate, and an OCSP response for that certificate), made
with the simulator's *test CA*, which ships with the app (``signing/proof.py``): they
verify in any process, at any later time, against that CA's certificate alone. Nothing
it produces is a real signature: the test CA's key is public, and the signed data says
so in plain text.

Time comes only from the injected :class:`~kawebb_desktop.domain.clock.Clock`. Nothing
sleeps and nothing runs in the background: the state of an order is worked out from the
clock whenever it is asked for, and frozen once it is final.

Timeline of an order started at ``t0`` (``A`` = ``approve_after``, ``L`` =
``order_lifetime``):

``APPROVE``, ``USER_CANCEL``, ``CERTIFICATE_ERR``
    pending/outstandingTransaction on ``[t0, t0 + A/3)`` (the user has not opened the
    app yet), pending/userSign on ``[t0 + A/3, t0 + A)`` (the app shows the order), then
    complete, failed/userCancel or failed/certificateErr from ``t0 + A`` on. The hint
    ``started`` is never produced: it belongs to BankID on file or card, and the
    simulated user has Mobile BankID and scans the QR code.
``EXPIRE``
    pending/outstandingTransaction until ``t0 + L``, then failed/expiredTransaction.
``START_FAILED``
    pending/outstandingTransaction until ``t0 + 30 s``, then failed/startFailed.
``MANUAL``
    pending/outstandingTransaction until the test calls :meth:`BankIdSimulator.approve`
    or :meth:`BankIdSimulator.user_cancel`.

Whatever the outcome, an order still pending at ``t0 + L`` fails with
expiredTransaction (an outcome due exactly at ``t0 + L`` comes too late).

A sign order with a personal number while another order for the same personal number
is pending is refused with ``alreadyInProgress``, and — as BankID does — the order
already in progress is aborted too: its next collect answers failed/cancelled.

Where the orders live
    Every order is kept in an :class:`OrderBook` as JSON text, read from it on every
    call and written back on every change (start, settling to a final state, approve,
    user_cancel, the alreadyInProgress abort; cancel deletes it). The default
    :class:`MemoryOrderBook` keeps them in this process. Give several simulators — in
    one process or, with a book over the database, in several server processes — the
    same book, the same clock and timings and they act as ONE BankID: an order started
    through one is collected, approved or cancelled through another (the signatures
    verify anywhere, against the test CA). The script queue (:meth:`BankIdSimulator.script`),
    :attr:`BankIdSimulator.default_outcome` and the identity stay per simulator: they
    apply where an order is started, respectively settled.

    The book is read and written without a transaction spanning the two, so two
    simulators settling the same order at the same instant both write; as settling is
    worked out from the clock, they write the same outcome (unless their identities
    differ), each with a valid signature (the OCSP response's ``producedAt`` is the
    wall-clock time, so the two may differ in that). Only a change racing a cancel may
    write the cancelled order back.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
import threading
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final, Protocol

from cryptography import x509

from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.signing.base import (
    CollectResult,
    CollectStatus,
    CompletedUser,
    Completion,
    HintCode,
    OrderStart,
    SignerError,
)
from kawebb_desktop.signing.messages import error_message
from kawebb_desktop.signing.proof import (
    Person,
    ProofError,
    SignedData,
    SimulatorCa,
    check_signature,
    make_signature,
    read_signed_data,
    simulator_ca,
)

#: How long the simulated BankID app waits to be started before ``startFailed``.
START_TIMEOUT: Final = dt.timedelta(seconds=30)
#: The limits of RP API v6, counted on the base64-encoded text as BankID counts them.
MAX_USER_VISIBLE_DATA: Final = 40_000
MAX_USER_NON_VISIBLE_DATA: Final = 200_000

_PERSONAL_NUMBER: Final = re.compile(r"\d{12}")


class Outcome(Enum):
    """What the simulated user does with an order (see the module's timeline)."""

    APPROVE = "approve"
    USER_CANCEL = "userCancel"
    EXPIRE = "expire"
    START_FAILED = "startFailed"
    CERTIFICATE_ERR = "certificateErr"
    MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class SimulatedPerson:
    """A test person with a simulated BankID."""

    personal_number: str
    given_name: str
    surname: str

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.surname}"


#: The simulated phone's owner unless told otherwise: Skatteverket's classic test
#: person "Tolvan Tolvansson" (a valid, never issued personnummer).
DEFAULT_IDENTITY: Final = SimulatedPerson("191212121212", "Tolvan", "Tolvansson")


@dataclass(frozen=True, slots=True)
class SimulatedOrder:
    """A snapshot of an order, for tests and for a demo's "simulated phone" panel."""

    order_ref: str
    kind: str  # "auth" or "sign"
    personal_number: str | None
    started_at: dt.datetime
    outcome: Outcome
    qr_start_token: str
    qr_start_secret: str
    user_visible_data: str | None


#: What a simulator signature says (see :meth:`BankIdSimulator.read_signature`): the
#: decoded ``bankIdSignedData``, the same record the verifier reads.
SimulatedSignature = SignedData


class OrderBook(Protocol):
    """Where a :class:`BankIdSimulator` keeps its orders, each as JSON text.

    The simulator holds its own lock around every call; a book shared by several
    simulators (or processes) must make each single call safe on its own.
    """

    def get(self, order_ref: str) -> str | None:
        """The order as JSON text, or ``None`` if unknown (or deleted)."""
        ...

    def put(self, order_ref: str, personal_number: str | None, data: str) -> None:
        """Insert or replace the order (``personal_number`` as in the order, if any)."""
        ...

    def delete(self, order_ref: str) -> None:
        """Forget the order; no error if it is unknown."""
        ...

    def with_personal_number(self, personal_number: str) -> list[str]:
        """Every stored order with that personal number as JSON text, oldest first."""
        ...


class MemoryOrderBook:
    """An :class:`OrderBook` in this process's memory (the default).

    Besides the four methods of the protocol it has :meth:`all`, which
    :meth:`BankIdSimulator.pending_orders` uses to list the orders of every simulator
    sharing the book. Each call takes a lock of its own, so simulators on several
    threads may share one book.
    """

    def __init__(self) -> None:
        # order_ref → (personal_number, JSON); a dict keeps the first-insertion order.
        self._orders: dict[str, tuple[str | None, str]] = {}
        self._lock = threading.Lock()

    def get(self, order_ref: str) -> str | None:
        with self._lock:
            entry = self._orders.get(order_ref)
            return None if entry is None else entry[1]

    def put(self, order_ref: str, personal_number: str | None, data: str) -> None:
        with self._lock:
            self._orders[order_ref] = (personal_number, data)

    def delete(self, order_ref: str) -> None:
        with self._lock:
            self._orders.pop(order_ref, None)

    def with_personal_number(self, personal_number: str) -> list[str]:
        with self._lock:
            return [data for number, data in self._orders.values() if number == personal_number]

    def all(self) -> list[str]:
        """Every stored order as JSON text, oldest first."""
        with self._lock:
            return [data for _, data in self._orders.values()]


@dataclass(slots=True)
class _Decision:
    """How an order ends by itself or by approve/user_cancel: ``age`` after its start."""

    age: dt.timedelta
    hint_code: str | None  # None: complete
    person: SimulatedPerson | None = None


@dataclass(slots=True)
class _Order:
    order_ref: str
    kind: str
    end_user_ip: str
    user_visible_data: str | None
    user_non_visible_data: str | None
    personal_number: str | None
    started_at: dt.datetime
    outcome: Outcome
    start: OrderStart
    manual: _Decision | None = None
    final: CollectResult | None = None


class BankIdSimulator:
    """A BankID relying-party service and a user's phone, simulated in memory.

    ``identity`` is the person whose phone answers auth orders (the login) and sign
    orders without a personal number. A sign order with a personal number is signed by
    that person: ``directory`` gives the name, else ``identity`` if the numbers match,
    else a generic test name. The completing person is fixed when the order completes.

    The orders live in ``book`` (default: a new :class:`MemoryOrderBook`); simulators
    given the same book share them (see the module's "Where the orders live").

    Every method is safe to call from any thread (one lock guards the state). The
    ``directory`` is called with that lock held, so it must not call back into the
    simulator.
    """

    name = "BankID (simulator)"

    def __init__(
        self,
        clock: Clock,
        *,
        approve_after: dt.timedelta = dt.timedelta(seconds=3),
        order_lifetime: dt.timedelta = dt.timedelta(minutes=3),
        identity: SimulatedPerson | None = None,
        directory: Callable[[str], SimulatedPerson | None] | None = None,
        default_outcome: Outcome = Outcome.APPROVE,
        ca: SimulatorCa | None = None,
        book: OrderBook | None = None,
    ) -> None:
        """``ca`` issues the simulated people's certificates and signs the OCSP
        responses (default: the test CA that ships with the app, so that signatures
        verify in any process). ``book`` stores the orders (default: a
        :class:`MemoryOrderBook` of its own)."""
        if approve_after < dt.timedelta(0):
            raise ValueError("approve_after must not be negative")
        if order_lifetime <= dt.timedelta(0):
            raise ValueError("order_lifetime must be positive")
        self._clock = clock
        self._approve_after = approve_after
        self._order_lifetime = order_lifetime
        self._identity = identity or DEFAULT_IDENTITY
        self._directory = directory
        self.default_outcome = default_outcome
        self._ca = ca if ca is not None else simulator_ca()
        self._script: deque[Outcome] = deque()
        self._book: OrderBook = book if book is not None else MemoryOrderBook()
        # The orders started here and maybe still pending, oldest first, with their
        # start times: what pending_orders() lists when the book cannot list its orders.
        self._started: dict[str, dt.datetime] = {}
        self._lock = threading.Lock()

    # -- the Signer protocol -------------------------------------------------------

    def auth(self, end_user_ip: str, personal_number: str | None = None) -> OrderStart:
        """Start an identification (login) order. ``personal_number`` (12 digits; RP API
        v6's ``requirement.personalNumber``) restricts who may identify themselves."""
        _check_ip(end_user_ip)
        _check_personal_number(personal_number)
        return self._start("auth", end_user_ip, None, None, personal_number)

    def sign(
        self,
        end_user_ip: str,
        user_visible_data: str,
        user_non_visible_data: str | None = None,
        personal_number: str | None = None,
    ) -> OrderStart:
        """Start a sign order. ``personal_number`` (12 digits) restricts who may sign."""
        _check_ip(end_user_ip)
        if not isinstance(user_visible_data, str) or not user_visible_data:
            raise _invalid("Text att skriva under (userVisibleData) saknas.")
        if _b64_length(user_visible_data) > MAX_USER_VISIBLE_DATA:
            raise _invalid(
                "Texten att skriva under (userVisibleData) är för lång: högst "
                f"{MAX_USER_VISIBLE_DATA} tecken efter base64-kodning."
            )
        if user_non_visible_data is not None:
            if not isinstance(user_non_visible_data, str) or not user_non_visible_data:
                raise _invalid("Dold data (userNonVisibleData) får inte vara tom.")
            if _b64_length(user_non_visible_data) > MAX_USER_NON_VISIBLE_DATA:
                raise _invalid(
                    "Dold data (userNonVisibleData) är för lång: högst "
                    f"{MAX_USER_NON_VISIBLE_DATA} tecken efter base64-kodning."
                )
        _check_personal_number(personal_number)
        return self._start(
            "sign", end_user_ip, user_visible_data, user_non_visible_data, personal_number
        )

    def collect(self, order_ref: str) -> CollectResult:
        """The order's state now; a final state is answered again on every later call."""
        with self._lock:
            order = self._get(order_ref)
            return self._refresh(order, self._clock.now())

    def cancel(self, order_ref: str) -> None:
        """The relying party cancels the order; it is forgotten (collect → notFound)."""
        with self._lock:
            self._get(order_ref)
            self._book.delete(order_ref)
            self._started.pop(order_ref, None)

    # -- scripting ----------------------------------------------------------------

    def script(self, *outcomes: Outcome) -> None:
        """Queue outcomes for the next orders, first in first out. When the queue is
        empty, :attr:`default_outcome` applies."""
        with self._lock:
            self._script.extend(outcomes)

    def set_identity(self, person: SimulatedPerson) -> None:
        """Change whose phone answers auth orders (the demo's "pick a test person")."""
        with self._lock:
            self._identity = person

    @property
    def identity(self) -> SimulatedPerson:
        with self._lock:
            return self._identity

    def approve(self, order_ref: str, person: SimulatedPerson | None = None) -> None:
        """The user approves the order now (``person`` overrides who completes it).

        Raises ``SignerError`` (notFound) for an unknown or cancelled order and
        ``ValueError`` for an order that already ended or, for a sign order with a
        personal number, a ``person`` with another personal number.
        """
        with self._lock:
            order = self._pending(order_ref)
            if (
                person is not None
                and order.personal_number is not None
                and person.personal_number != order.personal_number
            ):
                raise ValueError("the order may only be signed by its personal number")
            now = self._clock.now()
            order.manual = _Decision(now - order.started_at, None, person)
            self._settle(order, now)
            self._put(order)

    def user_cancel(self, order_ref: str) -> None:
        """The user presses Avbryt in the app now (collect → failed/userCancel)."""
        self.fail(order_ref, HintCode.USER_CANCEL.value)

    def fail(self, order_ref: str, hint_code: str) -> None:
        """The order fails now with ``hint_code`` (userCancel, startFailed,
        certificateErr, ...); the same errors as :meth:`approve`."""
        with self._lock:
            order = self._pending(order_ref)
            now = self._clock.now()
            order.manual = _Decision(now - order.started_at, hint_code)
            self._settle(order, now)
            self._put(order)

    def never_scan(self, order_ref: str) -> None:
        """The user never opens the app: the order stays pending/outstandingTransaction
        until it expires (failed/expiredTransaction), whatever its outcome was."""
        with self._lock:
            order = self._pending(order_ref)
            order.outcome = Outcome.EXPIRE
            order.manual = None
            self._put(order)

    def pending_orders(self) -> list[SimulatedOrder]:
        """The orders still pending now, oldest first.

        An :class:`OrderBook` cannot list its orders, so this sees every order in the
        book only if the book has an ``all()`` method (as :class:`MemoryOrderBook`
        has); otherwise it sees only the orders started through this simulator.
        """
        with self._lock:
            now = self._clock.now()
            pending: list[SimulatedOrder] = []
            for order in self._listed():
                if self._refresh(order, now).status is CollectStatus.PENDING:
                    pending.append(_snapshot(order))
                else:
                    self._started.pop(order.order_ref, None)
            return pending

    def ended_at(self, order_ref: str) -> dt.datetime | None:
        """When the order completed or failed (``None`` while it is pending): BankID
        answers a final state only for a while after it (``SignerError`` notFound for an
        unknown order)."""
        with self._lock:
            order = self._get(order_ref)
            if self._refresh(order, self._clock.now()).status is CollectStatus.PENDING:
                return None
            decision = self._decision(order)
            if decision is not None and decision.age < self._order_lifetime:
                return order.started_at + decision.age
            return order.started_at + self._order_lifetime

    def order(self, order_ref: str) -> SimulatedOrder:
        """A snapshot of any known order (``SignerError`` notFound otherwise)."""
        with self._lock:
            return _snapshot(self._get(order_ref))

    # -- the simulated signature ----------------------------------------------------

    @property
    def ca_certificate(self) -> x509.Certificate:
        """The CA whose certificates sign this simulator's orders: what its receipts are
        verified against (``signing/proof.py``)."""
        return self._ca.certificate

    def verify_signature(self, signature_b64: str) -> bool:
        """Whether ``signature_b64`` is an unaltered signature made with this simulator's
        CA (by any simulator, in any process, at any time): see
        :func:`kawebb_desktop.signing.proof.check_signature`."""
        try:
            check_signature(signature_b64, self._ca.certificate)
        except ProofError:
            return False
        return True

    def read_signature(self, signature_b64: str) -> SimulatedSignature | None:
        """What a simulator signature says, decoded; ``None`` if it is not one.

        This does not check it: call :meth:`verify_signature` for that.
        """
        return read_signed_data(signature_b64)

    # -- internals ------------------------------------------------------------------

    def _start(
        self,
        kind: str,
        end_user_ip: str,
        user_visible_data: str | None,
        user_non_visible_data: str | None,
        personal_number: str | None,
    ) -> OrderStart:
        with self._lock:
            now = self._clock.now()
            if personal_number is not None:
                busy = [
                    order
                    for order in map(self._load, self._book.with_personal_number(personal_number))
                    if order.personal_number == personal_number
                    and self._refresh(order, now).status is CollectStatus.PENDING
                ]
                if busy:
                    for order in busy:
                        order.final = CollectResult(
                            order.order_ref, CollectStatus.FAILED, HintCode.CANCELLED.value
                        )
                        # Ended now (what ended_at() reports).
                        order.manual = _Decision(now - order.started_at, HintCode.CANCELLED.value)
                        self._put(order)
                    raise SignerError(error_message("alreadyInProgress"), "alreadyInProgress")
            outcome = self._script.popleft() if self._script else self.default_outcome
            start = OrderStart(
                order_ref=str(uuid.uuid4()),
                auto_start_token=str(uuid.uuid4()),
                qr_start_token=str(uuid.uuid4()),
                qr_start_secret=str(uuid.uuid4()),
            )
            order = _Order(
                order_ref=start.order_ref,
                kind=kind,
                end_user_ip=end_user_ip,
                user_visible_data=user_visible_data,
                user_non_visible_data=user_non_visible_data,
                personal_number=personal_number,
                started_at=now,
                outcome=outcome,
                start=start,
            )
            self._put(order)
            self._forget_expired(now)
            self._started[start.order_ref] = now
            return start

    def _get(self, order_ref: str) -> _Order:
        data = self._book.get(order_ref) if isinstance(order_ref, str) else None
        if data is None:
            raise SignerError(
                "BankID-ordern finns inte (okänd, avbruten eller för gammal).", "notFound"
            )
        return self._load(data)

    def _load(self, data: str) -> _Order:
        try:
            return _order_from_json(data)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SignerError(
                "BankID-simulatorns sparade order går inte att läsa.", "internalError"
            ) from exc

    def _put(self, order: _Order) -> None:
        self._book.put(order.order_ref, order.personal_number, _order_to_json(order))

    def _listed(self) -> list[_Order]:
        """The orders pending_orders() can see, oldest first (see there)."""
        every: Any = getattr(self._book, "all", None)
        if callable(every):
            return [self._load(data) for data in every()]
        orders: list[_Order] = []
        for order_ref in list(self._started):
            data = self._book.get(order_ref)
            if data is None:  # cancelled through another simulator
                del self._started[order_ref]
            else:
                orders.append(self._load(data))
        return orders

    def _forget_expired(self, now: dt.datetime) -> None:
        """Drop from ``_started`` the oldest orders, which have ended by now for sure."""
        while self._started:
            order_ref, started_at = next(iter(self._started.items()))
            if now - started_at < self._order_lifetime:
                break
            del self._started[order_ref]

    def _pending(self, order_ref: str) -> _Order:
        order = self._get(order_ref)
        if self._refresh(order, self._clock.now()).status is not CollectStatus.PENDING:
            raise ValueError(f"order {order_ref} has already ended")
        return order

    def _refresh(self, order: _Order, now: dt.datetime) -> CollectResult:
        """:meth:`_settle`, writing the order back if it has just become final."""
        was_final = order.final is not None
        result = self._settle(order, now)
        if not was_final and order.final is not None:
            self._put(order)
        return result

    def _decision(self, order: _Order) -> _Decision | None:
        """When and how the order ends by itself, or ``None`` for "never"."""
        if order.manual is not None:
            return order.manual
        outcome = order.outcome
        if outcome is Outcome.APPROVE:
            return _Decision(self._approve_after, None)
        if outcome is Outcome.USER_CANCEL:
            return _Decision(self._approve_after, HintCode.USER_CANCEL.value)
        if outcome is Outcome.CERTIFICATE_ERR:
            return _Decision(self._approve_after, HintCode.CERTIFICATE_ERR.value)
        if outcome is Outcome.START_FAILED:
            return _Decision(START_TIMEOUT, HintCode.START_FAILED.value)
        return None  # EXPIRE, MANUAL (until approved or cancelled)

    def _settle(self, order: _Order, now: dt.datetime) -> CollectResult:
        """The order's state at ``now``; a final state is stored and never changes."""
        if order.final is not None:
            return order.final
        age = now - order.started_at
        decision = self._decision(order)
        if decision is not None and decision.age < self._order_lifetime and age >= decision.age:
            ended_at = order.started_at + decision.age
            if decision.hint_code is None:
                person = decision.person or self._signer_of(order)
                order.final = CollectResult(
                    order.order_ref,
                    CollectStatus.COMPLETE,
                    completion=self._completion(order, person, ended_at),
                )
            else:
                order.final = CollectResult(
                    order.order_ref, CollectStatus.FAILED, decision.hint_code
                )
            return order.final
        if age >= self._order_lifetime:
            order.final = CollectResult(
                order.order_ref, CollectStatus.FAILED, HintCode.EXPIRED_TRANSACTION.value
            )
            return order.final
        hint = HintCode.OUTSTANDING_TRANSACTION
        if (
            order.manual is None
            and order.outcome in (Outcome.APPROVE, Outcome.USER_CANCEL, Outcome.CERTIFICATE_ERR)
            and age >= self._approve_after / 3
        ):
            hint = HintCode.USER_SIGN
        return CollectResult(order.order_ref, CollectStatus.PENDING, hint.value)

    def _signer_of(self, order: _Order) -> SimulatedPerson:
        number = order.personal_number
        if number is None:
            return self._identity
        if self._directory is not None:
            try:
                found = self._directory(number)
            except DomainError:  # e.g. the directory refuses a malformed personnummer
                found = None
            if found is not None:
                return found
        if self._identity.personal_number == number:
            return self._identity
        return SimulatedPerson(number, "Test", "Testsson")

    def _completion(
        self, order: _Order, person: SimulatedPerson, ended_at: dt.datetime
    ) -> Completion:
        issue_date = ended_at.date() - dt.timedelta(days=730)
        signature, ocsp_response = make_signature(
            self._ca,
            Person(person.personal_number, person.given_name, person.surname),
            order_ref=order.order_ref,
            kind=order.kind,
            signed_at=ended_at,
            issued_on=issue_date,
            user_visible_data=order.user_visible_data,
            user_non_visible_data=order.user_non_visible_data,
        )
        return Completion(
            user=CompletedUser(
                personal_number=person.personal_number,
                name=person.name,
                given_name=person.given_name,
                surname=person.surname,
            ),
            device_ip=order.end_user_ip,
            bankid_issue_date=issue_date.isoformat(),
            signature=signature,
            ocsp_response=ocsp_response,
        )


def _b64_length(text: str) -> int:
    """How long ``text`` is base64-encoded (as UTF-8), which is what BankID counts."""
    return 4 * ((len(text.encode("utf-8")) + 2) // 3)


def _snapshot(order: _Order) -> SimulatedOrder:
    return SimulatedOrder(
        order_ref=order.order_ref,
        kind=order.kind,
        personal_number=order.personal_number,
        started_at=order.started_at,
        outcome=order.outcome,
        qr_start_token=order.start.qr_start_token,
        qr_start_secret=order.start.qr_start_secret,
        user_visible_data=order.user_visible_data,
    )


# -- the JSON form of an order (what an OrderBook stores) ------------------------------

#: Bumped when the JSON form changes incompatibly.
_FORMAT: Final = 1
_MICROSECOND: Final = dt.timedelta(microseconds=1)


def _order_to_json(order: _Order) -> str:
    """The order as JSON text: datetimes as ISO 8601 with their offset, durations as
    whole microseconds, the outcome and statuses by their values."""
    start = order.start
    data = {
        "format": _FORMAT,
        "orderRef": order.order_ref,
        "kind": order.kind,
        "endUserIp": order.end_user_ip,
        "userVisibleData": order.user_visible_data,
        "userNonVisibleData": order.user_non_visible_data,
        "personalNumber": order.personal_number,
        "startedAt": order.started_at.isoformat(),
        "outcome": order.outcome.value,
        "start": {
            "orderRef": start.order_ref,
            "autoStartToken": start.auto_start_token,
            "qrStartToken": start.qr_start_token,
            "qrStartSecret": start.qr_start_secret,
        },
        "manual": None if order.manual is None else _decision_to_dict(order.manual),
        "final": None if order.final is None else _result_to_dict(order.final),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _order_from_json(text: str) -> _Order:
    """The order from :func:`_order_to_json`'s text (``ValueError``, ``KeyError`` or
    ``TypeError`` if it is not one)."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        raise ValueError("not a simulator order of a known format")
    started_at = dt.datetime.fromisoformat(_str(data["startedAt"]))
    if started_at.tzinfo is None:
        raise ValueError("startedAt has no time zone")
    start = data["start"]
    manual = data["manual"]
    final = data["final"]
    return _Order(
        order_ref=_str(data["orderRef"]),
        kind=_str(data["kind"]),
        end_user_ip=_str(data["endUserIp"]),
        user_visible_data=_opt_str(data["userVisibleData"]),
        user_non_visible_data=_opt_str(data["userNonVisibleData"]),
        personal_number=_opt_str(data["personalNumber"]),
        started_at=started_at,
        outcome=Outcome(data["outcome"]),
        start=OrderStart(
            order_ref=_str(start["orderRef"]),
            auto_start_token=_str(start["autoStartToken"]),
            qr_start_token=_str(start["qrStartToken"]),
            qr_start_secret=_str(start["qrStartSecret"]),
        ),
        manual=None if manual is None else _decision_from_dict(manual),
        final=None if final is None else _result_from_dict(final),
    )


def _person_to_dict(person: SimulatedPerson) -> dict[str, str]:
    return {
        "personalNumber": person.personal_number,
        "givenName": person.given_name,
        "surname": person.surname,
    }


def _person_from_dict(data: dict[str, Any]) -> SimulatedPerson:
    return SimulatedPerson(
        _str(data["personalNumber"]), _str(data["givenName"]), _str(data["surname"])
    )


def _decision_to_dict(decision: _Decision) -> dict[str, Any]:
    return {
        "ageMicroseconds": decision.age // _MICROSECOND,
        "hintCode": decision.hint_code,
        "person": None if decision.person is None else _person_to_dict(decision.person),
    }


def _decision_from_dict(data: dict[str, Any]) -> _Decision:
    micros = data["ageMicroseconds"]
    if not isinstance(micros, int) or isinstance(micros, bool):
        raise TypeError("ageMicroseconds is not an integer")
    person = data["person"]
    return _Decision(
        age=micros * _MICROSECOND,
        hint_code=_opt_str(data["hintCode"]),
        person=None if person is None else _person_from_dict(person),
    )


def _result_to_dict(result: CollectResult) -> dict[str, Any]:
    completion = result.completion
    done: dict[str, Any] | None = None
    if completion is not None:
        user = completion.user
        done = {
            "user": {
                "personalNumber": user.personal_number,
                "name": user.name,
                "givenName": user.given_name,
                "surname": user.surname,
            },
            "deviceIp": completion.device_ip,
            "bankIdIssueDate": completion.bankid_issue_date,
            "signature": completion.signature,
            "ocspResponse": completion.ocsp_response,
        }
    return {
        "orderRef": result.order_ref,
        "status": result.status.value,
        "hintCode": result.hint_code,
        "completion": done,
    }


def _result_from_dict(data: dict[str, Any]) -> CollectResult:
    done = data["completion"]
    completion: Completion | None = None
    if done is not None:
        user = done["user"]
        completion = Completion(
            user=CompletedUser(
                personal_number=_str(user["personalNumber"]),
                name=_str(user["name"]),
                given_name=_str(user["givenName"]),
                surname=_str(user["surname"]),
            ),
            device_ip=_str(done["deviceIp"]),
            bankid_issue_date=_str(done["bankIdIssueDate"]),
            signature=_str(done["signature"]),
            ocsp_response=_str(done["ocspResponse"]),
        )
    return CollectResult(
        order_ref=_str(data["orderRef"]),
        status=CollectStatus(data["status"]),
        hint_code=_opt_str(data["hintCode"]),
        completion=completion,
    )


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _opt_str(value: object) -> str | None:
    return None if value is None else _str(value)


def _check_ip(end_user_ip: str) -> None:
    try:
        ipaddress.ip_address(end_user_ip)
    except (ValueError, TypeError):
        raise _invalid("Användarens IP-adress (endUserIp) saknas eller är ogiltig.") from None


def _check_personal_number(personal_number: str | None) -> None:
    if personal_number is not None and (
        not isinstance(personal_number, str) or not _PERSONAL_NUMBER.fullmatch(personal_number)
    ):
        raise _invalid("Personnumret (personalNumber) ska bestå av 12 siffror.")


def _invalid(message: str) -> SignerError:
    return SignerError(message, "invalidParameters")
