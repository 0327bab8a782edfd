"""AF's route deciding a sent *Begär ersättning* (``POST /api/v1/af/claims/{id}/review``):
with AF's key only; Inskickad → Godkänd, then no other decision than Utbetald; another
organisation's claim is not found; refusals in Swedish, nothing changed."""

from __future__ import annotations

from typing import Any

from kawebb_desktop.domain.entities import ClaimStatus
from kawebb_desktop.store.sql import SqlStore
from tests.server.test_af_routes import AF, af, af_app, af_store, operator  # noqa: F401
from tests.unit.test_claim_review import add_claim, status_of


def test_the_af_route_decides_a_claim(af: Any, af_store: SqlStore) -> None:  # noqa: F811
    claim, dorotea, asele = add_claim(af_store, 9_600_002)
    url = f"{AF}/claims/{claim.id}/review"
    answer = af.post(url, json={"org_number": dorotea, "status": "Godkänd"}, headers=operator())
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "Godkänd" and answer.json()["amount"] == "11000.00"
    again = af.post(url, json={"org_number": dorotea, "status": "avslagen"}, headers=operator())
    assert again.status_code == 422 and again.json()["field"] == "status"
    other = af.post(url, json={"org_number": asele, "status": "utbetald"}, headers=operator())
    assert other.status_code == 404
    unkeyed = af.post(url, json={"org_number": dorotea, "status": "utbetald"})
    assert unkeyed.status_code in (401, 403)
    assert status_of(af_store, claim.id) is ClaimStatus.GODKAND
