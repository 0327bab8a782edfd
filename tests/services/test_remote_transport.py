"""The remote client's transport against ``httpx.MockTransport``: what is retried and how
often, the backoff, the idempotency header, and how every failure becomes a typed error."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from kawebb_desktop.domain.changes import UserDraft
from kawebb_desktop.domain.errors import (
    Conflict,
    DomainError,
    NotAuthenticated,
    NotAuthorized,
    NotFound,
    PermissionDenied,
    RuleViolation,
    SigningFailed,
    ValidationError,
)
from kawebb_desktop.domain.messages import Message
from kawebb_desktop.domain.queries import UserQuery
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import EmailAddress, Personnummer
from kawebb_desktop.remote import RetryPolicy, close, connect
from kawebb_desktop.remote.errors import (
    SERVER_DOWN,
    RequestRefused,
    ServerUnavailable,
    TooManyRequests,
)
from kawebb_desktop.remote.transport import DEFAULT_TIMEOUT, Transport
from kawebb_desktop.services import codec
from kawebb_desktop.services.api import (
    Caller,
    CreateUser,
    DiscardPending,
    Services,
    StartSigning,
)

URL = "http://kawebb.test"
HEALTH = {"status": "ok", "version": "0.1.0", "signer": "BankID (simulator)", "demo": True}
CALLER = Caller("secret-token", 7)
DRAFT = UserDraft(
    "Andrea",
    "Sandin",
    Personnummer("197810172424"),
    EmailAddress("andrea.sandin@dorotea.se"),
    Role.TJANSTEADMINISTRATOR,
    dt.date(2026, 6, 15),
    dt.date(2027, 12, 31),
)
PENDING = {
    "change": {
        "id": 3,
        "organisation_id": 7,
        "kind": "anvandare",
        "action": "ny",
        "target_id": None,
        "payload": DRAFT.to_payload(),
        "created_by_person_id": 1,
        "created_at": "2026-06-15T08:00:00+00:00",
        "version": 1,
    },
    "draft": codec.to_json(DRAFT),
    "current": None,
}
PAGE = {"items": [], "total": 0, "offset": 0, "limit": 10}

Reply = httpx.Response | Exception


@dataclass
class FakeServer:
    """Answers each (method, path) with the next of its scripted replies (the last one
    repeats); records every request."""

    script: dict[tuple[str, str], list[Reply]] = field(default_factory=dict)
    requests: list[httpx.Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def on(self, method: str, path: str, *replies: Reply) -> None:
        self.script[(method, "/api/v1" + path)] = list(replies)

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
            replies = self.script.get((request.method, request.url.path))
            if not replies:
                return error(404, "not_found", "Sidan finns inte.")
            reply = replies.pop(0) if len(replies) > 1 else replies[0]
        if isinstance(reply, Exception):
            raise reply
        return reply

    def calls(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == "/api/v1" + path]


def ok(body: object, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=body)


def error(status: int, code: str, message: str, **extra: str) -> httpx.Response:
    return httpx.Response(status, json={"code": code, "message": message, **extra})


@pytest.fixture
def server() -> FakeServer:
    fake = FakeServer()
    fake.on("GET", "/health", ok(HEALTH))
    return fake


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def connected(server: FakeServer, sleeps: list[float]) -> Iterator[Callable[[], Services]]:
    made: list[Services] = []

    def make() -> Services:
        services = connect(URL, transport=httpx.MockTransport(server.handle), sleep=sleeps.append)
        made.append(services)
        return services

    yield make
    for services in made:
        close(services)


# ---------------------------------------------------------------------- connect
def test_connect_reads_the_health_answer(connected: Callable[[], Services]) -> None:
    services = connected()
    assert services.description == f"Server: {URL}"
    assert services.signer_name == "BankID (simulator)"
    assert services.demo_phone is not None


def test_no_demo_phone_unless_the_server_says_demo(
    server: FakeServer, connected: Callable[[], Services]
) -> None:
    server.on("GET", "/health", ok({**HEALTH, "demo": False, "signer": "BankID"}))
    services = connected()
    assert services.demo_phone is None
    assert services.signer_name == "BankID"


@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(200, text="<html>Welcome to nginx</html>"),
        ok({"status": "ok"}),
        ok(["ok"]),
        error(404, "not_found", "Not Found"),
        httpx.Response(404, text="Not Found"),
    ],
    ids=["html", "no-signer", "list", "404-json", "404-text"],
)
def test_connect_refuses_what_is_not_a_kawebb_server(
    server: FakeServer, sleeps: list[float], reply: httpx.Response
) -> None:
    server.on("GET", "/health", reply)
    with pytest.raises(ServerUnavailable, match="ingen KA Webb-server"):
        connect(URL, transport=httpx.MockTransport(server.handle), sleep=sleeps.append)


def test_connect_says_when_nothing_answers(server: FakeServer, sleeps: list[float]) -> None:
    server.on("GET", "/health", httpx.ConnectError("Connection refused"))
    with pytest.raises(ServerUnavailable, match=r"på http://kawebb\.test svarar inte"):
        connect(URL, transport=httpx.MockTransport(server.handle), sleep=sleeps.append)
    assert len(server.calls("GET", "/health")) == 3


def test_connect_refuses_a_bad_url() -> None:
    with pytest.raises(ServerUnavailable, match="ogiltig"):
        connect("kawebb.example.se:8000")


def test_connect_really_fails_on_a_closed_port() -> None:
    with pytest.raises(ServerUnavailable, match="svarar inte"):
        connect("http://127.0.0.1:9", timeout=2.0, sleep=lambda _s: None)


def test_the_timeouts_are_connect_5_and_read_15() -> None:
    assert DEFAULT_TIMEOUT.connect == 5.0
    assert DEFAULT_TIMEOUT.read == 15.0


# ---------------------------------------------------------------------- retries
def test_a_get_is_retried_on_503_with_backoff(
    server: FakeServer, sleeps: list[float], connected: Callable[[], Services]
) -> None:
    server.on(
        "GET",
        "/organisations/7/users",
        error(503, "unavailable", "Databasen nås inte."),
        httpx.Response(502, text="Bad Gateway"),
        ok(PAGE),
    )
    page = connected().users.list_users(CALLER, UserQuery())
    assert page.total == 0
    assert len(server.calls("GET", "/organisations/7/users")) == 3
    assert sleeps == [0.2, 0.5]


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("slow"),
        httpx.ReadTimeout("slower"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.Response(504, text="Gateway Timeout"),
    ],
    ids=["connect-error", "connect-timeout", "read-timeout", "disconnected", "504"],
)
def test_a_get_gives_up_after_three_tries(
    server: FakeServer,
    sleeps: list[float],
    connected: Callable[[], Services],
    failure: Reply,
) -> None:
    server.on("GET", "/me", failure)
    services = connected()
    with pytest.raises(ServerUnavailable) as caught:
        services.auth.me("token")
    assert caught.value.message == SERVER_DOWN
    assert len(server.calls("GET", "/me")) == 3
    assert sleeps == [0.2, 0.5]


def test_503_gives_the_servers_message_too(
    server: FakeServer, connected: Callable[[], Services]
) -> None:
    server.on("GET", "/me", error(503, "unavailable", "Databasen kan inte nås just nu."))
    with pytest.raises(ServerUnavailable) as caught:
        connected().auth.me("token")
    assert caught.value.message.startswith(SERVER_DOWN)
    assert "Databasen kan inte nås just nu." in caught.value.message


@pytest.mark.parametrize(
    ("status", "code"), [(500, "internal"), (404, "not_found"), (409, "conflict")]
)
def test_answers_the_server_meant_are_not_retried(
    server: FakeServer, connected: Callable[[], Services], status: int, code: str
) -> None:
    server.on("GET", "/me", error(status, code, "Nej."))
    with pytest.raises(DomainError):
        connected().auth.me("token")
    assert len(server.calls("GET", "/me")) == 1


def test_a_keyed_write_is_retried_with_the_same_key(
    server: FakeServer, sleeps: list[float], connected: Callable[[], Services]
) -> None:
    server.on(
        "POST",
        "/organisations/7/users",
        httpx.ReadTimeout("lost"),
        error(503, "unavailable", "Databasen nås inte."),
        ok(PENDING, 201),
    )
    command = CreateUser(DRAFT)
    result = connected().users.create_user(CALLER, command)
    assert result.id == 3 and result.draft == DRAFT
    calls = server.calls("POST", "/organisations/7/users")
    assert [c.headers["Idempotency-Key"] for c in calls] == [command.key] * 3
    assert len({c.content for c in calls}) == 1
    assert json.loads(calls[0].content) == {"draft": codec.to_json(DRAFT)}
    assert calls[0].headers["Authorization"] == "Bearer secret-token"
    assert calls[0].headers["Content-Type"] == "application/json"
    assert sleeps == [0.2, 0.5]


def test_every_write_carries_its_key(server: FakeServer, connected: Callable[[], Services]) -> None:
    server.on("POST", "/organisations/7/pending/3/discard", httpx.Response(204))
    server.on(
        "POST",
        "/organisations/7/signing",
        ok(
            {
                "order_ref": "o-1",
                "auto_start_token": "a",
                "started_at": "2026-06-15T08:00:00+00:00",
                "summary": "Jag signerar",
                "change_count": 1,
                "qr_data": "bankid.x.0.y",
            }
        ),
    )
    services = connected()
    discard = DiscardPending(3, 2)
    services.users.discard_pending(CALLER, discard)
    start = StartSigning()
    view = services.signing.start(CALLER, start)
    assert view.order_ref == "o-1" and view.change_count == 1
    assert server.calls("POST", "/organisations/7/pending/3/discard")[0].headers[
        "Idempotency-Key"
    ] == (discard.key)
    assert server.calls("POST", "/organisations/7/signing")[0].headers["Idempotency-Key"] == (
        start.key
    )


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("lost"),
        httpx.Response(503, json={"code": "unavailable", "message": "Nere."}),
    ],
    ids=["connect-error", "read-timeout", "503"],
)
def test_login_start_and_the_collects_are_never_retried(
    server: FakeServer, sleeps: list[float], connected: Callable[[], Services], failure: Reply
) -> None:
    server.on("POST", "/auth/start", failure)
    server.on("POST", "/auth/collect", failure)
    server.on("POST", "/organisations/7/signing/o-1/collect", failure)
    services = connected()
    with pytest.raises(ServerUnavailable):
        services.auth.start_login()
    with pytest.raises(ServerUnavailable):
        services.auth.collect_login("o-1")
    with pytest.raises(ServerUnavailable):
        services.signing.collect(CALLER, "o-1")
    assert len(server.calls("POST", "/auth/start")) == 1
    assert len(server.calls("POST", "/auth/collect")) == 1
    assert len(server.calls("POST", "/organisations/7/signing/o-1/collect")) == 1
    assert sleeps == []


def test_the_backoff_is_bounded() -> None:
    policy = RetryPolicy(attempts=6, delays=(0.2, 0.5, 1.0, 8.0), max_delay=1.0)
    assert [policy.delay(n) for n in range(1, 6)] == [0.2, 0.5, 1.0, 1.0, 1.0]
    default = RetryPolicy()
    assert default.attempts == 3
    assert sum(default.delay(n) for n in range(1, default.attempts)) <= 1.0


def test_a_longer_policy_still_waits_at_most_max_delay(server: FakeServer) -> None:
    waited: list[float] = []
    server.on("GET", "/me", httpx.ConnectError("refused"))
    wire = Transport(
        URL,
        transport=httpx.MockTransport(server.handle),
        retry=RetryPolicy(attempts=5, delays=(0.2, 0.5, 1.0, 30.0), max_delay=1.0),
        sleep=waited.append,
    )
    with pytest.raises(ServerUnavailable):
        wire.call("GET", "/me", token="t")
    wire.close()
    assert len(server.calls("GET", "/me")) == 5
    assert waited == [0.2, 0.5, 1.0, 1.0]


# ---------------------------------------------------------------------- error mapping
@pytest.mark.parametrize(
    ("status", "body", "kind", "attrs"),
    [
        (401, {"code": "unauthenticated", "message": "Logga in igen."}, NotAuthenticated, {}),
        (403, {"code": "forbidden", "message": "Rollen får inte."}, PermissionDenied, {}),
        (403, {"code": "not_authorized", "message": "Inte aktiv."}, NotAuthorized, {}),
        (404, {"code": "not_found", "message": "Finns inte."}, NotFound, {}),
        (409, {"code": "conflict", "message": "Ändrad av någon annan."}, Conflict, {}),
        (
            409,
            {"code": "bankid", "message": "Avbruten.", "hintCode": "userCancel"},
            SigningFailed,
            {"hint_code": "userCancel"},
        ),
        (
            422,
            {"code": "rule", "message": "Ange slutdatum.", "field": "end_date"},
            RuleViolation,
            {"field": "end_date"},
        ),
        (
            422,
            {"code": "invalid", "message": "Fel personnummer.", "field": "personnummer"},
            ValidationError,
            {"field": "personnummer"},
        ),
        (429, {"code": "too_many_requests", "message": "Vänta en stund."}, TooManyRequests, {}),
        (413, {"code": "too_large", "message": "För stor."}, RequestRefused, {}),
        (400, {"code": "bad_request", "message": "Felaktig JSON."}, RequestRefused, {}),
    ],
    ids=lambda v: v if isinstance(v, int) else None,
)
def test_error_answers_become_typed_errors(
    server: FakeServer,
    connected: Callable[[], Services],
    status: int,
    body: dict[str, str],
    kind: type[DomainError],
    attrs: dict[str, str],
) -> None:
    server.on("GET", "/organisations/7/users/5", httpx.Response(status, json=body))
    with pytest.raises(DomainError) as caught:
        connected().users.get_user(CALLER, 5)
    assert type(caught.value) is kind
    assert caught.value.message == body["message"]
    for name, value in attrs.items():
        assert getattr(caught.value, name) == value
    assert len(server.calls("GET", "/organisations/7/users/5")) == 1


def test_a_500_says_the_server_does_not_answer(
    server: FakeServer, connected: Callable[[], Services]
) -> None:
    server.on("GET", "/me", error(500, "internal", "Ett fel uppstod."))
    with pytest.raises(ServerUnavailable) as caught:
        connected().auth.me("token")
    assert caught.value.message == SERVER_DOWN


@pytest.mark.parametrize(
    "reply",
    [
        httpx.Response(200, text="not json at all"),
        httpx.Response(200, content=b"\xff\xfe\x00garbage"),
        ok({"items": "nope"}),
        ok({"items": [{"user": {"id": "x"}}], "total": 1, "offset": 0, "limit": 10}),
        ok([1, 2, 3]),
        httpx.Response(418, text="I'm a teapot"),
        httpx.Response(403, json={"detail": "Forbidden"}),
    ],
    ids=["text", "bytes", "wrong-items", "wrong-user", "list", "teapot", "fastapi-default"],
)
def test_an_answer_of_the_wrong_shape_is_a_swedish_error(
    server: FakeServer, connected: Callable[[], Services], reply: httpx.Response
) -> None:
    server.on("GET", "/organisations/7/users", reply)
    with pytest.raises(ServerUnavailable) as caught:
        connected().users.list_users(CALLER, UserQuery())
    assert "Servern" in caught.value.message


def test_a_login_answer_of_the_wrong_shape_is_a_swedish_error(
    server: FakeServer, connected: Callable[[], Services]
) -> None:
    server.on("POST", "/auth/start", ok({"orderRef": 5}))
    server.on("POST", "/auth/collect", ok({"status": "maybe", "message": "?"}))
    services = connected()
    with pytest.raises(ServerUnavailable):
        services.auth.start_login()
    with pytest.raises(ServerUnavailable):
        services.auth.collect_login("o-1")


# ---------------------------------------------------------------------- details
def test_enter_keeps_the_token_in_the_actor_only(
    server: FakeServer, connected: Callable[[], Services]
) -> None:
    server.on(
        "POST",
        "/auth/enter",
        ok(
            {
                "token": "",
                "person_id": 1,
                "personnummer": "196403269803",
                "name": "Arvid Aronsson",
                "organisation_id": 7,
                "organisation_name": "Dorotea kommun",
                "authorization_id": 11,
                "role": "behorighetsadministrator",
            }
        ),
    )
    actor = connected().auth.enter("the-token", 7)
    assert actor.token == "the-token" and actor.role is Role.BEHORIGHETSADMINISTRATOR
    request = server.calls("POST", "/auth/enter")[0]
    assert request.headers["Authorization"] == "Bearer the-token"
    assert json.loads(request.content) == {"organisation_id": 7}


def test_path_values_are_escaped(server: FakeServer, connected: Callable[[], Services]) -> None:
    server.on("GET", "/organisations/7/signing/a/b/qr", ok({"qrData": "q"}))  # decoded
    connected().signing.qr(CALLER, "a/b")
    assert server.requests[-1].url.raw_path == b"/api/v1/organisations/7/signing/a%2Fb/qr"


def test_calls_from_many_threads_share_one_client(
    server: FakeServer, connected: Callable[[], Services]
) -> None:
    server.on("GET", "/organisations/7/users", ok(PAGE))
    services = connected()
    failures: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(20):
                services.users.list_users(CALLER, UserQuery())
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(server.calls("GET", "/organisations/7/users")) == 160


def test_query_parameters_are_sent_as_the_server_reads_them(
    server: FakeServer, connected: Callable[[], Services]
) -> None:
    server.on("GET", "/organisations/7/users", ok(PAGE))
    connected().users.list_users(
        CALLER, UserQuery(text="ar on", descending=True, offset=10, limit=5)
    )
    params = server.requests[-1].url.params
    assert dict(params) == {
        "text": "ar on",
        "sort": "last_name",
        "descending": "true",
        "offset": "10",
        "limit": "5",
    }


# ---------------------------------------------------------------------- translatable messages
STALE = "Ändringen har redan gjorts av {who}."


def test_a_refusal_with_a_template_keeps_it(
    server: FakeServer, connected: Callable[[], Services]
) -> None:
    """The UI can show it in English (issue 12): the template and values come back."""
    body = {"template": STALE, "params": {"who": {"template": "någon annan", "params": {}}}}
    text = STALE.format(who="någon annan")
    server.on(
        "GET",
        "/organisations/7/users/5",
        httpx.Response(409, json={"code": "conflict", "message": text, **body}),
    )
    with pytest.raises(Conflict) as caught:
        connected().users.get_user(CALLER, 5)
    message = caught.value.message
    assert message == "Ändringen har redan gjorts av någon annan."
    assert isinstance(message, Message)
    assert message.template == STALE
    assert message.params["who"] == "någon annan"


@pytest.mark.parametrize(
    "extra",
    [
        {"template": ["not", "a", "text"], "params": {"who": "x"}},
        {"template": STALE, "params": "who=x"},
        {"template": STALE, "params": {"who": 17}},
        {"template": STALE, "params": {}},
        {"template": "Något helt annat {who}.", "params": {"who": "x"}},
        {"template": "{who!r:>99999}", "params": {"who": "x"}},
        {"params": {"who": "x"}},
    ],
    ids=["list", "text-params", "number", "missing", "other-text", "format-spec", "no-template"],
)
def test_a_bad_template_still_gives_the_servers_message(
    server: FakeServer, connected: Callable[[], Services], extra: dict[str, object]
) -> None:
    text = "Ändringen har redan gjorts av x."
    server.on(
        "GET",
        "/organisations/7/users/5",
        httpx.Response(409, json={"code": "conflict", "message": text, **extra}),
    )
    with pytest.raises(Conflict) as caught:
        connected().users.get_user(CALLER, 5)
    assert caught.value.message == text
    assert getattr(caught.value.message, "template", text) == text
