"""``kawebb receipt verify N`` and ``kawebb audit verify``: proof, checked on a store.

``kawebb receipt verify N [--data-dir DIR] [--store URL] [--ca FILE]`` checks receipt N
(its signature against the CA — by default the BankID simulator's test CA that ships
with the app — the signed data, the change set, the OCSP response and its place in the
audit chain); the *Verifiera* button runs the same checks (``services/proof.py``).

``kawebb audit verify [--data-dir DIR] [--store URL] [--organisation ID]`` walks the
audit chains (every chain, or one organisation's; ``0`` is the chain of entries without
an organisation) and names the first link that does not fit.

Exit codes: 0 when everything holds, 1 when something does not, 2 on a usage error or
when the store cannot be read. Reading a store migrates it to this version's schema
first, like every other command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kawebb_desktop.argtypes import non_negative, positive, store_options
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.settings import SettingsError, load_settings

if TYPE_CHECKING:
    from cryptography import x509

    from kawebb_desktop.domain.audit_chain import ChainCheck, ReceiptCheck
    from kawebb_desktop.domain.entities import Receipt
    from kawebb_desktop.store.base import Store

COMMANDS = ("receipt", "audit")

OK, FAILED, UNUSABLE = 0, 1, 2


def add_proof_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    receipt = sub.add_parser("receipt", help="kvittenser")
    receipt_verbs = receipt.add_subparsers(dest="verb", required=True)
    verify = receipt_verbs.add_parser(
        "verify", help="kontrollera en kvittens (signatur, OCSP, ändringar, granskningskedja)"
    )
    verify.add_argument("receipt_id", type=positive, metavar="N", help="kvittensens nummer")
    store_options(verify)
    verify.add_argument(
        "--ca",
        type=Path,
        metavar="FIL",
        help="CA-certifikat att kontrollera signaturen mot (PEM eller DER; standard: "
        "BankID-simulatorns test-CA)",
    )
    audit = sub.add_parser("audit", help="granskningsloggen")
    audit_verbs = audit.add_subparsers(dest="verb", required=True)
    walk = audit_verbs.add_parser("verify", help="kontrollera granskningskedjorna")
    store_options(walk)
    walk.add_argument(
        "--organisation",
        type=non_negative,
        metavar="ID",
        help="bara denna organisations kedja (0: poster utan organisation)",
    )


def run_proof(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        settings = load_settings(args.data_dir, store_url=args.store)
    except SettingsError as exc:
        print(f"kawebb: {exc}", file=sys.stderr)
        return UNUSABLE
    if settings.uses_default_store and not settings.store_path.exists():
        print(f"kawebb: det finns ingen databas i {settings.store_path}.", file=sys.stderr)
        return UNUSABLE
    ca: x509.Certificate | None = None
    if args.command == "receipt":
        try:
            ca = _trust_anchor(args.ca)
        except (OSError, DomainError, ValueError) as exc:
            print(f"kawebb: {_reason(exc)}", file=sys.stderr)
            return UNUSABLE
    from kawebb_desktop.app import open_configured_store

    try:
        store = open_configured_store(settings)
    except DomainError as exc:
        print(f"kawebb: {exc.message}", file=sys.stderr)
        return UNUSABLE
    try:
        if args.command == "receipt":
            return _verify_receipt(store, args.receipt_id, ca, out)
        return _verify_audit(store, args.organisation, out)
    except DomainError as exc:
        print(f"kawebb: {exc.message}", file=sys.stderr)
        return UNUSABLE
    finally:
        store.close()


def _verify_receipt(store: Store, receipt_id: int, ca: x509.Certificate | None, out: TextIO) -> int:
    from kawebb_desktop.services.proof import check_receipt
    from kawebb_desktop.signing.proof import ca_name

    with store.unit_of_work() as uow:
        receipt = uow.receipts.get(receipt_id)
        if receipt is None:
            print(
                f"kawebb: kvittens {receipt_id} finns inte i {store.description}.", file=sys.stderr
            )
            return UNUSABLE
        result = check_receipt(uow, receipt, ca)
    print(_receipt_heading(receipt), file=out)
    if ca is not None:
        print(f"  Kontrollerad mot: {ca_name(ca)}", file=out)
    _print_checks(result, out)
    if result.ok:
        print(f"Kvittens {receipt_id} håller.", file=out)
        return OK
    first = result.failures[0]
    print(f"Kvittens {receipt_id} håller INTE: {first.message}", file=out)
    return FAILED


def _verify_audit(store: Store, organisation: int | None, out: TextIO) -> int:
    from kawebb_desktop.services.proof import check_chains

    with store.unit_of_work() as uow:
        unknown = (
            organisation
            and uow.organisations.get(organisation) is None
            and not uow.audit.links(organisation, None, 1)
        )
        if unknown:
            print(f"kawebb: organisation {organisation} finns inte.", file=sys.stderr)
            return UNUSABLE
        chosen = None if organisation is None else [organisation]
        results = check_chains(uow, chosen)
        heads = {r.chain_id: uow.audit.head(r.chain_id) for r in results}
    if not results:
        print(f"Granskningsloggen i {store.description} är tom.", file=out)
        return OK
    for result in results:
        head = heads[result.chain_id]
        suffix = f" Huvud: {head.hash}" if result.ok and head is not None else ""
        print(f"{'OK ' if result.ok else 'FEL'} {result.message}{suffix}", file=out)
    failed = [r for r in results if not r.ok]
    if failed:
        print(_first_failure(failed[0]), file=out)
        return FAILED
    total = sum(r.links for r in results)
    chains = "1 kedja" if len(results) == 1 else f"{len(results)} kedjor"
    links = "1 länk" if total == 1 else f"{total} länkar"
    print(f"Granskningsloggen håller: {chains}, {links}.", file=out)
    return OK


def _first_failure(result: ChainCheck) -> str:
    if result.failed_id is None:
        return "Granskningsloggen håller INTE (se ovan)."
    what = "kvittens" if result.failed_is_receipt else "loggpost"
    return (
        f"Granskningsloggen håller INTE: första post som inte stämmer är {what} {result.failed_id}."
    )


def _receipt_heading(receipt: Receipt) -> str:
    when = receipt.signed_at.strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"Kvittens {receipt.id}: {receipt.change_count} ändring(ar), signerad {when} "
        f"av {receipt.signer_name} (SHA-256 {receipt.digest})"
    )


def _print_checks(result: ReceiptCheck, out: TextIO) -> None:
    for check in result.checks:
        print(f"  {'OK ' if check.ok else 'FEL'} {check.name}: {check.message}", file=out)


def _trust_anchor(path: Path | None) -> x509.Certificate:
    from kawebb_desktop.signing.proof import load_certificate, simulator_ca_certificate

    if path is None:
        return simulator_ca_certificate()
    return load_certificate(path.read_bytes())


def _reason(exc: BaseException) -> str:
    if isinstance(exc, DomainError):
        return exc.message
    if isinstance(exc, OSError):
        name = exc.filename if exc.filename is not None else "Filen"
        if isinstance(exc, FileNotFoundError):
            return f"{name} finns inte."
        if isinstance(exc, PermissionError):
            return f"{name} får inte läsas (behörighet saknas)."
        return f"{name} kunde inte läsas."
    return str(exc)
