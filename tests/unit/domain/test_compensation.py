"""The compensation rule of *Begär ersättning* (DOMAIN.md §5, issue 9): caps, the
proportional reduction below 50 %, pro rata for part months, the period rules, and
properties that hold for any input (amounts rounded half up to whole öre per month)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kawebb_desktop.domain.compensation import (
    CompensationKind,
    FieldOfWork,
    Period,
    check_period,
    compute_compensation,
    format_kronor,
    last_allowed_end,
    parse_date,
    parse_extent,
)
from kawebb_desktop.domain.errors import InvalidDraft, RuleViolation, ValidationError

D = dt.date
EMP = CompensationKind.EMPLOYMENT
PRA = CompensationKind.INTERNSHIP
SCHOOL = FieldOfWork.SCHOOL


def total(kind: CompensationKind, extent: object, start: dt.date, end: dt.date) -> Decimal:
    return compute_compensation(kind, SCHOOL, extent, start, end).total  # type: ignore[arg-type]


# --- caps and the reduction -------------------------------------------------------------


@pytest.mark.parametrize(("kind", "cap"), [(EMP, Decimal("11000.00")), (PRA, Decimal("3300.00"))])
@pytest.mark.parametrize("extent", [50, 51, 75, Decimal("50.01"), 100])
def test_whole_month_at_50_percent_or_more_is_the_cap(
    kind: CompensationKind, cap: Decimal, extent: object
) -> None:
    assert total(kind, extent, D(2026, 3, 1), D(2026, 3, 31)) == cap
    assert total(kind, extent, D(2026, 2, 1), D(2026, 2, 28)) == cap


@pytest.mark.parametrize(
    ("kind", "extent", "monthly"),
    [
        (EMP, 25, Decimal("5500.00")),
        (PRA, 25, Decimal("1650.00")),
        (EMP, 1, Decimal("220.00")),
        (PRA, 1, Decimal("66.00")),
        (EMP, Decimal("37.5"), Decimal("8250.00")),
        (PRA, Decimal("49.99"), Decimal("3299.34")),
        (EMP, "12,25", Decimal("2695.00")),
    ],
)
def test_below_50_percent_the_cap_is_reduced_in_proportion(
    kind: CompensationKind, extent: object, monthly: Decimal
) -> None:
    result = compute_compensation(kind, SCHOOL, extent, D(2026, 4, 1), D(2026, 4, 30))  # type: ignore[arg-type]
    assert result.monthly_cap == monthly
    assert result.total == monthly
    assert result.reduced


def test_a_year_of_whole_months_is_twelve_caps() -> None:
    assert total(EMP, 100, D(2026, 1, 1), D(2026, 12, 31)) == Decimal("132000.00")
    assert total(PRA, 25, D(2026, 1, 1), D(2026, 12, 31)) == Decimal("19800.00")


# --- pro rata -----------------------------------------------------------------------------


def test_part_of_a_month_is_paid_by_days() -> None:
    result = compute_compensation(EMP, SCHOOL, 50, D(2026, 3, 15), D(2026, 3, 31))
    (march,) = result.months
    assert (march.month, march.days, march.days_in_month) == (D(2026, 3, 1), 17, 31)
    # 11 000 × 17 / 31 = 6 032,258… → 6 032,26
    assert march.amount == result.total == Decimal("6032.26")


def test_february_of_a_leap_year_has_29_days() -> None:
    result = compute_compensation(PRA, SCHOOL, 50, D(2024, 2, 15), D(2024, 2, 29))
    (feb,) = result.months
    assert (feb.days, feb.days_in_month) == (15, 29)
    # 3 300 × 15 / 29 = 1 706,896… → 1 706,90
    assert result.total == Decimal("1706.90")
    whole = compute_compensation(PRA, SCHOOL, 50, D(2024, 2, 1), D(2024, 2, 29))
    assert whole.total == Decimal("3300.00")


def test_rounding_is_half_up_to_whole_ore() -> None:
    # Praktik at 1,05 %: 66 × 1,05 = 69,30 kr a month; 1 of 28 days = 2,475 → 2,48 (a tie).
    assert total(PRA, Decimal("1.05"), D(2026, 2, 1), D(2026, 2, 1)) == Decimal("2.48")
    # 1 of 31 days of 220 kr (employment at 1 %) = 7,0967… → 7,10; 1 of 30 of 82,50 = 2,75.
    assert total(EMP, 1, D(2026, 1, 31), D(2026, 1, 31)) == Decimal("7.10")
    assert total(PRA, Decimal("1.25"), D(2026, 4, 1), D(2026, 4, 1)) == Decimal("2.75")


def test_a_period_over_several_months_has_one_line_each() -> None:
    result = compute_compensation(EMP, "Sjukvård", 25, D(2026, 3, 15), D(2026, 5, 10))
    assert [(m.month, m.days, m.days_in_month) for m in result.months] == [
        (D(2026, 3, 1), 17, 31),
        (D(2026, 4, 1), 30, 30),
        (D(2026, 5, 1), 10, 31),
    ]
    assert [m.amount for m in result.months] == [
        Decimal("3016.13"),
        Decimal("5500.00"),
        Decimal("1774.19"),
    ]
    assert result.total == Decimal("10290.32")
    assert result.describe() == (
        "Anställning inom sjukvård, omfattning 25 % (under 50 %): 11 000,00 kr × 25/50 = "
        "5 500,00 kr i månaden.",
        "mars 2026: 17 av 31 dagar × 5 500,00 kr = 3 016,13 kr",
        "april 2026: 30 av 30 dagar × 5 500,00 kr = 5 500,00 kr",
        "maj 2026: 10 av 31 dagar × 5 500,00 kr = 1 774,19 kr",
        "Summa: 10 290,32 kr",
    )


def test_describe_a_whole_month_at_full_extent() -> None:
    result = compute_compensation(EMP, SCHOOL, 100, D(2026, 3, 1), D(2026, 3, 31))
    assert result.describe() == (
        "Anställning inom skola, omfattning 100 % (minst 50 %): högst 11 000,00 kr i månaden.",
        "mars 2026: 31 av 31 dagar × 11 000,00 kr = 11 000,00 kr",
        "Summa: 11 000,00 kr",
    )


def test_format_kronor() -> None:
    assert format_kronor(Decimal("11000")) == "11 000,00 kr"
    assert format_kronor(Decimal("132000.5")) == "132 000,50 kr"
    assert format_kronor(Decimal("7.1")) == "7,10 kr"
    assert format_kronor(Decimal("1234567.89")) == "1 234 567,89 kr"


# --- kinds, fields of work, extents -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("skola", FieldOfWork.SCHOOL),
        ("Fritidshem", FieldOfWork.LEISURE_CENTRE),
        ("SJUKVÅRD", FieldOfWork.HEALTH_CARE),
        ("sjukvard", FieldOfWork.HEALTH_CARE),
        (" äldreomsorg ", FieldOfWork.ELDERLY_CARE),
        ("ÄLDREOMSORG", FieldOfWork.ELDERLY_CARE),
        ("Funktionshinderomsorg", FieldOfWork.DISABILITY_CARE),
        (FieldOfWork.SCHOOL, FieldOfWork.SCHOOL),
    ],
)
def test_field_of_work_by_label_or_code(text: object, field: FieldOfWork) -> None:
    assert FieldOfWork.parse(text) is field


@pytest.mark.parametrize("text", ["", "bygg", "förskola", "skolan", "Äldre omsorg", None, 3])
def test_other_fields_of_work_are_refused_naming_the_allowed(text: object) -> None:
    with pytest.raises(ValidationError) as exc:
        FieldOfWork.parse(text)
    assert exc.value.field == "field_of_work"
    for label in ("skola", "fritidshem", "sjukvård", "äldreomsorg", "funktionshinderomsorg"):
        assert label in exc.value.message


def test_labels() -> None:
    assert [f.label for f in FieldOfWork] == [
        "Skola",
        "Fritidshem",
        "Sjukvård",
        "Äldreomsorg",
        "Funktionshinderomsorg",
    ]
    assert [k.label for k in CompensationKind] == ["Anställning", "Praktik"]
    assert CompensationKind.parse("ANSTÄLLNING") is EMP
    assert CompensationKind.parse("praktik") is PRA
    with pytest.raises(ValidationError) as exc:
        CompensationKind.parse("lönebidrag")
    assert exc.value.field == "kind"


def test_compute_refuses_a_bad_field_of_work() -> None:
    with pytest.raises(ValidationError) as exc:
        compute_compensation(EMP, "bygg", 50, D(2026, 3, 1), D(2026, 3, 31))
    assert exc.value.field == "field_of_work"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, Decimal(1)),
        (100, Decimal(100)),
        ("50", Decimal(50)),
        ("37,5", Decimal("37.5")),
        ("37.5 %", Decimal("37.5")),
        (" 12,25% ", Decimal("12.25")),
        (Decimal("50.00"), Decimal(50)),
        (37.5, Decimal("37.5")),
    ],
)
def test_good_extents(value: object, expected: Decimal) -> None:
    assert parse_extent(value) == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "minst 1"),
        (-5, "minst 1"),
        ("-5", "minst 1"),
        ("0,5", "minst 1"),
        (101, "mer än 100"),
        ("100,01", "mer än 100"),
        ("1000", "mer än 100"),
        (Decimal("33.333"), "två decimaler"),
        ("", "Ange"),
        ("   %", "Ange"),
        ("femtio", "tal i procent"),
        ("５０", "tal i procent"),
        ("1e2", "tal i procent"),
        ("50,", "tal i procent"),
        (Decimal("NaN"), "tal i procent"),
        (Decimal("sNaN"), "tal i procent"),
        (Decimal("Infinity"), "tal i procent"),
        (float("nan"), "tal i procent"),
        (float("inf"), "tal i procent"),
        (True, "tal i procent"),
        (None, "tal i procent"),
    ],
)
def test_bad_extents_are_refused(value: object, words: str) -> None:
    with pytest.raises(ValidationError) as exc:
        parse_extent(value)
    assert exc.value.field == "extent"
    assert words in exc.value.message


def test_parse_date() -> None:
    assert parse_date("2024-02-29", "start_date") == D(2024, 2, 29)
    assert parse_date(D(2026, 1, 1), "start_date") == D(2026, 1, 1)
    for text in ("2026-02-29", "2026-13-01", "2026-04-31", "2026-00-10"):
        with pytest.raises(ValidationError, match="inget datum som finns") as exc:
            parse_date(text, "end_date")
        assert exc.value.field == "end_date"
    for text in ("", "igår", "20260301", "2026-3-1", "２０２６-03-01"):
        with pytest.raises(ValidationError):
            parse_date(text, "start_date")


# --- periods ------------------------------------------------------------------------------

CASE = (D(2026, 1, 1), D(2026, 12, 31))


def fields_of(exc: InvalidDraft) -> list[str | None]:
    return [v.field for v in exc.violations]


def test_a_good_period() -> None:
    period = check_period(D(2026, 3, 1), D(2026, 3, 31), *CASE, [])
    assert period == Period(D(2026, 3, 1), D(2026, 3, 31))
    assert period.days == 31


def test_end_before_start() -> None:
    with pytest.raises(RuleViolation) as exc:
        check_period(D(2026, 3, 10), D(2026, 3, 9), *CASE, [])
    assert exc.value.field == "end_date"
    assert "före startdatum" in exc.value.message
    with pytest.raises(RuleViolation) as exc2:
        compute_compensation(EMP, SCHOOL, 50, D(2026, 3, 10), D(2026, 3, 9))
    assert exc2.value.field == "end_date"


def test_one_day_is_a_period() -> None:
    assert check_period(D(2026, 3, 10), D(2026, 3, 10), *CASE).days == 1


def test_outside_the_case_dates() -> None:
    with pytest.raises(InvalidDraft) as exc:
        check_period(D(2025, 12, 31), D(2026, 1, 31), *CASE)
    assert fields_of(exc.value) == ["start_date"]
    assert "2026-01-01" in exc.value.message
    with pytest.raises(InvalidDraft) as exc:
        check_period(D(2026, 12, 1), D(2027, 1, 1), *CASE)
    assert fields_of(exc.value) == ["end_date"]
    assert "2026-12-31" in exc.value.message
    with pytest.raises(InvalidDraft) as exc:
        check_period(D(2027, 1, 1), D(2027, 1, 31), *CASE)
    assert fields_of(exc.value) == ["start_date", "end_date"]
    # The case's own first and last days are inside it; an open case has no end.
    check_period(D(2026, 1, 1), D(2026, 12, 31), *CASE)
    check_period(D(2030, 1, 1), D(2030, 1, 31), D(2026, 1, 1), None)


def test_touching_an_earlier_period_on_the_same_day_is_an_overlap() -> None:
    earlier = [(D(2026, 3, 1), D(2026, 3, 31))]
    with pytest.raises(InvalidDraft) as exc:
        check_period(D(2026, 3, 31), D(2026, 4, 30), *CASE, earlier)
    assert fields_of(exc.value) == ["period"]
    assert "2026-03-01 – 2026-03-31" in exc.value.message
    with pytest.raises(InvalidDraft):
        check_period(D(2026, 2, 1), D(2026, 3, 1), *CASE, earlier)
    with pytest.raises(InvalidDraft):  # inside
        check_period(D(2026, 3, 10), D(2026, 3, 12), *CASE, earlier)
    with pytest.raises(InvalidDraft):  # around
        check_period(D(2026, 2, 1), D(2026, 4, 30), *CASE, earlier)


def test_the_next_day_is_fine() -> None:
    earlier: list[Period | tuple[dt.date, dt.date]] = [
        Period(D(2026, 3, 1), D(2026, 3, 31)),
        (D(2026, 5, 1), D(2026, 5, 31)),
    ]
    check_period(D(2026, 4, 1), D(2026, 4, 30), *CASE, earlier)
    check_period(D(2026, 2, 1), D(2026, 2, 28), *CASE, earlier)


def test_at_most_a_year() -> None:
    check_period(D(2026, 1, 15), D(2027, 1, 14), D(2026, 1, 1), None)
    with pytest.raises(InvalidDraft) as exc:
        check_period(D(2026, 1, 15), D(2027, 1, 15), D(2026, 1, 1), None)
    assert fields_of(exc.value) == ["end_date"]
    assert "högst ett år" in exc.value.message
    assert "2027-01-14" in exc.value.message
    assert last_allowed_end(D(2024, 2, 29)) == D(2025, 2, 28)
    assert last_allowed_end(D(2026, 3, 1)) == D(2027, 2, 28)
    with pytest.raises(RuleViolation):
        compute_compensation(EMP, SCHOOL, 50, D(2026, 1, 1), D(2027, 1, 1))


def test_every_broken_rule_is_reported() -> None:
    with pytest.raises(InvalidDraft) as exc:
        check_period(D(2025, 12, 1), D(2027, 6, 1), *CASE, [(D(2026, 3, 1), D(2026, 3, 2))])
    assert fields_of(exc.value) == ["end_date", "start_date", "end_date", "period"]


# --- properties ---------------------------------------------------------------------------

dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
extents = st.decimals(min_value=1, max_value=100, places=2)
kinds = st.sampled_from(list(CompensationKind))
fields = st.sampled_from(list(FieldOfWork))


@st.composite
def periods(draw: st.DrawFn) -> tuple[dt.date, dt.date]:
    start = draw(dates)
    length = draw(st.integers(min_value=0, max_value=(last_allowed_end(start) - start).days))
    return start, start + dt.timedelta(days=length)


@given(kinds, fields, extents, periods())
def test_never_above_the_cap_of_the_months_touched(
    kind: CompensationKind, field: FieldOfWork, extent: Decimal, period: tuple[dt.date, dt.date]
) -> None:
    result = compute_compensation(kind, field, extent, *period)
    assert 1 <= len(result.months) <= 13
    assert result.total <= kind.monthly_cap * len(result.months)
    assert result.monthly_cap <= kind.monthly_cap
    for month in result.months:
        assert Decimal(0) < month.amount <= result.monthly_cap
        assert month.amount == month.amount.quantize(Decimal("0.01"))
    assert sum(m.days for m in result.months) == Period(*period).days
    assert result.total == sum(m.amount for m in result.months)


@given(kinds, extents, extents, periods())
def test_monotone_in_extent_up_to_50_and_constant_above(
    kind: CompensationKind, a: Decimal, b: Decimal, period: tuple[dt.date, dt.date]
) -> None:
    low, high = sorted((a, b))
    t_low, t_high = total(kind, low, *period), total(kind, high, *period)
    assert t_low <= t_high
    if low >= 50:
        assert t_low == t_high


@given(kinds, extents, periods(), st.data())
def test_splitting_a_period_changes_the_total_by_at_most_one_ore(
    kind: CompensationKind, extent: Decimal, period: tuple[dt.date, dt.date], data: st.DataObject
) -> None:
    start, end = period
    assume(end > start)
    cut = data.draw(st.integers(min_value=1, max_value=(end - start).days))
    first_end = start + dt.timedelta(days=cut - 1)
    second_start = first_end + dt.timedelta(days=1)
    whole = total(kind, extent, start, end)
    parts = total(kind, extent, start, first_end) + total(kind, extent, second_start, end)
    if second_start.day == 1:  # split at a month boundary: exactly the same
        assert parts == whole
    else:  # split inside a month: two roundings instead of one
        assert abs(parts - whole) <= Decimal("0.01")


@given(
    st.one_of(st.text(), st.integers(), st.decimals(), st.floats(), st.none(), st.booleans()),
    st.one_of(st.text(), st.sampled_from(["skola", "Sjukvård"])),
    st.one_of(st.text(), st.sampled_from(["praktik", "Anställning"])),
    st.dates(),
    st.dates(),
)
def test_no_input_crashes(
    extent: object, field: str, kind: str, start: dt.date, end: dt.date
) -> None:
    try:
        result = compute_compensation(kind, field, extent, start, end)  # type: ignore[arg-type]
    except (ValidationError, RuleViolation):
        return
    assert result.total >= 0


@given(st.dates(), st.dates(), st.dates(), st.one_of(st.none(), st.dates()), st.lists(periods()))
def test_check_period_never_crashes(
    start: dt.date,
    end: dt.date,
    case_start: dt.date,
    case_end: dt.date | None,
    existing: list[tuple[dt.date, dt.date]],
) -> None:
    refused: RuleViolation | None = None
    try:
        period = check_period(start, end, case_start, case_end, existing)
    except RuleViolation as exc:
        refused = exc
    if refused is not None:
        assert refused.message
        assert refused.field in ("start_date", "end_date", "period")
        return
    assert not any(period.overlaps(Period(*p)) for p in existing)
    assert case_start <= period.start <= period.end
    assert case_end is None or period.end <= case_end
