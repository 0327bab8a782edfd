"""Export a whole list (every page of the query) to a CSV or an Excel (.xlsx) file.

Swedish Excel expects ``;`` as separator in CSV and recognises UTF-8 by its BOM. An XLSX
file is written by openpyxl's write-only workbook (rows stream to the file; memory does
not grow with the list): the header bold, dates as real dates, numbers as numbers, the
columns as wide as their texts. The pages are fetched and written on a worker thread
behind a progress dialog that can be cancelled. The file is written under a temporary
name in the same folder and renamed at the end, so a cancelled or failed export leaves
no partial file behind.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from kawebb_desktop.domain.queries import MAX_PAGE_SIZE, Page
from kawebb_desktop.ui.errors import show_error, show_info
from kawebb_desktop.ui.i18n import tr
from kawebb_desktop.ui.worker import Worker

T = TypeVar("T")

CSV_FILTER = "CSV (*.csv)"
XLSX_FILTER = "Excel (*.xlsx)"
#: The file dialog's choices, CSV first.
FILTERS = f"{CSV_FILTER};;{XLSX_FILTER}"
#: Column widths in Excel: the longest text of the first page, within these bounds.
MIN_WIDTH, MAX_WIDTH = 8, 60

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class _Progress(QObject):
    advanced = Signal(int, int)


class _Cancelled(Exception):
    """The user cancelled the export; the partial file is removed."""


def _pages(
    fetch: Callable[[int, int], Page[T]], progress: Progress, cancelled: Cancelled
) -> Iterator[Page[T]]:
    """Every page of the list, in order; stops (raising) as soon as cancelled."""
    offset, written = 0, 0
    while True:
        if cancelled():
            raise _Cancelled
        page = fetch(offset, MAX_PAGE_SIZE)
        yield page
        written += len(page.items)
        progress(written, max(page.total, written))
        offset += len(page.items)
        if not page.items or (offset >= page.total and page.total_exact):
            return


def _write_atomically(path: Path, write: Callable[[Path], int]) -> int:
    """``write`` a temporary file beside ``path`` and rename it to ``path`` when it is
    complete. Returns its row count, or -1 when cancelled (nothing left behind)."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".delvis", dir=path.parent)
    os.close(handle)
    partial = Path(name)
    try:
        written = write(partial)
    except _Cancelled:
        partial.unlink(missing_ok=True)
        return -1
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return written


def write_csv(
    path: Path,
    titles: Sequence[str],
    texts: Callable[[T], list[str]],
    fetch: Callable[[int, int], Page[T]],
    progress: Progress = lambda _done, _total: None,
    cancelled: Cancelled = lambda: False,
) -> int:
    """Write every row of ``fetch`` to ``path``; returns the number of rows written
    (-1: cancelled, no file written)."""

    def write(partial: Path) -> int:
        written = 0
        with partial.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(titles)
            for page in _pages(fetch, progress, cancelled):
                for item in page.items:
                    writer.writerow(texts(item))
                written += len(page.items)
        return written

    return _write_atomically(path, write)


def _width(value: Any) -> int:
    if value is None:
        return 0
    if hasattr(value, "isoformat"):
        return 10
    return len(str(value))


def write_xlsx(
    path: Path,
    titles: Sequence[str],
    values: Callable[[T], Sequence[Any]],
    fetch: Callable[[int, int], Page[T]],
    progress: Progress = lambda _done, _total: None,
    cancelled: Cancelled = lambda: False,
    sheet: str = "Export",
) -> int:
    """Write every row of ``fetch`` to an Excel file at ``path``: ``values`` gives a row's
    cells (dates as ``datetime.date``, numbers as ``int``); returns the number of rows
    written (-1: cancelled, no file written)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def write(partial: Path) -> int:
        workbook = Workbook(write_only=True)
        ws = workbook.create_sheet(sheet[:31])
        saved = False
        try:
            written = 0
            pages = _pages(fetch, progress, cancelled)
            first = next(pages)
            rows = [list(values(item)) for item in first.items]
            # Widths must be set before the first row; the first page decides them.
            for i, title in enumerate(titles):
                longest = max([len(title)] + [_width(r[i]) for r in rows if i < len(r)])
                width = min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))
                ws.column_dimensions[get_column_letter(i + 1)].width = width
            bold = Font(bold=True)
            header = []
            for title in titles:
                cell = WriteOnlyCell(ws, value=title)
                cell.font = bold
                header.append(cell)
            ws.append(header)
            ws.freeze_panes = "A2"
            for row in rows:
                ws.append(row)
            written = len(rows)
            for page in pages:
                for item in page.items:
                    ws.append(list(values(item)))
                written += len(page.items)
            if cancelled():
                raise _Cancelled
            workbook.save(partial)
            saved = True
        finally:
            if not saved:
                _discard(ws)
        return written

    return _write_atomically(path, write)


def _discard(ws: Any) -> None:
    """Close a write-only sheet that will not be saved and remove openpyxl's temporary
    file of its rows (or it stays in the temp folder until exit)."""
    with contextlib.suppress(Exception):
        ws.close()
    writer = getattr(ws, "_writer", None)
    if writer is not None:
        with contextlib.suppress(Exception):
            writer.cleanup()


def _chosen_path(path: str, chosen_filter: str) -> Path:
    """The path with the suffix of its format: typed by the user, else the filter's."""
    target = Path(path)
    if target.suffix.lower() in (".csv", ".xlsx"):
        return target
    return target.with_name(target.name + (".xlsx" if chosen_filter == XLSX_FILTER else ".csv"))


def export_table(
    parent: QWidget,
    default_name: str,
    titles: Sequence[str],
    texts: Callable[[Any], list[str]],
    fetch: Callable[[int, int], Page[Any]],
    path: str | None = None,
    *,
    values: Callable[[Any], Sequence[Any]] | None = None,
) -> QProgressDialog | None:
    """Ask where to save (CSV or Excel), then write every row of ``fetch`` there on a
    worker thread behind a cancellable progress dialog (returned; ``None`` when the user
    chose no file). ``values`` gives a row's typed cells for Excel (default: ``texts``)."""
    chosen_filter = CSV_FILTER
    if path is None:
        path, chosen_filter = QFileDialog.getSaveFileName(
            parent, tr("Exportera"), default_name, FILTERS
        )
        if not path:
            return None
    target = _chosen_path(path, chosen_filter)
    dialog = QProgressDialog(tr("Exporterar …"), tr("Avbryt"), 0, 0, parent)
    dialog.setWindowTitle(tr("Exportera"))
    dialog.setAccessibleName(tr("Exporterar"))
    dialog.setMinimumDuration(300)
    relay = _Progress(dialog)

    def advance(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        dialog.setLabelText(
            tr("Exporterar … {done} av {total} rader").format(done=done, total=total)
        )

    relay.advanced.connect(advance)
    stop = threading.Event()
    dialog.canceled.connect(stop.set)
    worker = Worker(dialog)

    def close() -> None:
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            dialog.reset()
            dialog.deleteLater()

    def finished(count: int) -> None:
        close()
        if count >= 0:
            show_info(
                parent,
                tr("Exportera"),
                tr("{count} rader sparades i {path}.").format(count=count, path=target),
            )

    def failed(exc: BaseException) -> None:
        close()
        show_error(
            parent,
            exc,
            tr("Exporten misslyckades"),
            failed=tr("Exporten kunde inte slutföras."),
        )

    if target.suffix.lower() == ".xlsx":
        cells = values or texts

        def run() -> int:
            return write_xlsx(target, titles, cells, fetch, relay.advanced.emit, stop.is_set)
    else:

        def run() -> int:
            return write_csv(target, titles, texts, fetch, relay.advanced.emit, stop.is_set)

    worker.run(run, finished, failed)
    return dialog
