"""Swedish order and matching keys (the store sorts and searches on them)."""

from __future__ import annotations

from kawebb_desktop.domain.text import like_pattern, search_key, sort_key


def test_swedish_letters_sort_after_z_in_the_order_a_ring_a_umlaut_o_umlaut() -> None:
    names = ["Öberg", "Ågren", "Zetterberg", "Ängström", "andersson", "Åberg", "Ekström"]
    assert sorted(names, key=sort_key) == [
        "andersson",
        "Ekström",
        "Zetterberg",
        "Åberg",
        "Ågren",
        "Ängström",
        "Öberg",
    ]


def test_accents_other_than_swedish_letters_sort_as_their_base_letter() -> None:
    assert sorted(["Eriksson", "Éric", "Edvardsson"], key=sort_key) == [
        "Edvardsson",
        "Éric",
        "Eriksson",
    ]


def test_search_keys_fold_case_but_keep_swedish_letters() -> None:
    assert search_key("Öberg", "Beda") == "öberg beda"
    assert "öberg" in search_key("ÖBERG")
    assert "oberg" not in search_key("Öberg")


def test_like_patterns_escape_wildcards() -> None:
    assert like_pattern("50%_a\\") == "%50\\%\\_a\\\\%"


def test_other_accents_are_folded_both_ways_in_search_keys() -> None:
    """ "e" finds "é" and "é" finds "e" (a Swedish user types André without the accent);
    å ä ö stay letters of their own, so "a" does not find "å" or "ä"."""
    assert "andre" in search_key("André")
    assert like_pattern("andré") == "%andre%"
    assert "aberg" not in search_key("Åberg")
    assert "ahlen" not in search_key("Ählén")
    assert "ählen" in search_key("Ählén")
