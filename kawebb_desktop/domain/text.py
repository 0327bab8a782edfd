"""Swedish ordering and matching of names, done once in Python so SQL can index it.

SQLite compares bytes and PostgreSQL's default collation depends on the server, so
neither sorts Å, Ä, Ö after Z nor matches "öberg" against "Öberg" reliably. The store
keeps a ``sort_key`` and a ``search_key`` beside each name; both backends then order by
plain byte comparison (``COLLATE "C"`` on PostgreSQL) and match with ``LIKE``.
"""

from __future__ import annotations

import unicodedata

# Swedish alphabet order: … X Y Z Å Ä Ö. ASCII "{", "|", "}" follow "z" bytewise.
_SWEDISH = str.maketrans(
    {
        "å": "{",
        "ä": "|",
        "æ": "|",
        "ö": "}",
        "ø": "}",
        "ü": "y",
    }
)


def _fold(text: str) -> str:
    folded = text.casefold().strip()
    if folded.isascii():
        return folded  # nothing to strip: the common case, and the bulk writes' hot path
    # Keep å ä ö (they are letters of their own); strip other accents (é → e).
    out = []
    for ch in folded:
        if ch in "åäöæøü":
            out.append(ch)
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


def sort_key(text: str) -> str:
    """A key whose byte order is Swedish alphabetical order, case-insensitive."""
    return _fold(text).translate(_SWEDISH)


def search_key(*parts: str) -> str:
    """Lower-cased, accent-folded text for substring matching (å, ä, ö kept)."""
    return " ".join(_fold(p) for p in parts if p)


def like_pattern(term: str) -> str:
    """A ``LIKE`` pattern matching ``term`` anywhere; escape character is backslash."""
    escaped = _fold(term).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
