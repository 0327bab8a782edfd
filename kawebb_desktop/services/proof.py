"""Verifying receipts and audit chains in a store: what ``SigningService.verify_receipt``
(the *Verifiera* button, local and remote) and ``kawebb receipt verify`` / ``kawebb audit
verify`` share. The checks themselves are pure: ``signing/proof.py`` (a receipt against
a CA certificate) and ``domain/audit_chain.py`` (a chain's links and head).
"""

from __future__ import annotations

from collections.abc import Iterator

from cryptography import x509

from kawebb_desktop.domain import audit_chain
from kawebb_desktop.domain.audit_chain import ChainCheck, Link, ReceiptCheck
from kawebb_desktop.domain.entities import Receipt
from kawebb_desktop.signing.proof import verify_receipt
from kawebb_desktop.store.base import UnitOfWork

#: Links read per query while walking a chain.
WINDOW = 1000


def previous_hash(uow: UnitOfWork, receipt: Receipt) -> str | None:
    """The hash of the link before ``receipt`` in its chain (:data:`GENESIS` for the
    first link), or ``None`` when that link is not in the store."""
    if receipt.chain_seq <= 1:
        return audit_chain.GENESIS if receipt.chain_seq == 1 else None
    before = uow.audit.link(receipt.organisation_id, receipt.chain_seq - 1)
    return None if before is None else before.hash


def check_receipt(uow: UnitOfWork, receipt: Receipt, ca: x509.Certificate | None) -> ReceiptCheck:
    """All checks of ``receipt`` (see ``signing.proof.verify_receipt``)."""
    return verify_receipt(receipt, ca, previous_hash(uow, receipt))


def chain_links(uow: UnitOfWork, chain_id: int) -> Iterator[Link]:
    """Every link of the chain in order, read :data:`WINDOW` at a time."""
    after: int | None = None
    while True:
        window = uow.audit.links(chain_id, after, WINDOW)
        if not window:
            return
        yield from window
        after = audit_chain.seq_of(window[-1])


def check_chain(uow: UnitOfWork, chain_id: int) -> ChainCheck:
    """Walk one chain from its first link to its head (``domain.audit_chain.walk``)."""
    return audit_chain.walk(chain_id, chain_links(uow, chain_id), uow.audit.head(chain_id))


def check_chains(uow: UnitOfWork, chain_ids: list[int] | None = None) -> list[ChainCheck]:
    """Walk the given chains (default: every chain in the store)."""
    return [check_chain(uow, chain_id) for chain_id in chain_ids or uow.audit.chain_ids()]
