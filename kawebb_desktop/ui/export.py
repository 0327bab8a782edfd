"""Export a whole list (every page of the query) to a CSV file Excel opens correctly.

Swedish Excel expects ``;`` as separator and recognises UTF-8 by its BOM. The pages are
fetched and written on a worker thread behind a progress dialog that can be cancelled.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from kawebb_desktop.domain.queries import MAX_PAGE_SIZE, Page
from kawebb_desktop.ui.errors import show_error, show_info
from kawebb_desktop.ui.worker import Worker

T = TypeVar("T")


class _Progress(QObject):
    advanced = Signal(int, int)


def write_csv(
    path: Path,
    titles: Sequence[str],
    texts: Callable[[T], list[str]],
    fetch: Callable[[int, int], Page[T]],
    progress: Callable[[int, int], None] = lambda _done, _total: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> int:
    """Write every row of ``fetch`` to ``path``; returns the number of rows written."""
    written = 0
    partial = path.with_name(path.name + ".delvis")
    with partial.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(titles)
        offset = 0
        while True:
            if cancelled():
                partial.unlink(missing_ok=True)
                return -1
            page = fetch(offset, MAX_PAGE_SIZE)
            for item in page.items:
                writer.writerow(texts(item))
            written += len(page.items)
            progress(written, page.total)
            offset += len(page.items)
            if not page.items or offset >= page.total:
                break
    partial.replace(path)
    return written


def export_table(
    parent: QWidget,
    default_name: str,
    titles: Sequence[str],
    texts: Callable[[Any], list[str]],
    fetch: Callable[[int, int], Page[Any]],
    path: str | None = None,
) -> None:
    if path is None:
        path, _filter = QFileDialog.getSaveFileName(
            parent, "Exportera", default_name, "CSV-filer (*.csv)"
        )
        if not path:
            return
    dialog = QProgressDialog("Exporterar …", "Avbryt", 0, 0, parent)
    dialog.setWindowTitle("Exportera")
    dialog.setMinimumDuration(300)
    relay = _Progress(dialog)

    def advance(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    relay.advanced.connect(advance)
    stop = threading.Event()
    dialog.canceled.connect(stop.set)
    worker = Worker(dialog)

    def finished(count: int) -> None:
        dialog.reset()
        dialog.deleteLater()
        if count >= 0:
            show_info(parent, "Exportera", f"{count} rader sparades i {path}.")

    def failed(exc: BaseException) -> None:
        dialog.reset()
        dialog.deleteLater()
        show_error(parent, exc, "Exporten misslyckades", failed="Exporten kunde inte slutföras.")

    worker.run(
        lambda: write_csv(Path(path), titles, texts, fetch, relay.advanced.emit, stop.is_set),
        finished,
        failed,
    )
