"""The answer confidence model: its signals and how they decide refusals."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answer import confidence
from assistant.answer.confidence import (
    Signals,
    answer_confidence,
    confidence_level,
    confidence_score,
    content_words,
    present_grams,
    signals,
)
from assistant.function_words import FUNCTION_WORDS
from assistant.lexical import LexicalIndex, tokenize
from assistant.models import SearchHit

QUESTION = "In welchem Jahr wurde die Weserbrücke in Minden für den Verkehr freigegeben?"
ANSWERS = "Die Weserbrücke in Minden wurde im Jahr 1911 für den Verkehr freigegeben."
SIBLING = "Die Stadt Minden liegt an der Weser und hat einen großen Hafen für Binnenschiffe."
OTHER = "Der Mittellandkanal kreuzt die Weser bei Minden auf einer langen Kanalbrücke."
FAR = "Paderborn zeigt freie Parkplätze in der Innenstadt über Bodensensoren in einer App an."


def hit(n: int, doc: str, text: str, similarity: float, language: str = "de") -> SearchHit:
    return SearchHit(
        rank=n,
        score=1.0 / n,
        chunk_id=f"{doc}:{n}",
        doc_id=doc,
        title=doc,
        doc_type="other",
        source="",
        page=None,
        section="",
        text=text,
        metadata={"language": language},
        dense_similarity=similarity,
    )


@pytest.fixture(scope="module")
def idf() -> LexicalIndex:
    rows = [
        (f"{i}", text, {})
        for i, text in enumerate([ANSWERS, SIBLING, OTHER, FAR, SIBLING, OTHER, FAR])
    ]
    return LexicalIndex.build(rows, generation=1)


def test_content_words_drop_stopwords_but_keep_numbers() -> None:
    assert content_words("Wer fördert 2024 in der Stadt?") == ["fördert", "2024", "stadt"]
    assert content_words("Was ist das?") == []


def test_content_words_leave_out_function_words_of_conversational_questions() -> None:
    question = "Was müssen wir erledigt haben, bevor wir Bundesmittel beantragen können?"
    assert content_words(question) == ["erledigt", "bundesmittel", "beantragen"]
    assert content_words("Worauf sollten wir achten, damit es weiterläuft?") == [
        "achten",
        "weiterläuft",
    ]
    assert content_words("What should we do before we apply?") == ["apply"]


def test_function_words_are_single_lowercase_words() -> None:
    assert all(w == w.lower() and w.isalpha() for w in FUNCTION_WORDS)
    assert not {"förderung", "stadt", "gemeinde", "antrag", "sensor"} & FUNCTION_WORDS


def test_idf_ranks_rare_grams_above_common_ones(idf: LexicalIndex) -> None:
    got = idf.idf(["mind", "1911", "zzzz"])  # Minden: 5 of 7 chunks; 1911: one; zzzz: none
    assert got["mind"] < got["1911"] < got["zzzz"]


def test_answering_evidence_scores_above_a_sibling_without_the_answer(idf: LexicalIndex) -> None:
    answering = [hit(1, "a", ANSWERS, 0.90), hit(2, "b", SIBLING, 0.84), hit(3, "c", OTHER, 0.83)]
    missing = [hit(1, "b", SIBLING, 0.85), hit(2, "c", OTHER, 0.845), hit(3, "d", FAR, 0.80)]
    good = signals(QUESTION, answering, idf.idf)
    bad = signals(QUESTION, missing, idf.idf)
    assert good.margin == pytest.approx((0.90 - 0.84) ** 0.5)
    assert good.chunk_coverage > 0.6 and good.sentence_coverage > 0.6
    assert bad.chunk_coverage < 0.4 and bad.sentence_coverage < 0.4
    assert confidence_level(confidence_score(good)) != "none"
    assert confidence_level(confidence_score(bad)) == "none"


def test_margin_within_one_document_is_the_spread(idf: LexicalIndex) -> None:
    same = [hit(1, "a", ANSWERS, 0.90), hit(2, "a", SIBLING, 0.86), hit(3, "a", OTHER, 0.81)]
    assert signals(QUESTION, same, idf.idf).margin == pytest.approx(0.09**0.5)
    assert signals(QUESTION, [], idf.idf) == Signals(0.0, 0.0, 0.0, 0.0)


def test_cross_lingual_questions_are_scored_on_dense_signals(idf: LexicalIndex) -> None:
    dense_only = Signals(top_similarity=0.88, margin=0.2, chunk_coverage=0.0, sentence_coverage=0)
    # without word overlap the monolingual model refuses; the cross-lingual one answers
    assert confidence_score(dense_only) < confidence.NONE_BELOW
    assert confidence_score(dense_only, cross_lingual=True) >= confidence.NONE_BELOW
    hits = [hit(1, "a", ANSWERS, 0.88), hit(2, "b", SIBLING, 0.84)]
    question = "When was the bridge opened for traffic?"

    def no_idf(tokens: Iterable[str]) -> dict[str, float]:
        return {t: 1.0 for t in tokens}

    english = answer_confidence(question, hits, no_idf, language="en")
    german = answer_confidence(question, hits, no_idf, language="de")
    assert english == confidence_score(signals(question, hits, no_idf), cross_lingual=True)
    assert german == confidence_score(signals(question, hits, no_idf))
    assert answer_confidence(question, [], no_idf, language="en") == 0.0


def test_levels_follow_the_thresholds() -> None:
    assert confidence_level(0.0) == "none"
    assert confidence_level(confidence.NONE_BELOW) == "low"
    assert confidence_level(confidence.MEDIUM_FROM) == "medium"
    assert confidence_level(confidence.HIGH_FROM) == "high"


_WORDS = st.text(alphabet="abcäöüßXYZİ1é-_ ", min_size=0, max_size=12)


@given(question=st.lists(_WORDS, max_size=6), text=st.lists(_WORDS, max_size=30))
@settings(max_examples=400, deadline=None)
def test_present_grams_equals_the_grams_of_the_text(question: list[str], text: list[str]) -> None:
    """The fast membership test gives exactly the set intersection it replaces."""
    grams = set(tokenize(" ".join(question)))
    joined = " . ".join(text)
    assert present_grams(grams, joined) == grams & set(tokenize(joined))


def test_present_grams_on_real_sentences() -> None:
    grams = set(tokenize(QUESTION))
    assert present_grams(grams, ANSWERS) == grams & set(tokenize(ANSWERS))
    assert {"1911"} - present_grams({"1911", "in"}, ANSWERS) == set()
    assert present_grams({"min"}, "Minden") == set()  # a short gram is a whole word only


class RecordingReader:
    """A stand-in cross-encoder that returns a fixed logit and records its calls."""

    def __init__(self, *logits: float) -> None:
        self.logits = list(logits)
        self.calls: list[tuple[str, list[str]]] = []

    def score(self, question: str, passages: Sequence[str]) -> list[float]:
        self.calls.append((question, list(passages)))
        return self.logits[: len(passages)]


def _no_idf(tokens: Iterable[str]) -> dict[str, float]:
    return {t: 1.0 for t in tokens}


def test_the_reader_decides_only_inside_the_cascade_band() -> None:
    low, high = confidence.CASCADE
    assert 0.0 < low < confidence.NONE_BELOW < high < 1.0
    # siblings first: the four signals doubt, so the reader reads the first chunks
    hits = [
        hit(1, "a", SIBLING, 0.86),
        hit(2, "b", OTHER, 0.85),
        hit(3, "c", FAR, 0.84),
        hit(4, "d", ANSWERS, 0.83),
    ]
    values = signals(QUESTION, hits, _no_idf)
    assert confidence.needs_reading(confidence_score(values))
    reader = RecordingReader(-6.0, 5.0, -2.0)
    score = answer_confidence(QUESTION, hits, _no_idf, language="de", reader=reader)
    assert confidence.READ_CHUNKS >= 2
    assert reader.calls == [(QUESTION, [SIBLING, OTHER, FAR][: confidence.READ_CHUNKS])]
    assert score == confidence.stacked_score(values, 5.0)  # the best logit counts
    # a clear case outside the band is decided without reading
    sure = [hit(1, "a", ANSWERS, 0.95), hit(2, "b", FAR, 0.70)]
    cheap = confidence_score(signals(QUESTION, sure, _no_idf))
    assert not confidence.needs_reading(cheap)
    reader = RecordingReader(-6.0)
    assert answer_confidence(QUESTION, sure, _no_idf, language="de", reader=reader) == cheap
    assert reader.calls == []
    assert confidence.needs_reading(low) and not confidence.needs_reading(high)
    assert not confidence.needs_reading(low / 2) and not confidence.needs_reading(1.0)


def test_the_reader_logit_moves_the_stacked_score_across_the_refusal_point() -> None:
    values = Signals(top_similarity=0.86, margin=0.1, chunk_coverage=0.3, sentence_coverage=0.3)
    assert confidence.needs_reading(confidence_score(values))  # a case the cheap signals doubt
    assert confidence.stacked_score(values, -8.0) < confidence.NONE_BELOW
    assert confidence.stacked_score(values, 8.0) >= confidence.NONE_BELOW


def test_cross_lingual_questions_are_not_read() -> None:
    hits = [hit(1, "a", ANSWERS, 0.88), hit(2, "b", SIBLING, 0.84)]
    reader = RecordingReader(8.0)
    question = "When was the bridge opened for traffic?"
    english = answer_confidence(question, hits, _no_idf, language="en", reader=reader)
    assert reader.calls == []
    assert english == confidence_score(signals(question, hits, _no_idf), cross_lingual=True)
