"""The permission matrix for all five roles, restated here independently of the code."""

from __future__ import annotations

import pytest

from kawebb_desktop.domain.errors import PermissionDenied, ValidationError
from kawebb_desktop.domain.roles import MATRIX, Access, Function, Role, access, allows, require

# Columns: Behörighetsadm., Tjänsteadm., Registrerare, Lärare, Läsare (W = ●, R = ○, - = –)
EXPECTED = {
    "Hantera användare": "W----",
    "Kontaktperson": "WWRRR",
    "Kontoinformation": "WWR-R",
    "Utförande verksamhet": "WWRRR",
    "Hantera handlingar": "WWWRR",
    "Avvikelserapport": "WWWRR",
    "Skapa gemensam planering": "WWWRR",
    "Hantera månadsrapport": "WWWWR",
    "Begära ersättning": "WW--R",
    "Uppföljning begärda ersättningar": "WWR-R",
}
CODES = {"W": Access.WRITE, "R": Access.READ, "-": Access.NONE}
ROLES = [
    Role.BEHORIGHETSADMINISTRATOR,
    Role.TJANSTEADMINISTRATOR,
    Role.REGISTRERARE,
    Role.LARARE,
    Role.LASARE,
]


def test_there_are_five_roles_and_ten_functions() -> None:
    assert list(Role) == ROLES
    assert len(MATRIX) == len(Function) == 10


@pytest.mark.parametrize("function", list(Function), ids=lambda f: f.code)
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.value)
def test_matrix_cell(role: Role, function: Function) -> None:
    expected = CODES[EXPECTED[function.label][ROLES.index(role)]]
    assert access(role, function) is expected
    assert allows(role, function, Access.READ) == (expected >= Access.READ)
    assert allows(role, function, Access.WRITE) == (expected is Access.WRITE)
    if expected is Access.WRITE:
        require(role, function, Access.WRITE)
    else:
        with pytest.raises(PermissionDenied) as caught:
            require(role, function, Access.WRITE)
        assert role.label in caught.value.message


def test_only_the_behorighetsadministrator_manages_users() -> None:
    managers = [r for r in Role if allows(r, Function.HANTERA_ANVANDARE, Access.READ)]
    assert managers == [Role.BEHORIGHETSADMINISTRATOR]


def test_the_two_municipal_roles_match_the_guide_except_user_management() -> None:
    for function in Function:
        if function is not Function.HANTERA_ANVANDARE:
            assert access(Role.TJANSTEADMINISTRATOR, function) is Access.WRITE


@pytest.mark.parametrize(
    "text",
    [
        "behorighetsadministrator",
        "Behörighetsadministratör",
        "behörighetsadmin.",
        "  BEHÖRIGHETSADMINISTRATÖR ",
    ],
)
def test_roles_parse_from_code_or_label(text: str) -> None:
    assert Role.parse(text) is Role.BEHORIGHETSADMINISTRATOR


def test_an_unknown_role_is_refused_in_swedish() -> None:
    with pytest.raises(ValidationError, match="Okänd roll: ”chef”"):
        Role.parse("chef")


def test_labels_are_swedish() -> None:
    assert [r.label for r in Role] == [
        "Behörighetsadministratör",
        "Tjänsteadministratör",
        "Registrerare",
        "Lärare",
        "Läsare",
    ]
    assert Role.BEHORIGHETSADMINISTRATOR.short_label == "Behörighetsadmin."
