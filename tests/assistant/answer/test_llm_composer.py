"""LlmComposer with LangChain's fake chat models (no server), and build_chat_model."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import (
    FakeListChatModel,
    FakeMessagesListChatModel,
)
from langchain_core.messages import AIMessage, HumanMessage

from assistant.answer.citations import NO_ANSWER_DE
from assistant.answer.llm_composer import (
    CHARS_PER_TOKEN,
    LlmComposer,
    LlmResult,
    LlmUnavailableError,
    load_prompt,
    render_evidence,
)
from assistant.errors import ConfigurationError, SmartCityError
from assistant.llm import build_chat_model
from assistant.models import SearchHit
from assistant.settings import Settings
from tests.assistant.fake_llm import ScriptedChatModel, generic

TEXTS = [
    "Das Förderprogramm „Smarte Region“ läuft seit 2020. Gefördert werden Sensoren und "
    "offene Datenplattformen.",
    "Anträge stellen Landkreise und Gemeinden. Die Frist endet jeweils Ende Mai.",
    "Der Abschlussbericht aus Delbrück beschreibt Wassersensoren in Schulen.",
]


def _hit(n: int, text: str, *, page: int | None = 3, section: str = "Zuwendungszweck") -> SearchHit:
    return SearchHit(
        rank=n,
        score=1.0 / n,
        chunk_id=f"doc{n}:0",
        doc_id=f"doc{n}",
        title=f"Dokument {n}",
        doc_type="programme_guideline",
        source=f"corpus/doc{n}.md",
        page=page,
        section=section,
        text=text,
        metadata={"url": f"https://example.org/doc{n}"},
    )


EVIDENCE = [_hit(i, t) for i, t in enumerate(TEXTS, start=1)]


def _compose(model: BaseChatModel, **kwargs: Any) -> LlmResult:
    return LlmComposer(model, **kwargs).compose("Wer stellt Anträge?", EVIDENCE, "de", [])


# --- compose -------------------------------------------------------------------------------


def test_valid_answer() -> None:
    answer = "Anträge stellen Landkreise und Gemeinden [2]. Gefördert werden Sensoren [1]."
    result = _compose(generic(answer))
    assert result.text == answer
    assert result.used == [2, 1]
    assert result.notes == []
    assert not result.truncated
    assert not result.no_answer


def test_out_of_range_marker_is_removed() -> None:
    result = _compose(generic("Anträge stellen Landkreise und Gemeinden [2][7]."))
    assert result.text == "Anträge stellen Landkreise und Gemeinden [2]."
    assert result.used == [2]
    assert any("[7]" in note for note in result.notes)


def test_uncited_sentence_is_stripped() -> None:
    answer = "Anträge stellen Gemeinden [2]. Rufen Sie Herrn Meier unter 0521 123 an."
    result = _compose(generic(answer))
    assert result.text == "Anträge stellen Gemeinden [2]."
    assert "Meier" not in result.text
    assert "Meier" in result.raw_text


@pytest.mark.parametrize("answer", ["", "   ", "Das weiß ich nicht.", "Siehe Quelle [9]."])
def test_nothing_usable_raises(answer: str) -> None:
    with pytest.raises(LlmUnavailableError) as info:
        _compose(generic(answer) if answer else FakeListChatModel(responses=[answer]))
    assert info.value.code == "llm_unavailable"
    assert info.value.kind == "empty"
    assert isinstance(info.value, SmartCityError)
    assert info.value.message.startswith("Das Sprachmodell")


def test_no_answer_sentence_is_a_usable_answer() -> None:
    result = _compose(generic(NO_ANSWER_DE))
    assert result.text == NO_ANSWER_DE
    assert result.no_answer
    assert result.used == []


def test_no_evidence_raises() -> None:
    composer = LlmComposer(generic("Egal [1]."))
    with pytest.raises(LlmUnavailableError):
        composer.compose("Frage?", [], "de", [])


# --- streaming -----------------------------------------------------------------------------


def test_stream_yields_tokens_then_result() -> None:
    answer = "Anträge stellen Landkreise und Gemeinden [2]. Das ist schön."
    stream = LlmComposer(generic(answer)).stream("Wer?", EVIDENCE, "de", [])
    with pytest.raises(RuntimeError):
        _ = stream.result
    pieces = list(stream)
    assert len(pieces) > 5
    assert "".join(pieces) == answer  # tokens are streamed raw ...
    assert stream.result.text == "Anträge stellen Landkreise und Gemeinden [2]."  # ... then checked
    assert stream.result.used == [2]


def test_stream_raises_at_the_end_when_nothing_usable() -> None:
    stream = LlmComposer(generic("Keine Ahnung, ehrlich.")).stream("Wer?", EVIDENCE, "de", [])
    pieces: list[str] = []
    with pytest.raises(LlmUnavailableError):
        for piece in stream:
            pieces.append(piece)
    assert "".join(pieces) == "Keine Ahnung, ehrlich."


def test_closing_a_stream_early_stops_the_model() -> None:
    model = ScriptedChatModel()
    stream = LlmComposer(model, max_tokens=10_000).stream("Wer?", EVIDENCE, "de", [])
    assert [next(stream) for _ in range(3)] == ["Wort "] * 3
    stream.close()
    assert model.pulled <= 4
    assert model.closed


# --- the hard token cap --------------------------------------------------------------------


def test_token_cap_holds_against_an_endless_model() -> None:
    model = ScriptedChatModel()
    stream = LlmComposer(model, max_tokens=12).stream("Wer?", EVIDENCE, "de", [])
    pieces: list[str] = []
    with pytest.raises(LlmUnavailableError) as info:  # "Wort Wort ..." carries no source
        for piece in stream:
            pieces.append(piece)
    assert info.value.kind == "empty"
    assert any("token limit" in note for note in info.value.notes)
    assert model.pulled <= 13
    assert model.closed
    assert len(pieces) == 12


def test_token_cap_counts_streamed_pieces_and_keeps_finished_sentences() -> None:
    answer = "Anträge stellen Gemeinden [2]. Gefördert werden Sensoren [1]. " + "und " * 500
    stream = LlmComposer(generic(answer), max_tokens=20).stream("Wer?", EVIDENCE, "de", [])
    pieces = list(stream)
    assert len(pieces) == 20
    result = stream.result
    assert result.truncated
    assert result.text == "Anträge stellen Gemeinden [2]. Gefördert werden Sensoren [1]."


def test_token_cap_counts_characters_when_a_server_sends_one_big_chunk() -> None:
    answer = "Anträge stellen Gemeinden [2]. " + "Sehr lange Ausführungen ohne Ende " * 200
    model = FakeMessagesListChatModel(responses=[AIMessage(content=answer)])  # no streaming
    stream = LlmComposer(model, max_tokens=10).stream("Wer?", EVIDENCE, "de", [])
    pieces = list(stream)
    assert len("".join(pieces)) == 10 * CHARS_PER_TOKEN
    assert stream.result.text == "Anträge stellen Gemeinden [2]."
    assert stream.result.truncated


def test_answer_within_the_cap_is_not_truncated() -> None:
    answer = "Anträge stellen Gemeinden [2]."
    result = _compose(FakeListChatModel(responses=[answer]), max_tokens=len(answer))
    assert not result.truncated
    assert result.text == answer


# --- failures of the model -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("failure", "kind"),
    [("connect", "unreachable"), ("timeout", "timeout"), ("other", "failed")],
)
def test_model_exception_becomes_llm_unavailable(failure: str, kind: str) -> None:
    with pytest.raises(LlmUnavailableError) as info:
        _compose(ScriptedChatModel(pieces=0, failure=failure))
    assert info.value.kind == kind
    assert info.value.code == "llm_unavailable"
    assert info.value.__cause__ is not None


def test_exception_in_the_middle_of_a_stream() -> None:
    stream = LlmComposer(ScriptedChatModel(piece="Gefördert ", pieces=2, failure="other")).stream(
        "Wer?", EVIDENCE, "de", []
    )
    assert next(stream) == "Gefördert "
    assert next(stream) == "Gefördert "
    with pytest.raises(LlmUnavailableError):
        next(stream)


def test_fake_list_error_is_wrapped() -> None:
    with pytest.raises(LlmUnavailableError):
        _compose(FakeListChatModel(responses=["Antwort [1]."], error_on_chunk_number=3))


# --- prompt and messages -------------------------------------------------------------------


def test_evidence_is_rendered_numbered() -> None:
    evidence = [_hit(1, "Erster  Text\nmit Umbruch."), _hit(2, "Zweiter.", page=None, section="")]
    assert render_evidence(evidence, "de").splitlines() == [
        "[1] Dokument 1 (Seite 3, Abschnitt Zuwendungszweck): Erster Text mit Umbruch.",
        "[2] Dokument 2: Zweiter.",
    ]
    assert render_evidence(evidence[:1], "en") == (
        "[1] Dokument 1 (page 3, section Zuwendungszweck): Erster Text mit Umbruch."
    )


def test_evidence_budget_keeps_numbers_aligned() -> None:
    evidence = [_hit(i, "Wort " * 100) for i in range(1, 6)]
    lines = render_evidence(evidence, "de", max_chars=1200).splitlines()
    assert [line[:3] for line in lines] == ["[1]", "[2]"]
    # a marker for a source that was left out of the prompt does not count
    composer = LlmComposer(generic("Es gilt A [2]. Es gilt B [4]."), evidence_chars=1200)
    result = composer.compose("Wer?", evidence, "de", [])
    assert result.used == [2]


def test_messages_hold_prompt_history_and_question() -> None:
    history = [
        ("user", "alte Frage 1"),
        ("assistant", "alte Antwort 1 [1]."),
        ("system", "wird ignoriert"),
        ("user", "Was wird gefördert?"),
        ("assistant", "Sensoren werden gefördert [3]."),
    ]
    composer = LlmComposer(generic("x"), history_messages=3)
    messages = composer.build_messages("  Wer stellt Anträge?  ", EVIDENCE, "de", history)
    assert [m.type for m in messages] == ["system", "human", "ai", "human"]
    system = str(messages[0].content)
    assert NO_ANSWER_DE in system
    assert "Belege" in system
    assert "[1]" in system  # the example of a marker, not evidence
    assert "Dokument" not in system
    assert messages[1].content == "Was wird gefördert?"
    assert messages[2].content == "Sensoren werden gefördert."  # old markers removed
    assert isinstance(messages[3], HumanMessage)
    turn = str(messages[3].content)
    assert turn.startswith("Belege:\n[1] Dokument 1 (Seite 3, Abschnitt Zuwendungszweck): Das ")
    assert "\n[2] Dokument 2 (Seite 3, Abschnitt Zuwendungszweck): Anträge stellen" in turn
    assert turn.endswith("\n\nFrage: Wer stellt Anträge?")
    assert "{" not in turn


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([("assistant", "Hallo!"), ("user", "F1"), ("assistant", "A1")], ["human", "ai"]),
        ([("user", "F1"), ("user", "F2"), ("assistant", "A2")], ["human", "ai"]),
        ([("user", "F1"), ("assistant", "A1"), ("user", "Wer stellt Anträge?")], ["human", "ai"]),
        ([("user", "F1")], []),
        ([("user", "F1"), ("assistant", "[1]")], []),
    ],
)
def test_history_alternates_user_and_assistant(
    history: list[tuple[str, str]], expected: list[str]
) -> None:
    messages = LlmComposer(generic("x")).build_messages(
        "Wer stellt Anträge?", EVIDENCE, "de", history
    )
    assert [m.type for m in messages] == ["system", *expected, "human"]
    if history[:2] == [("user", "F1"), ("user", "F2")]:
        assert messages[1].content == "F1\n\nF2"


def test_english_prompt() -> None:
    messages = LlmComposer(generic("x")).build_messages("Who applies?", EVIDENCE, "en", [])
    assert "The sources do not answer this question." in str(messages[0].content)
    assert "(page 3, section Zuwendungszweck)" in str(messages[-1].content)
    assert str(messages[-1].content).endswith("Question: Who applies?")


@pytest.mark.parametrize("language", ["de", "en"])
def test_prompts_load_with_their_placeholders(language: str) -> None:
    rules, user_turn = load_prompt(language)
    assert "{" not in rules
    assert "=== user ===" not in rules + user_turn
    assert user_turn.count("{") == 2
    assert "{evidence}" in user_turn
    assert "{question}" in user_turn


# --- citations for the contract ------------------------------------------------------------


def test_with_citations_quotes_verbatim_and_renumbers() -> None:
    result = _compose(generic("Gemeinden stellen Anträge [2]. Sensoren werden gefördert [1][2]."))
    text, citations = result.with_citations(EVIDENCE)
    assert text == result.text
    assert [c.n for c in citations] == [2, 1]
    text, citations = result.with_citations(EVIDENCE, renumbered=True)
    assert text == "Gemeinden stellen Anträge [1]. Sensoren werden gefördert [2][1]."
    assert [(c.n, c.chunk_id) for c in citations] == [(1, "doc2:0"), (2, "doc1:0")]
    assert citations[0].quote == "Anträge stellen Landkreise und Gemeinden."
    assert citations[1].quote == "Gefördert werden Sensoren und offene Datenplattformen."
    for citation in citations:
        assert citation.quote in TEXTS[int(citation.doc_id[-1]) - 1]
        assert citation.url.startswith("https://example.org/")


# --- build_chat_model ----------------------------------------------------------------------


def test_provider_none_builds_nothing() -> None:
    assert build_chat_model(Settings()) is None
    assert LlmComposer.from_settings(Settings()) is None


def test_openai_model_from_settings() -> None:
    from langchain_openai import ChatOpenAI

    settings = Settings(
        llm_provider="openai",
        llm_base_url="http://127.0.0.1:9/v1",
        llm_max_tokens=77,
        llm_timeout_s=4.5,
        llm_temperature=0.3,
    )
    model = build_chat_model(settings)
    assert isinstance(model, ChatOpenAI)
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.max_retries == 0
    assert model.request_timeout == 4.5
    assert model.temperature == 0.3
    assert model.max_tokens == 77
    assert model.extra_body == {"max_tokens": 77}
    assert model.openai_api_key is not None
    assert model.openai_api_key.get_secret_value() == "not-needed"
    composer = LlmComposer.from_settings(settings)
    assert composer is not None
    assert composer.max_tokens == 77


def test_openai_needs_a_base_url() -> None:
    with pytest.raises(ConfigurationError):
        build_chat_model(Settings(llm_provider="openai"))


def test_ollama_model_from_settings() -> None:
    from langchain_ollama import ChatOllama

    settings = Settings(
        llm_provider="ollama",
        llm_base_url="http://127.0.0.1:9",
        llm_model="gemma3:1b",
        llm_max_tokens=33,
    )
    model = build_chat_model(settings)
    assert isinstance(model, ChatOllama)
    assert model.base_url == "http://127.0.0.1:9"
    assert model.model == "gemma3:1b"
    assert model.num_predict == 33
    assert model.client_kwargs == {"timeout": settings.llm_timeout_s}


def test_ollama_needs_a_model() -> None:
    with pytest.raises(ConfigurationError):
        build_chat_model(Settings(llm_provider="ollama"))


def test_ollama_unreachable_becomes_llm_unavailable() -> None:
    model = build_chat_model(
        Settings(llm_provider="ollama", llm_base_url="http://127.0.0.1:9", llm_model="m")
    )
    assert model is not None
    with pytest.raises(LlmUnavailableError) as info:
        _compose(model)
    assert info.value.kind == "unreachable"


def test_braces_in_question_and_evidence_are_plain_text() -> None:
    evidence = [_hit(1, "Die Variable {foo} und {{bar}} bleiben stehen.")]
    messages = LlmComposer(generic("x")).build_messages("Was ist {foo}?", evidence, "de", [])
    assert "{foo} und {{bar}}" in str(messages[-1].content)
    assert str(messages[-1].content).endswith("Frage: Was ist {foo}?")
