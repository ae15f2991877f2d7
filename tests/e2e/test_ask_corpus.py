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
    from assistant.answer.result import Answer

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
    assert answer.kind == "refusal"
    assert answer.contacts == []  # an off-topic refusal suggests nobody (issue 15)


@pytest.mark.slow
def test_follow_up_keeps_the_lorawan_context(services: Services) -> None:
    first = "Wie können wir mit LoRaWAN Sensoren in öffentlichen Gebäuden einsetzen?"
    answer = services.answers.ask(
        "Und wer fördert das?", history=[("user", first), ("assistant", "…")]
    )
    quotes_are_verbatim(services, answer)
    assert any(c.doc_type == "programme_guideline" for c in answer.citations)
    assert any("lorawan" in (c.title + c.quote).lower() for c in answer.citations)


@pytest.mark.slow
def test_the_answer_checker_reads_uncertain_questions(services: Services) -> None:
    """A sample-corpus question the four signals alone refuse: the checker (the real bundled
    cross-encoder, SMARTCITY_ANSWER_CHECK=cross-encoder) reads the best passages and lets it
    through; an off-topic question is decided without reading."""
    from assistant.answer import confidence
    from assistant.answer.service import AnswerService
    from assistant.answerability import bundled_model

    assert services.answers.reader is None  # the default setting: signals only
    question = (
        "Lohnt sich für eine Stadt mit 45.000 Einwohnern ein eigenes Open-Data-Portal, "
        "oder geht das auch einfacher?"
    )
    checked = AnswerService(
        services.searcher,
        services.answers.contacts,
        services.answers.regions,
        reader=bundled_model(),
    )
    cheap = services.answers.prepare(question).confidence_score
    assert confidence.needs_reading(cheap) and cheap < confidence.NONE_BELOW
    # between REFUSE_BELOW and NONE_BELOW the plan answers, but only at confidence low
    assert services.answers.ask(question).confidence == "low"
    read = checked.prepare(question).confidence_score
    assert read != cheap and read >= confidence.NONE_BELOW
    assert checked.ask(question).confidence != "none"
    off_topic = checked.prepare("Wie backe ich einen Marmorkuchen?").confidence_score
    assert not confidence.needs_reading(off_topic) and off_topic < confidence.NONE_BELOW
