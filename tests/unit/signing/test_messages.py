"""BankID's recommended Swedish user messages and which collect answer gets which."""

from __future__ import annotations

import pytest

from kawebb_desktop.signing.base import CollectStatus, HintCode
from kawebb_desktop.signing.messages import (
    COMPLETE_MESSAGE,
    RFA_TEXTS,
    error_message,
    error_rfa_code,
    rfa_code,
    user_message,
)

PENDING = CollectStatus.PENDING
FAILED = CollectStatus.FAILED

# (status, hintCode, code on this device, code with QR)
TABLE = [
    (PENDING, HintCode.OUTSTANDING_TRANSACTION, "RFA13", "RFA1"),
    (PENDING, HintCode.NO_CLIENT, "RFA1", "RFA1"),
    (PENDING, HintCode.STARTED, "RFA15A", "RFA15A"),
    (PENDING, HintCode.USER_MRTD, "RFA23", "RFA23"),
    (PENDING, HintCode.USER_CALL_CONFIRM, "RFA21", "RFA21"),
    (PENDING, HintCode.USER_SIGN, "RFA9", "RFA9"),
    (PENDING, HintCode.UNKNOWN, "RFA21", "RFA21"),
    (PENDING, "someFutureHint", "RFA21", "RFA21"),
    (PENDING, None, "RFA21", "RFA21"),
    (FAILED, HintCode.EXPIRED_TRANSACTION, "RFA8", "RFA8"),
    (FAILED, HintCode.CERTIFICATE_ERR, "RFA16", "RFA16"),
    (FAILED, HintCode.USER_CANCEL, "RFA6", "RFA6"),
    (FAILED, HintCode.CANCELLED, "RFA3", "RFA3"),
    (FAILED, HintCode.START_FAILED, "RFA17A", "RFA17B"),
    (FAILED, HintCode.USER_DECLINED_CALL, "RFA22", "RFA22"),
    (FAILED, HintCode.NOT_SUPPORTED_BY_USER_APP, "RFA22", "RFA22"),
    (FAILED, HintCode.UNKNOWN, "RFA22", "RFA22"),
    (FAILED, "someFutureHint", "RFA22", "RFA22"),
    (FAILED, None, "RFA22", "RFA22"),
]


@pytest.mark.parametrize(("status", "hint", "same_device", "with_qr"), TABLE)
def test_mapping(status: CollectStatus, hint: str | None, same_device: str, with_qr: str) -> None:
    assert rfa_code(status, hint, qr=False) == same_device
    assert rfa_code(status, hint, qr=True) == with_qr
    assert user_message(status, hint, qr=False) == RFA_TEXTS[same_device]
    assert user_message(status, hint, qr=True) == RFA_TEXTS[with_qr]


def test_every_hint_code_is_in_the_table_and_has_a_text() -> None:
    covered = {hint for _, hint, _, _ in TABLE}
    for hint in HintCode:
        assert hint in covered
        for status in (PENDING, FAILED):
            for qr in (False, True):
                assert user_message(status, hint, qr=qr) in RFA_TEXTS.values()


def test_plain_strings_work_like_enums() -> None:
    assert rfa_code("pending", "outstandingTransaction", qr=False) == "RFA13"
    assert rfa_code("failed", "startFailed", qr=True) == "RFA17B"
    assert user_message("failed", "userCancel", qr=True) == "Åtgärden avbruten."


def test_started_on_a_mobile_device() -> None:
    assert rfa_code(PENDING, HintCode.STARTED, qr=False, mobile=True) == "RFA15B"
    assert "den här enheten" in user_message(PENDING, "started", qr=False, mobile=True)
    assert "den här datorn" in user_message(PENDING, "started", qr=False)


def test_complete_has_no_rfa_code() -> None:
    assert rfa_code(CollectStatus.COMPLETE, None, qr=True) is None
    assert user_message(CollectStatus.COMPLETE, None, qr=False) == COMPLETE_MESSAGE


def test_known_texts() -> None:
    assert RFA_TEXTS["RFA1"] == "Starta BankID-appen."
    assert RFA_TEXTS["RFA6"] == "Åtgärden avbruten."
    assert RFA_TEXTS["RFA9"] == (
        "Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under."
    )
    assert RFA_TEXTS["RFA13"] == "Försöker starta BankID-appen."
    assert RFA_TEXTS["RFA21"] == "Identifiering eller underskrift pågår."
    assert RFA_TEXTS["RFA22"] == "Okänt fel. Försök igen."
    assert RFA_TEXTS["RFA17B"].startswith("Misslyckades att läsa av QR-koden.")
    assert "ID-handling" in RFA_TEXTS["RFA23"]


def test_texts_are_sentences() -> None:
    for code, text in RFA_TEXTS.items():
        assert text == text.strip(), code
        assert text[0].isupper(), code
        assert text.endswith((".", "?")), code
        assert "  " not in text, code


@pytest.mark.parametrize(
    ("error_code", "code"),
    [
        ("alreadyInProgress", "RFA4"),
        ("internalError", "RFA5"),
        ("maintenance", "RFA5"),
        ("requestTimeout", "RFA5"),
        ("invalidParameters", "RFA22"),
        ("notFound", "RFA22"),
        ("unauthorized", "RFA22"),
        ("somethingNew", "RFA22"),
    ],
)
def test_error_messages(error_code: str, code: str) -> None:
    assert error_rfa_code(error_code) == code
    assert error_message(error_code) == RFA_TEXTS[code]


def test_texts_cannot_be_changed() -> None:
    with pytest.raises(TypeError):
        RFA_TEXTS["RFA1"] = "x"  # type: ignore[index]
