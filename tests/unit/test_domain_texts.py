"""Every label the domain gives the UI is marked for translation in ui/domain_texts.py, so a
new status, role or type cannot go untranslated (issue 12)."""

from __future__ import annotations

import pytest

from kawebb_desktop import demo
from kawebb_desktop.domain.changes import ChangeAction, ChangeKind
from kawebb_desktop.domain.compensation import CompensationKind, FieldOfWork
from kawebb_desktop.domain.documents import (
    CHANGE_CHOICES,
    DocumentStatus,
    DocumentType,
    document_fields,
)
from kawebb_desktop.domain.entities import (
    AccountUpdater,
    AuthorizationStatus,
    CaseKind,
    CaseStatus,
    ClaimStatus,
)
from kawebb_desktop.domain.queries import CaseSearchField
from kawebb_desktop.domain.roles import Function, Role
from kawebb_desktop.domain.values import AccountKind
from kawebb_desktop.services.af import ReviewStatus
from kawebb_desktop.services.offline_api import CONTINUE_OFFLINE, SIGNING_NEEDS_SERVER
from kawebb_desktop.ui import domain_texts

LABELS: dict[str, list[str]] = {
    "Role": [r.label for r in Role] + [r.short_label for r in Role],
    "Function": [f.label for f in Function],
    "AuthorizationStatus": [s.value for s in AuthorizationStatus],
    "CaseKind": [k.label for k in CaseKind],
    "CaseStatus": [s.value for s in CaseStatus],
    "case events": list(demo.EVENTS),
    "CaseSearchField": [f.label for f in CaseSearchField],
    "ClaimStatus": [s.value for s in ClaimStatus],
    "CompensationKind": [k.label for k in CompensationKind],
    "FieldOfWork": [f.label for f in FieldOfWork],
    "DocumentType": [t.label for t in DocumentType],
    "DocumentStatus": [s.label for s in DocumentStatus],
    "DocumentField": [f.label for t in DocumentType for f in document_fields(t)],
    "document choices": [c for t in DocumentType for f in document_fields(t) for c in f.choices]
    + list(CHANGE_CHOICES),
    "ChangeKind": [k.label for k in ChangeKind],
    "ChangeAction": [a.label for a in ChangeAction],
    "AccountKind": [k.label for k in AccountKind],
    "AccountUpdater": [u.value for u in AccountUpdater],
    "ReviewStatus": [s.value for s in ReviewStatus],
    "offline_api": [SIGNING_NEEDS_SERVER, CONTINUE_OFFLINE],
}


@pytest.mark.parametrize("table", sorted(LABELS))
def test_every_label_is_marked_for_translation(table: str) -> None:
    missing = [label for label in LABELS[table] if label not in domain_texts.ALL]
    assert not missing, f"{table}: add {missing} to kawebb_desktop/ui/domain_texts.py"


def test_the_lists_hold_only_labels_the_domain_has() -> None:
    known = {label for labels in LABELS.values() for label in labels}
    assert domain_texts.ALL - known == set()
