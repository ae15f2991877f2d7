"""AnswerStream: pieces then the finished answer, extractive and with a (fake) LLM."""

from __future__ import annotations

import re

import pytest

from assistant.answer.service import AnswerService
from assistant.answer.stream import AnswerStream
from tests.assistant.fake_llm import BrokenChatModel, ScriptedChatModel, generic, with_llm

QUESTION = "Wie kann man den Wasserverbrauch in Schulen überwachen?"


def test_extractive_pieces_join_to_the_answer(service: AnswerService) -> None:
    stream = AnswerStream(service, service.prepare(QUESTION))
    with pytest.raises(RuntimeError):
        _ = stream.answer
    pieces = list(stream)
    assert len(pieces) > 5
    assert "".join(pieces) == stream.answer.answer == service.ask(QUESTION).answer
    assert stream.answer.citations == service.ask(QUESTION).citations


def test_llm_stream_keeps_the_streamed_numbers(service: AnswerService) -> None:
    prepared = service.prepare(QUESTION)
    lora = next(i for i, h in enumerate(prepared.hits, start=1) if "Funkzähler" in h.text)
    assert lora > 1 or len(prepared.hits) > 1
    other = next(i for i in range(1, len(prepared.hits) + 1) if i != lora)
    text = (
        f"Delbrück hat Funkzähler für den Wasserverbrauch eingebaut [{lora}]. "
        f"Das steht auch hier [{other}]. Ohne Quelle erfunden."
    )
    stream = AnswerStream(with_llm(service, generic(text)), prepared)
    streamed = "".join(stream)
    answer = stream.answer
    assert streamed == text  # what the model wrote, as it wrote it
    assert answer.mode == "llm"
    assert "Ohne Quelle erfunden" not in answer.answer  # validation removed it afterwards
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)]
    assert numbers == [lora, other]  # the streamed (evidence) numbers, not renumbered 1, 2
    assert [c.n for c in answer.citations] == [lora, other]
    assert "Funkzähler" in answer.citations[0].quote
    assert answer.citations[0].chunk_id == prepared.hits[lora - 1].chunk_id


def test_unreachable_llm_streams_the_extractive_answer(service: AnswerService) -> None:
    down = ScriptedChatModel(pieces=0, failure="connect")  # fails before its first piece
    stream = AnswerStream(with_llm(service, down), service.prepare(QUESTION))
    streamed = "".join(stream)
    answer = stream.answer
    assert answer.mode == "extractive" and answer.notice and "nicht verfügbar" in answer.notice
    assert streamed == answer.answer == service.ask(QUESTION).answer


def test_unusable_llm_text_is_followed_by_the_extractive_answer(service: AnswerService) -> None:
    # the fake streams "x" character by character; validation then finds no cited sentence
    stream = AnswerStream(
        with_llm(service, BrokenChatModel(responses=["x"])), service.prepare(QUESTION)
    )
    streamed = "".join(stream)
    answer = stream.answer
    assert answer.mode == "extractive" and answer.notice
    assert streamed == "x\n\n" + answer.answer
    assert answer.answer == service.ask(QUESTION).answer


def test_contact_reasons_cite_the_streamed_numbers(service: AnswerService) -> None:
    prepared = service.prepare(QUESTION, municipality="Salzkotten")
    assert len(prepared.hits) >= 3
    n = len(prepared.hits)  # the last evidence only: renumbering would make it [1]
    sentence = prepared.hits[n - 1].text.split("\n")[-1].strip().rstrip(".")
    stream = AnswerStream(with_llm(service, generic(f"{sentence} [{n}].")), prepared)
    streamed = "".join(stream)
    answer = stream.answer
    assert answer.mode == "llm" and f"[{n}]" in streamed
    assert [c.n for c in answer.citations] == [n]
    cited = {c.n: c for c in answer.citations}
    hits = {h.chunk_id: h for h in prepared.hits}
    marked = [c for c in answer.contacts if re.search(r"\[\d+\]", c.reason)]
    assert marked, answer.contacts  # a contact named by the cited document, with its number
    for contact in marked:
        for number in map(int, re.findall(r"\[(\d+)\]", contact.reason)):
            assert number in cited, (contact.reason, list(cited))
            hit = hits[cited[number].chunk_id]  # the reason names that document (or programme)
            names = {hit.title, str(hit.metadata.get("programme", hit.title))}
            assert any(f"„{name}“" in contact.reason for name in names), contact.reason
