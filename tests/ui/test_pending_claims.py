"""*Ändringar att signera* shows a waiting *Begär ersättning* (issue 9) with the other
kinds, and signs it with them: one BankID signing, one receipt, the claim sent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.changes import ChangeKind, ClaimDraft
from kawebb_desktop.domain.compensation import CompensationKind, FieldOfWork
from kawebb_desktop.domain.entities import Case, CaseKind, CaseStatus, ClaimQuery, ClaimStatus
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.api import CreateClaim, Services, caller_of
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.main_window import MainWindow
from tests.ui.conftest import Driver
from tests.ui.test_pending_changes import (
    actor_of,
    keep_one_user_change,
    open_pending,
    row_of_kind,
    sign_shown,
    texts,
)


def compensation_case(store: Store, organisation_id: int) -> Case:
    with store.unit_of_work(write=True) as uow:
        unit = next(
            u
            for u in uow.units.for_organisation(organisation_id)
            if u.case_kind is CaseKind.ERSATTNINGSARENDE
        )
        case = uow.cases.add(
            Case(
                0,
                organisation_id,
                unit.id,
                9_800_001,
                "Elsa",
                "Åkesson",
                Personnummer("200506071232"),
                CaseStatus.PLANERING,
                dt.date(2026, 1, 1),
                dt.date(2026, 12, 31),
                "Påbörjad",
                dt.date(2026, 1, 1),
            )
        )
        uow.commit()
    return case


def test_a_claim_is_listed_and_signed_with_the_rest(
    qtbot: QtBot, driver: Driver, window: MainWindow, services: Services, store: Store
) -> None:
    driver.login()
    caller = caller_of(actor_of(window))
    keep_one_user_change(services, caller)
    case = compensation_case(store, caller.organisation_id)
    draft = ClaimDraft(
        CompensationKind.EMPLOYMENT,
        FieldOfWork.SCHOOL,
        Decimal(50),
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 31),
    )
    services.claims.create_claim(caller, CreateClaim(case.id, draft))
    view = open_pending(qtbot, window, 2)
    row = row_of_kind(view, ChangeKind.CLAIM)
    kind, action, description, who = texts(view)[row]
    assert (kind, action, who) == ("Begär ersättning", "Ny", "du")
    assert description == "Ärende 9800001, Elsa Åkesson, 11 000,00 kr"
    # The magnifier has no form for a claim: nothing opens.
    view.select_row(row)
    view.edit_selected()
    assert view.dialog is None
    dialog = sign_shown(qtbot, driver, view, 2)
    receipt = dialog.flow.receipt
    assert receipt is not None and receipt.change_count == 2
    dialog.close_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 0 and not view.busy)
    sent = services.claims.claims(caller, ClaimQuery(case_id=case.id)).page.items
    assert [line.claim.status for line in sent] == [ClaimStatus.INSKICKAD]
