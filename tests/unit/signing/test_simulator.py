"""The BankID simulator: RP API v6 behaviour on an injected clock, step by step."""

from __future__ import annotations

import base64
import datetime as dt
import threading
import types
from xml.etree import ElementTree as ET

import bankid.qr
import pytest
from cryptography import x509
from cryptography.x509 import ocsp
from cryptography.x509.oid import NameOID

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.errors import ValidationError
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.signing import proof
from kawebb_desktop.signing.base import (
    CollectResult,
    CollectStatus,
    OrderStart,
    Signer,
    SignerError,
    qr_content,
)
from kawebb_desktop.signing.messages import RFA_TEXTS
from kawebb_desktop.signing.simulator import (
    DEFAULT_IDENTITY,
    START_TIMEOUT,
    BankIdSimulator,
    Outcome,
    SimulatedPerson,
)
from tests.unit.signing.cas import other_ca
from tests.unit.signing.test_simulator_book import PlainBook

T0 = dt.datetime(2025, 3, 14, 9, 30, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)
IP = "192.0.2.10"
ANNA = SimulatedPerson("198112289874", "Anna", "Andersson")
BERTIL = SimulatedPerson("199001012385", "Bertil", "Berg")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture(params=["memory", "plain"])
def sim(request: pytest.FixtureRequest, clock: FixedClock) -> BankIdSimulator:
    """The simulator with its own MemoryOrderBook, and with a book of only the four
    protocol methods (as one over the database): both must behave the same."""
    book = None if request.param == "memory" else PlainBook()
    return BankIdSimulator(clock, identity=ANNA, book=book)


def states(sim: BankIdSimulator, clock: FixedClock, order_ref: str, seconds: int) -> list[str]:
    """Collect once a second for ``seconds`` seconds: "status/hint" at each step."""
    seen = []
    for _ in range(seconds + 1):
        result = sim.collect(order_ref)
        seen.append(f"{result.status}/{result.hint_code}")
        clock.advance(SECOND)
    return seen


def test_is_a_signer(sim: BankIdSimulator) -> None:
    signer: Signer = sim
    assert signer.name == "BankID (simulator)"


def test_order_start_is_four_uuids(sim: BankIdSimulator) -> None:
    start = sim.auth(IP)
    assert isinstance(start, OrderStart)
    values = [start.order_ref, start.auto_start_token, start.qr_start_token, start.qr_start_secret]
    assert len(set(values)) == 4
    for value in values:
        assert len(value) == 36
        assert value.count("-") == 4


# -- outcomes --------------------------------------------------------------------------


def test_approve_timeline(sim: BankIdSimulator, clock: FixedClock) -> None:
    order = sim.auth(IP)
    # approve_after = 3 s: outstandingTransaction for 1 s, userSign for 2 s, then complete.
    assert states(sim, clock, order.order_ref, 2) == [
        "pending/outstandingTransaction",
        "pending/userSign",
        "pending/userSign",
    ]
    result = sim.collect(order.order_ref)
    assert result.status is CollectStatus.COMPLETE
    assert result.hint_code is None
    assert result.order_ref == order.order_ref
    assert result.completion is not None


def test_timeline_scales_with_approve_after(clock: FixedClock) -> None:
    sim = BankIdSimulator(clock, approve_after=dt.timedelta(seconds=9))
    order = sim.auth(IP)
    seen = states(sim, clock, order.order_ref, 9)
    assert seen[:3] == ["pending/outstandingTransaction"] * 3
    assert seen[3:9] == ["pending/userSign"] * 6
    assert seen[9] == "complete/None"


def test_just_before_approve_after_is_still_pending(
    sim: BankIdSimulator, clock: FixedClock
) -> None:
    order = sim.auth(IP)
    clock.advance(dt.timedelta(seconds=3) - dt.timedelta(microseconds=1))
    assert sim.collect(order.order_ref).status is CollectStatus.PENDING
    clock.advance(dt.timedelta(microseconds=1))
    assert sim.collect(order.order_ref).status is CollectStatus.COMPLETE


@pytest.mark.parametrize(
    ("outcome", "hint"),
    [(Outcome.USER_CANCEL, "userCancel"), (Outcome.CERTIFICATE_ERR, "certificateErr")],
)
def test_failing_outcomes_follow_the_same_timeline(
    sim: BankIdSimulator, clock: FixedClock, outcome: Outcome, hint: str
) -> None:
    sim.script(outcome)
    order = sim.auth(IP)
    assert states(sim, clock, order.order_ref, 3) == [
        "pending/outstandingTransaction",
        "pending/userSign",
        "pending/userSign",
        f"failed/{hint}",
    ]


def test_expire(sim: BankIdSimulator, clock: FixedClock) -> None:
    sim.script(Outcome.EXPIRE)
    order = sim.auth(IP)
    for _ in range(90):  # every 2 s for the full three minutes
        result = sim.collect(order.order_ref)
        assert (result.status, result.hint_code) == (
            CollectStatus.PENDING,
            "outstandingTransaction",
        )
        clock.advance(2 * SECOND)
    assert clock.now() - T0 == dt.timedelta(minutes=3)
    result = sim.collect(order.order_ref)
    assert (result.status, result.hint_code) == (CollectStatus.FAILED, "expiredTransaction")


def test_start_failed(sim: BankIdSimulator, clock: FixedClock) -> None:
    sim.script(Outcome.START_FAILED)
    order = sim.auth(IP)
    seen = states(sim, clock, order.order_ref, 30)
    assert seen[:30] == ["pending/outstandingTransaction"] * 30
    assert seen[30] == "failed/startFailed"
    assert START_TIMEOUT == 30 * SECOND


def test_manual_waits_for_approve(sim: BankIdSimulator, clock: FixedClock) -> None:
    sim.script(Outcome.MANUAL)
    order = sim.auth(IP)
    assert states(sim, clock, order.order_ref, 60) == ["pending/outstandingTransaction"] * 61
    approved_at = clock.now()
    sim.approve(order.order_ref)
    clock.advance(5 * SECOND)
    result = sim.collect(order.order_ref)
    assert result.status is CollectStatus.COMPLETE
    assert result.completion is not None
    assert result.completion.user.personal_number == ANNA.personal_number
    signed = sim.read_signature(result.completion.signature)
    assert signed is not None
    assert signed.signed_at == approved_at.isoformat()


def test_manual_user_cancel(sim: BankIdSimulator, clock: FixedClock) -> None:
    sim.script(Outcome.MANUAL)
    order = sim.auth(IP)
    clock.advance(10 * SECOND)
    sim.user_cancel(order.order_ref)
    result = sim.collect(order.order_ref)
    assert (result.status, result.hint_code) == (CollectStatus.FAILED, "userCancel")


def test_manual_still_expires(sim: BankIdSimulator, clock: FixedClock) -> None:
    sim.script(Outcome.MANUAL)
    order = sim.auth(IP)
    clock.advance(dt.timedelta(minutes=3))
    result = sim.collect(order.order_ref)
    assert (result.status, result.hint_code) == (CollectStatus.FAILED, "expiredTransaction")
    with pytest.raises(ValueError):
        sim.approve(order.order_ref)


def test_approve_forces_an_automatic_order_early(sim: BankIdSimulator) -> None:
    order = sim.auth(IP)
    sim.approve(order.order_ref)
    assert sim.collect(order.order_ref).status is CollectStatus.COMPLETE


def test_approve_or_cancel_an_ended_order_is_refused(
    sim: BankIdSimulator, clock: FixedClock
) -> None:
    order = sim.auth(IP)
    clock.advance(3 * SECOND)
    with pytest.raises(ValueError):
        sim.user_cancel(order.order_ref)
    with pytest.raises(SignerError) as caught:
        sim.approve("no-such-order")
    assert caught.value.error_code == "notFound"


def test_outcome_later_than_lifetime_expires(clock: FixedClock) -> None:
    sim = BankIdSimulator(
        clock, approve_after=dt.timedelta(minutes=5), order_lifetime=dt.timedelta(minutes=3)
    )
    order = sim.auth(IP)
    clock.advance(dt.timedelta(minutes=3))
    result = sim.collect(order.order_ref)
    assert (result.status, result.hint_code) == (CollectStatus.FAILED, "expiredTransaction")


def test_start_failed_after_a_short_lifetime_is_expired(clock: FixedClock) -> None:
    sim = BankIdSimulator(clock, order_lifetime=dt.timedelta(seconds=20))
    sim.script(Outcome.START_FAILED)
    order = sim.auth(IP)
    clock.advance(dt.timedelta(seconds=40))
    assert sim.collect(order.order_ref).hint_code == "expiredTransaction"


def test_collect_late_sees_the_outcome_not_expiry(sim: BankIdSimulator, clock: FixedClock) -> None:
    """An order approved at 3 s stays complete even if first collected after 10 minutes."""
    order = sim.auth(IP)
    clock.advance(dt.timedelta(minutes=10))
    result = sim.collect(order.order_ref)
    assert result.status is CollectStatus.COMPLETE
    assert result.completion is not None
    signed = sim.read_signature(result.completion.signature)
    assert signed is not None
    assert signed.signed_at == (T0 + 3 * SECOND).isoformat()


def test_script_is_fifo_then_default(sim: BankIdSimulator, clock: FixedClock) -> None:
    sim.script(Outcome.USER_CANCEL, Outcome.CERTIFICATE_ERR)
    first, second, third = sim.auth(IP), sim.auth(IP), sim.auth(IP)
    clock.advance(3 * SECOND)
    assert sim.collect(first.order_ref).hint_code == "userCancel"
    assert sim.collect(second.order_ref).hint_code == "certificateErr"
    assert sim.collect(third.order_ref).status is CollectStatus.COMPLETE


def test_default_outcome_can_be_changed(sim: BankIdSimulator, clock: FixedClock) -> None:
    sim.default_outcome = Outcome.MANUAL
    order = sim.auth(IP)
    clock.advance(dt.timedelta(minutes=1))
    assert sim.collect(order.order_ref).status is CollectStatus.PENDING
    assert [o.order_ref for o in sim.pending_orders()] == [order.order_ref]


def test_final_result_is_stable(sim: BankIdSimulator, clock: FixedClock) -> None:
    order = sim.auth(IP)
    clock.advance(3 * SECOND)
    first = sim.collect(order.order_ref)
    sim.set_identity(BERTIL)
    clock.advance(dt.timedelta(hours=1))
    assert sim.collect(order.order_ref) == first

    sim.script(Outcome.USER_CANCEL)
    failed = sim.auth(IP)
    clock.advance(3 * SECOND)
    answer = sim.collect(failed.order_ref)
    clock.advance(dt.timedelta(hours=1))
    assert (
        sim.collect(failed.order_ref)
        == answer
        == CollectResult(failed.order_ref, CollectStatus.FAILED, "userCancel")
    )


# -- cancel and notFound -------------------------------------------------------------


def test_unknown_order_is_not_found(sim: BankIdSimulator) -> None:
    with pytest.raises(SignerError) as caught:
        sim.collect("6c3b1c2e-0000-4000-8000-000000000000")
    assert caught.value.error_code == "notFound"
    assert caught.value.message


def test_cancel_then_collect_is_not_found(sim: BankIdSimulator) -> None:
    order = sim.auth(IP)
    sim.cancel(order.order_ref)
    with pytest.raises(SignerError) as caught:
        sim.collect(order.order_ref)
    assert caught.value.error_code == "notFound"
    assert sim.pending_orders() == []


def test_cancel_unknown_or_twice_is_not_found(sim: BankIdSimulator) -> None:
    order = sim.auth(IP)
    sim.cancel(order.order_ref)
    for ref in (order.order_ref, "nope"):
        with pytest.raises(SignerError) as caught:
            sim.cancel(ref)
        assert caught.value.error_code == "notFound"


def test_user_cancel_of_cancelled_order_is_not_found(sim: BankIdSimulator) -> None:
    order = sim.auth(IP)
    sim.cancel(order.order_ref)
    with pytest.raises(SignerError) as caught:
        sim.user_cancel(order.order_ref)
    assert caught.value.error_code == "notFound"


# -- parameter validation -----------------------------------------------------------


@pytest.mark.parametrize("ip", ["", "localhost", "192.0.2", "300.1.1.1", "::g", " 192.0.2.1"])
def test_bad_end_user_ip(sim: BankIdSimulator, ip: str) -> None:
    with pytest.raises(SignerError) as caught:
        sim.auth(ip)
    assert caught.value.error_code == "invalidParameters"
    with pytest.raises(SignerError) as caught:
        sim.sign(ip, "Text")
    assert caught.value.error_code == "invalidParameters"


@pytest.mark.parametrize("ip", ["127.0.0.1", "2001:db8::1", "::1"])
def test_good_end_user_ip(sim: BankIdSimulator, ip: str) -> None:
    sim.auth(ip)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"user_visible_data": ""},
        {"user_visible_data": "x" * 30_001},  # 40 004 characters after base64
        {"user_visible_data": "ok", "user_non_visible_data": ""},
        {"user_visible_data": "ok", "user_non_visible_data": "x" * 150_001},
        {"user_visible_data": "ok", "personal_number": "8112289874"},
        {"user_visible_data": "ok", "personal_number": "19811228-9874"},
        {"user_visible_data": "ok", "personal_number": "1981122898745"},
        {"user_visible_data": "ok", "personal_number": "19811228987a"},
        {"user_visible_data": "ok", "personal_number": ""},
    ],
)
def test_bad_sign_parameters(sim: BankIdSimulator, kwargs: dict[str, str]) -> None:
    with pytest.raises(SignerError) as caught:
        sim.sign(IP, **kwargs)
    assert caught.value.error_code == "invalidParameters"
    assert caught.value.message  # Swedish, for the log and the developer
    assert sim.pending_orders() == []


def test_largest_allowed_user_data(sim: BankIdSimulator) -> None:
    visible = "x" * 30_000  # exactly 40 000 characters after base64
    hidden = "y" * 150_000  # exactly 200 000 after base64
    assert len(base64.b64encode(visible.encode())) == 40_000
    assert len(base64.b64encode(hidden.encode())) == 200_000
    sim.sign(IP, visible, hidden)


# -- alreadyInProgress ---------------------------------------------------------------


def test_already_in_progress(sim: BankIdSimulator, clock: FixedClock) -> None:
    first = sim.sign(IP, "Första", personal_number=BERTIL.personal_number)
    with pytest.raises(SignerError) as caught:
        sim.sign(IP, "Andra", personal_number=BERTIL.personal_number)
    assert caught.value.error_code == "alreadyInProgress"
    assert caught.value.message == RFA_TEXTS["RFA4"]
    # As BankID does, the order already in progress is aborted too.
    result = sim.collect(first.order_ref)
    assert (result.status, result.hint_code) == (CollectStatus.FAILED, "cancelled")
    # Nothing is pending any more, so a new order may start.
    again = sim.sign(IP, "Tredje", personal_number=BERTIL.personal_number)
    clock.advance(3 * SECOND)
    assert sim.collect(again.order_ref).status is CollectStatus.COMPLETE


def test_other_personal_numbers_and_ended_orders_do_not_block(
    sim: BankIdSimulator, clock: FixedClock
) -> None:
    sim.sign(IP, "Ett", personal_number=ANNA.personal_number)
    sim.sign(IP, "Två", personal_number=BERTIL.personal_number)
    sim.sign(IP, "Utan personnummer")
    sim.sign(IP, "Utan personnummer igen")
    clock.advance(3 * SECOND)
    sim.sign(IP, "Efter", personal_number=ANNA.personal_number)


# -- who completes ---------------------------------------------------------------------


def test_auth_completes_as_identity(sim: BankIdSimulator, clock: FixedClock) -> None:
    order = sim.auth(IP)
    clock.advance(3 * SECOND)
    completion = sim.collect(order.order_ref).completion
    assert completion is not None
    user = completion.user
    assert (user.personal_number, user.given_name, user.surname, user.name) == (
        ANNA.personal_number,
        "Anna",
        "Andersson",
        "Anna Andersson",
    )
    assert completion.device_ip == IP
    assert dt.date.fromisoformat(completion.bankid_issue_date) < T0.date()


def test_set_identity_changes_who_logs_in(sim: BankIdSimulator, clock: FixedClock) -> None:
    sim.set_identity(BERTIL)
    assert sim.identity == BERTIL
    order = sim.auth(IP)
    clock.advance(3 * SECOND)
    completion = sim.collect(order.order_ref).completion
    assert completion is not None
    assert completion.user.personal_number == BERTIL.personal_number


def test_default_identity_is_a_valid_personnummer(clock: FixedClock) -> None:
    Personnummer(DEFAULT_IDENTITY.personal_number)
    sim = BankIdSimulator(clock)
    order = sim.auth(IP)
    clock.advance(3 * SECOND)
    completion = sim.collect(order.order_ref).completion
    assert completion is not None
    assert completion.user.name == DEFAULT_IDENTITY.name == "Tolvan Tolvansson"


def test_sign_with_personal_number_uses_directory(clock: FixedClock) -> None:
    asked: list[str] = []

    def directory(number: str) -> SimulatedPerson | None:
        asked.append(number)
        return BERTIL if number == BERTIL.personal_number else None

    sim = BankIdSimulator(clock, identity=ANNA, directory=directory)
    order = sim.sign("2001:db8::7", "Ändringar", personal_number=BERTIL.personal_number)
    clock.advance(3 * SECOND)
    completion = sim.collect(order.order_ref).completion
    assert completion is not None
    assert completion.user.name == "Bertil Berg"
    assert completion.device_ip == "2001:db8::7"
    assert asked == [BERTIL.personal_number]


def test_sign_with_personal_number_falls_back(clock: FixedClock) -> None:
    sim = BankIdSimulator(clock, identity=ANNA, directory=lambda _: None)
    own = sim.sign(IP, "Ett", personal_number=ANNA.personal_number)
    other = sim.sign(IP, "Två", personal_number="200001012384")
    clock.advance(3 * SECOND)
    own_done = sim.collect(own.order_ref).completion
    other_done = sim.collect(other.order_ref).completion
    assert own_done is not None
    assert other_done is not None
    assert own_done.user.name == "Anna Andersson"
    assert other_done.user.personal_number == "200001012384"
    assert other_done.user.name == f"{other_done.user.given_name} {other_done.user.surname}"
    assert other_done.user.name  # a generic test name


def test_directory_refusing_the_number_falls_back(clock: FixedClock) -> None:
    def directory(number: str) -> SimulatedPerson | None:
        raise ValidationError("Ogiltigt personnummer.", "personnummer")

    sim = BankIdSimulator(clock, identity=ANNA, directory=directory)
    order = sim.sign(IP, "Text", personal_number="200001012385")
    clock.advance(3 * SECOND)
    completion = sim.collect(order.order_ref).completion
    assert completion is not None
    assert completion.user.personal_number == "200001012385"


def test_sign_without_personal_number_is_identity(sim: BankIdSimulator, clock: FixedClock) -> None:
    order = sim.sign(IP, "Ändringar")
    clock.advance(3 * SECOND)
    completion = sim.collect(order.order_ref).completion
    assert completion is not None
    assert completion.user.personal_number == ANNA.personal_number


def test_approve_with_person(sim: BankIdSimulator) -> None:
    sim.script(Outcome.MANUAL, Outcome.MANUAL)
    order = sim.auth(IP)
    sim.approve(order.order_ref, person=BERTIL)
    completion = sim.collect(order.order_ref).completion
    assert completion is not None
    assert completion.user.name == "Bertil Berg"
    restricted = sim.sign(IP, "Text", personal_number=ANNA.personal_number)
    with pytest.raises(ValueError):
        sim.approve(restricted.order_ref, person=BERTIL)


# -- the signature and OCSP data ----------------------------------------------------------


def _complete_sign(
    sim: BankIdSimulator, clock: FixedClock, visible: str, hidden: str | None
) -> str:
    order = sim.sign(IP, visible, hidden)
    clock.advance(3 * SECOND)
    completion = sim.collect(order.order_ref).completion
    assert completion is not None
    return completion.signature


def test_signature_is_an_xml_signature_with_the_data(
    sim: BankIdSimulator, clock: FixedClock
) -> None:
    visible = "Ändringar för Församlingen i Åre:\n- Ny kontaktperson"
    hidden = "3f1e" * 16
    signature = _complete_sign(sim, clock, visible, hidden)
    xml = base64.b64decode(signature).decode("utf-8")
    assert xml.startswith("<?xml")
    root = ET.fromstring(xml)
    assert root.tag == f"{{{proof.DS_NS}}}Signature"
    assert "inte en riktig BankID-signatur" in xml
    assert base64.b64encode(visible.encode()).decode() in xml
    assert base64.b64encode(hidden.encode()).decode() in xml
    assert "HMAC" not in xml
    assert sim.verify_signature(signature)
    read = sim.read_signature(signature)
    assert read is not None
    assert (read.user_visible_data, read.user_non_visible_data) == (visible, hidden)
    assert read.personal_number == ANNA.personal_number
    assert read.kind == "sign"


def test_signature_carries_the_persons_certificate_from_the_test_ca(
    sim: BankIdSimulator, clock: FixedClock
) -> None:
    signature = _complete_sign(sim, clock, "Text", "data")
    root = ET.fromstring(base64.b64decode(signature))
    ders = [base64.b64decode(e.text or "") for e in root.iter(f"{{{proof.DS_NS}}}X509Certificate")]
    leaf = x509.load_der_x509_certificate(ders[0])
    ca = proof.simulator_ca_certificate()
    leaf.verify_directly_issued_by(ca)
    serial = leaf.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value
    assert serial == ANNA.personal_number
    assert x509.load_der_x509_certificate(ders[1]) == ca


def test_signature_without_hidden_data(sim: BankIdSimulator, clock: FixedClock) -> None:
    signature = _complete_sign(sim, clock, "Text", None)
    assert sim.verify_signature(signature)
    read = sim.read_signature(signature)
    assert read is not None
    assert read.user_non_visible_data is None


def test_auth_signature_verifies(sim: BankIdSimulator, clock: FixedClock) -> None:
    order = sim.auth(IP)
    clock.advance(3 * SECOND)
    completion = sim.collect(order.order_ref).completion
    assert completion is not None
    assert sim.verify_signature(completion.signature)


def _tamper(signature: str, old: str, new: str) -> str:
    xml = base64.b64decode(signature).decode("utf-8")
    assert old in xml
    return base64.b64encode(xml.replace(old, new, 1).encode("utf-8")).decode("ascii")


def test_tampering_breaks_the_signature(sim: BankIdSimulator, clock: FixedClock) -> None:
    visible, hidden = "Belopp: 100 kr", "digest-aaaa"
    signature = _complete_sign(sim, clock, visible, hidden)

    def b64(text: str) -> str:
        return base64.b64encode(text.encode()).decode()

    tampered = [
        _tamper(signature, b64(visible), b64("Belopp: 900 kr")),
        _tamper(signature, b64(hidden), b64("digest-bbbb")),
        _tamper(signature, ANNA.personal_number, BERTIL.personal_number),
        _tamper(signature, "Anna Andersson", "Bertil Berg"),
        _tamper(signature, "<usrNonVisibleData>", "<extra>x</extra><usrNonVisibleData>"),
        _tamper(signature, "<signedAt>2025", "<signedAt>2024"),
        _tamper(signature, "<SignatureValue>", "<SignatureValue>AAAA"),
    ]
    for bad in tampered:
        assert not sim.verify_signature(bad)
    # Dropping the hidden data element changes what is signed, too.
    xml = base64.b64decode(signature).decode()
    start = xml.index("<usrNonVisibleData>")
    end = xml.index("</usrNonVisibleData>") + len("</usrNonVisibleData>")
    dropped = base64.b64encode((xml[:start] + xml[end:]).encode()).decode()
    assert not sim.verify_signature(dropped)


def test_signature_of_a_simulator_with_another_ca_fails(
    sim: BankIdSimulator, clock: FixedClock
) -> None:
    signature = _complete_sign(BankIdSimulator(clock, ca=other_ca()), clock, "Text", "data")
    assert not sim.verify_signature(signature)
    assert BankIdSimulator(clock, ca=other_ca()).verify_signature(signature)


def test_a_new_simulator_verifies_an_old_signature(clock: FixedClock) -> None:
    """No key of the process: a simulator made later verifies (see also test_proof)."""
    signature = _complete_sign(BankIdSimulator(clock), clock, "Text", "data")
    assert BankIdSimulator(FixedClock(T0 + dt.timedelta(days=400))).verify_signature(signature)


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "not base64!",
        base64.b64encode(b"\xff\xfe").decode(),
        base64.b64encode(b"<xml").decode(),
        base64.b64encode(b"<Other/>").decode(),
        base64.b64encode(b'<?xml version="1.0"?><a>b</a>').decode(),
        base64.b64encode(b'<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/>').decode(),
    ],
)
def test_junk_is_not_a_signature(sim: BankIdSimulator, junk: str) -> None:
    assert not sim.verify_signature(junk)
    assert sim.read_signature(junk) is None


def test_ocsp_response_is_the_test_cas_good_answer_for_the_signature(
    sim: BankIdSimulator, clock: FixedClock
) -> None:
    order = sim.auth(IP)
    clock.advance(3 * SECOND)
    completion = sim.collect(order.order_ref).completion
    assert completion is not None
    response = ocsp.load_der_ocsp_response(base64.b64decode(completion.ocsp_response))
    assert response.response_status is ocsp.OCSPResponseStatus.SUCCESSFUL
    assert response.certificate_status is ocsp.OCSPCertStatus.GOOD
    assert response.this_update_utc == T0 + 3 * SECOND
    ca = proof.simulator_ca_certificate()
    _data, leaf, value = proof.check_signature(completion.signature, ca)
    proof.check_ocsp(completion.ocsp_response, leaf, ca, value)


# -- QR code ------------------------------------------------------------------------------


@pytest.mark.parametrize("fraction", [0, 250_000, 999_999])
@pytest.mark.parametrize("elapsed", [0.0, 0.4, 1.0, 1.5, 7.0, 29.99, 179.5])
def test_qr_content_matches_pybankid(
    monkeypatch: pytest.MonkeyPatch, fraction: int, elapsed: float
) -> None:
    started_at = T0.replace(microsecond=fraction)
    clock = FixedClock(started_at)
    start = BankIdSimulator(clock).auth(IP)
    now = started_at + dt.timedelta(seconds=elapsed)
    # pybankid reads the wall clock: pin it to the same instant as our clock.
    monkeypatch.setattr(bankid.qr, "time", types.SimpleNamespace(time=now.timestamp))
    expected = bankid.qr.generate_qr_code_content(
        start.qr_start_token, started_at, start.qr_start_secret
    )
    assert qr_content(start.qr_start_token, start.qr_start_secret, started_at, now) == expected
    assert expected.startswith(f"bankid.{start.qr_start_token}.{int(elapsed)}.")


#: BankID's published example (developers.bankid.com, "QR codes"): the start token and
#: secret of an order and the animated code's content at 0 and 1 seconds after start.
QR_START_TOKEN = "67df3917-fa0d-44e5-b327-edcc928297f8"
QR_START_SECRET = "d28db9a7-4cde-429e-a983-359be676944c"


@pytest.mark.parametrize(
    ("seconds", "auth_code"),
    [
        (0, "dc69358e712458a66a7525beef148ae8526b1c71610eff2c16cdffb4cdac9bf8"),
        (1, "949d559bf23403952a94d103e67743126381eda00f0b3cbddbf7c96b1adcbce2"),
    ],
)
def test_qr_content_matches_bankids_test_vectors(seconds: int, auth_code: str) -> None:
    now = T0 + dt.timedelta(seconds=seconds, milliseconds=700)  # whole seconds count
    assert (
        qr_content(QR_START_TOKEN, QR_START_SECRET, T0, now)
        == f"bankid.{QR_START_TOKEN}.{seconds}.{auth_code}"
    )


def test_order_snapshot_carries_qr_data(sim: BankIdSimulator, clock: FixedClock) -> None:
    start = sim.sign(IP, "Text", personal_number=BERTIL.personal_number)
    snap = sim.order(start.order_ref)
    assert (snap.qr_start_token, snap.qr_start_secret) == (
        start.qr_start_token,
        start.qr_start_secret,
    )
    assert snap.started_at == T0
    assert (snap.kind, snap.personal_number, snap.outcome) == (
        "sign",
        BERTIL.personal_number,
        Outcome.APPROVE,
    )


# -- construction and threads ------------------------------------------------------------


def test_bad_timings_are_refused(clock: FixedClock) -> None:
    with pytest.raises(ValueError):
        BankIdSimulator(clock, approve_after=-SECOND)
    with pytest.raises(ValueError):
        BankIdSimulator(clock, order_lifetime=dt.timedelta(0))


def test_concurrent_use(sim: BankIdSimulator, clock: FixedClock) -> None:
    refs: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(50):
                order = sim.sign(IP, "Text")
                refs.append(order.order_ref)
                sim.collect(order.order_ref)
                sim.pending_orders()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(refs)) == 200
    clock.advance(3 * SECOND)
    assert all(sim.collect(ref).status is CollectStatus.COMPLETE for ref in refs)
