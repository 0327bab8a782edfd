"""Receipts that verify later (``signing/proof.py``) and the audit chain's walk
(``domain/audit_chain.py``): no secret of any process is needed, and every failed check
says why."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from kawebb_desktop.domain import audit_chain
from kawebb_desktop.domain.audit_chain import GENESIS, ChainHead, walk
from kawebb_desktop.domain.changes import canonical_json, digest_of
from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.entities import AuditEntry, Receipt
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services import codec
from kawebb_desktop.signing import proof
from kawebb_desktop.signing.simulator import BankIdSimulator, SimulatedPerson
from tests.unit.signing.cas import other_ca

T0 = dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)
ANNA = SimulatedPerson("198112289874", "Anna", "Andersson")
BERTIL = SimulatedPerson("199001012385", "Bertil", "Berg")
ROOT = Path(__file__).resolve().parents[3]


def signed_receipt(
    sim: BankIdSimulator | None = None,
    *,
    person: SimulatedPerson = ANNA,
    document: str | None = None,
    seq: int = 1,
    prev_hash: str = GENESIS,
) -> Receipt:
    """A receipt as the signing service makes one: BankID (the simulator) signed the
    summary and the document's SHA-256; the receipt is link ``seq`` of its chain."""
    clock = FixedClock(T0)
    sim = sim or BankIdSimulator(clock, identity=person)
    document = document or canonical_json({"changes": [{"id": 1, "namn": "Åsa Öberg"}]})
    digest = digest_of(document)
    summary = "Jag signerar följande ändringar av behörigheter för Åre kommun:\n• Ny: Åsa Öberg"
    order = sim.sign("127.0.0.1", summary, digest, personal_number=person.personal_number)
    sim.approve(order.order_ref, person=person)
    completion = sim.collect(order.order_ref).completion
    assert completion is not None
    receipt = Receipt(
        id=7,
        organisation_id=3,
        order_ref=order.order_ref,
        signed_at=T0 + dt.timedelta(seconds=4),
        signer_person_id=11,
        signer_name=person.name,
        signer_personnummer=Personnummer(person.personal_number),
        summary=summary,
        document=document,
        digest=digest,
        signature=completion.signature,
        ocsp_response=completion.ocsp_response,
        change_count=1,
    )
    return rechained(receipt, seq, prev_hash)


def rechained(receipt: Receipt, seq: int | None = None, prev_hash: str | None = None) -> Receipt:
    """``receipt`` with its chain fields made anew (as one who also rewrote the hash)."""
    seq = receipt.chain_seq if seq is None else seq
    prev = receipt.prev_hash if prev_hash is None else prev_hash
    return dataclasses.replace(
        receipt,
        chain_seq=seq,
        prev_hash=prev,
        hash=audit_chain.receipt_hash(receipt, seq, prev),
    )


def failed(check: audit_chain.ReceiptCheck) -> dict[str, str]:
    return {c.name: c.message for c in check.failures}


CA = proof.simulator_ca_certificate()


# ---------------------------------------------------------------------- receipts
def test_a_receipt_verifies_against_the_shipped_test_ca() -> None:
    receipt = signed_receipt()
    result = proof.verify_receipt(receipt, CA, GENESIS)
    assert result.ok, failed(result)
    assert [c.name for c in result.checks] == [
        "signatur",
        "signerad data",
        "dokument",
        "ocsp",
        "kedja",
    ]
    assert all(c.message for c in result.checks)


def test_a_receipt_verifies_in_a_brand_new_process(tmp_path: Path) -> None:
    """The restart: made here, checked by another Python process that has nothing of
    this one (no simulator, no key) but the receipt and the CA shipped with the app."""
    receipt = signed_receipt()
    saved = tmp_path / "receipt.json"
    saved.write_text(codec.dumps(receipt), encoding="utf-8")
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from kawebb_desktop.domain.audit_chain import GENESIS\n"
        "from kawebb_desktop.domain.entities import Receipt\n"
        "from kawebb_desktop.services import codec\n"
        "from kawebb_desktop.signing.proof import simulator_ca_certificate, verify_receipt\n"
        "receipt = codec.loads(Receipt, Path(sys.argv[1]).read_text(encoding='utf-8'))\n"
        "result = verify_receipt(receipt, simulator_ca_certificate(), GENESIS)\n"
        "print(json.dumps({'ok': result.ok, 'checks': [c.name for c in result.checks if c.ok]}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(saved)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer == {
        "ok": True,
        "checks": ["signatur", "signerad data", "dokument", "ocsp", "kedja"],
    }


def test_a_changed_document_fails_the_document_check() -> None:
    receipt = signed_receipt()
    changed = rechained(dataclasses.replace(receipt, document=receipt.document + " "))
    result = proof.verify_receipt(changed, CA, GENESIS)
    assert set(failed(result)) == {"dokument"}
    assert "ändrats" in failed(result)["dokument"]


def test_a_document_and_digest_changed_together_fail_against_the_signature() -> None:
    receipt = signed_receipt()
    document = canonical_json({"changes": [{"id": 1, "namn": "Mallory"}]})
    changed = rechained(dataclasses.replace(receipt, document=document, digest=digest_of(document)))
    result = proof.verify_receipt(changed, CA, GENESIS)
    assert set(failed(result)) == {"signerad data"}
    assert "Kontrollsumman" in failed(result)["signerad data"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"summary": "Jag signerar ingenting."}, "Texten"),
        ({"signer_personnummer": Personnummer(BERTIL.personal_number)}, "någon annan"),
    ],
)
def test_what_was_signed_must_be_the_receipts(change: dict[str, object], expected: str) -> None:
    changed = rechained(dataclasses.replace(signed_receipt(), **change))  # type: ignore[arg-type]
    result = proof.verify_receipt(changed, CA, GENESIS)
    assert set(failed(result)) == {"signerad data"}
    assert expected in failed(result)["signerad data"]


def test_a_signature_of_another_ca_fails() -> None:
    receipt = signed_receipt(BankIdSimulator(FixedClock(T0), identity=ANNA, ca=other_ca()))
    result = proof.verify_receipt(receipt, CA, GENESIS)
    assert "inte utfärdat av" in failed(result)["signatur"]
    assert set(failed(result)) == {"signatur", "signerad data", "ocsp"}
    # ... and verifies against its own CA.
    assert proof.verify_receipt(receipt, other_ca().certificate, GENESIS).ok


def test_a_forged_signature_value_fails() -> None:
    receipt = signed_receipt()
    xml = base64.b64decode(receipt.signature).decode()
    start = xml.index("<SignatureValue>") + len("<SignatureValue>")
    value = base64.b64decode(xml[start : xml.index("</SignatureValue>")])
    forged = base64.b64encode(bytes([value[0] ^ 1]) + value[1:]).decode()
    xml = xml[:start] + forged + xml[xml.index("</SignatureValue>") :]
    changed = rechained(
        dataclasses.replace(receipt, signature=base64.b64encode(xml.encode()).decode())
    )
    result = proof.verify_receipt(changed, CA, GENESIS)
    assert "Signaturvärdet" in failed(result)["signatur"]


def test_an_ocsp_response_of_another_signature_fails() -> None:
    receipt = signed_receipt()
    other = signed_receipt(document=canonical_json({"changes": []}))
    swapped = rechained(dataclasses.replace(receipt, ocsp_response=other.ocsp_response))
    result = proof.verify_receipt(swapped, CA, GENESIS)
    assert set(failed(result)) == {"ocsp"}
    assert "annan signatur" in failed(result)["ocsp"]


def test_an_ocsp_response_for_another_person_fails() -> None:
    receipt = signed_receipt()
    bertil = signed_receipt(person=BERTIL)
    swapped = rechained(dataclasses.replace(receipt, ocsp_response=bertil.ocsp_response))
    result = proof.verify_receipt(swapped, CA, GENESIS)
    assert "annat certifikat" in failed(result)["ocsp"]


def test_an_ocsp_response_of_another_ca_fails() -> None:
    receipt = signed_receipt()
    foreign = signed_receipt(BankIdSimulator(FixedClock(T0), identity=ANNA, ca=other_ca()))
    swapped = rechained(dataclasses.replace(receipt, ocsp_response=foreign.ocsp_response))
    result = proof.verify_receipt(swapped, CA, GENESIS)
    assert "inte utfärdat av" in failed(result)["ocsp"]


@pytest.mark.parametrize(
    ("signature", "ocsp"),
    [
        ("", ""),
        ("inte base64!", "inte base64!"),
        (base64.b64encode(b"<a/>").decode(), base64.b64encode(b"\x30\x03\x0a\x01\x00").decode()),
    ],
)
def test_junk_fails_every_crypto_check_without_crashing(signature: str, ocsp: str) -> None:
    receipt = rechained(
        dataclasses.replace(signed_receipt(), signature=signature, ocsp_response=ocsp)
    )
    result = proof.verify_receipt(receipt, CA, GENESIS)
    assert set(failed(result)) == {"signatur", "signerad data", "ocsp"}


def test_a_receipt_changed_without_its_hash_fails_the_chain_check() -> None:
    receipt = signed_receipt()
    changed = dataclasses.replace(receipt, signer_name="Någon Annan")
    result = proof.verify_receipt(changed, CA, GENESIS)
    assert failed(result) == {"kedja": "Kvittensen har ändrats efter att den sparades."}


def test_the_receipt_must_follow_the_link_before_it() -> None:
    receipt = signed_receipt(seq=5, prev_hash="a" * 64)
    assert proof.verify_receipt(receipt, CA, "a" * 64).ok
    assert "följer inte" in failed(proof.verify_receipt(receipt, CA, "b" * 64))["kedja"]
    assert "saknas" in failed(proof.verify_receipt(receipt, CA, None))["kedja"]


def test_without_a_ca_the_signature_cannot_be_checked() -> None:
    result = proof.verify_receipt(signed_receipt(), None, GENESIS)
    assert "inget CA-certifikat" in failed(result)["signatur"]
    assert set(failed(result)) == {"signatur", "signerad data", "ocsp"}


def test_the_shipped_test_ca_is_packaged_and_clearly_a_test_ca() -> None:
    ca = proof.simulator_ca()
    assert ca.certificate == CA
    assert "TEST" in proof.ca_name(CA)
    assert CA.not_valid_after_utc.year >= 2100
    key_file = ROOT / "resources" / "bankid" / proof.CA_KEY_FILE
    assert "TEST" in key_file.name and b"TEST KEY" in key_file.read_bytes()
    # build.spec ships resources/ whole, pyproject the *.pem of resources/bankid/.
    assert '"resources"' in (ROOT / "build.spec").read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = project["tool"]["setuptools"]["package-data"]
    assert "*.pem" in package_data["kawebb_desktop.resources.bankid"]


def test_load_certificate_refuses_what_is_not_one() -> None:
    with pytest.raises(proof.ProofError, match=r"X\.509"):
        proof.load_certificate(b"hello")
    assert proof.load_certificate(CA.public_bytes(serialization.Encoding.DER)) == CA


# ---------------------------------------------------------------------- the chain
def entries(n: int, organisation_id: int | None = 3) -> list[AuditEntry]:
    """A chain of ``n`` audit entries, linked as the store links them."""
    chained: list[AuditEntry] = []
    prev = GENESIS
    for seq in range(1, n + 1):
        entry = AuditEntry(
            seq * 10, organisation_id, T0 + dt.timedelta(minutes=seq), 1, "Åsa", "x", f"nr {seq}"
        )
        digest = audit_chain.entry_hash(entry, seq, prev)
        chained.append(dataclasses.replace(entry, seq=seq, prev_hash=prev, hash=digest))
        prev = digest
    return chained


def head_of(links: list[AuditEntry], chain_id: int = 3) -> ChainHead:
    return ChainHead(chain_id, links[-1].seq, links[-1].hash)


def test_an_untouched_chain_holds() -> None:
    links = entries(5)
    result = walk(3, links, head_of(links))
    assert result.ok and result.links == 5
    assert walk(3, [], None).ok


def test_a_changed_entry_is_named() -> None:
    links = entries(5)
    links[2] = dataclasses.replace(links[2], details="ändrad")
    result = walk(3, links, head_of(links))
    assert not result.ok and result.failed_id == 30
    assert "loggpost 30" in result.message and "har ändrats" in result.message


def test_a_changed_entry_with_a_new_hash_is_named_by_the_next_one() -> None:
    links = entries(5)
    links[2] = dataclasses.replace(links[2], details="ändrad")
    links[2] = dataclasses.replace(
        links[2], hash=audit_chain.entry_hash(links[2], 3, links[2].prev_hash)
    )
    result = walk(3, links, head_of(links))
    assert result.failed_id == 40
    assert "pekar inte på loggpost 30" in result.message


def test_a_deleted_entry_leaves_a_gap() -> None:
    links = entries(5)
    del links[1]
    result = walk(3, links, head_of(links))
    assert result.failed_id == 30 and "länk 2 före" in result.message


def test_deleted_last_entries_leave_the_head_past_the_end() -> None:
    links = entries(5)
    head = head_of(links)
    result = walk(3, links[:3], head)
    assert not result.ok and result.failed_id is None
    assert "slutar vid länk 3" in result.message
    assert "huvud saknas" in walk(3, links, None).message


def test_an_entry_without_a_place_is_named() -> None:
    links = entries(3)
    stray = AuditEntry(99, 3, T0, None, "", "smyg", "")
    result = walk(3, [stray, *links], head_of(links))
    assert result.failed_id == 99 and "ingen egen plats" in result.message


def test_hashes_cover_every_field() -> None:
    entry = entries(1)[0]
    for field, value in (
        ("organisation_id", 4),
        ("at", entry.at + dt.timedelta(microseconds=1)),
        ("actor_person_id", 2),
        ("actor_name", "Åse"),
        ("action", "y"),
        ("details", "nr 2"),
    ):
        changed = dataclasses.replace(entry, **{field: value})  # type: ignore[arg-type]
        assert audit_chain.hash_of(changed) != entry.hash, field
    receipt = signed_receipt()
    for field in ("order_ref", "signer_name", "summary", "document", "signature", "ocsp_response"):
        changed_receipt = dataclasses.replace(receipt, **{field: "x"})  # type: ignore[arg-type]
        assert audit_chain.hash_of(changed_receipt) != receipt.hash, field
