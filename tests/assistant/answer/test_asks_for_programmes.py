"""Which question parts ask for funding programmes (``funding.asks_for_programmes``)."""

from __future__ import annotations

import pytest

from assistant.answer.funding import asks_for_programmes


@pytest.mark.parametrize(
    "text",
    [
        "Wer fördert das?",
        "Gibt es dafür Fördermittel vom Land?",
        "Welcher Förderaufruf passt zu unserem Vorhaben?",
        "Welchen Fördertopf können wir anzapfen?",
        "Is there federal money for that kind of project?",
        "Which funding call would fit that?",
        "Are there funding calls for this?",
    ],
)
def test_asks(text: str) -> None:
    assert asks_for_programmes(text)


@pytest.mark.parametrize(
    "text",
    ["Is there a deadline?", "Welche Kosten entstehen?", "Welcher Sensor misst den Pegel?"],
)
def test_does_not_ask(text: str) -> None:
    assert not asks_for_programmes(text)
