"""What login and signing share: polling a BankID order, showing its QR code, and the
demo's simulated phone.

Collect runs every ``interval`` (RP API guideline: 2 s) and the animated QR code's
content is fetched every second, both on a worker thread; one collect at a time.

Every poll is tagged with the *generation* of the order it belongs to: :meth:`start`
and :meth:`stop` begin a new generation, and an answer of an older one (a collect of
the previous order that was still on its way) is dropped, never emitted. The signals
carry the order's reference beside the answer, so a listener can check it too.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel

from kawebb_desktop.services.api import DemoPhone
from kawebb_desktop.services.flows import Device
from kawebb_desktop.ui.style import set_flag
from kawebb_desktop.ui.widgets.qr import QrCodeWidget
from kawebb_desktop.ui.worker import Worker

log = logging.getLogger(__name__)

QR_REFRESH_MS = 1000


class BankIdPoller(QObject):
    #: (order_ref, the collect's answer) — only for the order being polled now.
    progressed = Signal(object, object)
    #: (order_ref, the exception) — only for the order being polled now.
    failed = Signal(object, object)

    def __init__(self, qr: QrCodeWidget, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._qr = qr
        self._worker = Worker(self)
        self._order_ref: str | None = None
        self._collect: Callable[[], Any] | None = None
        self._qr_content: Callable[[], str] | None = None
        self._generation = 0
        #: The generation whose collect is on its way (0: none).
        self._collecting = 0
        #: Answers of an earlier order that arrived late and were dropped.
        self.dropped = 0
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(interval_ms)
        self._poll_timer.timeout.connect(self._poll)
        self._qr_timer = QTimer(self)
        self._qr_timer.setInterval(QR_REFRESH_MS)
        self._qr_timer.timeout.connect(self._refresh_qr)

    def start(
        self, order_ref: str, collect: Callable[[], Any], qr_content: Callable[[], str]
    ) -> None:
        """Poll ``order_ref`` from now on; whatever was polled before is forgotten."""
        self._generation += 1
        self._order_ref = order_ref
        self._collect, self._qr_content = collect, qr_content
        self._collecting = 0
        self._refresh_qr()
        self._poll_timer.start()
        self._qr_timer.start()

    def stop(self) -> None:
        self._generation += 1
        self._poll_timer.stop()
        self._qr_timer.stop()
        self._order_ref = None
        self._collect = self._qr_content = None
        self._collecting = 0
        self._qr.set_content("")

    @property
    def active(self) -> bool:
        return self._collect is not None

    @property
    def order_ref(self) -> str | None:
        """The order being polled, if any."""
        return self._order_ref

    def _poll(self) -> None:
        collect, generation, order_ref = self._collect, self._generation, self._order_ref
        if collect is None or self._collecting == generation:
            return
        self._collecting = generation
        self._worker.run(
            collect,
            lambda value: self._answered(generation, order_ref, self.progressed, value),
            lambda exc: self._answered(generation, order_ref, self.failed, exc),
        )

    def _answered(self, generation: int, order_ref: str | None, signal: Any, value: Any) -> None:
        if generation != self._generation:
            self.dropped += 1  # an earlier order's answer: not this order's business
            return
        self._collecting = 0
        if self.active:
            signal.emit(order_ref, value)

    def _refresh_qr(self) -> None:
        content, generation = self._qr_content, self._generation
        if content is not None:
            self._worker.run(
                content, lambda text: self._show_qr(generation, text), lambda _exc: None
            )

    def _show_qr(self, generation: int, content: str) -> None:
        if generation == self._generation and self.active:
            self._qr.set_content(content)


class PhoneApproval(QObject):
    """The demo's simulated BankID app: approves an order after a delay, on a worker.

    Only demo backends have a phone (``Services.demo_phone``); with real BankID the
    person approves in their own app and this does nothing. A new order, :meth:`stop`
    or the owner's destruction forgets the one scheduled before.
    """

    def __init__(self, phone: DemoPhone | None, delay_ms: int, parent: QObject) -> None:
        super().__init__(parent)
        self._phone = phone
        self._worker = Worker(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(0, delay_ms))
        self._timer.timeout.connect(self._approve)
        self._order: tuple[str, str | None] | None = None

    def schedule(self, order_ref: str, personnummer: str | None = None) -> None:
        """Approve ``order_ref`` (as ``personnummer``, or the person it is for) later."""
        if self._phone is None:
            return
        self._order = (order_ref, personnummer)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._order = None

    @property
    def scheduled(self) -> bool:
        return self._timer.isActive()

    def _approve(self) -> None:
        phone, order = self._phone, self._order
        self._order = None
        if phone is None or order is None:
            return
        order_ref, personnummer = order
        self._worker.run(
            lambda: phone.approve(order_ref, personnummer),
            lambda _r: None,
            lambda exc: log.info("The simulated phone did not approve %s: %s", order_ref, exc),
        )


def open_bankid_on_this_device(auto_start_token: str) -> None:
    """Start the BankID app on this computer (the autostart link of the RP guidelines)."""
    QDesktopServices.openUrl(QUrl(f"bankid:///?autostarttoken={auto_start_token}&redirect=null"))


def show_message(label: QLabel, text: str, *, failed: bool) -> None:
    """A status line; the stylesheet shows ``failed="true"`` in red."""
    label.setText(text)
    set_flag(label, "failed", failed)


#: Where the last choice of device (this computer or another) is remembered, for the
#: login and the signing wizard alike (QSettings).
DEVICE_SETTING = "signing/device"


def remembered_device() -> Device:
    """The device chosen last time (Mobilt BankID på annan enhet if none or unknown)."""
    value = QSettings().value(DEVICE_SETTING, Device.OTHER.value)
    try:
        return Device(str(value))
    except ValueError:
        return Device.OTHER


def remember_device(device: Device) -> None:
    QSettings().setValue(DEVICE_SETTING, device.value)
