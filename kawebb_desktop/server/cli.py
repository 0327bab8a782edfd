"""``kawebb serve``: run the KA Webb server for many workstations.

::

    kawebb serve --store postgresql://kawebb@db.kommun.se/kawebb \\
        [--host 127.0.0.1] [--port 8000] [--workers N] [--signer simulator] \\
        [--data-dir DIR] [--ssl-keyfile KEY --ssl-certfile CERT]

``--store`` may be left out when ``KAWEBB_STORE_URL`` is set (which keeps a database
password off the command line and out of ``ps``). ``--data-dir`` is where
``settings.toml`` is read from (activation delay, session timeout), as for the app.

The server listens on loopback (127.0.0.1) unless ``--host`` says otherwise. With
``--workers N`` uvicorn starts N processes that build the same app from environment
variables (``kawebb_desktop.server.config``); they share everything through the
database, as several instances on different machines would.

**TLS.** Session tokens and personnummer travel in every request: anywhere but on
loopback, run the server behind HTTPS. Either

* put a reverse proxy in front (nginx, Caddy, a load balancer) that terminates TLS and
  forwards to ``http://127.0.0.1:8000``; uvicorn trusts the ``X-Forwarded-For`` of a
  proxy on 127.0.0.1 for the client's address (rate limit, access log); or
* let uvicorn speak TLS itself: ``--ssl-keyfile key.pem --ssl-certfile cert.pem``
  (passed on to uvicorn as they are).

**Real BankID** (``--signer bankid``, or ``signer = "bankid"`` in ``settings.toml``) uses
the ``bankid_*`` settings (``docs/bankid.md``); the certificate, CA and password are
checked before the server starts.

**The simulator** (``--signer simulator``, the default) lets anybody log in
as anybody by choosing a name: it is refused, with exit status 2, on every store that
``kawebb demo`` did not create.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
from pathlib import Path
from typing import Any

from kawebb_desktop.server.config import (
    ENV_AF_KEY,
    SIGNERS,
    ConfigError,
    ServerConfig,
    config_to_env,
)

#: The factory uvicorn imports in each worker process.
FACTORY = "kawebb_desktop.server.app:create_app_from_env"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"”{text}” är inget heltal") from None
    if value < 1:
        raise argparse.ArgumentTypeError("värdet ska vara minst 1")
    return value


def _port(text: str) -> int:
    value = _positive(text)
    if value > 65535:
        raise argparse.ArgumentTypeError("porten ska vara högst 65535")
    return value


def add_serve_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``serve`` to ``kawebb``'s subcommands (``subparsers`` from add_subparsers)."""
    serve: argparse.ArgumentParser = subparsers.add_parser(
        "serve",
        help="kör KA Webb-servern (HTTP-API) för flera arbetsstationer",
        description="Kör KA Webb-servern: samma tjänster som programmet, över HTTP.",
    )
    serve.add_argument(
        "--store",
        metavar="URL",
        help="databas-URL, t.ex. postgresql://värd/db (krävs om KAWEBB_STORE_URL inte är satt)",
    )
    serve.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="mapp med settings.toml (standard: användarens datamapp för programmet)",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="adress att lyssna på (standard: 127.0.0.1)"
    )
    serve.add_argument("--port", type=_port, default=8000, help="port (standard: 8000)")
    serve.add_argument(
        "--workers", type=_positive, default=1, metavar="N", help="antal processer (standard: 1)"
    )
    serve.add_argument(
        "--signer",
        choices=SIGNERS,
        help="signeringstjänst (standard: signer i settings.toml, annars simulator)",
    )
    serve.add_argument(
        "--ssl-keyfile", metavar="FIL", help="TLS: privat nyckel (PEM), till uvicorn"
    )
    serve.add_argument("--ssl-certfile", metavar="FIL", help="TLS: certifikat (PEM), till uvicorn")
    return serve


def _fail(message: str) -> int:
    print(f"kawebb serve: {message}", file=sys.stderr)
    return 2


def build_config(args: argparse.Namespace) -> ServerConfig:
    """The server configuration: settings.toml in the data folder ← flags."""
    from kawebb_desktop.settings import load_settings

    settings = load_settings(args.data_dir, store_url=args.store)
    if not settings.store_url:
        raise ConfigError("ange databasen med --store URL (eller miljövariabeln KAWEBB_STORE_URL).")
    signer = args.signer or settings.signer
    bankid = None
    if signer == "bankid":
        from kawebb_desktop.signing.bankid_rp import (
            BankIdSetupError,
            bankid_signer,
            config_from_settings,
        )

        try:
            bankid = config_from_settings(settings)
            # Certificate, CA and password are checked here, once, not in every worker.
            bankid_signer(bankid).close()
        except BankIdSetupError as exc:
            raise ConfigError(exc.message) from exc
    return ServerConfig(
        store_url=settings.store_url,
        signer=signer,
        bankid=bankid,
        activation_delay_seconds=settings.activation_delay_seconds,
        session_idle_minutes=settings.session_idle_minutes,
        session_resume_max_hours=settings.session_resume_max_hours,
        # Never a flag: a key on the command line would show in the process list.
        af_key=os.environ.get(ENV_AF_KEY) or None,
    )


def check_store(config: ServerConfig) -> None:
    """Open the store once (migrating it) and, for the simulator, require a demo store.
    A read-only store is refused too: a server writes at every login. Raises a
    ``DomainError`` with a Swedish message."""
    from kawebb_desktop.domain.errors import StoreUnavailable
    from kawebb_desktop.services.demo import require_demo_store
    from kawebb_desktop.store.sql import open_store

    store = open_store(config.store_url, schema=config.store_schema)
    try:
        if store.read_only:
            raise StoreUnavailable(
                f"Databasen är skrivskyddad ({store.description}). Servern behöver kunna "
                "skriva i den (inloggningar, BankID-ordrar, ändringar): ge skrivrätt till "
                "databasfilen och dess mapp."
            )
        if config.uses_simulator:
            require_demo_store(store)
    finally:
        store.close()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_serve(args: argparse.Namespace) -> int:
    """``kawebb serve``: check, then run uvicorn until stopped. 2 on a refusal."""
    from kawebb_desktop.domain.errors import DomainError
    from kawebb_desktop.settings import SettingsError

    try:
        import uvicorn

        from kawebb_desktop.server.app import create_app
    except ImportError:
        return _fail(
            "servern är inte installerad. Installera den med: pip install 'kawebb-desktop[server]'"
        )
    try:
        config = build_config(args)
    except (SettingsError, ConfigError) as exc:
        return _fail(str(exc))
    if bool(args.ssl_keyfile) != bool(args.ssl_certfile):
        return _fail("ange både --ssl-keyfile och --ssl-certfile, eller ingen av dem.")
    for tls_file in (args.ssl_keyfile, args.ssl_certfile):
        if tls_file and not Path(tls_file).is_file():
            return _fail(f"filen {tls_file} finns inte.")
    try:
        check_store(config)
    except DomainError as exc:
        return _fail(exc.message)
    tls = {"ssl_keyfile": args.ssl_keyfile, "ssl_certfile": args.ssl_certfile}
    if not args.ssl_keyfile and not _is_loopback(args.host):
        print(
            f"kawebb serve: varning: servern lyssnar på {args.host} utan TLS. Ställ en "
            "omvänd proxy med HTTPS framför den, eller ange --ssl-keyfile och --ssl-certfile.",
            file=sys.stderr,
        )
    common: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "access_log": False,  # our own, with personnummer masked (kawebb.access)
        "log_config": log_config(),
        "server_header": False,
        **tls,
    }
    if args.workers == 1:
        try:
            app = create_app(config)
        except DomainError as exc:
            return _fail(exc.message)
        uvicorn.run(app, **common)
    else:
        # Each worker process builds its own app from the environment.
        os.environ.update(config_to_env(config))
        run_workers(uvicorn.Config(FACTORY, factory=True, workers=args.workers, **common))
    return 0


def run_workers(config: Any) -> None:
    """``uvicorn.run`` with several workers, but on a listening socket with TCP_NODELAY.

    The workers' connections are accepted from a socket the supervisor binds, and they
    do not get TCP_NODELAY: every answer with a body then waits ~40 ms for the client's
    delayed acknowledgement (measured: /health 1.9 ms with one worker, 44 ms with two).
    On Linux accepted sockets inherit the option from the listening one.
    """
    from uvicorn.supervisors import Multiprocess

    sock = config.bind_socket()
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    Multiprocess(config, sockets=[sock]).run()


def log_config() -> dict[str, Any]:
    """uvicorn's logging, plus our loggers (``kawebb.access``, ``kawebb.server``)."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = {
        **LOGGING_CONFIG,
        "loggers": dict(LOGGING_CONFIG["loggers"]),
        "formatters": dict(LOGGING_CONFIG["formatters"]),
        "handlers": dict(LOGGING_CONFIG["handlers"]),
    }
    config["formatters"]["kawebb"] = {
        "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
    }
    config["handlers"]["kawebb"] = {
        "formatter": "kawebb",
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
    }
    config["loggers"]["kawebb"] = {"handlers": ["kawebb"], "level": "INFO", "propagate": False}
    from kawebb_desktop import logs

    log_file = logs.log_file()  # kawebb serve's own (kawebb-server.log), personnummer masked
    if log_file is not None:
        config["handlers"]["kawebb_file"] = {"()": logs.file_handler, "path": log_file}
        config["loggers"]["kawebb"]["handlers"].append("kawebb_file")
    return config
