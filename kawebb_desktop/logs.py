"""Log files: rotating, in the per-user log folder, with no personnummer in clear.

``kawebb`` (the app), its other commands and ``kawebb serve`` each log to their own file
(``kawebb.log``, ``kawebb-cli.log``, ``kawebb-server.log``) in platformdirs' user log
folder — ``--log-dir`` or ``KAWEBB_LOG_DIR`` override it — rotated at
:data:`LOG_MAX_BYTES` with :data:`LOG_BACKUPS` files kept, so two programs running at
once never rotate one file under each other.

Every record passes :class:`PersonnummerFilter` on its way to the file: a personnummer
(12 or 10 digits, with or without ``-``/``+`` before the last four, valid or not) keeps
its date and loses its last four digits (``19800101-****``), in the message, its
arguments and the traceback alike.
"""

from __future__ import annotations

import logging
import os
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

from platformdirs import user_log_dir

from kawebb_desktop import __version__
from kawebb_desktop.settings import APP_DIR_NAME

#: The name of the handler that writes the log file (``ui.errors.log_file`` finds it).
LOG_HANDLER = "kawebb-log-file"
#: A file is rotated at this size; the ones before it are kept.
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 2
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

#: The log file of each program.
APP_LOG, CLI_LOG, SERVER_LOG = "kawebb.log", "kawebb-cli.log", "kawebb-server.log"

#: 12 digits (YYYYMMDDNNNN) or 10 (YYMMDDNNNN), a ``-`` or ``+`` allowed before the last
#: four; not part of a longer run of digits.
_PERSONNUMMER = re.compile(r"(?<!\d)(\d{6}(?:\d{2})?)[-+]?\d{4}(?!\d)")

log = logging.getLogger(__name__)


def default_log_dir() -> Path:
    """The per-user log folder (``KAWEBB_LOG_DIR`` overrides it, e.g. for tests)."""
    override = os.environ.get("KAWEBB_LOG_DIR")
    return Path(override) if override else Path(user_log_dir(APP_DIR_NAME, appauthor=False))


def mask_personnummer(text: str) -> str:
    """``text`` with every personnummer shown as its date and ``-****``."""
    return _PERSONNUMMER.sub(lambda m: f"{m[1]}-****", text)


class PersonnummerFilter(logging.Filter):
    """Masks personnummer in a record before any handler formats it.

    The message is formatted with its arguments here and masked; a traceback is
    formatted and masked into ``exc_text`` (which formatters use as it is), and so is
    ``stack_info``. The record changes for every handler after this one too.
    """

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is, masked
            message = f"{record.msg} {record.args}"
        record.msg = mask_personnummer(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personnummer(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personnummer(record.stack_info)
        return True


def log_file() -> Path | None:
    """The file this process logs to, if :func:`open_log_file` started one."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.FileHandler) and handler.get_name() == LOG_HANDLER:
            return Path(handler.baseFilename)
    return None


def file_handler(path: Path) -> RotatingFileHandler:
    """A rotating handler on ``path`` with the personnummer filter (``OSError`` when the
    file cannot be written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.set_name(LOG_HANDLER)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.INFO)
    handler.addFilter(PersonnummerFilter())
    return handler


def open_log_file(path: Path) -> Path | None:
    """Log (INFO and up, errors with their tracebacks) to ``path`` from the root logger;
    a file this process logged to before is closed. ``None``, and nothing changed, when
    ``path`` cannot be written: the program runs on without a log file."""
    root = logging.getLogger()
    for handler in root.handlers:
        if handler.get_name() == LOG_HANDLER:
            if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
                return path
            root.removeHandler(handler)
            handler.close()
    try:
        handler = file_handler(path)
    except OSError:
        return None
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    log.info("KA Webb %s started (pid %d)", __version__, os.getpid())
    return path


def start_logging(log_dir: Path | None = None, file_name: str = APP_LOG) -> Path | None:
    """The log file of this program in ``log_dir`` (default :func:`default_log_dir`)."""
    return open_log_file((log_dir or default_log_dir()) / file_name)
