"""The five roles and the permission matrix, as data.

Services call :func:`require`; the UI asks :func:`allows` of the same table to hide or
disable what a role may not use, so the two can never disagree.

The matrix for Behörighetsadministratör and Tjänsteadministratör is the guide's (bild 11).
The rights of Registrerare, Lärare and Läsare are inferred (DOMAIN.md §2): Registrerare
registers and edits documents but neither requests compensation nor manages organisation
data; Lärare reads cases and registers periodic (monthly) reports; Läsare only reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum, IntEnum, StrEnum
from types import MappingProxyType

from kawebb_desktop.domain.errors import PermissionDenied, ValidationError
from kawebb_desktop.domain.messages import msg, term


class Role(StrEnum):
    """A behörighetsroll. The value is the stable code stored and sent over the wire."""

    BEHORIGHETSADMINISTRATOR = "behorighetsadministrator"
    TJANSTEADMINISTRATOR = "tjansteadministrator"
    REGISTRERARE = "registrerare"
    LARARE = "larare"
    LASARE = "lasare"

    @property
    def label(self) -> str:
        """The full Swedish name, as in forms."""
        return _ROLE_LABELS[self][0]

    @property
    def short_label(self) -> str:
        """The name as the guide's lists show it (``Behörighetsadmin.``)."""
        return _ROLE_LABELS[self][1]

    @property
    def rank(self) -> int:
        """Position in the natural order (highest role first), used for sorting."""
        return list(Role).index(self)

    @property
    def is_admin(self) -> bool:
        return self is Role.BEHORIGHETSADMINISTRATOR

    @classmethod
    def parse(cls, text: str) -> Role:
        """Accept the code, the label or the short label, in any case."""
        key = text.strip().casefold()
        for role in cls:
            if key in (role.value, role.label.casefold(), role.short_label.casefold()):
                return role
        raise ValidationError(
            msg(
                "Okänd roll: ”{text}”. Välj en av {choices}.",
                text=text.strip(),
                choices=", ".join(r.label for r in cls),
            ),
            "role",
        )


_ROLE_LABELS: Mapping[Role, tuple[str, str]] = MappingProxyType(
    {
        Role.BEHORIGHETSADMINISTRATOR: ("Behörighetsadministratör", "Behörighetsadmin."),
        Role.TJANSTEADMINISTRATOR: ("Tjänsteadministratör", "Tjänsteadministratör"),
        Role.REGISTRERARE: ("Registrerare", "Registrerare"),
        Role.LARARE: ("Lärare", "Lärare"),
        Role.LASARE: ("Läsare", "Läsare"),
    }
)


class Function(Enum):
    """A row of the permission matrix: ``(code, Swedish name as in the guide)``."""

    HANTERA_ANVANDARE = ("hantera_anvandare", "Hantera användare")
    KONTAKTPERSON = ("kontaktperson", "Kontaktperson")
    KONTOINFORMATION = ("kontoinformation", "Kontoinformation")
    UTFORANDE_VERKSAMHET = ("utforande_verksamhet", "Utförande verksamhet")
    HANTERA_HANDLINGAR = ("hantera_handlingar", "Hantera handlingar")
    AVVIKELSERAPPORT = ("avvikelserapport", "Avvikelserapport")
    GEMENSAM_PLANERING = ("gemensam_planering", "Skapa gemensam planering")
    MANADSRAPPORT = ("manadsrapport", "Hantera månadsrapport")
    BEGARA_ERSATTNING = ("begara_ersattning", "Begära ersättning")
    UPPFOLJNING_ERSATTNINGAR = ("uppfoljning_ersattningar", "Uppföljning begärda ersättningar")

    @property
    def code(self) -> str:
        return self.value[0]

    @property
    def label(self) -> str:
        return self.value[1]


class Access(IntEnum):
    """What a role may do with a function: nothing, read (○) or update (●)."""

    NONE = 0
    READ = 1
    WRITE = 2

    @property
    def symbol(self) -> str:
        return {0: "–", 1: "○", 2: "●"}[int(self)]


def _row(*cells: str) -> dict[Role, Access]:
    codes = {"●": Access.WRITE, "○": Access.READ, "–": Access.NONE}
    return dict(zip(Role, (codes[c] for c in cells), strict=True))


F = Function
#: Rows: functions; columns in Role order: Behörighetsadm., Tjänsteadm., Registrerare,
#: Lärare, Läsare.
MATRIX: Mapping[Function, Mapping[Role, Access]] = MappingProxyType(
    {
        F.HANTERA_ANVANDARE: _row("●", "–", "–", "–", "–"),
        F.KONTAKTPERSON: _row("●", "●", "○", "○", "○"),
        F.KONTOINFORMATION: _row("●", "●", "○", "–", "○"),
        F.UTFORANDE_VERKSAMHET: _row("●", "●", "○", "○", "○"),
        F.HANTERA_HANDLINGAR: _row("●", "●", "●", "○", "○"),
        F.AVVIKELSERAPPORT: _row("●", "●", "●", "○", "○"),
        F.GEMENSAM_PLANERING: _row("●", "●", "●", "○", "○"),
        F.MANADSRAPPORT: _row("●", "●", "●", "●", "○"),
        F.BEGARA_ERSATTNING: _row("●", "●", "–", "–", "○"),
        F.UPPFOLJNING_ERSATTNINGAR: _row("●", "●", "○", "–", "○"),
    }
)
del F


def access(role: Role, function: Function) -> Access:
    return MATRIX[function][role]


def allows(role: Role, function: Function, needed: Access = Access.READ) -> bool:
    return access(role, function) >= needed


def require(role: Role, function: Function, needed: Access) -> None:
    """Raise :class:`PermissionDenied` unless ``role`` has ``needed`` on ``function``."""
    if allows(role, function, needed):
        return
    verb = msg("ändra") if needed is Access.WRITE else msg("se")
    raise PermissionDenied(
        msg(
            "Din roll ({role}) ger inte behörighet att {verb} ”{function}”.",
            role=term(role.label),
            verb=verb,
            function=term(function.label),
        )
    )
