"""The pybankid signer against the BankID RP API v6 simulator over real HTTPS (the
``bankid_https`` fixture, ``tests/bankid_https.py``): every outcome and fault of issue 10,
each with the RFA message the user gets. No HTTP is mocked here."""

from __future__ import annotations

import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bankid import exceptions as bankid_errors
from bankid.certutils import resolve_cert_path

from kawebb_desktop.signing.bankid_rp import (
    CONNECTION_FAILED,
    SERVER_CERTIFICATE,
    BankIdConfig,
    BankIdSigner,
    bankid_signer,
)
from kawebb_desktop.signing.base import CollectStatus, SignerError
from kawebb_desktop.signing.messages import RFA_TEXTS, user_message
from kawebb_desktop.signing.proof import read_signed_data
from tests.bankid_https import P12_PASSWORD, BankIdHttps, pybankid_client

IP = "192.0.2.7"
TOLVAN = "191212121212"


def owner_only(path: Path, text: str) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def signer(bankid_https: BankIdHttps, tmp_path: Path) -> Iterator[BankIdSigner]:
    """The signer as a municipality configures it: a .p12 and its password in a file
    only the service account may read, the simulator's CA and address."""
    config = BankIdConfig(
        cert=bankid_https.rp_p12,
        ca=bankid_https.ca_cert,
        url=bankid_https.url,
        password_file=owner_only(tmp_path / "bankid-password", P12_PASSWORD),
    )
    made = bankid_signer(config, keyring_get=None)
    yield made
    made.close()


def refusal(call: Callable[[], object]) -> SignerError:
    with pytest.raises(SignerError) as caught:
        call()
    return caught.value


def test_sign_completes_with_the_signature_of_what_was_shown(
    bankid_https: BankIdHttps, signer: BankIdSigner
) -> None:
    order = signer.sign(IP, "Jag godkänner ändringarna: åäö", "sha256:abc", TOLVAN)
    first = signer.collect(order.order_ref)
    assert (first.status, first.hint_code) == (CollectStatus.PENDING, "outstandingTransaction")
    assert user_message(first.status, first.hint_code, qr=True) == RFA_TEXTS["RFA1"]
    bankid_https.act("scan", order.order_ref)
    scanned = signer.collect(order.order_ref)
    assert user_message(scanned.status, scanned.hint_code, qr=True) == RFA_TEXTS["RFA9"]

    bankid_https.act("approve", order.order_ref, personnummer=TOLVAN)
    done = signer.collect(order.order_ref)

    assert done.status is CollectStatus.COMPLETE and done.completion is not None
    assert done.completion.user.personal_number == TOLVAN
    assert done.completion.device_ip and done.completion.bankid_issue_date
    signed = read_signed_data(done.completion.signature)
    assert signed is not None
    assert (signed.order_ref, signed.kind, signed.personal_number) == (
        order.order_ref,
        "sign",
        TOLVAN,
    )
    assert (signed.user_visible_data, signed.user_non_visible_data) == (
        "Jag godkänner ändringarna: åäö",
        "sha256:abc",
    )
    assert done.completion.ocsp_response


def test_auth_completes_with_the_person_from_bankid(
    bankid_https: BankIdHttps, signer: BankIdSigner
) -> None:
    order = signer.auth(IP)
    bankid_https.act("approve", order.order_ref, personnummer="198001019802")
    done = signer.collect(order.order_ref)
    assert done.completion is not None
    assert done.completion.user.personal_number == "198001019802"


@pytest.mark.parametrize(
    ("action", "hint", "rfa"),
    [
        ("cancel", "userCancel", "RFA6"),
        ("start_failed", "startFailed", "RFA17B"),
        ("certificate_error", "certificateErr", "RFA16"),
    ],
)
def test_the_user_failing_the_order_is_a_failed_collect_with_its_message(
    bankid_https: BankIdHttps, signer: BankIdSigner, action: str, hint: str, rfa: str
) -> None:
    order = signer.sign(IP, "Ändringar", "sha256:abc", TOLVAN)
    bankid_https.act(action, order.order_ref)
    result = signer.collect(order.order_ref)
    assert (result.status, result.hint_code, result.completion) == (
        CollectStatus.FAILED,
        hint,
        None,
    )
    assert user_message(result.status, result.hint_code, qr=True) == RFA_TEXTS[rfa]


def test_an_order_nobody_scans_expires(bankid_https: BankIdHttps, signer: BankIdSigner) -> None:
    order = signer.auth(IP)
    bankid_https.act("never_scan", order.order_ref)
    bankid_https.control("clock", {"advanceSeconds": 181})
    result = signer.collect(order.order_ref)
    assert (result.status, result.hint_code) == (CollectStatus.FAILED, "expiredTransaction")
    assert user_message(result.status, result.hint_code, qr=True) == RFA_TEXTS["RFA8"]


def test_cancel_ends_the_order_at_bankid(bankid_https: BankIdHttps, signer: BankIdSigner) -> None:
    order = signer.sign(IP, "Ändringar", None, TOLVAN)
    signer.cancel(order.order_ref)
    assert bankid_https.api.pending_orders() == []
    # BankID forgets a cancelled order: collecting it is a refused call.
    assert refusal(lambda: signer.collect(order.order_ref)).error_code == "invalidParameters"


def test_a_second_order_for_the_same_person_is_already_in_progress(
    signer: BankIdSigner,
) -> None:
    first = signer.sign(IP, "Ändringar", None, TOLVAN)
    error = refusal(lambda: signer.sign(IP, "Ändringar igen", None, TOLVAN))
    assert (error.error_code, error.message) == ("alreadyInProgress", RFA_TEXTS["RFA4"])
    # As BankID does, the order already in progress is aborted too.
    aborted = signer.collect(first.order_ref)
    assert (aborted.status, aborted.hint_code) == (CollectStatus.FAILED, "cancelled")


@pytest.mark.parametrize(
    ("error_code", "route", "rfa"),
    [
        ("maintenance", "auth", "RFA5"),
        ("internalError", "collect", "RFA5"),
        ("requestTimeout", "sign", "RFA5"),
    ],
)
def test_bankid_refusing_a_call_is_its_error_code_and_message(
    bankid_https: BankIdHttps, signer: BankIdSigner, error_code: str, route: str, rfa: str
) -> None:
    order = signer.sign(IP, "Ändringar", None, None)
    bankid_https.control("next-error", {"errorCode": error_code, "path": route})
    calls = {
        "auth": lambda: signer.auth(IP),
        "sign": lambda: signer.sign(IP, "Ändringar", None, None),
        "collect": lambda: signer.collect(order.order_ref),
    }
    error = refusal(calls[route])
    assert (error.error_code, error.message) == (error_code, RFA_TEXTS[rfa])
    # Once: the order is still there, pending, afterwards.
    assert signer.collect(order.order_ref).status is CollectStatus.PENDING


def test_a_call_bankid_does_not_answer_in_time_is_a_request_timeout(
    bankid_https: BankIdHttps, tmp_path: Path
) -> None:
    config = BankIdConfig(
        cert=bankid_https.rp_cert,
        key=bankid_https.rp_key,
        ca=bankid_https.ca_cert,
        url=bankid_https.url,
        timeout_seconds=0.2,
    )
    signer = bankid_signer(config, keyring_get=lambda service, account: None)
    try:
        bankid_https.control("next-delay", {"seconds": 0.6})
        error = refusal(lambda: signer.auth(IP))
        assert (error.error_code, error.message) == ("requestTimeout", RFA_TEXTS["RFA5"])
    finally:
        signer.close()


def test_a_server_certificate_from_another_ca_is_refused(bankid_https: BankIdHttps) -> None:
    config = BankIdConfig(
        cert=bankid_https.rp_cert,
        key=bankid_https.rp_key,
        ca=resolve_cert_path("appapi2.test.bankid.com.pem"),  # BankID's real test CA
        url=bankid_https.url,
    )
    signer = bankid_signer(config, keyring_get=lambda service, account: None)
    try:
        error = refusal(lambda: signer.auth(IP))
        assert (error.error_code, error.message) == (SERVER_CERTIFICATE, RFA_TEXTS["RFA5"])
        assert bankid_https.api.pending_orders() == []  # nothing reached the simulator
    finally:
        signer.close()


def test_bankid_out_of_reach_is_a_connection_failure(bankid_https: BankIdHttps) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = BankIdConfig(
        cert=bankid_https.rp_cert,
        key=bankid_https.rp_key,
        ca=bankid_https.ca_cert,
        url=f"https://127.0.0.1:{port}/rp/v6.0/",
    )
    signer = bankid_signer(config, keyring_get=lambda service, account: None)
    try:
        for call in (
            lambda: signer.auth(IP),
            lambda: signer.collect("x"),
            lambda: signer.cancel("x"),
        ):
            error = refusal(call)
            assert (error.error_code, error.message) == (CONNECTION_FAILED, RFA_TEXTS["RFA5"])
    finally:
        signer.close()


def test_an_rp_certificate_bankid_does_not_accept_is_refused_before_any_order(
    bankid_https: BankIdHttps,
) -> None:
    # BankID's public test certificate: fine for BankID's test service, not issued by the
    # simulator's CA, so the simulator ends the TLS handshake.
    signer = bankid_signer(
        BankIdConfig(ca=bankid_https.ca_cert, url=bankid_https.url), keyring_get=None
    )
    try:
        error = refusal(lambda: signer.auth(IP))
        assert (error.error_code, error.message) == (CONNECTION_FAILED, RFA_TEXTS["RFA5"])
        assert bankid_https.api.pending_orders() == []
    finally:
        signer.close()


# ---------------------------------------------------------------------- BankID's order rules
def test_an_order_collected_complete_or_failed_cannot_be_collected_again(
    bankid_https: BankIdHttps, signer: BankIdSigner
) -> None:
    """BankID: the final answer of an order is collected once; then invalidParameters."""
    complete = signer.sign(IP, "Ändringar", "sha256:abc", TOLVAN)
    bankid_https.act("approve", complete.order_ref, personnummer=TOLVAN)
    assert signer.collect(complete.order_ref).status is CollectStatus.COMPLETE
    again = refusal(lambda: signer.collect(complete.order_ref))
    assert again.error_code == "invalidParameters"

    failed = signer.auth(IP)
    bankid_https.act("cancel", failed.order_ref)
    assert signer.collect(failed.order_ref).status is CollectStatus.FAILED
    assert refusal(lambda: signer.collect(failed.order_ref)).error_code == "invalidParameters"


def test_an_unknown_order_ref_is_invalid_parameters_no_such_order(
    bankid_https: BankIdHttps, signer: BankIdSigner
) -> None:
    assert refusal(lambda: signer.collect(str(uuid.uuid4()))).error_code == "invalidParameters"
    assert refusal(lambda: signer.cancel(str(uuid.uuid4()))).error_code == "invalidParameters"
    # The body BankID sends, as pybankid's own client receives it.
    with (
        pybankid_client(bankid_https) as client,
        pytest.raises(bankid_errors.InvalidParametersError) as caught,
    ):
        client.collect(str(uuid.uuid4()))
    assert caught.value.json == {"errorCode": "invalidParameters", "details": "No such order"}


@pytest.mark.parametrize(
    ("action", "kept", "status"),
    [
        ("approve", 180, CollectStatus.COMPLETE),  # a completed order: 3 minutes
        ("cancel", 300, CollectStatus.FAILED),  # a failed one: 5 minutes
    ],
)
def test_an_order_that_ended_longer_ago_than_bankid_keeps_it_is_invalid_parameters(
    bankid_https: BankIdHttps,
    signer: BankIdSigner,
    action: str,
    kept: int,
    status: CollectStatus,
) -> None:
    young = signer.sign(IP, "Ändringar", None, None)
    bankid_https.act(action, young.order_ref)
    old = signer.sign(IP, "Ändringar", None, None)
    bankid_https.act(action, old.order_ref)
    bankid_https.control("clock", {"advanceSeconds": kept - 5})
    assert signer.collect(young.order_ref).status is status  # still in time
    bankid_https.control("clock", {"advanceSeconds": 6})
    assert refusal(lambda: signer.collect(old.order_ref)).error_code == "invalidParameters"


def test_an_order_that_expired_long_ago_is_invalid_parameters(
    bankid_https: BankIdHttps, signer: BankIdSigner
) -> None:
    """Never scanned: failed/expiredTransaction at 3 minutes, collectable 5 more."""
    order = signer.auth(IP)
    bankid_https.act("never_scan", order.order_ref)
    bankid_https.control("clock", {"advanceSeconds": 180 + 301})
    assert refusal(lambda: signer.collect(order.order_ref)).error_code == "invalidParameters"


def test_user_visible_data_longer_than_bankid_takes_is_invalid_parameters(
    bankid_https: BankIdHttps, signer: BankIdSigner
) -> None:
    """Counted in base64 characters: sign 40 000, auth 1 500 (each 3 bytes → 4)."""
    fits = "a" * 30_000  # 40 000 characters in base64
    assert signer.sign(IP, fits, None, None).order_ref
    error = refusal(lambda: signer.sign(IP, fits + "a", None, None))
    assert error.error_code == "invalidParameters"
    with pybankid_client(bankid_https) as client:
        assert client.authenticate(IP, user_visible_data="b" * 1_125)["orderRef"]
        with pytest.raises(bankid_errors.InvalidParametersError) as caught:
            client.authenticate(IP, user_visible_data="b" * 1_126)
        assert caught.value.json["errorCode"] == "invalidParameters"
    assert len(bankid_https.api.pending_orders()) == 2  # the two that fit
