"""Pending changes ("att signera") and the canonical form that BankID signs.

A change does not take effect when it is made (rule 5): it waits as a
:class:`PendingChange` until the organisation's change set is signed. The store keeps
a change's data as a JSON payload so that later kinds (contacts, accounts, documents,
claims) fit the same table; typed drafts such as :class:`UserDraft` convert to and from it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kawebb_desktop.domain.entities import User
from kawebb_desktop.domain.roles import Role
from kawebb_desktop.domain.values import EmailAddress, Personnummer

JsonValue = str | int | bool | None


class ChangeKind(StrEnum):
    USER = "anvandare"


class ChangeAction(StrEnum):
    NY = "ny"
    ANDRAD = "andrad"
    BORTTAGEN = "borttagen"

    @property
    def label(self) -> str:
        return {"ny": "Ny", "andrad": "Ändrad", "borttagen": "Borttagen"}[self.value]


@dataclass(frozen=True, slots=True)
class UserDraft:
    """What a Skapa/Ändra användare form holds, already validated value by value."""

    first_name: str
    last_name: str
    personnummer: Personnummer
    email: EmailAddress
    role: Role
    start_date: dt.date
    end_date: dt.date | None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def to_payload(self) -> dict[str, JsonValue]:
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "personnummer": self.personnummer.value,
            "email": self.email.value,
            "role": self.role.value,
            "start_date": self.start_date.isoformat(),
            "end_date": self.end_date.isoformat() if self.end_date else None,
        }

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> UserDraft:
        end = payload.get("end_date")
        return cls(
            first_name=str(payload["first_name"]),
            last_name=str(payload["last_name"]),
            personnummer=Personnummer(str(payload["personnummer"])),
            email=EmailAddress(str(payload["email"])),
            role=Role(str(payload["role"])),
            start_date=dt.date.fromisoformat(str(payload["start_date"])),
            end_date=dt.date.fromisoformat(str(end)) if end else None,
        )

    def describe(self) -> str:
        """One line for BankID's userVisibleData and for receipts."""
        period = (
            f"{self.start_date.isoformat()} – {self.end_date.isoformat() if self.end_date else ''}"
        )
        return (
            f"{self.full_name} ({self.personnummer.birth_date_text}), {self.role.label}, "
            f"{self.email.value}, {period.rstrip()}"
        )


def draft_of(user: User) -> UserDraft:
    """What a form shows, and a change starts from, for a stored user."""
    return UserDraft(
        first_name=user.first_name,
        last_name=user.last_name,
        personnummer=user.personnummer,
        email=user.email,
        role=user.role,
        start_date=user.start_date,
        end_date=user.end_date,
    )


@dataclass(frozen=True, slots=True)
class PendingChange:
    """One unsigned change of an organisation's data."""

    id: int
    organisation_id: int
    kind: ChangeKind
    action: ChangeAction
    #: The id of the changed record; ``None`` for ``NY``.
    target_id: int | None
    payload: Mapping[str, JsonValue]
    created_by_person_id: int
    created_at: dt.datetime
    #: Bumped by every stored update; an update must carry the version it read.
    version: int = 1

    def user_draft(self) -> UserDraft:
        return UserDraft.from_payload(self.payload)

    def describe(self) -> str:
        if self.kind is ChangeKind.USER:
            return f"{self.action.label}: {self.user_draft().describe()}"
        return f"{self.action.label}: {self.kind.value} {self.target_id}"  # pragma: no cover


def change_set_document(
    organisation_id: int, org_number: str, changes: Iterable[PendingChange]
) -> dict[str, Any]:
    """The signed content of a change set: every change, in id order, as plain data."""
    return {
        "organisation": {"id": organisation_id, "org_number": org_number},
        "changes": [
            {
                "id": c.id,
                "kind": c.kind.value,
                "action": c.action.value,
                "target_id": c.target_id,
                "payload": dict(c.payload),
            }
            for c in sorted(changes, key=lambda c: c.id)
        ],
    }


def canonical_json(document: Mapping[str, Any]) -> str:
    """Sorted keys, no whitespace, UTF-8 kept: the same data always gives the same text."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: BankID shows at most 40 000 characters; we stay well below and say how many more.
MAX_VISIBLE_LINES = 40


def visible_summary(organisation_name: str, changes: Sequence[PendingChange]) -> str:
    """The text shown in the BankID app when signing (userVisibleData)."""
    ordered = sorted(changes, key=lambda c: c.id)
    lines = [f"Jag signerar följande ändringar av behörigheter för {organisation_name}:"]
    lines += [f"• {c.describe()}" for c in ordered[:MAX_VISIBLE_LINES]]
    if len(ordered) > MAX_VISIBLE_LINES:
        lines.append(f"… och {len(ordered) - MAX_VISIBLE_LINES} ändringar till.")
    return "\n".join(lines)
