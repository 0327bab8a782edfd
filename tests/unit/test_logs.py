"""Log files: where they go, their rotation, and no personnummer in them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kawebb_desktop import logs
from kawebb_desktop.cli import main

#: Not under "kawebb": a server test in the same worker configures that logger through
#: uvicorn's dictConfig (its own handler, propagate off), so its records never reach the
#: root's file handler. The app's own loggers are named after their modules.
TEST_LOGGER = "kawebb_desktop.test_logs"


@pytest.fixture
def no_log_file() -> Iterator[None]:
    """Each test starts without the log file of an earlier one and leaves none."""

    def drop() -> None:
        root = logging.getLogger()
        for handler in list(root.handlers):
            if handler.get_name() == logs.LOG_HANDLER:
                root.removeHandler(handler)
                handler.close()

    drop()
    yield
    drop()


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("pnr 198001011234 loggade in", "pnr 19800101-**** loggade in"),
        ("pnr 19800101-1234.", "pnr 19800101-****."),
        ("pnr 8001011234", "pnr 800101-****"),
        ("pnr 800101-1239", "pnr 800101-****"),
        (
            "pnr 191212121212 (hundraåring: 121212+1212)",
            "pnr 19121212-**** (hundraåring: 121212-****)",
        ),
        ("person=19640326-9803,roll=admin", "person=19640326-****,roll=admin"),
        # Not a personnummer: longer or shorter runs of digits are left alone.
        ("order 12345678901234 och 123456789", "order 12345678901234 och 123456789"),
    ],
)
def test_personnummer_are_masked_valid_or_not(text: str, masked: str) -> None:
    assert logs.mask_personnummer(text) == masked


def test_a_logged_personnummer_never_reaches_the_file(tmp_path: Path, no_log_file: None) -> None:
    path = logs.start_logging(tmp_path / "loggar")
    assert path == tmp_path / "loggar" / logs.APP_LOG
    log = logging.getLogger(TEST_LOGGER)
    log.info("Inloggning av %s", "19640326-9803")
    log.warning("Ändring för %s och %s", 196403269803, "6403269803")
    try:
        raise ValueError("okänd person 19121212+1212")
    except ValueError:
        log.exception("Fel för 198001011234")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "Inloggning av 19640326-****" in text
    assert "Ändring för 19640326-**** och 640326-****" in text
    assert "ValueError: okänd person 19121212-****" in text
    assert "Traceback" in text
    for digits in ("9803", "1212+1212", "1234"):
        assert digits not in text


def test_the_log_file_is_rotated(
    tmp_path: Path, no_log_file: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "LOG_MAX_BYTES", 2000)
    path = logs.start_logging(tmp_path)
    assert path is not None
    for n in range(100):
        logging.getLogger(TEST_LOGGER).info("rad %d %s", n, "x" * 50)
    assert path.with_name(f"{path.name}.1").is_file()
    assert path.with_name(f"{path.name}.2").is_file()
    assert not path.with_name(f"{path.name}.3").exists()


def test_the_commands_log_to_their_own_file_in_log_dir(
    tmp_path: Path, no_log_file: None, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "loggar"
    assert (
        main(
            [
                "backup",
                str(tmp_path / "kopia"),
                "--data-dir",
                str(tmp_path),
                "--log-dir",
                str(folder),
            ]
        )
        == 1
    )
    assert "Det finns ingen databas" in capsys.readouterr().err
    assert logs.log_file() == folder / logs.CLI_LOG
    text = (folder / logs.CLI_LOG).read_text(encoding="utf-8")
    assert "KA Webb" in text
    assert "backup refused: Det finns ingen databas" in text


def test_the_default_log_folder_is_the_users_log_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAWEBB_LOG_DIR", raising=False)
    folder = logs.default_log_dir()
    assert "kawebb-desktop" in folder.parts
    monkeypatch.setenv("KAWEBB_LOG_DIR", "/tmp/annan")
    assert logs.default_log_dir() == Path("/tmp/annan")


def test_a_log_folder_that_cannot_be_made_is_no_log_file(tmp_path: Path, no_log_file: None) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("", encoding="utf-8")
    assert logs.start_logging(blocker) is None
    assert logs.log_file() is None


def test_the_server_logs_to_its_file_masked(tmp_path: Path, no_log_file: None) -> None:
    """``kawebb serve`` hands uvicorn a logging configuration whose ``kawebb`` logger (not
    propagated to the root) writes the server's log file too."""
    import logging.config

    pytest.importorskip("uvicorn")
    from kawebb_desktop.server.cli import log_config

    path = logs.open_log_file(tmp_path / logs.SERVER_LOG)
    assert path is not None
    ours = logging.getLogger("kawebb")
    saved = (list(ours.handlers), ours.propagate, ours.level)
    try:
        logging.config.dictConfig(log_config())
        logging.getLogger("kawebb.server").warning("Session för %s avslutad", "196403269803")
    finally:
        for handler in ours.handlers:
            if handler not in saved[0]:
                handler.close()
        ours.handlers[:] = saved[0]
        ours.propagate, ours.level = saved[1], saved[2]
    text = path.read_text(encoding="utf-8")
    assert "Session för 19640326-**** avslutad" in text
    assert "9803" not in text
