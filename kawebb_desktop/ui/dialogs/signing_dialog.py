"""Signing with BankID (guide §4.6): confirm → QR/app → receipt (kvittens).

The dialog renders :class:`SignFlow`. Starting, collecting (every 2 s) and cancelling
run on a worker thread; the animated QR code refreshes every second.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.entities import Receipt
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.services import Services
from kawebb_desktop.services.flows import SignFlow, SignState
from kawebb_desktop.services.signing import OrderView, SignProgress
from kawebb_desktop.ui.errors import message_of
from kawebb_desktop.ui.widgets.bankid import BankIdPoller, open_bankid_on_this_device, show_message
from kawebb_desktop.ui.widgets.forms import button, named
from kawebb_desktop.ui.widgets.qr import QrCodeWidget
from kawebb_desktop.ui.worker import Worker


def receipt_text(receipt: Receipt, organisation_name: str) -> str:
    """A receipt as plain text, for the screen and for saving."""
    signed = receipt.signed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    return "\n".join(
        [
            "KVITTENS — signering i KA Webb",
            "",
            f"Organisation: {organisation_name}",
            f"Signerad av: {receipt.signer_name} ({receipt.signer_personnummer.formatted})",
            f"Tidpunkt: {signed}",
            f"Antal ändringar: {receipt.change_count}",
            f"Kvittensnummer: {receipt.id}",
            f"BankID-order: {receipt.order_ref}",
            f"Kontrollsumma (SHA-256): {receipt.digest}",
            "",
            receipt.summary,
            "",
            "Signerat dokument (JSON):",
            receipt.document,
            "",
            "Signatur (base64):",
            receipt.signature,
            "",
            "OCSP-svar (base64):",
            receipt.ocsp_response,
        ]
    )


class SigningDialog(QDialog):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        summary: str,
        change_count: int,
        *,
        collect_interval_ms: int = 2000,
        show_same_device: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Signera med BankID")
        self.setModal(True)
        self.resize(620, 560)
        self._services = services
        self._actor = actor
        self.flow = SignFlow(summary, change_count)
        self._worker = Worker(self)
        self._show_same_device = show_same_device

        layout = QVBoxLayout(self)
        self.heading = heading = QLabel("Signera ändringar")
        heading.setObjectName("dialogTitle")
        layout.addWidget(heading)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("signMessage")
        self.message.setAccessibleName("Meddelande")
        layout.addWidget(self.message)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)

        # Confirm: what will be signed.
        confirm = QWidget()
        confirm_layout = QVBoxLayout(confirm)
        confirm_layout.setContentsMargins(0, 0, 0, 0)
        self.summary = named(QPlainTextEdit(summary), "Det här signerar du")
        self.summary.setReadOnly(True)
        confirm_layout.addWidget(QLabel("Det här signerar du:"))
        confirm_layout.addWidget(self.summary)
        self.pages.addWidget(confirm)

        # Waiting: QR code.
        waiting = QWidget()
        waiting_layout = QVBoxLayout(waiting)
        self.qr = QrCodeWidget()
        waiting_layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        hint = QLabel("Öppna BankID-appen i mobilen, tryck på QR-symbolen och skanna koden.")
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        waiting_layout.addWidget(hint)
        self.signer_label = QLabel(f"Signeringstjänst: {services.signing.signer_name}")
        self.signer_label.setObjectName("hint")
        self.signer_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        waiting_layout.addWidget(self.signer_label)
        waiting_layout.addStretch(1)
        self.pages.addWidget(waiting)

        # Done: the receipt.
        done = QWidget()
        done_layout = QVBoxLayout(done)
        done_layout.setContentsMargins(0, 0, 0, 0)
        self.receipt_form = QFormLayout()
        done_layout.addLayout(self.receipt_form)
        self.receipt_fields: dict[str, QLabel] = {}
        for key in (
            "Signerad av",
            "Tidpunkt",
            "Antal ändringar",
            "Kvittensnummer",
            "Kontrollsumma (SHA-256)",
        ):
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            value.setAccessibleName(key)
            self.receipt_fields[key] = value
            self.receipt_form.addRow(f"{key}:", value)
        self.receipt_summary = named(QPlainTextEdit(), "Signerade ändringar")
        self.receipt_summary.setReadOnly(True)
        done_layout.addWidget(self.receipt_summary)
        self.pages.addWidget(done)

        buttons = QHBoxLayout()
        self.sign_button = button("Signera med BankID", default=True)
        self.sign_button.clicked.connect(self.start)
        self.same_device_button = button("Öppna BankID på den här datorn")
        self.same_device_button.clicked.connect(self._open_same_device)
        self.save_button = button("Spara kvittens…")
        self.save_button.clicked.connect(self.save_receipt)
        self.cancel_button = button("Avbryt")
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = button("Stäng", default=True)
        self.close_button.clicked.connect(self._close)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        for b in (self.same_device_button, self.sign_button, self.cancel_button, self.close_button):
            buttons.addWidget(b)
        layout.addLayout(buttons)

        self.poller = BankIdPoller(self.qr, collect_interval_ms, self)
        self.poller.progressed.connect(self._collected)
        self.poller.failed.connect(self._error)
        self._render()

    # ------------------------------------------------------------------ actions
    def start(self) -> None:
        if self.flow.state not in (SignState.CONFIRM, SignState.FAILED):
            return
        self.sign_button.setEnabled(False)
        self._worker.run(
            lambda: self._services.signing.start(self._actor), self._started, self._error
        )

    def _started(self, order: OrderView) -> None:
        self.flow.started(order)
        self.summary.setPlainText(order.summary)
        signing, actor = self._services.signing, self._actor
        self.poller.start(
            lambda: signing.collect(actor, order.order_ref), lambda: signing.qr(order.order_ref)
        )
        self._render()

    def _collected(self, progress: SignProgress) -> None:
        if self.flow.state is SignState.WAITING:
            self.flow.progressed(progress)
            self._render()

    def cancel(self) -> None:
        """Avbryt: stop a running BankID order; before starting, just close."""
        order = self.flow.order
        if self.flow.state is SignState.WAITING and order is not None:
            self._worker.run(
                lambda: self._services.signing.cancel(self._actor, order.order_ref),
                lambda _r: None,
                lambda _e: None,
            )
            self.flow.cancelled()
            self._render()
            return
        self.reject()

    def _close(self) -> None:
        if self.flow.state is SignState.DONE:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        if self.flow.state is SignState.WAITING:
            self.cancel()
        self.poller.stop()
        super().reject()

    def _error(self, exc: BaseException) -> None:
        if self.flow.state in (SignState.CONFIRM, SignState.WAITING):
            self.flow.refused(exc if isinstance(exc, DomainError) else DomainError(message_of(exc)))
        self._render()

    def save_receipt(self) -> None:
        receipt = self.flow.receipt
        if receipt is None:
            return
        name = f"kvittens-{receipt.signed_at.astimezone().strftime('%Y%m%d-%H%M%S')}.txt"
        path, _filter = QFileDialog.getSaveFileName(
            self, "Spara kvittens", name, "Textfiler (*.txt)"
        )
        if path:
            self.write_receipt(path)

    def write_receipt(self, path: str) -> None:
        assert self.flow.receipt is not None
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(receipt_text(self.flow.receipt, self._actor.organisation_name))

    def _open_same_device(self) -> None:
        if self.flow.order is not None:
            open_bankid_on_this_device(self.flow.order.auto_start_token)

    # ------------------------------------------------------------------ rendering
    def _render(self) -> None:
        state = self.flow.state
        show_message(self.message, self.flow.message, failed=state is SignState.FAILED)
        waiting = state is SignState.WAITING
        if not waiting and self.poller.active:
            self.poller.stop()
        page = {SignState.CONFIRM: 0, SignState.WAITING: 1, SignState.DONE: 2, SignState.FAILED: 0}[
            state
        ]
        self.pages.setCurrentIndex(page)
        self.sign_button.setVisible(state in (SignState.CONFIRM, SignState.FAILED))
        self.sign_button.setEnabled(True)
        self.sign_button.setText(
            "Försök igen" if state is SignState.FAILED else "Signera med BankID"
        )
        named(self.sign_button, self.sign_button.text())
        self.same_device_button.setVisible(waiting and self._show_same_device)
        self.cancel_button.setVisible(state in (SignState.CONFIRM, SignState.WAITING))
        self.close_button.setVisible(state in (SignState.DONE, SignState.FAILED))
        self.save_button.setVisible(state is SignState.DONE)
        receipt = self.flow.receipt
        if state is SignState.DONE and receipt is not None:
            self.setWindowTitle("Kvittens")
            self.heading.setText("Kvittens – signeringen lyckades")
            fields = self.receipt_fields
            fields["Signerad av"].setText(
                f"{receipt.signer_name} ({receipt.signer_personnummer.formatted})"
            )
            fields["Tidpunkt"].setText(receipt.signed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"))
            fields["Antal ändringar"].setText(str(receipt.change_count))
            fields["Kvittensnummer"].setText(str(receipt.id))
            fields["Kontrollsumma (SHA-256)"].setText(receipt.digest)
            self.receipt_summary.setPlainText(receipt.summary)
            self.close_button.setFocus()
