"""The read-only *Avtal* panel of *Organisationen > Uppgifter* (guide section 2).

It shows the organisation's "Avtal om behörighet till webbstödet för utbildningskontrakt"
as AF registered it: when AF received it, the starting behörighetsadministratör, the day
AF should have activated it by (received + 14 days), when it was activated, and whether it
concerns a new behörighetsadministratör. The newest agreement is shown; when there are
earlier ones, *Avtal* chooses among them.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.services.api import AgreementView, Services, caller_of
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.style import styled
from kawebb_desktop.ui.widgets.forms import named
from kawebb_desktop.ui.worker import Worker

AGREEMENTS_FAILED = QT_TR_NOOP("Avtalen kunde inte hämtas.")
NO_AGREEMENT = QT_TR_NOOP("Inget avtal är registrerat.")
NOT_ACTIVATED = QT_TR_NOOP("Ej aktiverat")

#: The panel's fields, in order, by their Swedish labels: the visible label (in the UI's
#: language) is also the accessible name.
FIELDS = (
    QT_TR_NOOP("Mottaget"),
    QT_TR_NOOP("Startande behörighetsadministratör"),
    QT_TR_NOOP("Aktiveras senast"),
    QT_TR_NOOP("Aktiverat"),
    QT_TR_NOOP("Ny behörighetsadministratör"),
)


def agreement_values(view: AgreementView) -> dict[str, str]:
    """What the panel shows of one agreement, by field label (Swedish)."""
    agreement = view.agreement
    return {
        "Mottaget": agreement.received_on.isoformat(),
        "Startande behörighetsadministratör": (
            view.starting_admin_name or agreement.starting_admin.formatted
        ),
        "Aktiveras senast": agreement.activation_due.isoformat(),
        "Aktiverat": (
            agreement.activated_on.isoformat() if agreement.activated_on else tr(NOT_ACTIVATED)
        ),
        "Ny behörighetsadministratör": tr("Ja") if agreement.concerns_new_admin else tr("Nej"),
    }


class AgreementsPanel(QGroupBox):
    """*Avtal*: loads the caller's organisation's agreements on :meth:`reload`."""

    #: A failed load, for the view to report (it knows how to end a session).
    failed = Signal(object)

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(tr("Avtal"), parent)
        self._services = services
        self._actor = actor
        self._worker = Worker(self)
        self._views: list[AgreementView] = []
        self.form = QFormLayout(self)
        self.choice = named(QComboBox(), tr("Avtal"))
        self.choice_label = QLabel(tr("A&vtal:"))
        self.choice_label.setBuddy(self.choice)
        self.form.addRow(self.choice_label, self.choice)
        self.fields: dict[str, QLabel] = {}
        for key in FIELDS:
            value = named(QLabel("–"), tr(key))
            self.fields[key] = value
            self.form.addRow(f"{tr(key)}:", value)
        self.empty = QLabel(tr(NO_AGREEMENT))
        styled(self.empty, "hint")
        self.form.addRow(self.empty)
        self.choice.currentIndexChanged.connect(self._show)
        self._set_choice_visible(False)
        self.empty.setVisible(False)

    @property
    def agreements(self) -> list[AgreementView]:
        return list(self._views)

    def reload(self) -> None:
        organisations, caller = self._services.organisations, caller_of(self._actor)
        self._worker.run(lambda: organisations.agreements(caller), self._loaded, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.failed.emit(exc)

    def _loaded(self, views: list[AgreementView]) -> None:
        self._views = list(views)
        self.choice.blockSignals(True)
        self.choice.clear()
        for view in self._views:
            self.choice.addItem(
                tr("Mottaget {date}").format(date=view.agreement.received_on.isoformat())
            )
        self.choice.blockSignals(False)
        self._set_choice_visible(len(self._views) > 1)
        self.empty.setVisible(not self._views)
        for label in self.fields.values():
            self.form.setRowVisible(label, bool(self._views))
        self._show(0)

    def _set_choice_visible(self, visible: bool) -> None:
        self.form.setRowVisible(self.choice, visible)

    def _show(self, index: int) -> None:
        if not 0 <= index < len(self._views):
            return
        for key, text in agreement_values(self._views[index]).items():
            self.fields[key].setText(text)
