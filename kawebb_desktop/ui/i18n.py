"""The UI's languages (issue 12), through Qt's translation system.

Swedish is the source language: every visible string is written in Swedish and wrapped in
:func:`tr` where it is shown. ``pyside6-lupdate`` extracts the wrapped strings (and those
marked with :func:`PySide6.QtCore.QT_TR_NOOP` for constants shown later) into the ``.ts``
sources in ``resources/translations``; ``make translations`` compiles them with
``pyside6-lrelease`` into ``kawebb_en.qm`` beside them (built, never committed), which the
app installs when the setting ``language`` is ``en``.

Rules for a string that lupdate can find:

- the text is a literal: ``tr("Spara")``, never ``tr(f"…{x}")`` or ``tr(variable)`` for
  a text of our own. Values go in by name: ``tr("Visar {first}–{last} av {total}").format(…)``;
- the context is always the empty one (``tr`` is not a method), so one text has one
  translation wherever it is shown;
- a constant shown later is marked where it is defined, ``QT_TR_NOOP("Inskickad")``, and
  translated where it is shown, ``tr(value)``.

A refusal's message (``DomainError.message``) comes from below the UI, in Swedish: it is
shown through :func:`tr_message`, which translates it in the context ``messages``
(``kawebb_desktop/domain/messages.py``; ``scripts/message_catalog.py`` lists the templates
for lupdate).
"""

from __future__ import annotations

import functools
import importlib
import re
from pathlib import Path
from string import Formatter

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from kawebb_desktop.domain.messages import Message

#: The languages the setting ``language`` may name, with their name in that language.
LANGUAGES: dict[str, str] = {"sv": "Svenska", "en": "English"}
DEFAULT_LANGUAGE = "sv"
#: The compiled translations of our own strings: ``kawebb_<language>.qm``.
#: Where they are: the package kawebb_desktop.resources (resources/ at the top of the
#: repository, mapped in by pyproject.toml; a folder of the bundle), not beside ui/ —
#: found by the package's file (importlib.resources would load 8 modules before the
#: login window's first paint).
RESOURCES = Path(importlib.import_module("kawebb_desktop.resources").__file__ or ".").parent
TRANSLATIONS = RESOURCES / "translations"
CATALOGUE = "kawebb"

#: Dates and numbers by QLocale: Swedish, or English as written in Sweden (en_SE: ISO dates,
#: a space between thousands), so that a date reads the same in both languages.
_LOCALES = {
    "sv": (QLocale.Language.Swedish, QLocale.Country.Sweden),
    "en": (QLocale.Language.English, QLocale.Country.Sweden),
}


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` (Swedish) in the UI's language; as it is when there is no translation."""
    return QCoreApplication.translate("", text, disambiguation, n)


def QT_TR_NOOP(text: str) -> str:
    """Mark ``text`` for lupdate and return it as it is (Qt's own is typed ``object``)."""
    return text


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for lupdate in ``context`` and return it as it is."""
    return text


#: The context of the messages that come from below the UI (:func:`tr_message`).
MESSAGES = "messages"


def tr_message(text: str) -> str:
    """A message from the services, the store, the server or BankID in the UI's language:
    a :class:`Message` by its template, with its values (a value that is a message of its
    own is translated too, a label of the domain as the UI translates it); a plain text
    as a whole. As it is when there is no translation (or the translation's fields do not
    fit the values)."""
    if not isinstance(text, Message):
        translated = _translate_message(text)
        if translated != text or _LANGUAGE[0] == DEFAULT_LANGUAGE:
            return translated  # (Swedish: the text is what it would be made into again)
        recovered = _recovered(text)
        return text if recovered is None else tr_message(recovered)
    template = _translate_message(text.template)
    if not text.params:
        return template
    values = {
        name: _translate_value(value) if isinstance(value, Message) else value
        for name, value in text.params.items()
    }
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return str(text)


#: How deep values read back from a plain text are read back in their turn.
_MAX_RECOVERED_DEPTH = 3


def _recovered(text: str, depth: int = 0) -> Message | None:
    """A plain text that one of the catalogue's templates with values makes (a refusal
    kept as text: in the offline outbox, or from a server that sends no template), as
    that message, its values read back (each in turn when it is such a text itself);
    ``None`` when no template makes it. The template with the most fixed text wins."""
    if depth > _MAX_RECOVERED_DEPTH or not text:
        return None
    for template, pattern in _template_patterns():
        found = pattern.fullmatch(text)
        if found is None:
            continue
        values: dict[str, str] = {}
        for name, value in found.groupdict().items():
            inner = _recovered(value, depth + 1) if _translate_message(value) == value else None
            values[name] = inner if inner is not None else Message(value)
        return Message(template, values)
    return None


@functools.cache
def _template_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each template of the catalogue that has values, as a pattern of its text (fixed
    text as it is, each ``{name}`` any text), the most fixed text first."""
    from kawebb_desktop.ui.message_catalog import TEMPLATES

    made: list[tuple[int, str, re.Pattern[str]]] = []
    for template in TEMPLATES:
        parts: list[str] = []
        fixed = 0
        seen: set[str] = set()
        try:
            fields = list(Formatter().parse(template))
        except ValueError:
            continue
        for literal, name, _spec, _conversion in fields:
            parts.append(re.escape(literal))
            fixed += len(literal)
            if name is None:
                continue
            if not name.isidentifier():
                break
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
            seen.add(name)
        else:
            if seen:
                made.append((fixed, template, re.compile("".join(parts), re.DOTALL)))
    made.sort(key=lambda item: -item[0])
    return tuple((template, pattern) for _fixed, template, pattern in made)


def _translate_value(value: Message) -> str:
    """A value of a message that is a message of its own; a label of the domain written
    in lower case inside a sentence ("inskickad") as the UI translates the label
    ("Inskickad"), in lower case too."""
    translated = tr_message(value)
    if value.params or translated != value or not value[:1].islower():
        return translated
    capital = value[:1].upper() + value[1:]
    label = _translate_message(capital)
    return translated if label == capital else label[:1].lower() + label[1:]


def _translate_message(text: str) -> str:
    """``text`` in the context ``messages``; else, for a label of the domain as a value
    of a message (``domain.messages.term``), as the UI translates it (the empty context)."""
    translated = QCoreApplication.translate(MESSAGES, text)
    return translated if translated != text else tr(text)


def translation_file(language: str) -> Path:
    return TRANSLATIONS / f"{CATALOGUE}_{language}.qm"


#: The translators :func:`install_language` made (children of the application).
_INSTALLED: list[QTranslator] = []
#: The language :func:`install_language` installed last.
_LANGUAGE = [DEFAULT_LANGUAGE]


def install_language(app: QCoreApplication, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """Set the default locale and install Qt's and our translators for ``language``.

    Returns what could not be loaded (file names), so the caller can log it; a language
    without its file falls back to the Swedish source text, never to a crash.
    """
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    while _INSTALLED:  # not app.findChildren: that wraps every child, the QStyle too
        old = _INSTALLED.pop()  # (PySide6 then makes its ~20 enums before the first paint)
        try:
            app.removeTranslator(old)
            old.deleteLater()
        except RuntimeError:  # its application is gone (tests that make another)
            pass
    QLocale.setDefault(QLocale(*_LOCALES[language]))
    _LANGUAGE[0] = language
    missing: list[str] = []
    qt_translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    _INSTALLED.append(qt)
    if qt.load(QLocale(), "qtbase", "_", qt_translations):
        app.installTranslator(qt)
    if language != DEFAULT_LANGUAGE:
        ours = QTranslator(app)
        _INSTALLED.append(ours)
        path = translation_file(language)
        if ours.load(str(path)):
            app.installTranslator(ours)
        else:
            missing.append(path.name)
    return missing
