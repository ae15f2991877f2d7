"""Structured transfer answers: adoption questions answered in the transfer-note structure."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.answer.citations import MARKER
from assistant.answer.transfer import is_transfer_question


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Wie können wir das LoRaWAN-Gebäudemonitoring aus Delbrück übernehmen?", True),
        ("Was brauchen wir, um Smart Parking einzuführen?", True),
        ("Wie führt man eine Dorf-App ein?", True),
        ("Wie lässt sich das Open-Data-Portal nachnutzen?", True),
        ("How can we adopt the tree irrigation sensors?", True),
        ("Wie viel kostet ein Bodenfeuchtesensor?", False),
        ("Wer hat das Projekt in Delbrück übernommen", False),
        ("Which programmes fund broadband?", False),
    ],
)
def test_detects_adoption_questions(question: str, expected: bool) -> None:
    assert is_transfer_question(question) is expected


def _check_verbatim(answer: Any, services: Any) -> None:
    numbers = {int(n) for n in MARKER.findall(answer.answer)}
    assert numbers == {c.n for c in answer.citations}
    stored = services.index.store.get([c.chunk_id for c in answer.citations])
    for c in answer.citations:
        assert c.quote and c.quote in stored[c.chunk_id][0]


@pytest.mark.slow
def test_adoption_question_gets_transfer_structure(corpus_services: Any) -> None:
    answer = corpus_services.answers.ask(
        "Wie können wir das LoRaWAN-Gebäudemonitoring aus Delbrück übernehmen?",
        municipality="Borchen",
    )
    text = answer.answer
    lines = text.splitlines()
    assert lines[0].startswith("„Transfersteckbrief") and lines[0].endswith("(Transfersteckbrief):")
    for label in (
        "Voraussetzungen:",
        "Aufwand und Personal:",
        "Daten und Datenschutz (DSGVO):",
        "Beschaffung und Vergabe:",
        "Stolpersteine:",
        "Wer berät:",
    ):
        assert any(line.startswith(f"{label} ") for line in lines), label
    for line in lines[1:]:
        assert MARKER.search(line) and not line.endswith(":"), line  # every part is cited
        assert " - " not in line  # no list dashes in the text
    assert {c.doc_type for c in answer.citations} == {"transfer_note"}
    assert all(c.section for c in answer.citations)
    _check_verbatim(answer, corpus_services)
    assert answer.confidence != "none"
    assert "delbrueck-digital" in {c.id for c in answer.contacts}


@pytest.mark.slow
def test_other_questions_keep_the_normal_answer(corpus_services: Any) -> None:
    answer = corpus_services.answers.ask("Wie viel kostet ein Bodenfeuchtesensor?")
    assert "Voraussetzungen:" not in answer.answer
    _check_verbatim(answer, corpus_services)
