"""Fusion of the dense and the lexical candidate lists into one ranking.

Two methods (setting ``fusion``):

* ``convex`` (default): ``alpha x dense + (1 - alpha) x lexical`` over min-max normalised
  scores. Each list is scaled to 0..1 between its best candidate and its floor: the score
  of the ``n``-th candidate when the list is full (anything not in it scores lower), else 0
  for BM25 (every chunk with a positive score is in the list) and the last cosine for dense
  search. A chunk missing from one list gets 0 there. Unlike rank fusion this keeps *how
  much* better the first candidate is: a clear lexical or dense winner is not levelled to
  "rank 1" (on XQuAD-de paragraph recall@1 0.936 with RRF, 0.947 with this at alpha 0.6;
  ``benchmarks/xquad_experiments.py``).
* ``rrf``: reciprocal-rank fusion, ``sum(weight / (k + rank))``.
"""

from __future__ import annotations

from collections.abc import Sequence


def reciprocal_rank_fusion(
    rankings: list[list[str]], k: int, weights: list[float] | None = None
) -> dict[str, float]:
    """Sum of ``weight / (k + rank)`` over the rankings each id appears in (rank from 1)."""
    scores: dict[str, float] = {}
    for n, ranking in enumerate(rankings):
        weight = weights[n] if weights else 1.0
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return scores


def normalise(
    scored: Sequence[tuple[str, float]], full: bool, empty_floor: float | None
) -> dict[str, float]:
    """Scores of one best-first candidate list scaled to 0..1 (best = 1, floor = 0).

    ``full``: the list was cut at the requested length, so its last score is the floor.
    Otherwise the floor is ``empty_floor`` (``None``: the last score)."""
    if not scored:
        return {}
    top = scored[0][1]
    floor = scored[-1][1] if full or empty_floor is None else min(empty_floor, scored[-1][1])
    span = top - floor
    if span <= 1e-12:
        return {i: 1.0 for i, _ in scored}
    return {i: min(1.0, max(0.0, (s - floor) / span)) for i, s in scored}


def convex_fusion(
    dense: Sequence[tuple[str, float]],
    lexical: Sequence[tuple[str, float]],
    n: int,
    alpha: float,
) -> dict[str, float]:
    """``alpha x`` normalised cosine ``+ (1 - alpha) x`` normalised BM25, per chunk id.

    ``dense``/``lexical``: best-first (id, score) lists of at most ``n`` candidates each."""
    d = normalise(dense, len(dense) >= n, None)
    lx = normalise(lexical, len(lexical) >= n, 0.0)
    return {
        i: alpha * d.get(i, 0.0) + (1.0 - alpha) * lx.get(i, 0.0) for i in dict.fromkeys([*d, *lx])
    }
