"""The ``Answer`` contract of DESIGN.md and its parts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

AnswerMode = Literal["extractive", "llm"]
Confidence = Literal["high", "medium", "low", "none"]
#: ``answer``: the evidence states what was asked; ``hedge``: the documents cover the topic but
#: not the asked detail (the first sentence says so); ``refusal``: no answer from the documents
AnswerKind = Literal["answer", "hedge", "refusal"]


@dataclass(frozen=True)
class Citation:
    """One numbered source; ``quote`` is verbatim text of the chunk ``chunk_id``."""

    n: int
    chunk_id: str
    doc_id: str
    title: str
    doc_type: str
    source: str
    page: int | None
    section: str
    quote: str
    url: str
    #: the sample corpus's notice for its documents (front matter ``sample_note``); the web
    #: pages show it as a badge on the citation ("" for real documents)
    sample_note: str = ""


@dataclass(frozen=True)
class ContactSuggestion:
    """A regional contact (organisation and role) with the reason it is suggested."""

    id: str
    name: str
    organisation: str
    role: str
    region: str
    topics: list[str]
    channel: str
    reason: str
    distance: int | None


@dataclass
class Answer:
    """What ``ask`` returns. Every ``[n]`` in ``answer`` refers to an entry of ``citations``."""

    answer: str
    mode: AnswerMode
    language: str
    confidence: Confidence
    citations: list[Citation] = field(default_factory=list)
    contacts: list[ContactSuggestion] = field(default_factory=list)
    #: a notice for the user, e.g. that the LLM was unreachable and the extractive answer
    #: is shown instead (not part of the original contract; additive)
    notice: str | None = None
    kind: AnswerKind = "answer"

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)
