"""Command line: ``kawebb`` (the app), ``kawebb demo`` (demo data), ``kawebb serve``.

``kawebb [--data-dir DIR] [--store URL | --server URL] [--signer simulator]`` starts the
application, on a local store or against a server;
``kawebb --smoke-test --data-dir DIR [--smoke-timeout S]`` checks it headless (a demo
store made in DIR, a login through the login page, every tab; ``kawebb_desktop.app``);
``kawebb demo [--data-dir DIR] [--store URL] [--cases N] [--if-empty] [--reset]`` fills a
store with demo data;
``kawebb serve --store URL [--host 127.0.0.1] [--port 8000] [--workers N]`` runs the
server (``kawebb_desktop.server``) for many workstations;
``kawebb receipt verify N`` and ``kawebb audit verify`` check receipts and the audit
chain of a store (``kawebb_desktop.proof_cli``);
``kawebb agreement register|activate|list`` and ``kawebb account review`` are
Arbetsförmedlingen's side: agreements and account reviews (``kawebb_desktop.af_cli``);
``kawebb bankid-simulator [--port N] [--state-dir DIR]`` serves BankID's RP API v6 over
HTTPS for tests and trials, and ``kawebb bankid-simulator control ...`` plays its user
(``kawebb_desktop.bankid_cli``);
``kawebb sync status [--server URL]`` shows the offline replicas' waiting and refused
changes for support staff (``kawebb_desktop.sync_cli``);
``kawebb backup FILE`` and ``kawebb restore FILE`` back up and restore the local store
(``kawebb_desktop.backup_cli``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kawebb_desktop import APP_NAME, __version__
from kawebb_desktop.argtypes import non_negative, positive_seconds, store_options
from kawebb_desktop.domain.errors import DomainError
from kawebb_desktop.settings import LANGUAGES, SIGNERS, Settings, SettingsError, load_settings

#: ``kawebb --smoke-test``: how long the whole run may take (``--smoke-timeout``).
SMOKE_TIMEOUT_SECONDS = 120.0

#: The commands of the other command modules: ``module: (commands, adds their parsers,
#: runs one)``. A module is imported only for one of its commands (not for ``run``: the
#: app's start does not wait for them, issue 12); each module's ``COMMANDS`` must match
#: (``tests/unit/test_cli.py``).
COMMAND_MODULES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "kawebb_desktop.proof_cli": (("receipt", "audit"), "add_proof_parsers", "run_proof"),
    "kawebb_desktop.af_cli": (
        ("agreement", "account", "news", "claim", "document"),
        "add_af_parsers",
        "run_af",
    ),
    "kawebb_desktop.bankid_cli": (("bankid-simulator",), "add_bankid_parsers", "run_bankid"),
    "kawebb_desktop.sync_cli": (("sync",), "add_sync_parsers", "run_sync"),
    "kawebb_desktop.backup_cli": (("backup", "restore"), "add_backup_parsers", "run_backup"),
}

COMMANDS = (
    "run",
    "demo",
    "serve",
    *(command for commands, _add, _run in COMMAND_MODULES.values() for command in commands),
)


def _common(parser: argparse.ArgumentParser) -> None:
    store_options(
        parser, "databas-URL, t.ex. postgresql://värd/db (standard: SQLite-fil i datamappen)"
    )


def make_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: of every command, or of ``command`` alone (what
    :func:`main` parses a command with: the app's start does not wait for the others'
    parsers and modules, issue 12)."""

    def wanted(*names: str) -> bool:
        return command is None or command in names

    parser = argparse.ArgumentParser(prog="kawebb", description=f"{APP_NAME} {__version__}")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--log-dir",
        type=Path,
        metavar="DIR",
        help="mapp för loggfilerna, före eller efter kommandot (standard: användarens loggmapp)",
    )
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="starta programmet (standard)")
    _common(run)
    run.add_argument("--signer", choices=SIGNERS, help="signeringstjänst (standard: simulator)")
    run.add_argument(
        "--language", choices=LANGUAGES, help="programmets språk: sv eller en (standard: sv)"
    )
    run.add_argument(
        "--server",
        metavar="URL",
        help="arbeta mot en KA Webb-server (kawebb serve), t.ex. https://kawebb.kommun.se",
    )
    run.add_argument(
        "--smoke-test",
        action="store_true",
        help="röktest utan fönster: skapa en demodatabas i --data-dir, logga in med "
        "simulatorn, öppna flikarna och avsluta (0 = gick bra)",
    )
    run.add_argument(
        "--smoke-timeout",
        type=positive_seconds,
        default=SMOKE_TIMEOUT_SECONDS,
        metavar="SEKUNDER",
        help=f"röktestets tidsgräns (standard: {SMOKE_TIMEOUT_SECONDS:g})",
    )
    if wanted("demo"):
        _add_demo_parser(sub)
    for module, (commands, add_parsers, _run) in COMMAND_MODULES.items():
        if wanted(*commands):
            getattr(importlib.import_module(module), add_parsers)(sub)
    if wanted("serve"):
        try:
            from kawebb_desktop.server.cli import add_serve_parser
        except ImportError:  # installed without the server extra
            pass
        else:
            add_serve_parser(sub)
    return parser


def _add_demo_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = sub.add_parser("demo", help="skapa demodata")
    _common(demo)
    demo.add_argument(
        "--cases",
        type=non_negative,
        default=60,
        metavar="N",
        help="antal syntetiska ärenden (standard: 60)",
    )
    demo.add_argument(
        "--if-empty", action="store_true", help="gör ingenting om det redan finns data"
    )
    demo.add_argument("--reset", action="store_true", help="radera SQLite-filen i datamappen först")


def main(argv: Sequence[str] | None = None) -> int:
    args_list, log_dir = _log_dir_option(list(sys.argv[1:] if argv is None else argv))
    if not args_list or (
        args_list[0] not in COMMANDS and args_list[0] not in ("-h", "--help", "--version")
    ):
        args_list.insert(0, "run")
    command = args_list[0] if args_list[0] in COMMANDS else None
    args = make_parser(command).parse_args(args_list)
    smoke = args.command == "run" and args.smoke_test
    if smoke:
        if args.data_dir is None or args.server:
            print(
                "kawebb: --smoke-test kräver --data-dir DIR (där röktestet gör en "
                "demodatabas) och arbetar utan --server.",
                file=sys.stderr,
            )
            return 2
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # headless, errors on stderr
        log_dir = log_dir or args.data_dir / "logs"
    # The app's log starts after its login window is painted (``app.run``, issue 12).
    if args.command != "run" or smoke:
        _start_logging(args.command, log_dir)
    if args.command == "serve":
        from kawebb_desktop.server.cli import run_serve

        return run_serve(args)
    for module, (commands, _add, run_command) in COMMAND_MODULES.items():
        if args.command in commands:
            status: int = getattr(importlib.import_module(module), run_command)(args)
            return status
    if getattr(args, "server", None) and args.store:
        print("kawebb: ange antingen --store eller --server, inte båda.", file=sys.stderr)
        return 2
    flags = {
        "store_url": args.store,
        "signer": getattr(args, "signer", None),
        "language": getattr(args, "language", None),
        "server_url": getattr(args, "server", None),
    }
    try:
        settings = load_settings(args.data_dir, **flags)
    except SettingsError as exc:
        if args.command == "run":  # started from a desktop there is no terminal: a dialog
            from kawebb_desktop.app import fail_at_start

            return fail_at_start(str(exc))
        print(f"kawebb: {exc}", file=sys.stderr)
        return 2
    if args.command == "demo":
        try:
            return _demo(settings, args.cases, if_empty=args.if_empty, reset=args.reset)
        except DomainError as exc:
            print(f"kawebb demo: {exc.message}", file=sys.stderr)
            return 2
    argv0 = [sys.argv[0] if sys.argv else "kawebb"]
    if smoke:
        from kawebb_desktop.app import smoke_test

        return smoke_test(settings, argv0, timeout=args.smoke_timeout)
    from kawebb_desktop.app import run

    # The flags win over a first start's choices.
    return run(settings, argv0, flags=flags, log_dir=log_dir, start_log=True)


def _log_dir_option(args: list[str]) -> tuple[list[str], Path | None]:
    """``--log-dir DIR`` taken out of ``args``, wherever it stands (any command has it)."""
    pre = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    pre.add_argument("--log-dir", type=Path)
    known, rest = pre.parse_known_args(args)
    return rest, known.log_dir


def _start_logging(command: str | None, log_dir: Path | None) -> None:
    """The log file of this program (``kawebb_desktop.logs``): the app, the server and
    the other commands each have their own."""
    from kawebb_desktop import logs

    name = {"run": logs.APP_LOG, "serve": logs.SERVER_LOG}.get(command or "", logs.CLI_LOG)
    logs.start_logging(log_dir, name)


def _demo(settings: Settings, cases: int, *, if_empty: bool, reset: bool) -> int:
    from kawebb_desktop.app import open_configured_store
    from kawebb_desktop.demo import create_demo, store_is_empty
    from kawebb_desktop.domain.clock import SystemClock
    from kawebb_desktop.settings import explain_os_error, write_settings_file

    if reset:
        if not settings.uses_default_store:
            print(
                "kawebb demo: --reset fungerar bara med SQLite-filen i datamappen.", file=sys.stderr
            )
            return 2
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{settings.store_path}{suffix}").unlink(missing_ok=True)
        except OSError as exc:
            print(
                f"kawebb demo: {settings.store_path} kunde inte raderas: {explain_os_error(exc)}.",
                file=sys.stderr,
            )
            return 2
    store = open_configured_store(settings)
    try:
        if not store_is_empty(store):
            if if_empty:
                print(f"Demodata finns redan ({store.description}).")
                return 0
            print(
                f"kawebb demo: det finns redan data i {store.description}. Använd --reset "
                "för att börja om.",
                file=sys.stderr,
            )
            return 1
        summary = create_demo(store, SystemClock(), cases=cases)
    finally:
        store.close()
    # In the demo a signed authorization is usable at once; see README (Inställningar).
    write_settings_file(
        settings.data_dir,
        activation_delay_seconds=0,
        simulator_identity=summary.login_personnummer,
    )
    print(
        f"Demodata skapad i {store.description}: {summary.organisations} kommuner, "
        f"{summary.users} behörigheter, {summary.cases} ärenden och {summary.receipts} "
        "kvittenser från signerade ändringar."
    )
    print(f"Logga in med den simulerade BankID-appen, t.ex. som {summary.login_hint}.")
    return 0
