"""The English translation is complete (issue 12).

The ``.ts`` sources in resources/translations are refreshed into temporary copies exactly
as ``make update-translations`` does: by scripts/shared_translations.py, which runs
``pyside6-lupdate`` per part of the UI (its sources and options are read from the
Makefile), then moves the texts both parts show into kawebb_en_shared.ts. The test fails
when a committed file is out of date (a text wrapped in ``tr()`` or marked with
``QT_TR_NOOP`` that it lacks, or one it still holds that the code no longer has), when a
message has no finished English translation, when a translation's ``{placeholders}`` or
``&`` accelerator do not match its Swedish source, or when one Swedish text stands in two
files (they share the empty context, so the compiled catalogue holds only one of them:
``lrelease`` drops the other).

The messages of the services, the store, the server and BankID (context ``messages``,
``ui/i18n.tr_message``) are in kawebb_en_messages.ts: scripts/message_catalog.py writes
their templates into kawebb_desktop/ui/message_catalog.py (the test fails when that file
is not what the script makes of the code now), which lupdate reads like the UI's code.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = ROOT / "Makefile"
TS_DIR = ROOT / "resources" / "translations"
#: The Makefile's variables naming each .ts file's sources.
PARTS = {"TS_VIEWS": "kawebb_en_views.ts", "TS_DIALOGS": "kawebb_en_dialogs.ts"}
#: The texts both parts show (scripts/shared_translations.py puts them there).
SHARED = "kawebb_en_shared.ts"
#: The messages from below the UI (context "messages"), from the Makefile's TS_MESSAGES.
MESSAGES = "kawebb_en_messages.ts"
CATALOGUES = sorted([*PARTS.values(), SHARED, MESSAGES])


@dataclass(frozen=True)
class Message:
    source: str
    translation: str
    #: "unfinished", "vanished", "obsolete", or "" when finished.
    state: str
    context: str = ""


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
    for context in ET.parse(path).iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            text = translation.text if translation is not None else None
            state = translation.get("type", "") if translation is not None else "unfinished"
            result.append(Message(source, text or "", state, name))
    return result


def shared_translations() -> ModuleType:
    """scripts/shared_translations.py, which ``make update-translations`` runs with the
    Makefile's lupdate command and sources of each part."""
    path = ROOT / "scripts" / "shared_translations.py"
    recipe = f'{path.relative_to(ROOT)} $(TS_DIR) "$(LUPDATE)" "$(TS_VIEWS)" "$(TS_DIALOGS)"'
    assert recipe in MAKEFILE.read_text(encoding="utf-8")
    spec = importlib.util.spec_from_file_location("shared_translations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed .ts files, updated from the code as ``make update-translations``
    does, in a temporary folder."""
    directory = tmp_path_factory.mktemp("translations")
    for name in CATALOGUES:
        shutil.copyfile(TS_DIR / name, directory / name)
    views, dialogs = make_variable("TS_VIEWS"), make_variable("TS_DIALOGS")
    shared_translations().update(directory, lupdate(), views, dialogs, ROOT)
    recipe = "$(LUPDATE) $(TS_MESSAGES) -ts $(TS_DIR)/" + MESSAGES
    assert recipe in MAKEFILE.read_text(encoding="utf-8")
    subprocess.run(
        [*lupdate(), *make_variable("TS_MESSAGES"), "-ts", str(directory / MESSAGES)],
        cwd=ROOT,
        check=True,
    )
    return directory


def short(text: str, length: int = 70) -> str:
    """A text as a failure names it: on one line, long ones cut."""
    line = " ".join(text.split())
    return repr(line if len(line) <= length else line[: length - 1] + "…")


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{(\w*)\}", text))


def accelerators(text: str) -> int:
    """How many ``&`` mark an Alt+letter (``&&`` is a literal ampersand)."""
    return len(re.findall(r"&(?!&)", text.replace("&&", "")))


@pytest.mark.parametrize("name", CATALOGUES)
def test_the_committed_source_holds_every_text_of_the_code(name: str, refreshed: Path) -> None:
    committed = {m.source for m in messages(TS_DIR / name)}
    fresh = {m.source for m in messages(refreshed / name) if m.state != "vanished"}
    new, gone = sorted(fresh - committed), sorted(committed - fresh)
    assert not new and not gone, (
        f"{name} is out of date: run make update-translations and translate.\n"
        f"  {len(new)} new texts: {', '.join(short(s) for s in new)}\n"
        f"  {len(gone)} texts no longer in the code: {', '.join(short(s) for s in gone)}"
    )


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_text_has_a_finished_english_translation(name: str) -> None:
    unfinished = [m.source for m in messages(TS_DIR / name) if m.state or not m.translation.strip()]
    assert not unfinished, f"{name}: {len(unfinished)} texts without English: " + ", ".join(
        short(s) for s in unfinished
    )


@pytest.mark.parametrize("name", CATALOGUES)
def test_placeholders_and_accelerators_match_the_source(name: str) -> None:
    problems = []
    for m in messages(TS_DIR / name):
        if not m.translation:
            continue  # the test above says so
        if placeholders(m.source) != placeholders(m.translation):
            problems.append(f"placeholders differ: {short(m.source)} → {short(m.translation)}")
        if accelerators(m.source) != accelerators(m.translation):
            problems.append(f"accelerator (&) differs: {short(m.source)} → {short(m.translation)}")
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


def in_two_catalogues(catalogues: dict[str, list[Message]]) -> list[str]:
    """The texts that stand in more than one of ``catalogues`` in the same context, each
    with where."""
    where: dict[tuple[str, str], list[str]] = {}
    for name, found in catalogues.items():
        for m in found:
            where.setdefault((m.context, m.source), []).append(name)
    return [
        f"{short(s)} in {', '.join(names)}" for (_c, s), names in where.items() if len(names) > 1
    ]


def test_each_text_is_in_one_catalogue() -> None:
    twice = in_two_catalogues({name: messages(TS_DIR / name) for name in CATALOGUES})
    assert not twice, (
        f"{len(twice)} texts in two .ts files (lrelease keeps one of them; "
        "make update-translations moves them into " + SHARED + "):\n  " + "\n  ".join(twice)
    )


def test_the_check_sees_a_text_in_two_catalogues() -> None:
    avbryt, spara = Message("Avbryt", "Cancel", ""), Message("Spara", "Save", "")
    assert in_two_catalogues({"a.ts": [avbryt], "b.ts": [spara]}) == []
    assert in_two_catalogues({"a.ts": [avbryt], "b.ts": [spara, avbryt]}) == [
        "'Avbryt' in a.ts, b.ts"
    ]


def ts(*english: tuple[str, str]) -> str:
    """A .ts file as lupdate writes it, of (Swedish, English) messages."""
    messages = "".join(
        f"    <message>\n        <source>{swedish}</source>\n"
        f"        <translation>{translation}</translation>\n    </message>\n"
        for swedish, translation in english
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        '<TS version="2.1" language="en_SE" sourcelanguage="sv_SE">\n<context>\n'
        f"    <name></name>\n{messages}</context>\n</TS>\n"
    )


def test_the_texts_of_both_parts_move_to_the_shared_file_with_their_english(
    tmp_path: Path,
) -> None:
    """*Avbryt*, the views' text, is now shown by the dialogs too: it moves to the shared
    file with its English. *Spara* was shared, and the views no longer show it: it goes
    back to the dialogs, translated. A second run changes nothing."""
    module = shared_translations()
    (tmp_path / "views.py").write_text('tr("Avbryt")\ntr("Översikt")\n', encoding="utf-8")
    (tmp_path / "dialogs.py").write_text('tr("Avbryt")\ntr("Spara")\n', encoding="utf-8")
    before = {
        module.VIEWS: ts(("Avbryt", "Cancel"), ("Översikt", "Overview")),
        module.DIALOGS: ts(),
        module.SHARED: ts(("Spara", "Save")),
    }
    for name, text in before.items():
        (tmp_path / name).write_text(text, encoding="utf-8")

    def update() -> dict[str, list[Message]]:
        module.update(tmp_path, lupdate(), ["views.py"], ["dialogs.py"], tmp_path)
        return {name: messages(tmp_path / name) for name in CATALOGUES if name != MESSAGES}

    after = update()

    assert after == {
        module.SHARED: [Message("Avbryt", "Cancel", "")],
        module.VIEWS: [Message("Översikt", "Overview", "")],
        module.DIALOGS: [Message("Spara", "Save", "")],
    }
    assert update() == after


def message_catalog() -> ModuleType:
    """scripts/message_catalog.py, which ``make update-translations`` runs first."""
    assert "$(BIN)/python scripts/message_catalog.py\n" in MAKEFILE.read_text(encoding="utf-8")
    path = ROOT / "scripts" / "message_catalog.py"
    spec = importlib.util.spec_from_file_location("message_catalog", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_message_catalogue_is_current() -> None:
    """kawebb_desktop/ui/message_catalog.py lists every message template of the code
    below the UI, as scripts/message_catalog.py finds them now."""
    module = message_catalog()
    templates, _unresolved = module.scan(module.read_modules())
    committed = module.OUTPUT.read_text(encoding="utf-8")
    assert make_variable("TS_MESSAGES") == [str(module.OUTPUT.relative_to(ROOT))]
    assert committed == module.generated(templates), (
        f"{module.OUTPUT.relative_to(ROOT)} is out of date: run make update-translations "
        "and translate the new messages"
    )


def test_the_message_catalogue_finds_templates_and_constants(tmp_path: Path) -> None:
    """A literal, a module constant (also imported, or behind ``.format``), msg's
    template, an error class of its own and a local name are found; a message made at
    run time is listed as such."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "texts.py").write_text('TAKEN = "Namnet {name} är upptaget."\n', encoding="utf-8")
    (package / "errors.py").write_text(
        "class DomainError(Exception): ...\n"
        "class RuleViolation(DomainError): ...\n"
        "class NotFound(DomainError): ...\n"
        "class Conflict(DomainError): ...\n",
        encoding="utf-8",
    )
    (package / "rules.py").write_text(
        "from pkg.texts import TAKEN\n"
        'GONE = "Kontot finns inte."\n'
        "class Refused(RuleViolation):\n    pass\n"
        "def check(x, name):\n"
        '    raise RuleViolation("Ange namn.", "name")\n'
        "    raise Refused(GONE)\n"
        "    raise NotFound(TAKEN.format(name=name))\n"
        '    raise Conflict(msg("Ändrad av {who}.", who=x))\n'
        '    text = GONE if x else "Borta."\n'
        "    raise NotFound(text)\n"
        '    raise NotFound(f"{x} saknas")\n',
        encoding="utf-8",
    )
    module = message_catalog()
    modules = module.read_modules(package)
    templates, unresolved = module.scan(modules)
    assert templates == [
        "Ange namn.",
        "Kontot finns inte.",
        "Namnet {name} är upptaget.",
        "Ändrad av {who}.",
        "Borta.",
    ]
    assert [u.rsplit(": ", 1)[1] for u in unresolved] == [
        "TAKEN.format(name=name)",  # found, but its value is lost
        "f'{x} saknas'",
    ]


#: Where a message may still be made with an f-string or ``.format``: the command line's
#: and the demo builder's (printed on a terminal, in Swedish), app.py's (``tr(…).format``:
#: translated by the UI's own catalogue).
FORMATTED_ALLOWED = (
    "kawebb_desktop/af_cli.py:",
    "kawebb_desktop/server/cli.py:",
    "kawebb_desktop/demo.py:",
    "kawebb_desktop/app.py:",
)


def test_no_message_is_made_with_an_f_string_or_format() -> None:
    """A message with values is ``msg(template, name=value)``, so that it can be shown in
    English: an f-string or ``str.format`` would leave only its Swedish text."""
    module = message_catalog()
    _templates, unresolved = module.scan(module.read_modules())
    made = [
        str(Path(u).relative_to(ROOT)) if u.startswith(str(ROOT)) else u
        for u in unresolved
        if re.search(r": f['\"]|\.format\(", u)
    ]
    offenders = [u for u in made if not u.startswith(FORMATTED_ALLOWED)]
    assert not offenders, "messages made with an f-string or .format:\n  " + "\n  ".join(offenders)
