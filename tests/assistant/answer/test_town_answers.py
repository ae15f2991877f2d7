"""Each failure class of issue 15, pinned with questions of our own on ``tests/fixtures/town``
(real index, real e5 model): the answer states the asked detail from the right section, a
covered topic without the asked detail is a hedge, long questions are answered part by part,
funding questions name the programme, contacts fit, and the text stays clean and verbatim."""

from __future__ import annotations

import re

import pytest

from assistant.answer.result import Answer
from assistant.answer.service import AnswerService

pytestmark = pytest.mark.slow
_SLUG = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b")


def clean(answer: Answer, service: AnswerService) -> None:
    """The contract and the cleanliness every answer must keep."""
    text = answer.answer
    assert not re.search(r"(?:[.!?]|\])\s+[-–•]\s", text), text  # no list dash in prose
    assert not re.search(r":\s*\[\d+\]", text), text  # no lead-in ending in ":"
    assert not re.search(r"\([a-z0-9]+(?:-[a-z0-9]+)+\)", text), text  # no internal ids
    assert " | " not in text, text  # table rows are rendered as pairs
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    assert numbers == {c.n for c in answer.citations}
    for c in answer.citations:
        stored = service.searcher.index.store.get([c.chunk_id])[c.chunk_id][0]
        assert c.quote and c.quote in stored  # verbatim
    slugs = {t for c in service.contacts for t in (*c.topics, *c.programmes, *c.projects)}
    slugs |= {c.id for c in service.contacts}
    for contact in answer.contacts:
        # raw slugs ("interkommunale-zusammenarbeit"), not hyphenated words ("state-wide")
        assert not set(_SLUG.findall(contact.reason)) & slugs, contact.reason


def test_the_results_section_answers_not_the_background(town: AnswerService) -> None:
    answer = town.ask("Um wie viel Prozent sind die Leerungsfahrten in Lemgo zurückgegangen?")
    clean(answer, town)
    assert answer.kind == "answer"
    assert "38 Prozent" in answer.answer
    assert "halbleere" not in answer.answer  # the Ausgangslage repeats the question's words


def test_experiences_come_from_their_section_not_from_meta_text(town: AnswerService) -> None:
    answer = town.ask("Welche Erfahrungen hat Lemgo mit den Sensoren im Alltag gemacht?")
    clean(answer, town)
    assert "Batterien" in answer.answer
    assert "In diesem Abschnitt" not in answer.answer


@pytest.mark.parametrize(
    ("question", "detail"),
    [
        (
            "Bis wann können wir beim Aufruf Saubere Innenstadt einen Antrag stellen?",
            "31. März 2027",
        ),
        ("Was kostet so ein Füllstandssensor in Lemgo?", "89 Euro"),
        ("Wie viele Mülleimer hat der Bauhof in Lemgo mit Sensoren ausgestattet?", "120"),
        ("Wie hoch ist die Förderquote beim Förderaufruf Saubere Innenstadt?", "60 Prozent"),
        (
            "Wer darf beim Förderaufruf Saubere Innenstadt einen Antrag stellen?",
            "Städte und Gemeinden",
        ),
    ],
)
def test_the_asked_detail_is_in_the_answer(town: AnswerService, question: str, detail: str) -> None:
    answer = town.ask(question)
    clean(answer, town)
    assert answer.kind == "answer", answer.answer
    assert detail in answer.answer


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        # the report covers the sensors but names no staff count
        ("Wie viele Mitarbeitende hat Lemgo für die Auswertung der Füllstände eingestellt?",
         "Die gefundenen Dokumente nennen keine Anzahl."),
        # costs are stated for the sensors, not for the gateways (a distractor of the same
        # type, shown below the lead, which therefore says that none fits exactly)
        ("Was haben die Gateways auf dem Rathaus in Lemgo gekostet?",
         "Die gefundenen Dokumente nennen keinen Betrag, der genau das Gefragte betrifft."),
    ],
)  # fmt: skip
def test_a_near_miss_is_a_hedge(town: AnswerService, question: str, opening: str) -> None:
    answer = town.ask(question)
    clean(answer, town)
    assert answer.kind == "hedge", answer.answer
    assert answer.answer.startswith(opening)
    assert answer.confidence in ("low", "none")
    assert answer.citations  # then what the documents do say


def test_a_long_question_with_context_is_answered_part_by_part(town: AnswerService) -> None:
    answer = town.ask(
        "Wir sind eine Gemeinde mit 8.000 Einwohnern im Kreis Lippe und haben überquellende "
        "Mülleimer am Wanderparkplatz. Wie ist Lemgo mit den Füllstandssensoren vorgegangen, "
        "und wer kann uns dabei helfen?",
        municipality="Kalletal",
    )
    clean(answer, town)
    assert answer.kind != "refusal"
    assert "Zunächst" in answer.answer or "Anschließend" in answer.answer
    assert "kreis-lippe-digital" in [c.id for c in answer.contacts]


def test_a_funding_follow_up_names_the_programme_with_its_status(town: AnswerService) -> None:
    answer = town.ask(
        "Und wer fördert so etwas?",
        municipality="Blomberg",
        history=[("user", "Wie plant Lemgo die Leerung der Mülleimer nach Füllstand?")],
    )
    clean(answer, town)
    assert "Förderaufruf Saubere Innenstadt NRW 2027" in answer.answer
    assert "31. März 2027" in answer.answer
    assert "Blomberg ist selbst antragsberechtigt" in answer.answer
    # the programme's contact comes first, with its reason in plain words
    assert answer.contacts[0].id == "mhkbd-nrw"


def test_an_english_funding_question_names_the_programme_with_english_dates(
    town: AnswerService,
) -> None:
    answer = town.ask(
        "Is there state money for fill-level sensors on litter bins like in Lemgo?",
        municipality="Blomberg",
    )
    clean(answer, town)
    assert "Förderaufruf Saubere Innenstadt NRW 2027" in answer.answer
    assert "applications until 31 March 2027" in answer.answer
    assert "Dezember" not in answer.answer and "März" not in answer.answer.split("[")[0]


def test_an_off_topic_question_is_refused_and_suggests_nobody(town: AnswerService) -> None:
    answer = town.ask("Wie backe ich einen Marmorkuchen mit Schokoladenglasur?")
    assert answer.kind == "refusal" and answer.confidence == "none"
    assert answer.contacts == [] and answer.citations == []
    assert "unten genannten" not in answer.answer


def test_english_questions_get_english_hedges(town: AnswerService) -> None:
    answer = town.ask("How many staff did Lemgo hire to evaluate the fill levels?")
    assert answer.language == "en"
    if answer.kind == "hedge":
        assert "do not state a number" in answer.answer.split("\n")[0]
    else:
        assert answer.kind == "refusal"


def test_a_sample_document_citation_carries_its_note(town: AnswerService) -> None:
    answer = town.ask("Was kostet so ein Füllstandssensor in Lemgo?")
    assert answer.citations[0].sample_note.startswith("Testdokument")
