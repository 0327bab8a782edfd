"""AF's side on the command line (``services/af.py``): agreements and account reviews.

``kawebb agreement register --org-number NR --name NAMN [--address GATA] [--postal-code NR]
[--city ORT] --admin-personnummer PNR --admin-first-name F --admin-last-name E
--admin-email E-POST [--received ÅÅÅÅ-MM-DD] [--new-admin]`` registers an agreement as AF
received it (today unless ``--received``);
``kawebb agreement activate N [--email E-POST]`` gives its starting administrator the first
Behörighetsadministratör authorization;
``kawebb agreement list [--overdue]`` lists the agreements (``--overdue``: not activated
within 14 days of being received);
``kawebb account review --org-number NR --account N --status ny|godkänd|ej-godkänd`` sets
AF's review status of an account;
``kawebb news publish --title RUBRIK --text TEXT [--date ÅÅÅÅ-MM-DD]`` publishes an item of
*Nyheter från KA-Webb* for every municipality (today unless ``--date``, never a future day);
``kawebb news list [--limit N]`` lists the newest items;
``kawebb claim review --org-number NR --claim N --status godkand|avslagen|utbetald`` decides
a sent *Begär ersättning* (Inskickad → Godkänd or Avslagen, Godkänd → Utbetald);
``kawebb document review --org-number NR --document N --status godkand|returnerad
[--comment TEXT]`` decides a sent document (Inskickad → Godkänd, or Returnerad för
komplettering with a comment saying what to complete);
``kawebb document list --org-number NR`` lists the organisation's sent documents, newest
first.

Each takes ``--data-dir``/``--store`` like the other subcommands. Exit codes: 0 done,
2 refused (a Swedish message on stderr; nothing was changed) or the store cannot be used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import TYPE_CHECKING, TextIO

from kawebb_desktop.argtypes import store_options
from kawebb_desktop.domain.errors import DomainError, ValidationError
from kawebb_desktop.settings import SettingsError, load_settings

if TYPE_CHECKING:
    from kawebb_desktop.domain.clock import Clock
    from kawebb_desktop.services.af import AgreementInfo, AgreementService

COMMANDS = ("agreement", "account", "news", "claim", "document")

OK, REFUSED = 0, 2


def add_af_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    agreement = sub.add_parser("agreement", help="avtal (Arbetsförmedlingens sida)")
    verbs = agreement.add_subparsers(dest="verb", required=True)
    register = verbs.add_parser("register", help="registrera ett inkommet avtal")
    store_options(register)
    register.add_argument("--org-number", required=True, metavar="NR", help="organisationsnummer")
    register.add_argument("--name", required=True, metavar="NAMN", help="organisationens namn")
    register.add_argument("--address", default="", metavar="GATA", help="gatuadress")
    register.add_argument("--postal-code", default="", metavar="NR", help="postnummer")
    register.add_argument("--city", default="", metavar="ORT", help="postort")
    register.add_argument(
        "--admin-personnummer",
        required=True,
        metavar="PNR",
        help="den startande behörighetsadministratörens personnummer",
    )
    register.add_argument("--admin-first-name", required=True, metavar="NAMN", help="förnamn")
    register.add_argument("--admin-last-name", required=True, metavar="NAMN", help="efternamn")
    register.add_argument("--admin-email", required=True, metavar="E-POST", help="e-postadress")
    register.add_argument(
        "--received", metavar="ÅÅÅÅ-MM-DD", help="dagen avtalet inkom (standard: i dag)"
    )
    register.add_argument(
        "--new-admin",
        action="store_true",
        help="avtalet avser en ny behörighetsadministratör",
    )
    activate = verbs.add_parser(
        "activate", help="aktivera ett avtal: den första behörigheten som behörighetsadministratör"
    )
    store_options(activate)
    activate.add_argument("agreement_id", metavar="N", help="avtalets nummer")
    activate.add_argument(
        "--email",
        metavar="E-POST",
        help="behörighetsadministratörens e-postadress (standard: den från registreringen)",
    )
    listing = verbs.add_parser("list", help="lista avtalen")
    store_options(listing)
    listing.add_argument(
        "--overdue", action="store_true", help="bara avtal som inte aktiverats inom 14 dagar"
    )
    account = sub.add_parser("account", help="konton (Arbetsförmedlingens granskning)")
    account_verbs = account.add_subparsers(dest="verb", required=True)
    review = account_verbs.add_parser("review", help="sätt ett kontos granskningsstatus")
    store_options(review)
    review.add_argument("--org-number", required=True, metavar="NR", help="organisationsnummer")
    review.add_argument("--account", required=True, metavar="N", help="kontots nummer (id)")
    review.add_argument(
        "--status", required=True, metavar="STATUS", help="ny, godkänd eller ej-godkänd"
    )
    news = sub.add_parser("news", help="Nyheter från KA-Webb (Arbetsförmedlingens sida)")
    news_verbs = news.add_subparsers(dest="verb", required=True)
    publish = news_verbs.add_parser("publish", help="publicera en nyhet för alla kommuner")
    store_options(publish)
    publish.add_argument(
        "--title", required=True, metavar="RUBRIK", help="rubrik (högst 200 tecken)"
    )
    publish.add_argument("--text", required=True, metavar="TEXT", help="text (högst 4000 tecken)")
    publish.add_argument(
        "--date", metavar="ÅÅÅÅ-MM-DD", help="publiceringsdatum (standard: i dag; inte framtida)"
    )
    claim = sub.add_parser("claim", help="begäran om ersättning (Arbetsförmedlingens beslut)")
    claim_verbs = claim.add_subparsers(dest="verb", required=True)
    decide = claim_verbs.add_parser("review", help="sätt status på en begäran om ersättning")
    store_options(decide)
    decide.add_argument("--org-number", required=True, metavar="NR", help="organisationsnummer")
    decide.add_argument("--claim", required=True, metavar="N", help="begärans nummer (id)")
    decide.add_argument(
        "--status", required=True, metavar="STATUS", help="godkand, avslagen eller utbetald"
    )
    document = sub.add_parser("document", help="handlingar (Arbetsförmedlingens beslut)")
    document_verbs = document.add_subparsers(dest="verb", required=True)
    judge = document_verbs.add_parser("review", help="godkänn eller returnera en handling")
    store_options(judge)
    judge.add_argument("--org-number", required=True, metavar="NR", help="organisationsnummer")
    judge.add_argument("--document", required=True, metavar="N", help="handlingens nummer (id)")
    judge.add_argument("--status", required=True, metavar="STATUS", help="godkand eller returnerad")
    judge.add_argument(
        "--comment", default="", metavar="TEXT", help="vad som ska kompletteras (vid returnerad)"
    )
    documents = document_verbs.add_parser("list", help="lista organisationens skickade handlingar")
    store_options(documents)
    documents.add_argument("--org-number", required=True, metavar="NR", help="organisationsnummer")
    news_list = news_verbs.add_parser("list", help="lista de senaste nyheterna")
    store_options(news_list)
    news_list.add_argument("--limit", default="20", metavar="N", help="högst så många (1–100)")
    accounts = account_verbs.add_parser("list", help="lista konton att granska")
    store_options(accounts)
    accounts.add_argument("--org-number", metavar="NR", help="bara den här organisationens")
    accounts.add_argument(
        "--status",
        metavar="STATUS",
        help="bara de med granskningsstatus ny, godkänd eller ej-godkänd",
    )


def run_af(args: argparse.Namespace, out: TextIO | None = None, clock: Clock | None = None) -> int:
    from kawebb_desktop.domain.clock import SystemClock

    out = out or sys.stdout
    try:
        settings = load_settings(args.data_dir, store_url=args.store)
    except SettingsError as exc:
        return _refuse(str(exc))
    if settings.uses_default_store and not settings.store_path.exists():
        return _refuse(f"det finns ingen databas i {settings.store_path}.")
    from kawebb_desktop.app import open_configured_store
    from kawebb_desktop.services.af import AgreementService
    from kawebb_desktop.services.common import Env

    try:
        store = open_configured_store(settings)
    except DomainError as exc:
        return _refuse(exc.message)
    try:
        service = AgreementService(Env(store, clock or SystemClock()))
        return _dispatch(args, service, out, (clock or SystemClock()).today())
    except DomainError as exc:
        return _refuse(exc.message)
    finally:
        store.close()


def _documents(args: argparse.Namespace, service: AgreementService, out: TextIO) -> int:
    from kawebb_desktop.domain.values import OrgNumber
    from kawebb_desktop.services.af import parse_document_decision

    org_number = OrgNumber.parse(args.org_number)
    if args.verb == "list":
        lines = service.list_documents(org_number)
        if not lines:
            print("Inga skickade handlingar.", file=out)
        for line in lines:
            d = line.document
            sent = d.sent_at.date().isoformat() if d.sent_at else ""
            print(
                f"Handling {d.id}: {d.type.label}, ärende {line.case_number} "
                f"({line.first_name} {line.last_name}), {d.status.label}, inskickad {sent}",
                file=out,
            )
        return OK
    document = service.review_document(
        org_number,
        _number(args.document, "Handlingens nummer", "document"),
        parse_document_decision(args.status),
        args.comment,
    )
    comment = f" Kommentar: {document.return_comment}" if document.return_comment else ""
    print(
        f"Handling {document.id} ({document.type.label}): {document.status.label}.{comment}",
        file=out,
    )
    return OK


def _dispatch(
    args: argparse.Namespace, service: AgreementService, out: TextIO, today: dt.date
) -> int:
    from kawebb_desktop.domain.values import EmailAddress, OrgNumber
    from kawebb_desktop.services.af import RegisterAgreement, ReviewStatus

    if args.command == "news":
        return _news(args, service, out, today)
    if args.command == "claim":
        from kawebb_desktop.domain.compensation import format_kronor
        from kawebb_desktop.services.claims import parse_claim_status

        claim = service.review_claim(
            OrgNumber.parse(args.org_number),
            _number(args.claim, "Begärans nummer", "claim"),
            parse_claim_status(args.status),
        )
        print(
            f"Begäran om ersättning {claim.id} ({format_kronor(claim.amount)}, "
            f"{claim.start_date.isoformat()} – {claim.end_date.isoformat()}): "
            f"{claim.status.value}.",
            file=out,
        )
        return OK
    if args.command == "document":
        return _documents(args, service, out)
    if args.command == "account" and args.verb == "list":
        listed = service.list_accounts(
            OrgNumber.parse(args.org_number) if args.org_number else None,
            ReviewStatus.parse(args.status) if args.status else None,
        )
        if not listed:
            print("Inga konton.", file=out)
        for item in listed:
            a = item.account
            default = ", standardkonto" if a.is_default else ""
            print(
                f"Konto {a.id}: {item.organisation.name} ({item.organisation.org_number}), "
                f"{a.kind.label} {a.formatted_number}, {a.review_status}, uppdaterad "
                f"{a.updated_on.isoformat()} av {a.updated_by.value}, "
                f"{a.unit_count} utförande verksamhet(er){default}",
                file=out,
            )
        return OK
    if args.command == "account":
        account = service.review_account(
            OrgNumber.parse(args.org_number),
            _number(args.account, "Kontots nummer", "account"),
            ReviewStatus.parse(args.status),
        )
        print(
            f"Konto {account.id} ({account.kind.label} {account.formatted_number}): "
            f"{account.review_status}.",
            file=out,
        )
        return OK
    if args.verb == "register":
        command = RegisterAgreement.parse(
            org_number=args.org_number,
            organisation_name=args.name,
            street_address=args.address,
            postal_code=args.postal_code,
            city=args.city,
            admin_personnummer=args.admin_personnummer,
            admin_first_name=args.admin_first_name,
            admin_last_name=args.admin_last_name,
            admin_email=args.admin_email,
            received_on=_date(args.received) if args.received else today,
            concerns_new_admin=args.new_admin,
            today=today,
        )
        info = service.register(command)
        print(f"Avtal {info.agreement.id} registrerat för {info.organisation.name}.", file=out)
        print(_line(info), file=out)
        return OK
    if args.verb == "activate":
        email = EmailAddress.parse(args.email) if args.email else None
        activation = service.activate(_number(args.agreement_id, "Avtalets nummer", "id"), email)
        print(
            f"Avtal {activation.agreement.id} aktiverat: {activation.user.full_name} är "
            f"behörighetsadministratör från {activation.user.start_date.isoformat()}.",
            file=out,
        )
        return OK
    found = service.list_agreements(overdue=args.overdue)
    if not found:
        print("Inga försenade avtal." if args.overdue else "Inga avtal.", file=out)
        return OK
    for info in found:
        print(_line(info), file=out)
    return OK


def _news(args: argparse.Namespace, service: AgreementService, out: TextIO, today: dt.date) -> int:
    if args.verb == "publish":
        published_on = _date(args.date, "published_on") if args.date else today
        item = service.publish_news(args.title, args.text, published_on)
        print(f"Nyhet {item.id} publicerad {item.published_on.isoformat()}: {item.title}", file=out)
        return OK
    items = service.list_news(_number(args.limit, "Antalet", "limit"))
    if not items:
        print("Inga nyheter.", file=out)
    for item in items:
        first_line = item.text.split("\n", 1)[0]
        print(f"{item.id}\t{item.published_on.isoformat()}\t{item.title}\t{first_line}", file=out)
    return OK


def _line(info: AgreementInfo) -> str:
    agreement = info.agreement
    if agreement.activated_on is not None:
        state = f"aktiverat {agreement.activated_on.isoformat()}"
    else:
        late = " – FÖRSENAT" if info.overdue else ""
        state = f"ej aktiverat, senast {agreement.activation_due.isoformat()}{late}"
    new_admin = ", ny behörighetsadministratör" if agreement.concerns_new_admin else ""
    admin = info.starting_admin_name or agreement.starting_admin.birth_date_text
    return (
        f"{agreement.id}\t{info.organisation.name} ({info.organisation.org_number})\t"
        f"inkom {agreement.received_on.isoformat()}\t{admin}\t{state}{new_admin}"
    )


def _date(text: str, field: str = "received_on") -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            f"”{text}” är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD.", field
        ) from None


def _number(text: str, label: str, field: str) -> int:
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 2**31 - 1:
        raise ValidationError(f"{label} ska vara ett positivt heltal, inte ”{text}”.", field)
    return int(value)


def _refuse(message: str) -> int:
    print(f"kawebb: {message}", file=sys.stderr)
    return REFUSED
