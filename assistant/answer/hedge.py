"""The honest hedge: one plain sentence saying which asked detail the documents do not state.

"Die gefundenen Dokumente nennen keine Antragsfrist." opens an answer whose sentences cover
the topic but not the asked detail; for a question of several parts the sentence names the
part ("Zu „Bis wann ...?“ nennen die gefundenen Dokumente keine Antragsfrist."). The answer
then gives what the documents do say, and its confidence is at most ``low``.
"""

from __future__ import annotations

from assistant.answer.analysis import DateKind, Detail, QuestionPart

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


def missing_phrase(detail: Detail, date_kind: DateKind, language: str) -> str:
    """What the documents do not state, as the object of the hedge sentence."""
    de, en = _DATES[date_kind] if detail == "date" else _MISSING[detail]
    return en if language == "en" else de


def _quoted(part: QuestionPart) -> str:
    text = part.text.strip()
    if len(text) > MAX_QUOTED_PART:
        text = text[:MAX_QUOTED_PART].rsplit(" ", 1)[0] + " …"
    return text


def hedge_sentence(part: QuestionPart, language: str, *, several_parts: bool) -> str:
    """The sentence for one part whose detail is missing."""
    what = missing_phrase(part.detail, part.date_kind, language)
    if language == "en":
        if several_parts:
            return f"On “{_quoted(part)}”, the documents found do not state {what}."
        return f"The documents found do not state {what}."
    if several_parts:
        return f"Zu „{_quoted(part)}“ nennen die gefundenen Dokumente {what}."
    return f"Die gefundenen Dokumente nennen {what}."


def hedge_lead(missing: list[QuestionPart], language: str, *, several_parts: bool) -> str:
    """The opening sentences for every part whose detail is missing, and what follows."""
    sentences = [hedge_sentence(p, language, several_parts=several_parts) for p in missing]
    sentences.append(
        "What they say on the topic follows."
        if language == "en"
        else "Was sie zum Thema sagen, folgt hier."
    )
    return " ".join(sentences)
