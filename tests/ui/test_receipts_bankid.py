"""*Kvittenser > Verifiera* for a receipt signed by real BankID (issue 10, item 4): the
signing service's trust anchor is a BankID root CA (here a throw-away one of
``tests/unit/signing/bankid_shaped.py``), a receipt whose signature and OCSP response
are in BankID's format verifies through the services, and the dialog shows what the
signature says; the same receipt with its signed data changed fails with the reason."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from kawebb_desktop.domain import audit_chain
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.entities import Receipt
from kawebb_desktop.services import build_services
from kawebb_desktop.services.api import Services
from kawebb_desktop.services.demo import SimulatedPhone
from kawebb_desktop.signing.simulator import BankIdSimulator
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.dialogs.receipt_dialog import FAILED, PASSED, ReceiptDialog
from kawebb_desktop.ui.main_window import MainWindow
from tests.conftest import ACTIVATION_DELAY, SESSION_IDLE
from tests.ui.conftest import Driver
from tests.ui.test_receipts import open_dialog, open_receipts
from tests.unit.signing.bankid_shaped import Pki, make_ocsp, make_pki, make_signature
from tests.unit.signing.test_bankid_signature import b64, rewritten


class _BankIdRoot:
    """The simulator (for logging in) with a BankID root CA as its ``ca_certificate``,
    as :class:`~kawebb_desktop.signing.bankid_rp.BankIdSigner` has."""

    def __init__(self, inner: BankIdSimulator, pki: Pki) -> None:
        self._inner = inner
        self.ca_certificate = pki.root.certificate

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@pytest.fixture(scope="module")
def bank() -> Pki:
    # Arvid Aronsson, who signed the demo's receipts of Dorotea kommun.
    return make_pki("196403269803", "Arvid", "Aronsson")


@pytest.fixture
def services(
    store: Store, simulator: BankIdSimulator, clock: FixedClock, phone: SimulatedPhone, bank: Pki
) -> Services:
    signer: Any = _BankIdRoot(simulator, bank)
    return build_services(
        store, signer, clock, ACTIVATION_DELAY, session_idle=SESSION_IDLE, demo_phone=phone
    )


def _store_signature(store: Store, receipt: Receipt, signature: str, ocsp_b64: str) -> None:
    """Give ``receipt`` BankID's signature and OCSP answer in the store, with its hash
    made anew (as the signing service would have stored it)."""
    changed = dataclasses.replace(receipt, signature=signature, ocsp_response=ocsp_b64)
    digest = audit_chain.receipt_hash(changed, receipt.chain_seq, receipt.prev_hash)
    engine = store.engine  # type: ignore[attr-defined]
    with engine.begin() as connection:
        for operation in ("update", "delete"):
            connection.execute(text(f"DROP TRIGGER IF EXISTS receipts_no_{operation}"))
        connection.execute(
            text(
                "UPDATE receipts SET signature = :signature, ocsp_response = :ocsp, "
                "hash = :hash WHERE id = :id"
            ),
            {"signature": signature, "ocsp": ocsp_b64, "hash": digest, "id": receipt.id},
        )


def _verify(qtbot: QtBot, dialog: ReceiptDialog) -> list[str]:
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.check is not None)
    return [dialog.checks.item(i).text() for i in range(dialog.checks.count())]


def test_a_real_bankid_receipt_verifies_and_a_changed_one_fails(
    qtbot: QtBot, driver: Driver, window: MainWindow, demo: Store, bank: Pki
) -> None:
    view = open_receipts(qtbot, driver, window)
    receipt = view.model.object_at(0)
    assert receipt.signer_name == "Arvid Aronsson"
    signature = make_signature(bank, receipt.summary, receipt.digest)
    _store_signature(demo, receipt, signature, make_ocsp(bank, signature, at=receipt.signed_at))
    view.reload()
    qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() > 0)

    dialog = open_dialog(qtbot, view)
    assert dialog.signed is not None and dialog.signed.relying_party == "Testkommunen"
    assert dialog.fields["Person enligt signaturen"].text() == "Arvid Aronsson"
    assert dialog.fields["Personnummer enligt signaturen"].text() == "19640326-9803"
    assert dialog.fields["Förlitande part enligt signaturen"].text() == "Testkommunen"
    assert dialog.fields["Enhet enligt signaturen"].text() == "IOS 17.4"
    texts = _verify(qtbot, dialog)
    assert dialog.check is not None and dialog.check.ok, texts
    assert all(t.startswith(f"{PASSED} – ") for t in texts), texts
    assert any("giltig BankID-signatur" in t for t in texts), texts
    assert "verifierad" in dialog.verdict.text()
    dialog.close()

    # The signed data changed after signing (and the receipt's hash made anew, so that
    # only the signature can tell).
    other_digest = "0" * len(receipt.digest)
    changed = rewritten(signature, b64(receipt.digest), b64(other_digest))
    _store_signature(demo, receipt, changed, make_ocsp(bank, changed, at=receipt.signed_at))
    view.reload()
    qtbot.waitUntil(lambda: not view.busy and view.model.rowCount() > 0)
    dialog = open_dialog(qtbot, view)
    texts = _verify(qtbot, dialog)
    assert dialog.check is not None and not dialog.check.ok
    assert "INTE" in dialog.verdict.text()
    failed = [t for t in texts if t.startswith(FAILED)]
    assert any("har ändrats efter signeringen" in t for t in failed), failed
