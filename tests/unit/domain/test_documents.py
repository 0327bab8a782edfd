"""Case documents (issue 9): the types of each case kind, who writes which, the fields of
each form and their checks; any input gives normalised values or a RuleViolation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kawebb_desktop.domain.changes import ChangeAction, ChangeKind, PendingChange, document_payload
from kawebb_desktop.domain.documents import (
    DocumentStatus,
    DocumentType,
    check_case_open,
    check_type_of_case,
    document_fields,
    document_types,
    function_of,
    validate_document,
)
from kawebb_desktop.domain.entities import Case, CaseKind, CaseStatus
from kawebb_desktop.domain.errors import InvalidDraft, RuleViolation
from kawebb_desktop.domain.roles import Access, Role, allows
from kawebb_desktop.domain.values import Personnummer

D = dt.date
GP = DocumentType.GEMENSAM_PLANERING
PR = DocumentType.PERIODISK_RAPPORT
FR = DocumentType.FORANDRINGSRAPPORT
IR = DocumentType.INFORMATIV_RAPPORT
SR = DocumentType.SLUTREDOVISNING


CASE_END = D(2026, 12, 31)


def case(status: CaseStatus = CaseStatus.PLANERING, end: dt.date | None = CASE_END) -> Case:
    return Case(
        id=1,
        organisation_id=1,
        unit_id=1,
        case_number=4711,
        first_name="Anna",
        last_name="Öberg",
        personnummer=Personnummer("198001011231"),
        status=status,
        start_date=D(2026, 1, 1),
        end_date=end,
        last_event="Påbörjad",
        last_event_on=D(2026, 1, 1),
    )


GOOD_GP = {
    "period_from": "2026-02-01",
    "period_to": "2026-06-30",
    "extent": "37,50 %",
    "hours_per_week": "15",
    "study_plan": "Svenska\r\noch matematik",
    "goals": "Undersköterska",
}


def test_types_by_case_kind() -> None:
    assert document_types(CaseKind.HUVUDARENDE) == (GP, PR, FR, IR, SR)
    assert document_types(CaseKind.ERSATTNINGSARENDE) == (GP, PR, IR)
    assert [t.label for t in DocumentType] == [
        "Gemensam planering",
        "Periodisk rapport",
        "Förändringsrapport",
        "Informativ rapport",
        "Slutredovisning",
    ]
    with pytest.raises(RuleViolation, match="ersättningsärende och har ingen slutredovisning"):
        check_type_of_case(SR, CaseKind.ERSATTNINGSARENDE, 12)


def test_who_writes_which_document() -> None:
    def writes(role: Role) -> set[DocumentType]:
        return {t for t in DocumentType if allows(role, function_of(t), Access.WRITE)}

    assert writes(Role.LARARE) == {PR}
    assert writes(Role.LASARE) == set()
    assert writes(Role.REGISTRERARE) == set(DocumentType)
    assert writes(Role.BEHORIGHETSADMINISTRATOR) == set(DocumentType)


def test_statuses_and_editability() -> None:
    assert [s.label for s in DocumentStatus] == [
        "Utkast",
        "Inskickad",
        "Godkänd",
        "Returnerad för komplettering",
    ]
    assert {s for s in DocumentStatus if s.is_editable} == {
        DocumentStatus.UTKAST,
        DocumentStatus.RETURNERAD,
    }
    assert DocumentStatus.parse("Godkänd") is DocumentStatus.GODKAND


def test_a_good_plan_is_normalised() -> None:
    values = validate_document(GP, {**GOOD_GP, "unknown": "x"}, case())
    assert values == {
        "period_from": "2026-02-01",
        "period_to": "2026-06-30",
        "extent": "37.5",
        "hours_per_week": "15",
        "study_plan": "Svenska\noch matematik",
        "goals": "Undersköterska",
    }


def test_choice_by_any_case_and_optional_comment() -> None:
    fr = validate_document(
        FR, {"change_date": "2026-03-01", "change": "avbrott", "reason": "Flytt"}, case()
    )
    assert fr["change"] == "Avbrott"
    pr = validate_document(
        PR,
        {
            "period_from": "2026-03-01",
            "period_to": "2026-03-31",
            "attended_hours": "120,5",
            "absent_hours": "0",
        },
        case(),
    )
    assert pr["comment"] == "" and pr["attended_hours"] == "120.5"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"period_from": ""}, "period_from", "Ange period från"),
        ({"period_from": "2026-02-30"}, "period_from", "inget datum som finns"),
        ({"period_from": "2025-12-31"}, "period_from", "utanför ärendets datum"),
        ({"period_to": "2027-01-01"}, "period_to", "utanför ärendets datum"),
        ({"period_to": "2026-01-15"}, "period_to", "före Period från"),
        ({"extent": "101"}, "extent", "mellan 0 och 100"),
        ({"extent": "-5"}, "extent", "negativ"),
        ({"extent": "mycket"}, "extent", "ange ett tal"),
        ({"hours_per_week": "169"}, "hours_per_week", "högst 168"),
        ({"goals": "x" * 4001}, "goals", "högst 4000 tecken"),
        ({"goals": "a\x00b"}, "goals", "otillåtna tecken"),
        ({"goals": "a\ud800b"}, "goals", "otillåtna tecken"),
    ],
)
def test_bad_plan_values_are_refused_at_their_field(
    change: dict[str, str], field: str, message: str
) -> None:
    with pytest.raises(RuleViolation, match=message) as refused:
        validate_document(GP, {**GOOD_GP, **change}, case())
    assert refused.value.field == field


def test_a_draft_may_leave_any_field_empty() -> None:
    values = validate_document(
        GP, {"period_from": "2026-02-01", "extent": "", "goals": "  "}, case(), complete=False
    )
    assert values == {
        "period_from": "2026-02-01",
        "period_to": "",
        "extent": "",
        "hours_per_week": "",
        "study_plan": "",
        "goals": "",
    }
    assert validate_document(IR, {}, case(), complete=False) == {"subject": "", "text": ""}
    with pytest.raises(RuleViolation, match="Ange period till") as refused:
        validate_document(GP, values, case())
    assert refused.value.field == "period_to"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"period_from": "2026-02-30"}, "period_from", "inget datum som finns"),
        ({"period_from": "2025-12-31"}, "period_from", "utanför ärendets datum"),
        ({"period_to": "2026-01-15"}, "period_to", "före Period från"),
        ({"extent": "101"}, "extent", "mellan 0 och 100"),
        ({"hours_per_week": "tre"}, "hours_per_week", "ange ett tal"),
        ({"goals": "x" * 4001}, "goals", "högst 4000 tecken"),
        ({"goals": "a\x07b"}, "goals", "otillåtna tecken"),
        ({"study_plan": 1.5}, "study_plan", "ogiltigt värde"),
    ],
)
def test_a_draft_refuses_what_it_fills_wrongly(
    change: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(RuleViolation, match=message) as refused:
        validate_document(GP, {"period_from": "2026-02-01", **change}, case(), complete=False)
    assert refused.value.field == field


def test_a_draft_checks_the_period_order_only_with_both_dates() -> None:
    alone = validate_document(GP, {"period_to": "2026-01-15"}, case(), complete=False)
    assert alone["period_to"] == "2026-01-15" and alone["period_from"] == ""
    with pytest.raises(RuleViolation, match="högst 744"):
        validate_document(PR, {"attended_hours": "745"}, case(), complete=False)
    with pytest.raises(RuleViolation, match="välj en av"):
        validate_document(FR, {"change": "Kanske"}, case(), complete=False)


def test_hours_per_period_and_bad_choice() -> None:
    with pytest.raises(RuleViolation, match="högst 744") as refused:
        validate_document(
            PR,
            {
                "period_from": "2026-03-01",
                "period_to": "2026-03-31",
                "attended_hours": "745",
                "absent_hours": "0",
            },
            case(),
        )
    assert refused.value.field == "attended_hours"
    with pytest.raises(RuleViolation, match="välj en av Avbrott") as bad:
        validate_document(FR, {"change_date": "2026-03-01", "change": "X", "reason": "Y"}, case())
    assert bad.value.field == "change"


def test_several_violations_are_all_reported() -> None:
    with pytest.raises(InvalidDraft) as refused:
        validate_document(IR, {"subject": "", "text": ""}, case())
    assert {v.field for v in refused.value.violations} == {"subject", "text"}


def test_a_closed_case_takes_no_document() -> None:
    check_case_open(case())
    with pytest.raises(RuleViolation, match="avslutat"):
        check_case_open(case(CaseStatus.AVSLUTAD))


def test_open_ended_case_takes_any_later_date() -> None:
    values = validate_document(
        SR, {"end_date": "2030-05-05", "result": "Klar", "next_step": "Arbete"}, case(end=None)
    )
    assert values["end_date"] == "2030-05-05"


def test_send_change_describes_the_document() -> None:
    values = validate_document(GP, GOOD_GP, case())
    payload = document_payload(7, 3, GP, 1, 4711, values)
    change = PendingChange(
        id=1,
        organisation_id=1,
        kind=ChangeKind.DOCUMENT,
        action=ChangeAction.NY,
        target_id=7,
        payload=payload,
        created_by_person_id=1,
        created_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )
    assert change.document_id == 7
    assert change.describe() == (
        "Skicka handling: Gemensam planering i ärende 4711, period 2026-02-01 – 2026-06-30"
    )
    assert ChangeKind.DOCUMENT.label == "Skicka handling"
    other = document_payload(7, 3, GP, 1, 4711, {**values, "goals": "Annat"})
    assert other["values_digest"] != payload["values_digest"]


_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["2026-03-01", "2026-02-30", "37,5", "-1", "1e5", "Avbrott", "0"]),
    st.integers(),
    st.none(),
    st.booleans(),
    st.floats(),
    st.lists(st.integers(), max_size=2),
)


@given(
    kind=st.sampled_from(list(DocumentType)),
    values=st.dictionaries(
        st.one_of(
            st.sampled_from([f.name for t in DocumentType for f in document_fields(t)]),
            st.text(max_size=5),
        ),
        _values,
        max_size=8,
    ),
)
def test_any_input_gives_values_or_a_rule_violation(
    kind: DocumentType, values: dict[str, object]
) -> None:
    try:
        out = validate_document(kind, values, case())
    except RuleViolation as refused:
        refusal = refused
        assert refusal.message
        assert refusal.field
    else:
        assert set(out) == {f.name for f in document_fields(kind)}
        assert all(isinstance(v, str) for v in out.values())
        assert validate_document(kind, out, case()) == out


@given(
    kind=st.sampled_from(list(DocumentType)),
    values=st.dictionaries(
        st.sampled_from([f.name for t in DocumentType for f in document_fields(t)]),
        _values,
        max_size=6,
    ),
)
def test_a_draft_check_is_the_full_check_without_its_demand_for_every_field(
    kind: DocumentType, values: dict[str, object]
) -> None:
    try:
        draft: dict[str, str] | None = validate_document(kind, values, case(), complete=False)
    except RuleViolation as refused:
        refusal = refused
        assert refusal.message and refusal.field
        draft = None
    try:
        full: dict[str, str] | None = validate_document(kind, values, case())
    except RuleViolation:
        full = None
    if full is not None:
        assert draft == full
    if draft is None:
        assert full is None
    else:
        assert set(draft) == {f.name for f in document_fields(kind)}
        assert validate_document(kind, draft, case(), complete=False) == draft
