"""Signing with BankID (guide §4.6): the signing wizard, drawn by ``QWizard``.

*Granska* (exactly the change set that will be sent) → *Välj* (BankID on this computer,
started by its autostart link, or Mobilt BankID on another device, by the animated QR
code; the last choice is remembered) → *Signera* (the QR code or the app starting, and
BankID's message for each collect answer) → *Kvittens*.

The wizard renders :class:`SignFlow`. Starting, collecting (every 2 s) and cancelling
run on a worker thread; the animated QR code refreshes every second.

Avbryt on *Signera* cancels the pending order and stays (to try again, or go back and
choose the other device); on the other pages it closes the wizard. Closing the wizard
(the window's close button, Esc, Avbryt, Stäng) while an order is starting or pending
cancels the order and stops polling it, so nothing the phone signs after that is
applied. An order whose start is still on its way when the dialog closes
is cancelled as soon as its reference arrives — by the worker that started it, so it
happens even if the dialog is gone by then (:class:`OrderGuard`).

If the order completed before the cancel reached it (the phone approved just as the
dialog closed), the services applied it with a receipt: the dialog then says so
(:attr:`SigningDialog.completed_after_close`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QStyle,
    QStyleOptionFrame,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.entities import Receipt
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.services.api import (
    Caller,
    OrderView,
    Services,
    SigningApi,
    SignPreview,
    SignProgress,
    StartSigning,
    VersionedId,
    caller_of,
)
from kawebb_desktop.services.flows import Device, SignFlow, SignState
from kawebb_desktop.ui.errors import message_of
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr, tr_message
from kawebb_desktop.ui.style import set_read_only, styled
from kawebb_desktop.ui.widgets.bankid import (
    BankIdPoller,
    PhoneApproval,
    open_bankid_on_this_device,
    remember_device,
    remembered_device,
    show_message,
)
from kawebb_desktop.ui.widgets.forms import named
from kawebb_desktop.ui.widgets.qr import QrCodeWidget
from kawebb_desktop.ui.widgets.screen import fit_to_screen
from kawebb_desktop.ui.worker import Worker

log = logging.getLogger(__name__)


class OrderGuard:
    """One press of *Signera*: whether the dialog still wants its order, shared by the
    GUI thread and the worker that starts the order.

    Exactly one side cancels an unwanted order: the worker, when the reference arrives
    after the dialog gave up (:meth:`arrived` → True), or the dialog, when it gives up
    after the reference arrived (:meth:`abandon` → the reference).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._order_ref: str | None = None
        self._abandoned = False

    def arrived(self, order_ref: str) -> bool:
        """The order started (worker thread). True: nobody wants it, cancel it now."""
        with self._lock:
            self._order_ref = order_ref
            return self._abandoned

    def abandon(self) -> str | None:
        """The dialog gives up (GUI thread): the order to cancel, if it has started and
        was not given up before."""
        with self._lock:
            if self._abandoned:
                return None
            self._abandoned = True
            return self._order_ref

    @property
    def abandoned(self) -> bool:
        with self._lock:
            return self._abandoned

    @property
    def order_ref(self) -> str | None:
        """The order, once its start has answered."""
        with self._lock:
            return self._order_ref


#: Cancels an order off the GUI thread and says how it ended.
CancelCall = Callable[[], SignProgress]


def _cancel_call(signing: SigningApi, caller: Caller, order_ref: str) -> CancelCall:
    def cancel() -> SignProgress:
        signing.cancel(caller, order_ref)
        # Settled now (failed, or completed if a collect got there first): reading it
        # asks BankID nothing.
        return signing.collect(caller, order_ref)

    return cancel


#: The receipt's field that holds its SHA-256 (64 hexadecimal digits).
DIGEST = QT_TR_NOOP("Kontrollsumma (SHA-256)")


def digest_field() -> QLineEdit:
    """A SHA-256 whole on one line: read-only but selectable (to copy and compare), in a
    fixed-width font, and wide enough for its 64 digits."""
    field = QLineEdit()
    set_read_only(field)
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(field.font().pointSizeF())
    field.setFont(font)
    text_width = field.fontMetrics().horizontalAdvance("0" * 64) + 4  # Qt's 2 px each side
    option = QStyleOptionFrame()
    field.initStyleOption(option)
    size = field.style().sizeFromContents(
        QStyle.ContentsType.CT_LineEdit, option, QSize(text_width, field.sizeHint().height())
    )
    field.setMinimumWidth(size.width())
    return field


def receipt_text(receipt: Receipt, organisation_name: str) -> str:
    """A receipt as plain text, for the screen and for saving."""
    signed = receipt.signed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    return "\n".join(
        [
            tr("KVITTENS — signering i KA Webb"),
            "",
            f"{tr('Organisation')}: {organisation_name}",
            f"{tr('Signerad av')}: {receipt.signer_name} ({receipt.signer_personnummer.formatted})",
            f"{tr('Tidpunkt')}: {signed}",
            f"{tr('Antal ändringar')}: {receipt.change_count}",
            f"{tr('Kvittensnummer')}: {receipt.id}",
            f"{tr('BankID-order')}: {receipt.order_ref}",
            f"{tr(DIGEST)}: {receipt.digest}",
            "",
            receipt.summary,
            "",
            tr("Signerat dokument (JSON):"),
            receipt.document,
            "",
            tr("Signatur (base64):"),
            receipt.signature,
            "",
            tr("OCSP-svar (base64):"),
            receipt.ocsp_response,
        ]
    )


WizardButton = QWizard.WizardButton


class SigningDialog(QWizard):
    """The signing wizard. Page ids: :attr:`REVIEW`, :attr:`CHOOSE`, :attr:`SIGN`,
    :attr:`RECEIPT`."""

    REVIEW, CHOOSE, SIGN, RECEIPT = range(4)

    #: The order completed although the dialog gave it up (a collect won the race with
    #: the cancel): the changes are applied and this is their receipt.
    completed_after_close = Signal(object)  # Receipt

    def __init__(
        self,
        services: Services,
        actor: Actor,
        summary: str,
        changes: tuple[VersionedId, ...],
        *,
        collect_interval_ms: int = 2000,
        phone_approve_ms: int = 3000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Signera med BankID"))
        self.setModal(True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self._services = services
        self._actor = actor
        self._caller = caller_of(actor)
        #: The change set the user confirms: exactly what the order will sign.
        self.changes = changes
        self.flow = SignFlow(summary, len(changes))
        self.flow.chose(remembered_device())
        self._worker = Worker(self)
        #: The order of the latest press of Signera (None before the first).
        self._guard: OrderGuard | None = None
        self._starting = False

        # Granska: what will be signed.
        review = QWizardPage()
        review.setTitle(tr("Granska"))
        review.setSubTitle(
            tr(
                "Det här skickas och signeras med ditt BankID — exakt de här ändringarna, "
                "inget annat."
            )
        )
        review_layout = QVBoxLayout(review)
        self.count_label = QLabel()
        review_layout.addWidget(self.count_label)
        self.summary = named(QPlainTextEdit(summary), tr("Det här &signerar du:"))
        set_read_only(self.summary)
        summary_label = QLabel(tr("Det här &signerar du:"))
        summary_label.setBuddy(self.summary)
        review_layout.addWidget(summary_label)
        review_layout.addWidget(self.summary, 1)
        # The SHA-256 the order will carry (and the receipt), computed by the signing
        # service from the set shown, before any order (SigningApi.preview).
        self.review_digest = named(digest_field(), tr("&Kontrollsumma för det du signerar:"))
        review_digest_label = QLabel(tr("&Kontrollsumma för det du signerar:"))
        review_digest_label.setBuddy(self.review_digest)
        review_layout.addWidget(review_digest_label)
        review_layout.addWidget(self.review_digest)
        self.review_note = QLabel(tr("Kontrollsumman räknas ut …"))
        styled(self.review_note, "hint")
        self.review_note.setWordWrap(True)
        review_layout.addWidget(self.review_note)
        self.setPage(self.REVIEW, review)

        # Välj: where the user's BankID is.
        choose = QWizardPage()
        choose.setTitle(tr("Välj"))
        choose.setSubTitle(tr("Var har du ditt BankID?"))
        choose_layout = QVBoxLayout(choose)
        self.device_group = QButtonGroup(self)
        self.device_buttons: dict[Device, QRadioButton] = {}
        explanations = {
            Device.THIS: tr("BankID-appen startas på den här datorn."),
            Device.OTHER: tr("Du skannar en QR-kod med BankID-appen i mobilen eller surfplattan."),
        }
        for device, mnemonic in (
            (Device.THIS, tr("BankID på den här &datorn")),
            (Device.OTHER, tr("&Mobilt BankID på annan enhet")),
        ):
            radio = named(QRadioButton(mnemonic), mnemonic)
            self.device_group.addButton(radio)
            self.device_buttons[device] = radio
            choose_layout.addWidget(radio)
            explanation = QLabel(explanations[device])
            styled(explanation, "hint")
            explanation.setWordWrap(True)
            explanation.setIndent(24)
            choose_layout.addWidget(explanation)
        choose_layout.addStretch(1)
        self.device_buttons[self.flow.device].setChecked(True)
        self.setPage(self.CHOOSE, choose)

        # Signera: the QR code, or the app starting on this computer.
        sign = QWizardPage()
        sign.setTitle(tr("Signera"))
        sign.setSubTitle(tr("Signera med BankID."))
        sign_layout = QVBoxLayout(sign)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("signMessage")
        self.message.setAccessibleName(tr("Meddelande"))
        sign_layout.addWidget(self.message)
        # The SHA-256 of what the order signs (BankID's userNonVisibleData): the same
        # number the receipt gets.
        self.order_digest = named(digest_field(), tr("&Kontrollsumma för det du signerar:"))
        self.order_digest_label = QLabel(tr("&Kontrollsumma för det du signerar:"))
        self.order_digest_label.setBuddy(self.order_digest)
        sign_layout.addWidget(self.order_digest_label)
        sign_layout.addWidget(self.order_digest)
        self.ways = QStackedWidget()
        qr_view = QWidget()
        qr_layout = QVBoxLayout(qr_view)
        qr_layout.setContentsMargins(0, 0, 0, 0)
        self.qr = QrCodeWidget()
        qr_layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        hint = QLabel(tr("Öppna BankID-appen i mobilen, tryck på QR-symbolen och skanna koden."))
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        qr_layout.addWidget(hint)
        qr_layout.addStretch(1)
        self.ways.addWidget(qr_view)
        app_view = QWidget()
        app_layout = QVBoxLayout(app_view)
        app_layout.setContentsMargins(0, 0, 0, 0)
        app_hint = QLabel(
            tr(
                "BankID-appen startas på den här datorn. Skriv under i appen; kom sedan "
                "tillbaka hit. Startade den inte kan du starta den igen."
            )
        )
        app_hint.setWordWrap(True)
        app_layout.addWidget(app_hint)
        self.same_device_button = named(
            QPushButton(tr("Starta BankID-appen &igen")), tr("Starta BankID-appen &igen")
        )
        self.same_device_button.setAutoDefault(False)
        self.same_device_button.clicked.connect(self._open_same_device)
        app_layout.addWidget(self.same_device_button, 0, Qt.AlignmentFlag.AlignLeft)
        app_layout.addStretch(1)
        self.ways.addWidget(app_view)
        sign_layout.addWidget(self.ways)
        sign_layout.addStretch(1)
        self.signer_label = QLabel(tr("Signeringstjänst: {name}").format(name=services.signer_name))
        styled(self.signer_label, "hint")
        self.signer_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        sign_layout.addWidget(self.signer_label)
        self.setPage(self.SIGN, sign)

        # Kvittens: the receipt.
        done = QWizardPage()
        done.setTitle(tr("Kvittens"))
        done.setSubTitle(tr("Signeringen lyckades. Ändringarna är skickade."))
        done_layout = QVBoxLayout(done)
        self.receipt_form = QFormLayout()
        done_layout.addLayout(self.receipt_form)
        self.digest = digest_field()
        self.receipt_fields: dict[str, QLabel | QLineEdit] = {}
        for key in (
            QT_TR_NOOP("Signerad av"),
            QT_TR_NOOP("Tidpunkt"),
            QT_TR_NOOP("Antal ändringar"),
            QT_TR_NOOP("Kvittensnummer"),
            DIGEST,
        ):
            value: QLabel | QLineEdit
            if key == DIGEST:
                value = self.digest
            else:
                value = QLabel()
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                value.setWordWrap(True)
            value.setAccessibleName(tr(key))
            self.receipt_fields[key] = value
            self.receipt_form.addRow(f"{tr(key)}:", value)
        self.receipt_summary = named(QPlainTextEdit(), tr("Signerade ändringar"))
        set_read_only(self.receipt_summary)
        done_layout.addWidget(self.receipt_summary, 1)
        self.setPage(self.RECEIPT, done)
        done.setFinalPage(True)

        # The buttons: QWizard's Tillbaka, Nästa and Stäng (Finish, on Kvittens) and
        # Stäng (Cancel, after a failure); Signera, Spara kvittens and Avbryt of ours.
        self.setButtonText(WizardButton.BackButton, tr("< &Tillbaka"))
        self.setButtonText(WizardButton.NextButton, tr("&Nästa >"))
        self.setButtonText(WizardButton.FinishButton, tr("Stäng"))
        self.setButtonText(WizardButton.CancelButton, tr("Stäng"))
        self.setButtonText(WizardButton.CustomButton1, tr("Signera med &BankID"))
        self.setButtonText(WizardButton.CustomButton2, tr("Spara &kvittens…"))
        self.setButtonText(WizardButton.CustomButton3, tr("Avbryt"))
        self.back_button = self.button(WizardButton.BackButton)
        self.next_button = self.button(WizardButton.NextButton)
        self.sign_button = self.button(WizardButton.CustomButton1)
        self.save_button = self.button(WizardButton.CustomButton2)
        self.cancel_button = self.button(WizardButton.CustomButton3)
        #: Stäng on Kvittens (accepts).
        self.finish_button = self.button(WizardButton.FinishButton)
        #: Stäng after a failure (rejects).
        self.fail_close_button = self.button(WizardButton.CancelButton)
        for b in (
            self.back_button,
            self.next_button,
            self.sign_button,
            self.save_button,
            self.cancel_button,
            self.finish_button,
            self.fail_close_button,
        ):
            named(b, b.text())
        self.customButtonClicked.connect(self._custom_clicked)
        self.currentIdChanged.connect(self._page_changed)
        self.device_group.buttonToggled.connect(self._device_toggled)

        self.poller = BankIdPoller(self.qr, collect_interval_ms, self)
        self.poller.progressed.connect(self._collected)
        self.poller.failed.connect(self._collect_failed)
        self.phone = PhoneApproval(services.demo_phone, phone_approve_ms, self)
        self._render()
        fit_to_screen(self, QSize(640, 600))
        signing, caller = services.signing, self._caller
        self._worker.run(
            lambda: signing.preview(caller, changes), self._previewed, self._preview_failed
        )

    def _previewed(self, preview: SignPreview) -> None:
        self.review_digest.setText(preview.digest)
        self.review_digest.setCursorPosition(0)
        show_message(
            self.review_note,
            tr(
                "Samma kontrollsumma står i BankID-ordern och på kvittensen (SHA-256 av "
                "ändringarna som de skickas)."
            ),
            failed=False,
        )

    def _preview_failed(self, exc: BaseException) -> None:
        show_message(self.review_note, message_of(exc), failed=True)

    # ------------------------------------------------------------------ navigation
    def _custom_clicked(self, which: int) -> None:
        if which == WizardButton.CustomButton1.value:
            self.start()
        elif which == WizardButton.CustomButton2.value:
            self.save_receipt()
        elif which == WizardButton.CustomButton3.value:
            self.cancel()

    def _page_changed(self, page_id: int) -> None:
        """Tillbaka and Nästa move the flow between Granska and Välj; Tillbaka from a
        failed Signera goes back to Välj (to choose again)."""
        state = self.flow.state
        if page_id == self.CHOOSE and state in (SignState.CONFIRM, SignState.FAILED):
            self.flow.reviewed()
        elif page_id == self.REVIEW and state is SignState.CHOOSING:
            self.flow.back()
        if page_id != -1:
            self._render()

    def _device_toggled(self, radio: QAbstractButton, checked: bool) -> None:
        if not checked:
            return
        device = next(d for d, b in self.device_buttons.items() if b is radio)
        if self.flow.state in (SignState.CONFIRM, SignState.CHOOSING, SignState.FAILED):
            self.flow.chose(device)
        remember_device(device)

    @property
    def close_button(self) -> QAbstractButton:
        """Stäng: on Kvittens it accepts, after a failure it rejects."""
        if self.currentId() == self.RECEIPT:
            return self.finish_button
        return self.fail_close_button

    # ------------------------------------------------------------------ actions
    @property
    def starting(self) -> bool:
        """Signera was pressed and the order's reference has not come back yet."""
        return self._starting

    def start(self) -> None:
        """Signera med BankID (on Välj), or Försök igen (on a failed Signera)."""
        if self.flow.state in (SignState.WAITING, SignState.DONE) or self._starting:
            return
        signing, caller = self._services.signing, self._caller
        # An earlier order of this dialog (failed, cancelled, or lost to a network error)
        # is cancelled first, on the same worker: BankID refuses a second order for the
        # same person while one is pending. Cancelling an order that has ended (or whose
        # cancel is already on its way) changes nothing.
        previous = None
        if self._guard is not None:
            self._guard.abandon()
            previous = self._guard.order_ref
        guard = self._guard = OrderGuard()
        # One command per press: each press is a new order (its key is not reused). It
        # names the set shown: the service refuses if what waits is not that set.
        command = StartSigning(changes=self.changes)

        def start() -> OrderView:
            if previous is not None:
                try:
                    signing.cancel(caller, previous)
                except Exception as exc:
                    log.info("Cancelling the earlier signing order failed: %s", exc)
            order = signing.start(caller, command)
            if guard.arrived(order.order_ref):
                # The dialog was closed while the order was starting: nobody will show
                # it or collect it, so it must not wait for the phone either.
                signing.cancel(caller, order.order_ref)
            return order

        self._starting = True
        if self.currentId() != self.SIGN:
            self.next()  # Välj → Signera; the page says the order is starting
        self._render()
        self._worker.run(
            start,
            lambda order: self._started(guard, order),
            lambda exc: self._start_failed(guard, exc),
        )

    def _started(self, guard: OrderGuard, order: OrderView) -> None:
        if guard is not self._guard or guard.abandoned:
            return  # given up while it was starting; the worker has cancelled it
        self._starting = False
        self.flow.started(order)
        self.summary.setPlainText(order.summary)
        signing, caller, ref = self._services.signing, self._caller, order.order_ref
        self.poller.start(
            ref, lambda: signing.collect(caller, ref), lambda: signing.qr(caller, ref)
        )
        self.phone.schedule(ref, None)
        if not self.flow.qr:
            open_bankid_on_this_device(order.auto_start_token)
        self._render()

    def _start_failed(self, guard: OrderGuard, exc: BaseException) -> None:
        if guard is self._guard and not guard.abandoned:
            self._starting = False
            self._error(exc)

    def _is_current(self, order_ref: str | None) -> bool:
        order = self.flow.order
        return (
            self.flow.state is SignState.WAITING
            and order is not None
            and order.order_ref == order_ref
        )

    def _collected(self, order_ref: str, progress: SignProgress) -> None:
        if self._is_current(order_ref):
            self.flow.progressed(progress)
            if self.flow.state is SignState.DONE and self.currentId() == self.SIGN:
                self.next()  # Signera → Kvittens
            self._render()

    def _collect_failed(self, order_ref: str, exc: BaseException) -> None:
        if self._is_current(order_ref):
            self._error(exc)

    def abandon(self) -> CancelCall | None:
        """Give up this dialog's order, whether it is starting, pending or lost to an
        error: stop polling it and stop the demo phone. Returns the call that cancels it
        in the service and at BankID (to be made off the GUI thread), or None when there
        is nothing to cancel now (no order, it completed, or its start is still on its
        way — then the worker that starts it cancels it)."""
        guard = self._guard
        order_ref = guard.abandon() if guard is not None else None
        self._starting = False
        self.poller.stop()
        self.phone.stop()
        if self.flow.state is SignState.WAITING:
            self.flow.cancelled()
            self._render()
        if order_ref is None or self.flow.state is SignState.DONE:
            return None
        return _cancel_call(self._services.signing, self._caller, order_ref)

    def cancel(self) -> None:
        """Avbryt: stop a running BankID order and stay (to try again); otherwise —
        before BankID started, or while it is starting — close."""
        if self.flow.state is SignState.WAITING:
            self._cancel_in_background(self.abandon())
            return
        self.reject()

    def _cancel_in_background(self, cancel: CancelCall | None) -> None:
        if cancel is not None:
            self._worker.run(
                cancel,
                self._cancelled,
                lambda exc: log.info("Cancelling the signing order failed: %s", exc),
            )

    def _cancelled(self, progress: SignProgress) -> None:
        if progress.receipt is not None:  # only a completed order has one
            self.completed_after_close.emit(progress.receipt)

    def reject(self) -> None:
        """Esc, the window's close button, Avbryt and Stäng all end here."""
        self._cancel_in_background(self.abandon())
        super().reject()

    def _error(self, exc: BaseException) -> None:
        if self.flow.state in (SignState.CONFIRM, SignState.CHOOSING, SignState.WAITING):
            self.flow.refused(exc if isinstance(exc, DomainError) else DomainError(message_of(exc)))
        self._render()

    def save_receipt(self) -> None:
        receipt = self.flow.receipt
        if receipt is None:
            return
        name = tr("kvittens-{time}.txt").format(
            time=receipt.signed_at.astimezone().strftime("%Y%m%d-%H%M%S")
        )
        path, _filter = QFileDialog.getSaveFileName(
            self, tr("Spara kvittens"), name, tr("Textfiler (*.txt)")
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
    def _buttons(self) -> list[WizardButton]:
        page, state = self.currentId(), self.flow.state
        stretch = WizardButton.Stretch
        if page == self.REVIEW:
            return [stretch, WizardButton.NextButton, WizardButton.CustomButton3]
        if page == self.CHOOSE:
            return [
                stretch,
                WizardButton.BackButton,
                WizardButton.CustomButton1,
                WizardButton.CustomButton3,
            ]
        if page == self.SIGN:
            if state is SignState.FAILED and not self._starting:
                return [
                    stretch,
                    WizardButton.BackButton,
                    WizardButton.CustomButton1,
                    WizardButton.CancelButton,
                ]
            return [stretch, WizardButton.CustomButton3]
        return [WizardButton.CustomButton2, stretch, WizardButton.FinishButton]

    def _render(self) -> None:
        state = self.flow.state
        show_message(
            self.message,
            tr("Startar BankID …") if self._starting else tr_message(self.flow.message),
            failed=state is SignState.FAILED and not self._starting,
        )
        if state is not SignState.WAITING:
            if self.poller.active:
                self.poller.stop()
            self.phone.stop()
        count = self.flow.change_count
        self.count_label.setText(
            tr("1 ändring signeras.")
            if count == 1
            else tr("{count} ändringar signeras.").format(count=count)
        )
        self.ways.setCurrentIndex(0 if self.flow.qr else 1)
        self.ways.setVisible(state is SignState.WAITING)  # not an empty QR code
        order = self.flow.order
        digest = order.digest if order is not None and state is SignState.WAITING else ""
        if self.order_digest.text() != digest:
            self.order_digest.setText(digest)
            self.order_digest.setCursorPosition(0)
        self.order_digest.setVisible(bool(digest))
        self.order_digest_label.setVisible(bool(digest))
        self.same_device_button.setVisible(state is SignState.WAITING and not self.flow.qr)
        self.setButtonLayout(self._buttons())
        self.sign_button.setText(
            tr("Försök igen") if state is SignState.FAILED else tr("Signera med &BankID")
        )
        named(self.sign_button, self.sign_button.text())
        if self.currentId() in (self.CHOOSE, self.SIGN) and isinstance(
            self.sign_button, QPushButton
        ):
            self.sign_button.setDefault(True)
        receipt = self.flow.receipt
        if state is SignState.DONE and receipt is not None:
            self.setWindowTitle(tr("Kvittens"))
            fields = self.receipt_fields
            fields["Signerad av"].setText(
                f"{receipt.signer_name} ({receipt.signer_personnummer.formatted})"
            )
            fields["Tidpunkt"].setText(receipt.signed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S"))
            fields["Antal ändringar"].setText(str(receipt.change_count))
            fields["Kvittensnummer"].setText(str(receipt.id))
            self.digest.setText(receipt.digest)
            self.digest.setCursorPosition(0)
            self.receipt_summary.setPlainText(receipt.summary)
            self.finish_button.setFocus()
