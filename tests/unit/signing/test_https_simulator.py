"""The BankID RP API v6 simulator over HTTPS, spoken to by pybankid's own v6 client with
the generated certificates: every outcome, every error body, and TLS that refuses a
client without the RP certificate or one that does not trust the simulator's CA."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from bankid import exceptions as bankid_errors

from kawebb_desktop.signing.https_simulator import (
    SERVER_FILE,
    ensure_certificates,
)
from kawebb_desktop.signing.proof import check_signature, read_signed_data, simulator_ca
from tests.bankid_https import BankIdHttps, pybankid_client

PNR = "191212121212"
OTHER_PNR = "197810172424"


@pytest.fixture
def client(bankid_https: BankIdHttps):
    with pybankid_client(bankid_https) as client:
        yield client


def test_auth_is_pending_until_the_user_approves_then_complete_once(client, bankid_https):
    order = client.authenticate("127.0.0.1")
    assert set(order) == {"orderRef", "autoStartToken", "qrStartToken", "qrStartSecret"}
    ref = order["orderRef"]
    assert client.collect(ref) == {
        "orderRef": ref,
        "status": "pending",
        "hintCode": "outstandingTransaction",
    }
    bankid_https.act("approve", personnummer=OTHER_PNR, givenName="Anna", surname="Berg")

    done = client.collect(ref)
    assert done["status"] == "complete"
    data = done["completionData"]
    assert data["user"] == {
        "personalNumber": OTHER_PNR,
        "name": "Anna Berg",
        "givenName": "Anna",
        "surname": "Berg",
    }
    assert data["device"]["ipAddress"] == "127.0.0.1"
    assert data["bankIdIssueDate"]
    check_signature(data["signature"], simulator_ca().certificate)
    assert base64.b64decode(data["ocspResponse"])
    # BankID: an order's final answer is collected once.
    with pytest.raises(bankid_errors.InvalidParametersError):
        client.collect(ref)


def test_sign_carries_the_visible_and_hidden_data_into_the_signature(client, bankid_https):
    ref = client.sign(
        "127.0.0.1",
        "Jag godkänner ändringarna (åäö)",
        requirement={"personalNumber": PNR},
        user_non_visible_data="digest:abc123",
    )["orderRef"]
    bankid_https.act("approve", ref)

    data = client.collect(ref)["completionData"]
    assert data["user"]["personalNumber"] == PNR
    signed = read_signed_data(data["signature"])
    assert signed is not None
    assert signed.user_visible_data == "Jag godkänner ändringarna (åäö)"
    assert signed.user_non_visible_data == "digest:abc123"


def test_pending_hint_codes_follow_what_the_user_does(client, bankid_https):
    ref = client.authenticate("127.0.0.1")["orderRef"]
    hints = []
    for action in ("no_client", "started", "scan"):
        bankid_https.act(action, ref)
        hints.append(client.collect(ref)["hintCode"])
    assert hints == ["noClient", "started", "userSign"]


def test_hint_codes_change_over_time_on_the_simulators_timeline(client, bankid_https):
    bankid_https.control("next-outcome", {"outcome": "approve"})  # approve_after: 3 s
    ref = client.authenticate("127.0.0.1")["orderRef"]
    seen = [client.collect(ref)["hintCode"]]
    bankid_https.control("clock", {"advanceSeconds": 1.5})
    seen.append(client.collect(ref)["hintCode"])
    bankid_https.control("clock", {"advanceSeconds": 1.5})
    assert seen == ["outstandingTransaction", "userSign"]
    assert client.collect(ref)["status"] == "complete"
    # The next order has the server's default again: pending until the user acts.
    later = client.authenticate("127.0.0.1")["orderRef"]
    bankid_https.control("clock", {"advanceSeconds": 10})
    assert client.collect(later)["hintCode"] == "outstandingTransaction"


@pytest.mark.parametrize(
    ("action", "hint"),
    [
        ("cancel", "userCancel"),
        ("start_failed", "startFailed"),
        ("certificate_error", "certificateErr"),
    ],
)
def test_a_failure_of_the_user_is_collected_as_failed(client, bankid_https, action, hint):
    ref = client.authenticate("127.0.0.1")["orderRef"]
    bankid_https.act(action, ref)
    assert client.collect(ref) == {"orderRef": ref, "status": "failed", "hintCode": hint}


def test_a_user_who_never_scans_lets_the_order_expire(client, bankid_https):
    ref = client.authenticate("127.0.0.1")["orderRef"]
    bankid_https.act("never_scan", ref)
    assert bankid_https.control("clock", {"advanceSeconds": 170}).status_code == 200
    assert client.collect(ref)["hintCode"] == "outstandingTransaction"
    bankid_https.control("clock", {"advanceSeconds": 10})
    assert client.collect(ref) == {
        "orderRef": ref,
        "status": "failed",
        "hintCode": "expiredTransaction",
    }


def test_the_rp_cancels_and_the_order_is_gone(client):
    ref = client.authenticate("127.0.0.1")["orderRef"]
    assert client.cancel(ref) is True
    with pytest.raises(bankid_errors.InvalidParametersError) as error:
        client.collect(ref)
    assert error.value.json == {"errorCode": "invalidParameters", "details": "No such order"}
    with pytest.raises(bankid_errors.InvalidParametersError):
        client.cancel(ref)


def test_a_second_order_for_the_same_person_is_refused_and_aborts_the_first(client):
    first = client.sign("127.0.0.1", "Första", requirement={"personalNumber": PNR})
    with pytest.raises(bankid_errors.AlreadyInProgressError) as error:
        client.authenticate("127.0.0.1", requirement={"personalNumber": PNR})
    assert error.value.json["errorCode"] == "alreadyInProgress"
    assert client.collect(first["orderRef"])["hintCode"] == "cancelled"


@pytest.mark.parametrize(
    ("error_code", "exception"),
    [
        ("maintenance", bankid_errors.MaintenanceError),
        ("internalError", bankid_errors.InternalError),
    ],
)
def test_a_planned_error_answers_the_next_call_only(client, bankid_https, error_code, exception):
    ref = client.authenticate("127.0.0.1")["orderRef"]
    bankid_https.control("next-error", {"errorCode": error_code, "path": "collect"})
    client.authenticate("127.0.0.1")  # another route: not this one's error
    with pytest.raises(exception) as error:
        client.collect(ref)
    assert error.value.json["errorCode"] == error_code
    assert error.value.json["details"]
    assert client.collect(ref)["status"] == "pending"


def test_wrong_parameters_are_invalid_parameters(client, bankid_https):
    with pytest.raises(bankid_errors.InvalidParametersError):
        client.authenticate("not an address")
    with pytest.raises(bankid_errors.InvalidParametersError):
        client.sign("127.0.0.1", "x", requirement={"personalNumber": "12345"})
    with pytest.raises(bankid_errors.InvalidParametersError):
        client.collect("no-such-order")
    raw = client.client.post(bankid_https.url + "sign", json={"endUserIp": "127.0.0.1"})
    assert raw.status_code == 400
    assert raw.json()["errorCode"] == "invalidParameters"


def test_wrong_paths_methods_and_media_types_answer_as_bankid_does(client, bankid_https):
    wrong_path = client.client.post(bankid_https.url + "identify", json={})
    assert (wrong_path.status_code, wrong_path.json()["errorCode"]) == (404, "notFound")
    old_version = client.client.post(bankid_https.url.replace("v6.0", "v5.1") + "auth", json={})
    assert isinstance(bankid_errors.get_json_error_class(old_version), bankid_errors.NotFoundError)
    get = client.client.get(bankid_https.url + "collect")
    assert (get.status_code, get.json()["errorCode"]) == (405, "methodNotAllowed")
    charset = client.client.post(
        bankid_https.url + "auth",
        content=b'{"endUserIp": "127.0.0.1"}',
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert (charset.status_code, charset.json()["errorCode"]) == (415, "unsupportedMediaType")


def test_a_client_that_does_not_trust_the_ca_is_refused(bankid_https, tmp_path):
    other = ensure_certificates(tmp_path / "other")
    with (
        pybankid_client(bankid_https, ca=other.ca_cert) as client,
        pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        client.authenticate("127.0.0.1")


def test_a_client_without_the_rp_certificate_is_refused(bankid_https):
    with (
        pybankid_client(bankid_https, with_certificate=False) as client,
        pytest.raises(httpx.TransportError),
    ):
        client.authenticate("127.0.0.1")


def test_a_client_with_another_cas_certificate_is_refused(bankid_https, tmp_path):
    other = ensure_certificates(tmp_path / "other")
    context = bankid_https.files.client_context()
    context.load_cert_chain(str(other.rp_cert), str(other.rp_key))
    with httpx.Client(verify=context) as client, pytest.raises(httpx.TransportError):
        client.post(bankid_https.url + "auth", json={"endUserIp": "127.0.0.1"})


def test_a_slow_answer_times_the_client_out(bankid_https):
    bankid_https.control("next-delay", {"seconds": 0.6})
    with (
        pybankid_client(bankid_https, request_timeout=0.2) as client,
        pytest.raises(httpx.ReadTimeout),
    ):
        client.authenticate("127.0.0.1")


def test_the_certificates_are_made_once_and_reused(tmp_path):
    first = ensure_certificates(tmp_path)
    pem = first.rp_cert.read_bytes()
    assert oct(first.rp_key.stat().st_mode & 0o777) == "0o600"
    assert ensure_certificates(tmp_path).rp_cert.read_bytes() == pem
    assert ensure_certificates(tmp_path, ["kawebb.test"]).rp_cert.read_bytes() != pem


def test_the_command_line_serves_and_plays_the_user(tmp_path):
    state = tmp_path / "state"
    command = [sys.executable, "-m", "kawebb_desktop", "bankid-simulator"]
    server = subprocess.Popen(
        [*command, "--port", "0", "--state-dir", str(state)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        assert "lyssnar på https://127.0.0.1:" in first, (
            server.stderr.read() if server.stderr else ""
        )
        url = json.loads((state / SERVER_FILE).read_text())["url"]
        assert first.strip().endswith(url)
        files = ensure_certificates(state)
        server_info = BankIdHttps(url, files, api=None)  # type: ignore[arg-type]
        with pybankid_client(server_info) as client:
            ref = client.authenticate("127.0.0.1")["orderRef"]
            control = subprocess.run(
                [*command, "control", "approve", "--personnummer", PNR, "--state-dir", str(state)],
                capture_output=True,
                text=True,
                timeout=30,
            )
            assert control.returncode == 0, control.stderr
            assert json.loads(control.stdout) == {"orderRef": ref, "action": "approve"}
            assert client.collect(ref)["completionData"]["user"]["personalNumber"] == PNR
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout is not None:
            server.stdout.close()
        if server.stderr is not None:
            server.stderr.close()
    assert server.returncode == 0
    assert not (state / SERVER_FILE).exists()  # stopped by SIGTERM, it says it is gone


def test_the_control_command_says_when_no_simulator_runs(tmp_path: Path):
    from kawebb_desktop.cli import main

    assert main(["bankid-simulator", "control", "approve", "--state-dir", str(tmp_path)]) == 2
