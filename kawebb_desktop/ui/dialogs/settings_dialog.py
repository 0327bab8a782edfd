"""*Arkiv > Inställningar…* (issue 12): the first start's form, filled in with the
settings in effect, saved to the user's ``settings.toml`` on Spara. What an administrator
set for every user (the system-wide file) is shown read-only. A new store, server or
language takes effect at the next start; the window says so after saving.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kawebb_desktop.settings import Settings
from kawebb_desktop.ui.dialogs.first_run_dialog import (
    SettingsDialogBase,
    SettingsForm,
    Setup,
    choice_of,
    locked_keys,
)
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr

#: Said after Spara.
SAVED = QT_TR_NOOP(
    "Inställningarna är sparade. Ändrad databas, server, signering eller språk gäller "
    "från nästa gång programmet startar."
)


class SettingsDialog(SettingsDialogBase):
    def __init__(self, settings: Settings, setup: Setup, parent: QWidget | None = None) -> None:
        form = SettingsForm(choice_of(settings), locked_keys())
        super().__init__(
            tr("Inställningar"),
            tr(
                "Ändrad databas, server, signering eller språk gäller från nästa gång "
                "programmet startar.\nDatamapp: {folder}"
            ).format(folder=settings.data_dir),
            form,
            settings.data_dir,
            setup,
            parent,
        )
        self.setObjectName("settingsDialog")
