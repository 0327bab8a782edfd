"""The lists in English (issue 12): with the English catalogue installed, a model's column
headers, sort tooltips and the titles its export writes are English, and so are the domain
labels and the status texts in its cells; with Swedish installed again they are Swedish."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from kawebb_desktop.domain.documents import DocumentType
from kawebb_desktop.domain.entities import CaseKind
from kawebb_desktop.ui.models.cases import CaseTableModel
from kawebb_desktop.ui.models.documents import CaseDocumentsModel, case_entries
from kawebb_desktop.ui.widgets.pager import range_text

HORIZONTAL = Qt.Orientation.Horizontal


def headers(model: CaseTableModel) -> list[str]:
    return [model.headerData(i, HORIZONTAL) for i in range(model.columnCount())]


def cases() -> CaseTableModel:
    return CaseTableModel(lambda: dt.date(2026, 1, 1))


def test_the_case_list_and_its_export_have_english_headings(english: None) -> None:
    model = cases()
    expected = [
        "Date",
        "Latest event",
        "Case number",
        "First name",
        "Last name",
        "Status",
        "Start date",
        "End date",
    ]
    assert headers(model) == expected
    assert model.column_titles() == expected  # what the CSV/XLSX export writes
    assert model.headerData(3, HORIZONTAL, Qt.ItemDataRole.ToolTipRole) == "Sort by first name"


def test_the_headings_are_swedish_by_default() -> None:
    model = cases()
    assert headers(model)[:3] == ["Datum", "Senaste händelse", "Ärendenummer"]
    assert model.column_titles()[3] == "Förnamn"


def test_domain_labels_and_statuses_in_the_cells_are_english(english: None) -> None:
    model = CaseDocumentsModel()
    model.set_rows(case_entries(CaseKind.ERSATTNINGSARENDE, []))
    rows = [
        (model.data(model.index(r, 0)), model.data(model.index(r, 1)))
        for r in range(model.rowCount())
    ]
    assert rows == [
        ("Joint plan", "None yet"),
        ("Periodic report", "None yet"),
        ("Request compensation", "Under the tab Request compensation"),
        ("Informative report", "None yet"),
    ]
    assert DocumentType.SLUTREDOVISNING.label == "Slutredovisning"  # the domain stays Swedish


def test_the_pager_counts_in_english(english: None) -> None:
    assert range_text(1, 50, 120, "cases") == "Showing 1-50 of 120 cases"
    assert range_text(1, 50, 1050, exact=False) == "Showing 1-50 of more than 1050"
    assert range_text(0, 0, 0) == "No hits"
