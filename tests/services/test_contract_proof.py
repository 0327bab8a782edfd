"""Contract: a receipt verifies through the service API (the *Verifiera* button), locally
and over the server, with no secret of the process that signed it."""

from __future__ import annotations

import pytest

from kawebb_desktop.domain import audit_chain
from kawebb_desktop.domain.errors import NotFound
from kawebb_desktop.services.api import CreateUser
from kawebb_desktop.signing.base import CollectStatus
from tests.services.backends import ARVID, ASELE, DOROTEA, MARTA, Backend, new_draft


def test_a_signed_receipt_verifies(backend: Backend) -> None:
    caller = backend.caller(ARVID, DOROTEA)
    backend.services.users.create_user(caller, CreateUser(new_draft(first="Bevis", last="Sson")))
    progress = backend.sign(caller)
    assert progress.status is CollectStatus.COMPLETE and progress.receipt is not None
    receipt = progress.receipt
    assert receipt.chain_seq > 0 and len(receipt.hash) == 64
    assert receipt.hash == audit_chain.hash_of(receipt)

    result = backend.services.signing.verify_receipt(caller, receipt.id)
    assert result.receipt_id == receipt.id
    assert result.ok, [c.message for c in result.failures]
    assert [c.name for c in result.checks] == [
        "signatur",
        "signerad data",
        "dokument",
        "ocsp",
        "kedja",
    ]
    # In the list of receipts it is the same receipt.
    listed = backend.services.signing.receipts(caller, 0, 50).items
    assert receipt in listed


def test_a_receipt_of_another_organisation_does_not_exist(backend: Backend) -> None:
    dorotea = backend.caller(ARVID, DOROTEA)
    backend.services.users.create_user(dorotea, CreateUser(new_draft(first="Egen", last="Org")))
    progress = backend.sign(dorotea)
    assert progress.receipt is not None
    asele = backend.caller(MARTA, ASELE)
    with pytest.raises(NotFound, match="Kvittensen finns inte"):
        backend.services.signing.verify_receipt(asele, progress.receipt.id)
    with pytest.raises(NotFound):
        backend.services.signing.verify_receipt(dorotea, 2_000_000_000)


def test_receipts_are_searched_by_number_and_signer(backend: Backend) -> None:
    caller = backend.caller(ARVID, DOROTEA)
    backend.services.users.create_user(caller, CreateUser(new_draft(first="Sökbar", last="Kvitto")))
    progress = backend.sign(caller)
    assert progress.receipt is not None
    signing = backend.services.signing
    by_number = signing.receipts(caller, 0, 5, str(progress.receipt.id))
    assert by_number.total == 1 and by_number.items[0].id == progress.receipt.id
    by_text = signing.receipts(caller, 0, 50, "aronsson sökbar").items
    assert [r.id for r in by_text] == [progress.receipt.id]
