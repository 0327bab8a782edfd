"""*Mitt arbete > Statusöversikt* (issue 9): every sent document with its status as a
table (filtered by status, sorted by a heading, exported) and a QtCharts chart of the
counts per status and month; placed between Begär ersättning and Begärda ersättningar."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from PySide6.QtCharts import QChartView, QStackedBarSeries
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.clock import FixedClock
from kawebb_desktop.domain.documents import DocumentStatus, DocumentType
from kawebb_desktop.services.api import (
    SaveDocument,
    SendDocument,
    Services,
    StatusCount,
    StatusRow,
    caller_of,
)
from kawebb_desktop.store.base import Store
from kawebb_desktop.ui.main_window import MainWindow
from kawebb_desktop.ui.models.documents import StatusTableModel
from kawebb_desktop.ui.views.status_overview import (
    CHART_NAME,
    StatusOverviewView,
    chart_series,
    months_of,
)
from tests.ui.conftest import Driver
from tests.ui.test_documents import GOALS, new_case, sent_and_returned, sign_with_services
from tests.ui.test_pending_changes import actor_of

UTC = dt.UTC


def row(number: int, status: DocumentStatus, sent: dt.datetime) -> StatusRow:
    return StatusRow(1, 2, number, "Elsa Åkesson", DocumentType.PERIODISK_RAPPORT, status, sent)


def test_the_months_are_counted_without_gaps() -> None:
    counts = [
        StatusCount(dt.date(2026, 1, 1), DocumentStatus.INSKICKAD, 3),
        StatusCount(dt.date(2026, 3, 1), DocumentStatus.GODKAND, 2),
        StatusCount(dt.date(2026, 3, 1), DocumentStatus.INSKICKAD, 1),
    ]
    months = months_of(counts)
    assert months == [dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)]
    series = chart_series(counts, months)
    assert series[DocumentStatus.INSKICKAD] == [3, 0, 1]
    assert series[DocumentStatus.GODKAND] == [0, 0, 2]
    assert series[DocumentStatus.RETURNERAD] == [0, 0, 0]
    assert months_of(counts, latest=2) == months[1:]
    assert months_of([]) == []


def test_the_model_passes_the_model_tester(qtmodeltester: object) -> None:
    model = StatusTableModel()
    model.set_rows(
        [
            row(35167, DocumentStatus.INSKICKAD, dt.datetime(2026, 6, 1, 9, tzinfo=UTC)),
            row(35171, DocumentStatus.GODKAND, dt.datetime(2026, 5, 2, 9, tzinfo=UTC)),
        ]
    )
    assert model.data(model.index(0, 3)) == "Inskickad"
    assert model.data(model.index(1, 5)) == ""
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def open_overview(qtbot: QtBot, window: MainWindow) -> StatusOverviewView:
    workspace = window.workspace
    assert workspace is not None and workspace.status_overview is not None
    view = workspace.status_overview
    workspace.show_tab("Mitt arbete", "Statusöversikt")
    view.reload()
    qtbot.waitUntil(lambda: not view.busy and view.overview is not None)
    return view


def test_sent_documents_are_listed_and_charted(
    qtbot: QtBot,
    driver: Driver,
    window: MainWindow,
    services: Services,
    store: Store,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    driver.login()
    workspace = window.workspace
    assert workspace is not None
    tabs = [workspace.work_tabs.tabText(i) for i in range(workspace.work_tabs.count())]
    assert tabs.index("Statusöversikt") == 2
    assert tabs[:4] == ["Översikt", "Begär ersättning", "Statusöversikt", "Begärda ersättningar"]
    case = new_case(store, window)
    caller = caller_of(actor_of(window))
    returned = sent_and_returned(services, store, clock, caller, case)  # sent, then returned
    report = services.documents.save_draft(
        caller,
        SaveDocument(
            case.id,
            DocumentType.PERIODISK_RAPPORT,
            {
                "period_from": GOALS["period_from"],
                "period_to": GOALS["period_to"],
                "attended_hours": "100",
                "absent_hours": "0",
            },
        ),
    )
    services.documents.send_document(caller, SendDocument(report.id, report.version))
    sign_with_services(services, caller)
    view = open_overview(qtbot, window)
    mine = [r for r in view.shown_texts() if r[0] == str(case.case_number)]
    assert sorted(mine) == [
        [str(case.case_number), "Elsa Åkesson", "Gemensam planering",
         "Returnerad för komplettering", "2026-06-15", "2026-06-15"],
        [str(case.case_number), "Elsa Åkesson", "Periodisk rapport", "Inskickad",
         "2026-06-15", ""],
    ]  # fmt: skip
    # The status filter.
    view.status_box.setCurrentIndex(view.status_box.findText("Returnerad för komplettering"))
    assert {r[3] for r in view.shown_texts()} == {"Returnerad för komplettering"}
    assert any(r.document_id == returned.id for r in view.rows())
    # The chart: one series per status, this month's bars counting the sends and return.
    chart = view.findChild(QChartView)
    assert chart is view.chart and chart.accessibleName() == CHART_NAME
    assert isinstance(chart.series, QStackedBarSeries)
    assert chart.series_names() == ["Inskickad", "Godkänd", "Returnerad för komplettering"]
    assert chart.categories()[-1] == "jun 2026"
    assert chart.values("Inskickad")[-1] >= 2
    assert chart.values("Returnerad för komplettering")[-1] >= 1
    assert chart.axis_x.titleText() == "Månad" and chart.axis_y.titleText() == "Antal"
    assert "jun 2026: Inskickad" in chart.accessibleDescription()
    # Sorting by a heading (Ärendenummer), and the export of what the filter shows.
    view.status_box.setCurrentIndex(0)
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    numbers = [int(r[0]) for r in view.shown_texts()]
    assert numbers == sorted(numbers, reverse=True)
    view.status_box.setCurrentIndex(view.status_box.findText("Inskickad"))
    target = tmp_path / "status.csv"
    view.export(str(target))
    qtbot.waitUntil(target.exists)
    with target.open(encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    assert lines[0] == ["Ärendenummer", "Namn", "Handling", "Status", "Inskickad", "Beslutad"]
    assert {line[3] for line in lines[1:]} == {"Inskickad"}


def test_a_role_without_documents_to_send_still_reads_the_overview(
    qtbot: QtBot, driver: Driver, window: MainWindow
) -> None:
    driver.login("Agda", "Andersson")
    view = open_overview(qtbot, window)
    assert view.status_box.accessibleName() == "Status"
    assert view.table.accessibleName() == "Inskickade handlingar"
    assert view.overview is not None
    assert len(view.rows()) == len(view.overview.rows)
