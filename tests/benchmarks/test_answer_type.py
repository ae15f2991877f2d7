"""Expected answer types and typed-evidence signals (experiment code, benchmarks/answer_type.py)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from benchmarks.answer_type import (
    candidates,
    expected_type,
    is_entity,
    is_number,
    type_signals,
    words,
)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Wann wurde dieses Edikt erlassen?", "date"),
        ("In welchem Jahr wurde die Universität gegründet?", "date"),
        ("In welchem Jahrhundert gründeten Missionare Schulen?", "date"),
        ("When was the edict issued?", "date"),
        ("Wie viele Einwohner hat Greater Los Angeles?", "number"),
        ("Wie hoch ist die Förderquote?", "number"),
        ("Welcher Prozentsatz der Fläche ist Wald?", "number"),
        ("How many teams took part?", "number"),
        ("Wer gründete McKinsey & Company?", "entity"),
        ("Mit wem haben sich die Normannen zusammengetan?", "entity"),
        ("Wo liegt das Rathaus?", "entity"),
        ("Welches Unternehmen baute das Netz?", "entity"),
        ("Was bedeutet Chloroplastida?", None),
        ("Welche Art von Sensoren misst die Luftqualität?", None),
        ("Wozu dient ein LoRaWAN-Gateway?", None),
    ],
)
def test_expected_type(question: str, kind: str | None) -> None:
    assert expected_type(question) == kind


def test_numbers_and_number_words() -> None:
    assert is_number("1685")
    assert is_number("17.786.419")
    assert is_number("vier")
    assert is_number("dreizehn")
    assert is_number("Millionen")
    assert not is_number("Jahrhundert")
    assert not is_number("Gebäude")
    assert not is_number("regelmäßig")


def test_entity_looks_like_a_name_not_a_common_noun() -> None:
    assert is_entity("McKinsey", "O", None)
    assert is_entity("Gaga", "Lady", None)
    assert is_entity("Paris", "in", "und")
    assert not is_entity("Förderung", "die", "der")
    assert not is_entity("stadt", "die", None)


def test_candidates_skip_words_of_the_question() -> None:
    tokens = words("Das Edikt von Fontainebleau wurde 1685 erlassen, nicht 1598.")
    asked = {"wann", "wurde", "das", "edikt", "erlassen", "1598"}
    got = [tokens[i] for i in candidates(tokens, "date", asked)]
    assert got == ["1685"]
    assert candidates(["Die", "Stadt", "hat", "vier", "Tore"], "number", {"tore"}) == [3]


class FlatIdf:
    """Every gram weighs the same, except grams listed as rare."""

    def __init__(self, rare: Iterable[str] = ()) -> None:
        self.rare = set(rare)

    def __call__(self, grams: Iterable[str]) -> dict[str, float]:
        return {g: 5.0 if g in self.rare else 1.0 for g in grams}


def test_typed_evidence_with_and_without_the_answer() -> None:
    question = "In welchem Jahr wurde das Edikt von Nantes erlassen?"
    with_answer = ["Im Jahr 1598 wurde das Edikt von Nantes von König Heinrich IV. erlassen."]
    without = [
        "Das Edikt von Nantes wurde von König Heinrich IV. erlassen.",
        "Im Jahr 1685 verließen viele Hugenotten Frankreich.",
    ]
    good = type_signals(question, with_answer, FlatIdf())
    bad = type_signals(question, without, FlatIdf())
    assert good.typed == bad.typed == 1.0
    assert good.type_gap == 0.0
    assert bad.type_gap == 1.0
    assert good.type_window == pytest.approx(1.0)
    assert bad.type_window < 0.5
    assert good.best_cov == pytest.approx(1.0)


def test_focus_and_window_follow_the_rare_words() -> None:
    question = "Welche Farbe hat das Logo des Senders?"
    idf = FlatIdf(rare={"logo", "farb", "arbe"})
    together = type_signals(question, ["Das Logo des Senders ist in roter Farbe gehalten."], idf)
    apart = type_signals(
        question,
        ["Der Sender zeigt ein neues Logo.", "Die Farbe der Studios ist blau und grün."],
        idf,
    )
    assert together.typed == 0.0 and together.type_gap == 0.0
    assert together.focus == 1.0
    assert apart.focus == 0.5
    assert together.high_window > apart.high_window


def test_no_evidence_gives_zero_signals() -> None:
    got = type_signals("Wann wurde das Rathaus gebaut?", [], FlatIdf())
    assert got.type_cov == got.type_window == got.focus == got.best_cov == 0.0
    assert got.type_gap == 1.0
