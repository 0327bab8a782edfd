"""The access log (logger ``kawebb.access``) never shows a personnummer."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from kawebb_desktop.server.security import loggable_target, mask_personnummer
from tests.server.conftest import API, DemoWorld, bearer, login


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("196403269803", "19640326-****"),
        ("19640326-9803", "19640326-****"),
        ("19640326+9803", "19640326-****"),
        ("19640326 9803", "19640326-****"),
        ("640326-9803", "640326-****"),
        ("640326+9803", "640326-****"),
        ("6403269803", "640326****"),
        ("/x/196403269803/y?text=640326-9803", "/x/19640326-****/y?text=640326-****"),
        # Not personnummer-looking: left alone.
        ("/organisations/1/users/42", "/organisations/1/users/42"),
        ("1234567890", "1234567890"),  # ten digits with a wrong check digit
        ("1234567890123", "1234567890123"),  # thirteen digits
    ],
)
def test_masking(text: str, masked: str) -> None:
    assert mask_personnummer(text) == masked


def test_the_query_is_decoded_and_masked() -> None:
    assert loggable_target("/p", b"text=19640326%2D9803&x=1") == "/p?text=19640326-****&x=1"
    assert loggable_target("/p", b"text=19640326+9803") == "/p?text=19640326-****"
    assert loggable_target("/p", b"text=a%0Ab") == "/p?text=a?b"


def test_the_access_log_masks_personnummer(
    client: Any, world: DemoWorld, caplog: pytest.LogCaptureFixture
) -> None:
    arvid = next(p.personnummer for p in world.people if p.name == "Arvid Aronsson")
    org = world.org("Dorotea kommun")
    token = login(client, arvid)
    caplog.clear()  # the login's own requests (logged when the logs are set up at INFO)
    with caplog.at_level(logging.INFO, logger="kawebb.access"):
        client.get(f"{API}/organisations/{org}/registered-persons/{arvid}", headers=bearer(token))
        client.get(
            f"{API}/organisations/{org}/registered-persons/{arvid[:8]}-{arvid[8:]}",
            headers=bearer(token),
        )
        client.get(
            f"{API}/organisations/{org}/users",
            params={"text": f"{arvid[2:8]}-{arvid[8:]}"},
            headers=bearer(token),
        )
        client.get(
            f"{API}/organisations/{org}/users", params={"text": arvid}, headers=bearer(token)
        )
    lines = [r.getMessage() for r in caplog.records if r.name == "kawebb.access"]
    assert len(lines) == 4
    text = "\n".join(lines)
    assert arvid[8:] not in text.replace(f"{org}/", "")  # the last four digits never show
    assert arvid not in text
    assert f"/registered-persons/{arvid[:8]}-****" in text
    assert f"text={arvid[2:8]}-****" in text
    assert token not in text
    assert all('" 200 ' in line for line in lines), lines
    assert lines[0].startswith('testclient "GET /api/v1/organisations/')
