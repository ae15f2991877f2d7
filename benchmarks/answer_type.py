"""Expected answer type of a question and typed answer candidates in a sentence.

Experiment code for ``python -m benchmarks.xquad_answertype`` (issue #3), not used by the
product: as extra confidence features next to the product's four signals
(``assistant/answer/confidence.py``: top similarity, margin, chunk and sentence coverage) they did
not beat the 4-signal model on XQuAD-de. The best set (product + ``gap_dn``) was only about
one point better, no feature set reached 20 % held-out false answers at 5 % refusals in both
split directions, and on the corpus evaluation questions it refused more (16/53 against 14/53
at the XQuAD 5 % point); see the docstring of ``benchmarks/xquad_answertype.py``. The module stays
here so that those figures can be reproduced; nothing in ``assistant/``, ``api/`` or
``ingest/`` imports it.

A question that asks "Wann ...?" / "In welchem Jahr ...?" wants a date, "Wie viele ...?" a
number, "Wer ...?" / "Wo ...?" a name. Evidence that answers such a question contains a token
of that type that the question itself does not contain, near the words the question asks
about. These pure functions (no model, no index) give the type, the candidate tokens and the
"typed evidence" signals that the experiment evaluates as confidence features:

* ``type_gap``: 1 when the question is typed and the best-covering sentence holds no candidate;
* ``type_cov``: the IDF-weighted word coverage of the best sentence that holds a candidate
  (untyped questions: of the best sentence);
* ``type_window``: the IDF-weighted share of question words found within ``WINDOW`` tokens of
  a candidate (untyped questions: of any token);
* ``focus``: the share of the question's two rarest content words found in one sentence;
* ``high_window``: the share of the question's above-median-IDF words found together within
  one window of ``2 * WINDOW + 1`` tokens.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.lexical import tokenize
from assistant.overlap import STOPWORDS

AnswerType = Literal["date", "number", "entity"]
IdfLookup = Callable[[Iterable[str]], dict[str, float]]

WINDOW = 12
_TOKEN = re.compile(r"\w+(?:[.,]\d+)*")

_DATE = re.compile(
    r"\b(wann|seit wann|bis wann|in welche[mn]? (jahr|jahrhundert|jahrzehnt|monat)\w*|"
    r"welche[sm]? (jahr|datum|jahrhundert)\w*|an welchem tag|when|what year|which year|"
    r"what century|in what year|what date)\b"
)
_NUMBER = re.compile(
    r"\b(wie ?viele?|wieviel\w*|wie (hoch|lange?|alt|oft|groß|weit|schwer|tief|breit|schnell|"
    r"stark|teuer|heiß|warm|kalt)|\w*prozentsatz\w*|welcher anteil|wie viel prozent|"
    r"anzahl|how (many|much|long|old|often|high|big|large|far|tall|fast)|what percentage|"
    r"what proportion)\b"
)
_ENTITY = re.compile(
    r"\b(wer|wen|wem|wessen|who|whom|whose|wo|woher|wohin|where|"
    r"welche[srnm]? (person|spieler\w*|unternehmen|firma|partei|team|mannschaft|stadt|land|"
    r"organisation|universität|künstler\w*|sänger\w*|präsident\w*|könig\w*|kaiser\w*|"
    r"staat\w*|region|insel|fluss|gruppe|band|verein|gesellschaft|autor\w*|ort\w*))\b"
)

# fmt: off
_MONTHS = frozenset({
    "januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "dezember", "january", "february", "march", "june", "july",
    "october", "december", "jahrhundert", "jahrhunderts", "jahrzehnt", "century", "decade",
})
_NUMBER_WORDS = frozenset({
    "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf",
    "hundert", "hunderte", "tausend", "tausende", "million", "millionen", "milliarde",
    "milliarden", "billion", "billionen", "dutzend", "dutzende", "hälfte", "doppelt", "doppelte",
    "dreifache", "prozent", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "hundred", "hundreds", "thousand", "thousands", "millions",
    "billions", "dozen", "dozens", "half", "percent",
})
_ORDINALS = frozenset({
    "ersten", "erste", "zweiten", "zweite", "dritten", "dritte", "vierten", "fünften",
    "sechsten", "siebten", "achten", "neunten", "zehnten", "elften", "zwölften", "first",
    "second", "third", "fourth", "fifth",
})
_NOUN_SUFFIXES = (
    "ung", "ungen", "heit", "keit", "schaft", "tion", "tionen", "sion", "ität", "ismus", "nis",
    "chen", "ment", "ments", "ik", "ie", "ien", "tum", "er", "ern", "en", "e", "es",
)
#: question words the shared stopword list keeps; never content words of a question
_QUESTION_WORDS = frozenset({
    "welchem", "welchen", "welches", "wessen", "wem", "wen", "woher", "wohin", "wozu",
    "wofür", "womit", "worauf", "wodurch", "wieviel", "viele", "viel", "which", "whom", "whose",
})
# fmt: on
_NUMBER_WORD = re.compile(
    r"^\w*(zehn|zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig|hundert|"
    r"tausend)$"
)
_ORDINAL_WORD = re.compile(r"^\w*(zehnten|zigsten|ßigsten|hundertsten)$")


def expected_type(question: str) -> AnswerType | None:
    """``date``, ``number`` or ``entity`` when the question word asks for one, else None."""
    text = question.lower()
    if _DATE.search(text):
        return "date"
    if _NUMBER.search(text):
        return "number"
    if _ENTITY.search(text):
        return "entity"
    return None


def is_number(token: str) -> bool:
    """Digits or a German/English number word."""
    low = token.lower()
    if any(ch.isdigit() for ch in low):
        return True
    if low in ("jahrhundert", "jahrtausend", "jahrzehnt"):
        return False
    return low in _NUMBER_WORDS or bool(_NUMBER_WORD.match(low))


def is_date(token: str) -> bool:
    """Digits, a month, century or decade word, or an ordinal word (centuries)."""
    low = token.lower()
    return (
        any(ch.isdigit() for ch in low)
        or low in _MONTHS
        or low in _ORDINALS
        or bool(_ORDINAL_WORD.match(low))
    )


def is_entity(token: str, previous: str | None, following: str | None) -> bool:
    """A capitalised token that looks like a name rather than a German common noun:
    inner capitals (``McKinsey``), part of a run of capitalised words, or no noun suffix."""
    if not token[:1].isupper() or token.lower() in STOPWORDS or len(token) < 2:
        return False
    if any(ch.isupper() for ch in token[1:]):
        return True
    if (previous and previous[:1].isupper()) or (following and following[:1].isupper()):
        return True
    return not token.lower().endswith(_NOUN_SUFFIXES)


def words(text: str) -> list[str]:
    """The tokens of ``text`` in order (numbers with inner ``.``/``,`` stay whole)."""
    return _TOKEN.findall(text)


def candidates(tokens: Sequence[str], answer_type: AnswerType, asked: set[str]) -> list[int]:
    """Positions of ``tokens`` of ``answer_type`` whose lowercase form the question (``asked``,
    lowercase words) does not contain; the first token of a sentence is never an entity."""
    out: list[int] = []
    for i, tok in enumerate(tokens):
        low = tok.lower()
        if low in asked or (low[:5] in {a[:5] for a in asked if len(a) >= 5} and len(low) >= 5):
            continue
        if answer_type == "number":
            ok = is_number(tok)
        elif answer_type == "date":
            ok = is_date(tok)
        else:
            prev = tokens[i - 1] if i > 0 else None
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            ok = i > 0 and is_entity(tok, prev, nxt)
        if ok:
            out.append(i)
    return out


@dataclass(frozen=True)
class QuestionWord:
    """A content word of the question: its 4-grams and its IDF weight (mean over grams)."""

    word: str
    grams: frozenset[str]
    weight: float


def question_words(question: str, idf: IdfLookup) -> list[QuestionWord]:
    """Content words (no stopwords, at least 3 letters or a number), deduplicated."""
    seen: dict[str, QuestionWord] = {}
    for w in re.findall(r"\w+", question.lower()):
        if w in STOPWORDS or w in _QUESTION_WORDS or (len(w) < 3 and not w.isdigit()):
            continue
        if w in seen:
            continue
        grams = frozenset(tokenize(w))
        weights = idf(grams)
        seen[w] = QuestionWord(w, grams, sum(weights.values()) / len(grams) if grams else 0.0)
    return list(seen.values())


def _matches(word: QuestionWord, token_grams: frozenset[str]) -> bool:
    return len(word.grams & token_grams) * 2 >= len(word.grams)


@dataclass(frozen=True)
class TypeSignals:
    """Typed-evidence signals (see the module docstring)."""

    typed: float
    type_gap: float
    type_cov: float
    type_window: float
    focus: float
    high_window: float
    best_cov: float


def _share(ws: Sequence[QuestionWord], found: set[int]) -> float:
    total = sum(w.weight for w in ws)
    return sum(w.weight for i, w in enumerate(ws) if i in found) / total if total else 0.0


def type_signals(
    question: str, sentences: Sequence[str], idf: IdfLookup, *, window: int = WINDOW
) -> TypeSignals:
    """The typed-evidence signals of ``sentences`` (from the best chunks) for ``question``."""
    qwords = question_words(question, idf)
    kind = expected_type(question)
    asked = {w.lower() for w in re.findall(r"\w+", question)}
    if not qwords or not sentences:
        return TypeSignals(
            float(kind is not None), float(kind is not None), 0.0, 0.0, 0.0, 0.0, 0.0
        )
    rare = sorted(range(len(qwords)), key=lambda i: -qwords[i].weight)[:2]
    weights = sorted(w.weight for w in qwords)
    median = weights[len(weights) // 2]
    high = [i for i, w in enumerate(qwords) if w.weight >= median]
    best_cov = type_cov = type_window = focus = high_window = 0.0
    best_has = False
    for sentence in sentences:
        tokens = words(sentence)
        grams = [frozenset(tokenize(t)) for t in tokens]
        hits = [{i for i, w in enumerate(qwords) if _matches(w, g)} for g in grams]
        in_sentence: set[int] = set().union(*hits) if hits else set()
        cov = _share(qwords, in_sentence)
        cands = candidates(tokens, kind, asked) if kind else list(range(len(tokens)))
        if cov > best_cov or (cov == best_cov and cands and not best_has):
            best_cov, best_has = cov, bool(cands)
        if cands:
            type_cov = max(type_cov, cov)
        focus = max(focus, sum(1 for i in rare if i in in_sentence) / len(rare))
        for p in cands:
            lo, hi = max(0, p - window), p + window + 1
            near: set[int] = set().union(*hits[lo:hi])
            type_window = max(type_window, _share(qwords, near))
        for start in range(0, max(1, len(tokens) - 2 * window)):
            near = set().union(*hits[start : start + 2 * window + 1])
            high_window = max(high_window, sum(1 for i in high if i in near) / len(high))
    typed = kind is not None
    return TypeSignals(
        float(typed),
        float(typed and not best_has),
        type_cov,
        type_window,
        focus,
        high_window,
        best_cov,
    )


def local_coverage(
    question: str, sentences: Sequence[str], contexts: Sequence[str], idf: IdfLookup
) -> tuple[float, float]:
    """Coverage with each question word weighted by its IDF times its rarity among the
    retrieved ``contexts`` (``ln(1 + n / (1 + df))``, df = contexts that contain the word):
    words every hit shares (the topic) count little, the specific words much. Returns the
    best sentence's and the best context's coverage."""
    qwords = question_words(question, idf)
    if not qwords or not contexts:
        return 0.0, 0.0
    context_grams = [frozenset(tokenize(c)) for c in contexts]
    n = len(contexts)
    weighted = []
    for w in qwords:
        df = sum(1 for g in context_grams if _matches(w, g))
        weighted.append(QuestionWord(w.word, w.grams, w.weight * math.log(1 + n / (1 + df))))
    best_sentence = max(
        (_share(weighted, _found(weighted, frozenset(tokenize(s)))) for s in sentences),
        default=0.0,
    )
    best_context = max(_share(weighted, _found(weighted, g)) for g in context_grams)
    return best_sentence, best_context


def _found(ws: Sequence[QuestionWord], grams: frozenset[str]) -> set[int]:
    return {i for i, w in enumerate(ws) if _matches(w, grams)}
