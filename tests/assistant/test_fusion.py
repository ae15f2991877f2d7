"""Fusion of dense and lexical candidate lists (convex and reciprocal-rank)."""

from __future__ import annotations

import pytest

from assistant.fusion import convex_fusion, normalise, reciprocal_rank_fusion

# "a" is clearly best by meaning and nearly tied on words; "b" is only slightly best on words
DENSE = [("a", 0.90), ("b", 0.60), ("c", 0.50)]
LEXICAL = [("b", 10.0), ("a", 9.5), ("c", 1.0)]


def test_convex_keeps_how_much_better_a_candidate_is() -> None:
    rrf = reciprocal_rank_fusion([[i for i, _ in DENSE], [i for i, _ in LEXICAL]], k=60)
    assert rrf["a"] == pytest.approx(rrf["b"])  # ranks alone cannot tell a from b
    fused = convex_fusion(DENSE, LEXICAL, n=50, alpha=0.6)
    # dense 0.90..0.50 -> a 1, b 0.25, c 0; lexical (list not full: floor 0) -> b 1, a 0.95
    assert fused["a"] == pytest.approx(0.6 * 1.0 + 0.4 * 0.95)
    assert fused["b"] == pytest.approx(0.6 * 0.25 + 0.4 * 1.0)
    assert fused["a"] > fused["b"] > fused["c"]


def test_alpha_weighs_the_two_sides() -> None:
    dense_only = convex_fusion(DENSE, LEXICAL, 50, 1.0)
    lexical_only = convex_fusion(DENSE, LEXICAL, 50, 0.0)
    assert max(dense_only, key=dense_only.__getitem__) == "a"
    assert max(lexical_only, key=lexical_only.__getitem__) == "b"


def test_normalisation_floor() -> None:
    # a full list: its last candidate is the floor (anything outside scored lower)
    assert normalise(LEXICAL, full=True, empty_floor=0.0)["c"] == 0.0
    # not full: every positive BM25 score is in the list, so the floor is 0
    assert normalise(LEXICAL, full=False, empty_floor=0.0)["c"] == pytest.approx(0.1)
    # dense lists without a floor of their own use their last score
    assert normalise(DENSE, full=False, empty_floor=None)["c"] == 0.0
    assert normalise([("x", 0.4)], full=False, empty_floor=None) == {"x": 1.0}
    assert normalise([], full=True, empty_floor=0.0) == {}


def test_a_chunk_found_by_one_side_only_gets_that_share() -> None:
    fused = convex_fusion([("d", 0.8), ("e", 0.7)], [("l", 3.0)], n=50, alpha=0.6)
    assert fused == {"d": pytest.approx(0.6), "e": 0.0, "l": pytest.approx(0.4)}
