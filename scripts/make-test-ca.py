"""Make the BankID simulator's test CA: ``resources/bankid/simulator-test-ca*.pem``.

Run once (``python scripts/make-test-ca.py``); the files are committed and ship with the
app as ``kawebb_desktop.resources``. The simulator issues every simulated person's BankID
certificate, and signs every OCSP response, with this CA; ``signing/proof.py`` checks
receipts against its certificate, so a receipt verifies in any process, at any time.

The private key is a TEST key and not a secret: it is published with the program, as
BankID's own test CA is. A signature that verifies against this CA therefore proves
nothing about a real person. It only means that the simulator made it and that nothing
has been changed since. Production receipts are verified against BankID's real CA.

Running it again makes a NEW CA: receipts made under the old one no longer verify. Pass
``--force`` to overwrite existing files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import NameOID

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "bankid"
CERT = OUT / "simulator-test-ca.pem"
KEY = OUT / "simulator-test-ca-TEST-KEY.pem"

#: Valid for a century: receipts must verify long after they were made.
NOT_BEFORE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
NOT_AFTER = dt.datetime(2125, 1, 1, tzinfo=dt.UTC)

NAME = x509.Name(
    [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "KA Webb Desktop BankID-simulator"),
        x509.NameAttribute(
            NameOID.COMMON_NAME, "KA Webb Desktop BankID-simulator Test CA (ENDAST TEST)"
        ),
    ]
)


def make_ca() -> tuple[ed25519.Ed25519PrivateKey, x509.Certificate]:
    key = ed25519.Ed25519PrivateKey.generate()
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(NAME)
        .issuer_name(NAME)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, None)
    )
    return key, cert


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="overwrite existing files")
    args = parser.parse_args(argv)
    if not args.force and (CERT.exists() or KEY.exists()):
        print(f"{CERT.name} or {KEY.name} exists already (use --force)", file=sys.stderr)
        return 1
    key, cert = make_ca()
    OUT.mkdir(parents=True, exist_ok=True)
    CERT.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    header = (
        b"# TEST KEY of the KA Webb Desktop BankID simulator's test CA. Not a secret:\n"
        b"# it ships with the program. Never trust it for anything but the simulator.\n"
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    KEY.write_bytes(header + pem)
    print(f"wrote {CERT.relative_to(ROOT)} and {KEY.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
