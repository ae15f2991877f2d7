"""The answerability cross-encoder with the bundled parameters (real weights, no fakes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answerability import MAX_TOKENS, AnswerabilityModel, bundled_model, pair_ids
from assistant.errors import ConfigurationError

QUESTION = "In welchem Jahr wurde die Weserbrücke in Minden für den Verkehr freigegeben?"


@pytest.fixture(scope="module")
def model() -> AnswerabilityModel:
    return bundled_model()


def test_pair_layout_and_length_cap(model: AnswerabilityModel) -> None:
    tok = model._encoder.tokenizer
    ids = pair_ids(tok, "Wer fördert LoRaWAN?", "Das Land fördert Sensoren. " * 200)
    assert ids[0] == tok.bos and ids[-1] == tok.eos
    assert len(ids) == MAX_TOKENS
    question = tok.content_ids("query: Wer fördert LoRaWAN?")
    assert ids[1 : 1 + len(question)] == question
    assert ids[1 + len(question)] == tok.eos
    short = pair_ids(tok, "Wer?", "Die Stadt.")
    assert short[-1] == tok.eos and len(short) < 20


def test_missing_parameters_are_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="SMARTCITY_ANSWER_CHECK=signals"):
        AnswerabilityModel(tmp_path / "missing.npz")


# (question, a passage that answers it, a passage on the same topic that does not)
CASES = [
    (
        QUESTION,
        "Die Weserbrücke in Minden wurde nach drei Jahren Bauzeit im Jahr 1911 für den Verkehr "
        "freigegeben. Sie ersetzte eine hölzerne Brücke.",
        "Die Weserbrücke in Minden ist 220 Meter lang und verbindet die Altstadt mit dem "
        "Stadtteil Rechtes Weserufer. Sie wurde mehrfach verbreitert.",
    ),
    (
        "Wie viele Sensoren hat die Gemeinde in ihren Schulen installiert?",
        "In den fünf Schulen der Gemeinde wurden insgesamt 140 Sensoren installiert, die "
        "Temperatur, Luftfeuchte und CO2 messen und über LoRaWAN senden.",
        "Die Schulen der Gemeinde wollen ihre Energiekosten senken. Der Schulträger prüft "
        "dafür verschiedene Maßnahmen, etwa neue Fenster und eine bessere Dämmung.",
    ),
    (
        "Wer betreibt das LoRaWAN-Netz im Kreis Lippe?",
        "Das LoRaWAN-Netz im Kreis Lippe wird von den Stadtwerken Detmold betrieben, die "
        "auch die Gateways auf den Dächern der Schulen warten.",
        "Im Kreis Lippe messen LoRaWAN-Sensoren die Pegel der Bäche und melden Hochwasser "
        "früh. Die Daten erscheinen auf einem offenen Portal.",
    ),
]


@pytest.mark.parametrize(("question", "answers", "sibling"), CASES)
def test_a_passage_that_answers_scores_above_a_sibling_on_the_same_topic(
    model: AnswerabilityModel, question: str, answers: str, sibling: str
) -> None:
    on_topic, off_answer = model.score(question, [answers, sibling])
    assert on_topic > off_answer + 0.5


def test_batched_scores_equal_single_scores(model: AnswerabilityModel) -> None:
    pairs = [(q, p) for q, a, s in CASES for p in (a, s)]
    single = [model.score(q, [p])[0] for q, p in pairs]
    assert model.score_many(pairs) == pytest.approx(single, abs=0.05)


def test_concurrent_callers_get_their_own_scores(model: AnswerabilityModel) -> None:
    from concurrent.futures import ThreadPoolExecutor

    alone = [model.score(q, [a, s]) for q, a, s in CASES]
    with ThreadPoolExecutor(max_workers=len(CASES)) as pool:
        together = list(pool.map(lambda case: model.score(case[0], case[1:]), CASES * 2))
    for got, expected in zip(together, alone * 2, strict=True):
        assert got == pytest.approx(expected, abs=0.05)


def test_bfloat16_scores_match_float32() -> None:
    exact = AnswerabilityModel(bfloat16=False)
    fast = AnswerabilityModel(bfloat16=True)
    pairs = [(q, p) for q, a, s in CASES for p in (a, s)]
    assert fast.score_many(pairs) == pytest.approx(exact.score_many(pairs), abs=0.1)
