"""Stream an answer as text pieces, then hand out the finished ``Answer``.

``AnswerStream(service, prepared)`` iterates over the text as it is written; once the
iteration has ended, ``answer`` holds the ``Answer`` whose citations match the markers that
were streamed.

* Extractive mode (no LLM configured) and refusals (the plan's decision): the finished
  answer text cut into word pieces; the pieces join to exactly ``answer.answer``.
* LLM mode: the pieces as the model produces them (``LlmComposer.stream``). The citations,
  and the contact reasons that cite them, keep the evidence numbers the model wrote (what the
  client already saw), not the renumbered ``[1]..[m]`` of ``AnswerService.finish``;
  ``answer.answer`` is the validated text, from which validation may have removed sentences
  that were already streamed.
* The LLM fails before its first piece: the extractive answer with the fallback notice, as
  ``AnswerService.finish`` does, without asking the model a second time. It fails after some
  pieces (e.g. nothing usable after validation): the extractive answer follows the streamed
  text after an empty line, with the notice.
"""

from __future__ import annotations

import copy
from collections.abc import Generator

from assistant.answer.hedge import hedge_lead
from assistant.answer.llm_composer import LlmUnavailableError
from assistant.answer.openai_mapping import text_pieces
from assistant.answer.result import Answer
from assistant.answer.result_stream import ResultStream
from assistant.answer.service import LLM_FALLBACK_NOTICE, AnswerService, Prepared


class AnswerStream(ResultStream[Answer]):
    """Text pieces of one answer; ``answer`` once the iteration has ended; ``close`` stops
    early (and closes the connection to the model, if any)."""

    def __init__(self, service: AnswerService, prepared: Prepared) -> None:
        super().__init__(_pieces(service, prepared))

    @property
    def answer(self) -> Answer:
        """The finished answer; only after the stream was read to its end."""
        return self.result


def _extractive(service: AnswerService) -> AnswerService:
    """The same service without its LLM (a shallow copy; nothing heavy is built)."""
    plain = copy.copy(service)
    plain.llm = None
    return plain


def _pieces(service: AnswerService, prepared: Prepared) -> Generator[str, None, Answer]:
    if service.llm is None or prepared.decision == "refuse":
        answer = service.finish(prepared)
        yield from text_pieces(answer.answer)
        return answer
    streamed = False
    if prepared.decision == "hedge" and prepared.extract.missing:
        several = len(prepared.analysis.parts) > 1
        lead = hedge_lead(
            prepared.extract.missing,
            prepared.language,
            several_parts=several,
            shown=prepared.extract.text,
        )
        yield from text_pieces(lead + "\n\n")
    try:
        stream = service.llm.stream(
            prepared.question, prepared.hits, prepared.language, prepared.history
        )
        try:
            for piece in stream:
                streamed = True
                yield piece
        finally:
            stream.close()
        result = stream.result
    except LlmUnavailableError:
        answer = _extractive(service).finish(prepared)
        answer.notice = LLM_FALLBACK_NOTICE[prepared.language]
        yield from text_pieces(("\n\n" if streamed else "") + answer.answer)
        return answer
    # the stream showed the evidence numbers: the citations, and the contact reasons citing
    # them, keep those
    return service.finish(prepared, result, renumbered=False)
