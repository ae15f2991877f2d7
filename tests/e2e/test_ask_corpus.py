"""`smartcity ask` behaviour on the real sample corpus (the issue's "done when" list)."""

from __future__ import annotations

import re

import pytest

from api.services import Services


@pytest.fixture
def services(corpus_services: object) -> Services:
    assert isinstance(corpus_services, Services)
    return corpus_services


def quotes_are_verbatim(services: Services, answer: object) -> None:
    from assistant.answer_models import Answer

    assert isinstance(answer, Answer)
    for c in answer.citations:
        text, _ = services.index.store.get([c.chunk_id])[c.chunk_id]
        assert c.quote in text
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)} == {
        c.n for c in answer.citations
    }


@pytest.mark.slow
def test_german_question_cites_pdf_pages_and_suggests_owl_contacts(services: Services) -> None:
    answer = services.answers.ask(
        "Wie hat Delbrück den Wasserverbrauch in Schulgebäuden überwacht?", municipality="Delbrück"
    )
    quotes_are_verbatim(services, answer)
    assert answer.confidence != "none"
    pdf = [c for c in answer.citations if c.source.endswith(".pdf")]
    assert pdf and all(c.page for c in pdf)
    assert answer.contacts and answer.contacts[0].distance is not None
    assert all(c.reason for c in answer.contacts)


@pytest.mark.slow
def test_english_question(services: Services) -> None:
    answer = services.answers.ask("Who can apply for the Digitale Modellregionen NRW programme?")
    quotes_are_verbatim(services, answer)
    assert answer.language == "en" and answer.confidence != "none"


@pytest.mark.slow
def test_off_topic_is_refused(services: Services) -> None:
    answer = services.answers.ask("Wie backe ich einen Marmorkuchen?", municipality="Delbrück")
    assert answer.confidence == "none" and answer.citations == []
    assert answer.contacts


@pytest.mark.slow
def test_follow_up_keeps_the_lorawan_context(services: Services) -> None:
    first = "Wie können wir mit LoRaWAN Sensoren in öffentlichen Gebäuden einsetzen?"
    answer = services.answers.ask(
        "Und wer fördert das?", history=[("user", first), ("assistant", "…")]
    )
    quotes_are_verbatim(services, answer)
    assert any(c.doc_type == "programme_guideline" for c in answer.citations)
    assert any("lorawan" in (c.title + c.quote).lower() for c in answer.citations)
