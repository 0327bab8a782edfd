"""*Kvittenser*: each role lists and verifies only the receipts whose every change it may
read (the permission matrix, row by row), and the search finds a receipt by its number,
its signer or its signed text."""

from __future__ import annotations

import dataclasses

import pytest

from kawebb_desktop.domain.changes import ChangeKind, ContactDraft
from kawebb_desktop.domain.entities import Receipt
from kawebb_desktop.domain.errors import NotFound, ValidationError
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import EmailAddress
from kawebb_desktop.services.api import CreateContact, CreateUser
from kawebb_desktop.services.signing import may_read_receipt, readable_kinds, receipt_kinds
from tests.helpers import draft, sign_all
from tests.unit.services.conftest import World


def _signed_user_and_contact(world: World) -> tuple[Receipt, Receipt]:
    """A receipt of a new user (signed by the admin) and one of a new contact person
    (signed by the tjänsteadministratör)."""
    world.services.users.create_user(world.admin, CreateUser(draft()))
    users = sign_all(world.services, world.clock, world.admin_actor).receipt
    contact = ContactDraft(
        "Greta",
        "Ödmark",
        EmailAddress("greta.odmark@dorotea.se"),
        unit_ids=(world.unit.id,),
        administrative=True,
    )
    world.services.organisations.create_contact(world.service, CreateContact(contact))
    contacts = sign_all(world.services, world.clock, world.service_actor).receipt
    assert users is not None and contacts is not None
    return users, contacts


def test_each_role_sees_only_the_receipts_it_may_read_in_full(world: World) -> None:
    users, contacts = _signed_user_and_contact(world)
    signing = world.services.signing

    assert signing.receipts(world.admin).items == (contacts, users)  # newest first
    assert signing.receipts(world.service).items == (contacts,)
    assert signing.verify_receipt(world.service, contacts.id).ok
    with pytest.raises(NotFound, match="Kvittensen finns inte"):
        signing.verify_receipt(world.service, users.id)


def test_the_search_finds_a_receipt_by_number_signer_or_signed_text(world: World) -> None:
    users, contacts = _signed_user_and_contact(world)

    def found(text: str) -> tuple[int, ...]:
        return tuple(r.id for r in world.services.signing.receipts(world.admin, 0, 20, text).items)

    assert found(str(users.id)) == (users.id,)
    assert found("viking") == (contacts.id,)  # the signer, in any case
    assert found("Ödmark") == (contacts.id,)  # the signed text, as typed
    assert found("ödmark greta") == (contacts.id,)  # every word, folded
    assert found("sandin") == (users.id,)
    assert found("kommun") == (contacts.id, users.id)
    assert found("100%_") == ()
    with pytest.raises(ValidationError):
        world.services.signing.receipts(world.admin, 0, 20, "x" * 201)


def test_the_kinds_a_role_reads_follow_the_matrix() -> None:
    assert readable_kinds(Role.BEHORIGHETSADMINISTRATOR) == frozenset(ChangeKind)
    assert ChangeKind.USER not in readable_kinds(Role.TJANSTEADMINISTRATOR)
    assert readable_kinds(Role.LARARE) == {ChangeKind.CONTACT, ChangeKind.DOCUMENT}
    assert ChangeKind.CLAIM not in readable_kinds(Role.REGISTRERARE)
    assert readable_kinds(Role.LASARE) == frozenset(ChangeKind) - {ChangeKind.USER}


def test_a_damaged_change_set_is_shown_only_to_a_role_that_reads_every_kind(
    world: World,
) -> None:
    _users, contacts = _signed_user_and_contact(world)
    damaged = dataclasses.replace(contacts, document="{not json")
    assert receipt_kinds(damaged) == frozenset(ChangeKind)
    assert may_read_receipt(Role.BEHORIGHETSADMINISTRATOR, damaged)
    assert not may_read_receipt(Role.TJANSTEADMINISTRATOR, damaged)
    assert may_read_receipt(Role.TJANSTEADMINISTRATOR, contacts)
