"""*Organisationen > Tjänsteutbud* (services and the units that deliver them) and the *Avtal*
panel of *Uppgifter*, read-only, as AF registered them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kawebb_desktop.demo import personnummer_for
from kawebb_desktop.domain.entities import Agreement, Organisation
from kawebb_desktop.services.api import AgreementView
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.views.agreements import FIELDS, NOT_ACTIVATED, agreement_values
from kawebb_desktop.ui.views.organisation import OrganisationDetailsView, ServiceOfferingView
from tests.ui.conftest import Driver


def offering_view(driver: Driver, window: MainWindow) -> ServiceOfferingView:
    driver.login()
    assert window.workspace is not None
    window.workspace.show_tab("Organisationen", "Tjänsteutbud")
    view = window.workspace.offering
    driver.qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    return view


def details_view(driver: Driver, window: MainWindow) -> OrganisationDetailsView:
    driver.login()
    assert window.workspace is not None
    window.workspace.show_tab("Organisationen", "Uppgifter")
    view = window.workspace.details
    driver.qtbot.waitUntil(lambda: bool(view.agreements.agreements))
    return view


def unit_rows(view: ServiceOfferingView) -> list[tuple[str, str, str]]:
    return [
        (u.name, u.street_address, f"{u.postal_code} {u.city}")
        for u in (view.units.object_at(r) for r in range(view.units.rowCount()))
    ]


def test_services_are_the_master_and_their_units_with_addresses_the_detail(
    driver: Driver, window: MainWindow
) -> None:
    view = offering_view(driver, window)

    services = [view.model.object_at(r).service for r in range(view.model.rowCount())]
    assert services == [
        "Utbildningskontrakt – praktik och arbete",
        "Utbildningskontrakt – studier",
    ]
    # The first service is chosen at once: its units are shown.
    assert view.table.currentIndex().row() == 0
    assert unit_rows(view) == [("Dorotea UBK ersättning", "Storgatan 13", "917 81 Dorotea")]
    assert view.units_title.text() == (
        "Utförande verksamheter för Utbildningskontrakt – praktik och arbete"
    )
    assert view.units.headerData(2, Qt.Orientation.Horizontal) == "Adress"


def test_the_keyboard_chooses_another_service(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    view = offering_view(driver, window)
    view.table.setFocus()

    qtbot.keyClick(view.table, Qt.Key.Key_Down)

    assert unit_rows(view) == [("Dorotea UBK", "Storgatan 13", "917 81 Dorotea")]
    assert view.units_title.text().endswith("Utbildningskontrakt – studier")
    assert view.table.accessibleName() == "Tjänster"
    assert view.units_table.accessibleName() == "Utförande verksamheter"


def test_the_agreement_panel_shows_the_demos_agreement(driver: Driver, window: MainWindow) -> None:
    view = details_view(driver, window)
    panel = view.agreements
    (agreement,) = panel.agreements

    received = agreement.agreement.received_on
    assert panel.fields["Mottaget"].text() == received.isoformat()
    assert panel.fields["Startande behörighetsadministratör"].text() == "Arvid Aronsson"
    assert panel.fields["Aktiveras senast"].text() == (
        (received + dt.timedelta(days=14)).isoformat()
    )
    activated = agreement.agreement.activated_on
    assert activated is not None
    assert panel.fields["Aktiverat"].text() == activated.isoformat()
    assert panel.fields["Ny behörighetsadministratör"].text() == "Nej"
    # One agreement: nothing to choose among.
    assert not panel.choice.isVisibleTo(panel)
    assert not panel.empty.isVisibleTo(panel)
    for key in FIELDS:
        assert panel.fields[key].accessibleName() == key


def dorotea(store: Store) -> Organisation:
    with store.unit_of_work() as uow:
        return next(o for o in uow.organisations.list_all() if o.name == "Dorotea kommun")


def test_a_new_agreement_not_yet_activated_comes_first_and_the_earlier_can_be_chosen(
    qtbot: QtBot, driver: Driver, window: MainWindow, demo: Store
) -> None:
    org = dorotea(demo)
    with demo.unit_of_work(write=True) as uow:
        (first,) = uow.agreements.for_organisation(org.id)
        uow.agreements.add(
            Agreement(
                0,
                org.id,
                first.starting_admin,
                received_on=dt.date(2026, 5, 4),
                concerns_new_admin=True,
            )
        )
        uow.commit()

    view = details_view(driver, window)
    panel = view.agreements
    qtbot.waitUntil(lambda: len(panel.agreements) == 2)

    assert panel.choice.isVisibleTo(panel)
    assert panel.choice.count() == 2
    assert panel.choice.itemText(0) == "Mottaget 2026-05-04"
    assert panel.fields["Aktiveras senast"].text() == "2026-05-18"
    assert panel.fields["Aktiverat"].text() == NOT_ACTIVATED
    assert panel.fields["Ny behörighetsadministratör"].text() == "Ja"

    panel.choice.setCurrentIndex(1)
    assert panel.fields["Mottaget"].text() == first.received_on.isoformat()
    assert panel.fields["Ny behörighetsadministratör"].text() == "Nej"


def test_an_unregistered_starting_admin_is_shown_by_personnummer() -> None:
    number = personnummer_for("19640326", 239)
    view = AgreementView(
        Agreement(1, 1, number, received_on=dt.date(2026, 1, 1)), starting_admin_name=""
    )

    values = agreement_values(view)

    assert values["Startande behörighetsadministratör"] == number.formatted
    assert values["Aktiveras senast"] == "2026-01-15"
    assert values["Aktiverat"] == NOT_ACTIVATED
