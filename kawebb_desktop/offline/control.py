"""The offline backend as :class:`~kawebb_desktop.services.offline_api.OfflineApi`: the
status bar's and the CLI's view of the sync, the *Ej synkad* rows, and the refused
commands with the two versions of a conflict.

*Ej synkad* is what the replica's journal says: a row a command changed here keeps its
before-image in the journal until the server's version of it has come back with a pull
(the write checkpoint), so the journal's rows are exactly the unconfirmed ones.

*Använd mina igen* makes the refused command again with the versions the replica holds
now (the server's, after the pull) and a new idempotency key, and writes it like any
write; only when that is accepted (or waits) is the refused one dropped, so what the user
typed is never lost on the way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import secrets
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kawebb_desktop.domain.actor import Actor
from kawebb_desktop.domain.errors import NotAuthenticated, NotFound, RuleViolation
from kawebb_desktop.offline.backend import OfflineBackend, Workspace
from kawebb_desktop.offline.outbox import TARGETS, OutboxEntry, Status
from kawebb_desktop.offline.replica import RECORDING_SEQ, journal, replica_path
from kawebb_desktop.remote import reachable
from kawebb_desktop.remote.errors import ServerUnavailable
from kawebb_desktop.services import codec
from kawebb_desktop.services.api import AuthApi, Caller, Me, Services, VersionedId, new_key
from kawebb_desktop.services.offline_api import (
    FieldValue,
    OfflineLogin,
    RefusedCommand,
    SyncState,
)

NO_REPLICA = "Den här sessionen har ingen lokal kopia."
NO_OFFLINE_START = (
    "Det går inte att fortsätta offline: logga in med BankID när servern kan nås igen."
)
SERVER_UNREACHABLE = "Servern kan inte nås."
DEFAULT_WINDOW_HOURS = 12.0
GONE = "Ändringen finns inte längre bland de osynkade ändringarna."

#: What each write does, for the list of refused commands.
TITLES = {
    "users.create_user": "Ny användare",
    "users.change_user": "Ändra användare",
    "users.remove_user": "Ta bort användare",
    "users.set_end_date": "Ändra slutdatum",
    "users.edit_pending": "Ändra osignerad ändring",
    "users.discard_pending": "Ta bort osignerad ändring",
    "organisations.create_contact": "Ny kontaktperson",
    "organisations.change_contact": "Ändra kontaktperson",
    "organisations.remove_contact": "Ta bort kontaktperson",
    "organisations.edit_pending_contact": "Ändra osignerad kontaktperson",
    "organisations.create_account": "Nytt konto",
    "organisations.change_account": "Ändra konto",
    "organisations.remove_account": "Ta bort konto",
    "organisations.edit_pending_account": "Ändra osignerat konto",
    "organisations.discard_pending": "Ta bort osignerad ändring",
    "claims.create_claim": "Begär ersättning",
    "documents.save_draft": "Spara utkast",
    "documents.discard_draft": "Ta bort utkast",
    "documents.send_document": "Skicka dokument",
}

#: Field names of drafts and entities in Swedish (others are shown as they are).
LABELS = {
    "first_name": "Förnamn",
    "last_name": "Efternamn",
    "personnummer": "Personnummer",
    "email": "E-post",
    "role": "Roll",
    "start_date": "Startdatum",
    "end_date": "Slutdatum",
    "phone": "Telefon",
    "unit_ids": "Enheter",
    "addresses": "Adresser",
    "administrative": "Administrativ kontaktperson",
    "kind": "Typ",
    "number": "Nummer",
    "is_default": "Standardkonto",
    "field_of_work": "Verksamhetsområde",
    "extent": "Omfattning (%)",
    "status": "Status",
    "type": "Dokumenttyp",
}

#: Not shown side by side: identities, versions and bookkeeping.
HIDDEN = {
    "id",
    "key",
    "version",
    "organisation_id",
    "person_id",
    "pending",
    "take_over",
    "activates_at",
    "created_at",
    "updated_at",
    "updated_by",
    "updated_on",
    "review_status",
    "case_number",
    "waiting_change_id",
}


def _flatten(value: Any, into: dict[str, Any]) -> dict[str, Any]:
    """The leaves of a JSON object, nested objects (a draft, a person, values) merged in."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in HIDDEN:
                continue
            if isinstance(item, dict) and key in ("draft", "person", "values", "payload"):
                _flatten(item, into)
            else:
                into[key] = item
    return into


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(_text(v) for v in value.values() if v not in (None, ""))
    return str(value)


def fields_of(value: Any) -> tuple[FieldValue, ...]:
    """``value`` (JSON) as labelled fields, in its own order."""
    flat = _flatten(value, {})
    return tuple(
        FieldValue(LABELS.get(k, k.replace("_", " ").capitalize()), _text(v))
        for k, v in flat.items()
    )


class OfflineControl:
    """:class:`OfflineApi` over an :class:`OfflineBackend`."""

    def __init__(self, backend: OfflineBackend) -> None:
        self._b = backend

    def _workspace(self, caller: Caller) -> Workspace:
        workspace = self._b.workspace(caller)
        if workspace is None:
            raise NotFound(NO_REPLICA)
        return workspace

    # ------------------------------------------------------------------ state
    def online(self, caller: Caller) -> bool:
        workspace = self._b.workspace(caller)
        return workspace is not None and workspace.engine.online

    def state(self, caller: Caller) -> SyncState:
        workspace = self._b.workspace(caller)
        if workspace is None:
            return SyncState(False, 0, (), None, NO_REPLICA, "", frozenset())
        status = workspace.engine.status()
        if status.last_sync is not None:  # kept for `kawebb sync status`
            stamp = status.last_sync.isoformat()
            if workspace.replica.meta(META_LAST_SYNC) != stamp:
                workspace.replica.set_meta(META_LAST_SYNC, stamp)
        return SyncState(
            online=status.online,
            waiting=status.queued,
            refused=tuple(self._refused(caller, workspace, e) for e in status.refused),
            last_sync=status.last_sync,
            problem=status.problem,
            replica_path=str(workspace.replica.path),
            unsynced=self._unsynced(workspace),
        )

    def sync_now(self, caller: Caller) -> SyncState:
        self._b.sync_now(caller)
        return self.state(caller)

    @staticmethod
    def _unsynced(workspace: Workspace) -> frozenset[tuple[str, int]]:
        with workspace.replica.reading() as connection:
            rows = connection.execute(
                select(journal.c.tbl, journal.c.pk).where(journal.c.seq != RECORDING_SEQ)
            ).all()
        found: set[tuple[str, int]] = set()
        for table, pk in rows:
            key = json.loads(pk)
            if len(key) == 1 and isinstance(key[0], int):
                found.add((table, key[0]))
        return frozenset(found)

    # ------------------------------------------------------------------ refused
    def _refused(self, caller: Caller, workspace: Workspace, entry: OutboxEntry) -> RefusedCommand:
        command_json = codec.to_json(entry.command)
        target = self._theirs(caller, workspace, entry.command)
        return RefusedCommand(
            seq=entry.seq,
            title=self._title(entry),
            made_at=entry.created_at,
            reason=entry.refusal_message or "",
            conflict=entry.refusal_code == "conflict",
            mine=fields_of(command_json),
            theirs=fields_of(codec.to_json(target)) if target is not None else (),
        )

    @staticmethod
    def _title(entry: OutboxEntry) -> str:
        title = TITLES.get(entry.operation.name, entry.operation.name)
        draft = getattr(entry.command, "draft", None)
        name = " ".join(
            part
            for part in (getattr(draft, "first_name", ""), getattr(draft, "last_name", ""))
            if part
        )
        return f"{title}: {name}" if name else title

    def _theirs(self, caller: Caller, workspace: Workspace, command: Any) -> Any:
        """What the user's command now meets: the unsigned change waiting for its record
        (somebody else's, made meanwhile), else the record itself."""
        target_id = _target_id(command)
        if hasattr(command, "pending") and target_id is not None:
            waiting = self._pending_of(caller, workspace, target_id)
            if waiting is not None:
                return self._pending(caller, workspace, waiting.id)
        return self._current(caller, workspace, command)

    def _current(self, caller: Caller, workspace: Workspace, command: Any) -> Any:
        """The replica's present version of what ``command`` changes (``None``: none)."""
        local = workspace.local
        try:
            if hasattr(command, "user_id"):
                return local.users.get_user(caller, command.user_id)
            if hasattr(command, "contact_id"):
                return _by_id(local.organisations.contacts(caller), command.contact_id)
            if hasattr(command, "account_id"):
                return _by_id(local.organisations.accounts(caller), command.account_id)
            if hasattr(command, "change_id"):
                return self._pending(caller, workspace, command.change_id)
            if getattr(command, "document_id", None) is not None:
                return local.documents.get_document(caller, command.document_id)
        except NotFound:
            return None
        return None

    @staticmethod
    def _pending(caller: Caller, workspace: Workspace, change_id: int) -> Any:
        local = workspace.local
        for rows in (
            local.users.list_pending(caller),
            local.organisations.pending_contacts(caller),
            local.organisations.pending_accounts(caller),
        ):
            for row in rows:
                if row.change.id == change_id:
                    return row
        return None

    def _pending_of(
        self, caller: Caller, workspace: Workspace, target_id: int
    ) -> VersionedId | None:
        """The unsigned change waiting for the record ``target_id``, as the replica has it."""
        local = workspace.local
        for rows in (
            local.users.list_pending(caller),
            local.organisations.pending_contacts(caller),
            local.organisations.pending_accounts(caller),
        ):
            for row in rows:
                if row.change.target_id == target_id:
                    return VersionedId(row.change.id, row.change.version)
        return None

    # ------------------------------------------------------------------ starting offline
    def _reachable(self) -> bool:
        return reachable(self._b.remote, HEALTH_TIMEOUT_S)

    def offline_logins(self) -> tuple[OfflineLogin, ...]:
        if self._reachable():
            return ()
        found: list[OfflineLogin] = []
        now = self._b.clock.now()
        for path in sorted((self._b.data_dir / "replicas").glob("*.sqlite")):
            login = self._offline_login(path, now)
            if login is not None:
                found.append(login)
        return tuple(found)

    def _offline_login(self, path: Path, now: dt.datetime) -> OfflineLogin | None:
        meta = read_meta(path)
        if meta.get(META_SERVER) != self._b.server_url or not meta.get(META_ENTERED):
            return None
        if not meta.get(META_ORGANISATION) or not meta.get(META_NAME):
            return None
        entered = dt.datetime.fromisoformat(meta[META_ENTERED])
        window = dt.timedelta(hours=float(meta.get(META_WINDOW) or DEFAULT_WINDOW_HOURS))
        if not entered <= now <= entered + window:
            return None
        return OfflineLogin(path.stem, meta[META_NAME], entered)

    def start_offline(self, key: str) -> Actor:
        login = next((x for x in self.offline_logins() if x.key == key), None)
        if login is None:
            raise NotAuthenticated(NO_OFFLINE_START)
        path = self._b.data_dir / "replicas" / f"{key}.sqlite"
        meta = read_meta(path)
        personnummer = meta.get(META_PERSONNUMMER, "")
        organisation_id = int(meta.get(META_ORGANISATION) or 0)
        if replica_path(self._b.data_dir, self._b.server_url, personnummer) != path:
            raise NotAuthenticated(NO_OFFLINE_START)
        workspace = self._b._open(personnummer)
        token = OFFLINE_TOKEN + secrets.token_urlsafe(24)
        if not workspace.replica.ensure_session(token, personnummer, self._b.clock.now()):
            raise NotAuthenticated(NO_OFFLINE_START)
        with self._b._lock:
            self._b._by_token[token] = workspace
        workspace.engine.note_offline(ServerUnavailable(SERVER_UNREACHABLE))
        return workspace.local.auth.enter(token, organisation_id)

    # ------------------------------------------------------------------ logging out
    def remove_replica(self, caller: Caller, *, keep: bool) -> bool:
        workspace = self._b.workspace(caller)
        if workspace is None:
            return False
        left = workspace.outbox.count(Status.QUEUED, Status.REFUSED)
        if keep and left:
            self._drop(workspace)
            return False
        self._drop(workspace)
        path = workspace.replica.path
        for suffix in ("", "-wal", "-shm", "-journal"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        return True

    def _drop(self, workspace: Workspace) -> None:
        """The backend forgets the workspace (its sessions too) and its replica closes.
        (The backend's tables are private to the offline package, which this is.)"""
        backend = self._b
        with backend._lock:
            backend._by_person.pop(workspace.personnummer, None)
            for token, found in list(backend._by_token.items()):
                if found is workspace:
                    del backend._by_token[token]
        with workspace.engine._lock:
            workspace.replica.close()

    # ------------------------------------------------------------------ acting
    def discard(self, caller: Caller, seq: int) -> None:
        self._workspace(caller).outbox.discard(seq)

    def apply_again(self, caller: Caller, seq: int) -> None:
        workspace = self._workspace(caller)
        entry = workspace.outbox.entry(seq)
        if entry is None or entry.status is not Status.REFUSED:
            raise RuleViolation(GONE)
        command = entry.command
        current = self._current(caller, workspace, command)
        changes: dict[str, Any] = {"key": new_key()}
        if current is not None and hasattr(command, "version"):
            version = getattr(current, "version", None)
            if version is None and hasattr(current, "change"):
                version = current.change.version
            if version is not None:
                changes["version"] = version
        target_id = _target_id(command)
        if hasattr(command, "pending") and target_id is not None:
            changes["pending"] = self._pending_of(caller, workspace, target_id)
        again = dataclasses.replace(command, **changes)
        # Written like any write: refused again, it raises and the refused one stays.
        self._b.write(caller, entry.operation.name, again)
        workspace.outbox.discard(seq)


def read_meta(path: Path) -> dict[str, str]:
    """A replica's facts, read-only (a file being removed at *Logga ut* is never made
    again by looking at it); empty when it cannot be read."""
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=1.0)
    except sqlite3.Error:
        return {}
    try:
        return {
            str(k): str(v) for k, v in connection.execute("SELECT key, value FROM replica_meta")
        }
    except sqlite3.Error:
        return {}
    finally:
        connection.close()


def _target_id(command: Any) -> int | None:
    found = next((getattr(command, t) for t in TARGETS if hasattr(command, t)), None)
    return found if isinstance(found, int) else None


def _by_id(rows: list[Any], wanted: int) -> Any:
    return next((r for r in rows if r.id == wanted), None)


#: What the replica remembers of its person and server (``kawebb sync status``).
META_SERVER = "server_url"
META_PERSONNUMMER = "personnummer"
META_NAME = "name"
META_ENTERED = "entered_at"
META_LAST_SYNC = "last_sync"
META_ORGANISATION = "organisation_id"
#: The server's window for starting offline, in hours (delivered with Me).
META_WINDOW = "offline_start_max_hours"
#: Tokens of sessions opened offline (never sent anywhere as a login).
OFFLINE_TOKEN = "offline-"
HEALTH_TIMEOUT_S = 3.0


class RememberingAuth:
    """The offline backend's auth, which also writes into the replica who entered it,
    from which server and when (its person's name for the CLI and the login page)."""

    def __init__(self, auth: AuthApi, backend: OfflineBackend) -> None:
        self._auth = auth
        self._b = backend

    def __getattr__(self, name: str) -> Any:
        return getattr(self._auth, name)

    def _remember(self, actor: Actor) -> Actor:
        workspace = self._b.workspace(Caller(actor.token, actor.organisation_id))
        if workspace is not None:
            replica = workspace.replica
            replica.set_meta(META_SERVER, self._b.server_url)
            replica.set_meta(META_PERSONNUMMER, actor.personnummer.value)
            replica.set_meta(META_NAME, actor.name)
            replica.set_meta(META_ENTERED, self._b.clock.now().isoformat())
            replica.set_meta(META_ORGANISATION, str(actor.organisation_id))
        return actor

    def enter(self, token: str, organisation_id: int) -> Actor:
        return self._remember(self._auth.enter(token, organisation_id))

    def me(self, token: str) -> Me:
        me = self._auth.me(token)
        workspace = self._b._by_token.get(token)
        if workspace is not None:
            workspace.replica.set_meta(META_WINDOW, str(me.offline_start_max_hours))
        return me

    def resume(self, login_token: str, token: str, organisation_id: int) -> Actor:
        return self._remember(self._auth.resume(login_token, token, organisation_id))


def offline_services(backend: OfflineBackend) -> Services:
    """The services the UI is given: the backend's, with the sync's controls and an
    auth that remembers who entered the replica."""
    return dataclasses.replace(
        backend.services,
        auth=RememberingAuth(backend.services.auth, backend),
        offline=OfflineControl(backend),
    )


def offline_control(backend: OfflineBackend) -> OfflineControl:
    return OfflineControl(backend)


__all__ = [
    "LABELS",
    "META_LAST_SYNC",
    "META_NAME",
    "META_PERSONNUMMER",
    "META_SERVER",
    "TITLES",
    "OfflineControl",
    "RememberingAuth",
    "fields_of",
    "offline_control",
    "offline_services",
]
