"""One receipt of *Kvittenser* (issue 10): the whole signed change set, its SHA-256, the
BankID data (who and when according to the signature, the signature itself and the
OCSP response), *Verifiera* and a one-page receipt to print or save as PDF.

*Verifiera* asks the service (``signing.verify_receipt``, on the worker) to check the
receipt again — the signature against the signing service's CA, the signed data, the
change set against its SHA-256, the OCSP response and the receipt's place in the audit
chain — and shows each check's result in Swedish. The printed receipt says whether it was
verified, and when.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json

from PySide6.QtCore import QMarginsF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QKeySequence,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QShortcut,
    QTextDocument,
    QTextOption,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.audit_chain import ReceiptCheck
from kawebb_desktop.domain.entities import Receipt
from kawebb_desktop.services.api import Services, caller_of
from kawebb_desktop.signing.proof import read_signed_data
from kawebb_desktop.ui.dialogs.signing_dialog import DIGEST, digest_field
from kawebb_desktop.ui.errors import show_error
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr, tr_message
from kawebb_desktop.ui.models.receipts import ChangeLine, ChangeLineModel, change_lines, signed_text
from kawebb_desktop.ui.style import set_flag, set_read_only, styled
from kawebb_desktop.ui.widgets.forms import button, named
from kawebb_desktop.ui.widgets.screen import fit_to_screen
from kawebb_desktop.ui.widgets.tables import configure_table, fit_columns
from kawebb_desktop.ui.worker import Worker

#: What each check of ``verify_receipt`` looks at, in Swedish (marked for translation;
#: the texts below too, all shown with tr()).
CHECK_LABELS = {
    "signatur": QT_TR_NOOP("Signaturen"),
    "signerad data": QT_TR_NOOP("Det signerade innehållet"),
    "dokument": QT_TR_NOOP("Ändringarna (SHA-256)"),
    "ocsp": QT_TR_NOOP("OCSP-svaret"),
    "kedja": QT_TR_NOOP("Granskningskedjan"),
}
PASSED, FAILED = QT_TR_NOOP("Godkänd"), QT_TR_NOOP("Underkänd")
NOT_VERIFIED = QT_TR_NOOP("Inte verifierad ännu. Tryck Verifiera för att kontrollera kvittensen.")
VERIFYING = QT_TR_NOOP("Verifierar …")
VERIFY_FAILED = QT_TR_NOOP("Kvittensen kunde inte verifieras.")
#: The printed receipt lists at most this many changes (it is one page).
PRINTED_CHANGES = 25
_GREEN, _RED = QColor("#1b6e20"), QColor("#b00020")


def check_text(name: str, ok: bool, message: str) -> str:
    """One check's line: "Godkänd – Signaturen: …"."""
    label = tr(CHECK_LABELS[name]) if name in CHECK_LABELS else name.capitalize()
    return f"{tr(PASSED if ok else FAILED)} – {label}: {tr_message(message)}"


def verdict_text(check: ReceiptCheck, at: dt.datetime) -> str:
    when = at.astimezone().strftime("%Y-%m-%d %H:%M")
    if check.ok:
        return tr("Kvittensen är verifierad ({time}): alla {count} kontroller godkända.").format(
            time=when, count=len(check.checks)
        )
    failed = len(check.failures)
    if failed == 1:
        return tr("Kvittensen håller INTE ({time}): 1 kontroll underkänd. Se nedan.").format(
            time=when
        )
    return tr("Kvittensen håller INTE ({time}): {count} kontroller underkända. Se nedan.").format(
        time=when, count=failed
    )


def fingerprint(text: str) -> str:
    """SHA-256 of a base64 text (what the printed receipt shows of a long value)."""
    return hashlib.sha256(text.encode("ascii", "replace")).hexdigest()


class ReceiptDialog(QDialog):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        receipt: Receipt,
        *,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.receipt = receipt
        self._services = services
        self._caller = caller_of(actor)
        self._organisation = actor.organisation_name
        self._worker = Worker(self)
        #: The latest answer of Verifiera (and when it came), for the screen and the print.
        self.check: ReceiptCheck | None = None
        self._checked_at: dt.datetime | None = None
        self.lines: list[ChangeLine] = change_lines(receipt)
        self.signed = read_signed_data(receipt.signature)
        self.setWindowTitle(tr("Kvittens {number}").format(number=receipt.id))

        layout = QVBoxLayout(self)
        heading = QLabel(tr("Kvittens {number}").format(number=receipt.id))
        styled(heading, "dialogTitle")
        layout.addWidget(heading)

        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, value in (
            (QT_TR_NOOP("Kvittensnummer"), str(receipt.id)),
            (QT_TR_NOOP("Signerad"), signed_text(receipt.signed_at)),
            (
                QT_TR_NOOP("Signerad av"),
                f"{receipt.signer_name} ({receipt.signer_personnummer.formatted})",
            ),
            (QT_TR_NOOP("Organisation"), self._organisation),
            (QT_TR_NOOP("Antal ändringar"), str(receipt.change_count)),
        ):
            label = QLabel(value)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            label.setAccessibleName(tr(key))
            self.fields[key] = label
            form.addRow(f"{tr(key)}:", label)
        self.digest = digest_field()
        self.digest.setText(receipt.digest)
        self.digest.setAccessibleName(tr(DIGEST))
        self.digest.setToolTip(
            tr("SHA-256 av de signerade ändringarna (JSON), som skickades till BankID.")
        )
        form.addRow(f"{tr(DIGEST)}:", self.digest)
        layout.addLayout(form)

        self.tabs = named(QTabWidget(), tr("Kvittensens innehåll"))
        styled(self.tabs.tabBar())
        layout.addWidget(self.tabs, 1)

        # Ändringar: the whole change set, one line per change.
        self.changes_model = ChangeLineModel(self.lines, self)
        self.changes_table = named(QTableView(), tr("Signerade ändringar"))
        self.changes_table.setModel(self.changes_model)
        configure_table(self.changes_table)
        fit_columns(self.changes_table)
        self.tabs.addTab(self.changes_table, tr("Ändringar"))

        # BankID: the person and the time according to the signature, and the raw data.
        bankid = QWidget()
        bankid_layout = QVBoxLayout(bankid)
        bankid_form = QFormLayout()
        signed = self.signed
        for key, value in (
            (QT_TR_NOOP("BankID-order"), receipt.order_ref),
            (QT_TR_NOOP("Person enligt signaturen"), signed.name if signed else "–"),
            (
                QT_TR_NOOP("Personnummer enligt signaturen"),
                _personnummer(signed.personal_number if signed else ""),
            ),
            (QT_TR_NOOP("Tidpunkt enligt signaturen"), _time(signed.signed_at) if signed else "–"),
            # Real BankID signatures name the relying party (srvInfo) and the device (env).
            (
                QT_TR_NOOP("Förlitande part enligt signaturen"),
                (signed and signed.relying_party) or "–",
            ),
            (
                QT_TR_NOOP("Enhet enligt signaturen"),
                _device_of(signed.environment) if signed else "–",
            ),
        ):
            label = QLabel(value)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            label.setAccessibleName(tr(key))
            self.fields[key] = label
            bankid_form.addRow(f"{tr(key)}:", label)
        bankid_layout.addLayout(bankid_form)
        self.signature = _raw(tr("Signatur (base64)"), receipt.signature)
        self.ocsp = _raw(tr("OCSP-svar (base64)"), receipt.ocsp_response)
        for title, box in (
            (tr("Signatur (base64):"), self.signature),
            (tr("OCSP-svar (base64):"), self.ocsp),
        ):
            bankid_layout.addWidget(QLabel(title))
            bankid_layout.addWidget(box, 1)
        self.tabs.addTab(bankid, "BankID")

        # Signerad text and the JSON: what the person saw, and exactly what was hashed.
        self.summary = _raw(tr("Signerad text"), receipt.summary, fixed=False)
        self.tabs.addTab(self.summary, tr("Signerad text"))
        self.document = _raw(tr("Signerat dokument (JSON)"), _pretty(receipt.document))
        self.tabs.addTab(self.document, tr("Dokument (JSON)"))

        # Verifiering.
        verification = QWidget()
        verification_layout = QVBoxLayout(verification)
        self.verdict = QLabel(tr(NOT_VERIFIED))
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName(tr("Verifiering"))
        verification_layout.addWidget(self.verdict)
        self.checks = named(QListWidget(), tr("Kontroller"))
        self.checks.setWordWrap(True)
        verification_layout.addWidget(self.checks, 1)
        self.tabs.addTab(verification, tr("Verifiering"))

        buttons = QHBoxLayout()
        self.verify_button = button(
            tr("&Verifiera"),
            tooltip=tr(
                "Kontrollera signaturen, OCSP-svaret, ändringarna och granskningskedjan igen."
            ),
        )
        self.verify_button.clicked.connect(self.verify)
        self.print_button = button(tr("Skriv &ut…"), tooltip=tr("Skriv ut kvittensen på en sida."))
        self.print_button.clicked.connect(self.print_receipt)
        self.pdf_button = button(
            tr("Spara som &PDF…"), tooltip=tr("Spara kvittensen som en PDF-fil.")
        )
        self.pdf_button.clicked.connect(self.save_pdf)
        self.close_button = button(tr("Stäng"), default=True)
        self.close_button.clicked.connect(self.reject)
        for b in (self.verify_button, self.print_button, self.pdf_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_receipt)
        fit_to_screen(self, QSize(900, 680))

    # ------------------------------------------------------------------ Verifiera
    @property
    def busy(self) -> bool:
        return self._worker.busy

    def verify(self) -> None:
        if self._worker.busy:
            return
        signing, caller, receipt_id = self._services.signing, self._caller, self.receipt.id
        self.verify_button.setEnabled(False)
        self.verdict.setText(tr(VERIFYING))
        self.checks.clear()
        self.tabs.setCurrentIndex(self.tabs.count() - 1)
        self._worker.run(
            lambda: signing.verify_receipt(caller, receipt_id), self._verified, self._failed
        )

    def _verified(self, check: ReceiptCheck) -> None:
        self.check, self._checked_at = check, self._services.clock.now()
        self.verify_button.setEnabled(True)
        self.verdict.setText(verdict_text(check, self._checked_at))
        set_flag(self.verdict, "failed", not check.ok)
        for item in check.checks:
            row = QListWidgetItem(check_text(item.name, item.ok, item.message))
            row.setForeground(QBrush(_GREEN if item.ok else _RED))
            self.checks.addItem(row)

    def _failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.verdict.setText(tr(NOT_VERIFIED))
        show_error(self, exc, failed=VERIFY_FAILED)

    # ------------------------------------------------------------------ print, PDF
    def text_document(self) -> QTextDocument:
        """The one-page receipt (A4), as printed and saved."""
        return receipt_document(
            self.receipt, self._organisation, self.lines, self.check, self._checked_at
        )

    def print_receipt(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(tr("Skriv ut kvittens"))
        dialog.accepted.connect(lambda: self.print_to(printer))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        self.print_dialog = dialog

    def print_to(self, device: QPagedPaintDevice) -> None:
        print_document(self.text_document(), device)

    def save_pdf(self) -> None:
        name = tr("kvittens-{number}.pdf").format(number=self.receipt.id)
        path, _filter = QFileDialog.getSaveFileName(
            self, tr("Spara som PDF"), name, tr("PDF (*.pdf)")
        )
        if path:
            self.write_pdf(path if path.lower().endswith(".pdf") else f"{path}.pdf")

    def write_pdf(self, path: str) -> None:
        writer = QPdfWriter(path)
        writer.setTitle(tr("Kvittens {number}").format(number=self.receipt.id))
        writer.setCreator("KA Webb Desktop")
        writer.setResolution(300)
        self.print_to(writer)
        del writer  # the file is complete once the writer is gone


# ---------------------------------------------------------------------- the document
def _personnummer(value: str) -> str:
    if len(value) == 12 and value.isdigit():
        return f"{value[:8]}-{value[8:]}"
    return value or "–"


def _device_of(environment: tuple[tuple[str, str], ...]) -> str:
    """A real BankID signature's device: its type and version (``env/ai``)."""
    found = dict(environment)
    return " ".join(v for v in (found.get("ai/type"), found.get("ai/deviceInfo")) if v) or "–"


def _time(value: str) -> str:
    try:
        return dt.datetime.fromisoformat(value).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return value or "–"


def _pretty(document: str) -> str:
    try:
        return json.dumps(json.loads(document), indent=2, ensure_ascii=False, sort_keys=True)
    except ValueError:
        return document


def _raw(name: str, text: str, *, fixed: bool = True) -> QPlainTextEdit:
    box = named(QPlainTextEdit(text), name)
    set_read_only(box)
    box.setTabChangesFocus(True)
    if fixed:
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.TypeWriter)
        box.setFont(font)
        box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        box.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)
    return box


def _row(key: str, value: str, mono: bool = False) -> str:
    value = html.escape(value)
    if mono:
        value = f'<span style="font-family: monospace">{value}</span>'
    return f'<tr><td class="key">{html.escape(tr(key))}</td><td>{value}</td></tr>'


def receipt_html(
    receipt: Receipt,
    organisation: str,
    lines: list[ChangeLine],
    check: ReceiptCheck | None,
    checked_at: dt.datetime | None,
    changes_shown: int = PRINTED_CHANGES,
) -> str:
    """The printed receipt as HTML (Qt's rich text subset)."""
    signed = read_signed_data(receipt.signature)
    rows = [
        _row(QT_TR_NOOP("Kvittensnummer"), str(receipt.id)),
        _row(QT_TR_NOOP("Organisation"), organisation),
        _row(QT_TR_NOOP("Signerad"), signed_text(receipt.signed_at)),
        _row(
            QT_TR_NOOP("Signerad av"),
            f"{receipt.signer_name} ({receipt.signer_personnummer.formatted})",
        ),
        _row(QT_TR_NOOP("Antal ändringar"), str(receipt.change_count)),
        _row(QT_TR_NOOP("Kontrollsumma (SHA-256)"), receipt.digest, mono=True),
    ]
    bankid = [
        _row(QT_TR_NOOP("BankID-order"), receipt.order_ref),
        _row(QT_TR_NOOP("Person enligt signaturen"), signed.name if signed else "–"),
        _row(QT_TR_NOOP("Personnummer"), _personnummer(signed.personal_number if signed else "")),
        _row(QT_TR_NOOP("Tidpunkt enligt signaturen"), _time(signed.signed_at) if signed else "–"),
        _row(QT_TR_NOOP("Signaturens SHA-256"), fingerprint(receipt.signature), mono=True),
        _row(QT_TR_NOOP("OCSP-svarets SHA-256"), fingerprint(receipt.ocsp_response), mono=True),
    ]
    shown = lines[:changes_shown]
    changes = "".join(
        f"<tr><td>{c.number}</td><td>{html.escape(tr(c.kind) if c.kind else '')}</td>"
        f"<td>{html.escape(tr(c.action) if c.action else '')}</td>"
        f"<td>{html.escape(c.text)}</td></tr>"
        for c in shown
    )
    more = (
        "<p>"
        + html.escape(
            tr("… och {count} ändringar till (se kvittens {number} i KA Webb).").format(
                count=len(lines) - len(shown), number=receipt.id
            )
        )
        + "</p>"
        if len(lines) > len(shown)
        else ""
    )
    if check is None or checked_at is None:
        verified = f"<p>{tr('Kvittensen har inte verifierats i samband med utskriften.')}</p>"
    else:
        items = "".join(
            f"<li>{html.escape(check_text(c.name, c.ok, c.message))}</li>" for c in check.checks
        )
        verified = f"<p><b>{html.escape(verdict_text(check, checked_at))}</b></p><ul>{items}</ul>"
    title = tr("Kvittens {number} – signering i KA Webb").format(number=receipt.id)
    headings = "".join(
        f"<th>{html.escape(tr(h))}</th>"
        for h in (QT_TR_NOOP("Nr"), QT_TR_NOOP("Typ"), QT_TR_NOOP("Åtgärd"), QT_TR_NOOP("Ändring"))
    )
    return f"""
<html><head><style>
  body {{ font-family: sans-serif; }}
  h1 {{ font-size: 16pt; margin-bottom: 2pt; }}
  h2 {{ font-size: 11pt; margin-top: 12pt; margin-bottom: 3pt; }}
  td {{ padding-right: 8pt; vertical-align: top; }}
  td.key {{ font-weight: bold; white-space: nowrap; }}
  th {{ text-align: left; padding-right: 8pt; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p>{html.escape(tr(PRINT_INTRO))}</p>
<table cellspacing="0" cellpadding="1">{"".join(rows)}</table>
<h2>{html.escape(tr("Signerade ändringar"))}</h2>
<table cellspacing="0" cellpadding="2">
<tr>{headings}</tr>{changes}</table>{more}
<h2>BankID</h2>
<table cellspacing="0" cellpadding="1">{"".join(bankid)}</table>
<h2>{html.escape(tr("Verifiering"))}</h2>
{verified}
<p>{tr(PRINT_NOTE)}</p>
</body></html>"""


#: The printed receipt's fixed texts (PRINT_NOTE is rich text), shown with tr().
PRINT_INTRO = QT_TR_NOOP(
    "Ändringarna nedan signerades med BankID och skickades till Arbetsförmedlingen."
)
PRINT_NOTE = QT_TR_NOOP(
    "Signaturen och OCSP-svaret finns i sin helhet i KA Webb; där kontrollerar "
    "<i>Verifiera</i> dem igen mot signeringstjänstens CA."
)

#: A4 with 15 mm margins: the printed receipt's page.
PAGE = QPageLayout(
    QPageSize(QPageSize.PageSizeId.A4),
    QPageLayout.Orientation.Portrait,
    QMarginsF(15, 15, 15, 15),
    QPageLayout.Unit.Millimeter,
)


def _points_device() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_RGB32)
    dots_per_metre = round(72 / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    return image


#: The device the printed receipt is laid out on (made when first needed: no Qt object
#: at import).
_device: list[QImage] = []


def receipt_document(
    receipt: Receipt,
    organisation: str,
    lines: list[ChangeLine],
    check: ReceiptCheck | None,
    checked_at: dt.datetime | None,
) -> QTextDocument:
    """The receipt on one A4 page: a smaller font, then fewer changes listed, until it
    fits (the rest are counted: "… och 12 ändringar till")."""
    area = PAGE.paintRect(QPageLayout.Unit.Point).size()
    shown, size = min(PRINTED_CHANGES, len(lines)), 10.0
    while True:
        document = QTextDocument()
        # Laid out at 72 dots per inch, whatever the screen's: a point is a dot, so the
        # page counted here is the page printed (print_ scales it to the printer).
        if not _device:
            _device.append(_points_device())
        document.documentLayout().setPaintDevice(_device[0])
        font = QFont("sans-serif")
        font.setPointSizeF(size)
        document.setDefaultFont(font)
        document.setHtml(receipt_html(receipt, organisation, lines, check, checked_at, shown))
        document.setPageSize(QSizeF(area.width(), area.height()))
        if document.pageCount() <= 1 or shown == 0:
            return document
        if size > 8.0:
            size -= 1.0
        else:
            shown = max(0, shown - 2)


def print_document(document: QTextDocument, device: QPagedPaintDevice) -> None:
    """Print ``document`` on ``device`` (a printer or a PDF writer) on A4 pages."""
    device.setPageLayout(PAGE)
    document.print_(device)
