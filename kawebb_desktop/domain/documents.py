"""Case documents (*handlingar*, DOMAIN.md §5, issue 9), as data and pure functions.

A case has documents by its kind: a huvudärende Gemensam planering, Periodisk rapport,
Förändringsrapport, Informativ rapport and Slutredovisning; an ersättningsärende Gemensam
planering, Periodisk rapport and Informativ rapport (its *Begär ersättning* is a claim,
:mod:`kawebb_desktop.services.claims`).

Each type has a list of fields (:func:`document_fields`) that the UI renders generically
and :func:`validate_document` checks and normalises: dates as ``ÅÅÅÅ-MM-DD``, numbers with
a point and no trailing zeros (``37.5``), a choice as its label, text without control
characters (a multi-line text keeps its line breaks and tabs). A refusal is a
:class:`RuleViolation` naming its field, or :class:`InvalidDraft` with every violation.
A draft may be incomplete (its required fields empty); a send must be complete.

Who may write a type is the permission matrix's row :func:`function_of` (so Lärare writes
only Periodisk rapport); who may read documents at all is :data:`READ_FUNCTION`.

A document is written as a draft (*Utkast*), sent with BankID (*Inskickad*), and AF
approves it (*Godkänd*) or returns it (*Returnerad för komplettering*, with a comment); a
returned document is corrected and sent again. A closed case takes no new document and no
send.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from types import MappingProxyType

from kawebb_desktop.domain.compensation import parse_date
from kawebb_desktop.domain.entities import Case, CaseKind
from kawebb_desktop.domain.errors import InvalidDraft, RuleViolation, ValidationError
from kawebb_desktop.domain.messages import msg, term
from kawebb_desktop.domain.roles import Function

#: Longest multi-line text, and longest one-line value.
MAX_TEXT = 4000
MAX_LINE = 200
#: The most hours in a week, and in a period (31 days of 24 hours).
MAX_HOURS_PER_WEEK = Decimal(168)
MAX_HOURS_PER_PERIOD = Decimal(744)


class DocumentType(StrEnum):
    """A kind of handling; the value is the code stored and sent over the wire."""

    GEMENSAM_PLANERING = "gemensam_planering"
    PERIODISK_RAPPORT = "periodisk_rapport"
    FORANDRINGSRAPPORT = "forandringsrapport"
    INFORMATIV_RAPPORT = "informativ_rapport"
    SLUTREDOVISNING = "slutredovisning"

    @property
    def label(self) -> str:
        return _TYPE_LABELS[self]

    @classmethod
    def parse(cls, value: object) -> DocumentType:
        """The type named by its code or label, in any case; else a ValidationError."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            key = value.strip().casefold()
            for kind in cls:
                if key in (kind.value, kind.label.casefold()):
                    return kind
        raise ValidationError(
            msg(
                "Okänd typ av handling. Välj en av {choices}.",
                choices=", ".join(t.label for t in cls),
            ),
            "type",
        )


_TYPE_LABELS = MappingProxyType(
    {
        DocumentType.GEMENSAM_PLANERING: "Gemensam planering",
        DocumentType.PERIODISK_RAPPORT: "Periodisk rapport",
        DocumentType.FORANDRINGSRAPPORT: "Förändringsrapport",
        DocumentType.INFORMATIV_RAPPORT: "Informativ rapport",
        DocumentType.SLUTREDOVISNING: "Slutredovisning",
    }
)

_TYPES_OF_KIND: Mapping[CaseKind, tuple[DocumentType, ...]] = MappingProxyType(
    {
        CaseKind.HUVUDARENDE: tuple(DocumentType),
        CaseKind.ERSATTNINGSARENDE: (
            DocumentType.GEMENSAM_PLANERING,
            DocumentType.PERIODISK_RAPPORT,
            DocumentType.INFORMATIV_RAPPORT,
        ),
    }
)


def document_types(case_kind: CaseKind) -> tuple[DocumentType, ...]:
    """The documents a case of ``case_kind`` has, in the guide's order."""
    return _TYPES_OF_KIND[case_kind]


#: Reading any document needs READ of this row of the matrix.
READ_FUNCTION = Function.HANTERA_HANDLINGAR

_FUNCTION_OF = MappingProxyType(
    {
        DocumentType.GEMENSAM_PLANERING: Function.GEMENSAM_PLANERING,
        DocumentType.PERIODISK_RAPPORT: Function.MANADSRAPPORT,
        DocumentType.FORANDRINGSRAPPORT: Function.AVVIKELSERAPPORT,
        DocumentType.INFORMATIV_RAPPORT: Function.HANTERA_HANDLINGAR,
        DocumentType.SLUTREDOVISNING: Function.HANTERA_HANDLINGAR,
    }
)


def function_of(kind: DocumentType) -> Function:
    """The matrix row whose WRITE access writing (and sending) ``kind`` needs."""
    return _FUNCTION_OF[kind]


class DocumentStatus(StrEnum):
    """Where a document stands; the value is the stored code."""

    UTKAST = "utkast"
    INSKICKAD = "inskickad"
    GODKAND = "godkand"
    RETURNERAD = "returnerad"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def is_editable(self) -> bool:
        """A draft, or a document AF returned for completion."""
        return self in (DocumentStatus.UTKAST, DocumentStatus.RETURNERAD)

    @classmethod
    def parse(cls, value: object) -> DocumentStatus:
        """A status by its code or label, in any case; else a ValidationError."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            key = value.strip().casefold()
            for status in cls:
                if key in (status.value, status.label.casefold()):
                    return status
        raise ValidationError(
            msg("Okänd status. Ange en av {choices}.", choices=", ".join(s.value for s in cls)),
            "status",
        )


_STATUS_LABELS = MappingProxyType(
    {
        DocumentStatus.UTKAST: "Utkast",
        DocumentStatus.INSKICKAD: "Inskickad",
        DocumentStatus.GODKAND: "Godkänd",
        DocumentStatus.RETURNERAD: "Returnerad för komplettering",
    }
)


class FieldKind(StrEnum):
    """How a field is entered and checked."""

    DATE = "date"
    PERCENT = "percent"
    HOURS = "hours"
    CHOICE = "choice"
    LINE = "line"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class DocumentField:
    """One field of a document's form. ``name`` is the key in the values."""

    name: str
    label: str
    kind: FieldKind
    required: bool = True
    choices: tuple[str, ...] = ()


def _f(
    name: str, label: str, kind: FieldKind, required: bool = True, choices: tuple[str, ...] = ()
) -> DocumentField:
    return DocumentField(name, label, kind, required, choices)


K = FieldKind
CHANGE_CHOICES = ("Avbrott", "Ändrad omfattning", "Ändrad period", "Annat")
_FIELDS: Mapping[DocumentType, tuple[DocumentField, ...]] = MappingProxyType(
    {
        DocumentType.GEMENSAM_PLANERING: (
            _f("period_from", "Period från", K.DATE),
            _f("period_to", "Period till", K.DATE),
            _f("extent", "Omfattning (%)", K.PERCENT),
            _f("hours_per_week", "Timmar per vecka", K.HOURS),
            _f("study_plan", "Studieplan", K.TEXT),
            _f("goals", "Mål", K.TEXT),
        ),
        DocumentType.PERIODISK_RAPPORT: (
            _f("period_from", "Period från", K.DATE),
            _f("period_to", "Period till", K.DATE),
            _f("attended_hours", "Närvaro, timmar", K.HOURS),
            _f("absent_hours", "Frånvaro, timmar", K.HOURS),
            _f("comment", "Kommentar", K.TEXT, required=False),
        ),
        DocumentType.FORANDRINGSRAPPORT: (
            _f("change_date", "Datum för förändringen", K.DATE),
            _f("change", "Förändring", K.CHOICE, choices=CHANGE_CHOICES),
            _f("reason", "Orsak", K.TEXT),
        ),
        DocumentType.INFORMATIV_RAPPORT: (
            _f("subject", "Rubrik", K.LINE),
            _f("text", "Text", K.TEXT),
        ),
        DocumentType.SLUTREDOVISNING: (
            _f("end_date", "Slutdatum", K.DATE),
            _f("result", "Resultat", K.TEXT),
            _f("next_step", "Sysselsättning efter avslut", K.TEXT),
        ),
    }
)
del K

#: Hours fields counted per week (the rest are per period).
_WEEKLY_HOURS = frozenset({"hours_per_week"})


def document_fields(kind: DocumentType) -> tuple[DocumentField, ...]:
    """The fields of ``kind``'s form, in order."""
    return _FIELDS[kind]


CASE_CLOSED = "Ärende {number} är avslutat. Inga handlingar kan skapas eller skickas i det."


def check_case_open(case: Case) -> None:
    """RuleViolation if ``case`` is closed (it takes no new document or send)."""
    if case.status.is_closed:
        raise RuleViolation(msg(CASE_CLOSED, number=case.case_number), "case_id")


def check_type_of_case(kind: DocumentType, case_kind: CaseKind, case_number: int) -> None:
    """RuleViolation unless a case of ``case_kind`` has documents of ``kind``."""
    if kind not in document_types(case_kind):
        raise RuleViolation(
            msg(
                "Ärende {case_number} är ett {case_kind} och har ingen {document}.",
                case_number=case_number,
                case_kind=term(case_kind.label.lower().removesuffix("n")),
                document=term(kind.label.lower()),
            ),
            "type",
        )


_NUMBER = re.compile(r"[0-9]{1,6}(?:[.,][0-9]{1,2})?")
_LINE_BREAKS = re.compile(r"\r\n?")


def _bad_characters(text: str, multiline: bool) -> bool:
    allowed = "\n\t" if multiline else ""
    for ch in text:
        if ch in allowed:
            continue
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") or ch in "\u2028\u2029":
            return True
    return False


def _number(text: str, spec: DocumentField) -> Decimal:
    cleaned = text.strip()
    if spec.kind is FieldKind.PERCENT:
        cleaned = cleaned.removesuffix("%").strip()
    negative = cleaned.startswith("-")
    if negative:
        cleaned = cleaned[1:].strip()
    if not _NUMBER.fullmatch(cleaned):
        raise RuleViolation(
            msg("{label}: ange ett tal, t.ex. 37,5.", label=term(spec.label)), spec.name
        )
    try:
        number = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already excludes it
        raise RuleViolation(
            msg("{label}: ange ett tal.", label=term(spec.label)), spec.name
        ) from None
    if negative and number != 0:
        raise RuleViolation(
            msg("{label} kan inte vara negativ.", label=term(spec.label)), spec.name
        )
    if spec.kind is FieldKind.PERCENT and number > 100:
        raise RuleViolation("Omfattningen ska vara mellan 0 och 100 %.", spec.name)
    if spec.kind is FieldKind.HOURS:
        if spec.name in _WEEKLY_HOURS and number > MAX_HOURS_PER_WEEK:
            raise RuleViolation(
                msg(
                    "{label}: en vecka har högst {hours} timmar.",
                    label=term(spec.label),
                    hours=MAX_HOURS_PER_WEEK,
                ),
                spec.name,
            )
        if spec.name not in _WEEKLY_HOURS and number > MAX_HOURS_PER_PERIOD:
            raise RuleViolation(
                msg(
                    "{label}: högst {hours} timmar per period.",
                    label=term(spec.label),
                    hours=MAX_HOURS_PER_PERIOD,
                ),
                spec.name,
            )
    return number


def format_decimal(number: Decimal) -> str:
    """``37.5``, ``40``: a point, no trailing zeros, no exponent (the stored form)."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def display_value(spec: DocumentField, value: str) -> str:
    """A stored value as a Swedish form shows it (``37,5``)."""
    if spec.kind in (FieldKind.PERCENT, FieldKind.HOURS):
        return value.replace(".", ",")
    return value


def _as_text(value: object, spec: DocumentField) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise RuleViolation(msg("{label}: ogiltigt värde.", label=term(spec.label)), spec.name)
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, str):
        return value
    raise RuleViolation(msg("{label}: ogiltigt värde.", label=term(spec.label)), spec.name)


def _one(spec: DocumentField, raw: object, case: Case, complete: bool = True) -> str:
    text = _as_text(raw, spec)
    multiline = spec.kind is FieldKind.TEXT
    if multiline:
        text = _LINE_BREAKS.sub("\n", text)
    if _bad_characters(text, multiline):
        raise RuleViolation(
            msg("{label} innehåller otillåtna tecken.", label=term(spec.label)), spec.name
        )
    text = text.strip()
    if not text:
        if spec.required and complete:
            raise RuleViolation(msg("Ange {label}.", label=term(spec.label.lower())), spec.name)
        return ""
    limit = MAX_TEXT if multiline else MAX_LINE
    if len(text) > limit:
        raise RuleViolation(
            msg("{label} får vara högst {limit} tecken lång.", label=term(spec.label), limit=limit),
            spec.name,
        )
    if spec.kind is FieldKind.DATE:
        try:
            day = parse_date(text, spec.name)
        except ValidationError as error:
            raise RuleViolation(error.message, spec.name) from None
        if day < case.start_date or (case.end_date is not None and day > case.end_date):
            start = case.start_date.isoformat()
            dates = f"{start} – {case.end_date.isoformat()}" if case.end_date else f"{start} –"
            raise RuleViolation(
                msg(
                    "{label} ({day}) ligger utanför ärendets datum ({dates}).",
                    label=term(spec.label),
                    day=day.isoformat(),
                    dates=dates,
                ),
                spec.name,
            )
        return day.isoformat()
    if spec.kind in (FieldKind.PERCENT, FieldKind.HOURS):
        return format_decimal(_number(text, spec))
    if spec.kind is FieldKind.CHOICE:
        for choice in spec.choices:
            if text.casefold() == choice.casefold():
                return choice
        raise RuleViolation(
            msg(
                "{label}: välj en av {choices}.",
                label=term(spec.label),
                choices=", ".join(spec.choices),
            ),
            spec.name,
        )
    return text


def validate_document(
    kind: DocumentType, values: Mapping[str, object], case: Case, *, complete: bool = True
) -> dict[str, str]:
    """``values`` checked against ``kind``'s fields and ``case``'s dates, normalised (see
    the module); keys that are no field of ``kind`` are dropped. Every refusal is a
    RuleViolation naming its field (InvalidDraft when there are several).

    ``complete`` (a send) demands every required field (``Ange …``); a draft
    (``complete=False``) may leave any field empty (stored as ``""``), but what it fills
    must be well-formed, and the period's order is checked once both dates are filled."""
    if not isinstance(values, Mapping):
        raise RuleViolation("Handlingens uppgifter saknas.", "values")
    out: dict[str, str] = {}
    violations: list[RuleViolation] = []
    for spec in document_fields(kind):
        try:
            out[spec.name] = _one(spec, values.get(spec.name), case, complete)
        except RuleViolation as violation:
            violations.append(violation)
    start, end = out.get("period_from"), out.get("period_to")
    if start and end and end < start:
        violations.append(RuleViolation("Period till kan inte vara före Period från.", "period_to"))
    if violations:
        raise violations[0] if len(violations) == 1 else InvalidDraft(violations)
    return out


def describe_document(kind: DocumentType, case_number: int, values: Mapping[str, str]) -> str:
    """One line for the signing summary and the receipt."""
    if values.get("period_from") and values.get("period_to"):
        detail = f", period {values['period_from']} – {values['period_to']}"
    elif values.get("change_date"):
        detail = f", {values.get('change', '').lower()} {values['change_date']}"
    elif values.get("end_date"):
        detail = f", slutdatum {values['end_date']}"
    elif values.get("subject"):
        detail = f", ”{values['subject'][:60]}”"
    else:
        detail = ""
    return f"{kind.label} i ärende {case_number}{detail}"


@dataclass(frozen=True, slots=True)
class Document:
    """A handling of a case, as stored. ``values`` are normalised by
    :func:`validate_document`; ``version`` grows with every stored change."""

    id: int
    organisation_id: int
    case_id: int
    type: DocumentType
    status: DocumentStatus
    values: Mapping[str, str]
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    updated_by_person_id: int
    sent_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    return_comment: str = ""
    #: Filled by the store on reads for lists: who last changed it.
    updated_by_name: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class DocumentEvent:
    """A step of a document's history (what Statusöversikt charts). ``by_person_id`` is
    ``None`` for Arbetsförmedlingen's decisions."""

    id: int
    document_id: int
    status: DocumentStatus
    at: dt.datetime
    by_person_id: int | None


@dataclass(frozen=True, slots=True)
class DocumentLine:
    """A sent document with its case's number and person (*Statusöversikt*)."""

    document: Document
    case_number: int
    first_name: str
    last_name: str


__all__ = [
    "CASE_CLOSED",
    "CHANGE_CHOICES",
    "MAX_TEXT",
    "READ_FUNCTION",
    "Document",
    "DocumentEvent",
    "DocumentField",
    "DocumentLine",
    "DocumentStatus",
    "DocumentType",
    "FieldKind",
    "check_case_open",
    "check_type_of_case",
    "describe_document",
    "display_value",
    "document_fields",
    "document_types",
    "format_decimal",
    "function_of",
    "validate_document",
]
