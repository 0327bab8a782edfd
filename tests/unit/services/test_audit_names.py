"""The audit names people from the store, by id, never from the caller; and what the
services write keeps every audit chain whole."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from kawebb_desktop.services.api import CreateUser, StartSigning, caller_of
from kawebb_desktop.services.common import audit
from kawebb_desktop.services.proof import chain_links, check_chains
from tests.helpers import draft
from tests.unit.services.conftest import World

FORGED = "Mallory Förfalskare"
OTHER_PNR = "198112289874"


def _every_link(world: World) -> list[object]:
    with world.store.unit_of_work() as uow:
        return [link for chain in uow.audit.chain_ids() for link in chain_links(uow, chain)]


def test_a_forged_name_in_an_actor_never_reaches_the_audit(world: World) -> None:
    forged = replace(world.admin_actor, name=FORGED)
    caller = caller_of(forged)
    world.services.users.create_user(caller, CreateUser(draft(pnr=OTHER_PNR)))
    order = world.services.signing.start(caller, StartSigning())
    world.clock.advance(dt.timedelta(seconds=4))
    progress = world.services.signing.collect(caller, order.order_ref)
    assert progress.receipt is not None
    assert progress.receipt.signer_name == "Arvid Aronsson"

    links = _every_link(world)
    assert links
    assert not [link for link in links if FORGED in repr(link)]
    names = {getattr(link, "actor_name", None) for link in links} - {None}
    assert "Arvid Aronsson" in names
    with world.store.unit_of_work() as uow:
        assert all(result.ok for result in check_chains(uow))


def test_audit_reads_the_name_by_id_and_ignores_any_other(world: World) -> None:
    now = world.clock.now()
    with world.store.unit_of_work(write=True) as uow:
        by_id = audit(
            uow,
            now,
            "test",
            "",
            organisation_id=world.org.id,
            actor_person_id=world.admin_actor.person_id,
            bankid_name=FORGED,
        )
        unregistered = audit(uow, now, "test", "", bankid_name="Tolvan Tolvansson")
        uow.rollback()
    assert by_id.actor_name == "Arvid Aronsson"
    # Only somebody the store does not know is named as BankID named them.
    assert unregistered.actor_name == "Tolvan Tolvansson"
