"""The compensation rule of *Begär ersättning* (DOMAIN.md §5, issue 9), as pure functions.

A municipality may be paid for arranging **employment** (anställning, at most 11 000 kr a
month) or **praktik** (at most 3 300 kr a month) for a person in an ersättningsärende, only
within skola, fritidshem, sjukvård, äldreomsorg and funktionshinderomsorg. The cap holds for
an extent of at least 50 %; below that it is reduced in proportion (extent / 50 × cap), and
never is more than the cap paid.

How the amount is computed (:func:`compute_compensation`):

- The **monthly cap** is the kind's cap, times ``extent / 50`` when the extent is below
  50 %. Extents have at most two decimals, and both caps are multiples of 50 kr, so this
  cap is exact to the öre (11 000 × e / 50 = 220 × e, 3 300 × e / 50 = 66 × e).
- For **each calendar month** the period touches: ``monthly cap × days covered / days in
  that month``, rounded **half up to whole öre**. A whole month is the monthly cap exactly.
  Amounts are :class:`~decimal.Decimal` kronor with two decimals and are shown as
  ``11 000,00 kr`` (:func:`format_kronor`; ordinary spaces between groups of thousands).
- The **total** is the sum of the months' rounded amounts. Splitting a period at a month
  boundary therefore gives exactly the same total; splitting it inside a month may differ by
  at most one öre per split (two roundings instead of one).

Periods (:func:`check_period`): the end is on or after the start (both days included); a
period lies within the case's dates; it overlaps no period already requested in the case
(sharing even one day is an overlap, the next day is fine); and it is **at most one year**
long: it ends before the same date a year after its start (a period from 29 February may
end on 28 February the year after). That also bounds the breakdown to 13 month lines.

Malformed values (an extent that is not a number, a field of work not in the list) raise
:class:`ValidationError`; well-formed input that breaks a rule raises
:class:`RuleViolation` (:class:`InvalidDraft` when :func:`check_period` finds several);
every error names its field: ``kind``, ``field_of_work``, ``extent``, ``start_date``,
``end_date`` or ``period``.
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Self, TypeVar

from kawebb_desktop.domain.errors import InvalidDraft, RuleViolation, ValidationError
from kawebb_desktop.domain.messages import msg

#: The extent from which the whole cap is paid; below it the cap is reduced in proportion.
FULL_EXTENT = Decimal(50)
MIN_EXTENT = Decimal(1)
MAX_EXTENT = Decimal(100)
ORE = Decimal("0.01")

MONTH_NAMES = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


class CompensationKind(StrEnum):
    """What the municipality arranged: employment or praktik (internship)."""

    EMPLOYMENT = "anstallning"
    INTERNSHIP = "praktik"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def monthly_cap(self) -> Decimal:
        """The most paid for a whole month at an extent of at least 50 %, in kronor."""
        return _KIND_CAPS[self]

    @classmethod
    def parse(cls, value: object) -> CompensationKind:
        """The kind named by its code or Swedish label, in any case; else a ValidationError."""
        return _parse_choice(cls, value, "kind", "Ange anställning eller praktik.")


_KIND_LABELS = {CompensationKind.EMPLOYMENT: "Anställning", CompensationKind.INTERNSHIP: "Praktik"}
_KIND_CAPS = {
    CompensationKind.EMPLOYMENT: Decimal(11_000),
    CompensationKind.INTERNSHIP: Decimal(3_300),
}


class FieldOfWork(StrEnum):
    """The only fields of work in which compensation can be paid."""

    SCHOOL = "skola"
    LEISURE_CENTRE = "fritidshem"
    HEALTH_CARE = "sjukvard"
    ELDERLY_CARE = "aldreomsorg"
    DISABILITY_CARE = "funktionshinderomsorg"

    @property
    def label(self) -> str:
        return _FIELD_LABELS[self]

    @classmethod
    def parse(cls, value: object) -> FieldOfWork:
        """The field named by its code or Swedish label, in any case; else a ValidationError
        that names the allowed fields."""
        allowed = ", ".join(f.label.lower() for f in cls)
        return _parse_choice(
            cls,
            value,
            "field_of_work",
            f"Ersättning kan bara begäras inom {allowed}. Välj ett av dem.",
        )


_FIELD_LABELS = {
    FieldOfWork.SCHOOL: "Skola",
    FieldOfWork.LEISURE_CENTRE: "Fritidshem",
    FieldOfWork.HEALTH_CARE: "Sjukvård",
    FieldOfWork.ELDERLY_CARE: "Äldreomsorg",
    FieldOfWork.DISABILITY_CARE: "Funktionshinderomsorg",
}


_Choice = TypeVar("_Choice", CompensationKind, FieldOfWork)


def _parse_choice(enum: type[_Choice], value: object, field: str, message: str) -> _Choice:
    if isinstance(value, enum):
        return value
    if isinstance(value, str):
        text = value.strip().casefold()
        for member in enum:
            if text in (member.value, member.label.casefold()):
                return member
    raise ValidationError(message, field)


_EXTENT_TEXT = re.compile(r"[0-9]+(?:[.,][0-9]+)?")


def parse_extent(value: object) -> Decimal:
    """The extent in percent: an int, a Decimal, a float or text such as ``50``, ``37,5`` or
    ``37.5 %``; from 1 to 100 with at most two decimals. Anything else: ValidationError."""
    number: Decimal
    if isinstance(value, bool):
        raise ValidationError(_EXTENT_NOT_A_NUMBER, "extent")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, float):  # a spin box's value
        number = Decimal(repr(value)) if value == value and abs(value) != float("inf") else _NAN
    elif isinstance(value, str):
        text = value.strip().removesuffix("%").strip()
        if not text:
            raise ValidationError("Ange omfattningen i procent (1–100).", "extent")
        negative = text.startswith("-")
        if negative:
            text = text[1:].strip()
        if not _EXTENT_TEXT.fullmatch(text):
            raise ValidationError(_EXTENT_NOT_A_NUMBER, "extent")
        number = Decimal(text.replace(",", "."))
        if negative:
            number = -number
    else:
        raise ValidationError(_EXTENT_NOT_A_NUMBER, "extent")
    if not number.is_finite():
        raise ValidationError(_EXTENT_NOT_A_NUMBER, "extent")
    if number < MIN_EXTENT:
        raise ValidationError("Omfattningen måste vara minst 1 %.", "extent")
    if number > MAX_EXTENT:
        raise ValidationError("Omfattningen kan inte vara mer än 100 %.", "extent")
    if number != number.quantize(ORE):
        raise ValidationError("Omfattningen får ha högst två decimaler.", "extent")
    return number.quantize(ORE).normalize() if number % 1 else Decimal(int(number))


_NAN = Decimal("NaN")
_EXTENT_NOT_A_NUMBER = (
    "Omfattningen ska vara ett tal i procent från 1 till 100, t.ex. 50 eller 37,5."
)


def parse_date(value: object, field: str) -> dt.date:
    """A date given as a :class:`datetime.date` or as ``ÅÅÅÅ-MM-DD`` text; an impossible
    or malformed date is a ValidationError naming ``field``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        match = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text)
        if not text:
            raise ValidationError("Ange ett datum (ÅÅÅÅ-MM-DD).", field)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                raise ValidationError(
                    msg("{text} är inget datum som finns.", text=text), field
                ) from None
    raise ValidationError("Datumet ska skrivas ÅÅÅÅ-MM-DD, t.ex. 2026-03-15.", field)


@dataclass(frozen=True, order=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, value: Period | tuple[dt.date, dt.date]) -> Self:
        if isinstance(value, Period):
            return cls(value.start, value.end)
        return cls(value[0], value[1])

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def last_allowed_end(start: dt.date) -> dt.date:
    """The last day a period starting on ``start`` may end: the day before the same date a
    year later (a year after 29 February is 1 March)."""
    if start.year == dt.MAXYEAR:
        return dt.date.max
    try:
        year_later = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        year_later = dt.date(start.year + 1, 3, 1)
    return year_later - dt.timedelta(days=1)


def _shape_violations(start: dt.date, end: dt.date) -> list[RuleViolation]:
    if end < start:
        return [
            RuleViolation(
                msg(
                    "Slutdatum ({end}) ligger före startdatum ({start}).",
                    end=end.isoformat(),
                    start=start.isoformat(),
                ),
                "end_date",
            )
        ]
    if end > last_allowed_end(start):
        return [
            RuleViolation(
                msg(
                    (
                        "En period får vara högst ett år. Med det här startdatumet kan den sluta "
                        "senast "
                        "{last_allowed_end}; begär resten som en egen period."
                    ),
                    last_allowed_end=last_allowed_end(start).isoformat(),
                ),
                "end_date",
            )
        ]
    return []


def check_period(
    start: dt.date,
    end: dt.date,
    case_start: dt.date,
    case_end: dt.date | None,
    existing_periods: Iterable[Period | tuple[dt.date, dt.date]] = (),
) -> Period:
    """The period if it can be requested in the case, else :class:`InvalidDraft` with every
    rule it breaks (each a :class:`RuleViolation` naming ``start_date``, ``end_date`` or
    ``period``). ``case_end`` is None for a case that has no end date yet;
    ``existing_periods`` are the periods already requested in the case."""
    violations = _shape_violations(start, end)
    if start < case_start:
        violations.append(
            RuleViolation(
                msg(
                    "Perioden börjar före ärendets startdatum ({case_start}).",
                    case_start=case_start.isoformat(),
                ),
                "start_date",
            )
        )
    if case_end is not None and start > case_end:
        violations.append(
            RuleViolation(
                msg(
                    "Perioden börjar efter ärendets slutdatum ({case_end}).",
                    case_end=case_end.isoformat(),
                ),
                "start_date",
            )
        )
    if case_end is not None and end > case_end and end >= start:
        violations.append(
            RuleViolation(
                msg(
                    "Perioden slutar efter ärendets slutdatum ({case_end}).",
                    case_end=case_end.isoformat(),
                ),
                "end_date",
            )
        )
    period = Period(start, end)
    if end >= start:
        for existing in sorted(Period.of(p) for p in existing_periods):
            if period.overlaps(existing):
                violations.append(
                    RuleViolation(
                        msg(
                            (
                                "Perioden överlappar en period som redan är begärd ({existing}). "
                                "Välj dagar som inte "
                                "redan ingår i en begäran."
                            ),
                            existing=existing,
                        ),
                        "period",
                    )
                )
                break
    if violations:
        raise InvalidDraft(violations)
    return period


@dataclass(frozen=True)
class MonthLine:
    """One calendar month of the breakdown."""

    month: dt.date  # its first day
    days: int
    days_in_month: int
    monthly_cap: Decimal  # after the reduction for an extent below 50 %
    amount: Decimal

    def describe(self) -> str:
        """E.g. ``mars 2026: 31 av 31 dagar × 11 000,00 kr = 11 000,00 kr``."""
        return (
            f"{month_name(self.month)}: {self.days} av {self.days_in_month} dagar × "
            f"{format_kronor(self.monthly_cap)} = {format_kronor(self.amount)}"
        )


@dataclass(frozen=True)
class Compensation:
    """The amount that can be requested, with the computation behind it."""

    kind: CompensationKind
    field_of_work: FieldOfWork
    extent: Decimal
    period: Period
    monthly_cap: Decimal  # the kind's cap after the extent reduction
    months: tuple[MonthLine, ...]
    total: Decimal

    @property
    def reduced(self) -> bool:
        return self.extent < FULL_EXTENT

    def describe(self) -> tuple[str, ...]:
        """The computation in Swedish, one line each: the cap, each month, the total."""
        cap = self.kind.monthly_cap
        extent = format_number(self.extent)
        if self.reduced:
            head = (
                f"{self.kind.label} inom {self.field_of_work.label.lower()}, omfattning "
                f"{extent} % (under 50 %): {format_kronor(cap)} × {extent}/50 = "
                f"{format_kronor(self.monthly_cap)} i månaden."
            )
        else:
            head = (
                f"{self.kind.label} inom {self.field_of_work.label.lower()}, omfattning "
                f"{extent} % (minst 50 %): högst {format_kronor(cap)} i månaden."
            )
        return (
            head,
            *(line.describe() for line in self.months),
            f"Summa: {format_kronor(self.total)}",
        )


def reduced_monthly_cap(kind: CompensationKind, extent: Decimal) -> Decimal:
    """The kind's cap, reduced in proportion to ``extent`` below 50 %; exact to the öre for
    an extent with at most two decimals."""
    cap = kind.monthly_cap
    if extent >= FULL_EXTENT:
        return cap.quantize(ORE)
    return (cap * extent / FULL_EXTENT).quantize(ORE)


def _pro_rata(cap: Decimal, days: int, days_in_month: int) -> Decimal:
    """``cap × days / days_in_month`` rounded half up to whole öre, in integers (exact)."""
    cap_ore = int(cap * 100)
    ore = (2 * cap_ore * days + days_in_month) // (2 * days_in_month)
    return (Decimal(ore) / 100).quantize(ORE)


def month_lines(period: Period, monthly_cap: Decimal) -> tuple[MonthLine, ...]:
    lines: list[MonthLine] = []
    day = period.start
    while day <= period.end:
        days_in_month = monthrange(day.year, day.month)[1]
        month_end = day.replace(day=days_in_month)
        last = min(month_end, period.end)
        days = (last - day).days + 1
        lines.append(
            MonthLine(
                month=day.replace(day=1),
                days=days,
                days_in_month=days_in_month,
                monthly_cap=monthly_cap,
                amount=_pro_rata(monthly_cap, days, days_in_month),
            )
        )
        if last == dt.date.max:
            break
        day = last + dt.timedelta(days=1)
    return tuple(lines)


def compute_compensation(
    kind: CompensationKind | str,
    field_of_work: FieldOfWork | str,
    extent: int | Decimal | str,
    start: dt.date,
    end: dt.date,
) -> Compensation:
    """The amount for ``kind`` in ``field_of_work`` at ``extent`` percent from ``start`` to
    ``end`` (both included), month by month. Raises ValidationError for a malformed value
    and RuleViolation for a period that ends before it starts or is longer than a year;
    the case's dates and earlier requests are :func:`check_period`'s business."""
    parsed_kind = CompensationKind.parse(kind)
    parsed_field = FieldOfWork.parse(field_of_work)
    parsed_extent = parse_extent(extent)
    violations = _shape_violations(start, end)
    if violations:
        raise violations[0]
    period = Period(start, end)
    cap = reduced_monthly_cap(parsed_kind, parsed_extent)
    months = month_lines(period, cap)
    return Compensation(
        kind=parsed_kind,
        field_of_work=parsed_field,
        extent=parsed_extent,
        period=period,
        monthly_cap=cap,
        months=months,
        total=sum((m.amount for m in months), Decimal("0.00")),
    )


def month_name(month: dt.date) -> str:
    """E.g. ``mars 2026``."""
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def format_number(value: Decimal) -> str:
    """A percentage as Swedes write it: ``50``, ``37,5``."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def format_kronor(amount: Decimal) -> str:
    """E.g. ``11 000,00 kr`` (groups of thousands with spaces, decimal comma, two decimals)."""
    text = f"{amount.quantize(ORE):,.2f}"
    return text.replace(",", " ").replace(".", ",") + " kr"
