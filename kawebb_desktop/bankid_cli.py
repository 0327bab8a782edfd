"""``kawebb bankid-simulator``: BankID's RP API v6 simulated over HTTPS on this machine.

``kawebb bankid-simulator [--host 127.0.0.1] [--port 8443] [--state-dir DIR] [--outcome O]
[--approve-after S] [--identity PNR]`` serves the API (``signing/https_simulator.py``)
until Ctrl+C; the test CA and the relying party's certificate land in the state folder
(``ca.pem``, ``rp.pem``, ``rp-key.pem``, ``rp.p12``).

``kawebb bankid-simulator control ACTION [ARG] [--order REF] [--personnummer PNR]
[--state-dir DIR]`` plays the user of a running simulator: ``approve``, ``cancel``,
``start_failed``, ``certificate_error``, ``never_scan``, ``scan``, ``no_client``,
``started`` (on ``--order``, by default the newest pending order); ``next-error CODE``
(``--count N``, ``--path collect``), ``next-outcome OUTCOME``, ``next-delay SECONDS``,
``advance SECONDS``, ``orders`` and ``reset``. It finds the simulator through
``server.json`` in the state folder and presents the RP certificate, as any client must.

Exit codes: 0 done, 1 the simulator refused, 2 a usage error or no simulator to reach.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

COMMANDS = ("bankid-simulator",)

_OUTCOMES = ("manual", "approve", "userCancel", "expire", "startFailed", "certificateErr")
_ORDER_ACTIONS = (
    "approve",
    "cancel",
    "start_failed",
    "certificate_error",
    "never_scan",
    "scan",
    "no_client",
    "started",
)
_OTHER_ACTIONS = ("next-error", "next-outcome", "next-delay", "advance", "orders", "reset")


def add_bankid_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sim = sub.add_parser(
        "bankid-simulator",
        help="BankID:s RP API v6 simulerad över HTTPS (endast för test)",
        description="BankID:s RP API v6 simulerad över HTTPS på den här datorn (endast test).",
    )
    sim.add_argument("--host", default="127.0.0.1", help="adress (standard: 127.0.0.1)")
    sim.add_argument("--port", type=int, default=8443, help="port (standard: 8443; 0: valfri)")
    _state_dir(sim, default=None)
    sim.add_argument(
        "--outcome",
        choices=_OUTCOMES,
        default="manual",
        help="vad användaren gör med varje order (standard: manual, styrs med control)",
    )
    sim.add_argument(
        "--approve-after",
        type=float,
        default=3.0,
        metavar="S",
        help="sekunder tills användaren svarar vid --outcome approve m.fl. (standard: 3)",
    )
    sim.add_argument(
        "--identity", metavar="PNR", help="personnumret som legitimerar sig (standard: Tolvan)"
    )
    verbs = sim.add_subparsers(dest="bankid_verb")
    control = verbs.add_parser("control", help="spela användaren i en körande simulator")
    control.add_argument("action", choices=(*_ORDER_ACTIONS, *_OTHER_ACTIONS))
    control.add_argument(
        "argument",
        nargs="?",
        help="felkod (next-error), utfall (next-outcome) eller sekunder (next-delay, advance)",
    )
    control.add_argument("--order", metavar="REF", help="orderRef (standard: senaste väntande)")
    control.add_argument("--personnummer", metavar="PNR", help="vem som godkänner (approve)")
    control.add_argument("--given-name", metavar="NAMN", help="förnamn (approve)")
    control.add_argument("--surname", metavar="NAMN", help="efternamn (approve)")
    control.add_argument("--count", type=int, default=1, help="antal anrop som får felet")
    control.add_argument("--path", choices=("auth", "sign", "collect", "cancel"))
    _state_dir(control, default=argparse.SUPPRESS)


def _state_dir(parser: argparse.ArgumentParser, default: Any) -> None:
    parser.add_argument(
        "--state-dir",
        type=Path,
        metavar="DIR",
        default=default,
        help="mapp för test-CA, certifikat och server.json "
        "(standard: bankid-simulator i programmets datamapp)",
    )


def run_bankid(args: argparse.Namespace) -> int:
    from kawebb_desktop.settings import default_data_dir

    state_dir: Path = args.state_dir or default_data_dir() / "bankid-simulator"
    if args.bankid_verb == "control":
        return _control(args, state_dir)
    return _serve(args, state_dir)


def _serve(args: argparse.Namespace, state_dir: Path) -> int:
    import datetime as dt
    import signal

    from kawebb_desktop.signing.https_simulator import (
        RP_P12_PASSWORD,
        BankIdApi,
        HttpsBankIdSimulator,
    )
    from kawebb_desktop.signing.simulator import DEFAULT_IDENTITY, Outcome, SimulatedPerson

    identity = DEFAULT_IDENTITY
    if args.identity:
        if len(args.identity) != 12 or not args.identity.isdigit():
            print("kawebb bankid-simulator: --identity ska vara 12 siffror.", file=sys.stderr)
            return 2
        identity = SimulatedPerson(args.identity, "Test", "Testsson")
    if args.approve_after < 0:
        print("kawebb bankid-simulator: --approve-after får inte vara negativ.", file=sys.stderr)
        return 2
    api = BankIdApi(
        default_outcome=Outcome(args.outcome),
        approve_after=dt.timedelta(seconds=args.approve_after),
        identity=identity,
    )
    try:
        server = HttpsBankIdSimulator(state_dir, args.host, args.port, api=api)
    except OSError as exc:
        print(f"kawebb bankid-simulator: {exc.strerror or exc}", file=sys.stderr)
        return 2
    files = server.files
    server.write_server_file()
    print(f"BankID-simulatorn (RP API v6) lyssnar på {server.url}", flush=True)
    print(f"  CA (serverns och klientens):   {files.ca_cert}")
    print(f"  RP-certifikat och nyckel:      {files.rp_cert}  {files.rp_key}")
    print(f"  RP-certifikat som .p12:        {files.rp_p12} (lösenord: {RP_P12_PASSWORD})")
    print("Spela användaren med: kawebb bankid-simulator control approve|cancel|...", flush=True)
    # Stopped by kill (SIGTERM) as by Ctrl+C: server.json goes with it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


def _control(args: argparse.Namespace, state_dir: Path) -> int:
    import httpx

    from kawebb_desktop.signing.https_simulator import SERVER_FILE, SimulatorFiles

    files = SimulatorFiles.in_folder(state_dir)
    try:
        control_url = json.loads((state_dir / SERVER_FILE).read_text())["controlUrl"]
        context = files.client_context()
    except (OSError, ValueError, KeyError) as exc:
        print(
            f"kawebb bankid-simulator: ingen körande simulator i {state_dir} ({exc}).",
            file=sys.stderr,
        )
        return 2
    try:
        route, body = _control_request(args)
    except ValueError as exc:
        print(f"kawebb bankid-simulator: {exc}", file=sys.stderr)
        return 2
    try:
        with httpx.Client(verify=context, timeout=10) as client:
            response = client.post(control_url + route, json=body)
    except httpx.HTTPError as exc:
        print(f"kawebb bankid-simulator: simulatorn svarar inte: {exc}", file=sys.stderr)
        return 2
    answer = response.json()
    print(json.dumps(answer, ensure_ascii=False, indent=2))
    return 0 if response.status_code == 200 else 1


def _control_request(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    action = args.action
    if action in _ORDER_ACTIONS:
        body: dict[str, Any] = {"action": action}
        if args.personnummer:
            body["personnummer"] = args.personnummer
        if args.given_name:
            body["givenName"] = args.given_name
        if args.surname:
            body["surname"] = args.surname
        return args.order or "latest", body
    if action == "next-error":
        if not args.argument:
            raise ValueError("ange felkoden, t.ex. next-error maintenance")
        return action, {"errorCode": args.argument, "count": args.count, "path": args.path}
    if action == "next-outcome":
        if args.argument not in _OUTCOMES:
            raise ValueError(f"ange ett utfall: {', '.join(_OUTCOMES)}")
        return action, {"outcome": args.argument}
    if action in ("next-delay", "advance"):
        try:
            seconds = float(args.argument or "")
        except ValueError:
            raise ValueError(f"ange sekunder, t.ex. {action} 5") from None
        if action == "advance":
            return "clock", {"advanceSeconds": seconds}
        return action, {"seconds": seconds}
    return action, {}
