"""*Ej synkad* (issue 11): which rows of a list come from a change the server has not
confirmed yet. The main window hands the offline backend's set of ``(kind, id)`` to the
views after each sync; a model holding :class:`UnsyncedMarks` then says "Ej synkad" in
the row (its text and tooltip), and in local mode the set stays empty.
"""

from __future__ import annotations

from kawebb_desktop.ui.i18n import QT_TR_NOOP, tr

#: Marked for translation: shown with tr().
UNSYNCED = QT_TR_NOOP("Ej synkad")
UNSYNCED_TIP = QT_TR_NOOP(
    "Ej synkad: ändringen finns bara på den här datorn och har inte nått servern än."
)


class UnsyncedMarks:
    """The ids of one kind that are unsynced, for one model."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.ids: frozenset[int] = frozenset()

    def update(self, unsynced: frozenset[tuple[str, int]]) -> bool:
        """Take the new set; whether this kind's ids changed."""
        ids = frozenset(i for k, i in unsynced if k == self.kind)
        changed = ids != self.ids
        self.ids = ids
        return changed

    def marked(self, entity_id: int) -> bool:
        return entity_id in self.ids

    def text(self, entity_id: int, text: str) -> str:
        """``text`` with the mark when ``entity_id`` is unsynced ("Ny · Ej synkad")."""
        return f"{text} · {tr(UNSYNCED)}" if entity_id in self.ids else text


__all__ = ["UNSYNCED", "UNSYNCED_TIP", "UnsyncedMarks"]
