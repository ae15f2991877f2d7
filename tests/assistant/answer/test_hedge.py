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


def test_a_lead_above_figures_of_another_case_says_none_fits_exactly() -> None:
    (part,) = analyse("Welche Förderquote bekommen wir für eine Zisterne?").parts
    shown = "„Richtlinie“ (Förderrichtlinie): Förderquote (FQ) 50% für Gründächer [1]"
    assert hedge_sentence(part, "de", several_parts=False, shown=shown) == (
        "Die gefundenen Dokumente nennen keinen Prozentsatz, der genau das Gefragte betrifft."
    )
    assert hedge_sentence(part, "en", several_parts=False, shown=shown) == (
        "The documents found do not state a rate or percentage for exactly what was asked."
    )
    # without such a figure below, the plain sentence
    assert hedge_sentence(part, "de", several_parts=False, shown="Gründächer sind gut. [1]") == (
        "Die gefundenen Dokumente nennen keinen Prozentsatz."
    )


def test_the_agreement_follows_the_missing_detail() -> None:
    (part,) = analyse("Wie viele Sensoren hat die Stadt?").parts
    shown = "In Delbrück laufen 40 Sensoren. [1]"
    assert hedge_sentence(part, "de", several_parts=False, shown=shown).endswith(
        "keine Anzahl, die genau das Gefragte betrifft."
    )
