"""The animated BankID QR code: new content every second, drawn from segno's matrix."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kawebb_desktop.ui.i18n import tr

QUIET_ZONE = 4  # modules of white border the QR standard asks for


class QrCodeWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matrix: tuple[bytearray, ...] = ()
        self._content = ""
        self.setMinimumSize(QSize(200, 200))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(tr("QR-kod för BankID"))
        self.setAccessibleDescription(tr("Skanna QR-koden med BankID-appen i din mobil."))

    @property
    def content(self) -> str:
        return self._content

    def set_content(self, content: str) -> None:
        if content == self._content:
            return
        self._content = content
        import segno  # with the first order, not before the login window shows

        self._matrix = tuple(segno.make(content, error="l", micro=False).matrix) if content else ()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(220, 220)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if not self._matrix:
            return
        count = len(self._matrix) + 2 * QUIET_ZONE
        side = min(self.width(), self.height())
        module = side / count
        left = (self.width() - side) / 2 + QUIET_ZONE * module
        top = (self.height() - side) / 2 + QUIET_ZONE * module
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        for y, row in enumerate(self._matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.drawRect(
                        QRectF(left + x * module, top + y * module, module + 0.5, module + 0.5)
                    )
