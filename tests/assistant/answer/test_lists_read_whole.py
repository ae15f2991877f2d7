"""A question on pitfalls or steps gets the list, not its first two or three items: up to five
sentences per part (the sample corpus's Delbrück report lists its pitfalls as bullets)."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.slow


def test_pitfalls_question_gets_five_items_of_the_section(corpus_services: Any) -> None:
    answer = corpus_services.answers.ask(
        "Wir planen Sensoren an Wasserzählern in unseren Kitas. Welche Stolpersteine hatte "
        "Delbrück beim Gebäudemonitoring?"
    )
    assert answer.kind == "answer"
    [first] = [c for c in answer.citations if c.n == 1]
    assert "Stolpersteine" in first.section and "Delbrück" in first.title
    assert len(re.findall(r"\[1\]", answer.answer)) >= 5, answer.answer
