"""Answer confidence from retrieval and extraction signals.

``score = top dense similarity (e5 cosine of the best chunk) + OVERLAP_WEIGHT x word overlap
of the best answer sentence with the question``.

The thresholds below are provisional: set by hand so that the sample corpus' on-topic
questions are answered and off-topic ones ("Wie backe ich einen Marmorkuchen?") refused.
``benchmarks/answers.py`` calibrates them on XQuAD-de (answerable questions against the
same questions with their own paragraph removed from the results): it prints the curve and
the threshold it suggests; apply that here once it has been run.
"""

from __future__ import annotations

from assistant.answer_models import Confidence

OVERLAP_WEIGHT = 0.2
#: below NONE_BELOW the assistant refuses; the other two split what it answers
NONE_BELOW = 0.86
MEDIUM_FROM = 0.90
HIGH_FROM = 0.94


def confidence_score(top_similarity: float, best_overlap: float) -> float:
    """The combined score (higher means better supported)."""
    return top_similarity + OVERLAP_WEIGHT * best_overlap


def confidence_level(score: float) -> Confidence:
    """``none`` / ``low`` / ``medium`` / ``high`` for a score."""
    if score < NONE_BELOW:
        return "none"
    if score < MEDIUM_FROM:
        return "low"
    if score < HIGH_FROM:
        return "medium"
    return "high"
