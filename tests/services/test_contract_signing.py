"""Contract: signing orders (QR, cancel, idempotent start) and idempotent writes."""

from __future__ import annotations

import dataclasses

import pytest

from kawebb_desktop.domain.errors import Conflict
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.services.api import (
    CreateUser,
    DiscardPending,
    StartSigning,
    VersionedId,
)
from kawebb_desktop.signing.base import CollectStatus
from tests.services.backends import ARVID, DOROTEA, Backend, new_draft


def test_a_signing_order_shows_qr_and_can_be_cancelled(backend: Backend) -> None:
    signing = backend.services.signing
    caller = backend.caller(ARVID, DOROTEA)
    backend.services.users.create_user(caller, CreateUser(new_draft(first="Qr", last="Kod")))
    order = signing.start(caller, StartSigning())
    assert order.change_count == 1
    assert "Qr Kod" in order.summary and DOROTEA in order.summary
    assert order.qr_data.startswith("bankid.") and order.auto_start_token
    assert signing.qr(caller, order.order_ref).startswith("bankid.")
    pending = signing.collect(caller, order.order_ref)
    assert pending.status is CollectStatus.PENDING and pending.message
    signing.cancel(caller, order.order_ref)
    signing.cancel(caller, order.order_ref)  # cancelling twice is cancelling once
    failed = signing.collect(caller, order.order_ref)
    assert failed.status is CollectStatus.FAILED and failed.receipt is None
    assert failed.hint_code == "cancelled"
    # Nothing was applied: the change still waits.
    assert len(backend.services.users.list_pending(caller)) == 1


def test_idempotent_retry_of_create_user(backend: Backend) -> None:
    """The same CreateUser command (same key) sent twice: one pending change and equal
    answers; the same key with another draft: Conflict, nothing changed."""
    users = backend.services.users
    caller = backend.caller(ARVID, DOROTEA)
    command = CreateUser(new_draft(first="Idem", last="Potent"))
    first = users.create_user(caller, command)
    second = users.create_user(caller, command)
    assert second == first
    same_person = [
        p for p in users.list_pending(caller) if p.draft.personnummer == command.draft.personnummer
    ]
    assert same_person == [first]

    other = CreateUser(new_draft(first="Annan", last="Person"), key=command.key)
    with pytest.raises(Conflict) as caught:
        users.create_user(caller, other)
    assert "Idempotensnyckeln" in caught.value.message
    assert users.list_pending(caller) == [first]

    # A retried discard is answered again and changes nothing more.
    discard = DiscardPending(first.id, first.version)
    users.discard_pending(caller, discard)
    users.discard_pending(caller, discard)
    assert users.list_pending(caller) == []


def test_idempotent_retry_of_start_signing(backend: Backend) -> None:
    signing = backend.services.signing
    caller = backend.caller(ARVID, DOROTEA)
    backend.services.users.create_user(caller, CreateUser(new_draft()))
    command = StartSigning()
    first = signing.start(caller, command)
    again = signing.start(caller, command)
    assert again == first
    assert len(first.digest) == 64  # the SHA-256 the receipt will carry
    signing.cancel(caller, first.order_ref)


def test_a_key_is_the_persons_own(backend: Backend) -> None:
    """Another person's key collides with nothing: keys are per person."""
    users = backend.services.users
    dorotea = backend.caller(ARVID, DOROTEA)
    command = CreateUser(new_draft(role=Role.LASARE))
    mine = users.create_user(dorotea, command)
    # The same key from Märta's session in Åsele is a different request altogether.
    from tests.services.backends import ASELE, MARTA

    asele = backend.caller(MARTA, ASELE)
    theirs = users.create_user(asele, dataclasses.replace(command))
    assert theirs.change.organisation_id == asele.organisation_id
    assert mine.change.organisation_id == dorotea.organisation_id
    assert theirs.id != mine.id


def test_signing_signs_exactly_the_confirmed_set(backend: Backend) -> None:
    """StartSigning names the changes the user confirmed (ids and versions): the order
    covers exactly those; a pending set that differs — a change added, edited or
    discarded since — is a Conflict, and no order is started."""
    users, signing = backend.services.users, backend.services.signing
    caller = backend.caller(ARVID, DOROTEA)
    first = users.create_user(caller, CreateUser(new_draft(first="Först", last="Bekräftad")))
    confirmed = (VersionedId(first.id, first.version),)
    second = users.create_user(caller, CreateUser(new_draft(first="Sen", last="Tillkommen")))

    with pytest.raises(Conflict) as caught:
        signing.start(caller, StartSigning(changes=confirmed))
    assert "ändrats sedan" in caught.value.message
    stale = (VersionedId(first.id, first.version + 1), VersionedId(second.id, second.version))
    with pytest.raises(Conflict):
        signing.start(caller, StartSigning(changes=stale))
    with pytest.raises(Conflict):
        signing.start(caller, StartSigning(changes=()))
    assert [p.id for p in users.list_pending(caller)] == [first.id, second.id]

    both = (VersionedId(second.id, second.version), VersionedId(first.id, first.version))
    order = signing.start(caller, StartSigning(changes=both))
    assert order.change_count == 2
    assert "Först Bekräftad" in order.summary and "Sen Tillkommen" in order.summary
    signing.cancel(caller, order.order_ref)


def test_the_preview_digest_is_the_orders_and_the_receipts(backend: Backend) -> None:
    """*Granska* shows the SHA-256 before any order: the preview computes it as start
    does, so the order and then the receipt carry the same digest; a set that differs
    from what waits is a Conflict there too, and a preview starts no order."""
    users, signing = backend.services.users, backend.services.signing
    caller = backend.caller(ARVID, DOROTEA)
    change = users.create_user(caller, CreateUser(new_draft(first="Före", last="Granskad")))
    confirmed = (VersionedId(change.id, change.version),)
    preview = signing.preview(caller, confirmed)
    assert len(preview.digest) == 64 and preview.change_count == 1
    assert "Före Granskad" in preview.summary
    assert signing.preview(caller, None) == preview
    with pytest.raises(Conflict):
        signing.preview(caller, (VersionedId(change.id, change.version + 1),))
    order = signing.start(caller, StartSigning(changes=confirmed))
    assert order.digest == preview.digest and order.summary == preview.summary
    backend.phone.approve(order.order_ref)
    progress = signing.collect(caller, order.order_ref)
    for _ in range(200):
        if progress.status is not CollectStatus.PENDING:
            break
        progress = signing.collect(caller, order.order_ref)
    assert progress.receipt is not None
    assert progress.receipt.digest == preview.digest
