""" "Bis wann gilt Programm X noch?" for a programme the question names: the answer states the
validity the catalogue knows (here only from the sample guideline's front matter; no sentence
of its text states it) instead of hedging that the documents name none."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow


def test_validity_of_a_named_programme_comes_from_the_catalogue(corpus_services: Any) -> None:
    answer = corpus_services.answers.ask(
        "Bis wann gilt die Förderrichtlinie für interkommunale Zusammenarbeit in NRW noch?",
        municipality="Warburg",
    )
    assert answer.kind == "answer", answer.answer
    first = answer.answer.split("\n\n")[0]
    assert first.startswith("„Förderrichtlinie IKZ NRW“")
    assert (
        "gültig bis 31. Dezember 2026" in first and "Warburg ist selbst antragsberechtigt" in first
    )
    assert all(c.title.startswith("Förderrichtlinie IKZ NRW") for c in answer.citations)


def test_a_validity_question_without_a_named_programme_gets_no_programme(
    corpus_services: Any,
) -> None:
    answer = corpus_services.answers.ask("Wie lange gilt eine Baugenehmigung in NRW?")
    assert "Förderrichtlinie IKZ NRW“ (Förderrichtlinie): Stand" not in answer.answer
