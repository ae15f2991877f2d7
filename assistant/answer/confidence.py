"""Answer confidence: is the answer to the question in the retrieved evidence?

First a small logistic model over four cheap signals (no extra model call, well under 1 ms):

* ``top_similarity``: e5 cosine of the question and the first chunk;
* ``margin``: the square root of how far the highest cosine among the hits lies above the
  best cosine of a hit from *another* document (a paragraph that answers stands out from
  its neighbours; when it is missing, several near-equal chunks of the same topic remain);
* ``chunk_coverage``: the share of the question's content-word character 4-grams found in
  the first chunk, each gram weighted by its BM25 inverse document frequency (rare words
  such as names, numbers and specific nouns count, topic words shared by many chunks less);
* ``sentence_coverage``: the IDF-weighted share of the question's content *words* (a word
  counts when at least half of its 4-grams occur) found in the best single sentence of the
  first three chunks.

Content words are the question's words minus function words (``assistant/function_words.py``:
pronouns, modal verbs, conjunctions, interrogatives ...); conversational questions ("Was
müssen wir erledigt haben, bevor wir ...?") otherwise lose coverage for words no document
needs to contain.

``score = sigmoid(b + sum(w_i x signal_i))`` is the estimated probability that the evidence
answers the question. The coefficients were fitted with ``benchmarks/xquad_experiments.py
fit`` (scikit-learn ``LogisticRegression``, C=10) on XQuAD-de: the 24 articles with an
even index, each question once with its own paragraph (label 1) and once with it removed
from the index (label 0). On the other, held-out 24 articles, at the point refusing 5 % of
the fitted answerable questions (0.21), these signals refused 2.6 % of the answerable
questions and answered 28.7 % of the removed ones; at exactly 5 % held-out refusals 19.9 %
(over random halvings of the articles: 26 %).

These signals compare words and vectors; they cannot tell the paragraph that answers from
a neighbouring paragraph on the same topic. When their score is uncertain (inside
``CASCADE``) and an answer checker is configured (``reader``: the cross-encoder of
:mod:`assistant.answerability`, which reads the question together with each of the first
``READ_CHUNKS`` chunks), a second logistic model (``STACKED``) adds its best logit to the
four signals and decides. ``benchmarks/answerability_fit.py`` fitted it on the even articles
with cross-fitting (the logits there come from a cross-encoder trained on the odd articles;
the bundled one was trained on the even articles, so the odd ones stay held out) and chose
``CASCADE``: outside it, reading would change at most 0.5 % of the fitted decisions at the
XQuAD point and at ``NONE_BELOW``. On the held-out articles, at exactly 5 % refusals, the
cascade answers 15.2 % of the removed questions (four signals alone: 19.9 %); the stacked
model cross-fitted over all articles 23.3 % (four signals the same way: 26.0 %). The
cascade reads about 7 % of the answerable and half of the removed questions. Reading three
chunks instead of two gave 13.8 % / 22.5 % but ~40 ms more per read question, beyond the
answer-time budget (p95 150 ms).

The lexical signals need the question and the documents to share a language. A question in
another language than its best document (an English question over German documents) is
scored by a second model fitted on the same data with the dense signals only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from assistant.answer.result import Confidence
from assistant.function_words import FUNCTION_WORDS
from assistant.lexical import NGRAM, tokenize
from assistant.models import SearchHit
from assistant.overlap import STOPWORDS
from assistant.sentences import split_sentences

#: (intercept, top_similarity, margin, chunk_coverage, sentence_coverage)
COEFFICIENTS: tuple[float, float, float, float, float] = (
    -13.2764,
    9.2303,
    10.9908,
    3.5532,
    4.4592,
)
#: (intercept, top_similarity, margin) for questions in another language than the documents
CROSS_LINGUAL: tuple[float, float, float] = (-19.3325, 20.1645, 14.5381)
#: the refusal point on XQuAD-de: 5 % of the fitted answerable questions refused, for the
#: four signals and (CHECKED_) with the answer checker
XQUAD_NONE_BELOW = 0.21
CHECKED_XQUAD_NONE_BELOW = 0.17
#: below NONE_BELOW the assistant refuses; the other two split what it answers. Lower than
#: the XQuAD point: the product's own questions (``corpus/eval/questions.yaml``: long,
#: conversational, paraphrased) score lower than XQuAD's short factoid questions; at 0.20
#: the assistant would refuse 10 of those 59 answerable questions (7 with the checker).
#: 0.10 is the highest threshold (0.01 steps) that refuses at most 5 % of them in both
#: modes: 2/59 with the four signals (0.063, 0.091; three at 0.11), 1/59 with the checker
#: (0.099; two at 0.11, four at 0.12). A choice made on those questions, not a held-out
#: figure. The off-topic probes stay far below ("Wie backe ich einen Marmorkuchen?" 0.003,
#: a football and a weather question 0.013, 0.031). On XQuAD-de the assistant then still
#: answers many questions whose paragraph is missing (see ``benchmarks/answers.py``).
NONE_BELOW = 0.10
MEDIUM_FROM = 0.3
HIGH_FROM = 0.7
#: chunks the cross-encoder reads (the best of them counts)
READ_CHUNKS = 2
#: (intercept, the four signals as in COEFFICIENTS, best cross-encoder logit)
STACKED: tuple[float, float, float, float, float, float] = (
    -6.4214,
    3.7528,
    9.0702,
    1.1757,
    3.2086,
    0.4428,
)
#: four-signal scores in [low, high) ask the cross-encoder; outside, its answer would not
#: change the decision on the fitted articles (see the module docstring)
CASCADE: tuple[float, float] = (0.055, 0.365)
#: the refusal point of the cross-lingual model (5 % of the fitted answerable questions)
CROSS_LINGUAL_NONE_BELOW = 0.18
SENTENCE_CHUNKS = 3
MIN_SENTENCE_CHARS = 25
_WORD = re.compile(r"\w+")

IdfLookup = Callable[[Iterable[str]], dict[str, float]]


class PassageReader(Protocol):
    """Reads a question together with passages (``assistant.answerability``)."""

    def score(self, question: str, passages: Sequence[str]) -> list[float]:
        """One logit per passage: higher means the passage answers the question."""
        ...


@dataclass(frozen=True)
class Signals:
    """The inputs of the confidence model (see the module docstring)."""

    top_similarity: float
    margin: float
    chunk_coverage: float
    sentence_coverage: float


_NOT_CONTENT = STOPWORDS | FUNCTION_WORDS


def content_words(question: str) -> list[str]:
    """The question's words without function words and short words (numbers stay)."""
    return [
        w
        for w in _WORD.findall(question.lower())
        if w not in _NOT_CONTENT and (len(w) >= 3 or w.isdigit())
    ]


def _coverage(grams: set[str], idf: dict[str, float], present: set[str]) -> float:
    total = sum(idf[g] for g in grams)
    return sum(idf[g] for g in grams if g in present) / total if total else 0.0


def present_grams(grams: set[str], text: str) -> set[str]:
    """``grams & set(tokenize(text))``, without building every gram of ``text``.

    A gram of ``NGRAM`` word characters is a gram of ``text`` exactly when it occurs in the
    lowercased text (an occurrence cannot cross a non-word character); a shorter gram is a
    whole short word."""
    lowered = text.lower()
    short = {g for g in grams if len(g) < NGRAM}
    found = {g for g in grams if len(g) == NGRAM and g in lowered}
    if short:
        found |= short & {w for w in _WORD.findall(lowered) if len(w) < NGRAM}
    return found


def _word_coverage(
    words: Sequence[tuple[set[str], float]], present: set[str], total: float
) -> float:
    covered = sum(weight for grams, weight in words if len(grams & present) * 2 >= len(grams))
    return covered / total if total else 0.0


def signals(question: str, hits: Sequence[SearchHit], idf: IdfLookup) -> Signals:
    """The confidence signals of ``hits`` (best first) for ``question``."""
    if not hits:
        return Signals(0.0, 0.0, 0.0, 0.0)
    top = hits[0].dense_similarity or 0.0
    nearest = max(hits, key=lambda h: h.dense_similarity or 0.0)
    best = nearest.dense_similarity or 0.0
    others = [h.dense_similarity or 0.0 for h in hits if h.doc_id != nearest.doc_id]
    if not others:  # every hit from one document: the margin is at least the spread
        others = [min(h.dense_similarity or 0.0 for h in hits)]
    margin = math.sqrt(max(0.0, best - max(others)))
    words = content_words(question)
    word_grams = [set(tokenize(w)) for w in words]
    grams = set().union(*word_grams) if word_grams else set()
    weights = idf(grams)
    chunk = _coverage(grams, weights, present_grams(grams, hits[0].text))
    weighted = [(g, sum(weights[x] for x in g) / len(g)) for g in word_grams if g]
    total = sum(w for _, w in weighted)
    sentence = 0.0
    for hit in hits[:SENTENCE_CHUNKS]:
        for text in split_sentences(hit.text):
            if len(text) >= MIN_SENTENCE_CHARS:
                found = present_grams(grams, text)
                sentence = max(sentence, _word_coverage(weighted, found, total))
    return Signals(top, margin, chunk, sentence)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0


def confidence_score(values: Signals, *, cross_lingual: bool = False) -> float:
    """Probability (0-1) that the evidence answers the question.

    Cross-lingual scores are shifted so that ``NONE_BELOW`` is their refusal point too."""
    if cross_lingual:
        b, w_sim, w_margin = CROSS_LINGUAL
        z = b + w_sim * values.top_similarity + w_margin * values.margin
        shift = _logit(NONE_BELOW) - _logit(CROSS_LINGUAL_NONE_BELOW)
        return _sigmoid(z + shift)
    return _sigmoid(_weighted(values, COEFFICIENTS))


def _weighted(values: Signals, weights: Sequence[float]) -> float:
    """``b + sum(w_i x signal_i)`` for ``weights = (b, w_1, ..., w_4)``."""
    b, w_sim, w_margin, w_chunk, w_sentence = weights
    return (
        b
        + w_sim * values.top_similarity
        + w_margin * values.margin
        + w_chunk * values.chunk_coverage
        + w_sentence * values.sentence_coverage
    )


def stacked_score(values: Signals, answerability: float) -> float:
    """Probability (0-1) from the four signals and the highest cross-encoder logit of the
    first ``READ_CHUNKS`` chunks (``STACKED``)."""
    return _sigmoid(_weighted(values, STACKED[:5]) + STACKED[5] * answerability)


def needs_reading(cheap: float) -> bool:
    """Whether the cross-encoder can change the decision for this four-signal score."""
    low, high = CASCADE
    return low <= cheap < high


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def confidence_level(score: float) -> Confidence:
    """``none`` / ``low`` / ``medium`` / ``high`` for a score."""
    if score < NONE_BELOW:
        return "none"
    if score < MEDIUM_FROM:
        return "low"
    if score < HIGH_FROM:
        return "medium"
    return "high"


def answer_confidence(
    query: str,
    hits: Sequence[SearchHit],
    idf: IdfLookup,
    *,
    language: str,
    reader: PassageReader | None = None,
) -> float:
    """The confidence score of answering ``query`` (asked in ``language``) from ``hits``.

    The cross-lingual model applies when the best document's language (metadata
    ``language``, German when unknown) is not the question's. Otherwise, with a ``reader``
    and a four-signal score inside ``CASCADE``, the stacked model decides."""
    if not hits:
        return 0.0
    document_language = str(hits[0].metadata.get("language") or "de")
    values = signals(query, hits, idf)
    if language != document_language:
        return confidence_score(values, cross_lingual=True)
    cheap = confidence_score(values)
    if reader is None or not needs_reading(cheap):
        return cheap
    logits = reader.score(query, [h.text for h in hits[:READ_CHUNKS]])
    return stacked_score(values, max(logits))
