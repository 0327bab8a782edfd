"""User administration (guide §4.3–4.5): changes become pending until signed.

Every method takes a :class:`Caller`, resolves it in the store to an active
Behörighetsadministratör of the organisation (rule 2), applies the rules, and either
changes nothing (raising a typed error) or commits one unit of work. Writes are
idempotent by their command's key; changes of stored objects check the version read.

An unsigned change is never replaced silently. A user has at most one, and a command
changing the user names the one its form started from (id and version) or says there was
none: a stored change the command does not name — another admin's, or one made since the
form opened — is a ``Conflict`` naming who made it; a named one is edited. The record is
claimed for the unit of work first (``for_target(lock=True)``: on PostgreSQL two admins
take turns even while there is no row yet; on SQLite a writer holds the database).

A person's name is not one municipality's to change: it comes from BankID at login (or
from AF). Creating an authorization for a person already registered uses the registered
name, and what an admin types never renames anybody.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
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
from kawebb_desktop.domain.messages import msg
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
    VersionedId,
)
from kawebb_desktop.services.common import Principal, ServiceBase, audit
from kawebb_desktop.store.base import UnitOfWork

USERS = Function.HANTERA_ANVANDARE

STALE_USER = (
    "Användaren har ändrats av någon annan sedan du läste den. Läs in listan igen och "
    "gör om ändringen."
)
STALE_CHANGE = (
    "Ändringen att signera har ändrats av {who} sedan du läste den. Läs in listan igen och "
    "gör om ändringen."
)
ALREADY_PENDING = (
    "Användare att signera har redan en osignerad {what} av {name} (gjord av {who}). Läs in "
    "listan igen och utgå från den, så att ingen ändring går förlorad."
)
PENDING_CHANGED = (
    "Den osignerade ändringen av {name} har ändrats av {who} sedan du läste den. Läs in "
    "listan igen och gör om ändringen."
)
PENDING_GONE = (
    "Den osignerade ändringen av {name} som du utgick från finns inte längre (den kan ha "
    "signerats eller förkastats). Läs in listan igen och gör om ändringen."
)
SOME_PENDING_GONE = (
    "En osignerad ändring som du utgick från finns inte längre (den kan ha signerats eller "
    "förkastats). Läs in listan igen och gör om ändringen."
)
REMOVAL_NOT_EDITABLE = (
    "En borttagning kan inte ändras. Ångra den med det röda krysset och ändra sedan användaren."
)
NEW_USER_PENDING = (
    "Det finns redan en ny användare med det personnumret under Användare att signera."
)


class UserAdminService(ServiceBase):
    # ------------------------------------------------------------------ reading
    def list_users(self, caller: Caller, query: UserQuery) -> Page[UserRow]:
        with self._acting(caller, USERS, Access.READ) as (uow, me):
            page = uow.users.page(me.organisation_id, query)
            pending = {
                c.target_id: c
                for c in reversed(uow.pending.for_organisation(me.organisation_id, ChangeKind.USER))
                if c.target_id is not None
            }
        now, today = self._clock.now(), self._clock.today()
        rows = []
        for user in page.items:
            change = pending.get(user.id)
            action = change.action if change is not None else None
            rows.append(UserRow(user, user.status(now, today), action, change))
        return Page(tuple(rows), page.total, page.offset, page.limit)

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
                new = PendingChange(
                    id=0,
                    organisation_id=me.organisation_id,
                    kind=ChangeKind.USER,
                    action=ChangeAction.NY,
                    target_id=None,
                    payload=named.to_payload(),
                    created_by_person_id=me.person_id,
                    created_at=self._clock.now(),
                )
                change = self._person_stays_free(uow, me, named, None, lambda: uow.pending.add(new))
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
        """Ändra: a pending *Ändrad*, or the named unsigned change of the user edited."""
        draft = self.validate_draft(command.draft)
        with self._acting(caller, USERS, Access.WRITE, write=True) as (uow, me):

            def run() -> PendingUserChange:
                user, earlier = self._claim(uow, me, command.user_id, command.version)
                self._check_named(uow, me, user, earlier, command.pending)
                if earlier is not None and earlier.action is ChangeAction.BORTTAGEN:
                    raise RuleViolation(REMOVAL_NOT_EDITABLE)
                named = self._check_changeable(user, draft)
                return self._put_change(uow, me, user, ChangeAction.ANDRAD, named, earlier)

            result = self._once(
                uow, me, command.key, "change_user", command, PendingUserChange, run
            )
            uow.commit()
            return result

    def remove_user(self, caller: Caller, command: RemoveUser) -> PendingUserChange:
        """Ta bort: a pending *Borttagen*, in place of the named unsigned change if any."""
        with self._acting(caller, USERS, Access.WRITE, write=True) as (uow, me):

            def run() -> PendingUserChange:
                user, earlier = self._claim(uow, me, command.user_id, command.version)
                self._check_named(uow, me, user, earlier, command.pending)
                if earlier is not None and earlier.action is ChangeAction.BORTTAGEN:
                    raise RuleViolation(
                        msg(
                            (
                                "{full_name} ska redan tas bort. Borttagningen väntar på signering "
                                "under Användare "
                                "att signera."
                            ),
                            full_name=user.full_name,
                        )
                    )
                return self._put_change(
                    uow, me, user, ChangeAction.BORTTAGEN, draft_of(user), earlier
                )

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
        named = {v.id: v for v in command.pending}
        with self._acting(caller, USERS, Access.WRITE, write=True) as (uow, me):

            def run() -> list[PendingUserChange]:
                # Claimed in id order: two admins' overlapping choices never deadlock.
                pending = {
                    user_id: uow.pending.for_target(
                        me.organisation_id, ChangeKind.USER, user_id, lock=True
                    )
                    for user_id in sorted(ids)
                }
                users = {u.id: u for u in uow.users.get_many(me.organisation_id, ids)}
                if any(i not in users for i in ids):
                    raise NotFound("En eller flera av de markerade användarna finns inte längre.")
                stored = {c.id for c in pending.values() if c is not None}
                if any(change_id not in stored for change_id in named):
                    raise Conflict(SOME_PENDING_GONE)
                results = []
                for user_id in ids:
                    user = users[user_id]
                    if user.version != versions[user_id]:
                        raise Conflict(STALE_USER)
                    earlier = pending[user_id]
                    based_on = named.get(earlier.id) if earlier is not None else None
                    self._check_named(uow, me, user, earlier, based_on)
                    if user.role.is_admin:
                        raise RuleViolation(
                            msg(
                                (
                                    "{full_name} är behörighetsadministratör och kan inte få något "
                                    "slutdatum. Avmarkera "
                                    "användaren."
                                ),
                                full_name=user.full_name,
                            ),
                            "end_date",
                        )
                    if earlier is not None and earlier.action is ChangeAction.BORTTAGEN:
                        raise RuleViolation(
                            msg(
                                "{full_name} ska tas bort (väntar på signering) och kan inte få "
                                "ett nytt slutdatum.",
                                full_name=user.full_name,
                            )
                        )
                    base = earlier.user_draft() if earlier is not None else draft_of(user)
                    if base.role.is_admin:
                        raise RuleViolation(
                            msg(
                                (
                                    "{full_name} blir behörighetsadministratör enligt en osignerad "
                                    "ändring och kan inte "
                                    "få något slutdatum."
                                ),
                                full_name=user.full_name,
                            ),
                            "end_date",
                        )
                    draft = replace(base, end_date=end_date)
                    check_period(draft.role, draft.start_date, end_date, today, who=user.full_name)
                    results.append(
                        self._put_change(uow, me, user, ChangeAction.ANDRAD, draft, earlier)
                    )
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
                    raise RuleViolation(REMOVAL_NOT_EDITABLE)
                if change.action is ChangeAction.NY:
                    named = _registered_name(uow, draft)
                    self._check_person_free(uow, me, named, exclude_change=change.id)
                    edited = replace(
                        change, payload=named.to_payload(), created_by_person_id=me.person_id
                    )
                    updated = self._person_stays_free(
                        uow, me, named, change.id, lambda: uow.pending.update(edited)
                    )
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
                return self._put_change(uow, me, user, ChangeAction.ANDRAD, named, change)

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

    def _claim(
        self, uow: UnitOfWork, actor: Principal, user_id: int, version: int
    ) -> tuple[User, PendingChange | None]:
        """The user, still at ``version``, and its unsigned change (if any), the user's
        place in the list claimed for this unit of work *before* either is read, so that
        what they say holds until it ends."""
        earlier = uow.pending.for_target(actor.organisation_id, ChangeKind.USER, user_id, lock=True)
        return self._user_at(uow, actor, user_id, version), earlier

    def _check_named(
        self,
        uow: UnitOfWork,
        actor: Principal,
        user: User,
        stored: PendingChange | None,
        named: VersionedId | None,
    ) -> None:
        """The command was based on the user's stored unsigned change (or on none)."""
        if stored is None:
            if named is not None:
                raise Conflict(msg(PENDING_GONE, name=user.full_name))
            return
        who = who_made(uow, actor, stored)
        if named is None or named.id != stored.id:
            what = msg("borttagning") if stored.action is ChangeAction.BORTTAGEN else msg("ändring")
            raise Conflict(msg(ALREADY_PENDING, what=what, name=user.full_name, who=who))
        if named.version != stored.version:
            raise Conflict(msg(PENDING_CHANGED, name=user.full_name, who=who))

    def _pending_at(
        self, uow: UnitOfWork, actor: Principal, change_id: int, version: int
    ) -> PendingChange:
        # Locked: a signing that is applying it is waited for, so that its end (the
        # change gone) is what the admin hears, not a rule the apply made true meanwhile.
        change = uow.pending.get(change_id, lock=True)
        if (
            change is None
            or change.organisation_id != actor.organisation_id
            or change.kind is not ChangeKind.USER
        ):
            raise NotFound("Ändringen finns inte längre (den kan redan vara signerad).")
        if change.version != version:
            raise Conflict(msg(STALE_CHANGE, who=who_made(uow, actor, change)))
        return change

    def _typed(self, uow: UnitOfWork, change: PendingChange) -> PendingUserChange:
        current = uow.users.get(change.target_id) if change.target_id is not None else None
        return PendingUserChange(change, change.user_draft(), current, made_by(uow, change))

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
        if (
            uow.pending.new_user_for(
                actor.organisation_id, draft.personnummer, other_than=exclude_change
            )
            is not None
        ):
            raise RuleViolation(NEW_USER_PENDING, "personnummer")

    def _person_stays_free(
        self,
        uow: UnitOfWork,
        actor: Principal,
        draft: UserDraft,
        exclude_change: int | None,
        write: Callable[[], PendingChange],
    ) -> PendingChange:
        """``write`` a pending *Ny*. Should another admin's *Ny* for the same person have
        been committed since :meth:`_check_person_free` looked (PostgreSQL: the unique
        constraint refuses the second), the refusal is the rule's, not the database's."""
        try:
            return write()
        except Conflict:
            self._check_person_free(uow, actor, draft, exclude_change)
            raise

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
        earlier: PendingChange | None,
    ) -> PendingUserChange:
        """Record ``action`` on ``user`` — in place of ``earlier``, the user's unsigned
        change the command named (checked) — after checking that an active
        Behörighetsadministratör remains (rule 7)."""
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


def made_by(uow: UnitOfWork, change: PendingChange) -> str:
    """The name of who made (or last edited) ``change``, from the store."""
    person = uow.persons.get(change.created_by_person_id)
    return person.full_name if person is not None else ""


def who_made(uow: UnitOfWork, actor: Principal, change: PendingChange) -> str:
    """Who made (or last edited) ``change``, named from the store."""
    if change.created_by_person_id == actor.person_id:
        return msg("dig")
    person = uow.persons.get(change.created_by_person_id)
    return person.full_name if person is not None else msg("en annan administratör")


def _registered_name(uow: UnitOfWork, draft: UserDraft) -> UserDraft:
    """``draft`` with the registered name of its person, if the person is known."""
    person = uow.persons.by_personnummer(draft.personnummer)
    if person is None:
        return draft
    return replace(draft, first_name=person.first_name, last_name=person.last_name)
