"""The answer service on a small real index: citations, refusal, follow-ups, contacts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import (
    GenericFakeChatModel,
)
from langchain_core.messages import AIMessage

from api.services import Services
from assistant.answer.service import AnswerService
from assistant.errors import InvalidRequestError, NotFoundError
from assistant.settings import Settings
from tests.assistant.fake_llm import BrokenChatModel, with_llm


def check_contract(answer: object, service: AnswerService) -> None:
    from assistant.answer.result import Answer

    assert isinstance(answer, Answer)
    for citation in answer.citations:
        text, _ = service.searcher.index.store.get([citation.chunk_id])[citation.chunk_id]
        assert citation.quote and citation.quote in text
    numbers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert numbers == {c.n for c in answer.citations}
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))


def test_german_question_gets_cited_sentences_and_contacts(service: AnswerService) -> None:
    answer = service.ask(
        "Wie kann man den Wasserverbrauch in Schulen überwachen?", municipality="Salzkotten"
    )
    check_contract(answer, service)
    assert answer.mode == "extractive" and answer.language == "de"
    assert answer.confidence in ("medium", "high")
    assert "Funkzähler" in answer.answer
    first = answer.citations[0]
    assert first.title == "LoRaWAN-Gebäudemonitoring in Delbrück"
    assert first.section == "Umsetzung"
    chunk_text, _ = service.searcher.index.store.get([first.chunk_id])[first.chunk_id]
    assert first.quote in chunk_text
    # every sentence carries a citation
    for sentence in re.split(r"(?<=\])\s+", answer.answer):
        assert re.search(r"\[\d+\]$", sentence), sentence
    ids = [c.id for c in answer.contacts]
    assert ids[0] == "delbrueck-digital"  # named by the cited report, same Kreis as Salzkotten
    assert answer.contacts[0].distance == 1
    assert "umgesetzt" in answer.contacts[0].reason and "[1]" in answer.contacts[0].reason


def test_english_question_on_german_documents(service: AnswerService) -> None:
    answer = service.ask("Who may apply for LoRaWAN infrastructure funding?")
    check_contract(answer, service)
    assert answer.language == "en"
    assert answer.confidence != "none"
    assert any(c.title.startswith("Förderaufruf") for c in answer.citations)


def test_off_topic_question_is_refused_and_suggests_nobody(service: AnswerService) -> None:
    answer = service.ask("Wie backe ich einen Marmorkuchen?")
    assert answer.confidence == "none" and answer.kind == "refusal"
    assert answer.citations == []
    assert "keine belastbare Antwort" in answer.answer
    assert answer.contacts == []  # no invented reason for an off-topic question


def test_follow_up_uses_history(service: AnswerService) -> None:
    history = [
        ("user", "Wie überwacht Delbrück Schulen mit LoRaWAN?"),
        ("assistant", "Mit Funkzählern [1]."),
    ]
    answer = service.ask("Und wer fördert das?", history=history)
    check_contract(answer, service)
    assert any(c.doc_type == "programme_guideline" for c in answer.citations)


def test_bad_input_is_a_clear_error(service: AnswerService) -> None:
    with pytest.raises(InvalidRequestError):
        service.ask("  ")
    with pytest.raises(InvalidRequestError):
        service.ask("Frage", history=[("system", "x")])
    with pytest.raises(NotFoundError, match="Delbrück"):
        service.ask("Frage", municipality="Delbrük")


def test_contacts_without_municipality_have_no_distance(service: AnswerService) -> None:
    answer = service.ask("Wo sehe ich freie Parkplätze in der Innenstadt?")
    check_contract(answer, service)
    assert answer.contacts[0].id == "cdo-paderborn"
    assert answer.contacts[0].distance is None


def test_llm_answer_is_validated_and_cited(service: AnswerService) -> None:
    question = "Wie kann man den Wasserverbrauch in Schulen überwachen?"
    hits = service.prepare(question).hits
    lora = next(i for i, h in enumerate(hits, start=1) if "Funkzähler" in h.text)
    text = (
        f"Delbrück hat Funkzähler für den Wasserverbrauch eingebaut [{lora}]. "
        "Das kostet sicher nichts. Leckagen fallen früh auf [9]."
    )
    llm_service = with_llm(service, GenericFakeChatModel(messages=iter([AIMessage(content=text)])))
    answer = llm_service.ask(question)
    check_contract(answer, service)
    assert answer.mode == "llm" and answer.notice is None
    assert "kostet sicher nichts" not in answer.answer  # uncited sentence stripped
    assert "[9]" not in answer.answer  # invented source stripped
    assert answer.citations[0].n == 1 and "Funkzähler" in answer.citations[0].quote


def test_unreachable_llm_falls_back_to_the_extractive_answer(service: AnswerService) -> None:
    answer = with_llm(service, BrokenChatModel(responses=["x"])).ask(
        "Wie kann man den Wasserverbrauch in Schulen überwachen?"
    )
    check_contract(answer, service)
    assert answer.mode == "extractive"
    assert answer.notice and "nicht verfügbar" in answer.notice
    assert "Funkzähler" in answer.answer


def test_titles_headings_and_sample_notices_are_not_answer_material() -> None:
    from assistant.answer.selection import units_of
    from assistant.models import SearchHit

    text = (
        "Smarte Straßenbeleuchtung in Salzkotten\n\n"
        "> Beispielinhalt: Fiktive Projektgeschichte. Zahlen sind Beispielwerte.\n\n"
        "Umsetzung Die Stadt tauschte die Leuchtenköpfe gegen LED-Leuchten."
        " Steuermodule melden Ausfälle sofort an den Bauhof.\n\n"
        "In diesem Abschnitt werden die Erfahrungen zusammengefasst."
    )
    hit = SearchHit(
        rank=1,
        score=1.0,
        chunk_id="c",
        doc_id="d",
        title="Smarte Straßenbeleuchtung in Salzkotten",
        doc_type="project_report",
        source="x.md",
        page=None,
        section="Umsetzung",
        text=text,
        metadata={"sample_content": True},
    )
    units = units_of([hit], {}, 1)
    assert [u.text for u in units] == [
        "Die Stadt tauschte die Leuchtenköpfe gegen LED-Leuchten.",
        "Steuermodule melden Ausfälle sofort an den Bauhof.",
    ]
    assert all(text[u.start : u.end] == u.text for u in units)  # verbatim


def test_answer_check_setting_chooses_the_reader(tmp_path: Path) -> None:
    from assistant.answerability import AnswerabilityModel

    plain = Services.build(Settings(data_dir=tmp_path / "a"))
    assert plain.answers.reader is None  # the default: the four signals only
    plain.close()
    checked = Services.build(Settings(data_dir=tmp_path / "b", answer_check="cross-encoder"))
    assert isinstance(checked.answers.reader, AnswerabilityModel)
    checked.close()
