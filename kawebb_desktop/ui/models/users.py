"""Columns of *Sökresultat* (users) and the model of *Användare att signera*."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QObject, Qt

from kawebb_desktop.domain.changes import ChangeAction
from kawebb_desktop.domain.queries import Page, UserSort
from kawebb_desktop.services.api import PendingUserChange, UserRow, VersionedId
from kawebb_desktop.services.offline_api import KIND_PENDING
from kawebb_desktop.ui.application import icon
from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr
from kawebb_desktop.ui.models.columns import AnyIndex, Column
from kawebb_desktop.ui.models.lists import ListTableModel
from kawebb_desktop.ui.models.paged import PagedTableModel
from kawebb_desktop.ui.models.unsynced import UNSYNCED_TIP, UnsyncedMarks


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


def _status(row: UserRow) -> str:
    if row.pending is not None:
        return tr("{status} – {action}, väntar på signering").format(
            status=tr(row.status.value), action=tr(row.pending.label).lower()
        )
    return tr(row.status.value)


USER_COLUMNS: list[Column[UserRow]] = [
    Column(QT_TR_NOOP("Förnamn"), lambda r: r.user.first_name, UserSort.FIRST_NAME),
    Column(QT_TR_NOOP("Efternamn"), lambda r: r.user.last_name, UserSort.LAST_NAME),
    Column(
        QT_TR_NOOP("Födelsedatum"),
        lambda r: r.user.personnummer.birth_date_text,
        UserSort.BIRTH_DATE,
    ),
    Column(QT_TR_NOOP("E-post"), lambda r: r.user.email.value, UserSort.EMAIL),
    Column(
        QT_TR_NOOP("Roll"),
        lambda r: tr(r.user.role.short_label),
        UserSort.ROLE,
        sort_value=lambda r: r.user.role.rank,
    ),
    Column(QT_TR_NOOP("Startdatum"), lambda r: _date(r.user.start_date), UserSort.START_DATE),
    Column(QT_TR_NOOP("Slutdatum"), lambda r: _date(r.user.end_date), UserSort.END_DATE),
    Column(QT_TR_NOOP("Status"), _status),
]


class UserTableModel(PagedTableModel[UserRow]):
    def __init__(self, parent: QObject | None = None, page_size: int = 10) -> None:
        super().__init__(USER_COLUMNS, page_size=page_size, sort=UserSort.LAST_NAME, parent=parent)

    def user_id(self, row: int) -> int:
        return self.object_at(row).user.id


class CheckableUserModel(UserTableModel):
    """The list of *Ändra behörighetsperiod*: a checkbox per user; admins can't be
    checked (rule 6). Checked ids survive paging and sorting."""

    def __init__(self, parent: QObject | None = None, page_size: int = 10) -> None:
        super().__init__(parent, page_size)
        self.checked: set[int] = set()
        #: The version each user was read at (every page shown, and the preselected),
        #: which a change of the checked users must carry.
        self.versions: dict[int, int] = {}
        #: The unsigned change each user had when read (id and version), which the
        #: change names: the new end date goes into it (never silently over it).
        self.pending: dict[int, VersionedId | None] = {}

    def remember(self, rows: Iterable[UserRow]) -> None:
        """Note the version and the unsigned change of each of ``rows`` as read."""
        for row in rows:
            change = row.pending_change
            self.versions[row.user.id] = row.user.version
            self.pending[row.user.id] = (
                None if change is None else VersionedId(change.id, change.version)
            )

    def _set_page(self, page: Page[UserRow] | None) -> None:
        if page is not None:
            self.remember(page.items)
        super()._set_page(page)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if not index.isValid():
            return flags
        if self.object_at(index.row()).user.role.is_admin:
            return Qt.ItemFlag.ItemIsSelectable  # shown greyed out: not choosable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            row = self.object_at(index.row())
            if row.user.role.is_admin:
                return Qt.CheckState.Unchecked.value
            checked = row.user.id in self.checked
            return (Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked).value
        if (
            index.isValid()
            and role == Qt.ItemDataRole.ToolTipRole
            and self.object_at(index.row()).user.role.is_admin
        ):
            return tr("En behörighetsadministratör kan inte få något slutdatum.")
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        row = self.object_at(index.row())
        if row.user.role.is_admin:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        if state == Qt.CheckState.Checked.value:
            self.checked.add(row.user.id)
        else:
            self.checked.discard(row.user.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


def _is_removal(change: PendingUserChange) -> bool:
    return change.action is ChangeAction.BORTTAGEN


PENDING_COLUMNS: list[Column[PendingUserChange]] = [
    Column(QT_TR_NOOP("Förnamn"), lambda c: c.draft.first_name),
    Column(QT_TR_NOOP("Efternamn"), lambda c: c.draft.last_name),
    Column(QT_TR_NOOP("Födelsedatum"), lambda c: c.draft.personnummer.birth_date_text),
    Column(QT_TR_NOOP("E-post"), lambda c: c.draft.email.value),
    Column(QT_TR_NOOP("Roll"), lambda c: tr(c.draft.role.short_label)),
    Column(QT_TR_NOOP("Åtgärd"), lambda c: tr(c.action.label)),
    # The guide's magnifier (edit) and red cross (discard), drawn as icons.
    Column("", lambda c: "" if _is_removal(c) else tr("Ändra")),
    Column("", lambda _c: tr("Förkasta ändringen")),
]
ACTION_COLUMN = 5
EDIT_COLUMN = 6
DISCARD_COLUMN = 7


class PendingModel(ListTableModel[PendingUserChange]):
    """*Användare att signera*: few rows, loaded whole."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(PENDING_COLUMNS, parent)
        self._edit_icon = icon("magnifier")
        self._discard_icon = icon("cross")
        self.unsynced = UnsyncedMarks(KIND_PENDING)

    def set_unsynced(self, unsynced: frozenset[tuple[str, int]]) -> None:
        if self.unsynced.update(unsynced) and self._rows:
            last = self.index(len(self._rows) - 1, len(self._columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rows(self) -> list[PendingUserChange]:
        return list(self._rows)

    def change_at(self, row: int) -> PendingUserChange:
        return self._rows[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            index.isValid()
            and index.column() == ACTION_COLUMN
            and self.unsynced.marked(self._rows[index.row()].id)
        ):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.unsynced.text(self._rows[index.row()].id, super().data(index, role))
            if role == Qt.ItemDataRole.ToolTipRole:
                return tr(UNSYNCED_TIP)
        if index.isValid() and index.column() in (EDIT_COLUMN, DISCARD_COLUMN):
            change = self._rows[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return ""
            if role == Qt.ItemDataRole.DecorationRole:
                if index.column() == DISCARD_COLUMN:
                    return self._discard_icon
                return None if _is_removal(change) else self._edit_icon
        return super().data(index, role)
