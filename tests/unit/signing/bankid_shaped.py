"""Real-BankID-shaped signatures for tests, made with throw-away keys (never BankID's).

A root CA → a bank's CA → a user's certificate (personnummer in ``serialNumber``, as
BankID's), the bank's OCSP responder, and ``completionData``'s ``signature`` and
``ocspResponse`` in BankID's format: an enveloping XMLDSig with BankID's element names,
namespaces, Ids and two references (``#bidSignedData`` and ``#bidKeyInfo``), RSA-SHA256
over the canonicalisation the document names (inclusive Canonical XML 1.0, as BankID's
own test signature in ``data/`` names it, with the same redundant namespace declarations
on ``SignedInfo`` and ``KeyInfo``), and an OCSP response whose nonce is BankID's: SHA-1
of the base64 signature, then 12 random bytes.

The XML is written here as text and canonicalised with lxml's exclusive Canonical XML —
for BankID's format (every element in a default namespace, no prefixes) the same bytes
as inclusive Canonical XML 1.0 — so the verifier under test (signxml) is checked
against an independent maker, not against itself.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from functools import cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from lxml import etree

DS = "http://www.w3.org/2000/09/xmldsig#"
BANKID = "http://www.bankid.com/signature/v1.0.0/types"
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
T0 = dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)
VALID_FROM = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
VALID_TO = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Issued:
    certificate: x509.Certificate
    key: rsa.RSAPrivateKey


@dataclass(frozen=True)
class Pki:
    root: Issued
    bank: Issued
    user: Issued
    responder: Issued


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def subject_name(
    common: str, *, serial: str | None = None, given: str = "", surname: str = ""
) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "SE")]
    if surname:
        parts.append(x509.NameAttribute(NameOID.SURNAME, surname))
    if given:
        parts.append(x509.NameAttribute(NameOID.GIVEN_NAME, given))
    if serial:
        parts.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common))
    return x509.Name(parts)


def issue(
    subject: x509.Name,
    issuer: Issued | None,
    *,
    ca: bool,
    key: rsa.RSAPrivateKey | None = None,
    ocsp_signing: bool = False,
    not_before: dt.datetime = VALID_FROM,
    not_after: dt.datetime = VALID_TO,
) -> Issued:
    """A certificate for ``subject`` (self-signed when ``issuer`` is None)."""
    key = key or _key()
    signer_key = issuer.key if issuer else key
    issuer_name = issuer.certificate.subject if issuer else subject
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    if ocsp_signing:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.OCSP_SIGNING]), critical=False
        )
    return Issued(builder.sign(signer_key, hashes.SHA256()), key)


def make_pki(
    personnummer: str = "198112289874", given: str = "Anna", surname: str = "Andersson"
) -> Pki:
    root = issue(subject_name("Test Root CA för kvittenstester"), None, ca=True)
    bank = issue(
        subject_name("Testbanken Customer CA för kvittenstester", serial="111111111111"),
        root,
        ca=True,
    )
    user = issue(
        subject_name(f"{given} {surname}", serial=personnummer, given=given, surname=surname),
        bank,
        ca=False,
    )
    responder = issue(subject_name("Testbanken OCSP"), bank, ca=False, ocsp_signing=True)
    return Pki(root, bank, user, responder)


@cache
def pki() -> Pki:
    """The tests' PKI (made once per session: RSA keys take a moment)."""
    return make_pki()


def _c14n(element: etree._Element) -> bytes:
    return etree.tostring(element, method="c14n", exclusive=True)


def signed_data_xml(visible: str, hidden: str, *, function: str = "Signing") -> str:
    """``bankIdSignedData`` as BankID writes it (values base64, as BankID sends them)."""
    rp = _b64(b"cn=FP Testcert 5,name=Testkommunen,serialNumber=2120000000,c=SE")
    return (
        f'<bankIdSignedData xmlns="{BANKID}" Id="bidSignedData">'
        '<usrVisibleData charset="UTF-8" visible="wysiwys">'
        f"{_b64(visible.encode())}</usrVisibleData>"
        f"<usrNonVisibleData>{_b64(hidden.encode())}</usrNonVisibleData>"
        f"<srvInfo><name>{rp}</name><nonce>{_b64(os.urandom(20))}</nonce>"
        f"<displayName>{_b64(b'Testkommunen')}</displayName></srvInfo>"
        f"<clientInfo><funcId>{function}</funcId><version>{_b64(b'Personal=8.0.0')}</version>"
        f"<env><ai><type>{_b64(b'IOS')}</type><deviceInfo>{_b64(b'17.4')}</deviceInfo>"
        "<uhi>abc123</uhi><fsib>0</fsib><utb>cs1</utb>"
        "<requirement><condition><type>CertificatePolicies</type><value>1.2.3.4.25</value>"
        "</condition></requirement><uauth>pin</uauth></ai></env></clientInfo>"
        "</bankIdSignedData>"
    )


def make_signature(
    pki: Pki,
    visible: str,
    hidden: str,
    *,
    chain: tuple[x509.Certificate, ...] | None = None,
    key: rsa.RSAPrivateKey | None = None,
) -> str:
    """``completionData.signature`` (base64) over ``visible`` and ``hidden`` by ``key``
    (the user's), with ``chain`` in KeyInfo (the user's and the bank's certificates)."""
    chain = chain or (pki.user.certificate, pki.bank.certificate)
    key = key or pki.user.key
    certificates = "".join(
        f"<X509Certificate>{_b64(c.public_bytes(serialization.Encoding.DER))}</X509Certificate>"
        for c in chain
    )

    data_xml = signed_data_xml(visible, hidden)  # once: its srvInfo nonce is random

    def document(data_digest: str, key_digest: str, value: str) -> str:
        reference = (
            '<Reference {attrs}><Transforms><Transform Algorithm="{c14n}"></Transform>'
            '</Transforms><DigestMethod Algorithm="{sha}"></DigestMethod>'
            "<DigestValue>{digest}</DigestValue></Reference>"
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
            f'<Signature xmlns="{DS}"><SignedInfo xmlns="{DS}">'
            f'<CanonicalizationMethod Algorithm="{C14N}"></CanonicalizationMethod>'
            f'<SignatureMethod Algorithm="{RSA_SHA256}"></SignatureMethod>'
            + reference.format(
                attrs=f'Type="{BANKID}" URI="#bidSignedData"',
                c14n=C14N,
                sha=SHA256,
                digest=data_digest,
            )
            + reference.format(attrs='URI="#bidKeyInfo"', c14n=C14N, sha=SHA256, digest=key_digest)
            + f"</SignedInfo><SignatureValue>{value}</SignatureValue>"
            f'<KeyInfo xmlns="{DS}" Id="bidKeyInfo"><X509Data>{certificates}</X509Data></KeyInfo>'
            f"<Object>{data_xml}</Object></Signature>"
        )

    ns = {"ds": DS, "b": BANKID}
    draft = etree.fromstring(document("", "", "").encode())
    data = draft.xpath("//b:bankIdSignedData", namespaces=ns)[0]
    key_info = draft.xpath("//ds:KeyInfo", namespaces=ns)[0]
    data_digest = _b64(hashlib.sha256(_c14n(data)).digest())
    key_digest = _b64(hashlib.sha256(_c14n(key_info)).digest())
    digested = etree.fromstring(document(data_digest, key_digest, "").encode())
    signed_info = digested.xpath("//ds:SignedInfo", namespaces=ns)[0]
    value = key.sign(_c14n(signed_info), padding.PKCS1v15(), hashes.SHA256())
    return _b64(document(data_digest, key_digest, _b64(value)).encode())


def make_ocsp(
    pki: Pki,
    signature_b64: str,
    *,
    status: ocsp.OCSPCertStatus = ocsp.OCSPCertStatus.GOOD,
    responder: Issued | None = None,
    certificate: x509.Certificate | None = None,
    nonce: bytes | None = None,
    at: dt.datetime = T0,
) -> str:
    """``completionData.ocspResponse`` (base64): the bank's OCSP responder's answer for
    the user's certificate, bound to ``signature_b64`` as BankID binds it."""
    responder = responder or pki.responder
    if nonce is None:
        bound = hashlib.sha1(signature_b64.encode("utf-8"), usedforsecurity=False).digest()
        nonce = bound + os.urandom(12)
    revoked = status is ocsp.OCSPCertStatus.REVOKED
    response = (
        ocsp.OCSPResponseBuilder()
        .add_response(
            cert=certificate or pki.user.certificate,
            issuer=pki.bank.certificate,
            algorithm=hashes.SHA1(),
            cert_status=status,
            this_update=at,
            next_update=None,
            revocation_time=at - dt.timedelta(days=1) if revoked else None,
            revocation_reason=x509.ReasonFlags.key_compromise if revoked else None,
        )
        .responder_id(ocsp.OCSPResponderEncoding.HASH, responder.certificate)
        .certificates([responder.certificate])
        .add_extension(x509.OCSPNonce(nonce), critical=False)
        .sign(responder.key, hashes.SHA256())
    )
    return _b64(response.public_bytes(serialization.Encoding.DER))
