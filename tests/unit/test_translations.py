"""The English translation is complete (issue 12).

Each ``.ts`` source in resources/translations is refreshed into a temporary copy by
``pyside6-lupdate``, exactly as ``make update-translations`` does (its sources and options
are read from the Makefile), and the test fails when the committed file is out of date (a
text wrapped in ``tr()`` or marked with ``QT_TR_NOOP`` that it lacks, or one it still holds
that the code no longer has), when a message has no finished English translation, when a
translation's ``{placeholders}`` or ``&`` accelerator do not match its Swedish source, or
when one Swedish text is translated differently in the two files (they share the empty
context, so the compiled catalogue can hold only one of them).
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = ROOT / "Makefile"
TS_DIR = ROOT / "resources" / "translations"
#: The Makefile's variables naming each .ts file's sources.
PARTS = {"TS_VIEWS": "kawebb_en_views.ts", "TS_DIALOGS": "kawebb_en_dialogs.ts"}


@dataclass(frozen=True)
class Message:
    source: str
    translation: str
    #: "unfinished", "vanished", "obsolete", or "" when finished.
    state: str


def make_variable(name: str) -> list[str]:
    """The words of the Makefile variable ``name`` (``:=``, with continued lines)."""
    text = MAKEFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    match = re.search(rf"^{name}\s*:=(.*)$", text, re.MULTILINE)
    assert match, f"the Makefile has no {name}"
    return shlex.split(match.group(1))


def lupdate() -> list[str]:
    """``pyside6-lupdate`` with the Makefile's options (``$(BIN)`` is the venv's bin)."""
    words = make_variable("LUPDATE")
    tool = Path(sys.executable).parent / Path(words[0]).name
    found = str(tool) if tool.exists() else shutil.which(Path(words[0]).name)
    assert found, "pyside6-lupdate is not installed (it comes with PySide6)"
    return [found, *words[1:]]


def messages(path: Path) -> list[Message]:
    result = []
    for message in ET.parse(path).iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        text = translation.text if translation is not None else None
        state = translation.get("type", "") if translation is not None else "unfinished"
        result.append(Message(source, text or "", state))
    return result


def refreshed(part: str, tmp_path: Path) -> Path:
    """The committed .ts of ``part``, updated from the code into a temporary copy."""
    committed = TS_DIR / PARTS[part]
    copy = tmp_path / committed.name
    shutil.copyfile(committed, copy)
    subprocess.run(
        [*lupdate(), *make_variable(part), "-ts", str(copy)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return copy


def short(text: str, length: int = 70) -> str:
    """A text as a failure names it: on one line, long ones cut."""
    line = " ".join(text.split())
    return repr(line if len(line) <= length else line[: length - 1] + "…")


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{(\w*)\}", text))


def accelerators(text: str) -> int:
    """How many ``&`` mark an Alt+letter (``&&`` is a literal ampersand)."""
    return len(re.findall(r"&(?!&)", text.replace("&&", "")))


@pytest.mark.parametrize("part", sorted(PARTS))
def test_the_committed_source_holds_every_text_of_the_code(part: str, tmp_path: Path) -> None:
    committed = {m.source for m in messages(TS_DIR / PARTS[part])}
    fresh = {m.source for m in messages(refreshed(part, tmp_path)) if m.state != "vanished"}
    new, gone = sorted(fresh - committed), sorted(committed - fresh)
    assert not new and not gone, (
        f"{PARTS[part]} is out of date: run make update-translations and translate.\n"
        f"  {len(new)} new texts: {', '.join(short(s) for s in new)}\n"
        f"  {len(gone)} texts no longer in the code: {', '.join(short(s) for s in gone)}"
    )


@pytest.mark.parametrize("part", sorted(PARTS))
def test_every_text_has_a_finished_english_translation(part: str) -> None:
    unfinished = [
        m.source for m in messages(TS_DIR / PARTS[part]) if m.state or not m.translation.strip()
    ]
    assert not unfinished, f"{PARTS[part]}: {len(unfinished)} texts without English: " + ", ".join(
        short(s) for s in unfinished
    )


@pytest.mark.parametrize("part", sorted(PARTS))
def test_placeholders_and_accelerators_match_the_source(part: str) -> None:
    problems = []
    for m in messages(TS_DIR / PARTS[part]):
        if not m.translation:
            continue  # the test above says so
        if placeholders(m.source) != placeholders(m.translation):
            problems.append(f"placeholders differ: {short(m.source)} → {short(m.translation)}")
        if accelerators(m.source) != accelerators(m.translation):
            problems.append(f"accelerator (&) differs: {short(m.source)} → {short(m.translation)}")
    assert not problems, f"{PARTS[part]}:\n  " + "\n  ".join(problems)


def test_a_text_in_both_sources_has_one_translation() -> None:
    seen: dict[str, tuple[str, str]] = {}
    problems = []
    for part in sorted(PARTS):
        for m in messages(TS_DIR / PARTS[part]):
            if not m.translation:
                continue
            earlier = seen.setdefault(m.source, (PARTS[part], m.translation))
            if earlier[1] != m.translation:
                problems.append(
                    f"{short(m.source)}: {earlier[0]} says {short(earlier[1])}, "
                    f"{PARTS[part]} says {short(m.translation)}"
                )
    assert not problems, "one Swedish text, two translations:\n  " + "\n  ".join(problems)


def test_the_checks_see_a_missing_placeholder_and_accelerator() -> None:
    """The helpers above can fail: a dropped ``{name}`` or ``&`` is seen, ``&&`` is not
    an accelerator."""
    assert placeholders("Välkommen, {name}.") != placeholders("Welcome.")
    assert accelerators("&Spara") == 1 and accelerators("Save") == 0
    assert accelerators("Svart && vitt") == 0
