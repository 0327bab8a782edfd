"""Contract: one municipality's objects do not exist for another's users (404), and a
person's name is not one municipality's to change (the Kalle Anka case)."""

from __future__ import annotations

import pytest

from kawebb_desktop.domain.errors import NotFound
from kawebb_desktop.domain.queries import CaseQuery, UserQuery
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.api import (
    Caller,
    ChangeUser,
    CreateUser,
    DiscardPending,
    EditPending,
    RemoveUser,
    SetEndDate,
    StartSigning,
    VersionedId,
)
from kawebb_desktop.signing.base import CollectStatus
from tests.services.backends import (
    ARVID,
    ASELE,
    DOROTEA,
    MARTA,
    VILHELMINA,
    Backend,
    new_draft,
)


def test_another_organisations_ids_are_not_found(backend: Backend) -> None:
    services = backend.services
    users, signing = services.users, services.signing
    dorotea = backend.caller(ARVID, DOROTEA)
    asele = backend.caller(MARTA, ASELE)

    # Dorotea's objects, as Dorotea sees them.
    dorotea_user = users.list_users(dorotea, UserQuery(text="Aronsson")).items[0].user
    pending = users.create_user(dorotea, CreateUser(new_draft()))
    dorotea_unit = services.organisations.units(dorotea)[0]
    order = signing.start(dorotea, StartSigning())

    # Märta, in Åsele, asks for them by id.
    with pytest.raises(NotFound):
        users.get_user(asele, dorotea_user.id)
    with pytest.raises(NotFound):
        users.change_user(
            asele,
            ChangeUser(
                dorotea_user.id,
                dorotea_user.version,
                new_draft(Personnummer(dorotea_user.personnummer.value)),
            ),
        )
    with pytest.raises(NotFound):
        users.remove_user(asele, RemoveUser(dorotea_user.id, dorotea_user.version))
    with pytest.raises(NotFound):
        users.set_end_date(
            asele,
            SetEndDate(
                (VersionedId(dorotea_user.id, dorotea_user.version),), pending.draft.start_date
            ),
        )
    with pytest.raises(NotFound):
        users.edit_pending(asele, EditPending(pending.id, pending.version, new_draft()))
    with pytest.raises(NotFound):
        users.discard_pending(asele, DiscardPending(pending.id, pending.version))
    with pytest.raises(NotFound):
        services.cases.list_cases(asele, CaseQuery(unit_id=dorotea_unit.id))
    with pytest.raises(NotFound):
        signing.collect(asele, order.order_ref)
    with pytest.raises(NotFound):
        signing.qr(asele, order.order_ref)
    with pytest.raises(NotFound):
        signing.cancel(asele, order.order_ref)

    # …or names Dorotea's organisation id with her own session.
    in_dorotea = Caller(asele.token, dorotea.organisation_id)
    with pytest.raises(NotFound):
        signing.receipts(in_dorotea)
    with pytest.raises(NotFound):
        users.list_users(in_dorotea, UserQuery())
    with pytest.raises(NotFound):
        users.list_pending(in_dorotea)
    with pytest.raises(NotFound):
        services.organisations.organisation(in_dorotea)
    with pytest.raises(NotFound):
        services.organisations.units(in_dorotea)
    with pytest.raises(NotFound):
        services.cases.list_cases(in_dorotea, CaseQuery(unit_id=dorotea_unit.id))
    with pytest.raises(NotFound):
        users.create_user(in_dorotea, CreateUser(new_draft()))
    with pytest.raises(NotFound):
        signing.start(in_dorotea, StartSigning())

    # Nothing of Dorotea's changed.
    assert users.list_pending(dorotea) == [pending]
    assert users.get_user(dorotea, dorotea_user.id) == dorotea_user
    assert signing.collect(dorotea, order.order_ref).status is CollectStatus.PENDING
    signing.cancel(dorotea, order.order_ref)
    assert signing.collect(dorotea, order.order_ref).status is CollectStatus.FAILED


def test_kalle_anka_cannot_rename_arvid(backend: Backend) -> None:
    """In Åsele, *Skapa* with Arvid Aronsson's personnummer and the name "Kalle Anka",
    then *Signera*: Arvid is still Arvid Aronsson in Dorotea, Vilhelmina and /me."""
    users = backend.services.users
    asele = backend.caller(MARTA, ASELE)
    arvid = Personnummer(backend.personnummer(ARVID))

    registered = users.registered_person(asele, arvid)
    assert registered is not None and registered.full_name == ARVID
    created = users.create_user(
        asele, CreateUser(new_draft(arvid, first="Kalle", last="Anka", role=Role.LASARE))
    )
    assert created.draft.full_name == ARVID  # the registered name, not what was typed
    progress = backend.sign(asele)
    assert progress.status is CollectStatus.COMPLETE, progress
    assert progress.receipt is not None and "Kalle" not in progress.receipt.document
    try:
        for organisation in (DOROTEA, VILHELMINA):
            caller = backend.caller(ARVID, organisation)
            rows = users.list_users(caller, UserQuery(text=arvid.value)).items
            assert [r.user.full_name for r in rows] == [ARVID], organisation
            assert users.list_users(caller, UserQuery(text="Kalle Anka")).total == 0
        in_asele = users.list_users(asele, UserQuery(text=arvid.value)).items
        assert [r.user.full_name for r in in_asele] == [ARVID]
        token = backend.login(ARVID).token
        assert token is not None
        me = backend.services.auth.me(token)
        assert me.person.full_name == ARVID
        assert {c.name for c in me.authorizations} == {DOROTEA, VILHELMINA, ASELE}
        actor = backend.services.auth.enter(token, backend.org_id(DOROTEA))
        assert actor.name == ARVID
    finally:
        # Leave the demo as it was: Arvid has no authorization in Åsele.
        row = users.list_users(asele, UserQuery(text=arvid.value)).items[0]
        users.remove_user(asele, RemoveUser(row.user.id, row.user.version))
        assert backend.sign(asele).status is CollectStatus.COMPLETE
