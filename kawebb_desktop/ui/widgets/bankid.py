"""What login and signing share: polling a BankID order and showing its QR code.

Collect runs every ``interval`` (RP API guideline: 2 s) and the animated QR code's
content is fetched every second, both on a worker thread; one collect at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel

from kawebb_desktop.ui.widgets.qr import QrCodeWidget
from kawebb_desktop.ui.worker import Worker

QR_REFRESH_MS = 1000


class BankIdPoller(QObject):
    progressed = Signal(object)
    failed = Signal(object)

    def __init__(self, qr: QrCodeWidget, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._qr = qr
        self._worker = Worker(self)
        self._collect: Callable[[], Any] | None = None
        self._qr_content: Callable[[], str] | None = None
        self._collecting = False
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(interval_ms)
        self._poll_timer.timeout.connect(self._poll)
        self._qr_timer = QTimer(self)
        self._qr_timer.setInterval(QR_REFRESH_MS)
        self._qr_timer.timeout.connect(self._refresh_qr)

    def start(self, collect: Callable[[], Any], qr_content: Callable[[], str]) -> None:
        self._collect, self._qr_content = collect, qr_content
        self._collecting = False
        self._refresh_qr()
        self._poll_timer.start()
        self._qr_timer.start()

    def stop(self) -> None:
        self._poll_timer.stop()
        self._qr_timer.stop()
        self._collect = self._qr_content = None
        self._qr.set_content("")

    @property
    def active(self) -> bool:
        return self._collect is not None

    def _poll(self) -> None:
        collect = self._collect
        if collect is None or self._collecting:
            return
        self._collecting = True
        self._worker.run(collect, self._answered(self.progressed), self._answered(self.failed))

    def _answered(self, signal: Any) -> Callable[[Any], None]:
        def deliver(value: Any) -> None:
            self._collecting = False
            if self.active:
                signal.emit(value)

        return deliver

    def _refresh_qr(self) -> None:
        content = self._qr_content
        if content is not None:
            self._worker.run(content, self._show_qr, lambda _exc: None)

    def _show_qr(self, content: str) -> None:
        if self.active:
            self._qr.set_content(content)


def open_bankid_on_this_device(auto_start_token: str) -> None:
    """Start the BankID app on this computer (the autostart link of the RP guidelines)."""
    QDesktopServices.openUrl(QUrl(f"bankid:///?autostarttoken={auto_start_token}&redirect=null"))


def show_message(label: QLabel, text: str, *, failed: bool) -> None:
    """A status line; the stylesheet shows ``failed="true"`` in red."""
    label.setText(text)
    if label.property("failed") != failed:
        label.setProperty("failed", failed)
        label.style().unpolish(label)
        label.style().polish(label)
