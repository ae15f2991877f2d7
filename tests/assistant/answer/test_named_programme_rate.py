"""A rate question on a programme the question names is answered from the programme's own
guideline, even where the asked sentence does not repeat the programme's name.

Seen in the chat: "Wie hoch ist die Förderquote beim Programm zur Anpassung urbaner Räume an
den Klimawandel?" was hedged ("nennen keinen Prozentsatz") although the guideline's section
"Förderquote und Förderhöhe" says "Der Bund übernimmt bis zu 75 % ...". Two causes: the
Hövelhof report funded by the programme shares the programme's name (front matter
``programme``), so neither document counted as named; and the rate sentence shares no word
with the question (the words naming the programme are in the title, "Förderquote" in the
heading), so it did not count as on the question.
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant.answer.analysis import analyse
from assistant.answer.focus import named_documents
from assistant.answer.selection import RELEVANT_COVERAGE, score_part, units_of
from tests.assistant.answer.conftest import a_hit

GUIDELINE = a_hit(
    "Der Bund übernimmt bis zu 75 % der zuwendungsfähigen Ausgaben.",
    chunk_id="g:1",
    doc_id="g",
    title="Bundesprogramm Anpassung urbaner Räume an den Klimawandel (Zusammenfassung)",
    doc_type="programme_guideline",
    section="Förderquote und Förderhöhe",
    metadata={"programme": "Anpassung urbaner Räume an den Klimawandel"},
)
REPORT = a_hit(
    'Ein Teil der Sachkosten wurde über das Programm "Anpassung urbaner Räume an den '
    'Klimawandel" gefördert.',
    chunk_id="r:1",
    doc_id="r",
    title="Pegelsensoren an Bächen und Durchlässen: Starkregen-Frühwarnung in Hövelhof",
    doc_type="project_report",
    section="Aufwand und Kosten",
    metadata={"programme": "Anpassung urbaner Räume an den Klimawandel"},
)
OTHER = a_hit(
    "Der Zuschuss liegt bei bis zu 80 % der förderfähigen Ausgaben.",
    chunk_id="o:1",
    doc_id="o",
    title="Digitale Modellregionen NRW – Förderprogramm des Landes (Zusammenfassung)",
    doc_type="programme_guideline",
    section="Förderquote und Förderhöhe",
    metadata={"programme": "Digitale Modellregionen NRW"},
)
QUESTION = (
    "Wie hoch ist die Förderquote beim Programm zur Anpassung urbaner Räume an den Klimawandel?"
)


def test_a_programme_name_shared_with_a_funded_report_names_both() -> None:
    hits = [GUIDELINE, REPORT, OTHER]
    assert named_documents(QUESTION, hits) == {"g", "r"}


def test_a_report_of_another_programme_is_not_named_by_it() -> None:
    other_report = a_hit(
        "Text.",
        chunk_id="x:1",
        doc_id="x",
        title="Pegelsensoren an Bächen und Durchlässen: Starkregen-Frühwarnung in Hövelhof",
        metadata={"programme": "Digitale Modellregionen NRW"},
    )
    # the programme's words are the guideline's alone: only it is named
    assert named_documents(QUESTION, [GUIDELINE, other_report, OTHER]) == {"g"}


def test_the_rate_sentence_under_its_heading_is_on_the_question() -> None:
    hits = [REPORT, GUIDELINE, OTHER]
    analysis = analyse(QUESTION)
    part = analysis.parts[0]
    units = units_of(hits, {}, 8)
    scored = score_part(0, part, analysis, units, hits, None, None, named=frozenset({"g", "r"}))
    rate = next(s for s in scored if hits[s.unit.hit_index].doc_id == "g")
    # on the question by its words ("Förderquote" in the heading), not only by similarity
    assert rate.detail and rate.relevant
    assert rate.coverage >= RELEVANT_COVERAGE, rate
    # the other programme's rate is no answer to a question naming this one
    other = next(s for s in scored if hits[s.unit.hit_index].doc_id == "o")
    assert other.detail and not other.relevant


@pytest.mark.slow
def test_rate_of_a_named_programme_is_answered_in_the_sample_corpus(
    corpus_services: Any,
) -> None:
    answer = corpus_services.answers.ask(QUESTION, municipality="Lage")
    assert answer.kind == "answer", answer.answer
    assert "75 %" in answer.answer and "85 %" in answer.answer
    assert any(
        c.title.startswith("Bundesprogramm Anpassung urbaner Räume") for c in answer.citations
    )


def test_a_date_in_the_named_programmes_deadline_section_answers_a_still_apply_part() -> None:
    deadline = a_hit(
        "Im Aufruf 2023 konnten Projektskizzen bis zum 15. September 2023 eingereicht werden.",
        chunk_id="g:2",
        doc_id="g",
        title=GUIDELINE.title,
        doc_type="programme_guideline",
        section="Fristen und Laufzeit",
        metadata=GUIDELINE.metadata,
    )
    other = a_hit(
        "Skizzen können bis zum 31. Mai 2027 eingereicht werden.",
        chunk_id="o:2",
        doc_id="o",
        title=OTHER.title,
        doc_type="programme_guideline",
        section="Fristen",
        metadata=OTHER.metadata,
    )
    hits = [other, deadline]
    analysis = analyse(QUESTION.rstrip("?") + ", und lohnt sich ein Antrag noch?")
    part = analysis.parts[1]
    assert part.detail == "date"
    scored = score_part(
        1, part, analysis, units_of(hits, {}, 8), hits, None, None, named=frozenset({"g"})
    )
    by_doc = {hits[s.unit.hit_index].doc_id: s for s in scored}
    assert by_doc["g"].detail and by_doc["g"].relevant
    # the words of the part ("lohnt", "Antrag") are not in the sentence: its section is
    assert by_doc["g"].coverage < RELEVANT_COVERAGE
    assert not by_doc["o"].relevant
