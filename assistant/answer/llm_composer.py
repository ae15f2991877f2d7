"""The LLM answer composer: a short answer from the numbered evidence, with checked citations.

The prompt files ``assistant/prompts/answer_<language>.txt`` hold two parts, split by the line
``=== user ===``: the rules (system message) and the template of the last user turn, which
carries the numbered evidence and the question. Evidence and question stay together in the last
turn, right where the model starts to write, and survive chat templates that drop or move the
system message (Gemma's). The last few chat messages come in between. What the model writes goes
through ``assistant.answer.citations.validate_citations``: markers that point at no source and
sentences without a source are removed.

Streaming: ``LlmComposer.stream`` returns an ``LlmStream``, an iterator over the text pieces as
the model produces them. When it is exhausted, ``LlmStream.result`` holds the validated
``LlmResult``; an HTTP endpoint sends the pieces as ``token`` events and then the citations of
``result`` (and, best, ``result.text``, since validation may have dropped a streamed sentence).
The markers in ``result.text`` keep the numbers of the evidence list, so they match what was
streamed.

Failures (server unreachable, timeout, an error from the model, nothing usable after validation)
raise ``LlmUnavailableError``; the caller falls back to the extractive answer with a notice. In a
stream this happens on the first ``next()`` for connection errors, at the end for "nothing
usable"; without any evidence already when the stream is asked for.

The token limit holds even against servers that ignore it: at most ``max_tokens`` streamed pieces
and ``max_tokens * CHARS_PER_TOKEN`` characters are taken, then the stream is closed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Generator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Literal

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder

from assistant.answer.citations import (
    best_quote,
    renumber,
    sentences_citing,
    strip_markers,
    validate_citations,
)
from assistant.answer.compose import citation_for
from assistant.answer.result import Citation
from assistant.answer.result_stream import ResultStream
from assistant.errors import SmartCityError
from assistant.llm import build_chat_model

if TYPE_CHECKING:
    from langchain_core.language_models.chat_models import BaseChatModel

    from assistant.models import SearchHit
    from assistant.settings import Settings

log = logging.getLogger(__name__)

#: generous upper bound of characters per token for the client-side cap
CHARS_PER_TOKEN = 8
#: longest earlier chat message passed on (characters)
HISTORY_MESSAGE_CHARS = 1500

_PROMPT_SPLIT = re.compile(r"^=== user ===[ \t]*$", re.MULTILINE)

FailureKind = Literal["unreachable", "timeout", "failed", "empty"]

_MESSAGES: dict[FailureKind, tuple[str, str]] = {
    "unreachable": ("Das Sprachmodell ist nicht erreichbar.", "The language model is unreachable."),
    "timeout": (
        "Das Sprachmodell hat nicht rechtzeitig geantwortet.",
        "The language model did not answer in time.",
    ),
    "failed": (
        "Das Sprachmodell hat mit einem Fehler geantwortet.",
        "The language model answered with an error.",
    ),
    "empty": (
        "Das Sprachmodell hat keine verwertbare Antwort mit Quellenangaben geliefert.",
        "The language model gave no usable answer with sources.",
    ),
}


class LlmUnavailableError(SmartCityError):
    """No usable LLM answer: unreachable, timed out, failed or empty after validation.

    ``kind`` tells which; ``notes`` what validation removed (for ``empty``).
    """

    code = "llm_unavailable"

    def __init__(self, kind: FailureKind, *, notes: list[str] | None = None) -> None:
        german, english = _MESSAGES[kind]
        super().__init__(german, message_en=english)
        self.kind: FailureKind = kind
        self.notes: list[str] = notes or []


@dataclass(frozen=True)
class LlmResult:
    """A validated LLM answer.

    ``text`` carries markers ``[k]`` that refer to ``evidence[k - 1]``; ``used`` lists those
    ``k`` in order of first use. ``truncated``: the token cap cut the model off.
    """

    text: str
    used: list[int]
    notes: list[str] = field(default_factory=list)
    truncated: bool = False
    no_answer: bool = False
    raw_text: str = ""

    def with_citations(
        self, evidence: list[SearchHit], *, renumbered: bool = False
    ) -> tuple[str, list[Citation]]:
        """The answer text and its contract citations (quotes verbatim from the chunks).

        ``renumbered``: markers become ``[1]..[m]`` in order of first use; otherwise they keep
        the evidence numbers (what a stream already showed).
        """
        citations: list[Citation] = []
        for position, k in enumerate(self.used, start=1):
            hit = evidence[k - 1]
            citing = sentences_citing(self.text, k)
            quote = best_quote(citing[0] if citing else "", hit.text)
            citations.append(citation_for(position if renumbered else k, hit, quote))
        text = renumber(self.text, self.used) if renumbered else self.text
        return text, citations


class LlmStream(ResultStream[LlmResult]):
    """Text pieces as the model produces them; ``result`` (the validated answer) once the
    iteration has ended; ``close`` closes the connection to the model."""


class LlmComposer:
    """Composes cited answers with a LangChain chat model."""

    def __init__(
        self,
        model: BaseChatModel,
        *,
        max_tokens: int = 400,
        history_messages: int = 6,
        evidence_chars: int = 6000,
    ) -> None:
        self.model = model
        self.max_tokens = max_tokens
        self.history_messages = history_messages
        self.evidence_chars = evidence_chars

    @classmethod
    def from_settings(cls, settings: Settings) -> LlmComposer | None:
        """The composer for the configured model; ``None`` in extractive mode."""
        model = build_chat_model(settings)
        if model is None:
            return None
        return cls(
            model,
            max_tokens=settings.llm_max_tokens,
            history_messages=settings.llm_history_messages,
            evidence_chars=settings.llm_evidence_chars,
        )

    def compose(
        self,
        question: str,
        evidence: list[SearchHit],
        language: str,
        history: list[tuple[str, str]],
    ) -> LlmResult:
        """The whole validated answer (read through the same capped stream)."""
        stream = self.stream(question, evidence, language, history)
        for _ in stream:
            pass
        return stream.result

    def stream(
        self,
        question: str,
        evidence: list[SearchHit],
        language: str,
        history: list[tuple[str, str]],
    ) -> LlmStream:
        """Stream the answer; see the module docstring."""
        messages, shown = self._prepare(question, evidence, language, history)
        return LlmStream(self._generate(messages, shown))

    def build_messages(
        self,
        question: str,
        evidence: list[SearchHit],
        language: str,
        history: list[tuple[str, str]],
    ) -> list[BaseMessage]:
        """System prompt with the numbered evidence, the last chat turns, the question."""
        return self._prepare(question, evidence, language, history)[0]

    def _prepare(
        self,
        question: str,
        evidence: list[SearchHit],
        language: str,
        history: list[tuple[str, str]],
    ) -> tuple[list[BaseMessage], int]:
        """The messages and how many sources made it into the prompt."""
        if not evidence:
            raise LlmUnavailableError("empty", notes=["no evidence to answer from"])
        lang = _prompt_language(language)
        lines = evidence_lines(evidence, lang, max_chars=self.evidence_chars)
        rules, user_turn = load_prompt(lang)
        template = ChatPromptTemplate.from_messages(
            [("system", rules), MessagesPlaceholder("history"), ("human", user_turn)]
        )
        messages = template.format_messages(
            evidence="\n".join(lines),
            history=_history_messages(history, self.history_messages),
            question=question.strip(),
        )
        return messages, len(lines)

    def _generate(
        self, messages: list[BaseMessage], evidence_count: int
    ) -> Generator[str, None, LlmResult]:
        parts: list[str] = []
        pieces = 0
        chars = 0
        max_chars = self.max_tokens * CHARS_PER_TOKEN
        truncated = False
        try:
            chunks = self.model.stream(messages)
            try:
                for chunk in chunks:
                    piece = str(chunk.text)
                    if not piece:
                        continue
                    if pieces >= self.max_tokens:
                        truncated = True
                        break
                    if chars + len(piece) > max_chars:
                        piece = piece[: max_chars - chars]
                        truncated = True
                    pieces += 1
                    chars += len(piece)
                    parts.append(piece)
                    if piece:
                        yield piece
                    if truncated:
                        break
            finally:
                close = getattr(chunks, "close", None)
                if callable(close):
                    close()
        except SmartCityError:
            raise
        except Exception as exc:
            # langchain-core raises ValueError when a stream ends without a single chunk
            kind: FailureKind = (
                "empty" if not parts and "No generation chunks" in str(exc) else _classify(exc)
            )
            log.warning("LLM call failed (%s): %s", kind, exc)
            raise LlmUnavailableError(kind, notes=[f"{type(exc).__name__}: {exc}"]) from exc
        return _validated("".join(parts), evidence_count, truncated)


def _validated(raw: str, evidence_count: int, truncated: bool) -> LlmResult:
    notes: list[str] = []
    text = raw
    if truncated:
        notes.append("output cut at the token limit")
        text = _drop_unfinished_tail(text)
    check = validate_citations(text, evidence_count)
    notes.extend(check.notes)
    if not check.text:
        log.warning("LLM answer unusable after validation: %s", notes)
        raise LlmUnavailableError("empty", notes=notes)
    return LlmResult(
        text=check.text,
        used=check.used,
        notes=notes,
        truncated=truncated,
        no_answer=check.no_answer,
        raw_text=raw,
    )


def render_evidence(evidence: list[SearchHit], language: str, *, max_chars: int = 6000) -> str:
    """``[n] Titel (Seite p, Abschnitt s): text`` per hit, one a line (see ``evidence_lines``)."""
    return "\n".join(evidence_lines(evidence, language, max_chars=max_chars))


def evidence_lines(evidence: list[SearchHit], language: str, *, max_chars: int) -> list[str]:
    """One line per hit, taken in order while they fit into ``max_chars`` in all.

    The first is always taken (cut if needed), so the numbers always match ``evidence[n - 1]``.
    """
    page_word, section_word = ("Seite", "Abschnitt") if language == "de" else ("page", "section")
    lines: list[str] = []
    used = 0
    for n, hit in enumerate(evidence, start=1):
        where = []
        if hit.page:
            where.append(f"{page_word} {hit.page}")
        if hit.section:
            where.append(f"{section_word} {' '.join(hit.section.split())}")
        title = " ".join(hit.title.split()) or hit.source
        head = f"[{n}] {title}" + (f" ({', '.join(where)})" if where else "")
        line = f"{head}: {' '.join(hit.text.split())}"
        if lines and used + len(line) > max_chars:
            break
        if not lines and len(line) > max_chars:
            line = line[:max_chars].rsplit(" ", 1)[0] + " …"
        lines.append(line)
        used += len(line) + 1
    return lines


@lru_cache(maxsize=4)
def load_prompt(language: str) -> tuple[str, str]:
    """The rules and the user-turn template (``{evidence}``, ``{question}``) of a language."""
    text = files("assistant").joinpath(f"prompts/answer_{language}.txt").read_text("utf-8")
    parts = _PROMPT_SPLIT.split(text)
    if len(parts) != 2:
        raise ValueError(f"prompts/answer_{language}.txt needs exactly one '=== user ===' line")
    return parts[0].strip(), parts[1].strip()


def _prompt_language(language: str) -> str:
    return "en" if language.lower().startswith("en") else "de"


def _history_messages(history: list[tuple[str, str]], keep: int) -> list[BaseMessage]:
    """The last ``keep`` messages as strictly alternating user/assistant turns.

    Old markers are removed (they point at old evidence). Chat templates such as Gemma's reject
    two turns of one role in a row, so such turns are merged; the history starts with a user
    turn and ends with an assistant turn (a trailing user turn is usually the current question
    again, or one that got no answer).
    """
    turns: list[tuple[str, str]] = []
    for role, text in history[-keep:] if keep > 0 else []:
        content = " ".join(strip_markers(text).split())[:HISTORY_MESSAGE_CHARS]
        if role not in ("user", "assistant") or not content:
            continue
        if turns and turns[-1][0] == role:
            turns[-1] = (role, f"{turns[-1][1]}\n\n{content}")
        else:
            turns.append((role, content))
    while turns and turns[0][0] != "user":
        turns.pop(0)
    while turns and turns[-1][0] != "assistant":
        turns.pop()
    return [HumanMessage(text) if role == "user" else AIMessage(text) for role, text in turns]


_SENTENCE_END = re.compile(r"[.!?…][\"'»«“”)]*|\[\d{1,4}\]")


def _drop_unfinished_tail(text: str) -> str:
    """Cut a truncated output after its last finished sentence (or marker)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return text[: ends[-1]] if ends else ""


def _classify(exc: BaseException) -> FailureKind:
    seen: BaseException | None = exc
    while seen is not None:
        name = type(seen).__name__
        if isinstance(seen, TimeoutError) or "Timeout" in name:
            return "timeout"
        if isinstance(seen, ConnectionError) or "Connect" in name:
            return "unreachable"
        seen = seen.__cause__ or seen.__context__
    return "failed"
