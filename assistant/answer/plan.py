"""The one answer plan: refuse, hedge or answer, decided once for every front door.

``AnswerService.prepare`` retrieves, analyses and extracts, and ends in ``decide``; the
plain answer (``AnswerService.finish``), the stream (``assistant.answer.stream``) and the
OpenAI-compatible routes all follow the decision it records in ``Prepared.decision``:

* ``refuse``: the confidence score is below ``REFUSE_BELOW`` or nothing quotable was found;
  the answer says so plainly (confidence ``none``, kind ``refusal``);
* ``hedge``: the documents cover the topic, but no chosen sentence states a part's asked
  detail; the answer opens with the hedge sentence (kind ``hedge``, confidence at most
  ``low``);
* ``answer``: the chosen sentences state what was asked (kind ``answer``; the confidence
  level follows the score).

With an LLM configured it writes the text of a ``hedge`` or ``answer`` plan from the same
evidence (its citations are validated); its ``no_answer`` turns the plan into a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.answer.analysis import QuestionAnalysis
from assistant.answer.confidence import confidence_level
from assistant.answer.conversation import Turn
from assistant.answer.engine import Extract
from assistant.answer.result import Confidence
from assistant.models import SearchHit
from assistant.regions import Place

Decision = Literal["refuse", "hedge", "answer"]


@dataclass(frozen=True)
class Prepared:
    """Everything decided before the text is written (shared by ask and streaming)."""

    question: str
    language: str
    history: list[Turn]
    asker: Place | None
    hits: list[SearchHit]
    extract: Extract
    confidence_score: float
    analysis: QuestionAnalysis
    decision: Decision = "answer"
    #: a structured answer (transfer note, funding programmes) replaced the sentences
    structured: str = ""

    @property
    def level(self) -> Confidence:
        """The confidence level the answer carries."""
        if self.decision == "refuse":
            return "none"
        level = confidence_level(self.confidence_score)
        if level == "none":  # above REFUSE_BELOW but below NONE_BELOW: uncertain
            level = "low"
        if self.decision == "hedge" and level in ("high", "medium"):
            return "low"
        if level in ("high", "medium") and not self.extract.strong:
            return "low"  # high and medium need sentences that state what was asked
        return level


#: below this confidence score the question is refused; between it and ``NONE_BELOW`` the
#: documents may still cover the topic: the sentences found are given at confidence ``low``,
#: as a hedge when they do not state the asked detail. Chosen on the development half of the
#: town-hall questions: every off-topic German question there scores below 0.03, and in-domain
#: questions with long context or in English score down to 0.03-0.10.
REFUSE_BELOW = 0.03


def decide(score: float, extract: Extract) -> Decision:
    """The plan's decision (see the module docstring)."""
    if score < REFUSE_BELOW or not extract.citations:
        return "refuse"
    return "hedge" if extract.kind == "hedge" else "answer"
