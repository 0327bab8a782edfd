"""The services' refusals in English (issue 12): with the English catalogue installed, a
refusal shows in English whether the services run in process (local mode) or behind a
``kawebb serve`` (remote mode: the error body carries the template and its values); with
Swedish installed it is the Swedish text as before, and a server's error body whose
template is malformed still shows the server's Swedish message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot

from kawebb_desktop.domain.errors import DomainError, RuleViolation
from kawebb_desktop.domain.messages import Message, msg, term
from kawebb_desktop.domain.queries import UserQuery
from kawebb_desktop.domain.rules import check_name
from kawebb_desktop.remote import close
from kawebb_desktop.remote.transport import error_of
from kawebb_desktop.services.api import Caller, SetEndDate, VersionedId
from kawebb_desktop.ui.dialogs.receipt_dialog import check_text
from kawebb_desktop.ui.dialogs.refused_dialog import RefusedDialog
from kawebb_desktop.ui.errors import message_of
from kawebb_desktop.ui.i18n import tr_message
from tests.services.backends import (
    ARVID,
    DOROTEA,
    Backend,
    ServerProcess,
    local_backend,
    make_demo_store,
    remote_backend,
    start_server,
)
from tests.services.conftest import SERVER_ENV
from tests.ui.test_layout import ShownOffline, offline_state

SWEDISH = (
    "{name} är behörighetsadministratör och kan inte få något slutdatum. Avmarkera användaren."
)
ENGLISH = "{name} is an authorization administrator and cannot get an end date. Uncheck the user."


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    directory = tmp_path_factory.mktemp("english-messages")
    store_url = f"sqlite:///{directory / 'kawebb.sqlite3'}"
    make_demo_store(store_url)
    started = start_server({**SERVER_ENV, "KAWEBB_SERVE_STORE": store_url}, directory / "log")
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def local(tmp_path: Path) -> Iterator[Backend]:
    with local_backend(tmp_path) as backend:
        yield backend


@pytest.fixture
def remote(server: ServerProcess) -> Iterator[Backend]:
    backend = remote_backend("remote", server)
    try:
        yield backend
    finally:
        close(backend.services)


def admin_refusal(backend: Backend) -> tuple[DomainError, str]:
    """An end date for the municipality's authorization administrator: refused, with
    the administrator's name in the message. The refusal and that name."""
    caller = backend.caller(ARVID, DOROTEA)
    rows = backend.services.users.list_users(caller, UserQuery(limit=100)).items
    admin = next(r.user for r in rows if r.user.role.is_admin)
    command = SetEndDate((VersionedId(admin.id, admin.version),), dt.date(2026, 12, 31))
    with pytest.raises(RuleViolation) as refused:
        backend.services.users.set_end_date(caller, command)
    return refused.value, admin.full_name


@pytest.mark.parametrize("mode", ["local", "remote"])
def test_a_refusal_is_english_in_the_english_ui(
    request: pytest.FixtureRequest, english: None, mode: str
) -> None:
    refusal, name = admin_refusal(request.getfixturevalue(mode))
    assert refusal.message == SWEDISH.format(name=name)  # the services' text is as before
    assert message_of(refusal) == ENGLISH.format(name=name)


def test_a_refusal_is_swedish_in_the_swedish_ui(local: Backend) -> None:
    refusal, name = admin_refusal(local)
    assert message_of(refusal) == SWEDISH.format(name=name)


def test_a_message_without_values_and_a_nested_one_are_english(english: None) -> None:
    assert tr_message("Kontot finns inte.") == "The account does not exist."
    problem = Message("ska vara minst {limit}", {"limit": "1"})
    invalid = Message(
        "Ogiltig begäran: fältet ”{name}” {problem}.", {"name": "limit", "problem": problem}
    )
    assert tr_message(invalid) == "Invalid request: the field ”limit” must be at least 1."
    assert tr_message("Något som ingen katalog har.") == "Något som ingen katalog har."


def test_a_label_of_the_domain_in_a_message_is_english(english: None) -> None:
    denied = msg(
        "Din roll ({role}) ger inte behörighet att {verb} ”{function}”.",
        role=term("Tjänsteadministratör"),
        verb=msg("ändra"),
        function=term("Hantera användare"),
    )
    assert tr_message(denied) == (
        "Your role (Service administrator) does not allow you to change ”Manage users”."
    )


@pytest.mark.parametrize(
    "extra",
    [
        {"template": {"not": "a text"}, "params": {"name": "Anna"}},
        {"template": SWEDISH, "params": {"name": 5}},
        {"template": SWEDISH, "params": {"other": "Anna"}},
    ],
    ids=["template", "value", "field"],
)
def test_a_malformed_body_still_shows_the_servers_message(
    english: None, extra: dict[str, object]
) -> None:
    text = "Servern säger något som bara finns på svenska."
    response = httpx.Response(422, json={"code": "rule", "message": text, **extra})
    assert message_of(error_of(response)) == text


def test_a_name_rule_names_its_field_in_english(english: None) -> None:
    with pytest.raises(RuleViolation) as refused:
        check_name("Anna 2", "first_name", msg("förnamn"))
    assert refused.value.message == "Förnamn får inte innehålla siffror."
    assert message_of(refused.value) == "First name may not contain digits."
    with pytest.raises(RuleViolation) as empty:
        check_name(" ", "last_name", msg("efternamn"))
    assert message_of(empty.value) == "Enter last name."


def test_a_refused_changes_reason_is_english(english: None, qtbot: QtBot) -> None:
    """*Ej synkade ändringar*: the server's reason, stored as it came, in English."""
    state = offline_state()
    gone = replace(state.refused[1], reason="Kontot finns inte.")
    state = replace(state, refused=(gone,))
    offline: Any = ShownOffline(state)  # the screens' stand-in of an offline backend
    dialog = RefusedDialog(offline, Caller("t", 1), state)
    qtbot.addWidget(dialog)
    assert dialog.reason.text() == "The server's reason: The account does not exist."
    item = dialog.table.item(0, 0)
    assert item is not None
    assert item.toolTip() == "The account does not exist."


def test_a_receipt_checks_text_is_english(english: None) -> None:
    valid = msg("Signaturen är giltig och gjord med ett certifikat utfärdat av {ca}.", ca="Test CA")
    line = check_text("signatur", True, valid)
    assert line.endswith(": The signature is valid and made with a certificate issued by Test CA.")


def test_a_label_in_lower_case_inside_a_message_is_english(english: None) -> None:
    """A label written in lower case inside a sentence is translated as the label is,
    in lower case; a word no catalogue has stays as it is."""
    locked = "Handlingen är {status} och kan inte ändras."
    assert tr_message(msg(locked, status=term("inskickad"))) == (
        "The document is submitted and cannot be changed."
    )
    assert tr_message(msg(locked, status=term("okänd"))) == (
        "The document is okänd and cannot be changed."
    )


def test_a_refusal_kept_as_plain_text_is_english_too(english: None) -> None:
    """An offline refusal is kept in the outbox as text, without its template: the
    catalogue's templates read its values back, also of a refusal inside another."""
    name = "Greta Fjärrström"
    kept = str(SWEDISH.format(name=name))
    assert not isinstance(kept, Message)
    assert tr_message(kept) == ENGLISH.format(name=name)
    built_on = "Bygger på en ändring som inte godtogs: " + kept
    assert tr_message(built_on) == "Builds on a change that was not accepted: " + ENGLISH.format(
        name=name
    )
    assert tr_message("Ingen mall gör den här texten: 42.") == "Ingen mall gör den här texten: 42."


def test_a_refusal_kept_as_plain_text_stays_swedish_in_swedish() -> None:
    kept = SWEDISH.format(name="Greta Fjärrström")
    assert tr_message(kept) == kept
