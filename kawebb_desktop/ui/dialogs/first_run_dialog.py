"""The first start (issue 12): where the data is (a local store, with or without demo
data, or a KA Webb server), who signs (BankID test or production, or the simulator of a
demo store) and the UI's language, written to ``settings.toml`` in the user's data folder.

:class:`SettingsForm` is the form; :class:`FirstRunDialog` shows it at the first start and
*Arkiv > Inställningar…* (``settings_dialog.py``) later. A server's address is tested
(``kawebb_desktop.remote.connect``: it must answer ``/api/v1/health`` as a KA Webb server)
before it is saved; nothing is written until everything checks out, and *Avbryt* writes
nothing at all. Keys the system-wide settings file sets (:func:`system_settings`) are
shown read-only, "Satt av IT-avdelningen", and never written to the user's file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.settings import (
    SETTINGS_FILE,
    STORE_FILE,
    Settings,
    SettingsError,
    load_settings,
    system_settings,
    write_settings_file,
)
from kawebb_desktop.ui.i18n import LANGUAGES, QT_TR_NOOP, tr, tr_message
from kawebb_desktop.ui.style import restyle, styled
from kawebb_desktop.ui.widgets.forms import FieldError, add_save_cancel, named
from kawebb_desktop.ui.widgets.screen import fit_to_screen
from kawebb_desktop.ui.worker import Worker

#: The signer choices: (value, Swedish label marked for translation).
SIMULATOR, BANKID_TEST, BANKID_PRODUCTION = "simulator", "bankid-test", "bankid-production"
SIGNER_LABELS = {
    BANKID_TEST: QT_TR_NOOP("BankID, testmiljö"),
    BANKID_PRODUCTION: QT_TR_NOOP("BankID, produktion"),
    SIMULATOR: QT_TR_NOOP("Simulator (bara demodata)"),
}
#: Beside a field an administrator has set for every user (the system-wide file).
LOCKED = QT_TR_NOOP("Satt av IT-avdelningen")
#: Demo cases made at the first start (as ``kawebb demo``).
DEMO_CASES = 60
#: The keys of ``settings.toml`` the form decides (others in the file are kept).
FORM_KEYS = frozenset(
    {"server_url", "signer", "bankid_environment", "bankid_cert", "bankid_key", "language"}
)
#: Keys that put the data elsewhere than the local store: one set system-wide locks the choice.
WHERE_KEYS = frozenset({"server_url", "store_url"})


@dataclass(frozen=True)
class Choice:
    """What the form says (all of it, locked fields too)."""

    server: bool = False
    server_url: str = ""
    demo: bool = False
    signer: str = BANKID_TEST
    cert: str = ""
    key: str = ""
    language: str = "sv"


def choice_of(settings: Settings) -> Choice:
    """The form's values for ``settings`` (what is in effect now)."""
    if settings.signer == "simulator":
        signer = SIMULATOR
    elif settings.bankid_environment == "production":
        signer = BANKID_PRODUCTION
    else:
        signer = BANKID_TEST
    return Choice(
        server=bool(settings.server_url),
        server_url=settings.server_url or "",
        signer=signer,
        cert=settings.bankid_cert or "",
        key=settings.bankid_key or "",
        language=settings.language,
    )


def file_values(choice: Choice, locked: frozenset[str]) -> tuple[dict[str, str], set[str]]:
    """What to write to the user's ``settings.toml`` for ``choice``, and which keys to
    take out of it; keys in ``locked`` are neither. With a server the server decides
    the signer: the signer's keys are left as they are."""
    values: dict[str, str] = {"language": choice.language}
    remove: set[str] = set()
    if choice.server:
        values["server_url"] = choice.server_url.strip()
    else:
        remove.add("server_url")
        if choice.signer == SIMULATOR:
            values["signer"] = "simulator"
        else:
            values["signer"] = "bankid"
            values["bankid_environment"] = (
                "production" if choice.signer == BANKID_PRODUCTION else "test"
            )
            if choice.signer == BANKID_PRODUCTION:
                values["bankid_cert"] = choice.cert.strip()
                if choice.key.strip():
                    values["bankid_key"] = choice.key.strip()
                else:
                    remove.add("bankid_key")
            else:  # BankID's public test certificate
                remove |= {"bankid_cert", "bankid_key"}
    return (
        {k: v for k, v in values.items() if k not in locked},
        {k for k in remove if k not in locked},
    )


def locked_keys() -> frozenset[str]:
    """The keys the system-wide settings file sets (an unreadable file locks nothing:
    the app says what is wrong with it when it starts)."""
    try:
        return frozenset(system_settings())
    except SettingsError:
        return frozenset()


def first_run_due(settings: Settings) -> bool:
    """Whether to ask at this start: the data folder has neither ``settings.toml`` nor a
    store, and neither the system-wide file nor a flag says which store or server."""
    if settings.server_url or settings.store_url:
        return False
    folder = settings.data_dir
    try:
        return not (folder / SETTINGS_FILE).exists() and not (folder / STORE_FILE).exists()
    except OSError:
        return False  # the start says what is wrong with the folder


class Setup(Protocol):
    """The work behind the form, done by the composition root
    (``kawebb_desktop.first_run.FirstRunSetup``); each may take seconds (a worker runs
    it) and raises ``DomainError`` with a Swedish message."""

    def probe_server(self, url: str) -> str:
        """Whether a KA Webb server answers at ``url``: its description."""

    def make_data_dir(self, folder: Path) -> None:
        """Make the data folder."""

    def make_demo_store(self, settings: Settings, cases: int) -> dict[str, str | int | float]:
        """Fill the new store with demo data; the settings the demo needs."""


def _show_placeholder(edit: QLineEdit) -> None:
    """Make ``edit`` wide enough for its whole placeholder, in any language (its frame and
    Qt's 2 px text margins each side included)."""
    advance = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
    edit.setMinimumWidth(advance + 16)


def _file_row(edit: QLineEdit, choose: QPushButton) -> QWidget:
    row = QWidget()
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(edit, 1)
    box.addWidget(choose)
    _show_placeholder(edit)
    return row


class SettingsForm(QWidget):
    """The choices of the first start and of *Arkiv > Inställningar…*. ``first_run``: the
    demo data box is offered (a store can be filled only while it is new)."""

    def __init__(
        self,
        choice: Choice,
        locked: frozenset[str] = frozenset(),
        *,
        first_run: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.locked = locked
        self.first_run = first_run
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        # -------------------------------------------------------------- where the data is
        self.where_group = QGroupBox(tr("Databas"))
        where = QVBoxLayout(self.where_group)
        self.local_radio = named(QRadioButton(tr("&Lokal databas")), tr("Lokal databas"))
        self.local_radio.setToolTip(tr("En databasfil i din datamapp på den här datorn."))
        where.addWidget(self.local_radio)
        self.demo_box = named(QCheckBox(tr("Fyll med &demodata")), tr("Fyll med demodata"))
        self.demo_box.setToolTip(
            tr("Tre kommuner med påhittade användare och ärenden, att prova programmet med.")
        )
        demo_row = QHBoxLayout()
        demo_row.addSpacing(24)
        demo_row.addWidget(self.demo_box)
        demo_row.addStretch(1)
        where.addLayout(demo_row)
        self.demo_box.setVisible(first_run)
        self.server_radio = named(QRadioButton(tr("Se&rver")), tr("Server"))
        self.server_radio.setToolTip(tr("En KA Webb-server som flera datorer arbetar mot."))
        where.addWidget(self.server_radio)
        self.where_buttons = QButtonGroup(self)
        self.where_buttons.addButton(self.local_radio)
        self.where_buttons.addButton(self.server_radio)
        url_form = QFormLayout()
        url_form.setContentsMargins(24, 0, 0, 0)
        self.url_label = QLabel(tr("Server&adress:"))
        self.server_url = named(QLineEdit(), tr("Serveradress"))
        self.server_url.setPlaceholderText("https://kawebb.kommun.se")
        _show_placeholder(self.server_url)
        self.url_label.setBuddy(self.server_url)
        self.test_button = named(QPushButton(tr("&Testa anslutning")), tr("Testa anslutning"))
        url_row = QWidget()
        url_box = QHBoxLayout(url_row)
        url_box.setContentsMargins(0, 0, 0, 0)
        url_box.addWidget(self.server_url, 1)
        url_box.addWidget(self.test_button)
        url_form.addRow(self.url_label, url_row)
        where.addLayout(url_form)
        #: What a test of the address found (or why the address cannot be saved).
        self.server_status = QLabel()
        styled(self.server_status, "hint")
        self.server_status.setWordWrap(True)
        self.server_status.setVisible(False)
        self.server_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.addWidget(self.server_status)
        self.where_locked = self._locked_note(where)
        layout.addWidget(self.where_group)

        # -------------------------------------------------------------- who signs
        self.signer_group = QGroupBox(tr("Signering"))
        signer_form = QFormLayout(self.signer_group)
        self.signer_label = QLabel(tr("Si&gneringstjänst:"))
        self.signer = named(QComboBox(), tr("Signeringstjänst"))
        for value, label in SIGNER_LABELS.items():
            self.signer.addItem(tr(label), value)
        self.signer_label.setBuddy(self.signer)
        signer_form.addRow(self.signer_label, self.signer)
        self.cert_label = QLabel(tr("&Certifikat:"))
        self.cert = named(QLineEdit(), tr("Certifikat"))
        self.cert.setPlaceholderText(tr("BankID-certifikatet, .p12 eller .pem"))
        self.cert_label.setBuddy(self.cert)
        self.cert_button = named(QPushButton(tr("Välj certifikat…")), tr("Välj certifikat…"))
        signer_form.addRow(self.cert_label, _file_row(self.cert, self.cert_button))
        self.key_label = QLabel(tr("&Nyckel:"))
        self.key = named(QLineEdit(), tr("Nyckel"))
        self.key.setPlaceholderText(tr("Bara till .pem, om nyckeln är en egen fil"))
        self.key_label.setBuddy(self.key)
        self.key_button = named(QPushButton(tr("Välj nyckel…")), tr("Välj nyckel…"))
        signer_form.addRow(self.key_label, _file_row(self.key, self.key_button))
        self.signer_note = QLabel()
        styled(self.signer_note, "hint")
        self.signer_note.setWordWrap(True)
        signer_form.addRow(self.signer_note)
        self.signer_locked = self._locked_note(signer_form)
        layout.addWidget(self.signer_group)

        # -------------------------------------------------------------- language
        self.language_group = QGroupBox(tr("Språk"))
        language_form = QFormLayout(self.language_group)
        self.language_label = QLabel(tr("S&pråk:"))
        self.language = named(QComboBox(), tr("Språk"))
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language_label.setBuddy(self.language)
        language_form.addRow(self.language_label, self.language)
        language_note = QLabel(tr("Språket byts nästa gång programmet startar."))
        styled(language_note, "hint")
        language_note.setWordWrap(True)
        language_form.addRow(language_note)
        self.language_locked = self._locked_note(language_form)
        layout.addWidget(self.language_group)

        #: Why the form cannot be saved as it is.
        self.error = FieldError()
        layout.addWidget(self.error)

        self.set_choice(choice)
        for radio in (self.local_radio, self.server_radio):
            radio.toggled.connect(lambda _on: self._update())
        self.demo_box.toggled.connect(self._demo_toggled)
        self.signer.currentIndexChanged.connect(lambda _i: self._update())
        self.server_url.textEdited.connect(lambda _t: self.show_server_status(None))
        self.cert_button.clicked.connect(lambda: self._choose_file(self.cert, CERT_FILTER))
        self.key_button.clicked.connect(lambda: self._choose_file(self.key, KEY_FILTER))
        self._apply_locks()
        self._update()

    def _locked_note(self, layout: QVBoxLayout | QFormLayout) -> QLabel:
        note = QLabel(tr(LOCKED))
        styled(note, "hint")
        note.setVisible(False)
        if isinstance(layout, QFormLayout):
            layout.addRow(note)
        else:
            layout.addWidget(note)
        return note

    # ------------------------------------------------------------------ values
    def set_choice(self, choice: Choice) -> None:
        (self.server_radio if choice.server else self.local_radio).setChecked(True)
        self.server_url.setText(choice.server_url)
        self.demo_box.setChecked(choice.demo)
        self.signer.setCurrentIndex(max(0, self.signer.findData(choice.signer)))
        self.cert.setText(choice.cert)
        self.key.setText(choice.key)
        self.language.setCurrentIndex(max(0, self.language.findData(choice.language)))

    def choice(self) -> Choice:
        return Choice(
            server=self.server_radio.isChecked(),
            server_url=self.server_url.text().strip(),
            demo=self.first_run and self.demo_box.isChecked(),
            signer=str(self.signer.currentData()),
            cert=self.cert.text().strip(),
            key=self.key.text().strip(),
            language=str(self.language.currentData()),
        )

    def problem(self) -> str | None:
        """Why the form cannot be saved as it is (Swedish), or ``None``."""
        choice = self.choice()
        if choice.server:
            if not choice.server_url:
                return tr("Skriv serverns adress, t.ex. https://kawebb.kommun.se.")
            return None
        if "signer" in self.locked or "bankid_environment" in self.locked:
            return None
        if choice.signer == SIMULATOR and self.first_run and not choice.demo:
            return tr(
                "Simulatorn fungerar bara med demodata. Välj BankID eller fyll databasen "
                "med demodata."
            )
        if choice.signer == BANKID_PRODUCTION and "bankid_cert" not in self.locked:
            if not choice.cert:
                return tr("Välj BankID-certifikatet (.p12 eller .pem) för produktionsmiljön.")
            if not Path(choice.cert).expanduser().is_file():
                return tr("Certifikatet {path} finns inte.").format(path=choice.cert)
            if choice.key:
                if Path(choice.cert).suffix.lower() in (".p12", ".pfx"):
                    return tr("En separat nyckel hör bara till ett certifikat i PEM-format.")
                if not Path(choice.key).expanduser().is_file():
                    return tr("Nyckeln {path} finns inte.").format(path=choice.key)
        return None

    def show_error(self, message: str | None) -> None:
        self.error.show_message(message)

    def show_server_status(self, message: str | None, *, ok: bool = False) -> None:
        self.server_status.setText(message or "")
        self.server_status.setObjectName("hint" if ok else "fieldError")
        restyle(self.server_status)
        self.server_status.setVisible(bool(message))

    # ------------------------------------------------------------------ behaviour
    def _apply_locks(self) -> None:
        where = bool(self.locked & WHERE_KEYS)
        signer = bool(self.locked & {"signer", "bankid_environment"})
        cert = bool(self.locked & {"bankid_cert", "bankid_key"})
        language = "language" in self.locked
        for field in (self.local_radio, self.server_radio, self.server_url, self.demo_box):
            field.setEnabled(not where)
        self.where_locked.setVisible(where)
        self.signer.setEnabled(not signer)
        self.signer_locked.setVisible(signer or cert)
        self.language.setEnabled(not language)
        self.language_locked.setVisible(language)
        for widget in (self.where_group, self.signer_group, self.language_group):
            widget.setToolTip("")
        if where:
            self.where_group.setToolTip(tr(LOCKED))
        if signer or cert:
            self.signer_group.setToolTip(tr(LOCKED))
        if language:
            self.language_group.setToolTip(tr(LOCKED))

    def _demo_toggled(self, on: bool) -> None:
        """Demo data signs with the simulator; without it the simulator cannot start."""
        if "signer" in self.locked:
            return
        wanted = SIMULATOR if on else BANKID_TEST
        if on or self.signer.currentData() == SIMULATOR:
            self.signer.setCurrentIndex(self.signer.findData(wanted))
        self._update()

    def _update(self) -> None:
        where_free = not (self.locked & WHERE_KEYS)
        server = self.server_radio.isChecked()
        self.demo_box.setEnabled(where_free and not server)
        self.server_url.setEnabled(where_free and server)
        self.url_label.setEnabled(server)
        self.test_button.setEnabled(server)
        signer_free = not (self.locked & {"signer", "bankid_environment"})
        self.signer.setEnabled(signer_free and not server)
        production = self.signer.currentData() == BANKID_PRODUCTION and not server
        cert_free = not (self.locked & {"bankid_cert", "bankid_key"})
        for widget in (self.cert, self.cert_button, self.key, self.key_button):
            widget.setEnabled(production and cert_free)
        for label in (self.cert_label, self.key_label):
            label.setEnabled(production)
        if server:
            note = tr("Med en server bestämmer servern hur det signeras.")
        elif self.signer.currentData() == SIMULATOR:
            note = tr("Simulatorn låtsas vara BankID-appen. Den fungerar bara med demodata.")
        elif production:
            note = tr(
                "Certifikatets lösenord sparas i datorns nyckelring (tjänst kawebb-bankid), "
                "aldrig i inställningsfilen."
            )
        else:
            note = tr("BankIDs testmiljö med dess öppna testcertifikat.")
        self.signer_note.setText(note)
        self.show_error(None)

    def _choose_file(self, edit: QLineEdit, kinds: str) -> None:
        start = edit.text() or str(Path.home())
        path, _kind = QFileDialog.getOpenFileName(self, tr("Välj fil"), start, tr(kinds))
        if path:
            edit.setText(path)
            self._update()


CERT_FILTER = QT_TR_NOOP("Certifikat (*.p12 *.pfx *.pem);;Alla filer (*)")
KEY_FILTER = QT_TR_NOOP("Nycklar (*.pem *.key);;Alla filer (*)")


class SettingsDialogBase(QDialog):
    """A :class:`SettingsForm` with Spara and Avbryt: Spara checks the form, tests a
    server's address, does :meth:`prepare` (on a worker) and writes the user's file."""

    def __init__(
        self,
        title: str,
        intro: str,
        form: SettingsForm,
        data_dir: Path,
        setup: Setup,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.data_dir = data_dir
        self.setup = setup
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        styled(heading, "dialogTitle")
        layout.addWidget(heading)
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.intro.setMinimumWidth(520)
        layout.addWidget(self.intro)
        self.form = form
        layout.addWidget(form)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.progress_label = QLabel()
        styled(self.progress_label, "hint")
        self.progress_label.setVisible(False)
        self.progress.setAccessibleName(tr("Förlopp"))
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox()
        self.save_button, self.cancel_button = add_save_cancel(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._worker = Worker(self)
        form.test_button.clicked.connect(lambda: self.test_connection())
        #: What was written to the user's file (after Spara).
        self.written: dict[str, Any] | None = None
        fit_to_screen(self)

    # ------------------------------------------------------------------ busy
    @property
    def busy(self) -> bool:
        return self._worker.busy

    def _start(self, text: str) -> None:
        self.form.setEnabled(False)
        self.save_button.setEnabled(False)
        self.progress_label.setText(text)
        self.progress_label.setVisible(True)
        self.progress.setVisible(True)

    def _stop(self) -> None:
        self.form.setEnabled(True)
        self.save_button.setEnabled(True)
        self.progress_label.setVisible(False)
        self.progress.setVisible(False)

    def reject(self) -> None:
        if self.busy:
            return  # Esc while the store fills or the server is asked: it goes on
        super().reject()

    # ------------------------------------------------------------------ Testa anslutning
    def test_connection(self, then: Callable[[], None] | None = None) -> None:
        """Ask the address in the form; say what answered. ``then``: run when it is a
        KA Webb server."""
        if self.busy:
            return
        url = self.form.server_url.text().strip()
        if not url:
            self.form.show_server_status(
                tr("Skriv serverns adress, t.ex. https://kawebb.kommun.se.")
            )
            self.form.server_url.setFocus()
            return
        self.form.show_server_status(None)
        self._start(tr("Frågar {url}…").format(url=url))

        def done(_description: str) -> None:
            self._stop()
            self.form.show_server_status(
                tr("Anslutningen fungerar: {url} är en KA Webb-server.").format(url=url), ok=True
            )
            if then is not None:
                then()

        def failed(exc: BaseException) -> None:
            self._stop()
            if isinstance(exc, DomainError):
                message = tr_message(exc.message)
            else:
                message = tr("Det gick inte att fråga servern: {reason}").format(reason=exc)
            self.form.show_server_status(message + " " + tr("Ingenting har sparats."))
            self.form.server_url.setFocus()

        setup = self.setup
        self._worker.run(lambda: setup.probe_server(url), done, failed)

    # ------------------------------------------------------------------ Spara
    def save(self) -> None:
        if self.busy:
            return
        problem = self.form.problem()
        if problem:
            self.form.show_error(problem)
            return
        if self.form.choice().server and not (self.form.locked & WHERE_KEYS):
            self.test_connection(then=self._save_tested)
        else:
            self._save_tested()

    def _save_tested(self) -> None:
        """The form checks out (a server answered): :meth:`prepare`, then write."""
        choice = self.form.choice()
        prepare = self.prepare(choice)
        if prepare is None:
            self._write(choice, {})
            return
        text, work = prepare
        self._start(text)

        def done(extra: dict[str, Any]) -> None:
            self._stop()
            self._write(choice, extra)

        def failed(exc: BaseException) -> None:
            self._stop()
            message = tr_message(exc.message) if isinstance(exc, DomainError) else str(exc)
            self.form.show_error(message)

        self._worker.run(work, done, failed)

    def prepare(
        self, choice: Choice
    ) -> tuple[str, Callable[[], Mapping[str, str | int | float]]] | None:
        """Work to do before the file is written (its text and the work, whose answer is
        written too), or ``None``."""
        return None

    def _write(self, choice: Choice, extra: Mapping[str, str | int | float]) -> None:
        values, remove = file_values(choice, self.form.locked)
        values_all: dict[str, str | int | float] = {**values, **extra}
        try:
            write_settings_file(self.data_dir, remove=remove, **values_all)
        except (OSError, SettingsError) as exc:
            from kawebb_desktop.settings import explain_os_error

            reason = explain_os_error(exc) if isinstance(exc, OSError) else str(exc)
            self.form.show_error(
                tr("Inställningarna kunde inte sparas i {folder}: {reason}").format(
                    folder=self.data_dir, reason=reason
                )
            )
            return
        self.written = values_all
        self.accept()


class FirstRunDialog(SettingsDialogBase):
    """The first start: the form with the demo data box; Spara makes the data folder
    (and fills the store with demo data when asked), Avbryt writes nothing."""

    def __init__(
        self,
        settings: Settings,
        setup: Setup,
        *,
        demo_cases: int = DEMO_CASES,
        parent: QWidget | None = None,
    ) -> None:
        locked = locked_keys()
        choice = choice_of(settings)
        if "signer" not in locked and "bankid_environment" not in locked:
            choice = Choice(
                server=choice.server,
                server_url=choice.server_url,
                signer=BANKID_TEST,
                language=choice.language,
            )
        form = SettingsForm(choice, locked, first_run=True)
        super().__init__(
            tr("Välkommen till KA Webb"),
            tr(
                "Välj var uppgifterna finns och hur det signeras. Valen kan ändras senare "
                "under Arkiv > Inställningar.\nDatamapp: {folder}"
            ).format(folder=settings.data_dir),
            form,
            settings.data_dir,
            setup,
            parent,
        )
        self.setObjectName("firstRunDialog")
        self.settings = settings
        self.demo_cases = demo_cases

    def prepare(
        self, choice: Choice
    ) -> tuple[str, Callable[[], Mapping[str, str | int | float]]] | None:
        if choice.server:
            return None
        settings, cases, setup = self.settings, self.demo_cases, self.setup
        if choice.demo:
            return tr("Skapar demodata… Det kan ta en halv minut."), lambda: setup.make_demo_store(
                settings, cases
            )

        def make_folder() -> dict[str, str | int | float]:
            setup.make_data_dir(settings.data_dir)
            return {}

        return tr("Skapar datamappen…"), make_folder


def ask_first_run(
    settings: Settings,
    setup: Setup,
    *,
    flags: Mapping[str, Any] | None = None,
    demo_cases: int = DEMO_CASES,
) -> Settings | None:
    """Show the first-run dialog (modal); the settings to start with (the files just
    written, then ``flags``, the command line's), or ``None`` when it was cancelled
    (nothing written)."""
    dialog = FirstRunDialog(settings, setup, demo_cases=demo_cases)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.written is None:
            return None
    finally:
        dialog.deleteLater()
    return load_settings(settings.data_dir, **(flags or {}))


__all__ = [
    "Choice",
    "FirstRunDialog",
    "SettingsDialogBase",
    "SettingsForm",
    "Setup",
    "ask_first_run",
    "choice_of",
    "file_values",
    "first_run_due",
    "locked_keys",
]
