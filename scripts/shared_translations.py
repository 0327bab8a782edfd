"""``python scripts/shared_translations.py TS_DIR LUPDATE VIEWS DIALOGS``: the UI's .ts
files refreshed from the code, each English text in one of them.

``make update-translations`` runs it with its ``pyside6-lupdate`` command and the sources
of the two parts of the UI (each argument one string of words). It refreshes each part's
file, ``kawebb_en_views.ts`` and ``kawebb_en_dialogs.ts``, with lupdate, which puts every
text of a part's code into that part's file: a text that both parts show ("Avbryt",
"Status") lands in both, and ``pyside6-lrelease`` would drop one copy ("dropping duplicate
messages"). Then it moves every text of both parts into ``kawebb_en_shared.ts``, out of
the parts, so that each text is translated in one place:

- a text in both parts goes to the shared file, with the translation it had in any of the
  three files (the shared file's first, then the views', then the dialogs');
- a text of the shared file that only one part still shows goes back to that part, with
  its translation;
- any other text new to a part keeps what lupdate wrote (unfinished, to be translated).

Every ``<message>`` block is kept as lupdate wrote it (the files are edited as text, not
rewritten), so a second run changes nothing. ``tests/unit/test_translations.py`` runs
:func:`update` on copies and fails when the committed files differ.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

VIEWS = "kawebb_en_views.ts"
DIALOGS = "kawebb_en_dialogs.ts"
SHARED = "kawebb_en_shared.ts"
#: One message as lupdate writes it (4 spaces in, on lines of its own).
_MESSAGE = re.compile(r"^    <message>\n.*?^    </message>\n", re.MULTILINE | re.DOTALL)


@dataclass
class Catalogue:
    """A .ts file as text: what comes before its first message, its messages, the rest."""

    head: str
    messages: list[str]
    tail: str

    @classmethod
    def read(cls, path: Path) -> Catalogue:
        text = path.read_text(encoding="utf-8")
        found = list(_MESSAGE.finditer(text))
        if not found:
            at = text.index("</context>")
            return cls(text[:at], [], text[at:])
        between = text[found[0].start() : found[-1].end()]
        if "".join(m.group(0) for m in found) != between:
            raise SystemExit(f"shared_translations: {path} is not as lupdate writes it")
        return cls(text[: found[0].start()], [m.group(0) for m in found], text[found[-1].end() :])

    def write(self, path: Path) -> None:
        path.write_text(self.head + "".join(self.messages) + self.tail, encoding="utf-8")


def key(message: str) -> tuple[str, str]:
    """What names a message in the compiled catalogue: its source and disambiguation."""
    element = ET.fromstring(message)
    return element.findtext("source") or "", element.findtext("comment") or ""


def finished(message: str) -> bool:
    translation = ET.fromstring(message).find("translation")
    return translation is not None and not translation.get("type") and bool(translation.text)


def update(
    directory: Path, lupdate: list[str], views: list[str], dialogs: list[str], cwd: Path
) -> None:
    """Refresh the parts' files in ``directory`` from their sources (``views``,
    ``dialogs``, relative to ``cwd``) with the command ``lupdate``, then :func:`split`."""
    for name, sources in ((VIEWS, views), (DIALOGS, dialogs)):
        subprocess.run([*lupdate, *sources, "-ts", str(directory / name)], cwd=cwd, check=True)
    split(directory)


def split(directory: Path) -> None:
    """Move the texts both freshly refreshed parts in ``directory`` hold into the shared
    file (made from the views' header when missing), and give back those only one part
    holds now. Only right just after lupdate, which puts the shared texts back into the
    parts: :func:`update` runs both."""
    views, dialogs = Catalogue.read(directory / VIEWS), Catalogue.read(directory / DIALOGS)
    shared_path = directory / SHARED
    shared = (
        Catalogue.read(shared_path)
        if shared_path.exists()
        else Catalogue(views.head, [], views.tail)
    )
    #: The translations known, the shared file's first.
    known: dict[tuple[str, str], str] = {}
    for catalogue in (shared, views, dialogs):
        for message in catalogue.messages:
            if finished(message):
                known.setdefault(key(message), message)
    in_both = {key(m) for m in views.messages} & {key(m) for m in dialogs.messages}
    shared.messages = [known.get(key(m), m) for m in views.messages if key(m) in in_both]
    for part in (views, dialogs):
        part.messages = [
            m if finished(m) else known.get(key(m), m)
            for m in part.messages
            if key(m) not in in_both
        ]
    views.write(directory / VIEWS)
    dialogs.write(directory / DIALOGS)
    shared.write(shared_path)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        raise SystemExit(__doc__.splitlines()[0])
    directory, command, views, dialogs = sys.argv[1:]
    update(Path(directory), shlex.split(command), shlex.split(views), shlex.split(dialogs), Path())
