"""*Ej synkad* in the lists (issue 11): a row whose id the offline backend names as
unconfirmed says so in its status (text, accessible text and tooltip), and no longer
once the set leaves it out; the models stay sound (Qt's model tester)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.documents import DocumentStatus, DocumentType
from kawebb_desktop.services.api import Caller, DocumentView
from kawebb_desktop.services.offline_api import KIND_DOCUMENT, KIND_PENDING, SyncState
from kawebb_desktop.ui.dialogs.refused_dialog import RefusedDialog
from kawebb_desktop.ui.models.documents import STATUS_COLUMN, CaseDocumentsModel, DocumentEntry
from kawebb_desktop.ui.models.unsynced import UNSYNCED_TIP
from kawebb_desktop.ui.widgets.forms import plain
from tests.ui.conftest import button_of
from tests.ui.test_keyboard import ALT, focus, press
from tests.ui.test_layout import offline_state

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


class Decisions:
    """An offline backend's controls that remember what they were asked."""

    def __init__(self, state: SyncState) -> None:
        self.shown = state
        self.asked: list[tuple[str, int]] = []

    def state(self, caller: Caller) -> SyncState:
        return self.shown

    def apply_again(self, caller: Caller, seq: int) -> None:
        self.asked.append(("apply_again", seq))

    def discard(self, caller: Caller, seq: int) -> None:
        self.asked.append(("discard", seq))


def test_the_refused_changes_and_the_conflict_by_keyboard(qtbot: QtBot) -> None:
    """Enter on the conflict's row opens the conflict view; Alt+M is Använd mina igen."""
    state = offline_state()
    offline = Decisions(state)
    dialog = RefusedDialog(offline, Caller("t", 1), state)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    focus(qtbot, dialog.table)
    assert dialog.reason.text().startswith("Serverns skäl: Greta Fjärrström har redan")
    press(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.conflict is not None and dialog.conflict.isVisible())
    conflict = dialog.conflict
    assert conflict is not None
    focus(qtbot, conflict.table)
    press(conflict, Qt.Key.Key_M, ALT)
    qtbot.waitUntil(lambda: offline.asked == [("apply_again", 7)])
    qtbot.waitUntil(lambda: dialog.isEnabled())

    # Down to the other change, Ta bort; the question's default is Behåll.
    focus(qtbot, dialog.table)
    press(dialog.table, Qt.Key.Key_Down)
    assert not dialog.conflict_button.isEnabled()  # a plain refusal: no conflict view
    focus(qtbot, dialog.remove_button)  # Tab there, Space
    press(dialog.remove_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: getattr(dialog, "confirm", None) is not None)
    box = dialog.confirm
    qtbot.waitExposed(box)
    assert plain(box.defaultButton().text()) == "Behåll"
    qtbot.mouseClick(button_of(box, "Ta bort"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ("discard", 9) in offline.asked)
