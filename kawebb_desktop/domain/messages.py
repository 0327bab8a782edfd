"""Messages for the user that the UI can show in its own language (issue 12).

A refusal's message is Swedish text (``DomainError.message``): the services, the store
and the server know no other language. A message with values in it is made with
:func:`msg`, which keeps its Swedish *template* and the *values* beside the text, so that
the UI can translate the template and put the values back in (``ui/i18n.tr_message``), and
the server can send both to a workstation (``server/errors.error_body``). A message
without values needs nothing: its text is its template.

``scripts/message_catalog.py`` finds every template (the first argument of :func:`msg`
and of the domain's errors, literal or a module constant) for the translators, so a
template is a literal or a module constant, never built at run time; its values go in by
name, ``{name}``, without format specs (format the value first).
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter
from typing import Any


class Message(str):
    """Swedish text made from ``template`` with ``params`` (each a text, or a
    :class:`Message` of its own that is translated with it); equal to its text."""

    template: str
    params: dict[str, str]

    def __new__(cls, template: str, params: Mapping[str, str] | None = None) -> Message:
        values = dict(params or {})
        self = super().__new__(cls, template.format(**values) if values else template)
        self.template = str(template)  # a plain text, even when given a message
        self.params = values
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (self.template, self.params))

    def __repr__(self) -> str:
        return f"Message({self.template!r}, {self.params!r})"


def msg(template: str, **params: object) -> Message:
    """The message ``template`` with each ``{name}`` set to ``params[name]`` (a text is
    kept as it is, a :class:`Message` too; other values as ``str(value)``)."""
    return Message(template, {k: v if isinstance(v, str) else str(v) for k, v in params.items()})


def term(label: str) -> Message:
    """A label of the domain (a role, a function, a document's field) as a value of a
    message: the UI translates it as it translates the label wherever it shows it
    (``ui/domain_texts.py``)."""
    return Message(label)


#: How deep messages may nest in each other's values when read from JSON.
_MAX_DEPTH = 4


def message_json(message: str) -> dict[str, Any]:
    """What an error body adds to ``message`` so that a workstation can translate it:
    ``{"template", "params"}`` (a value that is a message of its own as such an object
    too), or nothing for a text that is its own template."""
    if not isinstance(message, Message) or not message.params:
        return {}
    return _json(message)


def _json(message: Message) -> dict[str, Any]:
    params = {
        name: _json(value) if isinstance(value, Message) else value
        for name, value in message.params.items()
    }
    return {"template": message.template, "params": params}


def message_from_json(text: str, template: object, params: object) -> Message:
    """``text`` as a :class:`Message` again from what :func:`message_json` gave; ``text``
    as its own template when they are missing, malformed, or do not make ``text``."""
    if template is None and params is None:
        return Message(text)
    try:
        rebuilt = _from_json(template, params, 0)
    except (TypeError, KeyError, IndexError, ValueError, AttributeError):
        return Message(text)
    return rebuilt if rebuilt == text else Message(text)


def _from_json(template: object, params: object, depth: int) -> Message:
    if depth > _MAX_DEPTH or not isinstance(template, str) or not isinstance(params, dict):
        raise TypeError("not a message")
    for _text, name, spec, conversion in Formatter().parse(template):
        if name is not None and (not name.isidentifier() or spec or conversion):
            raise ValueError("only {name} fields")
    values: dict[str, str] = {}
    for name, value in params.items():
        if not isinstance(name, str):
            raise TypeError("not a message")
        if isinstance(value, dict):
            values[name] = _from_json(value.get("template"), value.get("params"), depth + 1)
        elif isinstance(value, str):
            values[name] = value
        else:
            raise TypeError("not a message")
    return Message(template, values)
