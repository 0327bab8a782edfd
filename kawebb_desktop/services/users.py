"""User administration (guide §4.3–4.5): changes become pending until signed.

Every method takes a :class:`Caller`, resolves it in the store to an active
Behörighetsadministratör of the organisation (rule 2), applies the rules, and either
changes nothing (raising a typed error) or commits one unit of work. Writes are
idempotent by their command's key; changes of stored objects check the version read.

A person's name is not one municipality's to change: it comes from BankID at login (or
from AF). Creating an authorization for a person already registered uses the registered
name, and what an admin types never renames anybody.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from kawebb_desktop.domain.changes import (
    ChangeAction,
    ChangeKind,
    PendingChange,
    UserDraft,
    draft_of,
)
from kawebb_desktop.domain.entities import Person, User
from kawebb_desktop.domain.errors import Conflict, NotFound, RuleViolation
from kawebb_desktop.domain.queries import Page, UserQuery
from kawebb_desktop.domain.roles import Access, Function, Role
from kawebb_desktop.domain.rules import check_admins_remain, check_period, validate_user_draft
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.services.api import (
    Caller,
    ChangeUser,
    CreateUser,
    DiscardPending,
    EditPending,
    PendingUserChange,
    RemoveUser,
    SetEndDate,
    UserRow,
)
from kawebb_desktop.services.common import Principal, ServiceBase, audit
from kawebb_desktop.store.base import UnitOfWork

USERS = Function.HANTERA_ANVANDARE

STALE_USER = (
    "Användaren har ändrats av någon annan sedan du läste den. Läs in listan igen och "
    "gör om ändringen."
)
STALE_CHANGE = (
    "Ändringen att signera har ändrats av någon annan sedan du läste den. Läs in listan "
    "igen och gör om ändringen."
)


class UserAdminService(ServiceBase):
    # ------------------------------------------------------------------ reading
    def list_users(self, caller: Caller, query: UserQuery) -> Page[UserRow]:
        with self._acting(caller, USERS, Access.READ) as (uow, me):
            page = uow.users.page(me.organisation_id, query)
            pending = {
                c.target_id: c.action
                for c in uow.pending.for_organisation(me.organisation_id, ChangeKind.USER)
                if c.target_id is not None
            }
        now, today = self._clock.now(), self._clock.today()
        rows = tuple(UserRow(u, u.status(now, today), pending.get(u.id)) for u in page.items)
        return Page(rows, page.total, page.offset, page.limit)

    def get_user(self, caller: Caller, user_id: int) -> User:
        with self._acting(caller, USERS, Access.READ) as (uow, me):
            return self._user_in_org(uow, me, user_id)

    def list_pending(self, caller: Caller) -> list[PendingUserChange]:
        with self._acting(caller, USERS, Access.READ) as (uow, me):
            return [
                self._typed(uow, c)
                for c in uow.pending.for_organisation(me.organisation_id, ChangeKind.USER)
            ]

    def registered_person(self, caller: Caller, personnummer: Personnummer) -> Person | None:
        with self._acting(caller, USERS, Access.WRITE) as (uow, _me):
            return uow.persons.by_personnummer(personnummer)

    def validate_draft(self, draft: UserDraft) -> UserDraft:
        """The checks that need no store (names, rules 3 and 4); the forms call this to
        validate as you type with exactly the service's rules."""
        return validate_user_draft(draft, self._clock.today())

    # ------------------------------------------------------------------ changing
    def create_user(self, caller: Caller, command: CreateUser) -> PendingUserChange:
        """Skapa: a pending *Ny* (rule 5)."""
        draft = self.validate_draft(command.draft)
        with self._acting(caller, USERS, Access.WRITE, write=True) as (uow, me):

            def run() -> PendingUserChange:
                named = _registered_name(uow, draft)
                self._check_person_free(uow, me, named, exclude_change=None)
                change = uow.pending.add(
                    PendingChange(
                        id=0,
                        organisation_id=me.organisation_id,
                        kind=ChangeKind.USER,
                        action=ChangeAction.NY,
                        target_id=None,
                        payload=named.to_payload(),
                        created_by_person_id=me.person_id,
                        created_at=self._clock.now(),
                    )
                )
                audit(
                    uow,
                    self._clock.now(),
                    "anvandare.ny",
                    f"Ny användare att signera: {named.describe()}",
                    actor=me,
                )
                return self._typed(uow, change)

            result = self._once(
                uow, me, command.key, "create_user", command, PendingUserChange, run
            )
            uow.commit()
            return result

    def change_user(self, caller: Caller, command: ChangeUser) -> PendingUserChange:
        """Ändra: a pending *Ändrad*; replaces an earlier unsigned change of the user."""
        draft = self.validate_draft(command.draft)
        with self._acting(caller, USERS, Access.WRITE, write=True) as (uow, me):

            def run() -> PendingUserChange:
                user = self._user_at(uow, me, command.user_id, command.version)
                named = self._check_changeable(user, draft)
                return self._put_change(uow, me, user, ChangeAction.ANDRAD, named)

            result = self._once(
                uow, me, command.key, "change_user", command, PendingUserChange, run
            )
            uow.commit()
            return result

    def remove_user(self, caller: Caller, command: RemoveUser) -> PendingUserChange:
        """Ta bort: a pending *Borttagen*; replaces an earlier unsigned change of the user."""
        with self._acting(caller, USERS, Access.WRITE, write=True) as (uow, me):

            def run() -> PendingUserChange:
                user = self._user_at(uow, me, command.user_id, command.version)
                return self._put_change(uow, me, user, ChangeAction.BORTTAGEN, draft_of(user))

            result = self._once(
                uow, me, command.key, "remove_user", command, PendingUserChange, run
            )
            uow.commit()
            return result

    def set_end_date(self, caller: Caller, command: SetEndDate) -> list[PendingUserChange]:
        """Ändra behörighetsperiod (rule 6): one new end date on several users, all or none."""
        versions = {v.id: v.version for v in command.users}
        ids = list(dict.fromkeys(v.id for v in command.users))
        if not ids:
            raise RuleViolation("Markera minst en användare som ska få det nya slutdatumet.")
        end_date = command.end_date
        today = self._clock.today()
        with self._acting(caller, USERS, Access.WRITE, write=True) as (uow, me):

            def run() -> list[PendingUserChange]:
                users = {u.id: u for u in uow.users.get_many(me.organisation_id, ids)}
                if any(i not in users for i in ids):
                    raise NotFound("En eller flera av de markerade användarna finns inte längre.")
                results = []
                for user_id in ids:
                    user = users[user_id]
                    if user.version != versions[user_id]:
                        raise Conflict(STALE_USER)
                    if user.role.is_admin:
                        raise RuleViolation(
                            f"{user.full_name} är behörighetsadministratör och kan inte få "
                            "något slutdatum. Avmarkera användaren.",
                            "end_date",
                        )
                    earlier = uow.pending.for_target(me.organisation_id, ChangeKind.USER, user.id)
                    if earlier is not None and earlier.action is ChangeAction.BORTTAGEN:
                        raise RuleViolation(
                            f"{user.full_name} ska tas bort (väntar på signering) och kan inte "
                            "få ett nytt slutdatum."
                        )
                    base = earlier.user_draft() if earlier is not None else draft_of(user)
                    if base.role.is_admin:
                        raise RuleViolation(
                            f"{user.full_name} blir behörighetsadministratör enligt en "
                            "osignerad ändring och kan inte få något slutdatum.",
                            "end_date",
                        )
                    draft = replace(base, end_date=end_date)
                    check_period(draft.role, draft.start_date, end_date, today, who=user.full_name)
                    results.append(self._put_change(uow, me, user, ChangeAction.ANDRAD, draft))
                return results

            result = self._once(
                uow, me, command.key, "set_end_date", command, list[PendingUserChange], run
            )
            uow.commit()
            return result

    def edit_pending(self, caller: Caller, command: EditPending) -> PendingUserChange:
        """The magnifier on a row of *Användare att signera*."""
        draft = self.validate_draft(command.draft)
        with self._acting(caller, USERS, Access.WRITE, write=True) as (uow, me):

            def run() -> PendingUserChange:
                change = self._pending_at(uow, me, command.change_id, command.version)
                if change.action is ChangeAction.BORTTAGEN:
                    raise RuleViolation(
                        "En borttagning kan inte ändras. Ångra den med det röda krysset och "
                        "ändra sedan användaren."
                    )
                if change.action is ChangeAction.NY:
                    named = _registered_name(uow, draft)
                    self._check_person_free(uow, me, named, exclude_change=change.id)
                    updated = uow.pending.update(replace(change, payload=named.to_payload()))
                    audit(
                        uow,
                        self._clock.now(),
                        "anvandare.ny.andrad",
                        f"Ny användare att signera ändrad: {named.describe()}",
                        actor=me,
                    )
                    return self._typed(uow, updated)
                assert change.target_id is not None
                user = self._user_in_org(uow, me, change.target_id)
                named = self._check_changeable(user, draft)
                return self._put_change(uow, me, user, ChangeAction.ANDRAD, named)

            result = self._once(
                uow, me, command.key, "edit_pending", command, PendingUserChange, run
            )
            uow.commit()
            return result

    def discard_pending(self, caller: Caller, command: DiscardPending) -> None:
        """The red cross: forget an unsigned change."""
        with self._acting(caller, USERS, Access.WRITE, write=True) as (uow, me):

            def run() -> None:
                change = self._pending_at(uow, me, command.change_id, command.version)
                uow.pending.remove(change.id)
                audit(
                    uow,
                    self._clock.now(),
                    "anvandare.forkastad",
                    f"Osignerad ändring förkastad: {change.describe()}",
                    actor=me,
                )

            self._once(uow, me, command.key, "discard_pending", command, type(None), run)
            uow.commit()

    # ------------------------------------------------------------------ helpers
    def _user_in_org(self, uow: UnitOfWork, actor: Principal, user_id: int) -> User:
        user = uow.users.get(user_id)
        if user is None or user.organisation_id != actor.organisation_id:
            raise NotFound("Användaren finns inte (den kan ha tagits bort).")
        return user

    def _user_at(self, uow: UnitOfWork, actor: Principal, user_id: int, version: int) -> User:
        """The user as stored, provided it is still at the ``version`` the caller read."""
        user = self._user_in_org(uow, actor, user_id)
        if user.version != version:
            raise Conflict(STALE_USER)
        return user

    def _pending_at(
        self, uow: UnitOfWork, actor: Principal, change_id: int, version: int
    ) -> PendingChange:
        change = uow.pending.get(change_id)
        if (
            change is None
            or change.organisation_id != actor.organisation_id
            or change.kind is not ChangeKind.USER
        ):
            raise NotFound("Ändringen finns inte längre (den kan redan vara signerad).")
        if change.version != version:
            raise Conflict(STALE_CHANGE)
        return change

    def _typed(self, uow: UnitOfWork, change: PendingChange) -> PendingUserChange:
        current = uow.users.get(change.target_id) if change.target_id is not None else None
        return PendingUserChange(change, change.user_draft(), current)

    def _check_person_free(
        self, uow: UnitOfWork, actor: Principal, draft: UserDraft, exclude_change: int | None
    ) -> None:
        """Rule 7: one person has at most one authorization per organisation."""
        person = uow.persons.by_personnummer(draft.personnummer)
        if person is not None and uow.users.find(actor.organisation_id, person.id) is not None:
            raise RuleViolation(
                "Personen har redan en behörighet i organisationen. Ändra den befintliga "
                "användaren i stället.",
                "personnummer",
            )
        for other in uow.pending.for_organisation(actor.organisation_id, ChangeKind.USER):
            if (
                other.id != exclude_change
                and other.action is ChangeAction.NY
                and other.user_draft().personnummer == draft.personnummer
            ):
                raise RuleViolation(
                    "Det finns redan en ny användare med det personnumret under Användare "
                    "att signera.",
                    "personnummer",
                )

    @staticmethod
    def _check_changeable(user: User, draft: UserDraft) -> UserDraft:
        """The draft with the person's registered name (an admin cannot rename anybody)."""
        if draft.personnummer != user.personnummer:
            raise RuleViolation(
                "Personnumret kan inte ändras. Ta bort användaren och skapa en ny.",
                "personnummer",
            )
        named = replace(draft, first_name=user.first_name, last_name=user.last_name)
        if named == draft_of(user):
            raise RuleViolation("Inget är ändrat.")
        return named

    def _put_change(
        self,
        uow: UnitOfWork,
        actor: Principal,
        user: User,
        action: ChangeAction,
        draft: UserDraft,
    ) -> PendingUserChange:
        """Record ``action`` on ``user``, replacing an earlier unsigned change of it, after
        checking that an active Behörighetsadministratör remains (rule 7)."""
        earlier = uow.pending.for_target(actor.organisation_id, ChangeKind.USER, user.id)
        after = None if action is ChangeAction.BORTTAGEN else draft
        self._check_admins_after(uow, actor.organisation_id, {user.id: after})
        now = self._clock.now()
        if earlier is None:
            change = uow.pending.add(
                PendingChange(
                    id=0,
                    organisation_id=actor.organisation_id,
                    kind=ChangeKind.USER,
                    action=action,
                    target_id=user.id,
                    payload=draft.to_payload(),
                    created_by_person_id=actor.person_id,
                    created_at=now,
                )
            )
        else:
            change = uow.pending.update(
                replace(
                    earlier,
                    action=action,
                    payload=draft.to_payload(),
                    created_by_person_id=actor.person_id,
                    created_at=now,
                )
            )
        verb = "borttagning" if action is ChangeAction.BORTTAGEN else "ändring"
        audit(
            uow,
            now,
            f"anvandare.{action.value}",
            f"Användare att signera ({verb}): {draft.describe()}",
            actor=actor,
        )
        return self._typed(uow, change)

    def _check_admins_after(
        self, uow: UnitOfWork, organisation_id: int, overrides: dict[int, UserDraft | None]
    ) -> None:
        check_admins_remain(
            active_admins_after_changes(
                uow, organisation_id, self._clock.now(), self._clock.today(), overrides
            )
        )


def active_admins_after_changes(
    uow: UnitOfWork,
    organisation_id: int,
    now: dt.datetime,
    today: dt.date,
    overrides: dict[int, UserDraft | None] | None = None,
) -> Iterable[int]:
    """Ids of the users that are active Behörighetsadministratörer once every pending
    change of the organisation (with ``overrides`` in place of the pending change of those
    user ids; ``None`` = removal) has been signed.

    New users never count: after signing they wait for AF's activation.
    """
    after: dict[int, UserDraft | None] = {}
    for change in uow.pending.for_organisation(organisation_id, ChangeKind.USER):
        if change.target_id is None:
            continue
        after[change.target_id] = (
            None if change.action is ChangeAction.BORTTAGEN else change.user_draft()
        )
    after.update(overrides or {})
    candidates = {
        u.id: u for u in uow.users.with_role(organisation_id, Role.BEHORIGHETSADMINISTRATOR)
    }
    for user_id, draft in after.items():
        if draft is not None and draft.role.is_admin and user_id not in candidates:
            user = uow.users.get(user_id)
            if user is not None:
                candidates[user_id] = user
    result = []
    for user_id, user in candidates.items():
        draft = after.get(user_id, draft_of(user))
        if draft is None or not draft.role.is_admin:
            continue
        changed = replace(
            user, role=draft.role, start_date=draft.start_date, end_date=draft.end_date
        )
        if changed.is_active(now, today):
            result.append(user_id)
    return result


def _registered_name(uow: UnitOfWork, draft: UserDraft) -> UserDraft:
    """``draft`` with the registered name of its person, if the person is known."""
    person = uow.persons.by_personnummer(draft.personnummer)
    if person is None:
        return draft
    return replace(draft, first_name=person.first_name, last_name=person.last_name)
