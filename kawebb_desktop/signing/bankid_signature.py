"""Real BankID receipts: the ``signature`` and ``ocspResponse`` of RP API v6's
``completionData``, read and checked.

The signature is BankID's XML signature (XMLDSig, "BankID Signature Profile"): an
enveloping ``Signature`` whose ``Object`` holds ``bankIdSignedData`` (Id
``bidSignedData``, namespace :data:`~kawebb_desktop.signing.proof.BANKID_NS`) — the
visible text (``usrVisibleData``), the non-visible data (``usrNonVisibleData``: the
change set's SHA-256, as :mod:`~kawebb_desktop.signing.bankid_rp` sends it), the relying
party (``srvInfo``) and the user's client and device (``clientInfo/env``) — and whose
``KeyInfo`` (Id ``bidKeyInfo``) holds the user's certificate and the bank's CA
certificates. Both are referenced from ``SignedInfo``; the signature is RSA or ECDSA with
SHA-256, made by the user's key; the canonicalisation is the one the document names.

:func:`check_signature` verifies the XML signature with **signxml** (the references'
digests and the signature value, with the canonicalisation the document names; the
signed data is read only from the bytes that were digested) and the certificate chain
from the user's certificate to BankID's root CA with **cryptography**'s path builder, at
the time the receipt was signed — a receipt stays verifiable after the user's certificate
has expired. BankID's root CAs (one for the test environment, one for production) ship
as package resources (``resources/bankid``, see ``docs/bankid.md`` for where they come
from); :func:`bankid_root_ca` reads them.

:func:`check_ocsp` checks the OCSP response as BankID describes it: signed by a
certificate with the same issuer as the user's certificate (the bank's OCSP responder, or
that CA itself), *good* for the user's certificate, and bound to this signature by its
nonce — SHA-1 over the base64 signature as UTF-8, followed by 12 random bytes, 32 bytes in
all.

Every failure raises :class:`~kawebb_desktop.signing.proof.ProofError` with a Swedish
reason.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Final
from xml.etree import ElementTree as ET

from cryptography import x509
from cryptography.exceptions import InvalidSignature as BadSignature
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from cryptography.x509.verification import (
    Criticality,
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)
from signxml.algorithms import DigestAlgorithm, SignatureMethod
from signxml.exceptions import (
    InvalidCertificate,
    InvalidDigest,
    InvalidSignature,
    SignXMLException,
)
from signxml.verifier import SignatureConfiguration, XMLVerifier

from kawebb_desktop.domain.messages import msg
from kawebb_desktop.signing.proof import (
    BANKID_NS,
    DS_NS,
    ProofError,
    SignedData,
    ca_name,
    verifies,
)

#: BankID's root CA of the user certificates, by environment (``resources/bankid``).
ROOT_CA_FILES: Final = {
    "test": "bankid-root-ca-test.pem",
    "production": "bankid-root-ca-production.pem",
}
SIGNED_DATA_ID: Final = "bidSignedData"
_CERTIFICATES: Final = f"{{{DS_NS}}}KeyInfo/{{{DS_NS}}}X509Data/{{{DS_NS}}}X509Certificate"
#: BankID's OCSP nonce: SHA-1 of the base64 signature, then 12 random bytes.
NONCE_LENGTH: Final = 32
#: What BankID signs with (RSA or ECDSA, SHA-2); SHA-1 and HMAC are refused.
_SIGNATURE_METHODS: Final = frozenset(
    {
        SignatureMethod.RSA_SHA256,
        SignatureMethod.RSA_SHA384,
        SignatureMethod.RSA_SHA512,
        SignatureMethod.ECDSA_SHA256,
        SignatureMethod.ECDSA_SHA384,
        SignatureMethod.ECDSA_SHA512,
    }
)
_DIGESTS: Final = frozenset(
    {DigestAlgorithm.SHA256, DigestAlgorithm.SHA384, DigestAlgorithm.SHA512}
)
#: The longest chain from the user's certificate to the root (BankID's has four links).
_MAX_DEPTH: Final = 6
_FUNCTIONS: Final = {"Signing": "sign", "Identification": "auth"}
#: Elements of ``env`` whose text BankID sends base64 encoded.
_BASE64_ENV: Final = frozenset({"type", "deviceInfo"})
#: Elements of ``srvInfo`` whose text BankID sends base64 encoded (UTF-8).
_BASE64_SRV: Final = frozenset({"name", "displayName"})

_CHANGED: Final = (
    "Den signerade datan i signaturen har ändrats efter signeringen (kontrollsumman stämmer inte)."
)
_NOT_VALID_THEN: Final = "Undertecknarens certifikat var inte giltigt när signaturen gjordes."


class _BankIdXmlVerifier(XMLVerifier):
    """signxml's verifier, with one correction for BankID's signatures.

    BankID names inclusive Canonical XML 1.0 and redeclares the default namespace on
    ``SignedInfo`` and ``KeyInfo``. libxml2 (2.13 and 2.14, under lxml) then writes a
    wrong ``xmlns=""`` on their grandchildren, so that a genuine BankID signature does
    not verify (seen with BankID's own test signature in ``tests/unit/signing/data``).
    Every element of BankID's format is in a namespace, so a correct canonical form never
    holds ``xmlns=""``; signxml's switch removes it. The signed data is read only from
    the canonical bytes that were digested, never from the parsed document, so the
    switch cannot make an element in no namespace pass for one of BankID's.
    """

    excise_empty_xmlns_declarations = True


@dataclass(frozen=True, slots=True)
class CheckedSignature:
    """A real BankID signature that verified: what it says and who made it."""

    data: SignedData
    #: The user's certificate, and the CA that issued it (the next link of the chain).
    signer: x509.Certificate
    issuer: x509.Certificate
    #: From the user's certificate to the root.
    chain: tuple[x509.Certificate, ...]


def _resource(name: str) -> bytes:
    return files("kawebb_desktop.resources").joinpath(f"bankid/{name}").read_bytes()


@cache
def bankid_root_ca(environment: str) -> x509.Certificate:
    """BankID's root CA of user certificates in ``environment`` (``test`` or
    ``production``), as shipped with the app."""
    return x509.load_pem_x509_certificate(_resource(ROOT_CA_FILES[environment]))


# -- reading ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Document:
    certificates: tuple[x509.Certificate, ...]
    data: ET.Element


def _unb64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ProofError(msg("{what} är inte giltig base64.", what=what)) from exc


def _raw(signature_b64: str) -> bytes:
    if not isinstance(signature_b64, str) or not signature_b64:
        raise ProofError("Signaturen saknas.")
    return _unb64(signature_b64, msg("Signaturen"))


def _document(raw: bytes) -> _Document:
    """The certificates of ``KeyInfo`` and the ``bankIdSignedData`` element, as written
    (not checked)."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise ProofError("Signaturen är ingen läsbar XML-signatur.") from exc
    if root.tag != f"{{{DS_NS}}}Signature":
        raise ProofError("Signaturen är ingen XML-signatur (XMLDSig).")
    texts = [
        element.text or ""
        for element in root.findall(
            f"{{{DS_NS}}}KeyInfo/{{{DS_NS}}}X509Data/{{{DS_NS}}}X509Certificate"
        )
    ]
    if not texts:
        raise ProofError("Signaturen saknar undertecknarens certifikat.")
    try:
        certificates = tuple(
            x509.load_der_x509_certificate(_unb64(text, msg("Ett certifikat i signaturen")))
            for text in texts
        )
    except ValueError as exc:
        raise ProofError("Ett certifikat i signaturen går inte att läsa.") from exc
    found = root.findall(f"{{{DS_NS}}}Object/{{{BANKID_NS}}}bankIdSignedData")
    if len(found) != 1:
        raise ProofError("Signaturen saknar den signerade datan (bankIdSignedData).")
    return _Document(certificates, found[0])


def _is_ca(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def _signer(certificates: tuple[x509.Certificate, ...]) -> x509.Certificate:
    """The user's certificate: the first one of ``KeyInfo`` that is not a CA's."""
    for certificate in certificates:
        if not _is_ca(certificate):
            return certificate
    raise ProofError("Signaturen saknar undertecknarens certifikat.")


def _attribute(certificate: x509.Certificate, oid: x509.ObjectIdentifier) -> str | None:
    found = certificate.subject.get_attributes_for_oid(oid)
    value = found[0].value if found else None
    return value if isinstance(value, str) else None


def _person(certificate: x509.Certificate) -> tuple[str, str]:
    """The personnummer (the subject's ``serialNumber``) and name of a user certificate."""
    given = _attribute(certificate, NameOID.GIVEN_NAME)
    surname = _attribute(certificate, NameOID.SURNAME)
    name = " ".join(p for p in (given, surname) if p) or _attribute(
        certificate, NameOID.COMMON_NAME
    )
    return _attribute(certificate, NameOID.SERIAL_NUMBER) or "", name or ""


def _text(element: ET.Element | None) -> str | None:
    return None if element is None else (element.text or "")


def _decoded(value: str | None) -> str | None:
    """A base64 field as text if it is UTF-8, else as ``base64:`` and the value (other
    relying parties send binary data; ours sends the digest as text, and a value with a
    colon is never a digest). ``ProofError`` if it is not base64."""
    if value is None:
        return None
    raw = _unb64(value, msg("Ett fält i den signerade datan"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return f"base64:{''.join(value.split())}"


def _lenient(value: str) -> str:
    """A field BankID may send base64 encoded, as text if it decodes, else as it is."""
    try:
        return base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return value


def _leaves(element: ET.Element, path: str = "") -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for child in element:
        local = child.tag.rsplit("}", 1)[-1]
        key = f"{path}/{local}" if path else local
        if len(child):
            pairs.extend(_leaves(child, key))
        else:
            text = child.text or ""
            pairs.append((key, _lenient(text) if local in _BASE64_ENV else text))
    return pairs


def signed_data(data: ET.Element, signer: x509.Certificate) -> SignedData:
    """What ``bankIdSignedData`` says, decoded, with the person of ``signer``."""

    def one(tag: str) -> ET.Element | None:
        found = data.findall(f"{{{BANKID_NS}}}{tag}")
        if len(found) > 1:
            raise ProofError("Den signerade datan har ett fält två gånger.")
        return found[0] if found else None

    server = one("srvInfo")
    server_info: tuple[tuple[str, str], ...] = ()
    if server is not None:
        server_info = tuple(
            (local, _lenient(child.text or "") if local in _BASE64_SRV else child.text or "")
            for child in server
            for local in (child.tag.rsplit("}", 1)[-1],)
        )
    info = dict(server_info)
    client = one("clientInfo")
    function = _text(client.find(f"{{{BANKID_NS}}}funcId")) if client is not None else None
    env = client.find(f"{{{BANKID_NS}}}env") if client is not None else None
    personal_number, name = _person(signer)
    return SignedData(
        order_ref="",
        kind=_FUNCTIONS.get(function or "", function or ""),
        personal_number=personal_number,
        name=name,
        signed_at="",
        user_visible_data=_decoded(_text(one("usrVisibleData"))),
        user_non_visible_data=_decoded(_text(one("usrNonVisibleData"))),
        relying_party=info.get("displayName") or info.get("name"),
        server_info=server_info,
        environment=tuple(_leaves(env)) if env is not None else (),
    )


def read_signed_data(signature_b64: str) -> SignedData | None:
    """What a real BankID signature says, decoded; ``None`` if it cannot be read. This
    does NOT check it (see :func:`check_signature`)."""
    try:
        document = _document(_raw(signature_b64))
        return signed_data(document.data, _signer(document.certificates))
    except ProofError:
        return None


# -- checking -----------------------------------------------------------------------------
def _chain(
    signer: x509.Certificate,
    others: tuple[x509.Certificate, ...],
    root: x509.Certificate,
    at: dt.datetime,
) -> tuple[x509.Certificate, ...]:
    """The path from ``signer`` to ``root`` through ``others`` (the CA certificates of
    ``KeyInfo``), every link valid at ``at``; only ``root`` is trusted."""
    ca_policy = ExtensionPolicy.permit_all().require_present(
        x509.BasicConstraints, Criticality.AGNOSTIC, None
    )
    verifier = (
        PolicyBuilder()
        .store(Store([root]))
        .time(at)
        .max_chain_depth(_MAX_DEPTH)
        .extension_policies(ca_policy=ca_policy, ee_policy=ExtensionPolicy.permit_all())
        .build_client_verifier()
    )
    try:
        verified = verifier.verify(signer, list(others))
    except VerificationError as exc:
        if "not valid at validation time" in str(exc):
            raise ProofError(
                "Ett certifikat i signaturens certifikatkedja var inte giltigt när "
                "signaturen gjordes."
            ) from exc
        raise ProofError(
            msg(
                "Undertecknarens certifikat kedjar inte till {ca}: certifikatkedjan i "
                "signaturen håller inte.",
                ca=ca_name(root),
            )
        ) from exc
    chain = tuple(verified.chain)
    if any(not _is_ca(certificate) for certificate in chain[1:]):  # pragma: no cover
        raise ProofError("En länk i signaturens certifikatkedja är inget CA-certifikat.")
    return chain


def check_signature(
    signature_b64: str, root: x509.Certificate, at: dt.datetime
) -> CheckedSignature:
    """Check a real BankID signature made at ``at`` against BankID's ``root`` CA: the
    XML signature (digests and signature value, with the user's certificate) and the
    certificate chain to ``root``, valid at ``at``. Returns what it says and who made
    it; raises :class:`ProofError` (Swedish) otherwise."""
    raw = _raw(signature_b64)
    document = _document(raw)
    signer = _signer(document.certificates)
    when = at.astimezone(dt.UTC)
    if not signer.not_valid_before_utc <= when <= signer.not_valid_after_utc:
        raise ProofError(_NOT_VALID_THEN)
    config = SignatureConfiguration(
        location="./",
        expect_references=True,
        signature_methods=_SIGNATURE_METHODS,
        digest_algorithms=_DIGESTS,
        verification_time=when,
    )
    try:
        results = _BankIdXmlVerifier().verify(raw, x509_cert=signer, expect_config=config)
    except InvalidDigest as exc:
        # signxml names the reference whose digest failed: the signed data, or KeyInfo.
        if f"#{SIGNED_DATA_ID}" in str(exc):
            raise ProofError(_CHANGED) from exc
        raise ProofError(
            "Certifikaten i signaturen har ändrats efter signeringen (kontrollsumman stämmer inte)."
        ) from exc
    except InvalidCertificate as exc:
        raise ProofError(_NOT_VALID_THEN) from exc
    except InvalidSignature as exc:
        raise ProofError("Signaturvärdet stämmer inte med undertecknarens certifikat.") from exc
    except (SignXMLException, ValueError, SyntaxError, KeyError) as exc:
        raise ProofError(
            "Signaturen följer inte BankIDs signaturformat (XMLDSig) och kan inte kontrolleras."
        ) from exc
    signed = [
        r for r in (results if isinstance(results, list) else [results]) if _is_data(r.signed_data)
    ]
    if len(signed) != 1:
        raise ProofError("Signaturen omfattar inte den signerade datan (bankIdSignedData).")
    others = tuple(c for c in document.certificates if c is not signer)
    chain = _chain(signer, others, root, when)
    data = signed_data(ET.fromstring(signed[0].signed_data), signer)
    return CheckedSignature(data, signer, chain[1], chain)


def _is_data(canonical: bytes) -> bool:
    """Whether the canonical bytes of a reference are BankID's signed data."""
    try:
        element = ET.fromstring(canonical)
    except ET.ParseError:
        return False
    return element.tag == f"{{{BANKID_NS}}}bankIdSignedData" and element.get("Id") == SIGNED_DATA_ID


def _key_hash(certificate: x509.Certificate) -> bytes:
    return x509.SubjectKeyIdentifier.from_public_key(certificate.public_key()).digest


def _responder(response: ocsp.OCSPResponse, issuer: x509.Certificate) -> x509.Certificate:
    """The certificate that signed ``response``: ``issuer`` itself, or an OCSP responder
    that ``issuer`` certified for the purpose (RFC 6960, 4.2.2.2)."""

    def named(certificate: x509.Certificate) -> bool:
        return (
            response.responder_key_hash == _key_hash(certificate)
            or response.responder_name == certificate.subject
        )

    if named(issuer):
        return issuer
    for candidate in response.certificates:
        if not named(candidate):
            continue
        try:
            candidate.verify_directly_issued_by(issuer)
            usage = candidate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        except (ValueError, TypeError, x509.ExtensionNotFound, BadSignature, UnsupportedAlgorithm):
            continue
        if ExtendedKeyUsageOID.OCSP_SIGNING in usage:
            return candidate
    raise ProofError(
        msg(
            "OCSP-svaret är inte utfärdat av {ca}, som utfärdade undertecknarens certifikat, "
            "eller av en OCSP-tjänst som den har utsett.",
            ca=ca_name(issuer),
        )
    )


def check_ocsp(ocsp_b64: str, checked: CheckedSignature, signature_b64: str) -> None:
    """Check that ``ocsp_b64`` is the *good* answer of the bank's OCSP service for the
    signer's certificate, made for this signature (BankID's nonce); raises
    :class:`ProofError` (Swedish) otherwise."""
    try:
        response = ocsp.load_der_ocsp_response(_unb64(ocsp_b64, msg("OCSP-svaret")))
    except (ValueError, ProofError) as exc:
        raise ProofError("OCSP-svaret går inte att läsa.") from exc
    if response.response_status is not ocsp.OCSPResponseStatus.SUCCESSFUL:
        raise ProofError("OCSP-svaret är ett felsvar, inget besked om certifikatet.")
    responder = _responder(response, checked.issuer)
    if not verifies(
        responder.public_key(),
        response.signature,
        response.tbs_response_bytes,
        response.signature_hash_algorithm,
    ):
        raise ProofError("OCSP-svarets signatur stämmer inte med OCSP-tjänstens certifikat.")
    produced = response.produced_at_utc
    if not responder.not_valid_before_utc <= produced <= responder.not_valid_after_utc:
        raise ProofError("OCSP-tjänstens certifikat var inte giltigt när svaret gjordes.")
    expected = (
        ocsp.OCSPRequestBuilder()
        .add_certificate(checked.signer, checked.issuer, response.hash_algorithm)
        .build()
    )
    if (
        response.serial_number != checked.signer.serial_number
        or response.issuer_key_hash != expected.issuer_key_hash
        or response.issuer_name_hash != expected.issuer_name_hash
    ):
        raise ProofError("OCSP-svaret gäller ett annat certifikat än undertecknarens.")
    status = response.certificate_status
    if status is ocsp.OCSPCertStatus.REVOKED:
        raise ProofError("OCSP-svaret säger att undertecknarens certifikat är spärrat.")
    if status is not ocsp.OCSPCertStatus.GOOD:
        raise ProofError("OCSP-tjänsten känner inte till undertecknarens certifikat.")
    try:
        nonce = response.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce
    except x509.ExtensionNotFound as exc:
        raise ProofError("OCSP-svaret saknar nonce och kan inte knytas till signaturen.") from exc
    # BankID's binding (RP API v6, completionData.ocspResponse): SHA-1 of the base64
    # signature as UTF-8, then 12 random bytes. SHA-1 is BankID's choice, not ours.
    bound = hashlib.sha1(signature_b64.encode("utf-8"), usedforsecurity=False).digest()
    if len(nonce) != NONCE_LENGTH or nonce[: len(bound)] != bound:
        raise ProofError("OCSP-svaret hör till en annan signatur.")
