"""Migration 0002 computes its keys with frozen copies, not with the live domain code.

The table below is what 0002 wrote into a database when it was released (computed then
with ``domain.text`` and ``Personnummer``): the frozen copies must go on producing exactly
this, whatever becomes of the domain. The live functions are compared too, but that
comparison only holds while nobody changes them; when it fails, see its docstring.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kawebb_desktop.domain import text as live_text
from kawebb_desktop.domain.errors import ValidationError
from kawebb_desktop.domain.values import Personnummer
from kawebb_desktop.store.sql.migrations import versions

VERSIONS = Path(versions.__file__).parent


@pytest.fixture(scope="module")
def m0002() -> ModuleType:
    return importlib.import_module(f"{versions.__name__}.0002_swedish_sort_and_search_keys")


#: text → sort key, as 0002 computed it.
SORT_KEYS = [
    ("Östra kommun", "}stra kommun"),
    ("Älvdalens UBK", "|lvdalens ubk"),
    ("Åberg", "{berg"),
    ("öberg", "}berg"),
    ("Zetterberg", "zetterberg"),
    ("Éric", "eric"),
    ("Ærø", "|r}"),
    ("Müller", "myller"),
    ("Straße", "strasse"),
    ("İsmail", "ismail"),
    ("ΣΊΣΥΦΟΣ", "σισυφοσ"),
    ("  Anna  Karin ", "anna  karin"),
    ("", ""),
    ("osten@åre.se", "osten@{re.se"),
    ("A\u030asa", "asa"),  # Å typed as A + ring: the ring is an accent to strip
    ("Ängström", "|ngstr}m"),
    ("Ärende uppdaterat", "|rende uppdaterat"),
    ("Nguyễn", "nguyen"),
    ("\ufb01lip", "filip"),  # the ligature ﬁ
]

#: name parts → search key, as 0002 computed it.
SEARCH_KEYS = [
    (("Östen", "öberg"), "östen öberg"),
    (("Anna", ""), "anna"),
    (("", "Åberg"), "åberg"),
    (("Éric", "Ærø"), "eric ærø"),
    (("anna@zorn.se",), "anna@zorn.se"),
]

#: stored personnummer → birth date key, as 0002 computed it: YYYYMMDD of a valid number,
#: the first eight characters of anything else.
BIRTH_DATES = [
    ("198112289874", "19811228"),
    ("197010632391", "19701003"),  # samordningsnummer: day 63 - 60
    ("198112289875", "19811228"),  # check digit wrong
    ("197010632392", "19701063"),  # a samordningsnummer with a wrong check digit: as is
    ("187901011234", "18790101"),  # before 1880
    ("198112280006", "19811228"),  # birth number 000
    ("１９８１１２２８９８７４", "１９８１１２２８"),  # full-width digits: never valid
    ("19811228-987", "19811228"),
    ("", ""),
    ("1981", "1981"),
    ("198102301234", "19810230"),  # 30 February
    ("198102291237", "19810229"),  # 29 February 1981
    ("200002291235", "20000229"),  # 29 February 2000, valid
]


@pytest.mark.parametrize(("text", "key"), SORT_KEYS)
def test_the_frozen_sort_key_gives_what_0002_gave(m0002: ModuleType, text: str, key: str) -> None:
    assert m0002.sort_key(text) == key


@pytest.mark.parametrize(("parts", "key"), SEARCH_KEYS)
def test_the_frozen_search_key_gives_what_0002_gave(
    m0002: ModuleType, parts: tuple[str, ...], key: str
) -> None:
    assert m0002.search_key(*parts) == key


@pytest.mark.parametrize(("personnummer", "key"), BIRTH_DATES)
def test_the_frozen_birth_date_gives_what_0002_gave(
    m0002: ModuleType, personnummer: str, key: str
) -> None:
    assert m0002._birth_date(personnummer) == key


def test_the_migrations_import_nothing_of_the_application() -> None:
    """Every revision is frozen: it may import the standard library, SQLAlchemy and
    Alembic, never ``kawebb_desktop`` (whose later changes would change old revisions)."""
    for path in sorted(VERSIONS.glob("[0-9]*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "kawebb_desktop" for n in names), path.name


# ------------------------------------------------------------------- the live functions
# These hold today. A failure means that domain.text (or the birth date of Personnummer)
# has changed, so rows that 0002 filled now sort or match differently from rows the store
# writes: add a revision that recomputes the keys with the new functions (the same
# backfill as 0002), and then drop or adjust the comparison that failed. Do not change
# the frozen copies in 0002.

NAME_TEXT = st.text(
    st.characters(codec="utf-8", categories=["L", "M", "N", "P", "Zs"]), max_size=20
)


@given(text=NAME_TEXT)
def test_the_live_sort_key_still_agrees_with_the_frozen_one(m0002: ModuleType, text: str) -> None:
    assert live_text.sort_key(text) == m0002.sort_key(text)


@given(first=NAME_TEXT, last=NAME_TEXT)
def test_the_live_search_key_still_agrees_with_the_frozen_one(
    m0002: ModuleType, first: str, last: str
) -> None:
    assert live_text.search_key(first, last) == m0002.search_key(first, last)


@pytest.mark.parametrize(
    ("personnummer", "key"),
    [(p, k) for p, k in BIRTH_DATES if p.isascii() and len(p) == 12 and p.isdigit()],
)
def test_the_live_birth_date_still_agrees_on_valid_numbers(personnummer: str, key: str) -> None:
    try:
        number = Personnummer(personnummer)
    except ValidationError:
        return  # not a valid number today: the store never writes it
    assert number.birth_date_text == key
