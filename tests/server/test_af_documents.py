"""AF's route deciding a sent document (``POST /api/v1/af/documents/{id}/review``): with
AF's key only; Inskickad → Returnerad with a comment (required), then no decision until it
is sent again; another organisation's document is not found; refusals in Swedish."""

from __future__ import annotations

from typing import Any

from kawebb_desktop.store.sql import SqlStore
from tests.server.test_af_routes import AF, af, af_app, af_store, operator  # noqa: F401
from tests.unit.test_document_review import add_sent_document


def test_the_af_route_decides_a_document(af: Any, af_store: SqlStore) -> None:  # noqa: F811
    document, dorotea, asele = add_sent_document(af_store, 9_700_002)
    url = f"{AF}/documents/{document.id}/review"
    bare = af.post(url, json={"org_number": dorotea, "status": "returnerad"}, headers=operator())
    assert bare.status_code == 422 and bare.json()["field"] == "comment"
    answer = af.post(
        url,
        json={"org_number": dorotea, "status": "returnerad", "comment": "Ange orsak."},
        headers=operator(),
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "returnerad"
    assert answer.json()["return_comment"] == "Ange orsak."
    again = af.post(url, json={"org_number": dorotea, "status": "godkand"}, headers=operator())
    assert again.status_code == 422 and again.json()["field"] == "status"
    other = af.post(url, json={"org_number": asele, "status": "godkand"}, headers=operator())
    assert other.status_code == 404
    unkeyed = af.post(url, json={"org_number": dorotea, "status": "godkand"})
    assert unkeyed.status_code in (401, 403)
