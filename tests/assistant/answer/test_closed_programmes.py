"""An answer that quotes a programme whose deadline has passed says so, citing the clause
with the date (``assistant.answer.closed_programmes``); an open programme gets no note.

Seen in the chat: "Wie hoch ist die Förderquote beim Programm zur Anpassung urbaner Räume an
den Klimawandel, und lohnt sich ein Antrag noch?" got the 75 % / 85 % and nothing on the
call's deadline (15 September 2023), so the rates read as an offer."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assistant.answer.closed_programmes import closed_programmes_note
from assistant.doc_chunks import document_chunks

pytestmark = pytest.mark.slow


def _doc_id(services: Any, prefix: str) -> str:
    docs = services.answers.programmes.catalogue.documents()
    ids = {d.doc_id for d in docs if d.doc_id.startswith(prefix)}
    assert len(ids) == 1, ids
    return ids.pop()


def test_a_passed_deadline_is_stated_with_the_clause_that_gives_it(corpus_services: Any) -> None:
    matcher = corpus_services.answers.programmes
    doc_id = _doc_id(corpus_services, "anpassung-urbaner-raeume-klimawandel")
    chunks = document_chunks(corpus_services.index, doc_id)
    note = closed_programmes_note(matcher, chunks[:2], "de", on=date(2026, 12, 4), first_n=4)
    assert note is not None
    assert note.text == (
        "Hinweis zu „Anpassung urbaner Räume an den Klimawandel“: Die Antragsfrist "
        "(15. September 2023) ist abgelaufen. [4]"
    )
    assert [c.n for c in note.citations] == [4]
    assert "15. September 2023" in note.citations[0].quote
    english = closed_programmes_note(matcher, chunks[:1], "en", on=date(2026, 12, 4))
    assert english is not None and english.text.startswith(
        "Note on “Anpassung urbaner Räume an den Klimawandel”: The application deadline"
    )


def test_before_the_deadline_and_for_other_documents_there_is_no_note(
    corpus_services: Any,
) -> None:
    matcher = corpus_services.answers.programmes
    doc_id = _doc_id(corpus_services, "anpassung-urbaner-raeume-klimawandel")
    chunks = document_chunks(corpus_services.index, doc_id)
    assert closed_programmes_note(matcher, chunks, "de", on=date(2023, 9, 1)) is None
    # described already (by the funding paragraphs) or not a guideline: nothing to add
    described = frozenset({doc_id})
    assert closed_programmes_note(matcher, chunks, "de", described=described) is None
    hits = corpus_services.searcher.search("Pegelsensoren Starkregen-Frühwarnung Hövelhof", 4)
    reports = [h for h in hits if h.doc_type == "project_report"]
    assert reports
    assert closed_programmes_note(matcher, reports, "de") is None


def test_the_chat_answer_on_the_rate_ends_with_the_closed_deadline(corpus_services: Any) -> None:
    answer = corpus_services.answers.ask(
        "Wir sind die Stadt Lage im Kreis Lippe. Wie hoch ist die Förderquote beim Programm "
        "zur Anpassung urbaner Räume an den Klimawandel, und lohnt sich ein Antrag noch?",
        municipality="Lage",
    )
    # both parts answered: the rate, and the deadline from the section "Fristen und Laufzeit"
    assert answer.kind == "answer", answer.answer
    assert "75 %" in answer.answer and "bis zum 15. September 2023 eingereicht" in answer.answer
    last = answer.answer.split("\n\n")[-1]
    assert last.startswith(
        "Hinweis zu „Anpassung urbaner Räume an den Klimawandel“: Die Antragsfrist"
    )
    n = int(last.rsplit("[", 1)[1].rstrip("]"))
    cited = next(c for c in answer.citations if c.n == n)
    assert "15. September 2023" in cited.quote


def test_an_open_programme_gets_no_note(corpus_services: Any) -> None:
    answer = corpus_services.answers.ask(
        "Wie hoch ist die Förderquote der Förderrichtlinie IKZ NRW?", municipality="Warburg"
    )
    assert "Hinweis zu" not in answer.answer, answer.answer
