"""A question part that names a document is answered from it, the named report's section
written for the asked detail comes first, and a second part asking for the same goes on
where the first stopped (real index, real e5 model, documents of ``tests/fixtures/named``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.services import Services
from assistant.answer.service import AnswerService
from assistant.filters import SearchFilters
from assistant.settings import Settings

pytestmark = pytest.mark.slow
NAMED = Path(__file__).resolve().parents[2] / "fixtures" / "named"


@pytest.fixture(scope="module")
def named(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AnswerService]:
    services = Services.build(Settings(data_dir=tmp_path_factory.mktemp("named") / "data"))
    assert not services.pipeline.run([NAMED]).failed
    yield services.answers
    services.close()


def test_the_part_is_answered_from_the_document_it_names(named: AnswerService) -> None:
    answer = named.ask(
        "Bei der Richtlinie Regenwasser werden Bergbauregionen wie finanzschwache Kommunen "
        "behandelt. Welche Förderquote gibt es im Programm Grüne Dächer für ein Gründach?"
    )
    assert "60 Prozent" in answer.answer, answer.answer
    assert "55 Prozent" not in answer.answer, answer.answer  # the compared guideline


def test_two_experience_parts_read_on_through_the_named_reports_pitfalls(
    named: AnswerService,
) -> None:
    answer = named.ask(
        "Was lief beim Luftgüte-Messnetz in Nieheim schief? Und worauf sollten wir achten?"
    )
    # three sentences per part, the second part after the first's
    for pitfall in ("Batterien", "Ampeln", "Datenschutzbeauftragte"):
        assert pitfall in answer.answer, answer.answer
    assert "Hausmeister" not in answer.answer  # the results section


def test_a_document_named_by_title_is_searched_even_when_retrieval_missed_it(
    named: AnswerService,
) -> None:
    question = "Welche Förderquote nennt das Programm Grüne Dächer und Fassaden?"
    vector = named.searcher.index.embeddings.embed_query(question)
    found = named.titles.missing(question, [], vector)
    assert found and {h.doc_id for h in found} == {found[0].doc_id}
    assert "Fassaden" in found[0].title
    assert any("50 Prozent" in h.text for h in found)
    # a document already among the hits is not searched again
    assert named.titles.missing(question, found[:1], vector) == []


def test_who_has_already_done_it_is_answered_by_the_towns_report(named: AnswerService) -> None:
    answer = named.ask("Welche Stadt hat schon ein Luftgüte-Messnetz an Schulen aufgebaut?")
    assert answer.kind == "answer", answer.answer  # the report's title names the town
    assert "„Luftgüte-Messnetz in Nieheim" in answer.answer


def test_the_title_search_keeps_to_the_request_filters(named: AnswerService) -> None:
    question = "Welche Förderquote nennt das Programm Grüne Dächer und Fassaden?"
    prepared = named.prepare(question, filters=SearchFilters(doc_type="project_report"))
    assert prepared.hits and {h.doc_type for h in prepared.hits} == {"project_report"}
