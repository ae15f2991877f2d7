"""The selection-recall benchmark's counting: facts found, and the reranked choice."""

from __future__ import annotations

from benchmarks.selection_recall import PER_PART, best_units, facts_in


def test_facts_in_counts_entries_with_any_alternative() -> None:
    text = "Die ZUG gGmbH berät; die Förderquote beträgt 75 %."
    facts = ["75 %", ["Zukunft – Umwelt – Gesellschaft", "zug"], "Projektskizze"]
    assert facts_in(text, facts) == 2


def test_best_units_orders_by_score_plus_weighted_logit() -> None:
    units = [(3.0, "a"), (2.0, "b"), (1.0, "c"), (0.0, "d")]
    logits = [-4.0, 0.0, 0.0, 10.0]
    assert best_units(units, logits, 0.0) == ["a", "b", "c"][:PER_PART]
    assert best_units(units, logits, 1.0) == ["d", "b", "c"][:PER_PART]
    assert best_units(units, logits, None)[0] == "d"
