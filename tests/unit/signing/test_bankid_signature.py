"""Real BankID receipts (``signing/bankid_signature.py``): BankID's own test signature
verifies against BankID's test root CA; a real-BankID-shaped signature made here with
throw-away keys verifies, and every part of it tampered with fails with its Swedish
reason; ``verify_receipt`` dispatches by format and checks the receipt's digest, text
and signer in the signed data."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from kawebb_desktop.domain.audit_chain import GENESIS, ReceiptCheck
from kawebb_desktop.domain.changes import canonical_json, digest_of
from kawebb_desktop.domain.entities import Receipt
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.signing import bankid_signature, proof
from kawebb_desktop.signing.bankid_rp import BankIdSigner
from kawebb_desktop.signing.bankid_signature import CheckedSignature, bankid_root_ca
from kawebb_desktop.signing.proof import ProofError
from tests.unit.signing.bankid_shaped import (
    T0,
    Pki,
    issue,
    make_ocsp,
    make_pki,
    make_signature,
    pki,
    subject_name,
)
from tests.unit.signing.test_proof import rechained, signed_receipt

DATA = Path(__file__).parent / "data"
#: BankID's own test-environment signature (BankID på fil, Anna Andersson, December
#: 2018), public in github.com/mirendo/signature_validation (see data/README.md).
SAMPLE = DATA / "bankid-test-signature-anna-andersson.xml"
SAMPLE_SIGNED = dt.datetime(2019, 6, 1, tzinfo=dt.UTC)
SUMMARY = "Jag signerar följande ändringar av behörigheter för Åre kommun:\n• Ny: Åsa Öberg"


def sample_b64() -> str:
    return base64.b64encode(SAMPLE.read_bytes()).decode("ascii")


def rewritten(signature_b64: str, old: str, new: str) -> str:
    """``signature_b64`` with ``old`` in its XML replaced by ``new`` (once)."""
    xml = base64.b64decode(signature_b64).decode("utf-8")
    assert xml.count(old) == 1, old
    return base64.b64encode(xml.replace(old, new).encode("utf-8")).decode("ascii")


def b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def checked(
    p: Pki | None = None, visible: str = "Jag signerar", hidden: str = "abc"
) -> tuple[str, CheckedSignature]:
    p = p or pki()
    signature = make_signature(p, visible, hidden)
    return signature, bankid_signature.check_signature(signature, p.root.certificate, T0)


def refused(signature: str, root: x509.Certificate | None = None, at: dt.datetime = T0) -> str:
    with pytest.raises(ProofError) as info:
        bankid_signature.check_signature(signature, root or pki().root.certificate, at)
    return info.value.message


def ocsp_refused(ocsp_b64: str, signature: str, result: CheckedSignature) -> str:
    with pytest.raises(ProofError) as info:
        bankid_signature.check_ocsp(ocsp_b64, result, signature)
    return info.value.message


# -------------------------------------------------------------- BankID's own signature
def test_bankids_test_signature_verifies_against_the_shipped_test_root() -> None:
    result = bankid_signature.check_signature(sample_b64(), bankid_root_ca("test"), SAMPLE_SIGNED)
    assert result.data.personal_number == "197210310020"
    assert result.data.name == "Anna Andersson"
    assert result.data.kind == "sign"
    assert result.data.user_visible_data is not None
    assert result.data.user_visible_data.startswith("Jag har granskat årsredovisningen")
    assert result.data.relying_party == "Test av BankID"
    assert ("ai/uauth", "pw") in result.data.environment
    assert [c.subject.rfc4514_string().split(",")[0] for c in result.chain] == [
        "CN=Anna Andersson",
        "CN=Testbank A Customer CA1 v1 for BankID Test",
        "CN=Testbank A CA v1 for BankID Test",
        "CN=Test BankID Root CA v1 Test",
    ]
    assert result.issuer == result.chain[1]


def test_bankids_test_signature_does_not_chain_to_the_production_root() -> None:
    message = refused(sample_b64(), bankid_root_ca("production"), SAMPLE_SIGNED)
    assert message.startswith("Undertecknarens certifikat kedjar inte till BankID Root CA v1")


def test_bankids_test_signature_outside_its_certificates_validity_is_refused() -> None:
    message = refused(sample_b64(), bankid_root_ca("test"), dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert message == "Undertecknarens certifikat var inte giltigt när signaturen gjordes."


def test_bankids_test_signature_with_its_text_changed_is_refused() -> None:
    changed = rewritten(sample_b64(), "<fsib>0</fsib>", "<fsib>1</fsib>")
    message = refused(changed, bankid_root_ca("test"), SAMPLE_SIGNED)
    assert message.startswith("Den signerade datan i signaturen har ändrats")


def test_the_shipped_roots_are_bankids() -> None:
    """The two roots are self-signed, BankID's names, and the subject key identifiers
    that BankID's bank CAs name as their authority (see docs/bankid.md)."""
    expected = {
        "test": ("Test BankID Root CA v1 Test", "4af7a36a08da083817195328c8daa6d634d85aba"),
        "production": ("BankID Root CA v1", "678abab2ea481c7af53b6837277206eb9163cb53"),
    }
    for environment, (name, key_id) in expected.items():
        root = bankid_root_ca(environment)
        root.verify_directly_issued_by(root)
        assert proof.ca_name(root) == name
        ski = root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        assert ski.digest.hex() == key_id
        assert root.not_valid_after_utc.year == 2034


# -------------------------------------------------------------- a BankID-shaped one
def test_a_bankid_shaped_signature_verifies() -> None:
    _, result = checked(visible="Jag signerar: Åsa", hidden="e3b0c442")
    assert result.data.user_visible_data == "Jag signerar: Åsa"
    assert result.data.user_non_visible_data == "e3b0c442"
    assert result.data.personal_number == "198112289874"
    assert result.data.name == "Anna Andersson"
    assert result.signer == pki().user.certificate
    assert result.issuer == pki().bank.certificate


def test_its_signed_data_changed_is_refused() -> None:
    signature = make_signature(pki(), "Jag signerar", "abc")
    changed = rewritten(
        signature, f"<usrNonVisibleData>{b64('abc')}", f"<usrNonVisibleData>{b64('abd')}"
    )
    assert refused(changed) == (
        "Den signerade datan i signaturen har ändrats efter signeringen "
        "(kontrollsumman stämmer inte)."
    )


def test_its_digest_changed_is_refused() -> None:
    signature = make_signature(pki(), "Jag signerar", "abc")
    xml = base64.b64decode(signature).decode()
    digest = xml.split("<DigestValue>", 1)[1].split("</DigestValue>", 1)[0]
    other = base64.b64encode(hashlib.sha256(b"annat").digest()).decode()
    changed = rewritten(signature, f"<DigestValue>{digest}<", f"<DigestValue>{other}<")
    assert refused(changed) == "Signaturvärdet stämmer inte med undertecknarens certifikat."


def test_its_signature_value_changed_is_refused() -> None:
    signature = make_signature(pki(), "Jag signerar", "abc")
    xml = base64.b64decode(signature).decode()
    value = xml.split("<SignatureValue>", 1)[1].split("</SignatureValue>", 1)[0]
    flipped = base64.b64encode(
        bytes([base64.b64decode(value)[0] ^ 1]) + base64.b64decode(value)[1:]
    )
    changed = rewritten(signature, value, flipped.decode())
    assert refused(changed) == "Signaturvärdet stämmer inte med undertecknarens certifikat."


def test_a_certificate_swapped_in_its_keyinfo_is_refused() -> None:
    p = pki()
    signature = make_signature(p, "Jag signerar", "abc")
    other = issue(p.bank.certificate.subject, p.root, ca=True)  # same name, another key
    old = base64.b64encode(p.bank.certificate.public_bytes(serialization.Encoding.DER)).decode()
    new = base64.b64encode(other.certificate.public_bytes(serialization.Encoding.DER)).decode()
    assert refused(rewritten(signature, old, new)) == (
        "Certifikaten i signaturen har ändrats efter signeringen (kontrollsumman stämmer inte)."
    )


def test_a_signature_by_an_impostor_bank_ca_is_refused() -> None:
    """A whole signature made by someone with a bank CA of their own (the bank's name,
    not issued by the root) and a user certificate from it."""
    p = pki()
    impostor = issue(p.bank.certificate.subject, None, ca=True)
    user = issue(p.user.certificate.subject, impostor, ca=False)
    signature = make_signature(
        p, "Jag signerar", "abc", chain=(user.certificate, impostor.certificate), key=user.key
    )
    assert refused(signature).startswith(
        "Undertecknarens certifikat kedjar inte till Test Root CA för kvittenstester"
    )


def test_another_root_is_refused() -> None:
    signature = make_signature(pki(), "Jag signerar", "abc")
    other_root = make_pki().root.certificate
    assert refused(signature, other_root).startswith("Undertecknarens certifikat kedjar inte till")


def test_a_signature_made_when_the_certificate_had_expired_is_refused() -> None:
    signature = make_signature(pki(), "Jag signerar", "abc")
    late = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)
    assert refused(signature, at=late) == (
        "Undertecknarens certifikat var inte giltigt när signaturen gjordes."
    )


def test_what_is_no_signature_is_refused() -> None:
    assert refused("inte base64!") == "Signaturen är inte giltig base64."
    assert refused(b64("<inte-xml")) == "Signaturen är ingen läsbar XML-signatur."
    assert refused(b64("<a/>")) == "Signaturen är ingen XML-signatur (XMLDSig)."


# -------------------------------------------------------------- the OCSP response
def test_the_banks_good_ocsp_answer_for_this_signature_passes() -> None:
    signature, result = checked()
    bankid_signature.check_ocsp(make_ocsp(pki(), signature), result, signature)


def test_an_ocsp_answer_signed_by_the_issuing_ca_itself_passes() -> None:
    signature, result = checked()
    bankid_signature.check_ocsp(
        make_ocsp(pki(), signature, responder=pki().bank), result, signature
    )


def test_a_revoked_certificate_is_refused() -> None:
    signature, result = checked()
    answer = make_ocsp(pki(), signature, status=ocsp.OCSPCertStatus.REVOKED)
    assert ocsp_refused(answer, signature, result) == (
        "OCSP-svaret säger att undertecknarens certifikat är spärrat."
    )


def test_an_ocsp_answer_signed_by_another_key_is_refused() -> None:
    """A responder with the real one's name, certified by another CA."""
    signature, result = checked()
    other_ca = issue(subject_name("En annan CA"), None, ca=True)
    forged = issue(pki().responder.certificate.subject, other_ca, ca=False, ocsp_signing=True)
    answer = make_ocsp(pki(), signature, responder=forged)
    assert ocsp_refused(answer, signature, result).startswith(
        "OCSP-svaret är inte utfärdat av Testbanken Customer CA för kvittenstester"
    )


def test_an_ocsp_answer_for_another_certificate_is_refused() -> None:
    signature, result = checked()
    someone = issue(subject_name("Bertil Berg", serial="199001012385"), pki().bank, ca=False)
    answer = make_ocsp(pki(), signature, certificate=someone.certificate)
    assert ocsp_refused(answer, signature, result) == (
        "OCSP-svaret gäller ett annat certifikat än undertecknarens."
    )


def test_an_ocsp_answer_for_another_signature_is_refused() -> None:
    signature, result = checked()
    other_signature = make_signature(pki(), "Något annat", "def")
    answer = make_ocsp(pki(), other_signature)
    assert ocsp_refused(answer, signature, result) == "OCSP-svaret hör till en annan signatur."


def test_an_ocsp_nonce_of_the_wrong_length_is_refused() -> None:
    signature, result = checked()
    bound = hashlib.sha1(signature.encode(), usedforsecurity=False).digest()
    answer = make_ocsp(pki(), signature, nonce=bound)  # no 12 random bytes
    assert ocsp_refused(answer, signature, result) == "OCSP-svaret hör till en annan signatur."


def test_an_ocsp_answer_with_a_broken_signature_is_refused() -> None:
    signature, result = checked()
    der = bytearray(base64.b64decode(make_ocsp(pki(), signature)))
    responder_der = pki().responder.certificate.public_bytes(serialization.Encoding.DER)
    at = bytes(der).index(responder_der)
    der[at - 20] ^= 1  # the last bytes of the signature, just before the certificates
    answer = base64.b64encode(bytes(der)).decode()
    assert ocsp_refused(answer, signature, result) == (
        "OCSP-svarets signatur stämmer inte med OCSP-tjänstens certifikat."
    )


def test_unreadable_ocsp_is_refused() -> None:
    signature, result = checked()
    assert ocsp_refused("inte ocsp", signature, result) == "OCSP-svaret går inte att läsa."


# -------------------------------------------------------------- receipts
def bankid_receipt(
    p: Pki | None = None, *, hidden: str | None = None, visible: str = SUMMARY
) -> Receipt:
    """A receipt as the signing service makes one with real BankID (this shape)."""
    p = p or pki()
    document = canonical_json({"changes": [{"id": 1, "namn": "Åsa Öberg"}]})
    digest = digest_of(document)
    signature = make_signature(p, visible, digest if hidden is None else hidden)
    receipt = Receipt(
        id=7,
        organisation_id=3,
        order_ref="131daac9-16c6-4618-beb0-365768f37288",
        signed_at=T0,
        signer_person_id=11,
        signer_name="Anna Andersson",
        signer_personnummer=Personnummer("198112289874"),
        summary=SUMMARY,
        document=document,
        digest=digest,
        signature=signature,
        ocsp_response=make_ocsp(p, signature),
        change_count=1,
    )
    return rechained(receipt, 1, GENESIS)


def failed(check: ReceiptCheck) -> dict[str, str]:
    return {c.name: c.message for c in check.failures}


def test_a_bankid_receipt_verifies() -> None:
    result = proof.verify_receipt(bankid_receipt(), pki().root.certificate, GENESIS)
    assert result.ok, failed(result)
    messages = {c.name: c.message for c in result.checks}
    assert messages["signatur"] == (
        "Signaturen är en giltig BankID-signatur, gjord med ett certifikat från Testbanken "
        "Customer CA för kvittenstester som kedjar till Test Root CA för kvittenstester."
    )


def test_a_bankid_receipt_whose_signature_holds_another_digest_fails() -> None:
    receipt = bankid_receipt(hidden="0" * 64)
    result = proof.verify_receipt(receipt, pki().root.certificate, GENESIS)
    assert failed(result) == {
        "signerad data": "Kontrollsumman i signaturen är inte kvittensens: kvittensen har ändrats."
    }


def test_a_bankid_receipt_signed_by_someone_else_fails() -> None:
    bertil = make_pki("199001012385", "Bertil", "Berg")
    result = proof.verify_receipt(bankid_receipt(bertil), bertil.root.certificate, GENESIS)
    assert failed(result) == {
        "signerad data": "Signaturen är gjord av någon annan än kvittensens undertecknare."
    }


def test_a_bankid_receipt_against_the_simulators_ca_fails_and_says_so() -> None:
    result = proof.verify_receipt(bankid_receipt(), proof.simulator_ca_certificate(), GENESIS)
    assert failed(result)["signatur"].startswith("Undertecknarens certifikat kedjar inte till")
    assert "ocsp" in failed(result)


def test_a_bankid_receipt_with_the_ocsp_of_another_signature_fails() -> None:
    receipt = bankid_receipt()
    other = make_signature(pki(), "annat", "annat")
    receipt = rechained(
        dataclasses.replace(receipt, ocsp_response=make_ocsp(pki(), other)), 1, GENESIS
    )
    result = proof.verify_receipt(receipt, pki().root.certificate, GENESIS)
    assert failed(result) == {"ocsp": "OCSP-svaret hör till en annan signatur."}


def test_simulator_receipts_keep_their_own_check() -> None:
    receipt = signed_receipt()
    assert proof.is_simulator_signature(receipt.signature)
    assert not proof.is_simulator_signature(bankid_receipt().signature)
    assert proof.verify_receipt(receipt, proof.simulator_ca_certificate(), GENESIS).ok
    # Against a BankID root it fails, as any signature of another CA does.
    result = proof.verify_receipt(receipt, bankid_root_ca("test"), GENESIS)
    assert failed(result)["signatur"] == (
        "Undertecknarens certifikat är inte utfärdat av Test BankID Root CA v1 Test."
    )


def test_read_signed_data_reads_a_real_signature() -> None:
    data = proof.read_signed_data(sample_b64())
    assert data is not None
    assert data.personal_number == "197210310020"
    assert data.name == "Anna Andersson"
    assert data.user_non_visible_data == "base64:iIXVyktKnpNyTx/I7q+5r3ERWYP816U1pe+xi81iwhI="
    assert data.relying_party == "Test av BankID"
    assert dict(data.server_info)["name"].startswith("cn=FP Testcert 2,name=Test av BankID")
    assert dict(data.environment)["ai/type"] == "OS_X"
    assert dict(data.environment)["ai/deviceInfo"] == "10.14"
    assert proof.read_signed_data(b64("<Signature/>")) is None


def test_the_sha1_of_the_nonce_is_over_the_base64_text() -> None:
    """BankID's binding hashes the base64 text, not the XML it decodes to."""
    signature, result = checked()
    xml_hash = hashlib.sha1(base64.b64decode(signature), usedforsecurity=False).digest()
    answer = make_ocsp(pki(), signature, nonce=xml_hash + bytes(12))
    assert ocsp_refused(answer, signature, result) == "OCSP-svaret hör till en annan signatur."
    assert hashes.SHA1.digest_size == 20


def test_the_real_signer_verifies_against_bankids_root_of_its_environment() -> None:
    """The signing service takes its trust anchor from the signer's ``ca_certificate``
    (local mode and the server alike)."""
    for environment in ("test", "production"):
        signer = BankIdSigner(object(), environment)
        assert signer.ca_certificate == bankid_root_ca(environment)


def test_a_user_certificate_issued_by_a_non_ca_certificate_is_refused() -> None:
    """A certificate of the bank's that is not a CA's (basicConstraints ca=False) may not
    issue the signer's certificate, even though it chains to the root."""
    p = pki()
    not_a_ca = issue(subject_name("Testbanken server"), p.root, ca=False)
    user = issue(p.user.certificate.subject, not_a_ca, ca=False)
    signature = make_signature(
        p, "Jag signerar", "abc", chain=(user.certificate, not_a_ca.certificate), key=user.key
    )
    assert refused(signature).startswith("Undertecknarens certifikat kedjar inte till")
