"""AF's routes (``/api/v1/af/…``): only with the AF operator key configured, only with
that key (a municipal session is refused, and the key opens no municipal route), every
refusal ``{"code", "message"}`` in Swedish with nothing changed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kawebb_desktop.domain.roles import Role
from kawebb_desktop.server.app import create_app
from kawebb_desktop.server.config import ConfigError, ServerConfig, config_from_env, config_to_env
from kawebb_desktop.store.sql import SqlStore
from tests.server.conftest import (
    API,
    TODAY,
    DemoWorld,
    TestClient,
    assert_error,
    bearer,
    login,
    make_config,
)
from tests.unit.services.test_af import snapshot

KEY = "af-operator-key-for-tests-0123456789abcdef"
AF = f"{API}/af"


@pytest.fixture
def af_app(demo_url: str, clock: Any) -> Iterator[Any]:
    application = create_app(make_config(demo_url, clock, af_key=KEY))
    yield application
    application.state.store.close()


@pytest.fixture
def af(af_app: Any) -> TestClient:
    return TestClient(af_app)


@pytest.fixture
def af_store(af_app: Any) -> SqlStore:
    return af_app.state.store  # type: ignore[no-any-return]


def operator() -> dict[str, str]:
    return {"Authorization": f"Bearer {KEY}"}


def lycksele(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "org_number": "212000-2411",
        "name": "Lycksele kommun",
        "street_address": "Torget 1",
        "postal_code": "92181",
        "city": "Lycksele",
        "admin_personnummer": "198001011231",
        "admin_first_name": "Tove",
        "admin_last_name": "Lindqvist",
        "admin_email": "tove.lindqvist@lycksele.se",
        "received_on": "2026-05-20",
        "concerns_new_admin": False,
    }
    body.update(changes)
    return body


def test_register_activate_list_and_review(af: Any, af_store: SqlStore) -> None:
    created = af.post(f"{AF}/agreements", json=lycksele(), headers=operator())
    assert created.status_code == 201, created.text
    info = created.json()
    assert info["organisation"]["name"] == "Lycksele kommun"
    assert info["starting_admin_name"] == "Tove Lindqvist"
    assert info["overdue"] is True  # received 2026-05-20, due 2026-06-03, today 2026-06-15
    agreement_id = info["agreement"]["id"]

    overdue = af.get(f"{AF}/agreements", params={"overdue": "true"}, headers=operator()).json()
    assert [a["agreement"]["id"] for a in overdue] == [agreement_id]

    activated = af.post(f"{AF}/agreements/{agreement_id}/activate", headers=operator())
    assert activated.status_code == 200, activated.text
    assert activated.json()["agreement"]["activated_on"] == TODAY.isoformat()
    assert activated.json()["user"]["role"] == Role.BEHORIGHETSADMINISTRATOR.value
    again = af.post(f"{AF}/agreements/{agreement_id}/activate", headers=operator())
    assert_error(again, 409, "conflict")

    assert af.get(f"{AF}/agreements", params={"overdue": True}, headers=operator()).json() == []
    assert len(af.get(f"{AF}/agreements", headers=operator()).json()) == 4

    reviewed = af.post(
        f"{AF}/accounts/1/review",
        json={"org_number": "2120002809", "status": "godkänd"},
        headers=operator(),
    )
    assert reviewed.status_code == 200, reviewed.text
    assert reviewed.json()["review_status"] == "Granskad, Godkänd"
    assert reviewed.json()["updated_by"] == "Arbetsförmedlingen"

    listed = af.get(
        f"{AF}/accounts", params={"org_number": "212000-2809"}, headers=operator()
    ).json()
    assert [a["account"]["id"] for a in listed][:1] == [1]
    assert {a["organisation"]["name"] for a in listed} == {"Dorotea kommun"}
    unreviewed = af.get(f"{AF}/accounts", params={"status": "ny"}, headers=operator()).json()
    assert all(a["account"]["review_status"] == "Ny – ej granskad" for a in unreviewed)
    bad = af.get(f"{AF}/accounts", params={"status": "kanske"}, headers=operator())
    assert bad.status_code == 422, bad.text


def test_no_key_is_unauthenticated_and_changes_nothing(af: Any, af_store: SqlStore) -> None:
    before = snapshot(af_store)
    for headers in ({}, {"Authorization": "Bearer fel-nyckel"}, {"Authorization": KEY}):
        answer = af.post(f"{AF}/agreements", json=lycksele(), headers=headers)
        body = assert_error(answer, 401, "unauthenticated")
        assert "AF-operatörens nyckel" in body["message"]
        assert answer.headers["WWW-Authenticate"] == "Bearer"
        assert_error(af.get(f"{AF}/agreements", headers=headers), 401, "unauthenticated")
    assert snapshot(af_store) == before


def test_a_municipal_session_is_no_af_key(af: Any, af_store: SqlStore, world: DemoWorld) -> None:
    """Even a behörighetsadministratör's live session opens no AF route."""
    admin = next(p for p in world.people if p.name == "Arvid Aronsson")
    token = login(af, admin.personnummer)
    before = snapshot(af_store)
    assert_error(
        af.post(f"{AF}/agreements", json=lycksele(), headers=bearer(token)), 401, "unauthenticated"
    )
    assert_error(
        af.post(f"{AF}/agreements/1/activate", headers=bearer(token)), 401, "unauthenticated"
    )
    review = af.post(
        f"{AF}/accounts/1/review",
        json={"org_number": "2120002809", "status": "ny"},
        headers=bearer(token),
    )
    assert_error(review, 401, "unauthenticated")
    assert snapshot(af_store) == before


def test_the_af_key_opens_no_municipal_route(af: Any, world: DemoWorld) -> None:
    dorotea = world.org("Dorotea kommun")
    for path in (f"{API}/me", f"{API}/organisations/{dorotea}/accounts"):
        assert_error(af.get(path, headers=operator()), 401, "unauthenticated")


def test_without_a_configured_key_the_af_routes_are_not_offered(
    client: Any, store: SqlStore
) -> None:
    before = snapshot(store)
    for headers in ({}, operator()):
        answer = client.post(f"{AF}/agreements", json=lycksele(), headers=headers)
        body = assert_error(answer, 404, "not_found")
        assert "inte aktiverade" in body["message"]
    assert snapshot(store) == before


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        (lycksele(org_number="212000-2412"), 422, "invalid", "org_number"),
        (lycksele(admin_personnummer="198001011232"), 422, "invalid", "admin_personnummer"),
        (lycksele(admin_email="tove@"), 422, "invalid", "admin_email"),
        (lycksele(postal_code="1"), 422, "invalid", "postal_code"),
        (lycksele(received_on="2026-06-16"), 422, "rule", "received_on"),
        (lycksele(name=""), 422, "invalid", "name"),
        (lycksele(received_on="igår"), 422, "invalid", "received_on"),
        ({"org_number": "212000-2411"}, 422, "invalid", "name"),
    ],
)
def test_bad_registrations_are_refused_in_swedish(
    af: Any, af_store: SqlStore, body: dict[str, Any], status: int, code: str, field: str
) -> None:
    before = snapshot(af_store)
    answer = af.post(f"{AF}/agreements", json=body, headers=operator())
    assert assert_error(answer, status, code).get("field") == field
    assert snapshot(af_store) == before


def test_bad_activations_and_reviews_are_refused(af: Any, af_store: SqlStore) -> None:
    before = snapshot(af_store)
    assert_error(af.post(f"{AF}/agreements/999/activate", headers=operator()), 404, "not_found")
    assert_error(af.post(f"{AF}/agreements/0/activate", headers=operator()), 422, "invalid")
    bad_email = af.post(f"{AF}/agreements/1/activate", json={"email": "x@"}, headers=operator())
    assert_error(bad_email, 422, "invalid")
    for body, status, code in (
        ({"org_number": "2120002809", "status": "bra"}, 422, "invalid"),
        ({"org_number": "2120002460", "status": "ny"}, 404, "not_found"),
        ({"org_number": "21200", "status": "ny"}, 422, "invalid"),
        ({"status": "ny"}, 422, "invalid"),
    ):
        answer = af.post(f"{AF}/accounts/1/review", json=body, headers=operator())
        assert_error(answer, status, code)
    assert snapshot(af_store) == before


def test_the_key_travels_to_workers_and_a_weak_key_is_refused() -> None:
    config = ServerConfig(store_url="sqlite:///x.sqlite3", af_key=KEY)
    assert KEY not in repr(config)
    assert config_from_env(config_to_env(config)).af_key == KEY
    with pytest.raises(ConfigError, match="minst 32"):
        ServerConfig(store_url="sqlite:///x.sqlite3", af_key="kort")
    assert ServerConfig(store_url="sqlite:///x.sqlite3").af_key is None
