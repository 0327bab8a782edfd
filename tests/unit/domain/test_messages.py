"""Messages with values (issue 12): the Swedish text is as before, the template and the
values travel beside it, and a workstation rebuilds them from an error body only when
they are well formed and make the same text."""

from __future__ import annotations

import pickle

import pytest

from kawebb_desktop.domain.errors import Conflict
from kawebb_desktop.domain.messages import Message, message_from_json, message_json, msg, term

TEMPLATE = "Ändringen har redan gjorts av {who} ({count} st)."


def test_a_message_is_its_swedish_text_with_its_template_and_values() -> None:
    made = msg(TEMPLATE, who="Anna Berg", count=2)
    assert made == "Ändringen har redan gjorts av Anna Berg (2 st)."
    assert isinstance(made, str)
    assert made.template == TEMPLATE
    assert made.params == {"who": "Anna Berg", "count": "2"}
    refused = Conflict(made).message
    assert isinstance(refused, Message)
    assert refused.template == TEMPLATE


def test_a_message_without_values_is_its_own_template() -> None:
    plain = msg("Kontot finns inte.")
    assert plain == plain.template == "Kontot finns inte."
    assert plain.params == {}
    assert msg("Mallen {har} klamrar") == "Mallen {har} klamrar"  # nothing to fill in


def test_a_message_survives_pickling() -> None:
    made = msg(TEMPLATE, who=msg("någon annan"), count=1)
    again = pickle.loads(pickle.dumps(made))
    assert again == made
    assert again.template == TEMPLATE
    assert again.params["who"].template == "någon annan"


def test_the_json_of_a_message_rebuilds_it() -> None:
    made = msg(TEMPLATE, who=msg("någon annan"), count=3)
    body = message_json(made)
    assert body == {
        "template": TEMPLATE,
        "params": {"who": {"template": "någon annan", "params": {}}, "count": "3"},
    }
    again = message_from_json(str(made), body["template"], body["params"])
    assert again == made
    assert again.template == TEMPLATE
    assert isinstance(again.params["who"], Message)


def test_a_text_that_is_its_own_template_adds_nothing_to_a_body() -> None:
    assert message_json("Kontot finns inte.") == {}
    assert message_json(msg("Kontot finns inte.")) == {}


@pytest.mark.parametrize(
    ("template", "params"),
    [
        (None, None),
        (5, {"who": "x"}),
        (TEMPLATE, "who=x"),
        (TEMPLATE, {"who": 5, "count": "1"}),
        (TEMPLATE, {"who": "x"}),  # a value missing
        ("Helt {annat}.", {"annat": "x"}),  # does not make the text
        ("{who:>999999999}", {"who": "x"}),  # only {name} fields
        ("{who.__class__}", {"who": "x"}),
        ("{0}", {"who": "x"}),
        (TEMPLATE, {"who": {"template": ["x"]}, "count": "1"}),
        ("{a}", {"a": {"template": "{a}", "params": {"a": {"template": "{a}", "params": {}}}}}),
    ],
)
def test_a_bad_template_or_values_give_the_plain_text(template: object, params: object) -> None:
    text = "Ändringen har redan gjorts av x (1 st)."
    again = message_from_json(text, template, params)
    assert again == text
    assert again.template == text
    assert again.params == {}


def test_nesting_is_bounded() -> None:
    inner: object = {"template": "slut", "params": {}}
    for _ in range(10):
        inner = {"template": "{a}", "params": {"a": inner}}
    assert isinstance(inner, dict)
    again = message_from_json("slut", inner["template"], inner["params"])
    assert again == "slut"
    assert again.params == {}


def test_a_term_is_a_message_of_its_own_without_values() -> None:
    role = term("Tjänsteadministratör")
    made = msg("Din roll ({role}) räcker inte.", role=role)
    assert made == "Din roll (Tjänsteadministratör) räcker inte."
    assert made.params["role"] is role
    assert message_json(made)["params"] == {
        "role": {"template": "Tjänsteadministratör", "params": {}}
    }


def test_a_message_as_a_template_gives_a_plain_template() -> None:
    taken = msg("{name} är redan standardkonto.")
    made = msg(taken, name="Bankgiro 123-4567")
    assert made == "Bankgiro 123-4567 är redan standardkonto."
    assert type(made.template) is str
