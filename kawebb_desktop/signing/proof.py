"""Receipts that verify later: the simulator's signature and OCSP data, and their check.

BankID (RP API v6) completes a sign order with ``signature`` — a base64 XML signature
(XMLDSig) over ``bankIdSignedData``, which holds userVisibleData and
userNonVisibleData, made with the person's key, whose certificate chain is in the
signature's ``KeyInfo`` — and ``ocspResponse``, a base64 DER OCSP response saying that
certificate was good when it signed. The simulator makes the same kind of data with
the **test CA** that ships with the app (``resources/bankid``, made once by
``scripts/make-test-ca.py``):

* every simulated person has a BankID key derived from the test CA's key and their
  personnummer, and a certificate for it issued by the test CA (subject: the name and,
  as ``serialNumber``, the personnummer);
* the signature is an XMLDSig ``Signature`` (Ed25519, canonical XML 2.0) over
  ``bankIdSignedData``; that element holds the visible text, the non-visible data (a
  change set's SHA-256) and, in an element of the simulator's own namespace, the
  order, the person and the time. The person's certificate and the CA's are in
  ``KeyInfo``;
* the OCSP response (RFC 6960, signed by the test CA) says the certificate is *good*;
  its nonce is the SHA-256 of the signature value, which ties it to this signature.

:func:`verify_receipt` checks a stored receipt against a CA certificate alone — no
secret of any process — so a receipt made by one process verifies in any other, at any
later time: the signature against the CA, the signed data against the receipt's digest,
text and personnummer, the change set against the digest, the OCSP response, and the
receipt's place in the audit chain. Every failed check has a Swedish reason.

The test CA's private key is public (as BankID's test CA is): a signature that verifies
against it proves nothing about a real person. Receipts of a real BankID are checked
against BankID's root CA, never against the test CA: :func:`verify_receipt` and
:func:`read_signed_data` hand every signature that is not in the simulator's format
(:func:`is_simulator_signature`) to ``signing/bankid_signature.py`` (RSA or ECDSA, the
canonicalisation the signature names, the bank's CA chain and OCSP service).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Final
from xml.etree import ElementTree as ET

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, padding, rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509 import ocsp
from cryptography.x509.oid import NameOID

from kawebb_desktop.domain import audit_chain
from kawebb_desktop.domain.audit_chain import Check, ReceiptCheck
from kawebb_desktop.domain.changes import digest_of
from kawebb_desktop.domain.entities import Receipt
from kawebb_desktop.domain.messages import msg

# -- the format -------------------------------------------------------------------------
DS_NS: Final = "http://www.w3.org/2000/09/xmldsig#"
BANKID_NS: Final = "http://www.bankid.com/signature/v1.0.0/types"
SIMULATOR_NS: Final = "urn:kawebb-desktop:bankid-simulator"
C14N2: Final = "http://www.w3.org/2010/xml-c14n2"
ED25519_URI: Final = "http://www.w3.org/2021/04/xmldsig-more#eddsa-ed25519"
SHA256_URI: Final = "http://www.w3.org/2001/04/xmlenc#sha256"
SIGNED_DATA_ID: Final = "bidSignedData"

NOTICE: Final = (
    "Simulerad BankID-signatur från KA Webb Desktops inbyggda BankID-simulator, gjord med "
    "simulatorns test-CA. Detta är inte en riktig BankID-signatur och saknar rättslig verkan."
)
#: The simulator's fields in ``bankIdSignedData`` (element names, in order).
_SIM_FIELDS: Final = ("orderRef", "kind", "personalNumber", "name", "signedAt")
_LEAF_SALT: Final = b"kawebb-desktop bankid-simulator person key v1"
#: How long a simulated person's certificate is valid from its issue date.
LEAF_VALIDITY: Final = dt.timedelta(days=4 * 365)

_RESOURCE_DIR: Final = "bankid"
CA_CERT_FILE: Final = "simulator-test-ca.pem"
CA_KEY_FILE: Final = "simulator-test-ca-TEST-KEY.pem"


class ProofError(ValueError):
    """A signature or OCSP response that does not hold; ``message`` says why (Swedish)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- the test CA ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SimulatorCa:
    """The simulator's certificate authority: its certificate and (test!) private key."""

    certificate: x509.Certificate
    key: ed25519.Ed25519PrivateKey


def _resource(name: str) -> bytes:
    return files("kawebb_desktop.resources").joinpath(f"{_RESOURCE_DIR}/{name}").read_bytes()


@cache
def simulator_ca() -> SimulatorCa:
    """The test CA that ships with the app (read once)."""
    key = serialization.load_pem_private_key(_resource(CA_KEY_FILE), password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):  # pragma: no cover - shipped file
        raise TypeError("the simulator's test CA key is not an Ed25519 key")
    return SimulatorCa(simulator_ca_certificate(), key)


@cache
def simulator_ca_certificate() -> x509.Certificate:
    """The test CA's certificate: what simulator receipts are verified against."""
    return x509.load_pem_x509_certificate(_resource(CA_CERT_FILE))


def load_certificate(pem_or_der: bytes) -> x509.Certificate:
    """A CA certificate from PEM or DER bytes (``ProofError`` if it is neither)."""
    try:
        if b"-----BEGIN" in pem_or_der:
            return x509.load_pem_x509_certificate(pem_or_der)
        return x509.load_der_x509_certificate(pem_or_der)
    except ValueError as exc:
        raise ProofError("Filen är inget X.509-certifikat (PEM eller DER).") from exc


def ca_name(certificate: x509.Certificate) -> str:
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    value = names[0].value if names else certificate.subject.rfc4514_string()
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


# -- making a signature (the simulator) --------------------------------------------------
@dataclass(frozen=True, slots=True)
class SignedData:
    """What a signature's ``bankIdSignedData`` says (decoded): the simulator's, or a real
    BankID signature's (``signing/bankid_signature.py``; its order, time and simulator
    fields are empty, the person is its certificate's)."""

    order_ref: str
    kind: str
    personal_number: str
    name: str
    signed_at: str
    user_visible_data: str | None
    user_non_visible_data: str | None
    #: A real BankID signature's relying party (``srvInfo``'s display name or name),
    #: ``srvInfo`` and the client's ``env`` (paths like ``ai/type``), decoded where
    #: BankID encodes them; empty for the simulator's.
    relying_party: str | None = None
    server_info: tuple[tuple[str, str], ...] = ()
    environment: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Person:
    personal_number: str
    given_name: str
    surname: str


def person_key(ca: SimulatorCa, personal_number: str) -> ed25519.Ed25519PrivateKey:
    """A simulated person's BankID key: the same in every process (derived from the CA's
    key and the personnummer), so that nothing but the CA needs to be kept."""
    seed = ca.key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=_LEAF_SALT, info=personal_number.encode()
    ).derive(seed)
    return ed25519.Ed25519PrivateKey.from_private_bytes(derived)


def person_certificate(
    ca: SimulatorCa, person: Person, key: ed25519.Ed25519PrivateKey, issued_on: dt.date
) -> x509.Certificate:
    """The person's BankID certificate, issued by the test CA on ``issued_on``."""
    not_before = dt.datetime.combine(issued_on, dt.time(), dt.UTC)
    serial = hashlib.sha256(f"{person.personal_number}|{issued_on.isoformat()}".encode()).digest()
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.SURNAME, person.surname or "-"),
            x509.NameAttribute(NameOID.GIVEN_NAME, person.given_name or "-"),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, person.personal_number),
            x509.NameAttribute(
                NameOID.COMMON_NAME, f"{person.given_name} {person.surname}".strip() or "-"
            ),
        ]
    )
    ca_key_id = x509.SubjectKeyIdentifier.from_public_key(ca.certificate.public_key())
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.certificate.subject)
        .public_key(key.public_key())
        .serial_number(int.from_bytes(serial[:16], "big") >> 1 or 1)
        .not_valid_before(not_before)
        .not_valid_after(not_before + LEAF_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_key_id),
            critical=False,
        )
        .sign(ca.key, None)
    )


def make_signature(
    ca: SimulatorCa,
    person: Person,
    *,
    order_ref: str,
    kind: str,
    signed_at: dt.datetime,
    issued_on: dt.date,
    user_visible_data: str | None,
    user_non_visible_data: str | None,
) -> tuple[str, str]:
    """``(signature, ocspResponse)``, both base64, as BankID answers a completed order."""
    key = person_key(ca, person.personal_number)
    leaf = person_certificate(ca, person, key, issued_on)
    fields = {
        "orderRef": order_ref,
        "kind": kind,
        "personalNumber": person.personal_number,
        "name": f"{person.given_name} {person.surname}",
        "signedAt": signed_at.astimezone(dt.UTC).isoformat(),
    }
    # Plain tag names and xmlns attributes: written as they are, with no prefixes and
    # no global namespace registration.
    data = ET.Element("bankIdSignedData", xmlns=BANKID_NS, Id=SIGNED_DATA_ID)
    if user_visible_data is not None:
        visible = ET.SubElement(data, "usrVisibleData", charset="UTF-8", visible="wysiwys")
        visible.text = _b64(user_visible_data.encode("utf-8"))
    if user_non_visible_data is not None:
        hidden = ET.SubElement(data, "usrNonVisibleData")
        hidden.text = _b64(user_non_visible_data.encode("utf-8"))
    server = ET.SubElement(data, "srvInfo")
    ET.SubElement(server, "nonce").text = _b64(order_ref.encode("utf-8"))
    client = ET.SubElement(data, "clientInfo")
    ET.SubElement(client, "funcId").text = "Signing" if kind == "sign" else "Identification"
    simulator = ET.SubElement(data, "simulator", xmlns=SIMULATOR_NS)
    ET.SubElement(simulator, "notice").text = NOTICE
    for name in _SIM_FIELDS:
        ET.SubElement(simulator, name).text = fields[name]

    info = ET.Element("SignedInfo", xmlns=DS_NS)
    ET.SubElement(info, "CanonicalizationMethod", Algorithm=C14N2)
    ET.SubElement(info, "SignatureMethod", Algorithm=ED25519_URI)
    reference = ET.SubElement(info, "Reference", URI=f"#{SIGNED_DATA_ID}", Type=BANKID_NS)
    transforms = ET.SubElement(reference, "Transforms")
    ET.SubElement(transforms, "Transform", Algorithm=C14N2)
    ET.SubElement(reference, "DigestMethod", Algorithm=SHA256_URI)
    digest = hashlib.sha256(_c14n(_reparse(data))).digest()
    ET.SubElement(reference, "DigestValue").text = _b64(digest)
    signature_value = key.sign(_c14n(_reparse(info)))

    root = ET.Element("Signature", xmlns=DS_NS)
    root.append(info)
    info.attrib.pop("xmlns")  # inherited from the root
    ET.SubElement(root, "SignatureValue").text = _b64(signature_value)
    key_info = ET.SubElement(root, "KeyInfo")
    certificates = ET.SubElement(key_info, "X509Data")
    for certificate in (leaf, ca.certificate):
        der = certificate.public_bytes(serialization.Encoding.DER)
        ET.SubElement(certificates, "X509Certificate").text = _b64(der)
    ET.SubElement(root, "Object").append(data)
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")

    ocsp_response = (
        ocsp.OCSPResponseBuilder()
        .add_response(
            cert=leaf,
            issuer=ca.certificate,
            algorithm=hashes.SHA256(),
            cert_status=ocsp.OCSPCertStatus.GOOD,
            this_update=signed_at.astimezone(dt.UTC),
            next_update=None,
            revocation_time=None,
            revocation_reason=None,
        )
        .responder_id(ocsp.OCSPResponderEncoding.HASH, ca.certificate)
        .add_extension(x509.OCSPNonce(hashlib.sha256(signature_value).digest()), critical=False)
        .sign(ca.key, None)
    )
    der = ocsp_response.public_bytes(serialization.Encoding.DER)
    return _b64(xml.encode("utf-8")), _b64(der)


# -- reading and checking a signature ---------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Parsed:
    signed_info: ET.Element
    signature_value: bytes
    certificates: tuple[bytes, ...]
    data: ET.Element


def is_simulator_signature(signature_b64: str) -> bool:
    """Whether ``signature_b64`` is in the simulator's format (Ed25519 or the
    simulator's element) — or unreadable, which the simulator's check reports as such.
    Anything else is checked as a real BankID signature."""
    try:
        root = ET.fromstring(_unb64(signature_b64).decode("utf-8"))
    except (ProofError, UnicodeDecodeError, ET.ParseError, ValueError, TypeError):
        return True
    method = root.find(f"{{{DS_NS}}}SignedInfo/{{{DS_NS}}}SignatureMethod")
    return (method is not None and method.get("Algorithm") == ED25519_URI) or (
        root.find(f".//{{{SIMULATOR_NS}}}simulator") is not None
    )


def read_signed_data(signature_b64: str) -> SignedData | None:
    """What a signature says, decoded — the simulator's or a real BankID signature;
    ``None`` if it cannot be read. This does NOT check it (see :func:`verify_receipt`)."""
    if not is_simulator_signature(signature_b64):
        # Imported here: bankid_signature builds on this module's types.
        from kawebb_desktop.signing import bankid_signature

        return bankid_signature.read_signed_data(signature_b64)
    try:
        return _signed_data(_parse(signature_b64).data)
    except ProofError:
        return None


def check_signature(
    signature_b64: str, ca_certificate: x509.Certificate
) -> tuple[SignedData, x509.Certificate, bytes]:
    """Check a simulator signature against ``ca_certificate``: the signed data's digest,
    the signature value with the signer's certificate, and that certificate's issue by
    the CA and validity when it signed. Returns what it says, the signer's certificate
    and the signature value; raises :class:`ProofError` (Swedish) otherwise."""
    parsed = _parse(signature_b64)
    info = parsed.signed_info
    _expect_algorithms(info)
    reference = _only(info, f"{{{DS_NS}}}Reference")
    if reference.get("URI") != f"#{SIGNED_DATA_ID}":
        raise ProofError("Signaturen pekar inte på den signerade datan.")
    digest_text = _only(reference, f"{{{DS_NS}}}DigestValue").text or ""
    if _unb64(digest_text) != hashlib.sha256(_c14n(parsed.data)).digest():
        raise ProofError(
            "Den signerade datan i signaturen har ändrats efter signeringen "
            "(kontrollsumman stämmer inte)."
        )
    if not parsed.certificates:
        raise ProofError("Signaturen saknar undertecknarens certifikat.")
    try:
        leaf = x509.load_der_x509_certificate(parsed.certificates[0])
    except ValueError as exc:
        raise ProofError("Undertecknarens certifikat i signaturen går inte att läsa.") from exc
    try:
        leaf.verify_directly_issued_by(ca_certificate)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm) as exc:
        raise ProofError(
            msg("Undertecknarens certifikat är inte utfärdat av {ca}.", ca=ca_name(ca_certificate))
        ) from exc
    if not verifies(leaf.public_key(), parsed.signature_value, _c14n(info), hashes.SHA256()):
        raise ProofError("Signaturvärdet stämmer inte med undertecknarens certifikat.")
    data = _signed_data(parsed.data)
    try:
        signed_at = dt.datetime.fromisoformat(data.signed_at)
    except ValueError as exc:
        raise ProofError("Signaturens tidpunkt går inte att läsa.") from exc
    if signed_at.tzinfo is None or not (
        leaf.not_valid_before_utc <= signed_at <= leaf.not_valid_after_utc
    ):
        raise ProofError("Undertecknarens certifikat var inte giltigt när signaturen gjordes.")
    if _personal_number(leaf) != data.personal_number:
        raise ProofError("Personnumret i den signerade datan är inte certifikatets.")
    return data, leaf, parsed.signature_value


def check_ocsp(
    ocsp_b64: str,
    leaf: x509.Certificate,
    ca_certificate: x509.Certificate,
    signature_value: bytes,
) -> None:
    """Check that ``ocsp_b64`` is the CA's *good* answer for ``leaf``, made for this
    signature (its nonce); raises :class:`ProofError` (Swedish) otherwise."""
    try:
        response = ocsp.load_der_ocsp_response(_unb64(ocsp_b64))
    except (ValueError, ProofError) as exc:
        raise ProofError("OCSP-svaret går inte att läsa.") from exc
    if response.response_status is not ocsp.OCSPResponseStatus.SUCCESSFUL:
        raise ProofError("OCSP-svaret är ett felsvar, inget besked om certifikatet.")
    key_id = x509.SubjectKeyIdentifier.from_public_key(ca_certificate.public_key()).digest
    if response.responder_key_hash != key_id and response.responder_name != ca_certificate.subject:
        raise ProofError(msg("OCSP-svaret är inte utfärdat av {ca}.", ca=ca_name(ca_certificate)))
    if not verifies(
        ca_certificate.public_key(),
        response.signature,
        response.tbs_response_bytes,
        response.signature_hash_algorithm,
    ):
        raise ProofError(
            msg("OCSP-svarets signatur stämmer inte med {ca}.", ca=ca_name(ca_certificate))
        )
    expected = (
        ocsp.OCSPRequestBuilder()
        .add_certificate(leaf, ca_certificate, response.hash_algorithm)
        .build()
    )
    if (
        response.serial_number != leaf.serial_number
        or response.issuer_key_hash != expected.issuer_key_hash
        or response.issuer_name_hash != expected.issuer_name_hash
    ):
        raise ProofError("OCSP-svaret gäller ett annat certifikat än undertecknarens.")
    if response.certificate_status is not ocsp.OCSPCertStatus.GOOD:
        raise ProofError("OCSP-svaret säger att undertecknarens certifikat inte var giltigt.")
    try:
        nonce = response.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
    except x509.ExtensionNotFound as exc:
        raise ProofError("OCSP-svaret saknar nonce och kan inte knytas till signaturen.") from exc
    if nonce != hashlib.sha256(signature_value).digest():
        raise ProofError("OCSP-svaret hör till en annan signatur.")


def verify_receipt(
    receipt: Receipt, ca_certificate: x509.Certificate | None, previous_hash: str | None
) -> ReceiptCheck:
    """Check a stored receipt; needs nothing but the receipt, the CA's certificate and
    the hash of the link before it in its audit chain (``previous_hash``: ``None`` when
    that link is not in the store). Without a CA certificate (``None``: none is known
    for the signing service) the signature cannot be checked, and says so.

    The checks, each with a Swedish reason when it fails:

    1. ``signatur`` — the signature verifies with a certificate the CA issued (a
       simulator signature) or whose chain ends at the CA as BankID's root CA (a real
       BankID signature, ``signing/bankid_signature.py``; anything not in the
       simulator's format is checked so);
    2. ``signerad data`` — the signed non-visible data is the receipt's digest, the
       signed visible text its summary, and the signer its personnummer;
    3. ``dokument`` — the stored change set hashes to that digest;
    4. ``ocsp`` — the OCSP response (the CA's, or for a real BankID signature the
       bank's OCSP service's) says *good* for that certificate, for this signature;
    5. ``kedja`` — the receipt is as it was stored (its hash) and follows the link
       before it in the audit chain (the head when it was signed).
    """
    checks: list[Check] = []
    verified: _Verified | None = None
    try:
        if ca_certificate is None:
            raise ProofError(
                "Det finns inget CA-certifikat att kontrollera signeringstjänstens signaturer mot."
            )
        verified = _verify_signature(receipt, ca_certificate)
        checks.append(Check("signatur", True, verified.text))
    except ProofError as exc:
        checks.append(Check("signatur", False, exc.message))

    checks.append(_check_signed_data(receipt, verified.data if verified else None))
    if digest_of(receipt.document) == receipt.digest:
        checks.append(Check("dokument", True, "De sparade ändringarna stämmer med kontrollsumman."))
    else:
        checks.append(
            Check(
                "dokument",
                False,
                "De sparade ändringarna har ändrats: de stämmer inte med kontrollsumman "
                "som signerades.",
            )
        )
    if verified is None:
        checks.append(
            Check("ocsp", False, "OCSP-svaret kan inte kontrolleras utan en giltig signatur.")
        )
    else:
        try:
            verified.check_ocsp()
            checks.append(Check("ocsp", True, "OCSP-svaret säger att certifikatet var giltigt."))
        except ProofError as exc:
            checks.append(Check("ocsp", False, exc.message))
    checks.append(_check_chain(receipt, previous_hash))
    return ReceiptCheck(receipt.id, tuple(checks))


@dataclass(frozen=True, slots=True)
class _Verified:
    """A signature that verified: what it says, the passing check's text, and the
    check of its OCSP response (which depends on the format)."""

    data: SignedData
    text: str
    check_ocsp: Callable[[], None]


def _verify_signature(receipt: Receipt, ca_certificate: x509.Certificate) -> _Verified:
    """The simulator's signatures by their format; anything else as real BankID's,
    against ``ca_certificate`` as BankID's root CA, at the receipt's signing time."""
    if is_simulator_signature(receipt.signature):
        data, leaf, value = check_signature(receipt.signature, ca_certificate)
        return _Verified(
            data,
            msg(
                "Signaturen är giltig och gjord med ett certifikat utfärdat av {ca}.",
                ca=ca_name(ca_certificate),
            ),
            lambda: check_ocsp(receipt.ocsp_response, leaf, ca_certificate, value),
        )
    # Imported here: bankid_signature builds on this module's types.
    from kawebb_desktop.signing import bankid_signature

    checked = bankid_signature.check_signature(receipt.signature, ca_certificate, receipt.signed_at)
    return _Verified(
        checked.data,
        msg(
            "Signaturen är en giltig BankID-signatur, gjord med ett certifikat från {issuer} "
            "som kedjar till {ca}.",
            issuer=ca_name(checked.issuer),
            ca=ca_name(ca_certificate),
        ),
        lambda: bankid_signature.check_ocsp(receipt.ocsp_response, checked, receipt.signature),
    )


def _check_signed_data(receipt: Receipt, data: SignedData | None) -> Check:
    name = "signerad data"
    if data is None:
        return Check(
            name, False, "Det signerade innehållet kan inte kontrolleras utan en giltig signatur."
        )
    if data.user_non_visible_data != receipt.digest:
        return Check(
            name, False, "Kontrollsumman i signaturen är inte kvittensens: kvittensen har ändrats."
        )
    if data.user_visible_data != receipt.summary:
        return Check(
            name, False, "Texten som signerades är inte kvittensens: kvittensen har ändrats."
        )
    if data.personal_number != receipt.signer_personnummer.value:
        return Check(
            name, False, "Signaturen är gjord av någon annan än kvittensens undertecknare."
        )
    return Check(
        name, True, "Signaturen gäller kvittensens text och kontrollsumma, av undertecknaren."
    )


def _check_chain(receipt: Receipt, previous_hash: str | None) -> Check:
    name = "kedja"
    if audit_chain.hash_of(receipt) != receipt.hash:
        return Check(name, False, "Kvittensen har ändrats efter att den sparades.")
    if previous_hash is None:
        return Check(name, False, "Posten före kvittensen i granskningskedjan saknas (borttagen).")
    if receipt.prev_hash != previous_hash:
        return Check(
            name,
            False,
            "Kvittensen följer inte på posten före den i granskningskedjan: kedjan har ändrats.",
        )
    return Check(
        name,
        True,
        msg(
            "Kvittensen är oförändrad och har länk {seq} i granskningskedjan.",
            seq=receipt.chain_seq,
        ),
    )


# -- internals --------------------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ProofError("Värdet är inte giltig base64.") from exc


def _reparse(element: ET.Element) -> ET.Element:
    """``element`` as a parser gives it back (names namespace-qualified)."""
    return ET.fromstring(ET.tostring(element, encoding="unicode"))


def _c14n(element: ET.Element) -> bytes:
    """Canonical XML 2.0 of a parsed element, its namespace prefixes rewritten, so that
    the writer and any reader get the same bytes whatever prefixes the text used."""
    text = ET.tostring(element, encoding="unicode")
    return ET.canonicalize(text, rewrite_prefixes=True).encode("utf-8")


def _parse(signature_b64: str) -> _Parsed:
    if not isinstance(signature_b64, str):
        raise ProofError("Signaturen saknas.")
    raw = _unb64(signature_b64)
    try:
        root = ET.fromstring(raw.decode("utf-8"))
    except (UnicodeDecodeError, ET.ParseError, ValueError) as exc:
        raise ProofError("Signaturen är ingen läsbar XML-signatur.") from exc
    if root.tag != f"{{{DS_NS}}}Signature":
        raise ProofError("Signaturen är ingen XML-signatur (XMLDSig).")
    info = _only(root, f"{{{DS_NS}}}SignedInfo")
    value = _unb64(_only(root, f"{{{DS_NS}}}SignatureValue").text or "")
    key_info = _only(root, f"{{{DS_NS}}}KeyInfo")
    x509_data = _only(key_info, f"{{{DS_NS}}}X509Data")
    certificates = tuple(
        _unb64(element.text or "") for element in x509_data.findall(f"{{{DS_NS}}}X509Certificate")
    )
    obj = _only(root, f"{{{DS_NS}}}Object")
    children = list(obj)
    if len(children) != 1 or children[0].tag != f"{{{BANKID_NS}}}bankIdSignedData":
        raise ProofError("Signaturen saknar den signerade datan (bankIdSignedData).")
    data = children[0]
    if data.get("Id") != SIGNED_DATA_ID:
        raise ProofError("Den signerade datan har fel id.")
    return _Parsed(info, value, certificates, data)


def _only(parent: ET.Element, tag: str) -> ET.Element:
    found = parent.findall(tag)
    if len(found) != 1:
        local = tag.rsplit("}", 1)[-1]
        raise ProofError(msg("Signaturen ska ha exakt ett {element}-element.", element=local))
    return found[0]


def _expect_algorithms(info: ET.Element) -> None:
    expected = {
        f"{{{DS_NS}}}CanonicalizationMethod": C14N2,
        f"{{{DS_NS}}}SignatureMethod": ED25519_URI,
    }
    for tag, algorithm in expected.items():
        if _only(info, tag).get("Algorithm") != algorithm:
            raise ProofError("Signaturen använder en algoritm som inte stöds.")
    reference = _only(info, f"{{{DS_NS}}}Reference")
    transforms = _only(reference, f"{{{DS_NS}}}Transforms").findall(f"{{{DS_NS}}}Transform")
    if [t.get("Algorithm") for t in transforms] != [C14N2] or _only(
        reference, f"{{{DS_NS}}}DigestMethod"
    ).get("Algorithm") != SHA256_URI:
        raise ProofError("Signaturen använder en algoritm som inte stöds.")


def _signed_data(data: ET.Element) -> SignedData:
    def text_of(parent: ET.Element, tag: str, required: bool = True) -> str | None:
        found = parent.findall(tag)
        if len(found) > 1:
            raise ProofError("Den signerade datan har ett fält två gånger.")
        if not found:
            if required:
                raise ProofError("Den signerade datan saknar ett fält.")
            return None
        return found[0].text or ""

    def decoded(tag: str) -> str | None:
        value = text_of(data, f"{{{BANKID_NS}}}{tag}", required=False)
        if value is None:
            return None
        try:
            return _unb64(value).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProofError("Den signerade datan är inte UTF-8.") from exc

    simulator = data.findall(f"{{{SIMULATOR_NS}}}simulator")
    if len(simulator) != 1:
        raise ProofError("Signaturen är inte gjord av BankID-simulatorn.")
    fields = {
        name: text_of(simulator[0], f"{{{SIMULATOR_NS}}}{name}") or "" for name in _SIM_FIELDS
    }
    return SignedData(
        order_ref=fields["orderRef"],
        kind=fields["kind"],
        personal_number=fields["personalNumber"],
        name=fields["name"],
        signed_at=fields["signedAt"],
        user_visible_data=decoded("usrVisibleData"),
        user_non_visible_data=decoded("usrNonVisibleData"),
    )


def _personal_number(certificate: x509.Certificate) -> str | None:
    found = certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    value = found[0].value if found else None
    return value if isinstance(value, str) else None


def verifies(
    public_key: object, signature: bytes, data: bytes, hash_algorithm: hashes.HashAlgorithm | None
) -> bool:
    """Whether ``signature`` over ``data`` verifies with ``public_key`` (any usual kind)."""
    try:
        if isinstance(public_key, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
            public_key.verify(signature, data)
        elif isinstance(public_key, ec.EllipticCurvePublicKey) and hash_algorithm is not None:
            public_key.verify(signature, data, ec.ECDSA(hash_algorithm))
        elif isinstance(public_key, rsa.RSAPublicKey) and hash_algorithm is not None:
            public_key.verify(signature, data, padding.PKCS1v15(), hash_algorithm)
        else:
            return False
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False
    return True
