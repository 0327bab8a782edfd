"""Real BankID chosen by the settings: settings.toml (the app and ``kawebb serve``) and the
server's environment; never a password in either."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from kawebb_desktop.app import build_context
from kawebb_desktop.server import cli
from kawebb_desktop.server.cli import build_config
from kawebb_desktop.server.config import (
    ENV_BANKID_ENVIRONMENT,
    ConfigError,
    ServerConfig,
    config_from_env,
    config_to_env,
)
from kawebb_desktop.settings import SettingsError, load_settings, write_settings_file
from kawebb_desktop.signing.bankid_rp import BankIdConfig, BankIdSetupError, config_from_settings


def serve_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kawebb")
    cli.add_serve_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["serve", *argv])


def test_bankid_settings_name_files_in_the_data_folder_or_anywhere(tmp_path: Path) -> None:
    write_settings_file(
        tmp_path,
        signer="bankid",
        bankid_environment="production",
        bankid_cert="certifikat/kommun.p12",
        bankid_ca="/etc/kawebb/bankid-ca.pem",
        bankid_password_file="lösenord.txt",
    )
    config = config_from_settings(load_settings(tmp_path))
    assert config == BankIdConfig(
        environment="production",
        cert=tmp_path / "certifikat" / "kommun.p12",
        ca=Path("/etc/kawebb/bankid-ca.pem"),
        password_file=tmp_path / "lösenord.txt",
    )


@pytest.mark.parametrize("key", ["bankid_password", "bankid_cert_password"])
def test_a_password_in_settings_toml_is_refused_with_where_it_belongs(
    tmp_path: Path, key: str
) -> None:
    (tmp_path / "settings.toml").write_text(f'{key} = "qwerty123"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path)
    message = str(caught.value)
    assert "ska inte stå i inställningsfilen" in message
    assert "nyckelringen" in message and "bankid_password_file" in message
    assert "qwerty123" not in message


def test_an_unknown_bankid_environment_is_refused(tmp_path: Path) -> None:
    write_settings_file(tmp_path, bankid_environment="staging")
    with pytest.raises(SettingsError, match="Okänd BankID-miljö ”staging”"):
        load_settings(tmp_path)


def test_the_app_with_bankid_uses_any_store_and_has_no_simulated_phone(
    tmp_path: Path, migrated_database: Path
) -> None:
    shutil.copyfile(migrated_database, tmp_path / "kawebb.sqlite3")  # not a demo store
    write_settings_file(tmp_path, signer="bankid")
    context = build_context(load_settings(tmp_path))
    try:
        assert context.services.signer_name == "BankID (testmiljö)"
        assert context.services.demo_phone is None
    finally:
        context.close()


def test_the_app_says_why_bankid_cannot_start(tmp_path: Path, migrated_database: Path) -> None:
    shutil.copyfile(migrated_database, tmp_path / "kawebb.sqlite3")
    write_settings_file(tmp_path, signer="bankid", bankid_cert="saknas.p12")
    with pytest.raises(BankIdSetupError, match=r"saknas\.p12 kunde inte läsas"):
        build_context(load_settings(tmp_path))


def test_kawebb_serve_takes_bankid_from_settings_and_checks_it_first(tmp_path: Path) -> None:
    write_settings_file(tmp_path, signer="bankid")
    config = build_config(serve_args("--store", "sqlite://", "--data-dir", str(tmp_path)))
    assert (config.signer, config.bankid) == ("bankid", BankIdConfig())
    write_settings_file(tmp_path, bankid_cert="saknas.p12")
    with pytest.raises(ConfigError, match=r"saknas\.p12"):
        build_config(serve_args("--store", "sqlite://", "--data-dir", str(tmp_path)))
    simulator = build_config(
        serve_args("--store", "sqlite://", "--data-dir", str(tmp_path), "--signer", "simulator")
    )
    assert simulator.signer == "simulator"


def test_the_bankid_configuration_travels_to_workers_without_a_password(tmp_path: Path) -> None:
    bankid = BankIdConfig(
        environment="production",
        cert=tmp_path / "rp.pem",
        key=tmp_path / "rp-key.pem",
        ca=tmp_path / "ca.pem",
        url="https://127.0.0.1:8443/rp/v6.0/",
        password_file=tmp_path / "pw",
    )
    config = ServerConfig("sqlite://", signer="bankid", bankid=bankid)
    env = config_to_env(config)
    back = config_from_env(env)
    assert back == ServerConfig("sqlite://", signer="bankid", bankid=bankid, clock=back.clock)
    assert not any("PASSWORD" in name and "FILE" not in name for name in env)
    assert config_from_env({"KAWEBB_SERVE_STORE": "sqlite://"}).bankid is None
    with pytest.raises(ConfigError, match="produktionsmiljön"):
        config_from_env({"KAWEBB_SERVE_STORE": "x", ENV_BANKID_ENVIRONMENT: "production"})
