"""User administration (guide §4.3–4.5): changes become pending until signed.

Every method takes the signed-in :class:`Actor`, re-checks in the store that the actor
is an active Behörighetsadministratör of the organisation (rule 2), applies the rules,
and either changes nothing (raising a typed error) or commits one unit of work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.changes import ChangeAction, ChangeKind, PendingChange, UserDraft
from kawebb_desktop.domain.clock import Clock
from kawebb_desktop.domain.entities import AuthorizationStatus, User
from kawebb_desktop.domain.errors import NotFound, RuleViolation
from kawebb_desktop.domain.queries import Page, UserQuery
from kawebb_desktop.domain.roles import Access, Function, Role
from kawebb_desktop.domain.rules import check_admins_remain, check_name, check_period
from kawebb_desktop.services.common import audit, authorize
from kawebb_desktop.store.base import Store, UnitOfWork

USERS = Function.HANTERA_ANVANDARE


@dataclass(frozen=True, slots=True)
class UserRow:
    """A line of *Sökresultat*: the user, where the authorization stands today, and
    whether an unsigned change waits for it."""

    user: User
    status: AuthorizationStatus
    pending: ChangeAction | None


@dataclass(frozen=True, slots=True)
class PendingUserChange:
    """A line of *Användare att signera*."""

    change: PendingChange
    draft: UserDraft
    #: The stored user the change concerns (``None`` for Ny).
    current: User | None

    @property
    def id(self) -> int:
        return self.change.id

    @property
    def action(self) -> ChangeAction:
        return self.change.action


def draft_of(user: User) -> UserDraft:
    return UserDraft(
        first_name=user.first_name,
        last_name=user.last_name,
        personnummer=user.personnummer,
        email=user.email,
        role=user.role,
        start_date=user.start_date,
        end_date=user.end_date,
    )


class UserAdminService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    # ------------------------------------------------------------------ reading
    def list_users(self, actor: Actor, query: UserQuery) -> Page[UserRow]:
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, USERS, Access.READ)
            page = uow.users.page(actor.organisation_id, query)
            pending = {
                c.target_id: c.action
                for c in uow.pending.for_organisation(actor.organisation_id, ChangeKind.USER)
                if c.target_id is not None
            }
        now, today = self._clock.now(), self._clock.today()
        rows = tuple(UserRow(u, u.status(now, today), pending.get(u.id)) for u in page.items)
        return Page(rows, page.total, page.offset, page.limit)

    def get_user(self, actor: Actor, user_id: int) -> User:
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, USERS, Access.READ)
            return self._user_in_org(uow, actor, user_id)

    def list_pending(self, actor: Actor) -> list[PendingUserChange]:
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, USERS, Access.READ)
            return [
                self._typed(uow, c)
                for c in uow.pending.for_organisation(actor.organisation_id, ChangeKind.USER)
            ]

    def validate_draft(self, draft: UserDraft) -> UserDraft:
        """The checks that need no store (names, rules 3 and 4); the forms call this to
        validate as you type with exactly the service's rules."""
        first = check_name(draft.first_name, "first_name", "förnamn")
        last = check_name(draft.last_name, "last_name", "efternamn")
        check_period(draft.role, draft.start_date, draft.end_date, self._clock.today())
        return replace(draft, first_name=first, last_name=last)

    # ------------------------------------------------------------------ changing
    def create_user(self, actor: Actor, draft: UserDraft) -> PendingUserChange:
        """Skapa: a pending *Ny* (rule 5)."""
        draft = self.validate_draft(draft)
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, USERS, Access.WRITE)
            self._check_person_free(uow, actor, draft, exclude_change=None)
            change = uow.pending.add(
                PendingChange(
                    id=0,
                    organisation_id=actor.organisation_id,
                    kind=ChangeKind.USER,
                    action=ChangeAction.NY,
                    target_id=None,
                    payload=draft.to_payload(),
                    created_by_person_id=actor.person_id,
                    created_at=self._clock.now(),
                )
            )
            audit(
                uow,
                self._clock.now(),
                "anvandare.ny",
                f"Ny användare att signera: {draft.describe()}",
                actor=actor,
            )
            result = self._typed(uow, change)
            uow.commit()
            return result

    def change_user(self, actor: Actor, user_id: int, draft: UserDraft) -> PendingUserChange:
        """Ändra: a pending *Ändrad*; replaces an earlier unsigned change of the user."""
        draft = self.validate_draft(draft)
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, USERS, Access.WRITE)
            user = self._user_in_org(uow, actor, user_id)
            self._check_changeable(user, draft)
            result = self._put_change(uow, actor, user, ChangeAction.ANDRAD, draft)
            uow.commit()
            return result

    def remove_user(self, actor: Actor, user_id: int) -> PendingUserChange:
        """Ta bort: a pending *Borttagen*; replaces an earlier unsigned change of the user."""
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, USERS, Access.WRITE)
            user = self._user_in_org(uow, actor, user_id)
            result = self._put_change(uow, actor, user, ChangeAction.BORTTAGEN, draft_of(user))
            uow.commit()
            return result

    def set_end_date(
        self, actor: Actor, user_ids: Sequence[int], end_date: dt.date
    ) -> list[PendingUserChange]:
        """Ändra behörighetsperiod (rule 6): one new end date on several users, all or none."""
        ids = list(dict.fromkeys(user_ids))
        if not ids:
            raise RuleViolation("Markera minst en användare som ska få det nya slutdatumet.")
        today = self._clock.today()
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, USERS, Access.WRITE)
            users = {u.id: u for u in uow.users.get_many(actor.organisation_id, ids)}
            missing = [i for i in ids if i not in users]
            if missing:
                raise NotFound("En eller flera av de markerade användarna finns inte längre.")
            results = []
            for user_id in ids:
                user = users[user_id]
                if user.role.is_admin:
                    raise RuleViolation(
                        f"{user.full_name} är behörighetsadministratör och kan inte få något "
                        "slutdatum. Avmarkera användaren.",
                        "end_date",
                    )
                earlier = uow.pending.for_target(actor.organisation_id, ChangeKind.USER, user.id)
                if earlier is not None and earlier.action is ChangeAction.BORTTAGEN:
                    raise RuleViolation(
                        f"{user.full_name} ska tas bort (väntar på signering) och kan inte "
                        "få ett nytt slutdatum."
                    )
                base = earlier.user_draft() if earlier is not None else draft_of(user)
                if base.role.is_admin:
                    raise RuleViolation(
                        f"{user.full_name} blir behörighetsadministratör enligt en osignerad "
                        "ändring och kan inte få något slutdatum.",
                        "end_date",
                    )
                draft = replace(base, end_date=end_date)
                check_period(draft.role, draft.start_date, end_date, today, who=user.full_name)
                results.append(self._put_change(uow, actor, user, ChangeAction.ANDRAD, draft))
            uow.commit()
            return results

    def edit_pending(self, actor: Actor, change_id: int, draft: UserDraft) -> PendingUserChange:
        """The magnifier on a row of *Användare att signera*."""
        draft = self.validate_draft(draft)
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, USERS, Access.WRITE)
            change = self._pending_in_org(uow, actor, change_id)
            if change.action is ChangeAction.BORTTAGEN:
                raise RuleViolation(
                    "En borttagning kan inte ändras. Ångra den med det röda krysset och "
                    "ändra sedan användaren."
                )
            if change.action is ChangeAction.NY:
                self._check_person_free(uow, actor, draft, exclude_change=change.id)
                updated = uow.pending.update(replace(change, payload=draft.to_payload()))
                audit(
                    uow,
                    self._clock.now(),
                    "anvandare.ny.andrad",
                    f"Ny användare att signera ändrad: {draft.describe()}",
                    actor=actor,
                )
                result = self._typed(uow, updated)
            else:
                assert change.target_id is not None
                user = self._user_in_org(uow, actor, change.target_id)
                self._check_changeable(user, draft)
                result = self._put_change(uow, actor, user, ChangeAction.ANDRAD, draft)
            uow.commit()
            return result

    def discard_pending(self, actor: Actor, change_id: int) -> None:
        """The red cross: forget an unsigned change."""
        with self._store.unit_of_work() as uow:
            authorize(uow, self._clock, actor, USERS, Access.WRITE)
            change = self._pending_in_org(uow, actor, change_id)
            uow.pending.remove(change.id)
            audit(
                uow,
                self._clock.now(),
                "anvandare.forkastad",
                f"Osignerad ändring förkastad: {change.describe()}",
                actor=actor,
            )
            uow.commit()

    # ------------------------------------------------------------------ helpers
    def _user_in_org(self, uow: UnitOfWork, actor: Actor, user_id: int) -> User:
        user = uow.users.get(user_id)
        if user is None or user.organisation_id != actor.organisation_id:
            raise NotFound("Användaren finns inte (den kan ha tagits bort).")
        return user

    def _pending_in_org(self, uow: UnitOfWork, actor: Actor, change_id: int) -> PendingChange:
        change = uow.pending.get(change_id)
        if (
            change is None
            or change.organisation_id != actor.organisation_id
            or change.kind is not ChangeKind.USER
        ):
            raise NotFound("Ändringen finns inte längre (den kan redan vara signerad).")
        return change

    def _typed(self, uow: UnitOfWork, change: PendingChange) -> PendingUserChange:
        current = uow.users.get(change.target_id) if change.target_id is not None else None
        return PendingUserChange(change, change.user_draft(), current)

    def _check_person_free(
        self, uow: UnitOfWork, actor: Actor, draft: UserDraft, exclude_change: int | None
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
    def _check_changeable(user: User, draft: UserDraft) -> None:
        if draft.personnummer != user.personnummer:
            raise RuleViolation(
                "Personnumret kan inte ändras. Ta bort användaren och skapa en ny.",
                "personnummer",
            )
        if draft == draft_of(user):
            raise RuleViolation("Inget är ändrat.")

    def _put_change(
        self,
        uow: UnitOfWork,
        actor: Actor,
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
