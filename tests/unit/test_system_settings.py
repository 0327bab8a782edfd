"""The system-wide settings file (issue 12): an administrator's defaults for every user,
below the user's own file and the flags, read and checked as the user's file is."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from kawebb_desktop.cli import main
from kawebb_desktop.settings import (
    SETTINGS_FILE,
    SettingsError,
    load_settings,
    system_settings_path,
    write_settings_file,
)


@pytest.fixture
def system_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "etc" / "kawebb-desktop" / SETTINGS_FILE
    path.parent.mkdir(parents=True)
    monkeypatch.setenv("KAWEBB_SYSTEM_SETTINGS", str(path))
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "anna"
    folder.mkdir()
    return folder


def test_the_os_place_of_the_system_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAWEBB_SYSTEM_SETTINGS")
    path = system_settings_path()
    assert path.name == SETTINGS_FILE
    assert path.parent.name == "kawebb-desktop"
    if sys.platform.startswith("linux"):  # platformdirs: the first of XDG_CONFIG_DIRS
        first = (os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(":")[0]
        assert path.parent.parent == Path(first)


def test_system_values_are_the_defaults_of_every_user(system_file: Path, data_dir: Path) -> None:
    system_file.write_text(
        'server_url = "https://kawebb.kommun.se"\nlanguage = "en"\nsession_idle_minutes = 15\n',
        encoding="utf-8",
    )
    settings = load_settings(data_dir)
    assert settings.server_url == "https://kawebb.kommun.se"
    assert settings.language == "en"
    assert settings.session_idle_minutes == 15
    assert settings.signer == "simulator"  # not in either file: the default


def test_the_user_file_and_the_flags_win_over_the_system_file(
    system_file: Path, data_dir: Path
) -> None:
    system_file.write_text('language = "en"\nsession_idle_minutes = 15\n', encoding="utf-8")
    write_settings_file(data_dir, language="sv")
    settings = load_settings(data_dir)
    assert (settings.language, settings.session_idle_minutes) == ("sv", 15)
    assert load_settings(data_dir, language="en", session_idle_minutes=5).language == "en"
    assert load_settings(data_dir, session_idle_minutes=5).session_idle_minutes == 5


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ('language = "fi"\n', "Okänt språk ”fi”"),
        ('signer = "riktig"\n', "Okänd signeringstjänst"),
        ("session_idle_minutes = 0\n", "ska vara mellan 1 och"),
        ("session_idle_minutes = true\n", "har fel typ"),
        ('serverurl = "https://x"\n', "Okänd inställning ”serverurl”"),
        ('bankid_password = "hemligt"\n', "ska inte stå i inställningsfilen"),
        ("server_url = \n", "inte giltig TOML"),
    ],
)
def test_a_bad_system_file_is_refused_in_swedish_naming_it(
    system_file: Path, data_dir: Path, text: str, phrase: str
) -> None:
    system_file.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_settings(data_dir)
    assert phrase in str(refused.value)
    if "Okänt språk" not in phrase and "signeringstjänst" not in phrase:
        assert str(system_file) in str(refused.value)


def test_a_bad_system_file_stops_the_commands(
    system_file: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    system_file.write_text("activation_delay_seconds = -1\n", encoding="utf-8")
    assert main(["demo", "--data-dir", str(data_dir)]) == 2
    err = capsys.readouterr().err
    assert "activation_delay_seconds" in err and str(system_file) in err
    assert list(data_dir.iterdir()) == []


def test_no_system_file_is_no_values(system_file: Path, data_dir: Path) -> None:
    assert not system_file.exists()
    assert load_settings(data_dir).server_url is None


def test_write_settings_file_removes_what_it_is_told(data_dir: Path) -> None:
    write_settings_file(data_dir, server_url="https://a.se", language="en")
    write_settings_file(data_dir, remove=("server_url",), signer="bankid")
    settings = load_settings(data_dir)
    assert settings.server_url is None
    assert (settings.language, settings.signer) == ("en", "bankid")
