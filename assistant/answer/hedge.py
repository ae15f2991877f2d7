"""The honest hedge: one plain sentence saying which asked detail the documents do not state.

"Die gefundenen Dokumente nennen keine Antragsfrist." opens an answer whose sentences cover
the topic but not the asked detail; for a question of several parts the sentence names the
part ("Zu „Bis wann ...?“ nennen die gefundenen Dokumente keine Antragsfrist."). The answer
then gives what the documents do say, and its confidence is at most ``low``. When what
follows does state a detail of the asked kind (a rate of another funding line, a date of
another step), the sentence says that none fits exactly what was asked ("Die gefundenen
Dokumente nennen keinen Prozentsatz, der genau das Gefragte betrifft."), so the lead does not
contradict the figures below it.
"""

from __future__ import annotations

from assistant.answer.analysis import DateKind, Detail, QuestionPart
from assistant.answer.details import states_any

#: what is missing, as the object of "nennen ..." / "do not state ..."
_MISSING: dict[str, tuple[str, str]] = {
    "amount": ("keinen Betrag", "an amount"),
    "rate": ("keinen Prozentsatz", "a rate or percentage"),
    "count": ("keine Anzahl", "a number"),
    "organisation": ("keine zuständige Stelle", "a responsible organisation"),
    "eligibility": ("keine Regel dazu, wer antragsberechtigt ist", "who may apply"),
    "steps": ("keine einzelnen Schritte dazu", "the individual steps"),
    "experience": ("keine Erfahrungen dazu", "experiences with this"),
}
_DATES: dict[str, tuple[str, str]] = {
    "deadline": ("keine Antragsfrist", "an application deadline"),
    "validity": ("keine Geltungsdauer", "a period of validity"),
    "start": ("keinen Zeitpunkt", "a start date"),
    "any": ("kein Datum", "a date"),
}
MAX_QUOTED_PART = 90
#: the relative pronoun after the missing detail's article ("keinen Betrag, der ...", "keine
#: Anzahl, die ...", "kein Datum, das ..."), when the text below states one of another case
_RELATIVE = {"keinen": "der", "keine": "die", "kein": "das"}


def missing_phrase(detail: Detail, date_kind: DateKind, language: str) -> str:
    """What the documents do not state, as the object of the hedge sentence."""
    de, en = _DATES[date_kind] if detail == "date" else _MISSING[detail]
    return en if language == "en" else de


def _quoted(part: QuestionPart) -> str:
    text = part.text.strip()
    if len(text) > MAX_QUOTED_PART:
        text = text[:MAX_QUOTED_PART].rsplit(" ", 1)[0] + " …"
    return text


def _not_exactly(what: str, language: str) -> str:
    if language == "en":
        return f"{what} for exactly what was asked"
    return f"{what}, {_RELATIVE[what.split(' ', 1)[0]]} genau das Gefragte betrifft"


def hedge_sentence(
    part: QuestionPart, language: str, *, several_parts: bool, shown: str = ""
) -> str:
    """The sentence for one part whose detail is missing; ``shown``: the text that follows
    it (see the module docstring)."""
    what = missing_phrase(part.detail, part.date_kind, language)
    factual = part.detail in ("amount", "rate", "count", "date")
    if factual and shown and states_any(shown, [part.detail], part.date_kind, part.counted):
        what = _not_exactly(what, language)
    if language == "en":
        if several_parts:
            return f"On “{_quoted(part)}”, the documents found do not state {what}."
        return f"The documents found do not state {what}."
    if several_parts:
        return f"Zu „{_quoted(part)}“ nennen die gefundenen Dokumente {what}."
    return f"Die gefundenen Dokumente nennen {what}."


def hedge_lead(
    missing: list[QuestionPart], language: str, *, several_parts: bool, shown: str = ""
) -> str:
    """The opening sentences for every part whose detail is missing, and what follows;
    ``shown``: the text that follows them."""
    sentences = [
        hedge_sentence(p, language, several_parts=several_parts, shown=shown) for p in missing
    ]
    sentences.append(
        "What they say on the topic follows."
        if language == "en"
        else "Was sie zum Thema sagen, folgt hier."
    )
    return " ".join(sentences)
