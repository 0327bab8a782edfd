"""*Ej synkad* in the lists (issue 11): a row whose id the offline backend names as
unconfirmed says so in its status (text, accessible text and tooltip), and no longer
once the set leaves it out; the models stay sound (Qt's model tester)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from kawebb_desktop.domain.documents import DocumentStatus, DocumentType
from kawebb_desktop.services.api import DocumentView
from kawebb_desktop.services.offline_api import KIND_DOCUMENT, KIND_PENDING
from kawebb_desktop.ui.models.documents import STATUS_COLUMN, CaseDocumentsModel, DocumentEntry
from kawebb_desktop.ui.models.unsynced import UNSYNCED_TIP

NOW = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)


def draft(document_id: int) -> DocumentView:
    return DocumentView(
        document_id,
        7,
        35171,
        DocumentType.INFORMATIV_RAPPORT,
        DocumentStatus.UTKAST,
        {"subject": "Skrivet offline"},
        1,
        NOW,
        NOW,
    )


def test_an_unsynced_draft_says_ej_synkad_until_confirmed(
    qtbot: object, qtmodeltester: ModelTester
) -> None:
    model = CaseDocumentsModel()
    model.set_rows(
        [
            DocumentEntry(DocumentType.INFORMATIV_RAPPORT, draft(-3)),
            DocumentEntry(DocumentType.PERIODISK_RAPPORT, draft(12)),
        ]
    )
    status = DocumentStatus.UTKAST.label
    model.set_unsynced(frozenset({(KIND_DOCUMENT, -3), (KIND_PENDING, 12)}))
    first, second = model.index(0, STATUS_COLUMN), model.index(1, STATUS_COLUMN)
    assert model.data(first) == f"{status} · Ej synkad"
    assert model.data(first, Qt.ItemDataRole.ToolTipRole) == UNSYNCED_TIP
    assert model.data(second) == status  # a pending change's id 12 is not document 12
    qtmodeltester.check(model)

    with qtbot.waitSignal(model.dataChanged):  # type: ignore[attr-defined]
        model.set_unsynced(frozenset())
    assert model.data(first) == status
