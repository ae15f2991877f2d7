from __future__ import annotations

import pytest

from assistant.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Das ist gut. Das auch!", ["Das ist gut.", "Das auch!"]),
        (
            "Gefördert werden z. B. Sensoren. Anträge stellen Kommunen.",
            ["Gefördert werden z. B. Sensoren.", "Anträge stellen Kommunen."],
        ),
        (
            "Siehe Nr. 4 der Richtlinie. Danach gilt Abs. 2.",
            ["Siehe Nr. 4 der Richtlinie.", "Danach gilt Abs. 2."],
        ),
        ("Wer fördert das? Das Land NRW.", ["Wer fördert das?", "Das Land NRW."]),
        (
            "Erster Absatz ohne Punkt\n\nZweiter Absatz.",
            ["Erster Absatz ohne Punkt", "Zweiter Absatz."],
        ),
        ("Die Quote lag bei 2.5 Prozent. Gut.", ["Die Quote lag bei 2.5 Prozent.", "Gut."]),
        ("Er sagte: „Ja.“ Danach ging er.", ["Er sagte: „Ja.“", "Danach ging er."]),
        (
            "Seit 2019 gibt es das Board. 2023 kam der Kongress.",
            ["Seit 2019 gibt es das Board.", "2023 kam der Kongress."],
        ),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_sentences_are_verbatim_substrings() -> None:
    text = "Die Stadt Delbrück misst den Wasserverbrauch.  Fenster melden, ob sie offen sind. Ok?"
    for sentence in split_sentences(text):
        assert sentence in text
