"""The simulator's order book: several simulators sharing one book act as one BankID.

Two :class:`BankIdSimulator` instances over the same book and clock stand for two server
processes over one database: an order started through one is collected, approved or
cancelled through the other.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.signing.base import CollectStatus, SignerError
from kawebb_desktop.signing.simulator import (
    BankIdSimulator,
    MemoryOrderBook,
    OrderBook,
    Outcome,
    SimulatedPerson,
    _order_from_json,
    _order_to_json,
)
from tests.unit.signing.cas import other_ca

T0 = dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)
IP = "192.0.2.10"
ANNA = SimulatedPerson("198112289874", "Anna", "Andersson")
BERTIL = SimulatedPerson("199001012385", "Bertil", "Berg")


class PlainBook:
    """An order book with exactly the four methods of the protocol (no ``all()``), like
    the one over the database: the simulator must not need more."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[str | None, str]] = {}

    def get(self, order_ref: str) -> str | None:
        row = self.rows.get(order_ref)
        return None if row is None else row[1]

    def put(self, order_ref: str, personal_number: str | None, data: str) -> None:
        self.rows[order_ref] = (personal_number, data)

    def delete(self, order_ref: str) -> None:
        self.rows.pop(order_ref, None)

    def with_personal_number(self, personal_number: str) -> list[str]:
        return [data for number, data in self.rows.values() if number == personal_number]


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture(params=["memory", "plain"])
def book(request: pytest.FixtureRequest) -> OrderBook:
    return MemoryOrderBook() if request.param == "memory" else PlainBook()


@pytest.fixture
def a(clock: FixedClock, book: OrderBook) -> BankIdSimulator:
    return BankIdSimulator(clock, identity=ANNA, book=book)


@pytest.fixture
def b(clock: FixedClock, book: OrderBook) -> BankIdSimulator:
    return BankIdSimulator(clock, identity=BERTIL, book=book)


def test_books_satisfy_the_protocol() -> None:
    books: list[OrderBook] = [MemoryOrderBook(), PlainBook()]
    assert len(books) == 2


# -- two simulators, one BankID -----------------------------------------------------------


def test_start_on_a_collect_on_b(a: BankIdSimulator, b: BankIdSimulator, clock: FixedClock) -> None:
    order = a.auth(IP)
    seen = []
    for _ in range(4):
        result = b.collect(order.order_ref)
        seen.append(f"{result.status}/{result.hint_code}")
        clock.advance(SECOND)
    assert seen == [
        "pending/outstandingTransaction",
        "pending/userSign",
        "pending/userSign",
        "complete/None",
    ]
    # B settled it, so B's phone answered; A now reads the same frozen result.
    done = a.collect(order.order_ref)
    assert done == b.collect(order.order_ref)
    assert done.completion is not None
    assert done.completion.user.personal_number == BERTIL.personal_number


def test_approve_on_b_collect_on_a(
    a: BankIdSimulator, b: BankIdSimulator, clock: FixedClock
) -> None:
    a.script(Outcome.MANUAL)
    order = a.sign(IP, "Ändringar", personal_number=ANNA.personal_number)
    clock.advance(10 * SECOND)
    assert a.collect(order.order_ref).status is CollectStatus.PENDING
    b.approve(order.order_ref, person=ANNA)
    clock.advance(SECOND)
    result = a.collect(order.order_ref)
    assert result.status is CollectStatus.COMPLETE
    assert result.completion is not None
    assert result.completion.user.name == "Anna Andersson"
    signed = a.read_signature(result.completion.signature)
    assert signed is not None
    assert signed.signed_at == (T0 + 10 * SECOND).isoformat()
    assert signed.user_visible_data == "Ändringar"
    assert a.verify_signature(result.completion.signature)
    assert b.verify_signature(result.completion.signature)
    # It has ended for both.
    with pytest.raises(ValueError, match="already ended"):
        a.approve(order.order_ref)
    with pytest.raises(ValueError, match="already ended"):
        b.user_cancel(order.order_ref)


def test_user_cancel_on_b_is_seen_on_a(a: BankIdSimulator, b: BankIdSimulator) -> None:
    a.script(Outcome.MANUAL)
    order = a.auth(IP)
    b.user_cancel(order.order_ref)
    result = a.collect(order.order_ref)
    assert (result.status, result.hint_code) == (CollectStatus.FAILED, "userCancel")


def test_approve_on_b_uses_b_identity_without_person(
    a: BankIdSimulator, b: BankIdSimulator
) -> None:
    a.script(Outcome.MANUAL)
    order = a.auth(IP)
    b.approve(order.order_ref)
    completion = a.collect(order.order_ref).completion
    assert completion is not None
    assert completion.user.personal_number == BERTIL.personal_number


def test_cancel_on_a_is_not_found_on_b(a: BankIdSimulator, b: BankIdSimulator) -> None:
    order = a.auth(IP)
    assert b.collect(order.order_ref).status is CollectStatus.PENDING
    a.cancel(order.order_ref)
    for call in (b.collect, b.approve, b.user_cancel, b.cancel, b.order):
        with pytest.raises(SignerError) as caught:
            call(order.order_ref)
        assert caught.value.error_code == "notFound"
    assert a.pending_orders() == []
    assert b.pending_orders() == []


def test_already_in_progress_across_simulators(
    a: BankIdSimulator, b: BankIdSimulator, clock: FixedClock
) -> None:
    first = a.sign(IP, "Första", personal_number=BERTIL.personal_number)
    with pytest.raises(SignerError) as caught:
        b.sign(IP, "Andra", personal_number=BERTIL.personal_number)
    assert caught.value.error_code == "alreadyInProgress"
    # The order in progress was aborted through B; A sees it.
    result = a.collect(first.order_ref)
    assert (result.status, result.hint_code) == (CollectStatus.FAILED, "cancelled")
    # Nothing is pending now, so either may start a new one; then the other is refused.
    again = b.sign(IP, "Tredje", personal_number=BERTIL.personal_number)
    with pytest.raises(SignerError) as caught:
        a.sign(IP, "Fjärde", personal_number=BERTIL.personal_number)
    assert caught.value.error_code == "alreadyInProgress"
    assert b.collect(again.order_ref).hint_code == "cancelled"
    # Ended orders and other personal numbers do not block.
    a.sign(IP, "Femte", personal_number=ANNA.personal_number)
    b.sign(IP, "Sjätte", personal_number=BERTIL.personal_number)
    clock.advance(3 * SECOND)
    a.sign(IP, "Sjunde", personal_number=BERTIL.personal_number)


def test_order_snapshot_on_the_other_simulator(a: BankIdSimulator, b: BankIdSimulator) -> None:
    start = a.sign(IP, "Text", personal_number=BERTIL.personal_number)
    snap = b.order(start.order_ref)
    assert (snap.qr_start_token, snap.qr_start_secret) == (
        start.qr_start_token,
        start.qr_start_secret,
    )
    assert (snap.kind, snap.personal_number, snap.started_at) == (
        "sign",
        BERTIL.personal_number,
        T0,
    )
    assert snap.user_visible_data == "Text"


def test_script_and_identity_stay_per_simulator(
    a: BankIdSimulator, b: BankIdSimulator, clock: FixedClock
) -> None:
    b.script(Outcome.USER_CANCEL)
    from_a = a.auth(IP)  # A's queue is empty: the default outcome
    from_b = b.auth(IP)
    clock.advance(3 * SECOND)
    assert a.collect(from_a.order_ref).status is CollectStatus.COMPLETE
    assert a.collect(from_b.order_ref).hint_code == "userCancel"
    assert (a.identity, b.identity) == (ANNA, BERTIL)


# -- pending_orders -----------------------------------------------------------------------


def test_pending_orders_of_a_memory_book_list_every_simulator(clock: FixedClock) -> None:
    book = MemoryOrderBook()
    a = BankIdSimulator(clock, book=book)
    b = BankIdSimulator(clock, book=book)
    a.script(Outcome.MANUAL)
    first = a.auth(IP)
    clock.advance(SECOND)
    second = b.auth(IP)
    refs = [first.order_ref, second.order_ref]
    assert [o.order_ref for o in a.pending_orders()] == refs
    assert [o.order_ref for o in b.pending_orders()] == refs
    clock.advance(3 * SECOND)  # the second (automatic) order completes
    assert [o.order_ref for o in b.pending_orders()] == [first.order_ref]


def test_pending_orders_of_a_plain_book_list_own_orders_only(clock: FixedClock) -> None:
    book = PlainBook()
    a = BankIdSimulator(clock, book=book)
    b = BankIdSimulator(clock, book=book)
    a.script(Outcome.MANUAL, Outcome.MANUAL)
    first = a.auth(IP)
    second = a.auth(IP)
    other = b.auth(IP)
    assert [o.order_ref for o in a.pending_orders()] == [first.order_ref, second.order_ref]
    assert [o.order_ref for o in b.pending_orders()] == [other.order_ref]
    b.cancel(first.order_ref)  # cancelled through the other simulator
    b.approve(second.order_ref)
    assert a.pending_orders() == []


def test_plain_book_pending_orders_after_the_lifetime(clock: FixedClock) -> None:
    sim = BankIdSimulator(clock, book=PlainBook(), default_outcome=Outcome.MANUAL)
    old = sim.auth(IP)
    clock.advance(dt.timedelta(minutes=3))
    new = sim.auth(IP)
    assert [o.order_ref for o in sim.pending_orders()] == [new.order_ref]
    assert sim.collect(old.order_ref).hint_code == "expiredTransaction"


# -- what the book holds -------------------------------------------------------------------


def test_book_holds_json_with_iso_times(clock: FixedClock) -> None:
    book = PlainBook()
    sim = BankIdSimulator(clock, book=book)
    start = sim.sign(IP, "Åtta", "dold", personal_number=BERTIL.personal_number)
    number, text = book.rows[start.order_ref]
    assert number == BERTIL.personal_number
    data = json.loads(text)
    assert data["startedAt"] == "2025-03-14T09:30:00+00:00"
    assert data["outcome"] == "approve"
    assert data["final"] is None
    assert book.with_personal_number(BERTIL.personal_number) == [text]
    assert book.with_personal_number(ANNA.personal_number) == []


def test_a_final_state_is_written_back(clock: FixedClock) -> None:
    book = PlainBook()
    sim = BankIdSimulator(clock, book=book)
    start = sim.auth(IP)
    sim.collect(start.order_ref)
    assert json.loads(book.rows[start.order_ref][1])["final"] is None
    clock.advance(3 * SECOND)
    sim.collect(start.order_ref)
    final = json.loads(book.rows[start.order_ref][1])["final"]
    assert final["status"] == "complete"
    assert final["completion"]["user"]["personalNumber"] == "191212121212"


def test_completed_order_round_trips_through_json(clock: FixedClock) -> None:
    book = MemoryOrderBook()
    a = BankIdSimulator(clock, identity=ANNA, book=book)
    a.script(Outcome.MANUAL)
    start = a.sign(IP, "Ändringar för Åre", "3f1e" * 16, personal_number=ANNA.personal_number)
    clock.advance(dt.timedelta(seconds=7, microseconds=123))
    a.approve(start.order_ref, person=ANNA)
    done = a.collect(start.order_ref)
    assert done.completion is not None

    text = book.get(start.order_ref)
    assert text is not None
    order = _order_from_json(text)
    assert _order_to_json(order) == text
    assert order.final == done
    assert order.manual is not None
    assert order.manual.person == ANNA
    assert order.manual.age == dt.timedelta(seconds=7, microseconds=123)
    assert order.started_at == T0
    assert order.started_at.tzinfo is not None
    assert order.outcome is Outcome.MANUAL
    assert order.start == start

    # A simulator in "another process": a fresh book holding only that JSON text.
    other_book = MemoryOrderBook()
    other_book.put(start.order_ref, ANNA.personal_number, text)
    same = BankIdSimulator(clock, identity=BERTIL, book=other_book)
    again = same.collect(start.order_ref)
    assert again == done
    assert again.completion is not None
    assert same.verify_signature(again.completion.signature)
    assert a.verify_signature(again.completion.signature)
    # Any simulator verifies it against the shipped test CA; one with another CA does not.
    assert BankIdSimulator(clock, book=other_book).verify_signature(again.completion.signature)
    assert not BankIdSimulator(clock, ca=other_ca(), book=other_book).verify_signature(
        again.completion.signature
    )


@pytest.mark.parametrize(
    "outcome", [Outcome.USER_CANCEL, Outcome.EXPIRE, Outcome.START_FAILED, Outcome.APPROVE]
)
def test_every_state_round_trips(clock: FixedClock, outcome: Outcome) -> None:
    book = MemoryOrderBook()
    sim = BankIdSimulator(clock, book=book)
    sim.script(outcome)
    start = sim.auth(IP)
    for _ in range(4):
        text = book.get(start.order_ref)
        assert text is not None
        assert _order_to_json(_order_from_json(text)) == text
        sim.collect(start.order_ref)
        clock.advance(dt.timedelta(minutes=1))


@pytest.mark.parametrize("junk", ["", "not json", "[]", '{"format": 99}', '{"format": 1}', "null"])
def test_unreadable_order_is_an_internal_error(clock: FixedClock, junk: str) -> None:
    book = PlainBook()
    book.put("broken", None, junk)
    sim = BankIdSimulator(clock, book=book)
    with pytest.raises(SignerError) as caught:
        sim.collect("broken")
    assert caught.value.error_code == "internalError"


def test_unreadable_order_with_bad_field_types(clock: FixedClock) -> None:
    book = PlainBook()
    sim = BankIdSimulator(clock, book=book)
    start = sim.auth(IP)
    data = json.loads(book.rows[start.order_ref][1])
    for key, value in [("startedAt", "2025-03-14T09:30:00"), ("kind", 3), ("start", "x")]:
        bad = dict(data, **{key: value})
        book.put(start.order_ref, None, json.dumps(bad))
        with pytest.raises(SignerError) as caught:
            sim.collect(start.order_ref)
        assert caught.value.error_code == "internalError"


# -- MemoryOrderBook ---------------------------------------------------------------------


def test_memory_book() -> None:
    book = MemoryOrderBook()
    assert book.get("x") is None
    book.delete("x")  # no error
    book.put("a", "1", "A1")
    book.put("b", None, "B1")
    book.put("c", "1", "C1")
    book.put("a", "1", "A2")  # replacing keeps the place
    assert book.get("a") == "A2"
    assert book.with_personal_number("1") == ["A2", "C1"]
    assert book.with_personal_number("2") == []
    assert book.all() == ["A2", "B1", "C1"]
    book.delete("a")
    assert book.get("a") is None
    assert book.all() == ["B1", "C1"]
