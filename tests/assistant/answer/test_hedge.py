"""The hedge sentence: which asked detail the documents do not state, in German and English."""

from __future__ import annotations

from assistant.answer.analysis import analyse
from assistant.answer.hedge import hedge_lead, hedge_sentence


def test_one_part() -> None:
    (part,) = analyse("Bis wann müssen wir den Antrag stellen?").parts
    assert hedge_sentence(part, "de", several_parts=False) == (
        "Die gefundenen Dokumente nennen keine Antragsfrist."
    )
    assert hedge_sentence(part, "en", several_parts=False) == (
        "The documents found do not state an application deadline."
    )


def test_several_parts_name_the_part() -> None:
    parts = analyse("Was kostet ein Sensor, und wie viele Sensoren hat die Stadt?").parts
    lead = hedge_lead([parts[1]], "de", several_parts=True)
    assert lead.startswith("Zu „wie viele Sensoren hat die Stadt?“ nennen")
    assert "keine Anzahl" in lead
    assert not lead.rstrip().endswith(":")
