from __future__ import annotations

import pytest

from assistant.answer.citations import (
    NO_ANSWER_DE,
    NO_ANSWER_EN,
    best_quote,
    normalize_markers,
    renumber,
    sentences_citing,
    validate_citations,
)


def test_valid_answer_passes_unchanged() -> None:
    text = "Gefördert werden Sensoren [1]. Anträge stellen Kommunen [2][3]."
    check = validate_citations(text, 3)
    assert check.text == text
    assert check.used == [1, 2, 3]
    assert not check.changed
    assert check.notes == []
    assert not check.no_answer


def test_out_of_range_marker_is_removed_and_noted() -> None:
    check = validate_citations("Gefördert werden Sensoren [1][7].", 3)
    assert check.text == "Gefördert werden Sensoren [1]."
    assert check.removed_markers == [7]
    assert check.used == [1]
    assert any("[7]" in note for note in check.notes)


@pytest.mark.parametrize("bad", ["[0]", "[4]", "[12]"])
def test_sentence_with_only_invalid_markers_is_dropped(bad: str) -> None:
    check = validate_citations(f"Erster Satz [1]. Zweiter Satz {bad}.", 3)
    assert check.text == "Erster Satz [1]."
    assert check.removed_sentences == ["Zweiter Satz."]
    assert check.removed_markers == [int(bad.strip("[]"))]


def test_uncited_sentence_is_removed() -> None:
    text = "Gefördert werden Sensoren [1]. Das ist eine tolle Sache! Anträge bis Mai [2]."
    check = validate_citations(text, 2)
    assert check.text == "Gefördert werden Sensoren [1]. Anträge bis Mai [2]."
    assert check.removed_sentences == ["Das ist eine tolle Sache!"]
    assert any("without source" in note for note in check.notes)


def test_everything_uncited_gives_empty_text() -> None:
    check = validate_citations("Das weiß ich leider nicht. Fragen Sie die Stadt.", 3)
    assert check.text == ""
    assert check.used == []
    assert len(check.removed_sentences) == 2


def test_used_is_in_order_of_first_use_without_duplicates() -> None:
    check = validate_citations("A gilt [3]. B gilt [1][3]. C gilt [2][1].", 3)
    assert check.used == [3, 1, 2]


def test_marker_in_the_middle_of_a_sentence_counts() -> None:
    check = validate_citations("Laut [2] werden Anträge bis Mai gestellt.", 2)
    assert check.text == "Laut [2] werden Anträge bis Mai gestellt."
    assert check.used == [2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Gefördert werden Sensoren. [1]", "Gefördert werden Sensoren [1]."),
        (
            "Gefördert werden Sensoren.[1][2] Weiter [2].",
            "Gefördert werden Sensoren [1][2]. Weiter [2].",
        ),
        ("Gefördert werden Sensoren [1, 2].", "Gefördert werden Sensoren [1][2]."),
        ("Gefördert werden Sensoren [1;3].", "Gefördert werden Sensoren [1][3]."),
        ("Gefördert werden Sensoren [1-3].", "Gefördert werden Sensoren [1][2][3]."),
        ("Gefördert werden Sensoren [2][2].", "Gefördert werden Sensoren [2]."),
        ("Gefördert werden Sensoren [2] [1].", "Gefördert werden Sensoren [2][1]."),
    ],
)
def test_marker_forms_are_normalised(raw: str, expected: str) -> None:
    assert normalize_markers(raw) == expected


def test_marker_after_full_stop_belongs_to_its_sentence() -> None:
    check = validate_citations("Gefördert werden Sensoren. [1] Anträge stellen Kommunen. [2]", 2)
    assert check.text == "Gefördert werden Sensoren [1]. Anträge stellen Kommunen [2]."
    assert check.used == [1, 2]
    assert not check.removed_sentences


def test_huge_range_is_not_expanded() -> None:
    assert normalize_markers("Satz [1-500].") == "Satz [1][500]."


def test_reference_list_lines_are_dropped() -> None:
    text = "Gefördert werden Sensoren [1].\n\nQuellen:\n[1] Förderrichtlinie (Seite 2)\n[2]"
    check = validate_citations(text, 2)
    assert check.text == "Gefördert werden Sensoren [1]."
    assert check.used == [1]
    assert len(check.removed_sentences) == 3


def test_lines_and_paragraphs_are_kept() -> None:
    text = "- Sensoren [1].\n- Netze [2].\n\nAnträge stellen Kommunen [1]."
    check = validate_citations(text, 2)
    assert check.text == text


@pytest.mark.parametrize(
    "sentence", [NO_ANSWER_DE, NO_ANSWER_EN, "die belege beantworten diese frage nicht"]
)
def test_no_answer_sentence_stands_without_marker(sentence: str) -> None:
    check = validate_citations(sentence, 3)
    assert check.text == sentence
    assert check.no_answer
    assert check.used == []


def test_no_answer_flag_is_off_when_something_is_cited() -> None:
    check = validate_citations(f"Sensoren werden gefördert [1]. {NO_ANSWER_DE}", 1)
    assert check.used == [1]
    assert not check.no_answer


def test_no_answer_must_be_the_agreed_sentence() -> None:
    check = validate_citations(
        "Die Belege beantworten diese Frage nicht, aber Herr Meier hilft.", 3
    )
    assert check.text == ""
    assert not check.no_answer


def test_zero_evidence_allows_nothing_cited() -> None:
    check = validate_citations("Sensoren werden gefördert [1].", 0)
    assert check.text == ""
    assert check.removed_markers == [1]


def test_renumber_maps_in_order_of_first_use() -> None:
    assert renumber("A [3]. B [1][3]. C [5].", [3, 1, 5]) == "A [1]. B [2][1]. C [3]."


def test_renumber_is_simultaneous_not_sequential() -> None:
    # a naive replace of [2]->[1] then [1]->[2] would give "[2] [2]"
    assert renumber("A [2]. B [1].", [2, 1]) == "A [1]. B [2]."


def test_renumber_drops_markers_it_was_not_given() -> None:
    assert renumber("A [2][4].", [2]) == "A [1]."


def test_sentences_citing() -> None:
    text = "A gilt [1]. B gilt [2]. C gilt [1][2]."
    assert sentences_citing(text, 1) == ["A gilt.", "C gilt."]
    assert sentences_citing(text, 3) == []


CHUNK = (
    "Das Programm „Smarte Region“ läuft seit 2020. Gefördert werden Sensoren, Netze und "
    "offene Datenplattformen. Anträge stellen Landkreise und Gemeinden bis Ende Mai."
)


def test_best_quote_picks_the_overlapping_sentence() -> None:
    quote = best_quote("Anträge können Gemeinden und Landkreise stellen [2].", CHUNK)
    assert quote == "Anträge stellen Landkreise und Gemeinden bis Ende Mai."


def test_best_quote_ignores_markers_and_case() -> None:
    quote = best_quote("SENSOREN und NETZE werden gefördert [1][2].", CHUNK)
    assert quote == "Gefördert werden Sensoren, Netze und offene Datenplattformen."


@pytest.mark.parametrize(
    "sentence", ["", "Nichts davon passt.", "Sensoren", "Programm läuft Mai Landkreise"]
)
def test_best_quote_is_always_verbatim(sentence: str) -> None:
    quote = best_quote(sentence, CHUNK)
    assert quote
    assert quote in CHUNK


def test_best_quote_ties_go_to_the_earlier_sentence() -> None:
    assert best_quote("Wetter", CHUNK) == "Das Programm „Smarte Region“ läuft seit 2020."


def test_best_quote_of_a_chunk_without_sentence_end() -> None:
    assert best_quote("x", "  nur ein Fragment ohne Punkt  ") == "nur ein Fragment ohne Punkt"
