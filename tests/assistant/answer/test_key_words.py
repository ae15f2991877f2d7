"""Key words name what a question part is about: the words for where and how the asker looks
("in der Gegend", "am Laufen", "Ansprechpartner") are none, so a part such as "Wen können wir
in der Gegend fragen, der so etwas schon am Laufen hat?" points back to its context."""

from __future__ import annotations

from collections.abc import Iterable

from assistant.answer.focus import key_words


def rare(grams: Iterable[str]) -> dict[str, float]:
    """Every 4-gram equally rare: only the word lists decide."""
    return {g: 5.0 for g in grams}


def test_words_for_looking_around_are_no_key_words() -> None:
    assert (
        key_words("Wen können wir in der Gegend fragen, der so etwas schon am Laufen hat?", rare)
        == []
    )
    assert key_words("Gibt es in der Umgebung einen Ansprechpartner oder Kontakt?", rare) == []


def test_subject_nouns_stay_key_words() -> None:
    assert key_words("Wer betreut die Wasserzähler in der Nähe der Grundschule?", rare) == [
        "wasserzähler",
        "grundschule",
    ]
