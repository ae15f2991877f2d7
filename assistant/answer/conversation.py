"""Follow-up questions: build the retrieval query from the conversation history.

"Und wer fördert das?" after a question about LoRaWAN must search for LoRaWAN funding. A
question counts as a follow-up when it is short or leans on the previous turn (pronouns,
"und ...", "what about ..."); then the previous user question is put in front of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.errors import InvalidRequestError

# fmt: off
_ANAPHORS = frozenset({
    "das", "dies", "diese", "dieser", "dieses", "dafür", "dazu", "davon", "dabei", "damit",
    "darauf", "darüber", "dort", "es", "ihn", "ihm", "ihr", "sie", "denen", "deren", "solche",
    "it", "this", "that", "these", "those", "there", "them", "they",
})
_OPENERS = ("und ", "aber ", "auch ", "and ", "what about", "how about", "und wie", "und wer")
# fmt: on
_WORD = re.compile(r"\w+")
MAX_HISTORY_TURNS = 20
Turn = tuple[str, str]


def is_follow_up(question: str) -> bool:
    """Whether the question needs the previous turn to be understood."""
    words = [w.lower() for w in _WORD.findall(question)]
    lowered = question.strip().lower()
    return len(words) <= 4 or lowered.startswith(_OPENERS) or any(w in _ANAPHORS for w in words)


def retrieval_query(question: str, history: Sequence[Turn]) -> str:
    """The text to search with: the question, plus the last user question for follow-ups."""
    previous = [text for role, text in history if role == "user" and text.strip()]
    if previous and is_follow_up(question):
        return f"{previous[-1].strip()} {question.strip()}"
    return question.strip()


def check_history(history: Sequence[object]) -> list[Turn]:
    """Validate client-sent history: (role, text) pairs with role user or assistant."""
    turns: list[Turn] = []
    for item in history[-MAX_HISTORY_TURNS:]:
        if (
            not isinstance(item, (tuple, list))
            or len(item) != 2
            or item[0] not in ("user", "assistant")
            or not isinstance(item[1], str)
        ):
            raise InvalidRequestError(
                "Verlauf ungültig: erwartet werden Paare aus Rolle (user/assistant) und Text.",
                message_en="Invalid history: expected pairs of role (user/assistant) and text.",
            )
        turns.append((str(item[0]), item[1]))
    return turns
