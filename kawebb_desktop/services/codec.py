"""Domain values ↔ JSON, by their type hints: one codec for the server's answers, the
remote client's decoding and the stored answers of idempotent writes.

Dataclasses become objects of their fields; a dataclass whose only field is ``value``
(``Personnummer``, ``EmailAddress``, ``OrgNumber``) becomes that value; enums their
value; dates and times ISO 8601; tuples, lists and mappings JSON arrays and objects.
Decoding runs the constructors, so a decoded value is as checked as a typed-in one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
import typing
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin

from kawebb_desktop.domain.errors import DomainError

T = TypeVar("T")

Json = Any


def to_json(value: object) -> Json:
    """A structure of dicts, lists, strings, numbers, booleans and ``None``."""
    if value is None or isinstance(value, bool | int | float | str):
        if isinstance(value, enum.Enum):
            return value.value
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):  # amounts and percentages: exact, as text
        return format(value, "f")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _field_names(type(value))
        if names == ("value",):
            return to_json(value.value)  # type: ignore[attr-defined]
        return {name: to_json(getattr(value, name)) for name in names}
    if isinstance(value, Mapping):
        # Plain values as they are, without a call each (a feed page has 100 000s).
        return {str(k): v if type(v) in _PLAIN else to_json(v) for k, v in value.items()}
    if isinstance(value, Sequence | set | frozenset):
        return [v if type(v) in _PLAIN else to_json(v) for v in value]
    raise TypeError(f"cannot encode {type(value).__name__}")


#: Types that are JSON as they are (exactly these: an ``IntEnum`` is not one of them).
_PLAIN: frozenset[type] = frozenset({str, int, float, bool, type(None)})


def dumps(value: object) -> str:
    """Canonical JSON text (sorted keys, no whitespace, UTF-8 kept)."""
    return json.dumps(to_json(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class DecodeError(ValueError):
    """The JSON does not have the shape of the type asked for."""


def from_json(kind: Any, data: Json) -> Any:
    """Build a value of type ``kind`` from :func:`to_json`'s output."""
    try:
        return _decode(kind, data, {})
    except DecodeError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, DomainError) as exc:
        raise DecodeError(f"{_name(kind)}: {exc}") from exc


def loads(kind: type[T], text: str) -> T:
    return typing.cast(T, from_json(kind, json.loads(text)))


def _decode(kind: Any, data: Json, bound: dict[Any, Any]) -> Any:
    if isinstance(kind, TypeVar):
        return _decode(bound.get(kind, Any), data, bound)
    if kind is Any or kind is object:  # object: any JSON value (a feed's store rows)
        return data
    if kind is type(None) or kind is None:
        if data is not None:
            raise DecodeError("väntade null")
        return None
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        options = get_args(kind)
        if data is None and type(None) in options:
            return None
        errors = []
        for option in options:
            if option is type(None):
                continue
            try:
                return _decode(option, data, bound)
            except (DecodeError, TypeError, ValueError, KeyError) as exc:
                errors.append(str(exc))
        raise DecodeError("; ".join(errors) or "inget alternativ passar")
    if origin is typing.Literal:
        if data not in get_args(kind):
            raise DecodeError(f"{data!r} är inget tillåtet värde")
        return data
    if origin in (tuple, list, Sequence, set, frozenset) or kind in (tuple, list):
        if not isinstance(data, list):
            raise DecodeError("väntade en lista")
        args = get_args(kind)
        item = args[0] if args else Any
        items = [_decode(item, v, bound) for v in data]
        return list(items) if origin is list or kind is list else tuple(items)
    if origin in (dict, Mapping) or kind in (dict, Mapping):
        if not isinstance(data, dict):
            raise DecodeError("väntade ett objekt")
        args = get_args(kind)
        value_kind = args[1] if len(args) == 2 else Any
        if value_kind is Any or value_kind is object:  # any JSON value (a store row)
            return {str(k): v for k, v in data.items()}
        return {str(k): _decode(value_kind, v, bound) for k, v in data.items()}
    cls = origin or kind
    if not isinstance(cls, type):
        raise DecodeError(f"okänd typ {kind!r}")
    if issubclass(cls, enum.Enum):
        return cls(data)
    if cls is dt.datetime:
        if not isinstance(data, str):
            raise DecodeError("väntade en tidpunkt")
        return dt.datetime.fromisoformat(data)
    if cls is dt.date:
        if not isinstance(data, str):
            raise DecodeError("väntade ett datum")
        return dt.date.fromisoformat(data)
    if cls is bool:
        if not isinstance(data, bool):
            raise DecodeError("väntade true eller false")
        return data
    if cls is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise DecodeError("väntade ett heltal")
        return data
    if cls is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise DecodeError("väntade ett tal")
        return float(data)
    if cls is str:
        if not isinstance(data, str):
            raise DecodeError("väntade en text")
        return data
    if cls is Decimal:
        if isinstance(data, bool) or not isinstance(data, str | int):
            raise DecodeError("väntade ett decimaltal")
        try:
            number = Decimal(str(data))
        except InvalidOperation:
            raise DecodeError("väntade ett decimaltal") from None
        if not number.is_finite():
            raise DecodeError("väntade ett decimaltal")
        return number
    if dataclasses.is_dataclass(cls):
        hints = _hints(cls)
        if origin is not None:
            params = getattr(cls, "__parameters__", ())
            bound = {**bound, **dict(zip(params, get_args(kind), strict=False))}
        names = _field_names(cls)
        if names == ("value",) and not isinstance(data, dict):
            return cls(_decode(hints["value"], data, bound))  # type: ignore[call-arg]
        if not isinstance(data, dict):
            raise DecodeError(f"väntade ett objekt för {cls.__name__}")
        values = {name: _decode(hints[name], data[name], bound) for name in names if name in data}
        return cls(**values)
    raise DecodeError(f"okänd typ {kind!r}")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


def _name(kind: Any) -> str:
    return getattr(kind, "__name__", str(kind))
